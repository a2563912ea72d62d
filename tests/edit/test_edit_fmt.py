"""`ropa fmt`: normal form, comments kept, idempotent, never writes a broken file."""

from __future__ import annotations

import shutil
from pathlib import Path

from typer.testing import CliRunner

from ropa.cli import app
from ropa.edit.fmt import fmt, format_text
from ropa.load import load

ROOT = Path(__file__).resolve().parents[2]
FACTS42 = ROOT / "registry"
runner = CliRunner()


def comment_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip().startswith("#")]


def test_key_order_indentation_and_quoting():
    text = (
        "# head comment\n"
        "activities:\n"
        "- organisation: acme   # who keeps it\n"
        "  name: 'Newsletter'\n"
        "  id: newsletter\n"
        "  purposes: [\"News\"]\n"
        "  legal_bases:\n"
        "  - interest: 'Marketing: own products'\n"
        "    basis: art6-1-f\n"
        "  x-ticket: 'DP-1'\n"
        "  sources: [{section: '2', document: notice}]\n"
    )
    assert format_text(text) == (
        "# head comment\n"
        "activities:\n"
        "  - id: newsletter\n"
        "    name: Newsletter\n"
        "    organisation: acme # who keeps it\n"
        "    purposes: [News]\n"
        "    legal_bases:\n"
        "      - basis: art6-1-f\n"
        "        interest: \"Marketing: own products\"\n"
        "    sources: [{document: notice, section: \"2\"}]\n"
        "    x-ticket: 'DP-1'\n"  # an own field's value is left as written
    )


def test_sample_registry_round_trip(tmp_path):
    copy = tmp_path / "sample"
    shutil.copytree(ROOT / "tests" / "fixtures" / "sample", copy)
    before = load(copy)
    first = fmt([], copy)
    assert not any(r.error for r in first)
    assert all(not r.changed for r in fmt([], copy))
    after = load(copy)
    assert dict(after.registry.activities) == dict(before.registry.activities)
    assert after.findings == before.findings


def test_unparsable_file_is_left_alone(tmp_path):
    bad = tmp_path / "registry.yaml"
    bad.write_text("activities: [\n")
    result = runner.invoke(app, ["fmt", str(bad)])
    assert result.exit_code == 2
    assert "does not parse" in result.stderr
    assert bad.read_text() == "activities: [\n"


def test_check_mode_lists_files_and_exits_1(tmp_path):
    reg = tmp_path / "reg"
    reg.mkdir()
    (reg / "registry.yaml").write_text("registry: {name: 'X'}\n")
    (reg / "ok.yaml").write_text("recipients: []\n")
    result = runner.invoke(app, ["fmt", "--check", "-r", str(reg)])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [f"would reformat {reg / 'registry.yaml'}"]
    assert (reg / "registry.yaml").read_text() == "registry: {name: 'X'}\n"
    assert runner.invoke(app, ["fmt", "-r", str(reg)]).exit_code == 0
    assert (reg / "registry.yaml").read_text() == "registry: {name: X}\n"
    assert runner.invoke(app, ["fmt", "--check", "-r", str(reg)]).exit_code == 0
    assert runner.invoke(app, ["fmt", "-r", str(tmp_path / "nope")]).exit_code == 2


def test_facts42_fmt_is_idempotent_and_keeps_every_comment(tmp_path):
    copy = tmp_path / "registry"
    shutil.copytree(FACTS42, copy, ignore=shutil.ignore_patterns("sources"))
    originals = {p.relative_to(copy): p.read_text(encoding="utf-8") for p in copy.rglob("*.yaml")}
    before = load(copy)
    result = runner.invoke(app, ["fmt", "-r", str(copy)])
    assert result.exit_code == 0, result.output
    second = runner.invoke(app, ["fmt", "--check", "-r", str(copy)])
    assert second.exit_code == 0, second.output
    assert second.stdout == ""
    for rel, text in originals.items():
        new_comments = set(comment_lines((copy / rel).read_text(encoding="utf-8")))
        missing = [c for c in comment_lines(text) if c not in new_comments]
        assert not missing, (rel, missing)
    after = load(copy)
    for name in ("organisations", "recipients", "documents", "data_categories", "data_subjects",
                 "measures", "activities"):
        assert dict(getattr(after.registry, name)) == dict(getattr(before.registry, name)), name
    assert after.registry.meta == before.registry.meta
    assert after.registry.waivers == before.registry.waivers
    assert [(f.code, f.message) for f in after.findings] == [(f.code, f.message) for f in before.findings]
