"""Every rule's documented Example triggers it at the marked line; its Use instead does not."""

from __future__ import annotations

import re

import pytest

from ropa.findings import Severity
from ropa.problems import PROBLEMS
from ropa.rules import catalogue
from tests.helpers import doc_examples, findings, marked_lines, run

RULES = catalogue()
SECTIONS = ("What it does", "Why is this bad?", "Example", "Use instead", "References")


def test_catalogue_covers_the_themes():
    codes = {r.code for r in RULES}
    assert len(codes) == len(RULES) >= 24
    assert not codes & set(PROBLEMS)
    for rule in RULES:
        assert re.fullmatch(r"RP[1-9]\d\d", rule.code), rule.code
        assert rule.module.__name__.split(".")[-1].startswith(rule.code.lower() + "_")
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.name), rule.name
        assert isinstance(rule.severity, Severity)
        assert rule.reference


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_every_rule_declares_its_axis(rule):
    """Art. 30 content or lawfulness/accountability (issue 24): an item Art. 30 does not ask for, or
    asks for only "where possible", is never a record error."""
    from ropa.findings import Axis

    assert isinstance(rule.module.__dict__.get("AXIS"), Axis), f"{rule.code}: set AXIS = Axis.RECORD or Axis.LAWFULNESS"
    if rule.axis is Axis.RECORD and rule.severity is Severity.ERROR:
        assert not re.search(r"Art\. 30\(1\)\((f|g)\)", rule.reference), rule.code  # "where possible"


def _dated(rule) -> dict:
    """A rule whose law took effect after the suite's date judges its examples on ``EXAMPLE_DATE``."""
    date = getattr(rule.module, "EXAMPLE_DATE", None)
    return {"today": date} if date is not None else {}


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_docstring_has_every_section(rule):
    headings = re.findall(r"^## (.+)$", rule.doc, re.M)
    assert tuple(headings) == SECTIONS, rule.code
    assert rule.summary and not rule.summary.startswith("#")


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_example_triggers(rule, tmp_path):
    example = doc_examples(rule.doc)["Example"]
    expected = marked_lines(example)
    assert expected, f"{rule.code}: mark the reported line with '# <-'"
    found = findings(run(tmp_path, {"registry.yaml": example}, **_dated(rule)), rule.code)
    assert sorted({f.span.line for f in found}) == expected
    for finding in found:
        assert finding.span.file.endswith("registry.yaml")
        assert finding.severity in (rule.severity, Severity.WARNING)
        assert finding.reference == rule.reference
        assert finding.target


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_use_instead_passes(rule, tmp_path):
    good = doc_examples(rule.doc)["Use instead"]
    assert "# <-" not in good
    assert findings(run(tmp_path, {"registry.yaml": good}, **_dated(rule)), rule.code) == []


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_example_findings_are_catalogue_messages_with_german(rule, tmp_path):
    """Every rule's message comes from the catalogue: German in German, no English word of ropa's left."""
    from ropa.i18n import Message
    from tests.test_i18n import ALLOWED, _leaks

    found = findings(run(tmp_path, {"registry.yaml": doc_examples(rule.doc)["Example"]}, **_dated(rule)), rule.code)
    for finding in found:
        assert isinstance(finding.message, Message), rule.code
        german = finding.text("de")
        assert german != finding.message and finding.text("en") == finding.message
        assert _leaks(german, "de", registry=tmp_path) - ALLOWED == set(), (rule.code, german)


def test_items_art30_does_not_require_are_not_record_errors():
    """Issue 24: a legal basis, a TIA and a recipient's country are not Art. 30(1) content, and TOMs
    and erasure periods are owed "where possible": none of them is an error of the record."""
    from ropa.findings import Axis
    from ropa.rules import by_code

    rules = by_code()
    for code in ("RP201", "RP307", "RP405", "RP501", "RP502"):
        assert rules[code].severity is not Severity.ERROR, code
    assert rules["RP201"].axis is Axis.LAWFULNESS and rules["RP307"].axis is Axis.LAWFULNESS
    assert rules["RP101"].axis is Axis.RECORD and rules["RP101"].severity is Severity.ERROR
