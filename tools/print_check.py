"""Print the exports the way an auditor does and turn the pages into images to look at.

    python tools/print_check.py                 # registry/ -> bench/out/print/
    python tools/print_check.py REGISTRY OUT

Renders the xlsx, html and pdf of both languages and both documents (the record and the
review report: ``ropa export --kind all``) with ``ropa export``, then prints them
with the real programs: LibreOffice headless (xlsx -> PDF), Chromium headless (html -> PDF);
``pdftoppm`` turns every PDF into PNG pages (``<name>-<page>.png``) and ``pdffonts`` /
``pdftotext -bbox`` give what a look cannot measure: for each PDF the page count and the
smallest type as printed (``printed_sizes``: the print scale, measured from the width of
the running footer's first word, times the nominal sizes of footer and body text).

Needs ``libreoffice`` (Debian: libreoffice-calc-nogui), ``chromium`` and ``pdftoppm``
(poppler-utils) on PATH; a missing one is named and its step skipped.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-pdf-header-footer"]


def which(*names: str) -> str | None:
    for name in names:
        path = shutil.which(name)
        if path:
            return path
    return None


def libreoffice_pdf(xlsx: Path, out: Path) -> Path | None:
    office = which("libreoffice", "soffice")
    if office is None:
        print("skipped: LibreOffice not found (Debian: apt-get install libreoffice-calc-nogui)")
        return None
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([office, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(out), str(xlsx)], check=True, capture_output=True, timeout=300)
    return out / (xlsx.stem + ".pdf")


def chromium_pdf(page: Path, out: Path) -> Path | None:
    chromium = which("chromium", "chromium-browser", "google-chrome")
    if chromium is None:
        print("skipped: Chromium not found (Debian: apt-get install chromium)")
        return None
    target = out / (page.stem + ".pdf")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--print-to-pdf={target}",
                        page.resolve().as_uri()], check=True, capture_output=True, timeout=300)
    return target


# (how a PDF was made, the font family of its footer, the footer's and the body's size in pt)
SIZES = {"libreoffice": ("Arial", 9.0, 10.0), "chromium": ("system-ui", 8.0, 9.0), "ropa": (None, 8.0, 8.5)}
FOOTER_WORDS = ("Seite", "Page")


def _advance(word: str, family: str | None) -> float | None:
    """The advance width of ``word`` in em, in the font fontconfig gives for ``family``."""
    try:
        from fontTools.ttLib import TTFont
    except ImportError:
        return None
    if family is None:
        path = ROOT / "ropa" / "export" / "fonts" / "DejaVuSansCondensed.ttf"
    else:
        if which("fc-match") is None:
            return None
        path = Path(subprocess.run(["fc-match", "-f", "%{file}", family], capture_output=True, text=True).stdout)
    font = TTFont(str(path))
    cmap, metrics = font.getBestCmap(), font["hmtx"]
    return sum(metrics[cmap[ord(c)]][0] for c in word) / font["head"].unitsPerEm


def printed_sizes(pdf: Path, producer: str) -> tuple[float, float] | None:
    """(smallest footer size, smallest body size) in pt as printed, from the footer's scale.

    The running footer's "Seite"/"Page" is set at a known size in a known font; its width
    on the page over its advance width in that font is the size it was printed at, and
    that over the nominal size is the page's print scale (LibreOffice shrinks a sheet
    that is fitted to the page width). Body text prints at its nominal size times the
    same scale. The smallest over all pages is returned.
    """
    if which("pdftotext") is None:
        return None
    family, footer, body = SIZES[producer]
    text = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    scales = []
    for page in text.split("<page ")[1:]:
        words = [(float(m.group(2)), float(m.group(3)) - float(m.group(1)), m.group(4)) for m in re.finditer(
            r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">(\w+)</word>', page)
            if m.group(4) in FOOTER_WORDS]
        if words:
            _y, width, word = max(words)  # the lowest on the page: the footer's
            advance = _advance(word, family)
            if advance:
                scales.append(width / advance / footer)
    if not scales:
        return None
    scale = min(scales)
    return round(footer * scale, 1), round(body * scale, 1)


def pages(pdf: Path, out: Path, producer: str, resolution: int) -> int:
    if which("pdftoppm") is None:
        print("skipped: pdftoppm not found (Debian: apt-get install poppler-utils)")
        return 0
    prefix = out / (producer + "-" + pdf.name.replace(".pdf", ""))
    subprocess.run(["pdftoppm", "-png", "-r", str(resolution), str(pdf), str(prefix)], check=True)
    return len(list(out.glob(prefix.name + "-*.png")))


def main(argv: list[str]) -> int:
    registry = Path(argv[0]) if argv else ROOT / "registry"
    out = Path(argv[1]) if len(argv) > 1 else ROOT / "bench" / "out" / "print"
    shutil.rmtree(out, ignore_errors=True)
    exports, images = out / "exports", out / "pages"
    for folder in (exports, images, out / "libreoffice", out / "chromium"):
        folder.mkdir(parents=True)
    ropa = Path(sys.executable).parent / "ropa"
    # both documents: the record (ropa-*) and the review report (review-*)
    subprocess.run([str(ropa), "export", str(registry), "--out", str(exports), "-f", "xlsx,html,pdf", "--kind",
                    "all"], check=True, capture_output=True)
    printed: list[tuple[Path, str]] = []
    for lang in ("de", "en"):
        for book in sorted(exports.glob(f"*-{lang}.xlsx")):
            pdf = libreoffice_pdf(book, out / "libreoffice")
            if pdf:
                printed.append((pdf, "libreoffice"))
        for page in sorted(exports.glob(f"*-{lang}.html")):
            pdf = chromium_pdf(page, out / "chromium")
            if pdf:
                printed.append((pdf, "chromium"))
        printed += [(p, "ropa") for p in sorted(exports.glob(f"*-{lang}.pdf"))]
    for pdf, producer in printed:
        count = pages(pdf, images, producer, resolution)
        sizes = printed_sizes(pdf, producer)
        small = f"smallest type {sizes[0]} pt (footer), body text >= {sizes[1]} pt" if sizes else "sizes not measured"
        print(f"{producer}: {pdf.name}: {count} pages; {small}")
    print(f"page images in {images}")
    return 0


resolution = 50


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
