"""RP604 looks for mis-encoded text in two passes; the cheap first pass must never hide a finding.

The first pass (``gather_strings``) collects the strings ``located_strings`` yields, without
positions, and only the top-level entries whose text holds a first character of a mojibake
pattern get the located walk. These tests pin both halves: the two walks see the same
strings, and the rule reports exactly what the located walk over every entry reports.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ropa import vocab
from ropa.check import Context
from ropa.findings import Finding
from ropa.load import load
from ropa.rules import by_code
from ropa.rules._util import located_strings, top_nodes
from ropa.rules.rp604_mis_encoded import QUOTES, _located, gather_strings
from tests.helpers import TODAY, findings, marked_lines, run, write_registry

ROOT = Path(__file__).resolve().parents[2]

# Mojibake in every kind of place the walk descends into: a plain field, a tuple of strings,
# one language of a multilingual text, nested nodes (address, legal basis, gap, transfer),
# a gap in a contact inside an organisation; and in the places that are exempt: a source's
# verbatim quote, a code span, an `x-` key. Clean entries sit between the damaged ones.
MOJIBAKE = """\
registry:
  name: Mojibake
organisations:
  - id: acme
    name: ACME GmbH
    address: {city: "MÃ¼nchen", country: DE}  # <-
    email: info@acme.example
    dpo_required: false
    management: [Jana Beispiel, "JÃ¶rg Muster"]  # <-
    dpo:
      name: Jana Beispiel
      gaps:
        - field: phone
          note: {de: Keine Telefonnummer, en: "No phone â€“ none given"}  # <-
  - id: clean-org
    name: Clean GmbH
    address: {city: Berlin, country: DE}
    email: info@clean.example
    dpo_required: false
documents:
  - id: notice
    title: "Datenschutzhinweise"
    notes: "The notice has `Ãœ` for `Ü` (exempt: a code span)"
  - id: notice2
    title: "Hinweise"
    notes: "Split by a code span: Ã`x`¤ is still damage"  # <-
recipients:
  - id: host
    name: Host AG
    role: processor
    country: DE
    x-comment: "Ã¤ in an own field is not checked"
    gaps:
      - field: contract
        note: "Kein Vertrag"
        sources:
          - {document: notice, quote: "Ãœbermittlung (exempt: a quote)"}
  - id: clean
    name: Clean AG
    role: processor
    country: DE
  - id: last
    name: "Ende â€” last entry"  # <-
    role: processor
    country: DE
activities:
  - id: web
    name: Website
    organisation: acme
    purposes: [Betrieb der Website, "Ã–ffentlichkeitsarbeit"]  # <-
    legal_bases:
      - basis: art6-1-f
        interest:
          de: Sicherheit der Website  # <-
          en: "Security of the website Â§ 25"
"""


def _ctx(registry):
    ctx = Context(registry=registry, today=TODAY)
    ctx.rule = by_code()["RP604"]
    return ctx


def _slow(registry) -> list:
    """The located walk over every top-level entry: what RP604 reported before the first pass."""
    ctx = _ctx(registry)
    patterns = vocab.hygiene().mojibake
    return [f for ident, node in top_nodes(registry) for f in _located(ctx, ident, node, patterns)]


def test_both_walks_see_the_same_strings(tmp_path):
    registries = [load(ROOT / "registry").registry, load(ROOT / "tests/fixtures/sample").registry,
                  load(write_registry(tmp_path, MOJIBAKE)).registry]
    for registry in registries:
        for _, node in top_nodes(registry):
            assert gather_strings(node, QUOTES, []) == [t for t, *_ in located_strings(node, skip=QUOTES)]


def test_reports_mojibake_wherever_the_located_walk_does(tmp_path):
    report = run(tmp_path, MOJIBAKE)
    found = findings(report, "RP604")
    assert sorted({f.span.line for f in found}) == marked_lines(MOJIBAKE)
    assert {f.target for f in found} == {"acme", "notice2", "last", "web"}
    assert found == sorted(_slow(report.registry), key=Finding.sort_key)
    assert not [f for f in report.findings if f.code != "RP604" and f.fatal]


def test_facts42_fast_pass_matches_the_located_walk():
    registry = load(ROOT / "registry").registry
    assert list(by_code()["RP604"].check(_ctx(registry))) == _slow(registry) == []



def test_consecutive_entries_each_starting_with_damage():
    # Model nodes built directly (ids are never checked here): the first pass must map each
    # hit to its entry and go on from the very start of the next entry's text.
    from types import SimpleNamespace

    from ropa.model import Document, Text

    documents = {ident: Document(id=ident, title=Text.of(title)) for ident, title in
                 (("Ã¤a", "x"), ("Ã¶b", "Ã¼"), ("c", ""), ("d", "Â§"), ("\ufffd", "e"))}
    empty: dict = {}
    registry = SimpleNamespace(organisations=empty, recipients=empty, documents=documents,
                               data_categories=empty, data_subjects=empty, measures=empty,
                               activities=empty)
    found = list(by_code()["RP604"].check(_ctx(registry)))
    assert found == _slow(registry)
    assert [f.target for f in found] == ["Ã¤a", "Ã¶b", "d", "\ufffd"]  # no spans: one finding each

# Random text built from the patterns' characters, backticks and plain letters, put into
# fields of several entries: the rule must report exactly what the located walk reports.
_ALPHABET = sorted({c for p in vocab.hygiene().mojibake for c in p} | set("`aÜü ") | {"\u00a0"})
_TEXT = st.text(alphabet=_ALPHABET, min_size=0, max_size=8)


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\u00a0", "\\_") + '"'


@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_TEXT, min_size=6, max_size=6))
def test_random_text_fast_pass_matches_the_located_walk(texts):
    a, b, c, d, e, f = (_quoted(t) for t in texts)
    registry_yaml = f"""\
registry:
  name: Random
organisations:
  - id: acme
    name: {a}
    address: {{city: {b}, country: DE}}
    dpo_required: false
recipients:
  - id: one
    name: One
    role: processor
    country: DE
  - id: two
    name: Two
    role: processor
    country: DE
    notes: {{de: {c}, en: {d}}}
    gaps:
      - field: contract
        note: {e}
        sources:
          - {{document: doc, quote: {f}}}
documents:
  - id: doc
    title: Doc
"""
    with tempfile.TemporaryDirectory() as tmp:
        registry = load(write_registry(Path(tmp), registry_yaml)).registry
    assert list(by_code()["RP604"].check(_ctx(registry))) == _slow(registry)

