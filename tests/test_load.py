"""Loading the sample registry into the typed model: resolved references and source positions."""

from __future__ import annotations

import datetime as _dt
import os
from pathlib import Path

import pytest

from ropa import model
from ropa.load import load
from ropa.parse_cache import cache_dir, parse_cached
from ropa.yaml_nodes import parse, resolve_plain

SAMPLE = Path(__file__).resolve().parent / "fixtures" / "sample"
ACTIVITIES = os.path.join("tests", "fixtures", "sample", "activities", "website.yaml")
RECIPIENTS = os.path.join("tests", "fixtures", "sample", "recipients.yaml")
REGISTRY = os.path.join("tests", "fixtures", "sample", "registry.yaml")


@pytest.fixture(scope="module")
def result():
    here = os.getcwd()
    os.chdir(SAMPLE.parents[2])  # spans show the path as given: relative to the repository
    try:
        return load(os.path.join("tests", "fixtures", "sample"))
    finally:
        os.chdir(here)


def test_sample_loads_without_findings(result) -> None:
    assert result.findings == ()
    assert not result.fatal
    registry = result.registry
    assert registry.files == (ACTIVITIES, REGISTRY, RECIPIENTS) or sorted(registry.files) == sorted(
        (ACTIVITIES, REGISTRY, RECIPIENTS))
    assert list(registry.activities) == ["web-server-logs", "web-analytics"]
    assert list(registry.recipients) == ["hoster", "analytics-inc"]
    assert registry.meta is not None and registry.meta.date == _dt.date(2024, 1, 15)


def test_resolved_references(result) -> None:
    registry = result.registry
    assert [a.id for a in registry.activities_using("analytics-inc")] == ["web-analytics"]
    assert [a.id for a in registry.activities_using("hoster")] == ["web-server-logs"]
    assert registry.activities_using("nobody") == []
    assert [a.id for a in registry.activities_of("example")] == ["web-server-logs", "web-analytics"]
    assert isinstance(registry.party("analytics-inc"), model.Recipient)
    assert isinstance(registry.party("example"), model.Organisation)
    assert registry.target("web-analytics") is registry.activities["web-analytics"]
    analytics = registry.activities["web-analytics"]
    (transfer,) = analytics.transfers
    assert registry.recipients[transfer.recipient].country == transfer.country == "US"
    assert registry.activities["web-server-logs"].transfers == ()  # `[]`: explicitly none
    assert registry.activities["web-server-logs"].recipients[0].recipient == "hoster"  # short form


def test_values_are_typed(result) -> None:
    logs = result.registry.activities["web-server-logs"]
    assert logs.name.get("en") == "Server log files" and logs.name.get("de") == "Server-Logdateien"
    assert logs.review_due == _dt.date(2025, 1, 15)
    assert logs.legal_bases[0].basis == "art6-1-f"
    assert logs.dpia is not None and logs.dpia.status == "not-required"
    assert logs.sources[0].line == 3 and logs.sources[0].section == "2"
    hoster = result.registry.recipients["hoster"]
    assert hoster.contract is not None and hoster.contract.date == _dt.date(2023, 5, 1)
    assert str(hoster.category) in ("Hosting provider", "Hosting-Dienstleister")


def test_source_positions(result) -> None:
    registry = result.registry
    logs = registry.activities["web-server-logs"]
    assert (logs.span.file, logs.span.line, logs.span.col) == (ACTIVITIES, 2, 5)
    assert logs.at("name") == model.Span(ACTIVITIES, 3, 11)
    assert logs.at("owner") == model.Span(ACTIVITIES, 5, 12)
    assert logs.at("purposes", 0) == model.Span(ACTIVITIES, 7, 9)
    assert logs.legal_bases[0].span == model.Span(ACTIVITIES, 9, 9)
    assert logs.legal_bases[0].at("lia") == model.Span(ACTIVITIES, 11, 14)
    analytics = registry.recipients["analytics-inc"]
    assert analytics.span == model.Span(RECIPIENTS, 9, 5)
    assert analytics.at("country") == model.Span(RECIPIENTS, 12, 14)
    assert analytics.certifications[0].span == model.Span(RECIPIENTS, 16, 9)
    assert analytics.certifications[0].at("checked") == model.Span(RECIPIENTS, 16, 54)
    assert analytics.at("nonexistent") == analytics.span  # falls back to the node
    assert registry.meta is not None and registry.meta.span.file == REGISTRY


def test_load_a_file_inside_the_registry() -> None:
    result = load(SAMPLE / "activities" / "website.yaml")
    assert not result.findings
    assert len(result.registry.activities) == 2  # the whole registry, found from registry.yaml


@pytest.mark.parametrize(("text", "tag"), [
    ("true", "bool"), ("False", "bool"), ("yes", "str"), ("on", "str"),  # YAML 1.2: no yes/no booleans
    ("12", "int"), ("0x1F", "int"), ("0o17", "int"), ("1_000", "int"), ("-3", "int"),
    ("1.5", "float"), (".inf", "float"), ("1e3", "float"), ("", "null"), ("~", "null"), ("null", "null"),
    ("2024-01-15", "timestamp"), ("2023-02-30", "timestamp"), ("2024-1-5", "str"), ("DE", "str"), ("NO", "str"),
    ("<<", "merge"), ("13507", "int"),
])
def test_plain_scalars_resolve_as_yaml_1_2(text: str, tag: str) -> None:
    assert resolve_plain(text) == f"tag:yaml.org,2002:{tag}"


def test_resolution_matches_ruamel() -> None:
    """The loader's own resolver agrees with ruamel.yaml's YAML 1.2 resolver."""
    from ruamel.yaml.nodes import ScalarNode
    from ruamel.yaml.resolver import VersionedResolver

    resolver = VersionedResolver()
    samples = ["true", "TRUE", "tRue", "yes", "0", "007", "0o7", "0x_1", "0b101", "+1", "1.", ".5", "-.inf", ".NaN",
               "1e5", "1E+5", "12:30", "2024-01-01", "2024-01-01T10:00:00Z", "2024-01-01 10:00", "null", "Null",
               "nULL", "~", "", "=", "<<", "-", "1_2_3", "0x", "1.2.3", "+.5e-3", "2001-12-14t21:59:43.10-05:00"]
    for text in samples:
        assert resolve_plain(text) == str(resolver.resolve(ScalarNode, text, (True, False))), text


def test_parse_keeps_quoted_scalars_as_text() -> None:
    node, problems = parse('a: "12"\nb: \'true\'\nc: 12\n', "t.yaml")
    assert problems == []
    tags = [value[0].rsplit(":", 1)[1] for _key, value in node[1]]
    assert tags == ["str", "str", "int"]
    assert [(v[2], v[3]) for _k, v in node[1]] == [(0, 3), (1, 3), (2, 3)]


def test_parse_cache(tmp_path, monkeypatch) -> None:
    """Unchanged files are answered from the cache: the same nodes, findings and positions."""
    monkeypatch.setenv("ROPA_CACHE_DIR", str(tmp_path / "cache"))
    fresh = load(SAMPLE)
    from ropa.parse_cache import CACHE_LAYOUT, _key, entry_name

    stored = {e.name for e in (tmp_path / "cache" / CACHE_LAYOUT).iterdir()}
    # one entry per registry file (and per vocabulary file, if this process had not read them yet)
    assert {entry_name(p.read_text(encoding="utf-8"), _key()) for p in SAMPLE.rglob("*.yaml")} <= stored
    cached = load(SAMPLE)
    assert cached.findings == fresh.findings
    assert cached.registry.activities == fresh.registry.activities
    for ident, activity in fresh.registry.activities.items():
        assert cached.registry.activities[ident].spans == activity.spans
    text = (SAMPLE / "registry.yaml").read_text(encoding="utf-8")
    assert parse_cached(text, "r.yaml") == parse(text, "r.yaml")


def test_parse_cache_ignores_damaged_entries(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("ROPA_CACHE_DIR", str(tmp_path / "cache"))
    text = (SAMPLE / "recipients.yaml").read_text(encoding="utf-8")
    expected = parse(text, "r.yaml")
    parse_cached(text, "r.yaml")
    (entry,) = [p for p in (tmp_path / "cache").rglob("*") if p.is_file()]
    for damage in (b"", b"\x00garbage", entry.read_bytes()[:50], b"\xe9\x03\x00\x00\x00"):
        entry.write_bytes(damage)
        assert parse_cached(text, "r.yaml") == expected


def test_parse_cache_skips_problems_and_can_be_off(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("ROPA_CACHE_DIR", str(tmp_path / "cache"))
    node, problems = parse_cached("a: &x 1\nb: *x\n", "bad.yaml")
    assert node is None and [p.code for p in problems] == ["RP007", "RP007"]
    assert not (tmp_path / "cache").exists()
    monkeypatch.setenv("ROPA_CACHE_DIR", "")
    assert cache_dir() is None
    assert parse_cached("a: 1\n", "a.yaml") == parse("a: 1\n", "a.yaml")


def test_plain_data_matches_ruamel_for_the_vocabularies() -> None:
    from ruamel.yaml import YAML

    from ropa.parse_cache import plain_data

    vocab = Path(__file__).resolve().parents[1] / "ropa" / "vocab"
    for path in sorted(vocab.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        assert plain_data(text, path.name) == YAML(typ="safe", pure=True).load(text), path.name
    assert plain_data("a: [1, 0x10, 1_000, 017, 1.5, true, ~, 2024-01-02, x]") == {
        "a": [1, 16, 1000, 17, 1.5, True, None, _dt.date(2024, 1, 2), "x"]}
    with pytest.raises(ValueError):
        plain_data("a: &x 1\nb: *x\n")


def test_the_builder_constructs_nodes_as_their_class_does():
    # ropa.model_base.construct sets each field from the builder's values without keyword copying;
    # it must give what the class's own __init__ gives, defaults and factories included
    from ropa.model_base import construct
    from ropa.model import NOWHERE, Span

    span = Span("f.yaml", 3, 5)
    values = {"id": "crm", "name": "CRM", "role": "processor", "span": span, "spans": {}, "extra": {}}
    built = construct(model.Recipient, dict(values))
    assert built == model.Recipient(**values)
    assert all(getattr(built, name) == getattr(model.Recipient(**values), name)
               for name, _, _ in model.Recipient._init_table)
    # no span, spans or extra: NOWHERE and the default factories, through the class itself
    fallback = construct(model.Recipient, {"id": "crm", "name": "CRM", "role": "processor"})
    assert fallback.span is NOWHERE and fallback.spans == {} and fallback.extra == {}
    with pytest.raises(TypeError):  # a required field missing: the class's own error
        construct(model.Recipient, {"name": "CRM", "role": "processor"})
