"""The vocabularies read without `json` where they can, and their entries behave as values."""

from __future__ import annotations

import copy
import json
import os
import pickle

import pytest

from ropa import vocab


def test_country_codes_match_the_parsed_database():
    # is_country scans pycountry's JSON for "alpha_2" instead of parsing it
    path = os.path.join(vocab._pycountry_dir(), "databases", "iso3166-1.json")
    with open(path, encoding="utf-8") as fh:
        parsed = {entry["alpha_2"] for entry in json.load(fh)["3166-1"]}
    assert vocab._alpha2() == parsed == set(vocab._iso3166())
    assert len(parsed) > 240
    assert vocab.is_country("DE") and vocab.is_country("US") and not vocab.is_country("XX")
    assert not vocab.is_country("de") and not vocab.is_country("")


def test_terms_are_immutable_values():
    term = vocab.legal_bases()["art6-1-f"]
    assert term == copy.copy(term) == pickle.loads(pickle.dumps(term))
    assert hash(term) == hash(copy.deepcopy(term))
    assert repr(term).startswith("Term(code='art6-1-f', kind=")
    with pytest.raises(AttributeError):
        term.code = "x"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del term.en
    with pytest.raises(AttributeError):
        term.other = 1  # type: ignore[attr-defined]
    with pytest.raises(TypeError):
        vocab.Term(code="x", kind="y", en="e")  # type: ignore[call-arg]
    assert vocab.Term("x", "y", "e", "d") == vocab.Term(code="x", kind="y", en="e", de="d", needs=())
    assert vocab.Term("x", "y", "e", "d") != vocab.Term("x", "y", "e", "d", note="n")


def test_adequacy_and_hygiene_load():
    us = vocab.adequacy()["US"]
    assert us.country == "US" and us.requires == "eu-us-dpf"
    assert vocab.adequacy_for("US") is us
    hygiene = vocab.hygiene()
    assert "Ã¼" in hygiene.mojibake and hygiene.generic_purposes.find("Marketing") == "Marketing"
    assert set(hygiene.sources) >= {"generic_purposes", "vague_retention", "art8_markers", "device_access"}
