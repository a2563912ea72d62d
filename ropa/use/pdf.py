"""A draft (``ropa.use.draft.Draft``) as a PDF: A4 portrait, the fonts ropa ships, deterministic.

The document's date is the registry's as-of date (``registry.date``), never today's clock, so
the same registry gives the same bytes.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from ropa.pdffonts import FAMILY, add_fonts
from ropa.use.draft import Draft, cited, clean

KIND_COLOUR = {"gap": (170, 0, 0), "open": (138, 90, 0), "note": (68, 68, 68), "fact": (0, 0, 0)}


def draft_pdf(draft: Draft, registry: Any) -> bytes:
    """The draft as PDF bytes."""
    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    add_fonts(pdf)
    date = getattr(getattr(registry, "meta", None), "date", None) or _dt.date(2000, 1, 1)
    pdf.set_creation_date(_dt.datetime(date.year, date.month, date.day, tzinfo=_dt.UTC))
    pdf.set_title(clean(draft.title))
    pdf.set_lang(draft.lang)
    pdf.set_creator("ropa")
    pdf.set_margins(18, 18, 18)
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_page()
    pdf.set_font(FAMILY, "B", 14)
    pdf.multi_cell(0, 6.5, clean(draft.title), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)
    pdf.set_font(FAMILY, "", 9)
    pdf.set_fill_color(255, 246, 234)
    pdf.multi_cell(0, 4.5, clean(draft.notice), border=1, fill=True, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    for section in draft.sections:
        pdf.ln(3)
        if pdf.will_page_break(20):
            pdf.add_page()
        pdf.set_font(FAMILY, "B", 11)
        head = f"{section.title} ({section.provision})" if section.provision else section.title
        pdf.multi_cell(0, 5.5, clean(head), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        for line in section.lines:
            mark = draft._mark(line)
            pdf.set_text_color(*KIND_COLOUR[line.kind])
            pdf.set_font(FAMILY, "B" if line.kind == "gap" else "", 9.5)
            pdf.set_x(22)
            pdf.multi_cell(0, 4.6, clean(f"{mark}{line.text}"), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            if line.sources:
                pdf.set_text_color(85, 85, 85)
                pdf.set_font(FAMILY, "", 7.5)
                pdf.set_x(26)
                pdf.multi_cell(0, 3.6, clean(cited(line.sources)), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.set_text_color(0, 0, 0)
    return bytes(pdf.output())
