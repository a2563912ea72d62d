"""The examples in the docstrings of the edit modules and the duration module run as tests
(the suite collects only tests/, so a wrong example would otherwise go unnoticed)."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ("ropa.edit.nodes", "ropa.edit.answers", "ropa.edit.new", "ropa.durations")


@pytest.mark.parametrize("name", MODULES)
def test_examples_hold(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted > 0 and result.failed == 0
