"""Print the exports the way an auditor does and turn the pages into images to look at.

    python tools/print_check.py                 # registry/ -> bench/out/print/
    python tools/print_check.py REGISTRY OUT

Renders the xlsx, html and pdf of both languages with ``ropa export``, then prints them
with the real programs: LibreOffice headless (xlsx -> PDF), Chromium headless (html -> PDF);
``pdftoppm`` turns every PDF into PNG pages (``<name>-<page>.png``) and ``pdffonts`` /
``pdftotext -bbox`` give what a look cannot measure. For each PDF it prints the page
count and the smallest font size on the printed page (from the text boxes' heights;
a glyph box is about 1.15 x the font size in LibreOffice's and Chromium's PDFs, so the
figure printed is height / 1.15, rounded to a tenth of a point).

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
BOX = 1.15  # text box height / font size in these PDFs (ascender + descender)

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
    target = out / (page.stem + ".html.pdf")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--print-to-pdf={target}",
                        page.resolve().as_uri()], check=True, capture_output=True, timeout=300)
    return target


def smallest_font(pdf: Path) -> float | None:
    """The smallest font size on any page: the lowest text box height / BOX."""
    if which("pdftotext") is None:
        return None
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    heights = [float(m.group(2)) - float(m.group(1))
               for m in re.finditer(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">[^<]*\w', html)]
    return round(min(heights) / BOX, 1) if heights else None


def pages(pdf: Path, out: Path, resolution: int) -> int:
    if which("pdftoppm") is None:
        print("skipped: pdftoppm not found (Debian: apt-get install poppler-utils)")
        return 0
    prefix = out / pdf.name.replace(".pdf", "")
    subprocess.run(["pdftoppm", "-png", "-r", str(resolution), str(pdf), str(prefix)], check=True)
    return len(list(out.glob(prefix.name + "-*.png")))


def main(argv: list[str]) -> int:
    registry = Path(argv[0]) if argv else ROOT / "registry"
    out = Path(argv[1]) if len(argv) > 1 else ROOT / "bench" / "out" / "print"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    ropa = Path(sys.executable).parent / "ropa"
    subprocess.run([str(ropa), "export", str(registry), "--out", str(out), "-f", "xlsx,html,pdf"], check=True,
                   capture_output=True)
    printed: list[Path] = []
    for lang in ("de", "en"):
        for book in sorted(out.glob(f"*-{lang}.xlsx")):
            pdf = libreoffice_pdf(book, out)
            if pdf:
                printed.append(pdf)
        for page in sorted(out.glob(f"*-{lang}.html")):
            pdf = chromium_pdf(page, out)
            if pdf:
                printed.append(pdf)
        printed += sorted(p for p in out.glob(f"*-{lang}.pdf") if p not in printed)
    for pdf in printed:
        count = pages(pdf, out, 60)
        size = smallest_font(pdf)
        print(f"{pdf.name}: {count} pages, smallest font {size} pt")
    print(f"page images in {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
