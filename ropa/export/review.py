"""The review report (Prüfbericht): the data protection officer's working file, apart from the record.

The record (``ropa.export.document.build``) is what a controller signs and an authority
receives under Art. 30(4): it holds no findings, no questions and no registry file names.
The review report holds them: every finding of the validator (open and waived), grouped by
the activity, recipient or organisation it concerns and then by its cause (the rule), with
the registry file and line it was found at; and the questions for the controller
(``ropa.questions``), each with its sources. Its files are ``review-<org>-<lang>.*``
(``ropa export --report``); every tabular renderer lays it out, grouping the findings table
by its first column (``Table.group``).
"""

from __future__ import annotations

from typing import Any

from ropa import __version__, art30, labels
from ropa.art30.findings import AXES
from ropa.export.document import CoverSection, Document, Table, title
from ropa.i18n import N_, gettext
from ropa.labels import fmt_date

TITLES = {
    "report": N_("Review report on the record of processing activities"),
    "about": N_("About this report"),
    "about-text": N_("The data protection officer's working file: every finding of the validator on the record, "
                     "grouped by what it concerns and by cause, with the registry file and line, and the questions "
                     "for the controller. It is not the record of processing activities (Art. 30 GDPR) and is not "
                     "handed to a supervisory authority; the record is the file ropa-{org}-{lang}."),
    "findings": N_("Findings by activity and cause"),
    "questions": N_("Questions for the controller"),
    "n-error": N_("Open errors"),
    "n-warning": N_("Open warnings"),
    "n-info": N_("Open notes"),
    "n-waived": N_("Waived findings"),
    "n-questions": N_("Questions"),
    "by-axis": N_("{errors} errors, {warnings} warnings, {notes} notes"),
    "answered": N_("Findings settled by the controller's answers"),
}


def _title(key: str, lang: str) -> str:
    return gettext(TITLES[key], lang)


def _order(snap: Any) -> dict[str, int]:
    """The position of each target: the registry-wide findings first, then activities,
    recipients and organisations in registry order."""
    registry = snap.registry
    order: dict[str, int] = {"": 0}
    for ident in (*registry.activities, *registry.recipients, *registry.organisations):
        order.setdefault(ident, len(order))
    return order


def findings_table(snap: Any, lang: str) -> Table:
    view = art30.View(snap.registry, lang)
    order = _order(snap)
    severity = {"error": 0, "warning": 1, "info": 2}
    items = sorted(snap.findings, key=lambda f: (order.get(f.target or "", len(order)), f.target or "", f.code,
                                                  severity.get(f.severity.value, 3), f.waived))
    columns = art30.REPORT_FINDING_COLUMNS
    rows = [[c.get(view, f) for c in columns] for f in items]
    return Table(key="findings", title=_title("findings", lang), columns=columns,
                 headings=tuple(c.label(lang) for c in columns), rows=rows, items=items, group=0)


def questions_table(snap: Any, lang: str) -> tuple[Table, int]:
    from ropa.export.questionnaire import COLUMNS
    from ropa.questions import questionnaire

    q = questionnaire(snap, lang)
    view = art30.View(snap.registry, lang)
    columns = tuple(c for c in COLUMNS if c.key != "answer")
    rows = [[c.get(view, item) for c in columns] for item in q.questions]
    table = Table(key="questions", title=_title("questions", lang), columns=columns,
                  headings=tuple(c.label(lang) for c in columns), rows=rows, items=q.questions, group=1)
    return table, len(q.questions)


def build(snap: Any, lang: str) -> Document:
    """The review report of ``snap`` in ``lang``: a cover, the findings, the questions."""
    registry = snap.registry
    meta = registry.meta
    findings = snap.findings
    table, n_questions = questions_table(snap, lang)
    open_ = [f for f in findings if not f.waived]
    counts = {
        _title("n-error", lang): sum(1 for f in open_ if f.severity.value == "error"),
        _title("n-warning", lang): sum(1 for f in open_ if f.severity.value == "warning"),
        _title("n-info", lang): sum(1 for f in open_ if f.severity.value == "info"),
        _title("n-waived", lang): sum(1 for f in findings if f.waived),
        _title("n-questions", lang): n_questions,
    }
    by_axis = [(gettext(AXES[axis], lang), _title("by-axis", lang).format(
        **{word: sum(1 for f in open_ if f.axis.value == axis and f.severity.value == severity)
           for word, severity in (("errors", "error"), ("warnings", "warning"), ("notes", "info"))}))
        for axis in AXES]
    keeper = next((o.name for o in snap.organisations), None)
    name = keeper or (meta.name if meta else snap.slug)
    cover = [
        CoverSection(_title("about", lang), [
            (_title("report", lang), _title("about-text", lang).format(org=snap.slug, lang=lang)),
        ]),
        CoverSection(title("registry", lang), [
            (title("registry", lang), meta.name if meta else ""),
            (title("version", lang), meta.version or labels.word("not-stated", lang) if meta else ""),
            (title("date", lang), fmt_date(snap.date, lang)),
            (title("hash", lang), snap.content_hash),
            *((label, str(n)) for label, n in counts.items()),
            *by_axis,
            (title("generator", lang), f"ropa {__version__}"),
        ], typed={title("date", lang): snap.date, **counts}),
    ]
    answered = snap.answered
    if answered:  # settled by the controller's statements (ropa.answers): each with its source
        from ropa.report.text import answered_note

        cover.append(CoverSection(_title("answered", lang), [
            (f"{f.code} {f.target}" if f.target else f.code, f"{answered_note(f, lang)}: {f.text(lang)}")
            for f in answered]))
    heading = _title("report", lang)
    return Document(lang=lang, title=f"{heading}: {name}", stem=snap.file_stem(lang, "report"),
                    date=fmt_date(snap.date, lang), cover=cover, tables=[findings_table(snap, lang), table],
                    snapshot=snap, organisation=name, heading=heading, kind="report", stamp=snap.date)
