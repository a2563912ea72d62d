"""`ropa vocab`: the codes a registry may use, with their meaning in German and English.

Each topic is a list of rows (code first); ``TOPICS`` maps the topic names the command
accepts to the function that builds them, and the header table of ``ropa.inspect.texts``.
"""

from __future__ import annotations

from collections.abc import Callable

from ropa import vocab


def legal_bases(lang: str = "en") -> list[tuple[str, ...]]:
    return [(code, t.de, t.en) for code, t in vocab.legal_bases().items()]


def mechanisms(lang: str = "en") -> list[tuple[str, ...]]:
    return [(code, t.de, t.en) for code, t in vocab.mechanisms().items()]


def countries(lang: str = "en") -> list[tuple[str, ...]]:
    """Every ISO 3166-1 alpha-2 code with its German and English name (``ropa.vocab``)."""
    codes = sorted(vocab.country_codes())
    return [(code, vocab.country_name(code, "de"), vocab.country_name(code, "en")) for code in codes]


def eea(lang: str = "en") -> list[tuple[str, ...]]:
    return [(code, vocab.country_name(code, "de"), vocab.country_name(code, "en")) for code in sorted(vocab.eea())]


def adequacy(lang: str = "en") -> list[tuple[str, ...]]:
    """The Art. 45 adequacy decisions: country, decision, in force from, until, the condition."""
    rows: list[tuple[str, ...]] = []
    for code, d in sorted(vocab.adequacy().items()):
        country = f"{code} {vocab.country_name(code, lang)}"
        rows.append((country, d.decision, d.date.isoformat(), d.until.isoformat() if d.until else "",
                     " ".join(x for x in (d.requires or "", d.scope or "") if x)))
    return rows


# topic -> (rows, header table in ropa.inspect.texts.HEADERS)
TOPICS: dict[str, tuple[Callable[[str], list[tuple[str, ...]]], str]] = {
    "legal-bases": (legal_bases, "vocab"),
    "mechanisms": (mechanisms, "vocab"),
    "countries": (countries, "vocab"),
    "eea": (eea, "vocab"),
    "adequacy": (adequacy, "adequacy"),
}
