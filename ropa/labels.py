"""Words and values in the reader's language: the label tables of the record's codes (roles,
contracts, statuses, severities ...), dates, durations and registry text.

The tables hold English msgids of ropa's message catalogue (``N_``), translated where they are
shown (``label``, ``word``); every view and export takes its words from here, the Art. 30
columns (``ropa.art30``) included.

API::

    from ropa import labels

    labels.label(labels.ROLES, "processor", "de")      # "Auftragsverarbeiter"
    labels.word("not-stated", "de")                    # "nicht angegeben"
    labels.fmt_date(date(2023, 6, 1), "de")            # "01.06.2023"
    labels.fmt_duration("P10Y", "de")                  # "10 Jahre"
    labels.text(activity.name, "de")                   # registry text, "[en] ..." if English only
    labels.article("30(1)(b)", "de")                   # "Art. 30 Abs. 1 lit. b"
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable

from ropa.i18n import N_, _n, gettext
from ropa.model import Text

__all__ = [
    "article", "WORDS", "ROLES", "CONTRACTS", "STATUS", "DPIA_STATUS", "MEASURE_KINDS", "ART32",
    "CERTIFICATION_STATUS", "CERTIFICATION_COVERS", "SEVERITIES", "label", "both", "word",
    "fmt_date", "fmt_duration", "text",
]

Lang = str  # "de" or "en"


def article(paragraph: str, lang: Lang) -> str:
    """``30(1)(b)`` as ``Art. 30 Abs. 1 lit. b`` (de) or ``Art. 30(1)(b)`` (en)."""
    if lang != "de":
        return f"Art. {paragraph}"
    m = re.fullmatch(r"(\d+)\((\d+)\)(?:\(([a-z])\))?", paragraph)
    if not m:
        return f"Art. {paragraph}"
    out = f"Art. {m.group(1)} Abs. {m.group(2)}"
    return f"{out} lit. {m.group(3)}" if m.group(3) else out


# --- words ----------------------------------------------------------------------------------

WORDS: dict[str, str] = {
    "not-stated": N_("not stated"),
    "none": N_("none"),
    "no-transfer": N_("none (not taking place and not planned)"),
    "not-applicable": N_("not applicable"),
    "yes": N_("yes"),
    "unknown": N_("unknown"),
    "no": N_("no"),
    "management": N_("Management"),
    "phone": N_("Phone"),
    "email": N_("E-mail"),
    "web": N_("Web"),
    "external": N_("external"),
    "interest": N_("Legitimate interest"),
    "lia": N_("LIA"),
    "scope": N_("Scope"),
    "statute": N_("Statute"),
    "consent-by": N_("Consent via"),
    "withdrawal": N_("Withdrawal"),
    "consent-record": N_("Record of consent"),
    "module": N_("module"),
    "tia": N_("Transfer impact assessment"),
    "safeguards": N_("Safeguards"),
    "from": N_("from"),
    "special-art9": N_("special category, Art. 9 GDPR"),
    "special-art10": N_("criminal offences, Art. 10 GDPR"),
    "children": N_("including children"),
    "gap": N_("Gap"),
    "conflict": N_("Conflict"),
    "interpretation": N_("Interpretation"),
    "third-party": N_("Third party, described for due diligence: not our record"),
    "residual-risk": N_("residual risk"),
    "consultation": N_("Art. 36 consultation"),
    "criteria": N_("criteria"),
    "data": N_("data"),
    "line": N_("line"),
    "sheet": N_("sheet"),
    "cell": N_("cell"),
    "row": N_("row"),
    "section": N_("section"),
    "until": N_("until"),
    "checked": N_("checked"),
    "ceased": N_("ceased"),
    "expires": N_("expires"),
    "accepted-by": N_("accepted by"),
}

ROLES: dict[str, str] = {
    "processor": N_("processor"),
    "sub-processor": N_("sub-processor"),
    "joint-controller": N_("joint controller"),
    "controller": N_("independent controller"),
    "authority": N_("public authority"),
    "internal": N_("internal"),
}

CONTRACTS: dict[str, str] = {
    "dpa": N_("Data processing agreement (Art. 28(3) GDPR)"),
    "joint-control-arrangement": N_("Joint controller arrangement (Art. 26 GDPR)"),
    "scc": N_("Standard contractual clauses"),
    "terms": N_("Provider's terms of service"),
    "confidentiality": N_("Confidentiality agreement"),
    "none": N_("no contract"),
    "unknown": N_("contract not known"),
}

STATUS: dict[str, str] = {
    "active": N_("active"),
    "planned": N_("planned"),
    "retired": N_("retired"),
}

DPIA_STATUS: dict[str, str] = {
    "required": N_("required"),
    "not-required": N_("not required"),
    "in-progress": N_("in progress"),
    "done": N_("done"),
    "unknown": N_("unknown"),
}

MEASURE_KINDS: dict[str, str] = {
    "technical": N_("technical"),
    "organisational": N_("organisational"),
}

ART32: dict[str, str] = {
    "pseudonymisation": N_("pseudonymisation"),
    "encryption": N_("encryption"),
    "confidentiality": N_("confidentiality"),
    "integrity": N_("integrity"),
    "availability": N_("availability"),
    "resilience": N_("resilience"),
    "restore": N_("restore"),
    "testing": N_("regular testing"),
}

CERTIFICATION_STATUS: dict[str, str] = {"active": N_("active"), "inactive": N_("inactive"), "unknown": N_("unknown")}
CERTIFICATION_COVERS: dict[str, str] = {"hr": N_("HR data"), "non-hr": N_("non-HR data"), "both": N_("HR and non-HR data")}

SEVERITIES: dict[str, str] = {
    "error": N_("error"),
    "warning": N_("warning"),
    "info": N_("info"),
}

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


def label(table: dict[str, str], key: str | None, lang: Lang) -> str:
    """A word from one of the label tables above; the key itself if unknown."""
    if key is None:
        return ""
    pair = table.get(key)
    return key if pair is None else gettext(pair, lang)


def both(table: dict[str, str], key: str) -> tuple[str, str]:
    """A label table's entry in German and English, ``(de, en)`` (the import reads both)."""
    message = table[key]
    return gettext(message, "de"), message


def word(key: str, lang: Lang) -> str:
    return label(WORDS, key, lang)


def fmt_date(value: _dt.date | None, lang: Lang) -> str:
    if value is None:
        return ""
    return value.strftime("%d.%m.%Y") if lang == "de" else value.isoformat()


def fmt_duration(period: str, lang: Lang) -> str:
    """``P10Y`` as ``10 Jahre`` / ``10 years``; an unparsable value is returned unchanged."""
    m = _DURATION.fullmatch(period)
    if not m or not any(m.groups()):
        return period
    parts = []
    for amount, unit in zip(m.groups(), "YMWDHmS"):
        if amount is None:
            continue
        parts.append(_UNITS[unit](int(amount), lang))
    return " ".join(parts)


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


def text(value: Text | str | None, lang: Lang) -> str:
    """Registry text in ``lang``; where the registry has it only in another language, as it
    is, prefixed with that language (``[en] ...``): never translated, never silently mixed
    into the other language's report. Text without a language key is shown as it is."""
    if value is None:
        return ""
    if value.__class__ is Text:
        # Text.get inlined for the common cases (it runs for most cells)
        values = value.values
        for key, out in values:
            if key == lang or not key:
                return out
        if not values:
            return ""
        key, out = values[0]
        return f"[{key}] {out}" if out else out
    return value.get(lang) if isinstance(value, Text) else str(value)
