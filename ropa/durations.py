"""The one duration module: ISO 8601 durations (``P10Y``, ``P6M``, ``PT72H``) as the registry
writes them, checked (``DURATION_RE``: the loader, the JSON Schema, ``ropa new``), taken apart
(``parts``) and shown in the reader's language (``fmt_duration``: ``10 Jahre`` / ``10 years``).

Reading a period from words ("10 Jahre", "6 Monate") is the importer's
(``ropa.importer.cells.duration``), which ``ropa new`` asks for its hint.
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
