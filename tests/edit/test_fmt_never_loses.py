"""`ropa fmt` never loses anything: edits made meanwhile, comments, spellings, links, lines.

Each case is one defect the formatter had (issue 18); the file must come out either in
normal form with nothing lost, or untouched with a message naming why.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

import ropa.edit.fmt as fmt_module
from ropa.cli import app
from ropa.edit.fmt import fmt, format_file, format_text
from ropa.load import load

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "tests" / "fixtures" / "sample"
runner = CliRunner()

HEAD = "registry:\n  name: X\n"


@pytest.fixture
def reg(tmp_path: Path) -> Path:
    root = tmp_path / "reg"
    root.mkdir()
    (root / "registry.yaml").write_text(HEAD, encoding="utf-8")
    return root


def put(root: Path, name: str, text: str) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def run_fmt(*args: str):
    result = runner.invoke(app, ["fmt", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def test_an_edit_made_while_fmt_runs_is_kept(reg: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = put(reg, "recipients.yaml", "recipients:\n- name: A\n  id: a\n")
    real = fmt_module.format_text

    def with_an_edit_meanwhile(text: str) -> str:
        out = real(text)
        path.write_text("recipients:\n- name: B\n  id: b\n", encoding="utf-8")  # the user saves meanwhile
        return out

    monkeypatch.setattr(fmt_module, "format_text", with_an_edit_meanwhile)
    result = run_fmt(str(path))
    assert path.read_text(encoding="utf-8") == "recipients:\n- name: B\n  id: b\n"
    assert result.exit_code == 1
    assert result.stderr.count("changed while it was being formatted") == 1
    assert not [p for p in reg.iterdir() if p.name.startswith(".")]


@pytest.mark.parametrize("text, line", [
    ("recipients:\n  - id: a\n    name: A\n    notes:\n      # why\n      the text\n", 5),
    ("registry:\n  name: X\n  languages: [ de,  # first\n    en ]\n", 3),
], ids=["inside a block value", "inside a flow collection"])
def test_a_comment_that_would_be_lost_leaves_the_file_alone(reg: Path, text: str, line: int) -> None:
    path = put(reg, "extra.yaml", text.replace("registry:\n", "registry:\n  version: '1'\n", 1))
    before = path.read_bytes()
    result = run_fmt(str(path))
    assert result.exit_code == 2
    assert f"the comment at line {line + (1 if 'languages' in text else 0)}" in result.stderr
    assert path.read_bytes() == before


def test_comments_at_the_end_of_the_file_and_of_lines_are_kept() -> None:
    text = "registry:\n  version: '1'  # kept\n  name: X\n# the end\n"
    out = format_text(text)
    assert out == "registry:\n  name: X\n  version: '1'  # kept\n# the end\n".replace("'1'", '"1"')


def test_long_lines_are_never_rewrapped() -> None:
    words = " ".join(f"word{i}" for i in range(1500))  # about 12,000 characters
    text = f"registry:\n  version: 'v'\n  name: {words}\n"
    out = format_text(text)
    assert f"  name: {words}\n" in out
    assert len(out.splitlines()) == 3


def test_own_fields_are_kept_byte_for_byte() -> None:
    own = ("  x-a: True\n  x-b: +5\n  x-c: 1_0.5\n  x-d: 'q'\n  x-e: \"d\"\n  x-f: [True, 'x', {k: +1}]\n"
           "  x-g:\n    - 0o17\n    - {when: 2024-1-1, 'on': no}\n")
    text = "registry:\n" + own + "  name: X\n"
    out = format_text(text)
    assert out == "registry:\n  name: X\n" + own


@pytest.mark.parametrize("word", ["yes", "no", "on", "off", "y", "n", "Yes", "OFF", "12:30", "1:20:30", "017",
                                  "1_000", "0b101", "1.5e3", ".5", "~", "2024-1-1"])
def test_strings_yaml_1_1_reads_as_another_type_are_quoted(word: str) -> None:
    yaml = pytest.importorskip("yaml")  # PyYAML: a YAML 1.1 reader
    text = f"registry:\n  name: '{word}'\n  version: '{word}'\n"
    out = format_text(text)
    assert yaml.safe_load(out)["registry"] == {"name": word, "version": word}, out
    assert format_text(out) == out


def test_plain_values_are_never_respelled() -> None:
    text = "registry:\n  name: X\n  date: 2024-06-01\n  languages: [de]\nactivities:\n  - id: a\n    name: A\n" \
           "    dpia_required: True\n"
    assert format_text(text) == text


def test_a_link_inside_the_registry_is_written_through(reg: Path) -> None:
    target = put(reg, "data/recipients.yaml", "recipients:\n- name: A\n  id: a\n")
    link = reg / "recipients.yaml"
    link.symlink_to("data/recipients.yaml")
    results = fmt([], reg)
    assert all(r.error is None for r in results), results
    assert link.is_symlink() and os.readlink(link) == "data/recipients.yaml"
    assert target.read_text(encoding="utf-8") == "recipients:\n  - id: a\n    name: A\n"


def test_a_link_leading_out_of_the_registry_is_refused(reg: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text("recipients:\n- name: A\n  id: a\n", encoding="utf-8")
    link = reg / "recipients.yaml"
    link.symlink_to(outside)
    result = format_file(link, root=reg)
    assert result.error == "not formatted: a link to a file outside the registry"
    assert outside.read_text(encoding="utf-8") == "recipients:\n- name: A\n  id: a\n"
    assert link.is_symlink()


def test_special_files_are_skipped_without_waiting(reg: Path) -> None:
    fifo = reg / "pipe.yaml"
    os.mkfifo(fifo)  # opening it for reading would wait for a writer for ever
    result = run_fmt(str(fifo))
    assert result.exit_code == 2
    assert "not a regular file" in result.stderr


def test_leftovers_of_a_killed_fmt_are_removed(reg: Path) -> None:
    path = put(reg, "recipients.yaml", "recipients:\n- name: A\n  id: a\n")
    dead = reg / f".ropa-tmp-{2**22 + 7}-{'a' * 16}-recipients.yaml"
    dead.write_text("recipients:\n  - id: a\n", encoding="utf-8")
    result = run_fmt(str(path))
    assert result.exit_code == 0, result.output
    assert not dead.exists()


def test_diff_shows_the_change_and_writes_nothing(reg: Path) -> None:
    path = put(reg, "recipients.yaml", "recipients:\n- name: A\n  id: a\n")
    result = run_fmt("--diff", "-r", str(path))
    assert result.exit_code == 1
    assert f"--- a/{path}" in result.stdout and "+  - id: a" in result.stdout and "-- name: A" in result.stdout
    assert path.read_text(encoding="utf-8") == "recipients:\n- name: A\n  id: a\n"


def test_registry_option_with_a_file_formats_the_whole_registry(reg: Path) -> None:
    first = put(reg, "a.yaml", "recipients:\n- name: A\n  id: a\n")
    second = put(reg, "sub/b.yaml", "recipients:\n- name: B\n  id: b\n")
    result = run_fmt("--check", "-r", str(first))
    assert result.exit_code == 1
    assert sorted(result.stdout.splitlines()) == sorted([f"would reformat {first}", f"would reformat {second}"])


def test_the_memo_of_normal_texts_is_used_and_authenticated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file found in normal form is not formatted again; a forged memo entry is not believed."""
    import ropa.parse_cache as nodes

    monkeypatch.setenv("ROPA_CACHE_DIR", str(tmp_path / "cache"))
    copy = tmp_path / "sample"
    shutil.copytree(SAMPLE, copy)
    fmt([], copy)
    fmt([], copy)  # the files now in normal form are remembered as such
    calls = []
    real = fmt_module.format_text
    fast = fmt_module.in_normal_form
    monkeypatch.setattr(fmt_module, "format_text", lambda text: calls.append(1) or real(text))
    monkeypatch.setattr(fmt_module, "in_normal_form", lambda text: calls.append(2) or fast(text))
    assert not any(r.changed or r.error for r in fmt([], copy, check=True))
    assert calls == []  # neither the round trip nor the fast check: the memo answered
    messy = "recipients:\n- name: A\n  id: a\n"
    name = nodes.entry_name(messy, nodes._key(), fmt_module._memo_kind())
    (tmp_path / "cache" / nodes.CACHE_LAYOUT / name).write_bytes(b"\0" * 32)  # forged: no valid MAC
    put(copy, "recipients.yaml", messy)
    assert [r.changed for r in fmt([copy / "recipients.yaml"], copy, check=True)] == [True]


def test_formatting_keeps_the_record(tmp_path: Path) -> None:
    copy = tmp_path / "sample"
    shutil.copytree(SAMPLE, copy)
    before = load(copy)
    assert all(r.error is None for r in fmt([], copy))
    after = load(copy)
    assert dict(after.registry.activities) == dict(before.registry.activities)
    assert [(f.code, f.target) for f in after.findings] == [(f.code, f.target) for f in before.findings]


def test_crlf_line_endings_become_lf_everywhere(reg: Path) -> None:
    path = put(reg, "r.yaml", "")
    path.write_bytes(b"recipients:\r\n- name: A\r\n  id: a # why\r\n")
    assert run_fmt(str(path)).exit_code == 0
    assert path.read_bytes() == b"recipients:\n  - id: a # why\n    name: A\n"


def test_anchors_are_refused_with_the_loaders_message(reg: Path) -> None:
    path = put(reg, "r.yaml", "recipients:\n- &x {id: a, name: A}\n- *x\n")
    result = run_fmt(str(path))
    assert result.exit_code == 2
    assert "not formatted: line 2: anchor &x is not allowed" in result.stderr
    assert "report this as a bug" not in result.stderr
