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

from ropa.i18n import N_, cite, format_date, gettext
from ropa.durations import fmt_duration
from ropa.model import Text

__all__ = [
    "article", "WORDS", "ROLES", "CONTRACTS", "STATUS", "DPIA_STATUS", "MEASURE_KINDS", "ART32",
    "CERTIFICATION_STATUS", "CERTIFICATION_COVERS", "SEVERITIES", "label", "both", "word",
    "fmt_date", "fmt_duration", "text",
]

Lang = str  # "de" or "en"


def article(paragraph: str, lang: Lang) -> str:
    """``30(1)(b)`` as ``Art. 30 Abs. 1 lit. b`` (de) or ``Art. 30(1)(b)`` (en): the one citation
    formatter, ``ropa.i18n.cite``, of an article of the GDPR named without the act."""
    return cite(f"Art. {paragraph}", lang)


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


def fmt_date(value: _dt.date | str | None, lang: Lang) -> str:
    """A date in the one format per language (``ropa.i18n.format_date``: ``07.12.2026`` in
    German, ``2026-12-07`` in English); "" for none.

    A string is an ISO date as the rows of ``ropa.inspect`` carry them (their JSON keeps ISO
    dates); one that is not a date is returned unchanged.
    """
    if not value:
        return ""
    if isinstance(value, str):
        try:
            day = _dt.date.fromisoformat(value)
        except ValueError:
            return value
    else:
        day = value
    return format_date(day, lang)


def fmt_dates(text: str, lang: Lang) -> str:
    """``text`` with each word that is an ISO date (``2024-01-10``) in ``fmt_date``'s form."""
    return " ".join(fmt_date(w, lang) if _ISO_DATE.fullmatch(w) else w for w in text.split(" "))


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


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


# column headers of the tables the terminal commands and docs/rules.md show, by table
HEADERS: dict[str, tuple[str, ...]] = {
    "transfers": (N_("Recipient"), N_("Country"), N_("Mechanism"),
                  N_("Adequacy"), N_("TIA"), N_("Activities"),
                  N_("Status")),
    "recipients": (N_("ID"), N_("Name"), N_("Role"), N_("Country"),
                   N_("Contract"), N_("Activities"), N_("Data categories")),
    "rules": (N_("Code"), N_("Name"), N_("Severity"), N_("Reference"), N_("What it checks")),
    "vocab": (N_("Code"), N_("German"), N_("English")),
    "adequacy": (N_("Country"), N_("Decision"), N_("Since"), N_("Until"),
                 N_("Requires")),
}


def headers(table: str, lang: Lang) -> tuple[str, ...]:
    """The column headers of a table of ``HEADERS`` in ``lang``."""
    return tuple(gettext(header, lang) for header in HEADERS[table])
