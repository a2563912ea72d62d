"""The importer's work on a cell's text is bounded (issue 29, item 3): no pattern that backtracks
super-linearly is applied to a cell or header. The scanners that replaced such patterns mean
what the patterns meant (compared on generated text), and crafted text of 100 KB, long runs of
the ambiguous characters, is read to the end. The guard against a hang is a subprocess with a
generous timeout: a hang fails the test, a slow machine does not."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from ropa.importer.columns import _ARTICLE_HEAD, _drop_parentheses
from ropa.importer.state import transfer_line

# the patterns as they were: the reference for what the scanners mean
OLD_TRANSFER_LINE = re.compile(r"^(?P<cname>.+?) \((?P<code>[A-Z]{2})\): (?P<rname>.+) – (?P<mech>.+?)"
                               r"(?:, (?:Modul|module) (?P<mod>[1-4]))?$")
OLD_ARTICLE = re.compile(r"\((?:art\.?|article|artikel)\s*\d+[^)]*\)", re.IGNORECASE)
OLD_PAREN = re.compile(r"\([^)]*\)")

pieces = st.sampled_from(["a", "Ü", " ", "(", ")", "(DE)", "(US): ", "(de): ", ": ", " – ", "–", ", Modul 2",
                          ", module 4", ", Modul 5", ", ", "Modul", "1", "\n", "art", "Art. ", "article", "30", "x"])
lines = st.lists(pieces, max_size=14).map("".join)


@settings(max_examples=400, deadline=None)
@given(lines)
def test_the_transfer_line_scanner_means_what_the_pattern_meant(line: str) -> None:
    m = OLD_TRANSFER_LINE.match(line)
    got = transfer_line(line)
    if m is None:
        assert got is None
    else:
        assert got is not None and tuple(got) == (m["cname"], m["code"], m["rname"], m["mech"], m["mod"])


@settings(max_examples=400, deadline=None)
@given(lines)
def test_the_parenthesis_scanner_means_what_the_patterns_meant(text: str) -> None:
    assert _drop_parentheses(text) == OLD_PAREN.sub(" ", text)
    assert _drop_parentheses(text, _ARTICLE_HEAD) == OLD_ARTICLE.sub(" ", text)


def test_ropas_own_transfer_lines() -> None:
    assert tuple(transfer_line("Vereinigte Staaten (US): Google Ireland – SCC, Modul 2") or ()) == \
        ("Vereinigte Staaten", "US", "Google Ireland", "SCC", "2")
    assert tuple(transfer_line("India (IN): Acme – Beta – standard contractual clauses") or ()) == \
        ("India", "IN", "Acme – Beta", "standard contractual clauses", None)
    assert transfer_line("USA (Google)") is None and transfer_line("(US): a – b") is None


# crafted text: long runs of what each scanned pattern had to decide between
CRAFTED = [
    "a (DE): " * 12_500,
    "a (DE): b – " * 8_400,
    "a (DE): " + "b – " * 25_000 + ", Modul 9",
    "a (DE): " * 8_300 + "b – " * 8_300 + "\nx",  # the old pattern: cubic (2,400 characters 0.5 s, this ~10 h)
    "(" * 100_000,
    "(art1" * 20_000,
    "(Art. 30 " * 11_000,
    " – " * 33_000,
    "Art. 6 " + " " * 100_000 + "lit",
    "Art 6(1)" + "(b)" * 33_000,
    "§ 26 " + "Abs. " * 20_000,
    "10 " + "Jahre" * 20_000 + "1",
    "1, " * 33_000,
    "Müller, " * 12_500,
    "a; " * 33_000,
    "Stand: " * 14_300,
    "- " * 50_000,
]

GUARD = textwrap.dedent("""
    import json, sys
    from ropa.importer import cells, columns, state
    from ropa.importer.state import transfer_line
    texts = json.load(sys.stdin)
    for text in texts:
        assert len(text) >= 99_000, len(text)
        transfer_line(text)
        columns.normalise(text)
        columns._bare(columns.normalise(text))
        cells.legal_basis(text)
        cells.items(text, commas=True)
        cells.names(text)
        cells.duration(text)
        cells.duration_prefix(text)
        cells.as_of(text)
        cells.title_organisation(text)
        cells.date(text)
        state._words(text)
    print("done")
""")


def test_crafted_cells_of_100_kb_are_read_to_the_end() -> None:
    out = subprocess.run([sys.executable, "-c", GUARD], input=json.dumps(CRAFTED), capture_output=True, text=True,
                         timeout=600)
    assert out.returncode == 0 and out.stdout.strip() == "done", out.stderr[-2000:]


def test_an_import_of_crafted_cells_finishes(tmp_path: Path) -> None:
    # a whole import: a csv whose headers and cells are such runs (cut at 32,767 characters
    # per cell, Excel's limit, with a gap saying so)
    headers = ["Bezeichnung der Verarbeitung", "Zwecke der Verarbeitung", "Rechtsgrundlage",
               "Drittlandübermittlung", "Kategorien von Empfängern", "Fristen für die Löschung",
               "(Art. 30 " * 3_000]
    rows = [["Lohn", "Abrechnung", "Art. 6 " + " " * 30_000 + "lit b", "a (DE): " * 4_000, "(" * 30_000,
             "10 " + "Jahre" * 6_000, "x"],
            ["Kunden", "Vertrag", "(art1" * 6_000, "a (DE): b – " * 2_700, "Müller, " * 4_000, "- " * 16_000, "y"]]
    source = tmp_path / "crafted.csv"
    source.write_text("\n".join(";".join(f'"{c}"' for c in row) for row in [headers, *rows]) + "\n", encoding="utf-8")
    into = tmp_path / "registry"
    code = ("import sys; from ropa.cli import main; sys.argv = ['ropa', 'import', sys.argv[1], '--into', sys.argv[2], "
            "'--date', '2025-01-01']; sys.exit(main())")
    out = subprocess.run([sys.executable, "-c", code, str(source), str(into)], capture_output=True, text=True,
                         timeout=600)
    assert out.returncode in (0, 1), out.stderr[-2000:]
    assert (into / "registry.yaml").exists()


def test_the_quick_look_before_normalising_a_cell_never_misses_a_word() -> None:
    """``is_not_stated`` / ``is_none`` look at a text's first letter before normalising it: for
    every character, what ``vocab.normalise`` strips maps to itself, and any other character's
    case folding starts with a character it does not strip; so the first letter seen is the
    first letter of the normalised text."""
    import sys

    from ropa import vocab
    from ropa.importer import cells as P

    edge = set(P._EDGE)
    assert edge == {chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()} | set(" .,;:!-–()\"'")
    for point in range(sys.maxunicode + 1):
        char = chr(point)
        folded = char.casefold()
        if char in edge:
            assert folded == char
        else:
            assert folded and folded[0] not in edge, hex(point)
    for text in ("nicht angegeben", " \u3000.. Nicht  angegeben ..", "(n/a)", "KEINE", "Entfällt", "ENTFÄLLT",
                 "unbekannt!", "– None –", "Kunden", "", "   ", "...", "ß", "İ"):
        assert P.is_not_stated(text) == (vocab.normalise(text) in P._not_stated_words()), text
        assert P.is_none(text) == (vocab.normalise(text) in P._none_words()), text
