"""``ropa.yaml_write.PlainWriter``: the text ``ropa fmt`` writes (ruamel.yaml with ropa's layout),
written directly; every string reads back as itself, by ropa's loader and by a YAML 1.1 reader."""

from __future__ import annotations

import datetime as _dt

import pytest
import yaml as pyyaml
from hypothesis import given, settings
from hypothesis import strategies as st

from ropa.edit.yamlrt import dump_rt, rt_data
from ropa.parse_cache import plain_data
from ropa.yaml_write import PlainWriter, double_quoted, plain_allowed

# the strings a spreadsheet cell may hold that YAML reads as something else, or as no text at all
HOSTILE = [
    "", " ", "  lead", "trail ", "=SUM(A1:A3)", "=1+1", "-", "- a", "-a", "--", "---", "--- x", "...", "...x", "+",
    "+1", "@x", "@", "%x", "!x", "&x", "*x", "|x", ">x", "?", "? a", "?x", ":", ":a", ": a", "a:", "a: b", "a:b",
    "a :b", "a:\tb", "http://example.com/a#b", "#", "#a", "a #b", "a#b", "a, b", "a,b", "[x]", "{y}", "a [b]", "a{b",
    "'q'", '"q"', "a'b", 'a"b', "it's", 'say "hi"', "\\", "a\\b", 'a\\"', "a\nb", "a\n", "\n", "a\r\nb", "a\rb",
    "a\tb", "\t", "a\x00b", "\x07", "\x1b[31mred", "a\x7f", "\x85", "a\u2028b", "a\u2029b", "\ufeff", "a\ufeffb",
    "\ufffe", "\xa0", "\xa0x", "x\xa0", "München", "Bäckerei Müller & Söhne", "日本語", "😀", "a😀b", "\U0010fffd",
    "§ 147 AO", "Art. 6(1)(b) GDPR", "Art. 6 Abs. 1 lit. b DSGVO",
    # YAML 1.1 booleans and nulls, numbers, dates and times as strings
    "yes", "Yes", "YES", "no", "No", "NO", "y", "Y", "n", "N", "on", "On", "ON", "off", "Off", "OFF", "true", "True",
    "TRUE", "false", "False", "null", "Null", "NULL", "~", "<<", "=", "0", "1", "-1", "+1", "017", "0o17", "0x1F",
    "0b101", "1_000", "1.5", ".5", "1.", "1e3", "1E-3", "-.inf", ".inf", ".NaN", "12:30", "1:20:30", "190:20:30.15",
    "2024-01-01", "2024-1-1", "2024-01-01T10:00:00Z", "2024-01-01 10:00:00 +01:00", "10 Jahre", "P10Y", "B12",
    "x-nr", "Zelle C5", "1. Quartal", "0-8-15",
]


def _both(value: str) -> list[tuple[dict, object]]:
    return [({"k": value}, value), ({"k": [value, "x"]}, [value, "x"]), ({"k": [{"a": value}]}, [{"a": value}])]


@pytest.mark.parametrize("value", HOSTILE)
def test_every_string_reads_back_as_itself(value: str) -> None:
    writer = PlainWriter()
    for data, inner in _both(value):
        text = writer.dump(data)
        assert plain_data(text) == {"k": inner}, text  # ropa's own reading (YAML 1.2)
        assert pyyaml.load(text, Loader=pyyaml.CSafeLoader) == {"k": inner}, text  # a YAML 1.1 reader
        assert text.count("\n") == (2 if isinstance(inner, list) and isinstance(inner[0], dict) else 1)  # one line a value


@pytest.mark.parametrize("value", HOSTILE)
def test_the_same_text_as_ruamel_with_ropas_layout(value: str) -> None:
    # ``ropa fmt`` writes through ruamel.yaml: an imported registry is left as it is by it
    for data, _inner in _both(value):
        assert PlainWriter().dump(data) == dump_rt(rt_data(data))


def test_quoting_rules() -> None:
    assert double_quoted('a"b\\c\nd\te\x07\x85\u2028\ufeff') == '"a\\"b\\\\c\\nd\\te\\a\\N\\L\\uFEFF"'
    assert plain_allowed("Lohnbuchhaltung", False) and plain_allowed("a: b", False) is False
    assert plain_allowed("a:b", False) and not plain_allowed("a:b", True)
    assert not plain_allowed("no", False) and not plain_allowed("2024-01-01", True)
    assert PlainWriter().dump({"created": _dt.date(2024, 1, 15), "n": 3, "ok": True}) == \
        "created: 2024-01-15\nn: 3\nok: true\n"
    with pytest.raises(TypeError):
        PlainWriter().dump({"k": 1.5})


# every kind of character a spreadsheet cell may hold: letters, digits, YAML indicators,
# quotes, spaces at the edges, line breaks, tabs, non-ASCII, control characters
text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=20) | st.sampled_from(HOSTILE)
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
    out = PlainWriter().dump(data)
    assert out == dump_rt(rt_data(data))
    assert plain_data(out) == data


def test_plain_writer_on_a_registry_file() -> None:
    data = {"activities": [{"id": "payroll", "name": "Lohn- und Gehaltsabrechnung", "purposes": ["Abrechnung"],
                            "legal_bases": [{"basis": "art6-1-c", "notes": "Art. 6 Abs. 1 lit. c DSGVO i.V.m. § 41 EStG"}],
                            "recipients": ["steuerberater", {"recipient": "finanzamt", "purpose": "Meldungen"}],
                            "transfers": [], "created": _dt.date(2024, 1, 15),
                            "gaps": [{"field": "legal_bases", "note": {"de": "Nicht lesbar: 'x'", "en": "Not read: 'x'"}}],
                            "sources": [{"document": "import-vvt", "sheet": "VVT", "row": 5, "column": "B"}],
                            "x-nr": "1"}]}
    assert PlainWriter().dump(data) == dump_rt(rt_data(data))


def test_a_layout_puts_keys_in_its_order_as_they_are_written() -> None:
    from ropa.yaml_write import Layout

    item = Layout(["id", "name"])
    address = Layout(["street", "city"])
    item.children["parts"] = item  # a layout may hold itself
    item.children["address"] = address
    layout = Layout(children={"things": item, "by_id": Layout(each=item)})
    data = {"things": [{"x-own": "1", "name": "B", "id": "b", "address": {"city": "Berlin", "street": "Weg 1"},
                        "parts": [{"name": "P", "x-a": "2", "id": "p"}]}],
            "by_id": {"z": {"name": "Z", "id": "z"}, "a": {"name": "A", "id": "a"}}}
    ordered = {"things": [{"id": "b", "name": "B", "x-own": "1", "address": {"street": "Weg 1", "city": "Berlin"},
                           "parts": [{"id": "p", "name": "P", "x-a": "2"}]}],
               "by_id": {"z": {"id": "z", "name": "Z"}, "a": {"id": "a", "name": "A"}}}
    assert PlainWriter().dump(data, layout) == PlainWriter().dump(ordered) == dump_rt(rt_data(ordered))
    assert PlainWriter().dump(data, layout).splitlines()[1:4] == ["  - id: b", "    name: B", "    x-own: \"1\""]


def test_an_object_written_by_its_own_block_function() -> None:
    class Ref(int):
        pass

    def block(value: Ref, lead: str, pad: str) -> str:
        return f"{lead}ref: {int(value)}\n{pad}kind: ref"

    writer = PlainWriter(blocks={Ref: block})
    assert writer.dump({"items": [Ref(3), {"a": "b"}], "one": Ref(4)}) == \
        "items:\n  - ref: 3\n    kind: ref\n  - a: b\none:\n  ref: 4\n  kind: ref\n"
    assert writer.dump({"items": [Ref(3)], "one": Ref(4)}) == \
        dump_rt(rt_data({"items": [{"ref": 3, "kind": "ref"}], "one": {"ref": 4, "kind": "ref"}}))
