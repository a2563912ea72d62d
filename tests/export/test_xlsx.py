"""The xlsx record, read back cell by cell: all of the registry's text, no cell beyond what
Excel can show, words whole, and (with LibreOffice) its print: pages, type size, nothing cut."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest

from ropa.export import snapshot, to_xlsx
from ropa.export.document import build, title
from ropa.export.xlsx_text import LINE, MAX_CELL, MAX_HEIGHT, MAX_LINES, PADDING, Measure, letters

ROOT = Path(__file__).resolve().parents[2]
FACTS42 = ROOT / "registry"
REGULAR, BOLD = Measure(), Measure(bold=True)


# -- laying out text ---------------------------------------------------------------------

def test_lines_wrap_at_spaces_and_break_only_a_word_wider_than_the_column():
    room = REGULAR.room(30)  # 149 pt: some 30 average characters
    assert REGULAR.lines("", room) == 1
    assert REGULAR.lines("eins zwei", room) == 1
    assert REGULAR.lines("Verarbeitung Verarbeitung Verarbeitung", room) == 2
    assert REGULAR.lines("a\nb\n\nc", room) == 4
    assert REGULAR.lines("W" * 60, room) == 4  # 566 pt of W in 149 pt: broken into pieces
    assert BOLD.width("Schwergrad") > REGULAR.width("Schwergrad") > REGULAR.width("Schwer")


def test_cut_ends_at_a_line_break_else_at_a_space_and_keeps_every_letter():
    room = REGULAR.room(30)
    text = "\n".join(f"Absatz {n}: " + "Wort " * 30 for n in range(6))
    head, rest = REGULAR.cut(text, room, 12)
    assert REGULAR.lines(head, room) <= 12 and "\n" in head and text.startswith(head + "\nAbsatz")  # whole paragraphs
    assert rest.startswith("Absatz") and letters(head, rest) == letters(text)
    long = "Wort " * 400
    head, rest = REGULAR.cut(long, room, 5)
    assert REGULAR.lines(head, room) == 5 and not head.endswith(" ") and letters(head, rest) == letters(long)
    blob = "x" * (MAX_CELL + 10)  # no space to cut at: cut where it must be
    pieces = REGULAR.split(blob, REGULAR.room(2000))
    assert all(len(p) <= MAX_CELL for p in pieces) and "".join(pieces) == blob
    pieces = REGULAR.split(text, room, 7)
    assert all(REGULAR.lines(p, room) <= 7 for p in pieces) and letters(*pieces) == letters(text)


def test_longest_word_ends_at_spaces_and_hyphens():
    assert REGULAR.longest("Daten-Schutz Beauftragter") == REGULAR.width("Beauftragter")
    assert REGULAR.longest("") == 0


# -- the FACTS42 workbook, read back -----------------------------------------------------

@pytest.fixture(scope="module")
def facts42():
    snap = snapshot(FACTS42)
    books = {}
    for lang in ("de", "en"):
        doc = build(snap, lang)
        [out] = to_xlsx.render(doc)
        books[lang] = (doc, openpyxl.load_workbook(io.BytesIO(out.data)), out.data)
    return books


def _heading(value: str) -> re.Match[str] | None:
    return re.match(r"(\d+)\. ", value or "")


def _form_values(ws, continued: str) -> dict[int, dict[str, list]]:
    """{activity number: {field label: [its cells' values, in order]}} of a form sheet."""
    out: dict[int, dict[str, list]] = {}
    current: dict[str, list] | None = None
    merged = {r.min_row for r in ws.merged_cells.ranges}
    for row in ws.iter_rows(min_row=2):
        label, _point, value = (c.value for c in row[:3])
        if row[0].row in merged:
            match = _heading(label)
            assert match, label
            if not label.endswith(f"({continued})"):
                current = out.setdefault(int(match.group(1)), {})
            continue
        if label is None:
            assert value is None  # the empty row after a block
            continue
        assert current is not None
        current.setdefault(label.removesuffix(f" ({continued})"), []).append(value)
    return out


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_form_holds_every_field_of_every_activity_in_full(facts42, lang):
    doc, wb, _ = facts42[lang]
    for table in doc.tables:
        if table.key not in to_xlsx.FORM_TABLES:
            continue
        form = _form_values(wb[title(to_xlsx.FORM_TABLES[table.key], lang)], title("continued", lang))
        assert sorted(form) == list(range(1, len(table.rows) + 1))
        labels = [c.label(lang) for c in table.columns[2:]]
        for index, row in enumerate(table.cards):  # the form shows the record form's rows (open points in brief)
            fields = form[index + 1]
            assert list(fields) == labels
            for label, column, text in zip(labels, table.columns[2:], row[2:]):
                cells = fields[label]
                if column.typed and column.typed(table.items[index]) is not None:
                    assert cells == [dt.datetime.combine(column.typed(table.items[index]), dt.time())]
                else:
                    assert letters(*(c or "" for c in cells)) == letters(text), (index, label)


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_wide_tables_hold_every_cell_in_full(facts42, lang):
    doc, wb, _ = facts42[lang]
    for table in doc.tables:
        ws = wb[table.title[:31]]
        rows = list(ws.iter_rows(min_row=2, values_only=True))
        by_number: dict[int, list[list]] = {}
        for row in rows:
            by_number.setdefault(row[0], []).append(list(row[1:]))
        assert sorted(by_number) == list(range(1, len(table.rows) + 1))
        for index, expected in enumerate(table.rows):
            parts = by_number[index + 1]
            for i, text in enumerate(expected):
                cells = [p[i] for p in parts]
                if i == 0 and table.columns[0].key in ("id", "activity_id"):
                    assert cells == [text] * len(parts)  # the id is repeated on each continuation
                    continue
                if isinstance(cells[0], (dt.date, int)) and not isinstance(cells[0], bool):
                    continue  # typed: a date or count cell
                assert letters(*(c or "" for c in cells)) == letters(text), (table.key, index, i)


@pytest.mark.parametrize("lang", ["de", "en"])
def test_no_cell_is_taller_or_longer_than_excel_shows_and_no_word_is_broken(facts42, lang):
    _doc, wb, _ = facts42[lang]
    for ws in wb.worksheets:
        widths = {openpyxl.utils.get_column_letter(i): d.width for d in ws.column_dimensions.values()
                  for i in range(d.min, d.max + 1)}
        merged = {r.min_row for r in ws.merged_cells.ranges}
        for row in ws.iter_rows():
            height = ws.row_dimensions[row[0].row].height or ws.sheet_format.defaultRowHeight
            assert height <= MAX_HEIGHT
            if row[0].row in merged:
                continue
            for cell in row:
                if not isinstance(cell.value, str):
                    continue
                assert len(cell.value) <= MAX_CELL
                measure = BOLD if cell.font.b else REGULAR
                room = measure.room(widths[cell.column_letter])
                assert measure.lines(cell.value, room) * LINE + PADDING <= height + 0.01, (ws.title, cell.coordinate)
                assert measure.longest(cell.value) <= room, (ws.title, cell.coordinate, cell.value)


def test_a_text_taller_than_a_row_continues_in_the_next_rows():
    from ropa.art30 import Column
    from ropa.export.document import Document, Table

    columns = (Column("id", None, "Id", lambda view, item: "", 12), Column("note", None, "Note", lambda v, i: "", 20))
    # some 26,000 characters: more than 31 lines even in the widest column Excel has (255)
    long = " ".join(f"Satz {n} einer langen Anmerkung." for n in range(800))
    rows = [["a-1", "kurz"], ["a-2", long], ["a-3", "=1+1"]]
    table = Table(key="recipients", title="Sheet", columns=columns, headings=("Id", "Note"), rows=rows, items=rows)

    class Snap:
        date = dt.date(2024, 6, 1)
        organisations = ()

    doc = Document(lang="de", title="T", stem="t", date="01.06.2024", cover=[], tables=[table], snapshot=Snap(),
                   organisation="Org", heading="Verzeichnis")
    ws = openpyxl.load_workbook(io.BytesIO(to_xlsx.render(doc)[0].data))["Sheet"]
    table_rows = list(ws.iter_rows(min_row=2, values_only=True))
    parts = [r for r in table_rows if r[0] == 2]
    assert len(parts) >= 3 and all(r[1] == "a-2" for r in parts)  # number and id repeated on each
    assert letters(*(r[2] for r in parts)) == letters(long)
    width = next(d.width for d in ws.column_dimensions.values() if d.min <= 3 <= d.max)
    assert width == to_xlsx.WIDEST  # widened as far as it goes before the text continues
    assert all(REGULAR.lines(r[2], REGULAR.room(width)) <= MAX_LINES for r in parts)
    assert table_rows[-1][:2] == (3, "a-3") and ws.cell(ws.max_row, 3).quotePrefix  # a formula stays text


def test_the_default_style_is_arial_10_wrapped_whatever_fonts_the_machine_has(facts42):
    _doc, wb, data = facts42["de"]
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        styles = z.read("xl/styles.xml").decode()
    first_font = re.search(r"<fonts[^>]*>(<font>.*?</font>)", styles).group(1)
    assert 'val="Arial"' in first_font and '<sz val="10"' in first_font and "Calibri" not in styles
    cell = wb[title("form", "de")]["C4"]  # a body cell, written without a style of its own
    assert cell.font.name == "Arial" and cell.alignment.wrap_text and cell.alignment.vertical == "top"


def test_only_cover_and_form_are_printed(facts42):
    _doc, wb, _ = facts42["de"]
    printed = [ws.title for ws in wb.worksheets if not ws.print_area]
    assert printed == ["Deckblatt", "Formular (DSK-Muster)"]
    for ws in wb.worksheets[2:]:
        width = ws.max_column
        cell = ws.print_area.split("!")[1].replace("$", "")
        assert cell == f"{openpyxl.utils.get_column_letter(width + 1)}1"  # one empty cell beside the table
        assert ws.cell(1, width).value and ws.print_title_rows == "$1:$1"  # printed when asked: headings repeated


def test_the_review_report_and_the_questionnaire_print_their_tables_one_page_wide():
    """A DPO who prints the review report's workbook gets the findings and questions, not only
    its cover; sheet names are never cut mid-word at Excel's 31 characters."""
    from ropa.export import render
    from ropa.export.core import render_document
    from ropa.export.questionnaire import document
    from ropa.questions import questionnaire

    snap = snapshot(FACTS42)
    [report] = render(snap, ["xlsx"], ["de"], kinds=("report",))
    [asked] = render_document(document(questionnaire(snap, "de")), ["xlsx"])
    for out, names in ((report, ["Deckblatt", "Befunde", "Fragen an den Verantwortlichen"]),
                       (asked, None)):
        wb = openpyxl.load_workbook(io.BytesIO(out.data))
        if names is not None:
            assert wb.sheetnames == names
        for ws in wb.worksheets:
            assert not ws.print_area, (out.name, ws.title)
            assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth in (None, 1)  # 1: the default
            assert ws.page_setup.orientation == "landscape"


# -- printed by LibreOffice ----------------------------------------------------------------

def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (Debian: libreoffice-calc-nogui, poppler-utils)")
    return path


def _print(xlsx: Path, out: Path, env: dict[str, str]) -> Path:
    office = shutil.which("soffice") or _tool("libreoffice")
    subprocess.run([office, f"-env:UserInstallation=file://{out}/profile", "--headless", "--convert-to", "pdf",
                    "--outdir", str(out), str(xlsx)], check=True, capture_output=True, timeout=300, env=env)
    return out / (xlsx.stem + ".pdf")


def _without_carlito(tmp_path: Path) -> dict[str, str]:
    """An environment whose fontconfig does not see Carlito (nor Caladea: fonts-crosextra)."""
    conf = tmp_path / "fonts.conf"
    conf.write_text('<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd"><fontconfig>'
                    '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
                    "<selectfont><rejectfont><pattern><patelt name=\"family\"><string>Carlito</string></patelt>"
                    "</pattern></rejectfont></selectfont>"
                    f"<cachedir>{tmp_path}/fc-cache</cachedir></fontconfig>", encoding="utf-8")
    env = dict(os.environ, FONTCONFIG_FILE=str(conf))
    listed = subprocess.run([_tool("fc-list")], capture_output=True, text=True, env=env).stdout
    assert "Carlito" not in listed
    return env


def test_libreoffice_prints_the_record_whole_on_few_pages_at_9_pt_with_and_without_carlito(facts42, tmp_path):
    _tool("pdftotext")
    _tool("pdfinfo")
    _tool("fc-list")
    doc, wb, data = facts42["de"]
    xlsx = tmp_path / "ropa-facts42-de.xlsx"
    xlsx.write_bytes(data)
    import sys

    sys.path.insert(0, str(ROOT / "tools"))
    import print_check

    activities = sum(len(t.rows) for t in doc.tables if t.key in to_xlsx.FORM_TABLES)
    texts = {}
    for name, env in (("fonts", dict(os.environ)), ("no-carlito", _without_carlito(tmp_path))):
        out = tmp_path / name
        out.mkdir()
        pdf = _print(xlsx, out, env)
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
        assert pages <= 2.5 * activities + 2, (name, pages)  # the cover and the form, not the wide tables
        footer, body = print_check.printed_sizes(pdf, "libreoffice")
        assert footer >= 9 and body >= 9, (name, footer, body)
        texts[name] = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True,
                                     check=True).stdout
    # nothing cut on paper: LibreOffice prints no line that falls outside its row, so every
    # cell of cover and form, whitespace aside, is in the printed text
    for name, text in texts.items():
        printed = letters(text)
        for ws in wb.worksheets[:2]:
            for row in ws.iter_rows(values_only=True):
                for value in row:
                    if isinstance(value, str) and value:
                        assert letters(value) in printed, (name, ws.title, value[:60])


def test_the_width_table_is_arials_as_liberation_sans_has_it():
    """``ropa/export/xlsx_metrics.py`` is what ``tools/xlsx_metrics.py`` reads from the installed font."""
    _tool("fc-match")
    import sys

    sys.path.insert(0, str(ROOT / "tools"))
    import xlsx_metrics as tool

    from ropa.export import xlsx_metrics

    for name, pattern in tool.FONTS.items():
        path = tool.font_path(pattern)
        if "Liberation" not in path:
            pytest.skip("Liberation Sans is not installed (Debian: fonts-liberation2)")
        table = tool.widths(path)
        assert tuple(table.get(c, 0) for c in xlsx_metrics.CHARS) == getattr(xlsx_metrics, name)


def test_a_form_value_longer_than_pages_continues_page_after_page_and_a_page_tall_heading_ends():
    from ropa.art30 import Column
    from ropa.export.document import Document, Table

    def col(key: str, label: str) -> Column:
        return Column(key, "1(b)", label, lambda view, item: "", 20)

    columns = (col("id", "Id"), col("name", "Name"), col("purposes", "Zwecke"), col("notes", "Anmerkungen"))
    long = "\n".join(f"Absatz {n}: " + "ein Satz über die Verarbeitung " * 12 for n in range(60))
    rows = [["a-1", "Kurz", "Zweck", long], ["a-2", "N" + " lang" * 3000, "Zweck", long]]
    table = Table(key="activities", title="Tätigkeiten", columns=columns, headings=("Id", "Name", "Zwecke", "Anm."),
                  rows=rows, items=rows)

    class Snap:
        date = dt.date(2024, 6, 1)
        organisations = ()

    doc = Document(lang="de", title="T", stem="t", date="01.06.2024", cover=[], tables=[table], snapshot=Snap(),
                   organisation="Org", heading="Verzeichnis")
    wb = openpyxl.load_workbook(io.BytesIO(to_xlsx.render(doc)[0].data))
    form = _form_values(wb[title("form", "de")], title("continued", "de"))
    parts = form[1]["Anmerkungen"]
    assert len(parts) > 3 and letters(*parts) == letters(long)
    assert letters(*form[2]["Anmerkungen"]) == letters(long)  # after a heading as tall as a page, too
