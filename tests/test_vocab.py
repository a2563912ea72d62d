"""The vocabularies: country codes and names from pycountry, entries that behave as values."""

from __future__ import annotations

import copy
import pickle

import pytest

from ropa import vocab


def test_country_codes_are_iso3166_alpha2():
    codes = vocab.country_codes()
    assert len(codes) > 240 and all(len(code) == 2 and code.isupper() for code in codes)
    assert vocab.is_country("DE") and vocab.is_country("US") and not vocab.is_country("XX")
    assert not vocab.is_country("de") and not vocab.is_country("")
    assert vocab.country_name("DE") == "Germany" and vocab.country_name("DE", "de") == "Deutschland"
    assert vocab.country_name("XX") == "XX"


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
