"""`ropa import` of the records people keep: DSK form, ICO table, CNIL registre, German Excel csv.

Each import loads, validates with exactly the gaps the spreadsheet leaves (what it does not
say or what could not be read), and every fact cites the spreadsheet cell it came from.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ropa.check import check
from ropa.cli import app
from ropa.edit.fmt import format_text
from ropa.importer import import_file, plan_file
from ropa.load import load
from tests.importer import sheets

AS_OF = _dt.date(2025, 1, 1)  # the sheets state no as-of date: given, as with --date


def imported(tmp_path: Path, source: Path):
    into = tmp_path / "registry"
    written = import_file(source, into, date=AS_OF)
    result = load(into)
    assert not result.fatal, [str(f) for f in result.findings if f.fatal]
    loader_errors = [str(f) for f in result.findings if f.code.startswith("RP0")]
    assert loader_errors == []
    for path in written:  # in ropa fmt's layout already
        text = path.read_text(encoding="utf-8")
        assert format_text(text) == text, path
    return result.registry, check(result)


def cell(activity, fact: str) -> tuple[str, int, str]:
    """The (sheet, row, column) the activity cites for ``fact``: exactly one."""
    found = [(s.sheet, s.row, s.column) for s in activity.sources if s.fact == fact]
    assert len(found) == 1, (activity.id, fact, found)
    return found[0]


def gaps(registry) -> set[tuple[str, str]]:
    out = {(a.id, g.field) for a in registry.activities.values() for g in a.gaps}
    out |= {(r.id, g.field) for r in registry.recipients.values() for g in r.gaps}
    out |= {(o.id, g.field) for o in registry.organisations.values() for g in o.gaps}
    return out


def test_dsk_form_with_cover_sheet(tmp_path: Path) -> None:
    registry, report = imported(tmp_path, sheets.dsk_form(tmp_path / "vvt.xlsx"))
    org = registry.organisations["muster-gmbh"]
    assert (org.name, org.phone, org.email, org.website) == ("Muster GmbH", "030 123456", "info@muster.example",
                                                             "https://muster.example")
    assert (org.address.street, org.address.postal_code, org.address.city) == ("Hauptstraße 1", "10115", "Berlin")
    assert (org.dpo.name, org.dpo.email) == ("Erika Beispiel", "dsb@muster.example")
    payroll = registry.activities["lohn-und-gehaltsabrechnung"]
    assert payroll.created == _dt.date(2024, 1, 15)
    assert [str(p) for p in payroll.purposes] == ["Abrechnung der Löhne und Gehälter"]
    assert [lb.basis for lb in payroll.legal_bases] == ["art6-1-b", "art6-1-c"]
    # "i.V.m. § 41 EStG" is not read into `statute`: kept verbatim, with a gap
    assert str(payroll.legal_bases[1].notes) == "Art. 6 Abs. 1 lit. c DSGVO i.V.m. § 41 EStG"
    assert [registry.data_categories[c].name.get() for c in payroll.data_categories] == [
        "Name", "Anschrift", "Bankverbindung"]
    assert payroll.transfers == ()  # "findet nicht statt und ist auch nicht geplant"
    assert [r.recipient for r in payroll.recipients] == ["steuerberater", "finanzamt"]
    assert registry.recipients["steuerberater"].role == "processor"  # stated in the cell
    assert registry.recipients["finanzamt"].role == "authority"  # read from a word: marked
    assert [i.field for i in registry.recipients["finanzamt"].interpretations] == ["role"]
    assert [r.period for r in payroll.retention] == ["P10Y"]
    assert payroll.measures == ("zugriffskontrolle", "verschluesselung")  # ü -> ue
    assert {i.field for i in payroll.interpretations} == {"measures"}  # kinds are placeholders
    applicants = registry.activities["bewerbermanagement"]
    assert applicants.created == _dt.date(2024, 3, 1)  # "01.03.2024" as text
    assert [lb.basis for lb in applicants.legal_bases] == ["art6-1-b", "art6-1-a"]
    assert applicants.recipients == ()  # "keine"
    assert [(r.period, str(r.trigger)) for r in applicants.retention[:1]] == [("P6M", "Abschluss des Verfahrens")]
    assert str(applicants.retention[1].criterion) == "bis zum Widerruf der Einwilligung"
    assert applicants.measures == ("zugriffskontrolle",)  # one catalogue entry for the repeated text
    assert gaps(registry) == {
        ("lohn-und-gehaltsabrechnung", "legal_bases"), ("bewerbermanagement", "retention"),
        ("steuerberater", "country"), ("finanzamt", "country")}
    # the form's value cells (B, merged over B:D), row by row
    assert cell(payroll, "name") == ("VVT", 1, "B")
    assert cell(payroll, "created") == ("VVT", 2, "B")
    assert cell(payroll, "legal_bases") == ("VVT", 5, "B")
    assert cell(payroll, "measures") == ("VVT", 11, "B")
    assert cell(applicants, "retention") == ("VVT", 21, "B")
    assert not [f for f in report.findings if f.code.startswith("RP0")]


def test_ico_template_english_headers(tmp_path: Path) -> None:
    registry, _ = imported(tmp_path, sheets.ico_table(tmp_path / "ico.xlsx"))
    org = registry.organisations["acme-ltd"]
    assert (org.name, org.email, org.phone) == ("ACME Ltd", "privacy@acme.example", "020 7946 0000")
    assert str(org.notes) == "1 High Street, London"  # no postcode: not read as an address
    payroll, newsletter, prospects = (registry.activities[i] for i in ("payroll", "newsletter", "prospect-research"))
    # the ICO template has no name column: the name is the purpose, and says so
    assert (payroll.id, str(payroll.name), payroll.owner) == ("payroll", "Payroll", "HR")
    assert [lb.basis for lb in payroll.legal_bases] == ["art6-1-b", "art6-1-c"]
    assert payroll.transfers == ()
    assert payroll.extra["x-link-to-contract-with-processor"] == "contracts/payroll.pdf"
    assert registry.recipients["payroll-provider"].role == "processor"
    assert [(t.recipient, t.country, t.mechanism) for t in newsletter.transfers] == [("mailchimp", "US", "scc")]
    assert registry.recipients["mailchimp"].country == "US"
    assert [lb.basis for lb in newsletter.legal_bases] == ["art6-1-a"]
    assert str(newsletter.retention[0].criterion) == "Until consent is withdrawn"
    assert prospects.recipients == ()  # "none"
    assert prospects.legal_bases[0].basis == "art6-1-f"
    assert str(prospects.legal_bases[0].interest) == "Direct marketing to business contacts"
    assert gaps(registry) == {
        ("payroll", "name"), ("newsletter", "name"), ("prospect-research", "name"),
        ("newsletter", "retention"), ("prospect-research", "dpia"),
        ("hmrc", "country"), ("payroll-provider", "country"), ("acme-ltd", "address")}
    assert cell(newsletter, "transfers") == ("Controller", 8, "H")
    # the basis and the interest beside it (column N) both support the legal basis
    assert [(s.sheet, s.row, s.column) for s in prospects.sources if s.fact == "legal_bases"] == [
        ("Controller", 9, "L"), ("Controller", 9, "N")]
    assert cell(payroll, "x-link-to-contract-with-processor") == ("Controller", 7, "G")


def test_cnil_registre_french_headers(tmp_path: Path) -> None:
    registry, _ = imported(tmp_path, sheets.cnil_registre(tmp_path / "registre.xlsx"))
    org = registry.organisations["exemple-sas"]
    assert (org.address.street, org.address.postal_code, org.address.city) == ("1 rue de la Paix", "75002", "Paris")
    paie = registry.activities["gestion-de-la-paie"]
    assert paie.created == _dt.date(2023, 9, 1)
    assert [lb.basis for lb in paie.legal_bases] == ["art6-1-c"]  # "Obligation légale"
    assert [r.period for r in paie.retention] == ["P5Y"]  # "5 ans"
    assert paie.transfers == ()  # "Aucun"
    assert [(r.recipient, registry.recipients[r.recipient].role) for r in paie.recipients] == [
        ("service-rh", "internal"), ("prestataire-de-paie", "processor")]  # by the column they are in
    assert paie.extra["x-donnees-sensibles"] == "Non"
    video = registry.activities["videosurveillance"]
    assert [lb.basis for lb in video.legal_bases] == ["art6-1-f"]
    assert [registry.data_subjects[s].name.get() for s in video.data_subjects] == ["Salariés", "Visiteurs"]
    assert [r.period for r in video.retention] == ["P30D"]
    assert video.recipients is None  # not stated: left out, the validator asks
    assert gaps(registry) == {("service-rh", "country"), ("prestataire-de-paie", "country")}
    assert cell(paie, "retention") == ("Fiche 1", 10, "B")
    assert cell(video, "name") == ("Fiche 2", 2, "B")


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1252"])
def test_csv_in_german_excel_dialect(tmp_path: Path, encoding: str) -> None:
    source = sheets.german_excel_csv(tmp_path / "verzeichnis.csv", encoding)
    assert source.read_bytes().count(b"\r\n") >= 3
    plan = plan_file(source)
    assert (plan.book.encoding, plan.book.delimiter) == (encoding if encoding == "cp1252" else "utf-8-sig", ";")
    registry, _ = imported(tmp_path, source)
    customers = registry.activities["kundenverwaltung"]
    assert customers.extra["x-nr"] == "1"  # a running number, kept; the id comes from the name
    assert [str(p) for p in customers.purposes] == ["Verwaltung der Kundenbeziehung", "Rechnungsstellung"]
    assert customers.created == _dt.date(2024, 2, 1)
    assert (customers.recipients, customers.transfers) == ((), ())
    web = registry.activities["webanalyse"]
    assert [lb.basis for lb in web.legal_bases] == ["art6-1-f"]  # "berechtigtes Interesse"
    assert registry.recipients["analyseanbieter"].country == "IE"  # "Irland"
    assert [r.period for r in web.retention] == ["P14M"]
    assert web.created is None
    assert gaps(registry) == {("webanalyse", "created"), ("verzeichnis", "name")}
    assert "irgendwann" in web.gaps[0].note.get("de")
    assert cell(web, "recipients") == ("verzeichnis", 3, "G")
    assert cell(customers, "purposes") == ("verzeichnis", 2, "C")


def test_show_mapping_prints_each_column_and_writes_nothing(tmp_path: Path) -> None:
    source = sheets.ico_table(tmp_path / "ico.xlsx")
    into = tmp_path / "registry"
    result = CliRunner().invoke(app, ["import", str(source), "--into", str(into), "--show-mapping"])
    assert result.exit_code == 0, result.output
    assert "  B 'Purpose of processing' -> purposes" in result.output
    assert "-> no field of the record: kept verbatim as x-link-to-contract-with-processor" in result.output
    assert not into.exists()
    german = CliRunner().invoke(app, ["import", str(source), "--show-mapping", "--lang", "de"])
    assert "Blatt Controller: Tabelle der Verarbeitungstätigkeiten (activities), Kopfzeile 6" in german.output


def test_map_file_names_a_column_the_wordings_do_not_know(tmp_path: Path) -> None:
    source = tmp_path / "odd.csv"
    source.write_text("Vorgang;Wozu;Wer;Intern\nNewsletter;Werbung;Kunden;x\n", encoding="utf-8")
    mapping = tmp_path / "map.yaml"
    mapping.write_text("Vorgang: activity\nWozu: purposes\nWer: data_subjects\nIntern: ignore\n", encoding="utf-8")
    runner = CliRunner()
    shown = runner.invoke(app, ["import", str(source), "--map", str(mapping), "--show-mapping"])
    assert shown.exit_code == 0, shown.output
    assert "  A 'Vorgang' -> activity (map file)" in shown.output
    assert "  D 'Intern' -> ignored (map file)" in shown.output
    result = runner.invoke(app, ["import", str(source), "--map", str(mapping), "--into", str(tmp_path / "r"), "--date", "2025-01-01"])
    assert result.exit_code == 0, result.output
    activity = load(tmp_path / "r").registry.activities["newsletter"]
    assert [str(p) for p in activity.purposes] == ["Werbung"]
    assert "x-intern" not in activity.extra
    mapping.write_text("Vorgang: aktivität\n", encoding="utf-8")
    bad = runner.invoke(app, ["import", str(source), "--map", str(mapping), "--show-mapping"])
    assert bad.exit_code == 2
    assert "unknown field 'aktivität' for 'Vorgang'" in bad.output


def test_show_names_the_spreadsheet_cell_of_each_fact(tmp_path: Path) -> None:
    source = sheets.dsk_form(tmp_path / "vvt.xlsx")
    into = tmp_path / "registry"
    import_file(source, into, date=AS_OF)
    result = CliRunner().invoke(app, ["show", "lohn-und-gehaltsabrechnung", "-r", str(into), "--lang", "de"])
    assert result.exit_code == 0, result.output
    assert "[Quelle: vvt.xlsx, Blatt VVT, Zelle B11]" in result.output  # TOM
    english = CliRunner().invoke(app, ["show", "lohn-und-gehaltsabrechnung", "-r", str(into)])
    assert "[Source: vvt.xlsx, sheet VVT, cell B5]" in english.output  # legal bases


def test_into_must_be_new_or_empty(tmp_path: Path) -> None:
    source = sheets.german_excel_csv(tmp_path / "v.csv")
    into = tmp_path / "registry"
    into.mkdir()
    (into / "keep.txt").write_text("mine", encoding="utf-8")
    result = CliRunner().invoke(app, ["import", str(source), "--into", str(into)])
    assert result.exit_code == 2
    assert result.output.strip().splitlines()[-1] == f"error: {into}: exists and is not empty; nothing written"
    assert sorted(p.name for p in into.iterdir()) == ["keep.txt"]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary directory left


@pytest.mark.parametrize("lang", ["de", "en"])
def test_show_mapping_of_an_export_speaks_one_language_and_knows_the_cover_heading(lang: str) -> None:
    """The cover's "Angaben zum Verantwortlichen: X" row is the block the import reads the
    organisation from: --show-mapping says so instead of "not recognised"; every line is in the
    chosen language (the spreadsheet's own headers in quotes, and the field keys a --map file
    uses after "->", are not ropa's words)."""
    import re

    from tests.test_i18n import ALLOWED, _leaks

    source = Path(__file__).resolve().parents[2] / "exports" / f"ropa-facts42-{lang}.xlsx"
    result = CliRunner().invoke(app, ["import", str(source), "--show-mapping", "--lang", lang])
    assert result.exit_code == 0, result.output
    heading = {"de": "  A3 'Angaben zum Verantwortlichen: FACTS42 GmbH' -> Überschrift der Organisation 'FACTS42 GmbH'",
               "en": "  A3 'Controller: FACTS42 GmbH' -> heading of the organisation 'FACTS42 GmbH'"}[lang]
    assert heading in result.output
    keys = re.sub(r"-> [a-z_:]+(?=$| \(|:)", "->", result.output, flags=re.M)
    keys = re.sub(r"\((activities|recipients|measures|transfers|findings)\)", "", keys)  # a --map file's sections
    assert {line for line in keys.splitlines() if _leaks(line, lang) - ALLOWED} == set()
