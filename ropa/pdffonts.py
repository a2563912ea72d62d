"""The fonts ropa's PDFs are set in: DejaVu Sans Condensed, shipped with ropa.

One place for the family name and the font files, shared by the record's PDF
(``ropa.export.to_pdf``), the drafts' PDFs (``ropa.use.pdf``) and the data-flow map on a PDF
page (``ropa.flow.pdf``). The fonts (Bitstream Vera licence, ``export/fonts/LICENSE-DejaVu.txt``)
cover German and English text, umlauts, "§" and typographic quotes and dashes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

__all__ = ["FONTS", "FAMILY", "add_fonts"]

FONTS = Path(__file__).parent / "export" / "fonts"
FAMILY = "DejaVuSansCondensed"


def add_fonts(pdf: Any) -> None:
    """Register the regular and bold face with an ``fpdf.FPDF`` document as ``FAMILY``."""
    pdf.add_font(FAMILY, "", str(FONTS / "DejaVuSansCondensed.ttf"))
    pdf.add_font(FAMILY, "B", str(FONTS / "DejaVuSansCondensed-Bold.ttf"))
