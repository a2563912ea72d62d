"""Legal vocabularies as data: legal bases, transfer mechanisms, country groups, country names.

The YAML files beside this module are the one place these facts live, each with its
sources; rules and exporters read them through the functions here and never hard-code
a code, a country list or a decision date.

Country names (German and English) come from ISO 3166-1 as packaged by ``pycountry``: a
table (``ropa/vocab/iso3166.py``) generated from its public API by ``tools/countries.py``
(run by ``tools/regen.py``), checked against the installed pycountry by a test. ropa does
not import pycountry at run time: its import cost ~24 ms of every command's start-up.
"""

from __future__ import annotations

import datetime as _dt
from functools import cache
from pathlib import Path
from typing import Any

from ropa.model import Value

HERE = Path(__file__).parent
_set = object.__setattr__


def _load(name: str) -> Any:
    """One of the data files beside this module, as plain data (through the loader's parse cache)."""
    from ropa.parse_cache import plain_data

    return plain_data((HERE / name).read_text(encoding="utf-8"), str(HERE / name))


class Term(Value):
    """One vocabulary entry: a legal basis or a transfer mechanism."""

    __slots__ = ("code", "kind", "en", "de", "dpv", "needs", "note", "art22", "scheme", "device")

    code: str
    kind: str
    en: str
    de: str
    dpv: str | None
    needs: tuple[str, ...]
    note: str | None
    art22: str | None  # Art. 22(2) exception the basis supports: contract, law, consent, explicit-consent
    scheme: str | None  # certification the recipient must hold (mechanisms)
    device: str | None  # `consent`: consent to access the user's device (§ 25(1) TDDDG)

    def __init__(self, code: str, kind: str, en: str, de: str, dpv: str | None = None,
                 needs: tuple[str, ...] = (), note: str | None = None, art22: str | None = None,
                 scheme: str | None = None, device: str | None = None) -> None:
        _set(self, "code", code)
        _set(self, "kind", kind)
        _set(self, "en", en)
        _set(self, "de", de)
        _set(self, "dpv", dpv)
        _set(self, "needs", needs)
        _set(self, "note", note)
        _set(self, "art22", art22)
        _set(self, "scheme", scheme)
        _set(self, "device", device)

    def label(self, lang: str = "en") -> str:
        return self.de if lang == "de" else self.en


def _terms(data: dict[str, dict[str, Any]]) -> dict[str, Term]:
    out = {}
    for code, entry in data.items():
        needs = entry.get("needs") or ()
        out[code] = Term(code=code, kind=entry["kind"], en=entry["en"], de=entry["de"],
                         dpv=entry.get("dpv"),
                         needs=(needs,) if isinstance(needs, str) else tuple(needs),
                         note=entry.get("note"), art22=entry.get("art22"),
                         scheme=entry.get("scheme"), device=entry.get("device"))
    return out


@cache
def legal_bases() -> dict[str, Term]:
    """Legal basis codes (``art6-1-f`` ...) with their kind, labels and DPV concept."""
    return _terms(_load("legal_bases.yaml")["legal_bases"])


@cache
def non_contract_parties() -> frozenset[str]:
    """DPV data subject concepts never party to a contract with the controller (Art. 6(1)(b))."""
    return frozenset(_load("legal_bases.yaml").get("non_contract_parties") or ())


@cache
def mechanisms() -> dict[str, Term]:
    """Transfer mechanism codes (``scc``, ``dpf``, ``art49-1-a`` ...)."""
    return _terms(_load("mechanisms.yaml")["mechanisms"])


@cache
def hr_markers() -> dict[str, frozenset[str]]:
    """What marks an activity's data as HR data for a DPF listing (mechanisms.yaml, ``hr_data``)."""
    data = _load("mechanisms.yaml").get("hr_data") or {}
    return {"data_subjects": frozenset(data.get("data_subjects") or ()),
            "legal_bases": frozenset(data.get("legal_bases") or ())}


class Adequacy(Value):
    """An Art. 45 adequacy decision (countries.yaml)."""

    __slots__ = ("country", "decision", "date", "until", "scope", "requires", "renewed", "source")

    country: str
    decision: str
    date: _dt.date
    until: _dt.date | None
    scope: str | None
    requires: str | None  # certification scheme the recipient must hold (US: eu-us-dpf)
    renewed: _dt.date | None
    source: str | None

    def __init__(self, country: str, decision: str, date: _dt.date, until: _dt.date | None = None,
                 scope: str | None = None, requires: str | None = None,
                 renewed: _dt.date | None = None, source: str | None = None) -> None:
        _set(self, "country", country)
        _set(self, "decision", decision)
        _set(self, "date", date)
        _set(self, "until", until)
        _set(self, "scope", scope)
        _set(self, "requires", requires)
        _set(self, "renewed", renewed)
        _set(self, "source", source)

    def in_force(self, on: _dt.date) -> bool:
        """True if the decision applies on ``on``: from its date, until it lapses."""
        return self.date <= on and (self.until is None or on <= self.until)


@cache
def _countries_data() -> dict[str, Any]:
    return _load("countries.yaml")


@cache
def eea() -> frozenset[str]:
    """ISO alpha-2 codes of the EEA member states: no Chapter V rules apply between them."""
    return frozenset(_countries_data()["eea"])


@cache
def adequacy() -> dict[str, Adequacy]:
    """Art. 45 adequacy decisions by destination: ISO country code, or the code of an
    international organisation (``international_organisations`` in countries.yaml)."""
    decisions = {code: Adequacy(country=code, **entry)
                 for code, entry in _countries_data()["adequacy"].items()}
    for code, entry in _countries_data().get("international_organisations", {}).items():
        if entry.get("adequacy"):
            decisions[code] = Adequacy(country=code, **entry["adequacy"])
    return decisions


def adequacy_for(destination: str, on: _dt.date | None = None) -> Adequacy | None:
    """The adequacy decision for ``destination`` (a country or international organisation code)
    in force on ``on`` (default: any), or None."""
    decision = adequacy().get(destination)
    if decision is None:
        return None
    if on is not None and not decision.in_force(on):
        return None
    return decision


def international_organisations() -> dict[str, dict[str, str]]:
    """International organisations a transfer may name (Art. 4(26)): code -> names by language."""
    return {code: dict(entry["name"])
            for code, entry in _countries_data().get("international_organisations", {}).items()}


def destination_name(code: str, lang: str = "en") -> str:
    """The name of a country or of an international organisation."""
    organisation = international_organisations().get(code)
    if organisation is not None:
        return organisation.get(lang) or organisation.get("en") or code
    return country_name(code, lang)


def _iso3166() -> dict[str, tuple[str, str]]:
    """(English, German) short names by alpha-2 code (the generated ``ropa.vocab.iso3166``)."""
    from ropa.vocab.iso3166 import NAMES

    return NAMES


def country_codes() -> frozenset[str]:
    """Every ISO 3166-1 alpha-2 code."""
    return frozenset(_iso3166())


def is_country(code: str) -> bool:
    """True for an ISO 3166-1 alpha-2 code."""
    return code in _iso3166()


def country_name(code: str, lang: str = "en") -> str:
    """The country's short name in English or German; the code itself if unknown."""
    names = _iso3166().get(code)
    if names is None:
        return code
    return names[1] if lang == "de" else names[0]


def normalise(text: str) -> str:
    """Lower-case text without surrounding spaces and punctuation, for looking up a name or a
    label exactly (``ropa import``); ``ropa.vocab.wording`` matches phrases inside text."""
    return " ".join(text.casefold().split()).strip(" .,;:!-–()\"'")


@cache
def _country_codes() -> dict[str, str]:
    """Every name a country is known by (ISO names in English and German, the aliases of
    countries.yaml, the alpha-2 code itself), normalised, to its alpha-2 code."""
    out: dict[str, str] = {}
    for code, (english, german) in _iso3166().items():
        out[normalise(code)] = code
        out[normalise(english)] = code
        out[normalise(german)] = code
    for name, code in (_countries_data().get("aliases") or {}).items():
        out[normalise(name)] = code
    return out


def country_code(name: str) -> str | None:
    """The alpha-2 code of a country given by its code, its English or German name or a
    common short name (``USA``, ``Schweiz``); None if the text names no single country."""
    return _country_codes().get(normalise(name))


def in_eea(country: str) -> bool:
    return country in eea()


def dpo_threshold(country: str) -> int | None:
    """Persons regularly processing personal data from which a national law requires a DPO."""
    entry = _countries_data().get("dpo_threshold", {}).get(country)
    return entry["persons"] if entry else None


class Hygiene(Value):
    """Wording the wording rules look for (see hygiene.yaml), compiled for matching.

    The phrase lists are ``ropa.vocab.wording.Phrases`` (normalised, inflected, anywhere);
    ``sources`` holds each list's source as the file states it.
    """

    __slots__ = ("generic_purposes", "purpose_fillers", "vague_retention", "retention_units", "mojibake",
                 "ceased_services", "art8_markers", "device_access", "device_consent", "sources")

    generic_purposes: Any  # wording.Phrases
    purpose_fillers: Any
    vague_retention: Any
    retention_units: tuple[str, ...]
    mojibake: tuple[str, ...]
    ceased_services: dict[str, _dt.date]
    art8_markers: Any
    device_access: Any
    device_consent: Any
    sources: dict[str, str]

    def __init__(self, generic_purposes: Any, purpose_fillers: Any, vague_retention: Any,
                 retention_units: tuple[str, ...], mojibake: tuple[str, ...],
                 ceased_services: dict[str, _dt.date], art8_markers: Any, device_access: Any,
                 device_consent: Any, sources: dict[str, str]) -> None:
        _set(self, "generic_purposes", generic_purposes)
        _set(self, "purpose_fillers", purpose_fillers)
        _set(self, "vague_retention", vague_retention)
        _set(self, "retention_units", retention_units)
        _set(self, "mojibake", mojibake)
        _set(self, "ceased_services", ceased_services)
        _set(self, "art8_markers", art8_markers)
        _set(self, "device_access", device_access)
        _set(self, "device_consent", device_consent)
        _set(self, "sources", sources)

    def __hash__(self) -> int:  # the phrase lists are not hashable; one instance per process
        return id(self)


@cache
def hygiene() -> Hygiene:
    from ropa.vocab.wording import Phrases

    data = _load("hygiene.yaml")

    def phrases(name: str) -> Any:
        entry = data[name]
        return Phrases([p for lang in ("de", "en") for p in entry.get(lang) or ()])

    lists = ("generic_purposes", "purpose_fillers", "vague_retention", "art8_markers", "device_access",
             "device_consent")
    return Hygiene(generic_purposes=phrases("generic_purposes"), purpose_fillers=phrases("purpose_fillers"),
                   vague_retention=phrases("vague_retention"),
                   retention_units=tuple(data["retention_units"]),
                   mojibake=tuple(data["mojibake"]),
                   ceased_services={name: e["date"] for name, e in data["ceased_services"].items()},
                   art8_markers=phrases("art8_markers"), device_access=phrases("device_access"),
                   device_consent=phrases("device_consent"),
                   sources={name: " ".join(str(data[name]["source"]).split()) for name in lists})


@cache
def phrase_list(name: str) -> tuple[Any, str]:
    """A phrase list of hygiene.yaml that ``hygiene()`` does not carry (``talent_pool``), compiled
    (``ropa.vocab.wording.Phrases``), with its source as the file states it."""
    from ropa.vocab.wording import Phrases

    entry = _load("hygiene.yaml")[name]
    return (Phrases([p for lang in ("de", "en") for p in entry.get(lang) or ()]),
            " ".join(str(entry["source"]).split()))


# --- the W3C Data Privacy Vocabulary (DPV) ------------------------------------------------------

@cache
def _dpv() -> dict[str, Any]:
    return _load("dpv.yaml")


def dpv_release() -> str:
    """The DPV release ropa declares (``dpv.yaml``): every DPV IRI it emits is a term of it."""
    return str(_dpv()["release"])


def dpv_namespaces() -> dict[str, str]:
    return dict(_dpv()["namespaces"])


def dpv_known(curie: str) -> bool:
    """Whether ``curie`` (``pd:IPAddress``, ``loc:US``) is a term of the declared DPV release."""
    prefix, _, local = curie.partition(":")
    if prefix == "loc":
        return len(local) == 2 and local.isupper() and is_country(local)
    return local in (_dpv()["terms"].get(prefix) or ())


def dpv_renamed(curie: str) -> str | None:
    """The declared release's IRI for a term an earlier release spelled ``curie``; else None."""
    return (_dpv().get("renamed") or {}).get(curie)
