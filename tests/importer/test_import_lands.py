"""An imported record lands: it loads, validates and exports (exit 0 or 1, never 2).

The spreadsheets are in the real templates' wording (``tests.importer.layouts``): what the
sheets state plainly is read (the as-of date, the organisation in the title row, every
recipient and legal basis of a cell, periods, third countries, "keine"), a row that cannot be
read is reported and skipped, and nothing ambiguous is guessed.
"""

from __future__ import annotations

import datetime as _dt
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ropa.cli import app
from ropa.load import load
from tests.importer import layouts


def run(*args: str):
    return CliRunner().invoke(app, list(args))


def imported(tmp_path: Path, layout: str, *extra: str):
    make, ext = layouts.LAYOUTS[layout]
    source = make(tmp_path / f"{layout}.{ext}")
    into = tmp_path / "registry"
    result = run("import", str(source), "--into", str(into), *extra)
    return result, into


def activity(registry, ident: str):
    return registry.activities[ident]


def gap_fields(node) -> list[str]:
    return [g.field for g in node.gaps]


@pytest.mark.parametrize("layout", sorted(layouts.LAYOUTS))
def test_every_layout_imports_then_exports(tmp_path: Path, layout: str) -> None:
    extra = ("--date", "2025-03-01") if layout == "ico" else ()
    result, into = imported(tmp_path, layout, *extra)
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output
    loaded = load(into)
    assert not loaded.fatal
    assert loaded.registry.meta.date is not None
    for fmt in ("xlsx", "html"):
        exported = run("export", str(into), "--format", fmt, "--out", str(tmp_path / "out"))
        assert exported.exit_code in (0, 1), exported.output


def test_dsk_wide_table_reads_what_the_sheet_states(tmp_path: Path) -> None:
    result, into = imported(tmp_path, "dsk-wide")
    # row 7 has no name (and no purpose to name it by): reported, skipped, the rest imported; exit 1
    assert result.exit_code == 1, result.output
    assert "dsk-wide.xlsx: sheet VVT, row 7: no name of the processing activity" in result.output
    assert "as-of date 2025-03-01: read from sheet VVT, cell A2" in result.output
    registry = load(into).registry
    assert registry.meta.date == _dt.date(2025, 3, 1)  # "Stand: 01.03.2025"
    assert list(registry.organisations) == ["baeckerei-mueller-gmbh"]  # the title row, ids the German way
    assert registry.organisations["baeckerei-mueller-gmbh"].name == "Bäckerei Müller GmbH"
    assert sorted(registry.activities) == ["lohn-und-gehaltsabrechnung", "videoueberwachung-verkaufsraum",
                                           "webseite-mit-kontaktformular"]
    payroll = activity(registry, "lohn-und-gehaltsabrechnung")
    assert [b.basis for b in payroll.legal_bases] == ["art6-1-b", "art6-1-c"]  # "lit. b und c"
    assert [r.recipient for r in payroll.recipients] == ["steuerberater-huber-datev", "krankenkassen", "finanzamt"]
    roles = {r: registry.recipients[r].role for r in ("steuerberater-huber-datev", "krankenkassen", "finanzamt")}
    assert roles == {"steuerberater-huber-datev": "controller", "krankenkassen": "controller",
                     "finanzamt": "authority"}
    # a role not stated is a placeholder, marked as such; "Finanzamt" is read from the word, marked too
    for ident in roles:
        assert [i.field for i in registry.recipients[ident].interpretations] == ["role"]
    assert payroll.transfers == ()  # "findet nicht statt"
    assert [(r.period, str(r.trigger)) for r in payroll.retention] == [("P10Y", "Ende des Kalenderjahres")]
    assert payroll.data_categories == ("stammdaten", "bankverbindung", "steuer-id")
    web = activity(registry, "webseite-mit-kontaktformular")
    assert [(t.country, t.recipient, t.mechanism) for t in web.transfers] == [("US", "google", "unknown")]
    assert gap_fields(web) == ["transfers"]  # the mechanism is not stated: a gap quoting the cell
    assert "USA (Google)" in str(web.gaps[0].note)
    assert [r.period for r in web.retention] == ["P6M"]
    video = activity(registry, "videoueberwachung-verkaufsraum")
    assert [r.period for r in video.retention] == ["PT72H"]
    assert video.recipients == () and video.transfers == ()  # "keine"


def test_dsk_form_maps_every_row_by_its_label(tmp_path: Path) -> None:
    result, into = imported(tmp_path, "dsk-form")
    assert result.exit_code == 0, result.output
    registry = load(into).registry
    assert registry.meta.date == _dt.date(2025, 3, 1)  # the cover's "Stand"
    staff = activity(registry, "personalverwaltung")
    assert "x-" not in (into / "activities" / "personalverwaltung.yaml").read_text(encoding="utf-8")  # all mapped
    # "Löschfrist" is the retention, not a data category; the TOM row holds measures, not the description
    assert [(r.period, str(r.trigger)) for r in staff.retention] == [("P10Y", "Ende des Kalenderjahres")]
    assert [registry.data_categories[c].name.get() for c in staff.data_categories] == [
        "Stammdaten", "Arbeitszeiten", "Bankverbindung"]
    assert staff.description is None
    assert [registry.measures[m].name.get() for m in staff.measures] == ["Zugriffskontrolle, abschließbare Schränke"]
    assert [r.recipient for r in staff.recipients] == ["steuerberater-huber", "finanzamt"]
    assert registry.recipients["steuerberater-huber"].role == "processor"
    assert staff.transfers == ()
    assert [b.basis for b in staff.legal_bases] == ["art6-1-b", "bdsg-26"]
    assert (staff.created, staff.updated) == (_dt.date(2024, 1, 15), _dt.date(2025, 2, 10))
    news = activity(registry, "newsletter")
    assert [(t.country, t.recipient) for t in news.transfers] == [("US", "google")]
    assert str(news.retention[0].criterion) == "bis zum Widerruf der Einwilligung"
    assert [registry.measures[m].name.get() for m in news.measures] == ["Double-Opt-In"]


def test_ico_and_cnil_name_columns_and_bases(tmp_path: Path) -> None:
    result, into = imported(tmp_path, "ico", "--date", "2025-03-01")
    assert result.exit_code == 0, result.output
    assert "as-of date 2025-03-01: given with --date" in result.output
    registry = load(into).registry
    assert sorted(registry.activities) == ["payroll", "web-shop"]  # "Name of processing activity"
    assert [b.basis for b in registry.activities["payroll"].legal_bases] == ["art6-1-b", "art6-1-c"]
    assert "name" not in gap_fields(registry.activities["payroll"])
    (tmp_path / "cnil").mkdir()
    result, into = imported(tmp_path / "cnil", "cnil")
    assert result.exit_code == 0, result.output
    registry = load(into).registry
    assert registry.meta.date == _dt.date(2025, 1, 15)  # the latest "Date de dernière mise à jour"
    assert list(registry.activities) == ["gestion-de-la-paie"]


def test_german_excel_csv_in_cp1252(tmp_path: Path) -> None:
    result, into = imported(tmp_path, "csv")
    assert result.exit_code == 0, result.output
    registry = load(into).registry
    assert sorted(registry.activities) == ["kundenkartei", "lieferantenverwaltung"]  # "Name der Verarbeitungstätigkeit"
    assert [b.basis for b in registry.activities["lieferantenverwaltung"].legal_bases] == ["art6-1-b", "art6-1-f"]
    assert registry.meta.date == _dt.date(2025, 2, 2)


def test_no_date_is_refused_in_the_users_language_naming_the_fix(tmp_path: Path) -> None:
    source = layouts.ico(tmp_path / "ico.xlsx")
    into = tmp_path / "registry"
    result = run("import", str(source), "--into", str(into), "--lang", "de")
    assert result.exit_code == 2
    (line,) = result.output.strip().splitlines()
    assert line.startswith("Fehler: ico.xlsx: ") and "--date JJJJ-MM-TT" in line, line
    assert not into.exists()
    result = run("import", str(source), "--into", str(into), "--date", "gestern", "--lang", "de")
    assert result.exit_code == 2 and "kein Datum: 'gestern'" in result.output, result.output
    result = run("import", str(source), "--into", str(into), "--date", "01.03.2025")
    assert result.exit_code == 0 and load(into).registry.meta.date == _dt.date(2025, 3, 1)


def test_a_comma_that_may_belong_to_a_name_is_not_split(tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Stand", "01.01.2025"])
    ws.append(layouts.DSK_WIDE_HEADERS)
    ws.append([1, "Rechtsberatung", None, "Beratung", "Art. 6 Abs. 1 lit. c DSGVO", "Beschäftigte", "Name",
               "Müller, Schmidt & Partner", "keine", "6 Jahre", "Verschluss"])
    wb.save(tmp_path / "v.xlsx")
    result = run("import", str(tmp_path / "v.xlsx"), "--into", str(tmp_path / "r"))
    assert result.exit_code == 0, result.output
    registry = load(tmp_path / "r").registry
    act = registry.activities["rechtsberatung"]
    assert [registry.recipients[r.recipient].name for r in act.recipients] == ["Müller, Schmidt & Partner"]
    assert gap_fields(act) == ["recipients"]


ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "docs" / "examples" / "verzeichnis-beispiel.xlsx"


def test_the_sample_spreadsheet_is_what_its_script_writes() -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_sample", ROOT / "docs" / "examples" / "make_sample.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.data() == SAMPLE.read_bytes(), "run: python docs/examples/make_sample.py"


def test_the_readme_sample_imports_and_exports(tmp_path: Path) -> None:
    into = tmp_path / "baeckerei"
    result = run("import", str(SAMPLE), "--into", str(into))
    assert result.exit_code == 0, result.output
    assert "wrote 4 processing activities" in result.output
    registry = load(into).registry
    assert registry.meta.date == _dt.date(2025, 3, 1)
    assert registry.organisations["baeckerei-mueller-gmbh"].name == "Bäckerei Müller GmbH"
    assert sorted(registry.activities) == ["kundenbestellungen-torten", "lohn-und-gehaltsabrechnung",
                                           "videoueberwachung-verkaufsraum", "webseite-mit-kontaktformular"]
    exported = run("export", str(into), "--format", "xlsx", "--out", str(tmp_path / "out"), "--lang", "de")
    assert exported.exit_code in (0, 1), exported.output


def test_show_mapping_says_what_the_title_rows_state() -> None:
    result = run("import", str(SAMPLE), "--show-mapping", "--lang", "de")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[:3] == [
        "Blatt VVT: Tabelle der Verarbeitungstätigkeiten (activities), Kopfzeile 4",
        "  A1 'Verzeichnis von Verarbeitungstätigkeiten der Bäckerei Müller GmbH' -> die Organisation "
        "'Bäckerei Müller GmbH' (Titelzeile)",
        "  A2 'Stand: 01.03.2025' -> Stand 2025-03-01"]


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_on_a_terminal_the_date_is_asked_for_in_german(tmp_path: Path) -> None:
    """No date in the sheet, no --date, a terminal: the import asks (in German), re-asks on an
    answer that is no date, and records the answer."""
    import os
    import pty
    import time

    source = layouts.ico(tmp_path / "ico.xlsx")
    into = tmp_path / "registry"
    ropa = str(Path(sys.executable).parent / "ropa")
    pid, fd = pty.fork()
    if pid == 0:  # the child: the real command on the pseudo-terminal
        os.execv(ropa, [ropa, "import", str(source), "--into", str(into), "--lang", "de"])
    out = b""

    def until(text: bytes, limit: float = 120) -> None:  # a hang guard, not a timing
        nonlocal out
        end = time.monotonic() + limit
        while text not in out and time.monotonic() < end:
            try:
                out += os.read(fd, 4096)
            except OSError:
                return

    until(b"TT.MM.JJJJ): ")
    os.write(fd, b"morgen\r")
    until(b"kein Datum: 'morgen'")
    os.write(fd, b"01.03.2025\r")
    until(b"weiter: ropa validate")
    os.waitpid(pid, 0)
    text = out.decode()
    assert "Stand des Verzeichnisses (JJJJ-MM-TT oder TT.MM.JJJJ): " in text
    assert "Stand 2025-03-01: wie eingegeben" in text, text
    assert load(into).registry.meta.date == _dt.date(2025, 3, 1)
