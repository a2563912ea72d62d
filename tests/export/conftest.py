"""Shared fixtures of the export tests: the sample registry, loaded once."""

from __future__ import annotations

from pathlib import Path

import pytest

from ropa.load import load

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "tests" / "fixtures" / "sample"
FACTS42 = ROOT / "registry"


@pytest.fixture(scope="session")
def sample():
    result = load(SAMPLE)
    assert not result.fatal, result.findings
    return result.registry
