"""The exports on paper: xlsx print settings, row heights and cell types; the PDF; the
html printed by Chromium and the xlsx printed by LibreOffice (skipped without them)."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from ropa.export import render, snapshot
from ropa.export import to_xlsx

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "tests" / "fixtures" / "sample"
REGISTRY = ROOT / "registry"
EXPORTS = ROOT / "exports"


@pytest.fixture(scope="module")
def books():
    return {o.name: openpyxl.load_workbook(io.BytesIO(o.data))
            for o in render(snapshot(SAMPLE), ["xlsx"])}


def test_every_sheet_prints_landscape_with_running_header_and_page_numbers(books):
    for name, wb in books.items():
        german = "-de." in name
        for ws in wb.worksheets:
            assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9, ws.title
            assert ws.oddHeader.left.text == "Example GmbH"
            assert ws.oddHeader.right.text == ("Stand: 15.01.2024" if german else "As of: 2024-01-15")
            assert ws.oddHeader.center.text.startswith("Verzeichnis von" if german else "Record of")
            assert ws.oddFooter.left.text == "&A"  # the sheet name
            assert ws.oddFooter.right.text == ("Seite &P von &N" if german else "Page &P of &N")
            assert ws.oddFooter.right.size == to_xlsx.HEADER_SIZE


def test_form_sheet_is_the_dsk_layout_fitted_to_the_page_width(books):
    ws = books["ropa-example-de.xlsx"]["Formular (DSK-Muster)"]
    table = [list(r) for r in ws.iter_rows(values_only=True)]
    assert table[0] == ["Feld", "Art. 30", "Wert"] and ws.print_title_rows == "$1:$1"
    assert table[1][0] == "1. web-server-logs: Server-Logdateien"
    purposes = next(r for r in table if r[0] == "Zwecke der Verarbeitung")
    assert purposes[1] == "Art. 30 Abs. 1 lit. b"
    # one page wide (1, the attribute's default, is not written), never enlarged (no scale above 100 %)
    assert ws.page_setup.fitToWidth in (None, 1) and ws.page_setup.fitToHeight == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.scale in (None, 100)
    # laid out to print at 100 %: as wide as the page in LibreOffice's columns (5.56 pt a character)
    assert sum(ws.column_dimensions[c].width for c in "ABC") * 5.56 <= to_xlsx.PAGE_WIDTH
    assert "A2:C2" in {str(r) for r in ws.merged_cells.ranges}


def test_numbers_and_dates_are_typed_cells(books):
    de = books["ropa-example-de.xlsx"]
    cover = {r[0].value: r[1] for r in de["Deckblatt"].iter_rows() if r[0].value}
    assert cover["Stand"].is_date and cover["Stand"].number_format == "DD.MM.YYYY"
    count = cover["Verarbeitungstätigkeiten als Verantwortlicher (Art. 30 Abs. 1)"]
    assert count.data_type == "n" and isinstance(count.value, int)
    en = books["ropa-example-en.xlsx"]
    assert {r[0].value: r[1] for r in en["Cover"].iter_rows() if r[0].value}["As of"].number_format == "YYYY-MM-DD"
    ws = de["Verarbeitungstätigkeiten"]
    assert [c.value for c in ws["A"]] == ["Nr.", 1, 2] and ws["B1"].value == "Kennung"
    header = [c.value for c in ws[1]]
    created = ws.cell(row=2, column=header.index("Datum der Anlegung") + 1)
    assert created.value is None or created.is_date


def test_empty_mandatory_fields_read_not_stated_in_every_format():
    outputs = {o.name: o.data for o in render(snapshot(REGISTRY), ["csv"])}
    for lang, words in (("de", {"nicht angegeben", "keine", "findet nicht statt und ist auch nicht geplant"}),
                        ("en", {"not stated", "none", "none (not taking place and not planned)"})):
        import csv

        text = outputs[f"ropa-facts42-{lang}-activities.csv"].decode("utf-8-sig")
        table = list(csv.reader(io.StringIO(text, newline=""), delimiter=";" if lang == "de" else ","))
        mandatory = [i for i, h in enumerate(table[0]) if "Art. 30" in h and not any(
            k in h for k in ("Gemeinsam", "Joint", "Vertreter", "Representative", "Garantien", "Safeguards"))]
        mandatory.append(table[0].index("Rechtsgrundlage" if lang == "de" else "Lawful basis (Article 6, 9, 10)"))
        for row in table[1:]:
            assert all(row[i] for i in mandatory), row[0]
        empty = {row[i] for row in table[1:] for i in mandatory if row[i] in words}
        assert empty and empty <= words


def test_no_export_truncates_a_finding_message():
    import json

    snap = snapshot(REGISTRY)
    gaps = [f for f in snap.findings if f.code == "RP607"]
    assert gaps and not [f.message for f in snap.findings if f.message.endswith(("...", "…"))]
    exported = json.loads(next(EXPORTS.glob("review-*.json")).read_text(encoding="utf-8"))
    assert not [f for f in exported["findings"] if f["message"].endswith("...")]
    from ropa.rules.rp607_recorded_gap import owners

    # gaps of an activity whose service ceased to exist are places of that one finding (RP603), not messages
    ceased = {(r.span.file, r.span.line) for f in snap.report.findings if f.code == "RP603" for r in f.related}
    notes = [" ".join(g.note.values[0][1].split()) for _, node in owners(snap.registry)
             for g in getattr(node, "gaps", ()) if g.note is not None and (g.span.file, g.span.line) not in ceased]
    assert any(len(n) > 120 for n in notes)  # long notes exist: they used to be cut at 120 characters
    # every recorded gap of the registry (third parties' too) is reported with its whole note
    # (as its own finding, or within the rule's finding on the same field: one cause, one finding)
    messages = "\n".join(f.message for f in snap.report.findings
                         if f.code == "RP607" or any(r.code == "RP607" for r in f.related))
    assert all(n in messages for n in notes)


def test_pdf_is_deterministic_with_bookmarks_and_the_registry_date():
    first = {o.name: o.data for o in render(snapshot(SAMPLE), ["pdf"])}
    again = {o.name: o.data for o in render(snapshot(SAMPLE), ["pdf"])}
    assert first == again and set(first) == {"ropa-example-de.pdf", "ropa-example-en.pdf"}
    data = first["ropa-example-de.pdf"]
    assert data.startswith(b"%PDF-") and b"/Outlines" in data
    assert b"<xmp:CreateDate>2024-01-15T00:00:00+00:00</xmp:CreateDate>" in data  # the registry's date
    assert b"<pdfaid:part>2</pdfaid:part>" in data and b"/OutputIntents" in data  # PDF/A-2B
    assert b"DejaVuSansCondensed" in data  # the shipped font, embedded


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (Debian: chromium, libreoffice-calc-nogui, poppler-utils)")
    return path


def _text(pdf: Path) -> list[str]:
    out = subprocess.run([_tool("pdftotext"), "-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
    return [p for p in out.stdout.split("\f") if p.strip()]


def test_pdf_text_in_german(tmp_path):
    _tool("pdftotext")
    out = {o.name: o.data for o in render(snapshot(SAMPLE), ["pdf"], ["de"])}
    pdf = tmp_path / "de.pdf"
    pdf.write_bytes(out["ropa-example-de.pdf"])
    pages = _text(pdf)
    assert "Verarbeitungstätigkeiten" in pages[0] and "Stand: 15.01.2024" in pages[0]
    assert all(f"Seite {n} von {len(pages)}" in page for n, page in enumerate(pages, 1))
    assert any("§" in p or "Zwecke der Verarbeitung · Art. 30 Abs. 1 lit. b" in p for p in pages)


@pytest.fixture(scope="module")
def facts42_pages(tmp_path_factory):
    """The pages of FACTS42's German PDF record as text (pdftotext), rendered once."""
    _tool("pdftotext")
    out = {o.name: o.data for o in render(snapshot(REGISTRY), ["pdf"], ["de"])}
    pdf = tmp_path_factory.mktemp("facts42") / "de.pdf"
    pdf.write_bytes(out["ropa-facts42-de.pdf"])
    return _text(pdf)


def test_pdf_approval_block_with_its_signature_lines_is_on_one_page(facts42_pages):
    """The block a manager signs is not split over two sheets (it starts on a new page instead)."""
    pages = facts42_pages
    [start] = [n for n, page in enumerate(pages) if "\nFreigabe durch die Geschäftsführung\n" in page]
    assert "Unterschrift" in pages[start] and "Freigegeben durch" in pages[start]
    assert not any("Freigabe durch die Geschäftsführung (Fortsetzung)" in page for page in pages)


def test_html_keeps_short_cover_blocks_on_one_printed_page():
    html = next(o.data for o in render(snapshot(REGISTRY), ["html"], ["de"])).decode()
    assert ".keep { break-inside: avoid; }" in html
    assert '<div class="keep">\n<h3>Freigabe durch die Geschäftsführung</h3>' in html
    assert '<div>\n<h3>Angaben zum Verantwortlichen' in html  # a block longer than a page may break


def test_pdf_footer_names_the_section_of_its_own_page(facts42_pages):
    """Issue 23: the footer named the next section on the last page of each section."""
    pages = facts42_pages
    # the record's sections in their order (the data-flow map, a landscape page after the cover, is one)
    sections = ["Deckblatt", "Datenflusskarte", "Verarbeitungstätigkeiten", "Empfänger", "Drittlandübermittlungen",
                "TOM"]
    footers = [next(s for s in sections if page.rstrip().splitlines()[-1].strip().startswith(s)) for page in pages]
    assert footers == sorted(footers, key=sections.index) and set(footers) == set(sections)
    for page, footer in zip(pages, footers):
        body = "\n".join(page.splitlines()[1:-1])
        if footer != "Deckblatt":  # a section's first page starts with its heading; no page shows another's
            assert not any(f"\n{other} (" in f"\n{body.lstrip()}" for other in sections if other != footer)
    assert "RP607" not in "".join(pages) and "registry.yaml" not in "".join(pages)  # the record only


def test_pdf_is_pdf_a_2b_with_fonts_embedded(tmp_path):
    """What can be checked without veraPDF (not installable here; docs/exports.md)."""
    data = next(o.data for o in render(snapshot(SAMPLE), ["pdf"], ["en"]))
    pdf = tmp_path / "en.pdf"
    pdf.write_bytes(data)
    assert data.startswith(b"%PDF-1.7") and b"/GTS_PDFA1" in data and b"/DestOutputProfile" in data
    assert b"<pdfaid:part>2</pdfaid:part>" in data and b"<pdfaid:conformance>B</pdfaid:conformance>" in data
    assert b"<dc:language><rdf:Bag><rdf:li>en</rdf:li>" in data and b"/Lang (en)" in data
    assert b"/DisplayDocTitle true" in data and b"/Encrypt" not in data
    fonts = subprocess.run([_tool("pdffonts"), str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows and all(" yes yes yes " in row for row in rows), fonts  # embedded, subset, ToUnicode
    if shutil.which("qpdf"):
        check = subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True, text=True)
        assert check.returncode == 0 and "No syntax or stream encoding errors" in check.stdout, check.stdout


def _print_check():
    sys.path.insert(0, str(ROOT / "tools"))
    import print_check

    return print_check


def test_libreoffice_prints_every_page_with_organisation_date_and_number(tmp_path):
    _tool("libreoffice")
    _tool("pdftotext")
    [book] = [o for o in render(snapshot(SAMPLE), ["xlsx"], ["de"])]
    (tmp_path / book.name).write_bytes(book.data)
    pdf = _print_check().libreoffice_pdf(tmp_path / book.name, tmp_path)
    pages = _text(pdf)
    for n, page in enumerate(pages, 1):
        assert "Example GmbH" in page and "Stand: 15.01.2024" in page and f"Seite {n} von {len(pages)}" in page


def test_chromium_prints_page_numbers_and_repeats_card_headings(tmp_path):
    _tool("chromium")
    _tool("pdftotext")
    root = tmp_path / "reg"
    shutil.copytree(SAMPLE, root)
    website = root / "activities" / "website.yaml"
    many = ", ".join(f"Zweck-{n:03d} der Reichweitenmessung mit einem Kennzeichen_{n}" for n in range(90))
    website.write_text(website.read_text(encoding="utf-8").replace(
        "purposes: [Reichweitenmessung]", f"purposes: [{many}]", 1), encoding="utf-8")
    [page] = [o for o in render(snapshot(root), ["html"], ["de"])]
    (tmp_path / page.name).write_bytes(page.data)
    pdf = _print_check().chromium_pdf(tmp_path / page.name, tmp_path)
    pages = _text(pdf)
    for n, text in enumerate(pages, 1):
        assert "Example GmbH" in text and "Stand: 15.01.2024" in text and f"Seite {n} von {len(pages)}" in text
    # the title page holds the contents; the cover starts on the next page
    assert "Verzeichnis von Verarbeitungstätigkeiten" in pages[0] and "Umfang" in pages[0]
    assert "1. Deckblatt" in pages[0] and "Angaben zum Verantwortlichen" not in pages[0]
    card = [text for text in pages if "Zweck-0" in text and "Bezeichnung der" not in text]  # not the overview
    assert len(card) >= 3  # the card runs over pages ...
    assert all("2. web-analytics: Webanalyse" in text for text in card)  # ... under its heading on each


TRICKY = ["plain", "two\nlines", "=HYPERLINK(\"x\")", "+1", "-1", "@SUM(1)", "\tTab", "\rCR", " lead", "trail ",
          "\xa0nbsp", "a & b", "<b>", "&amp;", "\x00nul", "bell\x07", "€ ümlaut", "é"]


def test_tricky_text_reads_back_as_text():
    """Characters XML cannot carry are dropped, formulas stay text, edge whitespace and markup survive."""
    from ropa.art30 import Column
    from ropa.export.document import Document, Table

    columns = tuple(Column(f"c{i}", None, f"C{i}", lambda view, item: "", 12) for i in range(2))
    rows = [[value, "x"] for value in TRICKY]
    table = Table(key="findings", title="Sheet", columns=columns, headings=("=H", "B"), rows=rows, items=rows)

    class Snap:
        date = dt.date(2024, 6, 1)
        organisations = ()

    doc = Document(lang="en", title="T", stem="t", date="2024-06-01", cover=[], tables=[table], snapshot=Snap(),
                   organisation="Org & Co", heading="Record")
    wb = openpyxl.load_workbook(io.BytesIO(to_xlsx.render(doc)[0].data))
    ws = wb["Sheet"]
    assert ws["B1"].value == "=H" and ws["B1"].data_type == "s"
    assert ws.oddHeader.left.text == "Org && Co"  # & is a code in headers: doubled
    for row, value in enumerate(TRICKY, 2):
        cell = ws.cell(row=row, column=2)
        # XML reads a raw carriage return as a line feed (openpyxl does not write it as &#13;)
        clean = "".join(c for c in value if c >= " " or c in "\t\n\r")
        # a carriage return is stored as OOXML's escape _x000D_, which Excel and LibreOffice read
        # as the character (openpyxl shows the escape)
        assert cell.value.replace("_x000D_", "\r") == clean and cell.data_type == "s", value
        assert cell.quotePrefix == value.startswith(("=", "+", "-", "@", "\t", "\r"))
