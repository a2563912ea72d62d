"""The data-flow map inside the record's html and PDF (one per record-keeping organisation, none
for a third party, the review report or a record without activities), and the drafts' terminal
text at 80 columns."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from ropa.export import render, snapshot, snapshots

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "tests" / "fixtures" / "sample"
FACTS42 = ROOT / "registry"


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    root = tmp_path / "sample"
    shutil.copytree(SAMPLE, root)
    return root


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _svgs(page: str) -> list[str]:
    return re.findall(r"<svg .*?</svg>", page, flags=re.S)


def _pdf_pages(data: bytes, tmp_path: Path) -> list[str]:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (Debian package poppler-utils) is not installed: cannot read the PDF's text")
    pdf = tmp_path / "record.pdf"
    pdf.write_bytes(data)
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [p for p in out.split("\f") if p.strip()]


def test_the_html_record_of_each_organisation_holds_its_map_and_nothing_else_does():
    documents = {o.name: o.data.decode("utf-8") for snap in snapshots(FACTS42, third_parties=True)
                 for o in render(snap, ["html"], kinds=("record", "report"))}
    maps = {name: len(_svgs(page)) for name, page in documents.items()}
    assert maps["ropa-facts42-de.html"] == maps["ropa-facts42-en.html"] == 1
    others = {name: n for name, n in maps.items() if not name.startswith("ropa-facts42-")}
    assert others and set(others.values()) == {0}, others  # review reports, third parties' processing
    page = documents["ropa-facts42-de.html"]
    [picture] = _svgs(page)
    # inline in HTML5: no namespace, no XML declaration; named by its section's heading, not a title of its own
    assert "xmlns" not in picture and "<?xml" not in page and "<title>" not in picture
    assert '<li><a href="#map">Datenflusskarte</a></li>' in page and 'aria-labelledby="map-heading"' in picture
    assert page.index('id="cover"') < page.index('id="map"') < page.index('id="activities"')
    # the record's facts, not the review's findings: no badge counting open findings
    assert "<circle" not in picture and "ropa validate" not in picture
    ET.fromstring(picture.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1))  # well formed
    texts = " ".join(re.findall(r"<text[^>]*>([^<]*)</text>", picture))
    for name in ("Besucher der Webseite", "BITRIX24 LIMITED (Bitrix24)", "Vereinigte Staaten (US) *",
                 "Beratung und Durchführung von Marketing- und Marktbeobachtungsdienstleistungen"):
        assert name in texts  # every label whole (wrapped at spaces, never cut)
    assert "…" not in texts


def test_an_organisation_without_activities_has_no_map(sample: Path):
    _edit(sample / "registry.yaml", "organisations:\n", "organisations:\n  - {id: idle, name: Idle GmbH, "
          "email: info@idle.example, dpo_required: false}\n")
    pages = {o.name: o.data.decode("utf-8") for snap in snapshots(sample) for o in render(snap, ["html"], ["en"])}
    assert len(_svgs(pages["ropa-example-en.html"])) == 1
    assert _svgs(pages["ropa-idle-en.html"]) == [] and 'id="map"' not in pages["ropa-idle-en.html"]


def test_the_map_follows_the_registry(sample: Path):
    before = next(o.data.decode() for o in render(snapshot(sample), ["html"], ["en"]))
    assert "Analytics Inc." in before and "Canada (CA)" not in before
    _edit(sample / "recipients.yaml", "name: Analytics Inc.", "name: Metrics Corp.")
    _edit(sample / "recipients.yaml", "country: US", "country: CA")
    after = next(o.data.decode() for o in render(snapshot(sample), ["html"], ["en"]))
    [picture] = _svgs(after)
    assert "Metrics Corp." in picture and "Analytics Inc." not in picture and "Canada (CA)" in picture


def test_the_pdf_record_has_the_map_page(tmp_path: Path):
    out = {o.name: o.data for o in render(snapshot(FACTS42), ["pdf"], ["de"])}
    pages = _pdf_pages(out["ropa-facts42-de.pdf"], tmp_path)
    [index] = [n for n, page in enumerate(pages) if page.rstrip().splitlines()[-1].strip().startswith("Datenflusskarte")]
    page = pages[index]
    assert "Deckblatt" in pages[index - 1].rstrip().splitlines()[-1]  # after the cover
    for text in ("Betroffene Personen", "Verarbeitungstätigkeiten", "Empfänger", "Länder", "Besucher der Webseite",
                 "BITRIX24 LIMITED (Bitrix24)", "Vereinigte Staaten (US) *", "Übermittlungsgrundlage"):
        assert text in page, text
    assert "ropa validate" not in page


def test_the_map_is_in_both_languages_and_the_exports_stay_deterministic():
    first = {o.name: o.data for o in render(snapshot(FACTS42), ["html", "pdf"])}
    again = {o.name: o.data for o in render(snapshot(FACTS42), ["html", "pdf"])}
    assert first == again
    english = _svgs(first["ropa-facts42-en.html"].decode())[0]
    assert "Data subjects" in english and "Transfer basis" in english and "Übermittlungsgrundlage" not in english


# --- the drafts at the terminal --------------------------------------------------------------

def _ropa(*args: str, columns: str | None) -> str:
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    env["ROPA_LANG"] = ""
    if columns is not None:
        env["COLUMNS"] = columns
    done = subprocess.run([sys.executable, "-m", "ropa", *args], cwd=ROOT, capture_output=True, text=True,
                          encoding="utf-8", env=env)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize("args", [("subject", "website-visitors", "registry", "--lang", "de"),
                                  ("impact", "bitrix24-ltd-cy", "registry", "--lang", "en")])
def test_drafts_wrap_at_80_columns_without_cutting_a_word(args):
    from ropa.check import check
    from ropa.load import load
    from ropa.use.access import access_answer
    from ropa.use.impact import impact

    piped = _ropa(*args, columns=None)  # a pipe without $COLUMNS: 80
    assert _ropa(*args, columns="80") == piped
    lines = piped.splitlines()
    assert max(len(line) for line in lines) <= 80 and len(lines) > 40
    # a number stays with what it numbers: no line ends in "Z." / "Art." / "line" with its number on the next
    assert not [line for line in lines if re.search(r"\b(Z|Art|Abschn|line|section)\.?$", line)]
    report = check(load(FACTS42))
    draft = (access_answer(report, args[1], args[4]) if args[0] == "subject" else impact(report, args[1], args[4]))
    whole = draft.text()
    assert piped.split() == whole.split()  # the same words in the same order: none cut, none lost
    assert any(len(line) > 80 for line in whole.splitlines())  # so the wrapping did something
    # an item's further lines are indented under its text
    for line, following in zip(lines, lines[1:]):
        if line.startswith("  ") and not line.startswith("    ") and following.strip():
            assert following.startswith("  ")
    wide = _ropa(*args, columns="120").splitlines()
    assert max(len(line) for line in wide) > 80 and max(len(line) for line in wide) <= 120


def test_the_record_at_work_and_the_map_stand_on_the_core_only():
    """ropa.use imports no other feature package, and the map (ropa.flow) is core: the record's
    exports draw it without importing ropa.use."""
    sys.path.insert(0, str(ROOT / "tests"))
    from test_architecture import FEATURES, _in, imports

    found = imports()
    sideways = {(m, n) for m, names in found.items() if _in(m, ("ropa.use",)) for n in names
                if _in(n, FEATURES) and not _in(n, ("ropa.use",))}
    assert sideways == set()
    assert {(m, n) for m, names in found.items() if _in(m, ("ropa.flow",)) for n in names if _in(n, FEATURES)} == set()


def test_a_map_too_large_for_a_page_is_a_sentence_naming_ropa_map(monkeypatch, tmp_path: Path):
    from ropa.export import to_html, to_pdf

    monkeypatch.setattr(to_html, "MAP_ROWS", 1)
    monkeypatch.setattr(to_pdf, "MAP_ROWS", 1)
    out = {o.name: o.data for o in render(snapshot(SAMPLE), ["html", "pdf"], ["de"])}
    page = out["ropa-example-de.html"].decode()
    assert _svgs(page) == [] and 'id="map"' in page and "mit ropa map eine Karte je Frage zeichnen" in page
    text = " ".join(" ".join(p.split()) for p in _pdf_pages(out["ropa-example-de.pdf"], tmp_path))
    assert "mit ropa map eine Karte je Frage zeichnen" in text


def test_a_label_wraps_at_spaces_and_keeps_its_language_mark_on_every_line():
    from ropa.flow.layout import lines, text_width

    label = "[de] Beratung und Durchführung von Marketing- und Marktbeobachtungsdienstleistungen"
    wrapped = lines(label, 160)
    assert len(wrapped) > 1 and all(line.startswith("[de] ") for line in wrapped)
    assert " ".join(line.removeprefix("[de] ") for line in wrapped) == label.removeprefix("[de] ")
    assert all(text_width(line) <= 160 or " " not in line.removeprefix("[de] ") for line in wrapped)
    assert lines("Kunden", 160) == ["Kunden"]
