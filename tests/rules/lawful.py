"""A copy of the lawful registry (tests/fixtures/lawful: a small German education company,
unlike FACTS42, on which no rule may report anything) with one change: the rule tests
judge each rule on it, changed so that the rule must report, and unchanged so it must not."""

from __future__ import annotations

import datetime as _dt
import shutil
from pathlib import Path

from ropa.check import Report, check
from ropa.findings import Finding
from ropa.load import load

ROOT = Path(__file__).resolve().parents[2]
LAWFUL = ROOT / "tests" / "fixtures" / "lawful"
ON = _dt.date(2026, 3, 1)  # the date the lawful registry is lawful on
ACTIVITIES = "activities/lernwelt.yaml"


def changed(tmp_path: Path, file: str = ACTIVITIES, *edits: tuple[str, str], today: _dt.date = ON,
            append: str = "") -> Report:
    """The lawful registry with each ``(old, new)`` text replaced once in ``file`` (and ``append``
    added at its end), checked on ``today``."""
    root = Path(shutil.copytree(LAWFUL, tmp_path / "lawful"))
    path = root / file
    text = path.read_text(encoding="utf-8")
    for old, new in edits:
        assert text.count(old) >= 1, f"{old!r} is not in {file}: the test would change nothing"
        text = text.replace(old, new, 1)
    path.write_text(text + append, encoding="utf-8")
    return check(load(root), today=today)


def lawful(today: _dt.date = ON) -> Report:
    return check(load(LAWFUL), today=today)


def of(report: Report, code: str) -> list[Finding]:
    return [f for f in report.findings if f.code == code]
