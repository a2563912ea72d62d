"""The vocabularies: country codes and names (a table generated from pycountry), entries that behave as values."""

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


def test_the_country_table_matches_the_installed_pycountry():
    """ropa/vocab/iso3166.py is generated from pycountry's public API (tools/countries.py,
    run by tools/regen.py); a new pycountry with other names makes this fail until regenerated."""
    pytest.importorskip("pycountry", reason="pycountry (a test dependency) is not installed")
    from ropa.vocab.iso3166 import NAMES
    from tools.countries import names

    assert NAMES == names()


def test_country_names_are_read_without_importing_pycountry():
    import subprocess
    import sys

    code = ("import sys; from ropa import vocab; "
            "assert vocab.country_name('CH', 'de') == 'Schweiz' and vocab.country_code('Vereinigte Staaten') == 'US'; "
            "print('pycountry' in sys.modules)")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "False"


def test_covers_answers_as_matching_every_phrase_does():
    # Phrases.covers first drops a text with a word no listed stem begins; the answer must be
    # the one the full matching gives, on texts made of the lists' own words and others
    import itertools
    import random

    from ropa import vocab
    from ropa.vocab.wording import words

    def reference(phrases, text, fillers):
        stems = words(text)
        if not stems:
            return False
        covered, hit = [False] * len(stems), False
        for source, counts in ((phrases, True), (fillers, False)):
            if source is None:
                continue
            for _, start, end in source._matches(stems):
                hit = hit or counts
                covered[start:end] = [True] * (end - start)
        return hit and all(covered)

    hygiene = vocab.hygiene()
    generic, fillers = hygiene.generic_purposes, hygiene.purpose_fillers
    vocabulary = [p.text for p in (*generic.phrases, *fillers.phrases)] + ["Kundendaten", "Versand", "a", "e-mail"]
    chooser = random.Random(28)
    texts = [" ".join(chooser.sample(vocabulary, k)) for k in (1, 2, 3) for _ in range(300)]
    texts += [" ".join(pair) for pair in itertools.islice(itertools.permutations(vocabulary[:40], 2), 1500)]
    answers = {(generic.covers(text, fillers), reference(generic, text, fillers)) for text in texts}
    assert answers <= {(True, True), (False, False)}
    assert (True, True) in answers and (False, False) in answers
    assert all(generic.covers(text) == reference(generic, text, None) for text in texts)
