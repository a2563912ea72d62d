"""`ropa export`: every format read back, determinism, formula and HTML safety, atomic writes."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from ropa.cli import app
from ropa.export import FORMATS, check_outputs, render, snapshot, write_outputs

SAMPLE = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "sample"

runner = CliRunner()


@pytest.fixture(scope="module")
def outputs():
    return {o.name: o.data for o in render(snapshot(SAMPLE), list(FORMATS))}


def workbook(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data))


def rows(ws):
    return [list(r) for r in ws.iter_rows(values_only=True)]


def by_id(ws):
    """Rows by their id: column B (column A is the running number "Nr.")."""
    table = rows(ws)
    header = table[0]
    assert header[0] in ("Nr.", "No.") and [r[0] for r in table[1:]] == list(range(1, len(table)))
    return header, {r[1]: dict(zip(header, r)) for r in table[1:]}


def csv_rows(data: bytes, delimiter: str = ";"):
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=delimiter))


def test_file_names(outputs):
    assert {"ropa-example-de.xlsx", "ropa-example-en.xlsx", "ropa-example-de.md", "ropa-example-en.html",
            "ropa-example-de-activities.csv", "ropa-example.json", "ropa-example.jsonld"} <= set(outputs)
    assert not any("findings" in name for name in outputs)  # the findings are the review report's


def test_xlsx_sheets_and_headers_in_both_languages(outputs):
    de = workbook(outputs["ropa-example-de.xlsx"])
    en = workbook(outputs["ropa-example-en.xlsx"])
    assert de.sheetnames == ["Deckblatt", "Formular (DSK-Muster)", "Verarbeitungstätigkeiten", "Empfänger",
                             "Drittlandübermittlungen", "TOM"]
    assert en.sheetnames == ["Cover", "Record form", "Processing activities", "Recipients",
                             "Third-country transfers", "Security measures"]
    header_de = rows(de["Verarbeitungstätigkeiten"])[0]
    header_en = rows(en["Processing activities"])[0]
    assert "Zwecke der Verarbeitung (Art. 30 Abs. 1 lit. b)" in header_de
    assert "Fristen für die Löschung (Art. 30 Abs. 1 lit. f)" in header_de
    assert "Purpose of processing (Art. 30(1)(b))" in header_en
    assert "Categories of individuals (Art. 30(1)(c))" in header_en
    ws = de["Verarbeitungstätigkeiten"]
    assert ws.freeze_panes == "C2" and ws.auto_filter.ref == "A1:W3"  # Nr. and 22 columns
    assert ws.print_title_rows == "$1:$1" and ws.print_title_cols == "$A:$B"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
    # wide: printed at 100 % across as many pages as needed, not shrunk to one page
    assert ws.page_setup.scale in (None, 100) and not (ws.sheet_properties.pageSetUpPr and ws.sheet_properties.pageSetUpPr.fitToPage)
    assert ws.page_setup.pageOrder == "overThenDown"
    assert ws["B2"].alignment.wrap_text and ws["A1"].font.bold


def test_xlsx_cells_of_known_activities(outputs):
    en = workbook(outputs["ropa-example-en.xlsx"])
    header, acts = by_id(en["Processing activities"])
    logs = acts["web-server-logs"]
    assert logs["Name of the processing activity"] == "Server log files"
    assert logs["Purpose of processing (Art. 30(1)(b))"] == "Error-free delivery of the website"
    assert logs["Retention schedule (Art. 30(1)(f))"] == "7 days from Time of the request"
    analytics = acts["web-analytics"]
    assert analytics["Lawful basis (Article 6, 9, 10)"].startswith("Art. 6(1)(a) GDPR (consent)")
    transfers = analytics[next(h for h in header if h.startswith("Names of third countries"))]
    assert transfers == ("United States (US): Analytics Inc. – EU-US Data Privacy Framework "
                         "(Art. 45 GDPR, Decision (EU) 2023/1795)")
    de = workbook(outputs["ropa-example-de.xlsx"])
    _, trans = by_id(de["Drittlandübermittlungen"])
    assert trans["web-analytics"]["Drittland (Art. 30 Abs. 1 lit. e)"] == "Vereinigte Staaten (US)"
    _, recs = by_id(de["Empfänger"])
    assert recs["hoster"]["Vertrag"] == "Auftragsverarbeitungsvertrag (Art. 28 Abs. 3 DSGVO), AVV-2023-01, 01.05.2023"
    cover = {r[0]: r[1] for r in rows(de["Deckblatt"]) if r and r[0]}
    assert cover["Name"] == "Example GmbH"
    assert cover["Stand"].date().isoformat() == "2024-01-15"  # a date cell, shown as TT.MM.JJJJ
    assert len(cover["Prüfsumme der Registerdateien (SHA-256)"]) == 64
    assert de.properties.created.date().isoformat() == "2024-01-15"


def test_markdown_and_html_show_the_same_facts(outputs):
    md = outputs["ropa-example-en.md"].decode()
    page = outputs["ropa-example-de.html"].decode()
    assert "| Retention schedule (Art. 30(1)(f)) | 7 days from Time of the request |" in md
    assert "United States (US): Analytics Inc. – EU-US Data Privacy Framework" in md
    assert "Vereinigte Staaten (US): Analytics Inc. – EU-US Data Privacy Framework" in page
    assert "Art. 6 Abs. 1 lit. a DSGVO (Einwilligung)" in page
    assert '<a href="#activities">Verarbeitungstätigkeiten</a>' in page  # table of contents
    for external in ("<script", "<link", "<img", "http://", "https://", "@import", "url("):
        assert external not in page


def test_csv_default_is_the_excel_dialect(outputs):
    """BOM, ';' in German, ',' in English, CRLF: what a spreadsheet opens by double-click."""
    data = outputs["ropa-example-de-activities.csv"]
    table = csv_rows(data, ";")
    assert table[0][1] == "Bezeichnung der Verarbeitungstätigkeit" and table[1][0] == "web-server-logs"
    assert data.count(b"\r\n") >= len(table) and b";" in data.split(b"\r\n")[0]
    english = csv_rows(outputs["ropa-example-en-activities.csv"], ",")
    assert english[0][1] == "Name of the processing activity" and len(english[0]) == len(table[0])


def test_csv_rfc4180_dialect(tmp_path):
    plain = render(snapshot(SAMPLE), ["csv"], ["de"], csv_dialect="rfc4180")
    assert all(not o.data.startswith(b"\xef\xbb\xbf") for o in plain)
    table = list(csv.reader(io.StringIO(plain[1].data.decode("utf-8"), newline="")))
    assert table[0][1] == "Bezeichnung der Verarbeitungstätigkeit"
    result = runner.invoke(app, ["export", str(SAMPLE), "--out", str(tmp_path), "-f", "csv", "--csv-dialect", "x"])
    assert result.exit_code == 2 and "csv dialect" in result.output
    assert "--csv-dialect" in runner.invoke(app, ["export", "--help"]).output


def test_json_structure(outputs):
    doc = json.loads(outputs["ropa-example.json"])
    assert doc["format"] == "ropa-export/2" and "findings" not in doc
    assert doc["registry"]["date"] == "2024-01-15"
    act = {a["id"]: a for a in doc["activities"]}["web-analytics"]
    assert act["transfers"][0] == {**act["transfers"][0], "recipient": "analytics-inc", "country": "US",
                                   "mechanism": "dpf"}
    assert act["recipients"][0]["at"] == "activities/website.yaml:37"
    assert doc["vocabulary"]["legal_bases"]["art6-1-a"]["dpv"] == "eu-gdpr:A6-1-a"


def test_jsonld_parses_and_uses_dpv_iris(outputs):
    rdflib = pytest.importorskip("rdflib")
    g = rdflib.Graph().parse(data=outputs["ropa-example.jsonld"].decode(), format="json-ld")
    DPV = rdflib.Namespace("https://w3id.org/dpv#")
    GDPR = rdflib.Namespace("https://w3id.org/dpv/legal/eu/gdpr#")
    LOC = rdflib.Namespace("https://w3id.org/dpv/loc#")
    PD = rdflib.Namespace("https://w3id.org/dpv/pd#")
    analytics = rdflib.URIRef("urn:ropa:example:activity/web-analytics")
    logs = rdflib.URIRef("urn:ropa:example:activity/web-server-logs")
    assert (analytics, rdflib.RDF.type, DPV.Process) in g
    assert (analytics, DPV.hasLegalBasis, GDPR["A6-1-a"]) in g
    assert (logs, DPV.hasLegalBasis, GDPR["A6-1-f"]) in g
    assert (logs, DPV.hasPersonalData, PD.IPAddress) in g
    transfers = list(g.objects(analytics, DPV.hasProcess))
    assert len(transfers) == 1
    assert (transfers[0], rdflib.RDF.type, DPV.CrossBorderTransfer) in g
    assert (transfers[0], DPV.hasThirdCountry, LOC.US) in g
    assert (transfers[0], DPV.hasLegalBasis, GDPR["A45-3"]) in g
    assert list(g.objects(logs, DPV.hasStorageCondition))


def test_two_exports_are_byte_identical(tmp_path, outputs):
    again = {o.name: o.data for o in render(snapshot(SAMPLE), list(FORMATS))}
    assert again == outputs
    for run in ("a", "b"):
        assert runner.invoke(app, ["export", str(SAMPLE), "--out", str(tmp_path / run)]).exit_code == 0
    digest = {run: {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in (tmp_path / run).iterdir()}
              for run in ("a", "b")}
    assert digest["a"] == digest["b"] and len(digest["a"]) == len(outputs)


def _registry_with(tmp_path: Path, old: str, new: str) -> Path:
    root = tmp_path / "reg"
    shutil.copytree(SAMPLE, root)
    path = root / "activities" / "website.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return root


def test_formula_stays_text_in_xlsx_and_csv(tmp_path):
    root = _registry_with(tmp_path, "purposes: [Reichweitenmessung]",
                          "purposes: ['=HYPERLINK(\"http://x\")', '@SUM(1)', '-1+2']")
    out = {o.name: o.data for o in render(snapshot(root), ["xlsx", "csv"], ["de"])}
    ws = workbook(out["ropa-example-de.xlsx"])["Verarbeitungstätigkeiten"]
    header = [c.value for c in ws[1]]
    col = header.index("Zwecke der Verarbeitung (Art. 30 Abs. 1 lit. b)") + 1
    cell = ws.cell(row=3, column=col)
    assert cell.value == '=HYPERLINK("http://x")\n@SUM(1)\n-1+2'
    assert cell.data_type == "s" and cell.quotePrefix
    with zipfile.ZipFile(io.BytesIO(out["ropa-example-de.xlsx"])) as z:
        assert all(b"<f>" not in z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/"))
    table = csv_rows(out["ropa-example-de-activities.csv"])
    assert table[2][header.index("Zwecke der Verarbeitung (Art. 30 Abs. 1 lit. b)") - 1].startswith("'=HYPERLINK(")


def test_html_and_markdown_escape_registry_text(tmp_path):
    root = _registry_with(tmp_path, "name: {de: Webanalyse, en: Web analytics}",
                          "name: {de: '<script>alert(1)</script> & \"x\"', en: '| *bold* <b>'}")
    out = {o.name: o.data.decode() for o in render(snapshot(root), ["html", "md"])}
    assert "<script>alert" not in out["ropa-example-de.html"]
    # escaped; <wbr> after the slash is a break opportunity, not markup of the registry's
    assert "&lt;script&gt;alert(1)&lt;/<wbr>script&gt; &amp; &quot;x&quot;" in out["ropa-example-de.html"]
    assert r"\| \*bold\* \<b\>" in out["ropa-example-en.md"]


def test_check_reports_missing_and_stale_files(tmp_path):
    out = tmp_path / "exports"
    assert runner.invoke(app, ["export", str(SAMPLE), "--out", str(out), "-f", "md", "-f", "json"]).exit_code == 0
    ok = runner.invoke(app, ["export", str(SAMPLE), "--out", str(out), "-f", "md,json", "--check"])
    assert ok.exit_code == 0
    (out / "ropa-example.json").write_text("{}")
    (out / "ropa-example-en.md").unlink()
    bad = runner.invoke(app, ["export", str(SAMPLE), "--out", str(out), "-f", "md,json", "--check"],
                        env={"ROPA_LANG": "en"})
    assert bad.exit_code == 1
    assert "ropa-example.json: differs from a fresh export" in bad.output
    assert "ropa-example-en.md: missing" in bad.output


def test_lang_and_organisation_options(tmp_path):
    result = runner.invoke(app, ["export", str(SAMPLE), "--out", str(tmp_path), "-f", "xlsx", "--lang", "en",
                                 "--organisation", "example"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ropa-example-en.xlsx"]
    unknown = runner.invoke(app, ["export", str(SAMPLE), "--out", str(tmp_path), "--organisation", "nope"])
    assert unknown.exit_code == 2 and "unknown organisation 'nope'" in unknown.output


def test_unreadable_registry_exits_2_and_touches_nothing(tmp_path):
    out = tmp_path / "exports"
    assert runner.invoke(app, ["export", str(SAMPLE), "--out", str(out), "-f", "json"]).exit_code == 0
    before = (out / "ropa-example.json").read_bytes()
    root = _registry_with(tmp_path, "activities:", "activities: [\n")
    result = runner.invoke(app, ["export", str(root), "--out", str(out), "-f", "json"])
    assert result.exit_code == 2
    assert "website.yaml:" in result.output and "RP006" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert (out / "ropa-example.json").read_bytes() == before


def test_failed_render_leaves_previous_files(tmp_path, monkeypatch):
    out = tmp_path / "exports"
    snap = snapshot(SAMPLE)
    write_outputs(render(snap, ["md", "json"]), out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    from ropa.export import to_json

    def boom(_snap):
        raise RuntimeError("renderer failed")

    monkeypatch.setattr(to_json, "render", boom)
    with pytest.raises(RuntimeError):
        write_outputs(render(snap, ["md", "json"]), out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_registry_with_findings_still_exports(tmp_path):
    root = _registry_with(tmp_path, "recipients: [hoster]", "recipients: [no-such-recipient]")
    out = {o.name: o.data for o in render(snapshot(root), ["xlsx"], ["en"], kinds=("record", "report"))}
    assert "ropa-example-en.xlsx" in out
    table = rows(workbook(out["review-example-en.xlsx"])["Findings by activity and cause"])
    found = [dict(zip(table[0], r)) for r in table[1:]]
    rp015 = [f for f in found if f["Cause (rule)"].startswith("RP015")]
    assert rp015 and rp015[0]["Registry file and line"] == "activities/website.yaml:14"
    assert check_outputs(render(snapshot(root), ["md"], ["en"]), tmp_path) == [("ropa-example-en.md", "missing")]


def test_cold_start_imports_no_heavy_libraries():
    code = ("import sys; import ropa.cli; from ropa.export import snapshot, render; "
            f"render(snapshot({str(SAMPLE)!r}), ['csv', 'md', 'html', 'json', 'jsonld']); "
            "print(sorted(m for m in ('openpyxl', 'xlsxwriter', 'rdflib', 'pyld') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
