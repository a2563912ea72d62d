"""The Art. 30 record as a PDF (fpdf2, pure Python; fonts shipped with ropa).

Why fpdf2: it installs from PyPI alone (pure Python; its dependencies fontTools, Pillow
and defusedxml are wheels), needs no system library or browser, embeds TrueType fonts as
subsets, writes document outlines (bookmarks) and lets every date in the file be fixed.
ReportLab would do as well but is larger and its open-source edition is maintained as a
side line of a commercial product; WeasyPrint needs Pango and other system libraries.

Layout (A4 portrait): a cover page; the data-flow map on an A4-landscape page of its own
(``ropa.flow``); one block per activity in the DSK form's order
(heading "Nr. id: name", then each field with its Art. 30 point and the value); the
recipients, transfers, security measures and findings as blocks of the same kind. Each
page has a running header (organisation, report title, as-of date) and a footer
("Seite X von Y" / "Page X of Y"). A block does not start at the foot of a page, and a
page that continues a block repeats the block's heading, marked as continued. Bookmarks:
one per section and one per activity.

Deterministic: the creation date is ``registry.date`` and the file id is derived from
the content, so the same registry gives the same bytes. The fonts (DejaVu Sans
Condensed, Bitstream Vera licence, ``fonts/LICENSE-DejaVu.txt``) cover German and
English text, umlauts, "§" and typographic quotes and dashes.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from xml.sax.saxutils import escape

from fpdf import FPDF, ViewerPreferences
from fpdf.enums import XPos, YPos

from ropa import __version__
from ropa.labels import article
from ropa.export.core import Output
from ropa.export.document import MAP_ROWS, Document, Table, flow_map, map_rows, title
from ropa.pdffonts import FAMILY, add_fonts

SIZE = 9.5  # body text, pt: the smallest type on a page is the 8 pt header and footer
LABEL_SIZE = 8.5
HEADER_SIZE = 8
LINE = 4.6  # mm per line of body text
MARGIN = 15  # mm
KEEP = 35  # mm: a block starting with less room than this below it starts on the next page
CARD_TABLES = ("activities", "processor-activities")


class _Record(FPDF):
    def __init__(self, doc: Document) -> None:
        # PDF/A-2B (ISO 19005-2, level B): fpdf2's documented compliance mode embeds every font,
        # adds the sRGB output intent and refuses what the standard forbids
        super().__init__(orientation="portrait", unit="mm", format="A4", enforce_compliance="PDFA_2B")
        self.doc = doc
        self.block: str | None = None  # the heading of the block being written, for continuation pages
        self.part = ""  # the section being written, for the footer
        add_fonts(self)
        self.set_margins(MARGIN, MARGIN + 6, MARGIN)
        self.set_auto_page_break(True, margin=MARGIN + 4)

    def header(self) -> None:
        doc = self.doc
        self.set_font(FAMILY, "", HEADER_SIZE)
        self.set_text_color(80)
        self.set_xy(MARGIN, 8)
        width = self.epw / 3
        self.cell(width, 4, doc.organisation)
        self.cell(width, 4, doc.heading, align="C")
        self.cell(width, 4, f"{doc.date_label}: {doc.date}", align="R")
        self.set_draw_color(170)
        self.line(MARGIN, 13, self.w - MARGIN, 13)
        self.set_text_color(0)
        self.set_y(MARGIN + 6)
        if self.block is not None and self.page_no() > 1:
            self._heading(f"{self.block} ({title('continued', doc.lang)})")

    def footer(self) -> None:
        self.set_y(-MARGIN + 3)
        self.set_font(FAMILY, "", HEADER_SIZE)
        self.set_text_color(80)
        self.cell(self.epw / 2, 4, self.part)
        # "{nb}": fpdf2 puts the page count there when the document is complete
        page = title("page", self.doc.lang).format(page=self.page_no(), pages="{nb}")
        self.cell(self.epw / 2, 4, page, align="R")
        self.set_text_color(0)

    def section(self, name: str, orientation: str = "") -> None:
        self.block = None
        # writes the footer of the page before, which still belongs to the section before
        self.add_page(orientation=orientation)
        self.part = name
        self.start_section(name, level=0)
        self.set_font(FAMILY, "B", 14)
        self.multi_cell(0, 7, name, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(2)

    def _heading(self, text: str) -> None:
        self.set_font(FAMILY, "B", 10.5)
        self.set_fill_color(221, 228, 238)
        self.multi_cell(0, 5.5, text, fill=True, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1)

    def group(self, text: str) -> None:
        """A group of blocks (the review report: the activity its findings concern), bookmarked."""
        self.block = None
        if self.will_page_break(KEEP + 8):
            self.add_page()
        self.start_section(text, level=1)
        self.set_font(FAMILY, "B", 12)
        self.multi_cell(0, 6, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1)

    def block_start(self, text: str, bookmark: bool) -> None:
        self.block = None
        if self.will_page_break(KEEP):
            self.add_page()
        if bookmark:
            self.start_section(text, level=1)
        self._heading(text)
        self.block = text

    def field(self, label: str, value: str) -> None:
        self.set_font(FAMILY, "B", LABEL_SIZE)
        self.set_text_color(50, 68, 85)
        if self.will_page_break(LINE * 2.2):
            self.add_page()
        self.multi_cell(0, LINE - 0.6, label, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(0)
        if value:  # an empty value: not applicable (see ropa.art30)
            self.set_font(FAMILY, "", SIZE)
            self.set_x(MARGIN + 4)
            self.multi_cell(self.epw - 4, LINE, value, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1.2)

    def block_height(self, text: str, fields: list[tuple[str, str]]) -> float:
        """The height in mm that ``block_start(text)``, ``field`` for each of ``fields`` and
        ``block_end`` take (fpdf2's documented dry run of ``multi_cell``: lines, no output)."""
        def lines(width: float, value: str, style: str, size: float) -> int:
            self.set_font(FAMILY, style, size)
            out = self.multi_cell(width, LINE, value, dry_run=True, output="LINES")
            return len(out) if isinstance(out, list) else 1

        height = 5.5 * lines(0, text, "B", 10.5) + 1 + 3
        for label, value in fields:
            height += (LINE - 0.6) * lines(0, label, "B", LABEL_SIZE) + 1.2
            if value:
                height += LINE * lines(self.epw - 4, value, "", SIZE)
        return height

    def keep_together(self, text: str, fields: list[tuple[str, str]]) -> None:
        """Start the block on the next page if it would break but fits on a page of its own:
        an approval block and its signature lines are signed on one sheet."""
        height = self.block_height(text, fields)
        if height <= self.eph - 8 and self.will_page_break(height):
            self.add_page()

    def block_end(self) -> None:
        self.block = None
        self.ln(3)


def _label(column: Any, lang: str) -> str:
    if column.paragraph:
        return f"{column.label(lang)} · {article(column.paragraph, lang)}"
    return column.label(lang)


def _cover(pdf: _Record, doc: Document) -> None:
    lang = doc.lang
    pdf.part = title("cover", lang)
    pdf.add_page()
    pdf.start_section(title("cover", lang), level=0)
    pdf.set_font(FAMILY, "B", 16)
    pdf.multi_cell(0, 8, doc.title, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FAMILY, "", 11)
    pdf.multi_cell(0, 6, f"{doc.date_label}: {doc.date}", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(4)
    for section in doc.cover:
        pdf.keep_together(section.title, section.fields)
        pdf.block_start(section.title, bookmark=False)
        for label, value in section.fields:
            pdf.field(label, value)
        pdf.block_end()


def _table(pdf: _Record, doc: Document, table: Table) -> None:
    lang = doc.lang
    pdf.section(f"{table.title} ({len(table.rows)})")
    if not table.rows:
        pdf.set_font(FAMILY, "", SIZE)
        pdf.multi_cell(0, LINE, title("no-rows", lang), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        return
    cards = table.key in CARD_TABLES
    labels = [_label(c, lang) for c in table.columns]
    group = table.group
    keep = [i for i in range(len(table.columns)) if i != group]  # the group column heads the group instead
    first = 2 if len(keep) > 2 else 1
    # what a finding judges (the record, or lawfulness) closes its heading: "…: Fehler · Verzeichnis"
    axis = next((i for i, c in enumerate(table.columns) if c.key == "axis"), None)
    if axis is not None:
        keep.remove(axis)
    current: str | None = None
    for index, row in enumerate(table.cards, 1):
        if group is not None and row[group] != current:
            current = row[group]
            pdf.group(current.replace("\n", ", "))
        heading = f"{index}. " + ": ".join(row[i].replace("\n", ", ") for i in keep[:first] if row[i])
        if axis is not None and row[axis]:
            heading += f" · {row[axis]}"
        pdf.block_start(heading, bookmark=cards)
        for i in keep[first:]:
            if row[i] or cards:  # the form shows every field (filled: see ropa.art30); other blocks what they hold
                pdf.field(labels[i], row[i])
        pdf.block_end()


XMP = """<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>
   <dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>
   <xmp:CreatorTool>ropa</xmp:CreatorTool>
   <xmp:CreateDate>{date}</xmp:CreateDate>
   <xmp:ModifyDate>{date}</xmp:ModifyDate>
   <xmp:MetadataDate>{date}</xmp:MetadataDate>
   <pdf:Producer>{producer}</pdf:Producer>
   <pdfaid:part>2</pdfaid:part>
   <pdfaid:conformance>B</pdfaid:conformance>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>"""


def xmp(doc: Document, stamp: _dt.datetime, producer: str) -> str:
    """The XMP metadata packet: PDF/A-2B identification, title, author, language, and the
    document's date (never the clock: fpdf2's own packet would stamp the time of the export)."""
    return XMP.format(title=escape(doc.title), author=escape(doc.organisation), lang=escape(doc.lang),
                      date=stamp.isoformat(timespec="seconds"), producer=escape(producer))


def render(doc: Document) -> list[Output]:
    """The document as a PDF/A-2B file, dated with ``doc.stamp`` (approval or as-of date)."""
    pdf = _Record(doc)
    stamp = _dt.datetime.combine(doc.stamp, _dt.time(), tzinfo=_dt.UTC)
    pdf.set_creation_date(stamp)
    pdf.set_title(doc.title)
    pdf.set_author(doc.organisation)
    pdf.set_creator("ropa")
    pdf.set_producer(f"ropa {__version__} with fpdf2")  # without fpdf2's version: a patch release keeps the bytes
    pdf.set_lang(doc.lang)
    pdf.set_display_mode("fullpage")
    pdf.viewer_preferences = ViewerPreferences(display_doc_title=True)
    pdf.set_xmp_metadata(xmp(doc, stamp, pdf.producer))
    _cover(pdf, doc)
    _map(pdf, doc)
    for table in doc.tables:
        _table(pdf, doc, table)
    return [Output(f"{doc.stem}.pdf", bytes(pdf.output()))]


def _map(pdf: _Record, doc: Document) -> None:
    """The record's data-flow map on an A4-landscape page of its own, a section of the document
    (bookmark, footer) after the cover: drawn with fpdf2's drawing methods from the same layout
    as the SVG (``ropa.flow.pdf``), with the record's facts only."""
    flow = flow_map(doc)
    if flow is None:
        return
    pdf.section(title("map", doc.lang), orientation="L")
    rows = map_rows(flow)
    if rows > MAP_ROWS:
        pdf.set_font(FAMILY, "", SIZE)
        pdf.multi_cell(0, LINE, title("map-too-large", doc.lang).format(count=rows), align="L",
                       new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        return
    from ropa.flow.pdf import draw_map

    top = pdf.get_y()
    draw_map(pdf, flow, left=MARGIN, top=top, width=pdf.w - 2 * MARGIN, height=pdf.h - top - MARGIN - 5,
             family=FAMILY, titled=False)
    pdf.set_dash_pattern()
    pdf.set_draw_color(0)
    pdf.set_line_width(0.2)
