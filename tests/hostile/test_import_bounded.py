"""`ropa import` does bounded work on hostile input and fails cleanly on odd targets.

Crafted XML that made the pre-scan's regular expressions backtrack cubically, a zip bomb
split into small entries, FIFOs and devices given as the file, links and full or read-only
targets given as ``--into``, stray bytes and overlong cells in a csv, more activities than
the documented limit. Hang guards are subprocess timeouts, never timed assertions.
"""

from __future__ import annotations

import datetime as _dt
import errno
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ropa.cli import app
from ropa.importer import ImportFailed, build_file
from ropa.load import load

HEADER = ["Bezeichnung der Verarbeitungstätigkeit", "Zwecke der Verarbeitung", "Kategorien betroffener Personen",
          "Datum der letzten Änderung"]


def csv_file(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> Path:
    text = "\r\n".join(";".join(r) for r in [HEADER, *rows]) + "\r\n"
    path.write_bytes(text.encode(encoding))
    return path


def run(*args: str):
    return CliRunner().invoke(app, list(args))


def ropa_process(*args: str, timeout: int = 120) -> subprocess.CompletedProcess[str]:
    """The real process, with a timeout as the hang guard (the test fails on a hang, not on a slow run)."""
    return subprocess.run([sys.executable, "-m", "ropa", *args], capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, "ROPA_LANG": "en"})


def workbook_zip(path: Path, entries: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return path


RELS = (b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Type="worksheet" Target="worksheets/sheet1.xml"/></Relationships>')


def test_crafted_xml_is_scanned_in_linear_time(tmp_path: Path) -> None:
    """Before: `<sheet name="" name="" ...` without r:id made the pre-scan backtrack cubically
    (5 KB: 243 s). Now a linear scanner reads it: the import ends with one line, well within the guard."""
    crafted = (b'<sheet ' + b'name="" ' * 2000) * 8  # about 130 KB, no r:id and no '>'
    merge = b'<worksheet><sheetData/><mergeCells>' + (b'<mergeCell ' + b'ref="A1:B2" x="" ' * 2000) * 8
    source = workbook_zip(tmp_path / "crafted.xlsx", {
        "xl/workbook.xml": b"<workbook><sheets>" + crafted + b"</sheets></workbook>",
        "xl/_rels/workbook.xml.rels": RELS.replace(b"<Relationship ", b"<Relationship Id=\"x\" " * 3000, 1),
        "xl/worksheets/sheet1.xml": merge,
    })
    result = ropa_process("import", str(source), "--into", str(tmp_path / "r"), timeout=120)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert not (tmp_path / "r").exists()


def test_the_scanner_reads_what_excel_writes() -> None:
    from ropa.importer.read import elements

    book = (b'<workbook xmlns:r="r"><sheets><sheet name="VVT &amp; Co" sheetId="1" r:id="rId1"/>'
            b"<x:sheet r:id='rId2' name='B'/></sheets></workbook>")
    assert [(a[b"name"], a[b"id"]) for a in elements(book, b"sheet")] == [(b"VVT &amp; Co", b"rId1"), (b"B", b"rId2")]


def test_a_zip_bomb_split_into_small_entries_is_refused(tmp_path: Path) -> None:
    """Each entry is 1 MB of zeros (below the per-entry ratio check's threshold); 100 of them
    unpack to 100 MB from about 100 KB: the whole file's ratio refuses it, before unpacking."""
    entries = {"xl/workbook.xml": b"<workbook/>", "xl/_rels/workbook.xml.rels": RELS}
    entries.update({f"xl/media/part{i}.bin": bytes(1024 * 1024) for i in range(100)})
    source = workbook_zip(tmp_path / "bomb.xlsx", entries)
    assert source.stat().st_size < 1024 * 1024
    result = run("import", str(source), "--into", str(tmp_path / "r"))
    assert result.exit_code == 2
    assert "entry * would unpack to" in result.output and "zip bomb" in result.output


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "verzeichnis.csv"
    os.mkfifo(fifo)
    result = ropa_process("import", str(fifo), "--into", str(tmp_path / "r"), timeout=60)
    assert result.returncode == 2
    assert "not a regular file" in result.stderr, result.stderr
    mapping = tmp_path / "map.yaml"
    os.mkfifo(mapping)
    source = csv_file(tmp_path / "v.csv", [["Lohn", "Abrechnung", "Beschäftigte", "01.01.2025"]])
    result = ropa_process("import", str(source), "--map", str(mapping), "--show-mapping", timeout=60)
    assert result.returncode == 2 and "not a regular file" in result.stderr, result.stderr


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_a_link_to_a_device_or_a_directory_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "zero.xlsx"
    link.symlink_to("/dev/zero")
    result = ropa_process("import", str(link), "--into", str(tmp_path / "r"), timeout=60)
    assert result.returncode == 2 and "not a regular file" in result.stderr, result.stderr
    folder = tmp_path / "folder.csv"
    folder.mkdir()
    result = run("import", str(folder), "--into", str(tmp_path / "r"))
    assert result.exit_code == 2 and "not a regular file" in result.output


def source_csv(tmp_path: Path) -> Path:
    return csv_file(tmp_path / "v.csv", [["Lohn", "Abrechnung", "Beschäftigte", "01.01.2025"]])


def test_into_a_link_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere"
    target.mkdir()
    link = tmp_path / "registry"
    link.symlink_to(target)
    result = run("import", str(source_csv(tmp_path)), "--into", str(link))
    assert result.exit_code == 2
    assert result.output.strip() == f"error: {link}: is a link; give a new directory (the registry would be written" \
                                    " where the link points); nothing written"
    assert list(target.iterdir()) == []


def test_into_the_current_directory_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = source_csv(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = run("import", source.name, "--into", ".")
    assert result.exit_code == 2
    assert result.output.strip() == "error: .: exists and is not empty; nothing written"


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS])
def test_a_full_disk_or_read_only_file_system_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         code: int) -> None:
    from ropa import atomic

    def failing(path: Path, data: bytes, mode: int = 0o644, **_kw: object) -> None:
        raise OSError(code, os.strerror(code), str(path))

    monkeypatch.setattr(atomic, "write_new", failing)
    into = tmp_path / "registry"
    result = run("import", str(source_csv(tmp_path)), "--into", str(into))
    assert result.exit_code == 2
    assert result.output.strip() == f"error: {into}: cannot be written ({os.strerror(code)}); nothing written"
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["v.csv"]  # no temporary directory left


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root writes into read-only directories")
def test_an_unwritable_parent_is_one_line(tmp_path: Path) -> None:
    parent = tmp_path / "locked"
    parent.mkdir()
    parent.chmod(0o555)
    try:
        result = run("import", str(source_csv(tmp_path)), "--into", str(parent / "registry"))
    finally:
        parent.chmod(0o755)
    assert result.exit_code == 2 and "cannot be written" in result.output


def test_a_killed_imports_temporary_directory_is_removed_by_the_next(tmp_path: Path) -> None:
    """A killed import leaves `.ropa-import-PID-...` beside its target; the next import into the
    same parent removes it once that process is gone, and never a running import's."""
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    left = tmp_path / f".ropa-import-{int(dead.stdout)}-abc123"
    (left / "activities").mkdir(parents=True)
    (left / "activities" / "x.yaml").write_text("activities: []\n", encoding="utf-8")
    running = tmp_path / f".ropa-import-{os.getpid()}-def456"
    running.mkdir()
    result = run("import", str(source_csv(tmp_path)), "--into", str(tmp_path / "registry"))
    assert result.exit_code == 0, result.output
    assert not left.exists()
    assert running.exists()


def test_a_stray_byte_in_a_utf8_csv_is_a_gap_in_its_cell(tmp_path: Path) -> None:
    source = tmp_path / "v.csv"
    rows = [["Lohnabrechnung", "Abrechnung der Gehälter", "Beschäftigte", "01.01.2025"],
            ["Bewerbungen", "Auswahl", "Bewerber", "01.01.2025"]]
    data = csv_file(source, rows).read_bytes().replace(b"Auswahl", b"Auswahl f\xfcr Stellen")
    source.write_bytes(data)
    result = run("import", str(source), "--into", str(tmp_path / "r"))
    assert result.exit_code == 0, result.output
    assert "cp1252" not in result.output  # the file is UTF-8: not reinterpreted wholesale
    registry = load(tmp_path / "r").registry
    assert [str(p) for p in registry.activities["lohnabrechnung"].purposes] == ["Abrechnung der Gehälter"]
    applicants = registry.activities["bewerbungen"]
    assert [str(p) for p in applicants.purposes] == ["Auswahl f\ufffdr Stellen"]
    assert [(g.field, "B3" in str(g.note)) for g in applicants.gaps] == [("purposes", True)]


def test_a_cp1252_csv_is_read_and_said_so(tmp_path: Path) -> None:
    source = csv_file(tmp_path / "v.csv", [["Lohnabrechnung", "Abrechnung der Gehälter", "Beschäftigte",
                                            "01.01.2025"]], encoding="cp1252")
    result = run("import", str(source), "--into", str(tmp_path / "r"))
    assert result.exit_code == 0, result.output
    assert "read as Windows-1252 (cp1252)" in result.output
    registry = load(tmp_path / "r").registry
    assert [str(p) for p in registry.activities["lohnabrechnung"].purposes] == ["Abrechnung der Gehälter"]


def test_a_cell_longer_than_excels_limit_is_cut_with_a_gap(tmp_path: Path) -> None:
    long = "Zweck " * 7000  # 42,000 characters
    source = csv_file(tmp_path / "v.csv", [["Lohnabrechnung", long.strip(), "Beschäftigte", "01.01.2025"]])
    result = run("import", str(source), "--into", str(tmp_path / "r"))
    assert result.exit_code == 0, result.output
    act = load(tmp_path / "r").registry.activities["lohnabrechnung"]
    assert len(str(act.purposes[0])) == 32767
    (gap,) = act.gaps
    assert gap.field == "purposes" and "41999" in gap.note.get("en") and "32,767" in gap.note.get("en")


def test_more_activities_than_the_limit_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ropa.importer import build

    monkeypatch.setattr(build, "MAX_ACTIVITIES", 3)
    source = csv_file(tmp_path / "v.csv", [[f"T{i}", "Zweck", "Kunden", "01.01.2025"] for i in range(5)])
    result = run("import", str(source), "--into", str(tmp_path / "r"))
    assert result.exit_code == 2
    assert "more than 3 processing activities: refused" in result.output
    assert not (tmp_path / "r").exists()


def test_what_would_not_load_is_never_written(tmp_path: Path) -> None:
    """The in-memory check against the model stands in for loading the written files back."""
    from ropa.importer.write import write

    builder = build_file(source_csv(tmp_path))
    builder.meta["date"] = _dt.date(2025, 1, 1)
    next(iter(builder.activities.values()))["retention"] = [{"period": "zehn Jahre"}]
    with pytest.raises(ImportFailed, match="is not an ISO 8601 duration"):
        write(builder, tmp_path / "r")
    assert not (tmp_path / "r").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["v.csv"]


def test_into_the_empty_current_directory_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = source_csv(tmp_path)
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.chdir(empty)
    result = run("import", str(source), "--into", ".")
    assert result.exit_code == 2
    assert result.output.strip() == "error: .: is the current directory; give a new directory, e.g. --into registry"
    assert list(empty.iterdir()) == []


def test_the_in_memory_check_names_every_problem_and_where(tmp_path: Path) -> None:
    """Each kind of data that would not load is reported with the path to the value."""
    from ropa.importer.write import check

    builder = build_file(source_csv(tmp_path))
    builder.meta["date"] = _dt.date(2025, 1, 1)
    act = next(iter(builder.activities.values()))
    assert check(builder) == []
    del act["name"]
    act.update({
        "status": "maybe", "created": "2024-01-01", "owner": 7, "purposes": "Abrechnung", "wat": 1, "x-own": 2,
        "x-nr": "1", "data_subjects": ["beschaeftigte", "ghosts"], "dpia": "yes",
        "recipients": ["nobody", {"recipient": "nobody-else", "purpose": "p"}],
        "retention": [{"period": "zehn Jahre"}, "P1Y"],
        "transfers": [{"recipient": "nobody", "country": "XX", "mechanism": "scc", "scc_module": 2}],
        "gaps": [{"field": "name", "note": 5}]})
    problems = check(builder)
    assert problems[3].startswith("activities/lohn.status: 'maybe' not one of ('")
    assert problems[:3] + problems[4:] == [
        "activities/lohn: 'name' missing",
        "activities/lohn.purposes: not a list",
        "activities/lohn.data_subjects[1]: unknown data_subject 'ghosts'",
        "activities/lohn.created: not a date",
        "activities/lohn.owner: not text",
        "activities/lohn: unknown field 'wat'",
        "activities/lohn: unknown field 'x-own'",
        "activities/lohn.dpia: not a mapping",
        "activities/lohn.recipients[0]: unknown recipient 'nobody'",
        "activities/lohn.recipients[1].recipient: unknown recipient 'nobody-else'",
        "activities/lohn.retention[0].period: 'zehn Jahre' is not an ISO 8601 duration",
        "activities/lohn.retention[1]: not a mapping",
        "activities/lohn.transfers[0].recipient: unknown recipient 'nobody'",
        "activities/lohn.transfers[0].country: 'XX' is not a country code",
        "activities/lohn.gaps[0].note: not a text",
    ]
    builder.orgs["v"]["wat"] = "x"  # the catalogues are checked before the activities
    assert check(builder)[0] == "organisations/v: unknown field 'wat'"
