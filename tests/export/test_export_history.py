"""The change history as an export reads it (``ropa.history``), once per organisation: a registry
with no commit of its own yet (in a repository with other commits) is its working tree as
loaded, and gives the same point once committed."""

from __future__ import annotations

import datetime as _dt
import shutil

import pytest

from ropa.history import history
from ropa.load import load
from tests.rules.test_rp612_currency import activity, commit, git, registry_yaml, write_registry

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def test_a_registry_without_commits_is_its_working_tree_and_the_same_once_committed(tmp_path):
    git(tmp_path, "init", "-q", "-b", "main")
    (tmp_path / "README").write_text("a repository with commits, none of the registry yet\n")
    commit(tmp_path, "start", "2024-01-01T10:00:00+00:00")
    reg = tmp_path / "registry"
    other = activity("fremd").replace("organisation: acme", "organisation: beta")
    write_registry(reg, {"registry.yaml": registry_yaml("2024-01", "2024-01-15").replace(
                             "organisations:\n", "organisations:\n  - {id: beta, name: Beta AG, "
                             "address: {city: Bonn, country: DE}}\n"),
                         "activities.yaml": "activities:\n" + activity("crm") + activity("newsletter") + other})
    registry = load(reg).registry
    uncommitted = history(registry, "acme")
    assert uncommitted.reason == "no-commits"
    [point] = uncommitted.points
    assert (point.version, point.date, point.count, point.commit) == ("2024-01", _dt.date(2024, 1, 15), 2, None)
    assert [i for i, _ in point.added] == ["crm", "newsletter"]
    assert dict(point.added)["crm"] == {"de": "Tätigkeit crm", "en": "Activity crm"}  # the name as the YAML holds it
    assert [p.count for p in history(registry, "beta").points] == [1]
    commit(tmp_path, "v1", "2024-01-15T10:00:00+00:00")
    committed = history(load(reg).registry, "acme")
    assert committed.reason is None
    assert [(p.version, p.date, p.count, [i for i, _ in p.added]) for p in committed.points] == [
        ("2024-01", _dt.date(2024, 1, 15), 2, ["crm", "newsletter"])]


def test_questions_and_answers_do_not_read_the_history_the_record_does(tmp_path, monkeypatch):
    """The questionnaire neither shows nor needs the change history: ``ropa questions`` does not
    ask git for it (the record's export does, for its document control)."""
    from typer.testing import CliRunner

    import ropa.history
    from ropa.cli import app
    from ropa.export import snapshots

    git(tmp_path, "init", "-q", "-b", "main")
    reg = tmp_path / "registry"
    write_registry(reg, {"registry.yaml": registry_yaml("2024-01", "2024-01-15"),
                         "activities.yaml": "activities:\n" + activity("crm")})
    commit(tmp_path, "v1", "2024-01-15T10:00:00+00:00")
    [snap] = snapshots(reg)
    assert [p.version for p in snap.history.points] == ["2024-01"]

    def no_history(*args: object, **kwargs: object) -> None:
        raise AssertionError("the change history was read")

    monkeypatch.setattr(ropa.history, "history", no_history)
    result = CliRunner().invoke(app, ["questions", str(reg), "--lang", "en", "-f", "text", "-f", "xlsx",
                                      "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "questions-acme-en.xlsx").is_file()
    assert [s.history for s in snapshots(reg, with_history=False)] == [None]
