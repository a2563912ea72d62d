"""The bundled FACTS42 registry's real state: its findings, pinned (no waiver makes it green).

The registry is transcribed from public notices; nobody at FACTS42 has answered its gaps
and conflicts or accepted a risk, so `ropa validate registry` exits 1 with FACTS42's real
errors. This test pins them: the counts per rule below and the reviewed golden list
``tests/data/facts42-findings.txt``, which is exactly the output of (from the repository root,
``--today`` being the registry's ``registry.date``, so that the list does not age)::

    .venv/bin/ropa validate registry --today 2023-06-01 --lang en > tests/data/facts42-findings.txt
    .venv/bin/ropa validate registry --today 2023-06-01 --lang de > tests/data/facts42-findings-de.txt

When the registry or a rule changes, ``python tools/regen.py`` runs both commands and rewrites
``COUNTS`` below (with the other derived files); review the diff of the golden files (every
finding that appears or disappears must be explained by the change) before committing.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from ropa.check import check
from ropa.load import load

ROOT = Path(__file__).resolve().parents[1]
REGISTRY = ROOT / "registry"
GOLDEN = ROOT / "tests" / "data" / "facts42-findings.txt"
GOLDEN_DE = ROOT / "tests" / "data" / "facts42-findings-de.txt"
TODAY = dt.date(2023, 6, 1)

# open findings per rule (no waivers): reviewed with the golden list
COUNTS: dict[str, int] = {
    "RP104": 31,
    "RP105": 2,
    "RP107": 1,
    "RP108": 49,
    "RP120": 8,
    "RP201": 20,
    "RP202": 14,
    "RP203": 4,
    "RP206": 7,
    "RP207": 9,
    "RP209": 1,
    "RP301": 1,
    "RP302": 8,
    "RP306": 1,
    "RP307": 1,
    "RP401": 4,
    "RP402": 4,
    "RP405": 8,
    "RP406": 3,
    "RP501": 40,
    "RP502": 11,
    "RP503": 2,
    "RP603": 1,
    "RP605": 1,
    "RP606": 6,
    "RP607": 67,
    "RP608": 22,
    "RP609": 84,
    "RP612": 1,
}


def counts(report) -> dict[str, int]:
    return dict(sorted(Counter(f.code for f in report.findings).items()))


def test_registry_date_is_the_golden_lists_date():
    assert load(REGISTRY).registry.meta.date == TODAY, "update TODAY and the command in the docstring"


def test_no_waivers_and_the_counts_per_rule():
    report = check(load(REGISTRY), today=TODAY)
    assert load(REGISTRY).registry.waivers == ()
    assert not report.waived
    assert counts(report) == COUNTS


@pytest.mark.parametrize("lang, golden", [("en", GOLDEN), ("de", GOLDEN_DE)])
def test_validate_output_matches_the_reviewed_golden_list(lang, golden):
    env = {**os.environ, "NO_COLOR": "1", "ROPA_CACHE_DIR": ""}
    env.pop("FORCE_COLOR", None)
    proc = subprocess.run([sys.executable, "-m", "ropa", "validate", "registry", "--today", TODAY.isoformat(),
                           "--lang", lang], cwd=ROOT, capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode == 1, proc.stderr  # FACTS42's open errors: the record's real state
    assert proc.stdout == golden.read_text(encoding="utf-8"), (
        "the registry's findings changed: regenerate and review tests/data/facts42-findings.txt "
        "(see this module's docstring)")


if __name__ == "__main__":  # print COUNTS for the registry as it is
    print(counts(check(load(REGISTRY), today=TODAY)))
