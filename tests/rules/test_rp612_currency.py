"""RP612 and the change history on registries in a git repository built in the test.

Commit dates are fixed (``GIT_COMMITTER_DATE``): the rule and the history depend on the
commits, never on the clock.
"""

from __future__ import annotations

import datetime as _dt
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from ropa.history import history, last_change
from ropa.load import load
from tests.helpers import findings, run, write_registry

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

ORG = """\
organisations:
  - id: acme
    name: ACME GmbH
    address: {city: Berlin, country: DE}
"""


def registry_yaml(version: str, date: str, extra: str = "") -> str:
    return f"registry:\n  name: ACME record\n  version: \"{version}\"\n  date: {date}\n{extra}" + ORG


def activity(ident: str, purpose: str = "Kundenbetreuung") -> str:
    return (f"  - id: {ident}\n    name: {{de: Tätigkeit {ident}, en: Activity {ident}}}\n    organisation: acme\n"
            f"    purposes: [{purpose}]\n")


def git(repo: Path, *args: str, date: str = "2024-03-01T12:00:00+00:00") -> None:
    env = {**os.environ, "GIT_COMMITTER_DATE": date, "GIT_AUTHOR_DATE": date, "GIT_AUTHOR_NAME": "T",
           "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "T", "GIT_COMMITTER_EMAIL": "t@example.com",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


def commit(repo: Path, message: str, date: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message, date=date)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    git(tmp_path, "init", "-q", "-b", "main")
    return tmp_path


def test_as_of_date_older_than_the_last_commit_is_reported(repo):
    root = write_registry(repo / "registry", {"registry.yaml": registry_yaml("2024-01", "2024-01-15"),
                                              "activities.yaml": "activities:\n" + activity("crm")})
    commit(repo, "first", "2024-03-01T12:00:00+00:00")
    assert last_change(str(root)) == _dt.date(2024, 3, 1)
    found = findings(run(root), "RP612")
    stale = [f for f in found if "last committed change" in f.message]
    assert len(stale) == 1 and stale[0].span.line == 4  # the date line
    assert stale[0].text("de").startswith("der Stand des Verzeichnisses (15.01.2024) ist älter")


def test_as_of_date_on_or_after_the_last_commit_passes(repo):
    root = write_registry(repo / "registry", {"registry.yaml": registry_yaml("2024-01", "2024-03-01"),
                                              "activities.yaml": "activities:\n" + activity("crm")})
    commit(repo, "first", "2024-03-01T12:00:00+00:00")
    assert not [f for f in findings(run(root), "RP612") if "last committed change" in f.message]


def test_outside_a_repository_only_git_is_silent(tmp_path):
    root = write_registry(tmp_path / "registry", registry_yaml("2024-01", "2020-01-15", "  review_cycle: P1Y\n"))
    assert last_change(str(root)) is None
    messages = [f.message for f in findings(run(root), "RP612")]
    assert len(messages) == 2  # not approved; review cycle passed (2021-01-15 < 2024-06-01)
    assert any("nobody has approved version 2024-01" in m for m in messages)
    assert any("review was due on" in m for m in messages)
    assert history(load(root).registry).reason == "no-repository"


def test_an_approval_of_the_current_version_passes_and_of_another_does_not(tmp_path):
    approved = registry_yaml("2024-01", "2024-01-15", "  approvals:\n    - {name: Erika Mustermann, role: "
                             "Geschäftsführerin, date: 2024-01-20, version: \"2024-01\"}\n")
    assert findings(run(tmp_path / "a", approved), "RP612") == []
    older = approved.replace('version: "2024-01"}', 'version: "2023-12"}')
    assert len(findings(run(tmp_path / "b", older), "RP612")) == 1


def test_a_draft_without_version_or_date_is_not_reported(tmp_path):
    assert findings(run(tmp_path, "registry:\n  name: Draft\n" + ORG), "RP612") == []


def test_history_lists_versions_with_added_removed_and_changed_activities(repo):
    reg = repo / "registry"
    write_registry(reg, {"registry.yaml": registry_yaml("2024-01", "2024-01-15"),
                         "activities.yaml": "activities:\n" + activity("crm") + activity("newsletter")})
    commit(repo, "v1", "2024-01-15T10:00:00+00:00")
    write_registry(reg, {"activities.yaml": "activities:\n" + activity("crm") + activity("newsletter")
                         + "  # a comment changes nothing\n"})
    commit(repo, "comment", "2024-01-20T10:00:00+00:00")
    git(repo, "tag", "approved-2024-01")
    write_registry(reg, {"registry.yaml": registry_yaml("2024-06", "2024-06-01"),
                         "activities.yaml": "activities:\n" + activity("crm", "Vertrieb") + activity("shop")})
    commit(repo, "v2", "2024-06-01T10:00:00+00:00")
    points = history(load(reg).registry, "acme").points
    assert [(p.version, p.tags, p.date) for p in points] == [
        ("2024-01", ("approved-2024-01",), _dt.date(2024, 1, 15)), ("2024-06", (), _dt.date(2024, 6, 1))]
    assert [i for i, _ in points[0].added] == ["crm", "newsletter"]
    last = points[1]
    assert ([i for i, _ in last.added], [i for i, _ in last.removed], [i for i, _ in last.changed]) == (
        ["shop"], ["newsletter"], ["crm"])
    assert last.commit is None  # the working tree stands for the last version


def test_history_does_not_change_when_the_working_tree_is_committed(repo):
    """An export made before a commit is still current after it: the working tree stands for
    the run of commits of its version."""
    reg = repo / "registry"
    write_registry(reg, {"registry.yaml": registry_yaml("2024-01", "2024-01-15"),
                         "activities.yaml": "activities:\n" + activity("crm")})
    commit(repo, "v1", "2024-01-15T10:00:00+00:00")
    write_registry(reg, {"registry.yaml": registry_yaml("2024-02", "2024-02-01"),
                         "activities.yaml": "activities:\n" + activity("crm") + activity("shop")})
    before = history(load(reg).registry)
    commit(repo, "v2", "2024-02-01T10:00:00+00:00")
    after = history(load(reg).registry)
    assert before == after and len(after.points) == 2


def test_the_record_prints_owner_approval_block_and_history(repo):
    from ropa.export import render, snapshot

    reg = repo / "registry"
    extra = ("  owner: Erika Mustermann (Datenschutzkoordinatorin)\n  classification: vertraulich\n"
             "  review_cycle: P1Y\n  scope: {de: Nur die Website., en: The website only.}\n"
             "  approvals:\n    - {name: Max Mustermann, role: {de: Geschäftsführer, en: Managing director}, "
             "date: 2024-01-20, version: \"2024-01\"}\n")
    write_registry(reg, {"registry.yaml": registry_yaml("2024-01", "2024-01-15", extra),
                         "activities.yaml": "activities:\n" + activity("crm")})
    commit(repo, "v1", "2024-01-15T10:00:00+00:00")
    files = {o.name: o.data for o in render(snapshot(reg), ["md", "pdf", "xlsx"], ["de"])}
    md = files["ropa-acme-de.md"].decode()
    for text in ("Verantwortlich für das Verzeichnis | Erika Mustermann (Datenschutzkoordinatorin)",
                 "Einstufung | vertraulich", "Überprüfungszyklus | 1 Jahr", "Nur die Website.",
                 "Freigabe durch die Geschäftsführung", "Freigegeben durch | Max Mustermann",
                 "Funktion | Geschäftsführer", "Unterschrift | \\_\\_\\_", "Änderungshistorie",
                 "Fassung 2024-01, Stand 15.01.2024", "erste Fassung: 1 Verarbeitungstätigkeiten",
                 "freigegeben von Max Mustermann (Geschäftsführer) am 20.01.2024",
                 "20.01.2024: das Datum der Freigabe dieser Fassung"):
        assert text in md, text
    assert "Freigegeben: 20.01.2024" in md  # the document's date is the approval's
    pdf = files["ropa-acme-de.pdf"]
    assert b"<xmp:CreateDate>2024-01-20T00:00:00+00:00</xmp:CreateDate>" in pdf
    import io

    import openpyxl

    assert openpyxl.load_workbook(io.BytesIO(files["ropa-acme-de.xlsx"])).properties.created.date() == \
        _dt.date(2024, 1, 20)


def test_without_git_the_history_says_so(tmp_path):
    from ropa.export import render, snapshot

    reg = write_registry(tmp_path / "registry", {"registry.yaml": registry_yaml("2024-01", "2024-01-15"),
                                                 "activities.yaml": "activities:\n" + activity("crm")})
    md = render(snapshot(reg), ["md"], ["de"])[0].data.decode()
    assert "Keine Änderungshistorie: das Verzeichnis liegt in keinem git-Repository." in md
    assert "nicht freigegeben" in md and "15.01.2024: der Stand, den das Verzeichnis angibt" in md


def test_a_shallow_clone_judges_no_commit_date_and_a_subdirectory_finds_its_registry(repo, tmp_path_factory):
    """In a shallow clone the newest commit touching the registry may be cut off: its boundary
    commit would date every file, so the date check is not made; in a full repository the
    registry in a subdirectory is found by its own path (git's prefix), not the repository's."""
    root = write_registry(repo / "registry", {"registry.yaml": registry_yaml("2024-01", "2024-01-15"),
                                              "activities.yaml": "activities:\n" + activity("crm")})
    commit(repo, "first", "2024-01-10T12:00:00+00:00")
    (repo / "notes.txt").write_text("unrelated\n", encoding="utf-8")
    commit(repo, "unrelated", "2024-05-01T12:00:00+00:00")
    assert last_change(str(root)) == _dt.date(2024, 1, 10)
    clone = tmp_path_factory.mktemp("clone") / "c"
    git(repo.parent, "clone", "-q", "--depth", "1", f"file://{repo}", str(clone))
    assert last_change(str(clone / "registry")) is None
    assert history(load(clone / "registry").registry).reason == "shallow"


def test_the_git_processes_start_before_the_rules_and_answer_as_asked_later(repo, monkeypatch):
    # check() lets RP612 start its git processes before the rules run (prepare); the finding is
    # the one RP612 gives when it asks git itself, as a rule run on its own does
    import ropa.history
    from ropa.check import check
    from ropa.rules import by_code
    from ropa.rules.context import Context

    root = write_registry(repo / "registry", {"registry.yaml": registry_yaml("2024-01", "2024-01-15"),
                                              "activities.yaml": "activities:\n" + activity("crm")})
    commit(repo, "first", "2024-03-01T12:00:00+00:00")
    started: list[str] = []
    real = ropa.history.start_last_change

    def spy(where: str, until: _dt.date | None = None):
        started.append(where)
        return real(where, until)

    monkeypatch.setattr(ropa.history, "start_last_change", spy)
    result = load(root)
    prepared = [f for f in check(result, today=_dt.date(2024, 6, 1)).findings if f.code == "RP612"]
    assert started == [result.registry.root]  # once, by prepare, before the rules
    rule = by_code()["RP612"]
    ctx = Context(registry=result.registry, today=_dt.date(2024, 6, 1), rule=rule)
    alone = list(rule.check(ctx))  # nothing prepared: the rule asks git itself
    assert [(f.message, f.span) for f in prepared] == [(f.message, f.span) for f in alone]
    assert any("last committed change" in f.message for f in alone)
