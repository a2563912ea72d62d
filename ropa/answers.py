"""The questions' stable keys, and the controller's answers read back from a returned questionnaire.

A question of ``ropa questions`` has a key that stays the same from one run to the next as
long as what it asks does not change (``key_of_point``, ``key_of_finding``):

* a gap, conflict or interpretation that names a ``decision`` of its organisation: the
  decision's id (``social-plugins``);
* any other recorded point: ``<kind>:<field>:<digest of its note>``, so the same note recorded
  on several activities is one question (``gap:retention:3f2a9c1d``);
* a finding of the validator: ``<code>:<field>:<digest of its cause>``, the cause being the
  English message with the concerned target's id taken out, so the same finding on several
  activities is one question (``RP202:legal_bases:9b1e07aa``).

The returned questionnaire (the xlsx ``ropa questions -f xlsx`` writes) is read by
``read_answers``: every row with an answer becomes a ``model.Statement`` (the answer, who
answered and when, and the sheet, row and column it came from) of one ``documents:`` entry
for the questionnaire file. ``answered(registry)`` is the set of keys the registry's
statements answer; a question whose key is in it is no longer asked, and its recorded points
no longer reported as open (RP607-RP609). Nothing is read into an answer: the statement is
the controller's word, with its source, for the DPO to carry into the record's fields.

    statements, problems = read_answers(Path("questions-facts42-de.xlsx"))
    text = statements_yaml(document_id, title, path, statements)   # the file ``--answers`` writes
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ropa.i18n import N_

if TYPE_CHECKING:
    from ropa import model
    from ropa.findings import Finding
    from ropa.load import Registry

# The headings of the questionnaire's columns the reader looks for, in every language it is
# written in (the msgids are the English headings; ``_headings`` adds the catalogue's).
KEY = N_("Key")
ANSWER = N_("Answer")
ANSWERED_BY = N_("Answered by")
ANSWER_DATE = N_("Date of the answer")
CONCERNS_IDS = N_("Concerns (ids)")

_QUOTED = re.compile(r"'[^']*'")


def digest(text: str) -> str:
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:8]


def key_of_point(kind: str, field: str, entry: Any) -> str:
    """The key of the question a recorded gap, conflict or interpretation is asked under."""
    if getattr(entry, "decision", None):
        return str(entry.decision)
    note = entry.note
    first = note.values[0][1] if note is not None and note.values else ""
    return f"{kind}:{field}:{digest(first)}"


def cause(finding: Finding) -> str:
    """The finding's English message with the concerned target's own id taken out."""
    message = finding.message
    if finding.target:
        message = message.replace(f"'{finding.target}'", "'…'")
    return message


def key_of_finding(finding: Finding, field: str) -> str:
    return f"{finding.code}:{field}:{digest(cause(finding))}"


def statements(registry: Registry) -> list[tuple[model.Document, model.Statement]]:
    return [(doc, s) for doc in registry.documents.values() for s in getattr(doc, "statements", ())]


def answered(registry: Registry) -> dict[str, tuple[model.Document, model.Statement]]:
    """Question key -> (questionnaire document, statement) of every answered question."""
    return {s.question: (doc, s) for doc, s in statements(registry)}


def answered_keys(registry: Registry) -> frozenset[str]:
    """The keys of the questions the registry's statements answer (RP607-RP609 skip their points)."""
    return frozenset(s.question for _, s in statements(registry))


# --- reading a returned questionnaire ---------------------------------------------------------

class AnswerError(Exception):
    """The file cannot be read as a returned questionnaire: one line per problem."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines


def _headings(msgid: str) -> set[str]:
    from ropa.i18n import gettext

    return {msgid.casefold(), gettext(msgid, "de").casefold()}


def _date(value: Any) -> _dt.date | None | str:
    if value is None or value == "":
        return None
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    text = str(value).strip()
    for fmt in ("%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y"):
        try:
            return _dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return text  # not a date: reported by the caller


def read_answers(path: Path) -> list[dict[str, Any]]:
    """The answered rows of a returned questionnaire: key, answer, answered_by, date, concerns,
    sheet, row, column. Raises ``AnswerError`` (file and cell per problem) when the file is not
    a questionnaire or a date cannot be read; an empty answer is no answer (the question stays open)."""
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    shown = str(path)
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a file that is no workbook
        raise AnswerError([f"{shown}: {type(exc).__name__}: {exc}"]) from None
    try:
        wanted = {"key": _headings(KEY), "answer": _headings(ANSWER), "by": _headings(ANSWERED_BY),
                  "date": _headings(ANSWER_DATE), "concerns": _headings(CONCERNS_IDS)}
        for ws in wb.worksheets:
            rows = ws.iter_rows(values_only=True)
            header = next(rows, None)
            if not header:
                continue
            names = [str(c).strip().casefold() if c is not None else "" for c in header]
            cols = {k: next((i for i, n in enumerate(names) if n in v), None) for k, v in wanted.items()}
            if cols["key"] is None or cols["answer"] is None:
                continue
            out: list[dict[str, Any]] = []
            problems: list[str] = []
            for number, row in enumerate(rows, 2):
                def cell(name: str, row: tuple = row, cols: dict[str, int | None] = cols) -> Any:
                    i = cols[name]
                    return row[i] if i is not None and i < len(row) else None
                key, answer = cell("key"), cell("answer")
                if key is None or answer is None or not str(answer).strip():
                    continue
                letter = get_column_letter((cols["answer"] or 0) + 1)
                date = _date(cell("date"))
                if isinstance(date, str):
                    problems.append(f"{shown}:{ws.title}!{get_column_letter((cols['date'] or 0) + 1)}{number}: "
                                    f"not a date: {date!r} (write 2024-01-31 or 31.01.2024)")
                    continue
                concerns = tuple(c for c in str(cell("concerns") or "").split() if c)
                out.append({"key": str(key).strip(), "answer": str(answer).strip(),
                            "answered_by": (str(cell("by")).strip() if cell("by") is not None else None) or None,
                            "date": date, "concerns": concerns, "sheet": ws.title, "row": number,
                            "column": letter})
            if problems:
                raise AnswerError(problems)
            return out
    finally:
        wb.close()
    raise AnswerError([f"{shown}: no sheet with the columns "
                       f"'{KEY}' and '{ANSWER}': not a questionnaire written by ropa questions"])


def _q(text: str) -> str:
    """A YAML double-quoted scalar."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return f'"{escaped}"'


def statements_yaml(ident: str, title: str, path: str, language: str, date: _dt.date | None,
                    publisher: str, rows: list[dict[str, Any]]) -> str:
    """The registry file holding one returned questionnaire as a document with its statements."""
    out = ["# The controller's answers to the questionnaire (ropa questions --answers): each statement",
           "# is the controller's word, with the cell it was read from; not yet carried into the record's",
           "# fields. Written by ropa; re-reading the same questionnaire rewrites this file.",
           "documents:",
           f"  - id: {ident}",
           f"    title: {_q(title)}",
           f"    path: {_q(path)}"]
    if date is not None:
        out.append(f"    date: {date.isoformat()}")
    out += [f"    language: {language}", f"    publisher: {_q(publisher)}", "    statements:"]
    if not rows:
        out[-1] = "    statements: []"
    for row in rows:
        out.append(f"      - question: {_q(row['key'])}")
        if row.get("asked"):
            out.append(f"        asked: {{{language}: {_q(row['asked'])}}}")
        out.append(f"        answer: {{{language}: {_q(row['answer'])}}}")
        if row["answered_by"]:
            out.append(f"        answered_by: {_q(row['answered_by'])}")
        if row["date"] is not None:
            out.append(f"        date: {row['date'].isoformat()}")
        if row["concerns"]:
            out.append(f"        concerns: [{', '.join(row['concerns'])}]")
        out.append(f"        sheet: {_q(row['sheet'])}")
        out.append(f"        row: {row['row']}")
        out.append(f"        column: {row['column']}")
    return "\n".join(out) + "\n"


# --- where a returned questionnaire is kept (``ropa.export.returned.take`` writes it) --------------

ANSWERS_DIR = "answers"


def slug(text: str) -> str:
    out = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return out[:60] or "questionnaire"
