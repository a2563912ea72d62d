"""Hostile and broken input, one named case each: the exact code, file and line.

Every case goes through the library (``load``) and most also through the CLI, which must
exit with 2 (input that cannot be read) or 1 (findings), never with a traceback.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

import ropa.load as loader
import ropa.yaml_nodes as nodes
from ropa.cli import app
from ropa.load import load
from tests.helpers import write_registry

MINIMAL = """\
registry:
  name: Hostile
organisations:
  - id: acme
    name: ACME GmbH
"""

ACTIVITY = """\
activities:
  - id: newsletter
    name: Newsletter
    organisation: acme
    purposes: [Newsletter]
"""


def where(result, code: str) -> list[tuple[str, int, int]]:
    return [(f.span.file, f.span.line, f.span.col) for f in result.findings if f.code == code]


def codes(result) -> set[str]:
    return {f.code for f in result.findings}


def cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["validate", *args, "--today", "2024-06-01"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


@pytest.fixture
def reg(tmp_path: Path) -> Path:
    return write_registry(tmp_path / "reg", {"registry.yaml": MINIMAL})


def put(root: Path, name: str, data: bytes | str) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def shown(root: Path, name: str) -> str:
    return os.path.join(os.path.normpath(str(root)), name)


# --- YAML that expands, nests or lies ---------------------------------------------------------

def test_alias_bomb_is_rejected_fast(reg: Path) -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    put(reg, "bomb.yaml", "\n".join(lines) + "\n")  # 9^10 strings if expanded
    result = load(reg)  # refused, never expanded: every anchor and alias is reported where it stands
    assert codes(result) == {"RP007"}
    assert where(result, "RP007")[0] == (shown(reg, "bomb.yaml"), 1, 5)
    assert len(where(result, "RP007")) == 10 + 9 * 9  # every anchor and every alias
    assert cli(str(reg))[0] == 2


def test_anchor_without_alias(reg: Path) -> None:
    put(reg, "a.yaml", ACTIVITY.replace("organisation: acme", "organisation: &org acme"))
    result = load(reg)
    assert where(result, "RP007") == [(shown(reg, "a.yaml"), 4, 19)]


def test_deeply_nested_flow_collections(reg: Path) -> None:
    put(reg, "deep.yaml", "activities: " + "[" * 100_000 + "\n")
    result = load(reg)  # the parse stops at the limit: the 64th list is reported, nothing deeper
    assert codes(result) == {"RP019"}
    # the root mapping and 63 lists are allowed; the 64th list starts at column 13 + 63
    assert where(result, "RP019") == [(shown(reg, "deep.yaml"), 1, 13 + 63)]
    assert cli(str(reg))[0] == 2


def test_deeply_nested_block_collections(reg: Path) -> None:
    text = "activities:\n" + "".join(" " * i + "-\n" for i in range(1, 200))
    put(reg, "deep.yaml", text)
    result = load(reg)
    assert where(result, "RP019") == [(shown(reg, "deep.yaml"), 65, 65)]


def test_hundred_megabyte_file_is_rejected_unread(reg: Path, monkeypatch) -> None:
    big = reg / "big.yaml"
    with open(big, "wb") as fh:
        fh.truncate(100 * 2**20)  # sparse: zeros, which would be RP004 if the file were read
    reads = []
    real_open = open

    def spy(file, mode="r", *args, **kwargs):
        handle = real_open(file, mode, *args, **kwargs)
        if str(file) == str(big):
            reads.append(handle)
        return handle

    monkeypatch.setattr(nodes, "open", spy, raising=False)
    result = load(reg)
    assert where(result, "RP003") == [(shown(reg, "big.yaml"), 1, 1)]
    assert codes(result) == {"RP003"}
    assert all(h.closed for h in reads)
    assert cli(str(reg))[0] == 2


def test_invalid_utf8(reg: Path) -> None:
    put(reg, "latin1.yaml", "registry:\n  name: Stra\u00dfe\n".encode("latin-1"))
    result = load(reg)
    assert where(result, "RP005") == [(shown(reg, "latin1.yaml"), 2, 13)]
    assert cli(str(reg))[0] == 2


def test_utf16_file(reg: Path) -> None:
    put(reg, "utf16.yaml", ACTIVITY.encode("utf-16"))
    result = load(reg)
    assert where(result, "RP005") == [(shown(reg, "utf16.yaml"), 1, 1)]


def test_nul_bytes(reg: Path) -> None:
    put(reg, "nul.yaml", b"activities:\n  - id: a\x00b\n")
    result = load(reg)
    assert where(result, "RP004") == [(shown(reg, "nul.yaml"), 2, 10)]


def test_binary_file(reg: Path) -> None:
    put(reg, "image.yaml", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    result = load(reg)
    assert where(result, "RP004") == [(shown(reg, "image.yaml"), 3, 1)]
    assert cli(str(reg))[0] == 2


def test_binary_without_nul(reg: Path) -> None:
    put(reg, "noise.yaml", bytes(range(0x80, 0x100)))
    result = load(reg)
    assert where(result, "RP005") == [(shown(reg, "noise.yaml"), 1, 1)]


def test_control_characters(reg: Path) -> None:
    put(reg, "bell.yaml", "activities:\n  - id: a\x07\n")
    result = load(reg)
    assert [f.code for f in result.findings] == ["RP006"]
    assert result.findings[0].span.file == shown(reg, "bell.yaml")
    assert cli(str(reg))[0] == 2


def test_bom_is_accepted_and_lines_stay_right(reg: Path) -> None:
    put(reg, "bom.yaml", b"\xef\xbb\xbf" + ACTIVITY.replace("    purposes", "    colour: red\n    purposes").encode())
    result = load(reg)
    assert not result.fatal
    assert "newsletter" in result.registry.activities
    assert where(result, "RP010") == [(shown(reg, "bom.yaml"), 5, 5)]


def test_tabs(reg: Path) -> None:
    put(reg, "tabs.yaml", "activities:\n\t- id: a\n")
    result = load(reg)
    assert where(result, "RP006") == [(shown(reg, "tabs.yaml"), 2, 1)]
    assert "tab" in result.findings[0].message
    assert cli(str(reg))[0] == 2


def test_custom_tags(reg: Path) -> None:
    put(reg, "tags.yaml", ACTIVITY.replace("name: Newsletter", "name: !!python/object:os.system echo"))
    result = load(reg)
    assert where(result, "RP008") == [(shown(reg, "tags.yaml"), 3, 11)]
    put(reg, "tags.yaml", ACTIVITY.replace("purposes: [Newsletter]", "purposes: !custom [Newsletter]"))
    assert where(load(reg), "RP008") == [(shown(reg, "tags.yaml"), 5, 15)]


def test_empty_file(reg: Path) -> None:
    put(reg, "empty.yaml", "")
    put(reg, "comment.yaml", "# nothing yet\n")
    result = load(reg)
    assert where(result, "RP016") == [(shown(reg, "comment.yaml"), 1, 1), (shown(reg, "empty.yaml"), 1, 1)]
    assert not result.fatal


def test_two_documents(reg: Path) -> None:
    put(reg, "two.yaml", ACTIVITY + "---\n" + ACTIVITY)
    result = load(reg)
    assert where(result, "RP017") == [(shown(reg, "two.yaml"), 6, 1)]


def test_syntax_error_has_a_line(reg: Path) -> None:
    put(reg, "broken.yaml", ACTIVITY + "    notes: [unclosed\n")
    result = load(reg)
    (finding,) = result.findings
    assert finding.code == "RP006" and finding.span.file == shown(reg, "broken.yaml")
    assert finding.span.line >= 6


# --- the file system ----------------------------------------------------------------------------

def test_symlink_loop(reg: Path) -> None:
    os.symlink("b.yaml", reg / "a.yaml")
    os.symlink("a.yaml", reg / "b.yaml")
    os.symlink(".", reg / "again")  # a directory link to itself is not followed
    result = load(reg)
    assert where(result, "RP002") == [(shown(reg, "a.yaml"), 1, 1), (shown(reg, "b.yaml"), 1, 1)]
    assert cli(str(reg))[0] == 2


def test_symlink_outside_the_registry(reg: Path, tmp_path: Path) -> None:
    secret = put(tmp_path, "secret.yaml", ACTIVITY)
    os.symlink(secret, reg / "link.yaml")
    os.symlink(tmp_path, reg / "outside")
    result = load(reg)
    assert where(result, "RP018") == [(shown(reg, "link.yaml"), 1, 1), (shown(reg, "outside"), 1, 1)]
    assert "newsletter" not in result.registry.activities
    assert cli(str(reg))[0] == 2


def test_unreadable_file(reg: Path, monkeypatch) -> None:
    path = put(reg, "secret.yaml", ACTIVITY)
    if os.geteuid() == 0:  # root reads a mode-000 file anyway: simulate the refusal
        real_open = open

        def refuse(file, *args, **kwargs):
            if str(file) == str(path):
                raise PermissionError(errno.EACCES, "Permission denied", str(file))
            return real_open(file, *args, **kwargs)

        monkeypatch.setattr(nodes, "open", refuse, raising=False)
    else:  # pragma: no cover - CI runs as root
        path.chmod(0)
    result = load(reg)
    assert where(result, "RP002") == [(shown(reg, "secret.yaml"), 1, 1)]
    assert "Permission denied" in result.findings[0].message


def test_file_deleted_between_listing_and_reading(reg: Path, monkeypatch) -> None:
    put(reg, "gone.yaml", ACTIVITY)
    real = loader.registry_files

    def list_then_delete(root, display_root):
        files, findings = real(root, display_root)
        (reg / "gone.yaml").unlink()
        return files, findings

    monkeypatch.setattr(loader, "registry_files", list_then_delete)
    result = load(reg)
    assert where(result, "RP002") == [(shown(reg, "gone.yaml"), 1, 1)]
    assert "disappeared" in result.findings[0].message


def test_directory_named_like_a_file(reg: Path) -> None:
    (reg / "folder.yaml").mkdir()
    put(reg, "folder.yaml/inner.yaml", ACTIVITY)
    result = load(reg)
    assert not result.fatal
    assert "newsletter" in result.registry.activities


def test_directory_does_not_exist(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    result = load(missing)
    assert where(result, "RP001") == [(os.path.normpath(str(missing)), 1, 1)]
    code, output = cli(str(missing))
    assert code == 2 and "RP001" in output


# --- structure and values -----------------------------------------------------------------------

def test_duplicate_keys(reg: Path) -> None:
    put(reg, "dup.yaml", ACTIVITY + "    name: Again\n")
    result = load(reg)
    assert where(result, "RP009") == [(shown(reg, "dup.yaml"), 6, 5)]
    assert cli(str(reg))[0] == 1


def test_duplicate_ids(reg: Path) -> None:
    put(reg, "one.yaml", ACTIVITY)
    put(reg, "two.yaml", "\n" + ACTIVITY)
    result = load(reg)
    # both records are reported and both are kept (the second under "<id>#2"), neither dropped
    assert sorted(where(result, "RP014")) == [(shown(reg, "one.yaml"), 2, 9), (shown(reg, "two.yaml"), 3, 9)]
    assert [a.id for a in result.registry.activities.values()] == [result.registry.activities[
        next(iter(result.registry.activities))].id] * 2
    assert cli(str(reg))[0] == 1


def test_unresolved_reference(reg: Path) -> None:
    put(reg, "a.yaml", ACTIVITY + "    recipients: [nobody]\n")
    result = load(reg)
    assert where(result, "RP015") == [(shown(reg, "a.yaml"), 6, 18)]


def test_swapped_reference(reg: Path) -> None:
    put(reg, "a.yaml", ACTIVITY.replace("organisation: acme", "organisation: newsletter"))
    result = load(reg)
    assert where(result, "RP015") == [(shown(reg, "a.yaml"), 4, 19)]


def test_invalid_date(reg: Path) -> None:
    put(reg, "a.yaml", ACTIVITY + "    created: 2023-02-30\n")
    result = load(reg)
    assert where(result, "RP013") == [(shown(reg, "a.yaml"), 6, 14)]
    assert cli(str(reg))[0] == 1


def test_invalid_country(reg: Path) -> None:
    put(reg, "r.yaml", "recipients:\n  - id: r\n    name: R\n    role: processor\n    country: XX\n")
    result = load(reg)
    assert where(result, "RP013") == [(shown(reg, "r.yaml"), 5, 14)]


def test_unknown_keys_and_the_x_escape_hatch(reg: Path) -> None:
    put(reg, "a.yaml", ACTIVITY + "    x-cost-centre: {code: 4711, owners: [a, b]}\n    colour: red\n")
    result = load(reg)
    assert where(result, "RP010") == [(shown(reg, "a.yaml"), 7, 5)]
    assert result.registry.activities["newsletter"].extra == {"x-cost-centre": {"code": "4711", "owners": ["a", "b"]}}


def test_wrong_types(reg: Path) -> None:
    put(reg, "a.yaml", ACTIVITY.replace("purposes: [Newsletter]", "purposes: Newsletter\n    profiling: maybe"))
    result = load(reg)
    assert where(result, "RP011") == [(shown(reg, "a.yaml"), 5, 15), (shown(reg, "a.yaml"), 6, 16)]


def test_missing_required_field(reg: Path) -> None:
    put(reg, "a.yaml", ACTIVITY.replace("    organisation: acme\n", ""))
    result = load(reg)
    assert where(result, "RP012") == [(shown(reg, "a.yaml"), 2, 5)]
    assert cli(str(reg))[0] == 1


def test_huge_string_and_unicode(reg: Path) -> None:
    name = "Überwachung 監視 \U0001f600 " * 20_000
    put(reg, "a.yaml", ACTIVITY.replace("name: Newsletter", f"name: \"{name}\""))
    result = load(reg)
    assert not result.fatal
    assert str(result.registry.activities["newsletter"].name) == name


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_named_pipe_does_not_hang(reg: Path) -> None:
    os.mkfifo(reg / "pipe.yaml")  # opening it for reading would wait for a writer forever
    result = load(reg)
    assert where(result, "RP002") == [(shown(reg, "pipe.yaml"), 1, 1)]
    assert cli(str(reg))[0] == 2


def test_file_name_that_is_not_utf8(reg: Path) -> None:
    name = os.fsdecode(b"bad\xff.yaml")
    put(reg, name, "activities: [\n")
    result = load(reg)
    assert where(result, "RP006") == [(shown(reg, "bad\\xff.yaml"), 2, 1)]
    code, output = cli(str(reg))
    assert code == 2 and "RP006" in output


def test_millions_of_tiny_values_are_bounded(reg: Path) -> None:
    put(reg, "many.yaml", "x-list: [" + "[], 1, " * 300_000 + "1]\n")  # 4 MB, 600,000 values
    result = load(reg)  # the parse stops at the limit: the 500,001st value is reported, nothing after it
    # the root, its key and the list are 3 values: the 500,001st is the 1 of the 249,999th pair
    assert where(result, "RP003") == [(shown(reg, "many.yaml"), 1, 10 + 7 * 249_998 + 4)]
