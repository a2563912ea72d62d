"""``yamlrt.PlainWriter`` writes exactly what ``dump_rt(rt_data(data))`` writes, only faster."""

from __future__ import annotations

import datetime as _dt

from hypothesis import given, settings
from hypothesis import strategies as st

from ropa.edit.yamlrt import PlainWriter, dump_rt, rt_data

# every kind of character a spreadsheet cell may hold: letters, digits, YAML indicators,
# quotes, spaces at the edges, line breaks, tabs, non-ASCII, control characters
text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=20) | st.sampled_from(
    ["yes", "No", "null", "~", "017", "12:30", "1.5", "2024-01-01", "- a", "a: b", "a #b", "#a", "a, b",
     "[x]", "{y}", "'q'", '"q"', " lead", "trail ", "§ 147 AO", "Art. 6(1)(b) GDPR", "x-nr", "B12",
     "Zelle C5", "München", "ä", "10 Jahre", "P10Y", "@x", "%x", "!x", "&x", "*x", "|x", ">x", "?x"])
key = st.from_regex(r"[a-z][a-z_]{0,8}|x-[a-z0-9-]{1,10}", fullmatch=True)
scalar = text | st.integers(-5, 10**6) | st.booleans() | st.dates(_dt.date(1990, 1, 1), _dt.date(2040, 1, 1))
value = st.recursive(
    scalar | st.lists(text, max_size=3),
    lambda inner: st.dictionaries(key, inner, max_size=3)
    | st.lists(st.dictionaries(key, inner, max_size=3) | text, min_size=1, max_size=3),
    max_leaves=12)
document = st.dictionaries(key, value | st.dictionaries(st.sampled_from(["street", "city"]), text, min_size=1)
                           .map(lambda a: {"address": a}), min_size=1, max_size=4)


@settings(max_examples=300, deadline=None)
@given(document)
def test_plain_writer_writes_what_ruamel_writes(data: dict) -> None:
    assert PlainWriter().dump(data) == dump_rt(rt_data(data))


def test_plain_writer_on_a_registry_file() -> None:
    data = {"activities": [{"id": "payroll", "name": "Lohn- und Gehaltsabrechnung", "purposes": ["Abrechnung"],
                            "legal_bases": [{"basis": "art6-1-c", "notes": "Art. 6 Abs. 1 lit. c DSGVO i.V.m. § 41 EStG"}],
                            "recipients": ["steuerberater", {"recipient": "finanzamt", "purpose": "Meldungen"}],
                            "transfers": [], "created": _dt.date(2024, 1, 15),
                            "gaps": [{"field": "legal_bases", "note": {"de": "Nicht lesbar: 'x'", "en": "Not read: 'x'"}}],
                            "sources": [{"document": "import-vvt", "sheet": "VVT", "row": 5, "column": "B"}],
                            "x-nr": "1"}]}
    assert PlainWriter().dump(data) == dump_rt(rt_data(data))
