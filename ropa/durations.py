"""The one duration module: ISO 8601 durations (``P10Y``, ``P6M``, ``PT72H``) as the registry
writes them, checked (``DURATION_RE``: the loader, the JSON Schema, ``ropa new``), taken apart
(``parts``) and shown in the reader's language (``fmt_duration``: ``10 Jahre`` / ``10 years``).

A period read from words ("10 Jahre", "6 Monate", "1 Jahr 6 Monate"): ``from_words`` (the
importer reads cells with it, ``ropa new`` gives it as its hint) and ``prefix_from_words`` (a
period at the start of a longer text, and the rest).
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable

from ropa.i18n import _n

Lang = str  # "de" or "en"

from ropa.fields import DURATION_RE  # noqa: E402,F401  (the pattern the loader checks with; re-exported)

# the units of an ISO 8601 duration: "1 Jahr", "2 Jahre" (plural forms of the catalogue)
_UNITS: dict[str, Callable[[int, Lang], str]] = {
    "Y": lambda n, lang: _n("{n} year", "{n} years", n, lang),
    "M": lambda n, lang: _n("{n} month", "{n} months", n, lang),
    "W": lambda n, lang: _n("{n} week", "{n} weeks", n, lang),
    "D": lambda n, lang: _n("{n} day", "{n} days", n, lang),
    "H": lambda n, lang: _n("{n} hour", "{n} hours", n, lang),
    "m": lambda n, lang: _n("{n} minute", "{n} minutes", n, lang),
    "S": lambda n, lang: _n("{n} second", "{n} seconds", n, lang),
}
_DURATION = re.compile(r"P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?\Z")


def parts(period: str) -> dict[str, int] | None:
    """The amounts of a duration by unit (``Y``, ``M``, ``W``, ``D``, ``H``, ``m`` minutes, ``S``),
    or None if ``period`` is no ISO 8601 duration.

    >>> parts("P1Y6M"), parts("PT72H"), parts("10 Jahre")
    ({'Y': 1, 'M': 6}, {'H': 72}, None)
    """
    m = _DURATION.fullmatch(period)
    if not m or not any(m.groups()):
        return None
    return {unit: int(amount) for amount, unit in zip(m.groups(), "YMWDHmS") if amount is not None}


def fmt_duration(period: str, lang: Lang) -> str:
    """``P10Y`` as ``10 Jahre`` / ``10 years``; an unparsable value is returned unchanged."""
    amounts = parts(period)
    if amounts is None:
        return period
    return " ".join(_UNITS[unit](amount, lang) for unit, amount in amounts.items())


def add_duration(start: _dt.date, period: str) -> _dt.date | None:
    """``start`` plus an ISO 8601 date duration (``P1Y``, ``P6M``, ``P2W``, ``P30D``; a day past
    the end of a shorter month is its last day); None if ``period`` is not one."""
    m = _DURATION.fullmatch(period)
    if not m or not any(m.groups()):
        return None
    years, months, weeks, days = (int(v or 0) for v in m.groups()[:4])
    month = start.month - 1 + months + 12 * years
    year, month = start.year + month // 12, month % 12 + 1
    try:
        import calendar

        day = min(start.day, calendar.monthrange(year, month)[1])
        return _dt.date(year, month, day) + _dt.timedelta(weeks=weeks, days=days)
    except (ValueError, OverflowError):
        return None


# --- a period from words ---------------------------------------------------------------------

_UNIT_WORDS = {  # matching data: how registries and spreadsheets write the units (de, en, fr)
    "Y": ("y", "j", "jahr", "jahre", "jahren", "year", "years", "an", "ans", "année", "années"),
    "M": ("monat", "monate", "monaten", "month", "months", "mois"),
    "W": ("w", "woche", "wochen", "week", "weeks", "semaine", "semaines"),
    "D": ("d", "tag", "tage", "tagen", "day", "days", "jour", "jours"),
    "H": ("h", "std", "stunde", "stunden", "hour", "hours", "heure", "heures"),
}
_UNIT_OF = {word: unit for unit, words in _UNIT_WORDS.items() for word in words}
_WORDS = re.compile(r"^\s*(\d{1,4})\s*([a-zA-Zäéè]+)\.?(?![\w])\s*(.*)$", re.DOTALL)


def from_words(text: str) -> str | None:
    """``10 Jahre`` -> ``P10Y`` when the whole text is one duration (or an ISO 8601 one).

    >>> from_words("10 Jahre"), from_words("6 months"), from_words("1 Jahr 6 Monate"), from_words("bald")
    ('P10Y', 'P6M', 'P1Y6M', None)
    """
    text = text.strip()
    if re.fullmatch(r"P(?:\d{1,6}[YMWD]){1,4}(?:T\d{1,6}H)?|PT\d{1,6}H", text):
        return text
    parsed = prefix_from_words(text)
    return parsed[0] if parsed and not parsed[1] else None


def prefix_from_words(text: str) -> tuple[str, str] | None:
    """A duration at the start of ``text`` (possibly several units: ``1 Jahr 6 Monate``) and the rest."""
    period, rest, units = "", text.strip(), ""
    while True:
        m = _WORDS.match(rest)
        if not m or m.group(2).casefold() not in _UNIT_OF:
            break
        unit = _UNIT_OF[m.group(2).casefold()]
        if unit in units:
            break
        units += unit
        period += f"{int(m.group(1))}{unit}"
        rest = m.group(3).strip()
    if not period:
        return None
    order = "YMWDH"
    parts = sorted(re.findall(r"(\d+)([YMWDH])", period), key=lambda p: order.index(p[1]))
    date_part = "".join(n + u for n, u in parts if u != "H")
    hours = "".join(n + u for n, u in parts if u == "H")
    return "P" + date_part + (f"T{hours}" if hours else ""), rest
