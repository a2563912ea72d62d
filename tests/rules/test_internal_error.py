"""A crash inside a rule is a bug: it becomes one fatal RP000 finding, never a traceback."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ropa.check import check
from ropa.findings import Severity
from ropa.load import load
from ropa.rules import catalogue

SAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "sample"


def test_crashing_rule_becomes_rp000_and_other_rules_still_run(monkeypatch):
    rule = catalogue()[0]

    def boom(ctx):
        raise KeyError("oops")
        yield  # pragma: no cover

    broken = [r._replace(check=boom) if r is rule else r for r in catalogue()]
    monkeypatch.setattr("ropa.rules.catalogue", lambda: tuple(broken))
    report = check(load(SAMPLE), today=dt.date(2024, 1, 15))
    internal = [f for f in report.findings if f.code == "RP000"]
    assert len(internal) == 1
    assert internal[0].fatal and internal[0].severity is Severity.ERROR
    assert rule.code in internal[0].message and "KeyError" in internal[0].message
    assert internal[0].text("de").startswith(f"interner Fehler in Regel {rule.code} (KeyError: [en] ")
    assert len(report.rules_run) == len([r for r in catalogue() if r.default])  # every other rule still ran


def test_an_opt_in_rule_runs_only_when_selected():
    from ropa.check import check
    from ropa.load import load
    from tests.conftest import FACTS42

    assert not [f for f in check(load(FACTS42)).findings if f.code == "RP611"]
    selected = check(load(FACTS42), select=["RP611"])
    assert selected.rules_run == ("RP611",) and all(f.code == "RP611" for f in selected.findings)
    assert any("has no text in de" in f.message for f in selected.findings)  # the Bitrix24 policy is English
