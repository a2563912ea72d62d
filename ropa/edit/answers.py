"""Checks of single answers, as the interviews (``init``, ``new``, ``add``) ask them and as options give them.

Each ``*_problem`` function returns why a value cannot be right (a catalogue message), or
None. They are the checks a prompt runs on each answer before it asks the next question, so
that no answer is lost to a check at the end.

>>> propose_id("Bäckerei Müller GmbH")
'baeckerei-mueller'
>>> propose_id("Straßenbau Öztürk & Söhne KG")
'strassenbau-oeztuerk-soehne'
>>> postal_code_problem("1234", "DE") is None, postal_code_problem("12345", "DE") is None
(False, True)
>>> email_problem("info(at)example.de") is None, email_problem("info@baeckerei-mueller.de") is None
(False, True)
"""

from __future__ import annotations

import re
from collections.abc import Container

from ropa.i18n import N_, Message, msg

# German transliteration (DIN 5007-2, the usual spelling of names without umlauts)
_GERMAN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "ae", "Ö": "oe", "Ü": "ue"})
# legal forms left out of an id proposed from a name
_LEGAL_FORMS = {"gmbh", "mbh", "ag", "kg", "kgaa", "ohg", "gbr", "ug", "e.v.", "ev", "e.k.", "ek", "se", "co",
                "co.", "&", "und", "haftungsbeschraenkt", "(haftungsbeschraenkt)", "ltd", "ltd.", "inc", "inc.",
                "llc", "plc", "sa", "sarl", "s.a.", "bv", "b.v.", "nv", "gmbh.", "e.g.", "eg"}
_ID = re.compile(r"^[a-z0-9][a-z0-9._-]*\Z")


def transliterate(text: str) -> str:
    """``text`` in lower case with German umlauts and ß spelt out (ä -> ae), other accents dropped."""
    import unicodedata

    spelt = text.translate(_GERMAN).lower()
    return unicodedata.normalize("NFKD", spelt).encode("ascii", "ignore").decode("ascii")


def slug(text: str, *, drop_legal_forms: bool = False, limit: int = 40) -> str:
    """An id made from ``text`` the German way (``Müller`` -> ``mueller``), words joined by ``-``."""
    words = [w for w in transliterate(text).split() if w]
    if drop_legal_forms:
        kept = [w for w in words if w.strip(",") not in _LEGAL_FORMS]
        words = kept or words
    joined = "-".join(re.sub(r"[^a-z0-9]+", "-", w) for w in words)
    out = re.sub(r"-{2,}", "-", joined).strip("-._")
    if len(out) > limit:
        out = out[:limit].rsplit("-", 1)[0] or out[:limit]
    return out


def propose_id(name: str) -> str:
    """The id proposed for an organisation or entry called ``name`` (always a valid id, or '')."""
    out = slug(name, drop_legal_forms=True)
    return out if _ID.match(out) else ""


def id_problem(value: str, taken: Container[str] = ()) -> Message | None:
    """Why ``value`` cannot be a new id (malformed, or among ``taken``)."""
    from ropa.load import ID_RE

    if not ID_RE.match(value):
        proposal = propose_id(value)
        if proposal and proposal != value:
            return msg("'{value}' is not a valid id (lower-case letters, digits, '-', '_', '.'); for example "
                       "'{proposal}'", value=value, proposal=proposal)
        return msg("'{value}' is not a valid id (lower-case letters, digits, '-', '_', '.')", value=value)
    if value in taken:
        return msg("the id '{value}' is already used", value=value)
    return None


# postal codes of the countries a German DPO meets most; other countries are not checked
_POSTAL = {
    "DE": (r"\d{5}", N_("5 digits, e.g. 10115")), "AT": (r"\d{4}", N_("4 digits, e.g. 1010")),
    "CH": (r"\d{4}", N_("4 digits, e.g. 8001")), "LI": (r"\d{4}", N_("4 digits, e.g. 9490")),
    "FR": (r"\d{5}", N_("5 digits, e.g. 75001")), "IT": (r"\d{5}", N_("5 digits, e.g. 00184")),
    "ES": (r"\d{5}", N_("5 digits, e.g. 28001")), "NL": (r"\d{4} ?[A-Z]{2}", N_("4 digits and 2 letters, e.g. 1011 AB")),
    "BE": (r"\d{4}", N_("4 digits, e.g. 1000")), "LU": (r"(?:L-)?\d{4}", N_("4 digits, e.g. 1009")),
    "DK": (r"\d{4}", N_("4 digits, e.g. 1050")), "PL": (r"\d{2}-\d{3}", N_("NN-NNN, e.g. 00-950")),
    "CZ": (r"\d{3} ?\d{2}", N_("NNN NN, e.g. 110 00")), "SE": (r"\d{3} ?\d{2}", N_("NNN NN, e.g. 111 22")),
    "US": (r"\d{5}(?:-\d{4})?", N_("5 digits, e.g. 94103")),
}


def postal_code_problem(value: str, country: str | None) -> Message | None:
    """Why ``value`` is not a postal code of ``country`` (checked for the countries in ``_POSTAL``)."""
    rule = _POSTAL.get((country or "").upper())
    if rule is None or re.fullmatch(rule[0], value.strip()):
        return None
    return msg("'{value}' is not a postal code of {country} ({form})", value=value, country=country,
               form=msg(rule[1]))


_EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
                    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+\Z")


def email_problem(value: str) -> Message | None:
    """Why ``value`` is not an e-mail address (``info(at)example.de`` is not one)."""
    if _EMAIL.match(value.strip()) and len(value) <= 254:
        return None
    return msg("'{value}' is not an e-mail address like info@example.de", value=value)


def country_problem(value: str) -> Message | None:
    from ropa.vocab import is_country

    if is_country(value.upper()) and len(value) == 2:
        return None
    return msg("'{value}' is not an ISO 3166-1 alpha-2 country code (e.g. DE, AT, US)", value=value)


def count_problem(value: str) -> Message | None:
    """Why ``value`` is not a number of people (a whole number from 0)."""
    if value.strip().isdigit() and len(value.strip()) < 9:
        return None
    return msg("'{value}' is not a whole number", value=value)


def duration_problem(value: str) -> Message | str | None:
    """Why ``value`` is not an ISO 8601 duration, with the one it probably means (``2 Jahre`` -> P2Y)."""
    from ropa.edit.new import duration_problem as why
    from ropa.load import DURATION_RE

    return None if DURATION_RE.match(value) else why(value)
