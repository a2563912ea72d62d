"""`ropa review` records a review keeping every other byte; `ropa edit` re-opens on new errors."""

from __future__ import annotations

import datetime as _dt
import shutil
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ropa.cli import app
from ropa.load import load

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()


@pytest.fixture()
def registry(tmp_path) -> Path:
    return Path(shutil.copytree(ROOT / "registry", tmp_path / "registry"))


def test_review_changes_only_the_review_keys(registry):
    file = registry / "activities" / "facts42-website.yaml"
    before = file.read_text()
    result = runner.invoke(app, ["review", "web-contact-form", "--by", "Dana Schutz, DPO", "--today", "2026-03-01",
                                 "-r", str(registry)])
    assert result.exit_code == 0, result.output
    after = file.read_text()
    removed = [line for line in before.splitlines() if line not in after.splitlines()]
    added = [line for line in after.splitlines() if line not in before.splitlines()]
    assert removed == []  # comments, quotes and layout kept
    assert [a.strip() for a in added] == ["reviewed: 2026-03-01", "reviewed_by: Dana Schutz, DPO",
                                          "review_due: 2027-03-01"]
    activity = load(registry).registry.activities["web-contact-form"]
    assert (activity.reviewed, activity.reviewed_by) == (_dt.date(2026, 3, 1), "Dana Schutz, DPO")
    # a second review replaces the values in place
    runner.invoke(app, ["review", "web-contact-form", "--by", "Eve", "--today", "2026-04-01", "-r", str(registry)])
    assert load(registry).registry.activities["web-contact-form"].reviewed_by == "Eve"
    assert len(file.read_text().splitlines()) == len(after.splitlines())


def test_review_shows_in_diff_and_exports(registry, tmp_path):
    old = Path(shutil.copytree(registry, tmp_path / "old"))
    assert runner.invoke(app, ["review", "web-contact-form", "--by", "Dana", "--today", "2026-03-01",
                               "-r", str(registry)]).exit_code == 0
    diff = runner.invoke(app, ["diff", str(old), str(registry)])
    assert "reviewed_by: (not set) -> Dana" in diff.stdout
    out = tmp_path / "out"
    assert runner.invoke(app, ["export", str(registry), "-f", "csv", "-l", "de", "--out", str(out)]).exit_code == 0
    text = (out / "ropa-facts42-de-activities.csv").read_text(encoding="utf-8")
    assert "Datum der letzten Überprüfung" in text and "01.03.2026" in text


def test_review_all_of_an_organisation(registry):
    result = runner.invoke(app, ["review", "--all", "-o", "bitrix-inc", "--by", "Dana", "-r", str(registry)])
    assert result.exit_code == 0, result.output
    reg = load(registry).registry
    reviewed = {a.id for a in reg.activities.values() if a.reviewed_by == "Dana"}
    assert reviewed == {a.id for a in reg.activities_of("bitrix-inc") if a.status != "retired"}


def test_the_registry_may_be_the_positional_argument(registry, monkeypatch):
    """`ropa review --all REGISTRY` and `ropa edit ID REGISTRY` (was RP000: a str where a Path was needed)."""
    result = runner.invoke(app, ["review", "--all", str(registry), "-o", "bitrix-inc", "--by", "Dana"])
    assert result.exit_code == 0, result.output
    assert any(a.reviewed_by == "Dana" for a in load(registry).registry.activities.values())
    monkeypatch.setenv("VISUAL", "true")  # an editor that saves nothing: the file is unchanged
    result = runner.invoke(app, ["edit", "web-contact-form", str(registry)])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(("args", "message"), [
    (["review", "web-contct-form", "--by", "x"], "did you mean 'web-contact-form'?"),
    (["review", "web-contact-form"], "--by NAME"),
    (["review", "--by", "x"], "give an activity id or --all"),
    (["review", "--all", "-o", "nope", "--by", "x"], "--organisation: unknown value 'nope'"),
])
def test_review_usage_errors(registry, args, message):
    before = {p: p.read_bytes() for p in registry.rglob("*") if p.is_file()}
    result = runner.invoke(app, [*args, "-r", str(registry)])
    assert result.exit_code == 2
    assert message in result.stderr
    assert {p: p.read_bytes() for p in registry.rglob("*") if p.is_file()} == before


EDITOR = """
import sys, pathlib
args = sys.argv[1:]
log = pathlib.Path({log!r})
log.write_text(log.read_text() + " ".join(args[:-1]) + "\\n" if log.exists() else " ".join(args[:-1]) + "\\n")
path = pathlib.Path(args[-1])
text = path.read_text()
runs = log.read_text().count("\\n")
if runs == 1:   # first save: break the activity (an unknown legal basis)
    text = text.replace("basis: art6-1-a", "basis: art6-1-zz", 1)
else:           # second save: repair it
    text = text.replace("basis: art6-1-zz", "basis: art6-1-a", 1)
path.write_text(text)
"""


def scripted_editor(tmp_path: Path) -> tuple[str, Path]:
    log = tmp_path / "editor.log"
    script = tmp_path / "vim"  # named like vim: opened with +LINE
    script.write_text(f"#!{sys.executable}\n" + EDITOR.format(log=str(log)))
    script.chmod(0o755)
    return str(script), log


def test_edit_reopens_on_new_errors_like_git_commit(registry, tmp_path, monkeypatch):
    editor, log = scripted_editor(tmp_path)
    monkeypatch.setenv("EDITOR", editor)
    monkeypatch.delenv("VISUAL", raising=False)
    result = runner.invoke(app, ["edit", "web-contact-form", "-r", str(registry)], input="y\n")
    assert result.exit_code == 0, result.output
    assert "errors after saving" in result.stderr
    assert "art6-1-zz" in result.stderr
    assert log.read_text().count("\n") == 2  # opened twice
    line = load(registry).registry.activities["web-contact-form"].span.line
    assert log.read_text().splitlines()[0] == f"+{line}"  # at the activity's line
    assert log.read_text().splitlines()[1].startswith("+")  # then at the first new error


def test_edit_declined_keeps_the_file_and_exits_1(registry, tmp_path, monkeypatch):
    editor, log = scripted_editor(tmp_path)
    monkeypatch.setenv("EDITOR", editor)
    monkeypatch.delenv("VISUAL", raising=False)
    result = runner.invoke(app, ["edit", "web-contact-form", "-r", str(registry)], input="n\n")
    assert result.exit_code == 1
    assert "art6-1-zz" in (registry / "activities" / "facts42-website.yaml").read_text()


def test_edit_without_an_editor_is_a_usage_error(registry, monkeypatch):
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.delenv("VISUAL", raising=False)
    result = runner.invoke(app, ["edit", "web-contact-form", "-r", str(registry)])
    assert result.exit_code == 2 and "$EDITOR" in result.stderr
