"""The FACTS42 registry's reports: facts as recorded, and the committed exports/ are current."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest

from ropa.export import check_outputs, render, snapshot, snapshots, unique_names

ROOT = Path(__file__).resolve().parents[2]
REGISTRY = ROOT / "registry"
EXPORTS = ROOT / "exports"


@pytest.fixture(scope="module")
def facts42():
    snap = snapshot(REGISTRY)
    assert "web-google-analytics" in snap.registry.activities
    return snap


# one xdist worker runs the module (``--dist loadgroup``): the files below are rendered once
pytestmark = pytest.mark.xdist_group("export-facts42")

# every file `ropa export registry --kind all` writes (what exports/ holds), rendered once for the
# module: the library calls the command makes (the command itself runs as a process in
# tests/test_readme_commands.py, `ropa export registry --check`)
EVERY_FORMAT = ("xlsx", "csv", "md", "html", "pdf", "json", "jsonld")


@pytest.fixture(scope="module")
def everything():
    outputs = [o for snap in snapshots(REGISTRY) for o in render(snap, EVERY_FORMAT, kinds=("record", "report"))]
    unique_names(outputs)
    return outputs


@pytest.fixture(scope="module")
def files(everything):
    return {o.name: o.data for o in everything}


def _row(ws, ident):
    table = [list(r) for r in ws.iter_rows(values_only=True)]
    return dict(zip(table[0], next(r for r in table[1:] if r[1] == ident)))  # A: "Nr.", B: the id


def test_google_analytics_row_as_recorded(facts42, files):
    activity = facts42.registry.activities["web-google-analytics"]
    transfer = activity.transfers[0]
    wb = openpyxl.load_workbook(io.BytesIO(files["ropa-facts42-de.xlsx"]))
    row = _row(wb["Verarbeitungstätigkeiten"], "web-google-analytics")
    assert row["Rechtsgrundlage"].startswith("Art. 6 Abs. 1 lit. f DSGVO (berechtigte Interessen)")
    transfers = row["Drittlandübermittlung (Drittland, Empfänger, Übermittlungsgrundlage) (Art. 30 Abs. 1 lit. e)"]
    assert transfer.country == "US" and transfer.mechanism == "none"
    assert transfers.startswith("Vereinigte Staaten (US): ")
    assert transfers.endswith("– Keine Übermittlungsgrundlage angegeben")  # the mechanism as recorded: none stated
    # the record form shows the gap the registry records there in brief, at its field
    card = files["ropa-facts42-de.md"].decode().split("### web-google-analytics:")[1].split("\n### ")[0]
    line = next(x for x in card.splitlines() if x.startswith("| Drittlandübermittlung"))
    assert "Keine Übermittlungsgrundlage angegeben<br>Lücke: " in line
    safeguards = row["Dokumentation geeigneter Garantien (Art. 30 Abs. 1 lit. e)"]
    assert "IP-Anonymisierung" in safeguards
    en = openpyxl.load_workbook(io.BytesIO(files["ropa-facts42-en.xlsx"]))
    row_en = _row(en["Processing activities"], "web-google-analytics")
    assert row_en["Lawful basis (Article 6, 9, 10)"].startswith("Art. 6(1)(f) GDPR (legitimate interests)")
    assert "Analysing user behaviour" in row_en["Lawful basis (Article 6, 9, 10)"]
    for name in ("ropa-facts42-en.md", "ropa-facts42-en.html"):
        text = files[name].decode()
        assert "United States (US): " in text and "No transfer mechanism stated" in text
    assert "Art. 6 Abs. 1 lit. f DSGVO (berechtigte Interessen)" in files["ropa-facts42-de.html"].decode()


def test_the_record_has_no_findings_the_review_report_has_them_all(facts42, files):
    """Issue 23: what goes to an authority is the record; the findings are the DPO's working file."""
    wb = openpyxl.load_workbook(io.BytesIO(files["ropa-facts42-en.xlsx"]))
    assert {"Cover", "Processing activities", "Recipients", "Third-country transfers",
            "Security measures"} <= set(wb.sheetnames)
    assert not any("finding" in name.lower() for name in wb.sheetnames)
    if facts42.activities("processor"):
        assert "Processor activities" in wb.sheetnames
    alone = render(facts42, ["md"], ["en"], kinds=("report",))  # the review report alone, as asked
    assert [(o.name, o.data) for o in alone] == [("review-facts42-en.md", files["review-facts42-en.md"])]
    report = {name: files[name] for name in ("review-facts42-en.xlsx", "review-facts42-en.pdf",
                                             "review-facts42-en.md")}
    rb = openpyxl.load_workbook(io.BytesIO(report["review-facts42-en.xlsx"]))
    sheet = rb["Findings by activity and cause"]
    assert sheet.max_row - 1 == len(facts42.findings)
    assert rb["Questions for the controller"].max_row > 1
    for name in ("ropa-facts42-en.md", "ropa-facts42-en.html", "ropa-facts42-de.html"):
        text = files[name].decode()
        assert "registry.yaml" not in text and "activities/" not in text, name  # no registry file:line
        assert "RP607" not in text and "RP301" not in text, name  # no findings
    assert "registry.yaml:" in report["review-facts42-en.md"].decode()


def test_committed_exports_are_up_to_date(everything):
    assert any(EXPORTS.glob("ropa-*")) and any(EXPORTS.glob("review-*")), "exports/ holds no committed reports"
    # what `ropa export registry --kind all --check` compares (ropa.export.check_outputs)
    assert check_outputs(everything, EXPORTS) == [], "regenerate: python tools/regen.py"


def test_the_title_names_the_organisation_once(files):
    """The title is the document's kind and the organisation, once; the registry's name
    ("FACTS42 GmbH", language-neutral: it named the document in German before, a German
    fragment in the English report) stays on the cover."""
    import re

    titles = {"de": "Verzeichnis von Verarbeitungstätigkeiten (Art. 30 DSGVO): FACTS42 GmbH",
              "en": "Record of processing activities (Art. 30 GDPR): FACTS42 GmbH"}
    for lang, expected in titles.items():
        page = files[f"ropa-facts42-{lang}.html"].decode()
        assert re.findall(r"<title>(.*?)</title>|<h1>(.*?)</h1>", page) == [(expected, ""), ("", expected)]
        assert files[f"ropa-facts42-{lang}.md"].decode().startswith(f"# {expected}\n")
        book = openpyxl.load_workbook(io.BytesIO(files[f"ropa-facts42-{lang}.xlsx"]), read_only=True)
        cells = [c for row in book.worksheets[0].iter_rows(values_only=True) for c in row if isinstance(c, str)]
        assert cells[0] == expected
        assert cells.count("FACTS42 GmbH") >= 1  # the registry's name, on the cover
    for name in ("ropa-facts42-en.html", "ropa-facts42-en.md"):
        assert "Verzeichnis von Verarbeitungstätigkeiten" not in files[name].decode()
