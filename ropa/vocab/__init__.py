"""Legal vocabularies as data: legal bases, transfer mechanisms, country groups, country names.

The YAML files beside this module are the one place these facts live, each with its
sources; rules and exporters read them through the functions here and never hard-code
a code, a country list or a decision date.

Country names (German and English) come from ISO 3166-1 as packaged by ``pycountry``;
its JSON database and gettext catalogues are read directly, without importing the
package, which would cost more start-up time than the whole validation.
"""

from __future__ import annotations

import datetime as _dt
import gettext
import importlib.util
import json
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent


def _load(name: str) -> Any:
    """One of the data files beside this module, as plain data (through the loader's parse cache)."""
    from ropa.yaml_nodes import plain_data

    return plain_data((HERE / name).read_text(encoding="utf-8"), str(HERE / name))


@dataclass(frozen=True, slots=True)
class Term:
    """One vocabulary entry: a legal basis or a transfer mechanism."""

    code: str
    kind: str
    en: str
    de: str
    dpv: str | None = None
    needs: tuple[str, ...] = ()
    note: str | None = None
    art22: str | None = None  # Art. 22(2) exception the basis supports: contract, law, consent
    scheme: str | None = None  # certification the recipient must hold (mechanisms)

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
                         scheme=entry.get("scheme"))
    return out


@lru_cache(maxsize=None)
def legal_bases() -> dict[str, Term]:
    """Legal basis codes (``art6-1-f`` ...) with their kind, labels and DPV concept."""
    return _terms(_load("legal_bases.yaml")["legal_bases"])


@lru_cache(maxsize=None)
def mechanisms() -> dict[str, Term]:
    """Transfer mechanism codes (``scc``, ``dpf``, ``art49-1-a`` ...)."""
    return _terms(_load("mechanisms.yaml")["mechanisms"])


@dataclass(frozen=True, slots=True)
class Adequacy:
    country: str
    decision: str
    date: _dt.date
    until: _dt.date | None = None
    scope: str | None = None
    requires: str | None = None  # certification scheme the recipient must hold (US: eu-us-dpf)
    renewed: _dt.date | None = None
    source: str | None = None


@lru_cache(maxsize=None)
def _countries_data() -> dict[str, Any]:
    return _load("countries.yaml")


def eea() -> frozenset[str]:
    """ISO alpha-2 codes of the EEA member states: no Chapter V rules apply between them."""
    return frozenset(_countries_data()["eea"])


@lru_cache(maxsize=None)
def adequacy() -> dict[str, Adequacy]:
    """Art. 45 adequacy decisions by country code."""
    return {code: Adequacy(country=code, **entry)
            for code, entry in _countries_data()["adequacy"].items()}


def adequacy_for(country: str, on: _dt.date | None = None) -> Adequacy | None:
    """The adequacy decision for ``country`` in force on ``on`` (default: any), or None."""
    decision = adequacy().get(country)
    if decision is None:
        return None
    if on is not None and (on < decision.date or (decision.until and on > decision.until)):
        return None
    return decision


def _pycountry_dir() -> str:
    spec = importlib.util.find_spec("pycountry")
    if spec is None or spec.origin is None:  # pragma: no cover - a declared dependency
        raise RuntimeError("pycountry is not installed")
    return os.path.dirname(spec.origin)


@lru_cache(maxsize=None)
def _iso3166() -> dict[str, str]:
    path = os.path.join(_pycountry_dir(), "databases", "iso3166-1.json")
    with open(path, encoding="utf-8") as fh:
        entries = json.load(fh)["3166-1"]
    return {e["alpha_2"]: e["name"] for e in entries}


def is_country(code: str) -> bool:
    """True for an ISO 3166-1 alpha-2 code."""
    return code in _iso3166()


@lru_cache(maxsize=None)
def _german() -> gettext.NullTranslations:
    try:
        return gettext.translation("iso3166-1", os.path.join(_pycountry_dir(), "locales"),
                                   languages=["de"])
    except OSError:  # pragma: no cover - catalogue missing: fall back to English
        return gettext.NullTranslations()


def country_name(code: str, lang: str = "en") -> str:
    """The country's short name in English or German; the code itself if unknown."""
    name = _iso3166().get(code)
    if name is None:
        return code
    return _german().gettext(name) if lang == "de" else name


def in_eea(country: str) -> bool:
    return country in eea()


def dpo_threshold(country: str) -> int | None:
    """Persons regularly processing personal data from which a national law requires a DPO."""
    entry = _countries_data().get("dpo_threshold", {}).get(country)
    return entry["persons"] if entry else None


@dataclass(frozen=True, slots=True)
class Hygiene:
    """Wording the hygiene rules flag (see hygiene.yaml), normalised for matching."""

    generic_purposes: frozenset[str]
    vague_retention: frozenset[str]
    mojibake: tuple[str, ...]
    ceased_services: dict[str, _dt.date]
    art8_markers: tuple[str, ...]


def normalise(text: str) -> str:
    """Lower-case text without surrounding spaces and punctuation, for phrase matching."""
    return " ".join(text.casefold().split()).strip(" .,;:!-–()\"'")


@lru_cache(maxsize=None)
def hygiene() -> Hygiene:
    data = _load("hygiene.yaml")

    def phrases(entry: dict[str, list[str]]) -> frozenset[str]:
        return frozenset(normalise(p) for words in entry.values() for p in words)

    return Hygiene(generic_purposes=phrases(data["generic_purposes"]),
                   vague_retention=phrases(data["vague_retention"]),
                   mojibake=tuple(data["mojibake"]),
                   ceased_services={name: e["date"] for name, e in data["ceased_services"].items()},
                   art8_markers=tuple(m.casefold() for m in data["art8_markers"]))
