"""The questionnaire as an export ``Document``: the cover and one table with empty answer,
answered-by and date columns (``COLUMNS``, also the questions table of the review report),
rendered by the md, html and xlsx renderers of ``ropa.export``."""

from __future__ import annotations

from ropa import art30
from ropa.art30 import Column
from ropa.export.document import CoverSection, Document, Table
from ropa.export.document import title as export_title
from ropa.questions.build import Question, Questionnaire
from ropa.questions.text import heading
from ropa.questions.words import WORDS, block_title, word


def _number(view: art30.View, q: Question) -> str:
    return str(q.number)


def _key(view: art30.View, q: Question) -> str:
    return q.key


def _block(view: art30.View, q: Question) -> str:
    return block_title(q.block, view.lang)


def _concerns(view: art30.View, q: Question) -> str:
    return art30.lines(f"{word(group, view.lang)} {ident}" + (f": {name}" if name and name != ident else "")
                       for group, ident, name in q.concerns)


def _concern_ids(view: art30.View, q: Question) -> str:
    return " ".join(ident for _, ident, _ in q.concerns)


def _point_cell(view: art30.View, q: Question) -> str:
    return q.point


def _finding(view: art30.View, q: Question) -> str:
    return art30.lines([*q.notes, *(f"{word('also', view.lang)}: {also}" for also in q.also)])


def _source(view: art30.View, q: Question) -> str:
    return art30.lines(q.sources)


def _location(view: art30.View, q: Question) -> str:
    return art30.lines(q.locations)


def _ask(view: art30.View, q: Question) -> str:
    return art30.lines([q.ask, *(f"– {o}" for o in q.options)])


def _empty(view: art30.View, q: Question) -> str:
    return ""  # for the controller to fill in


COLUMNS: tuple[Column, ...] = (
    Column("number", None, WORDS["no"], _number, 6),
    Column("block", None, WORDS["block"], _block, 20),
    Column("question", None, WORDS["question"], _ask, 50),
    Column("concerns", None, WORDS["concerns"], _concerns, 28),
    Column("point", None, WORDS["point"], _point_cell, 26),
    Column("finding", None, WORDS["finding"], _finding, 50),
    Column("source", None, WORDS["source"], _source, 36),
    Column("location", None, WORDS["location"], _location, 22),
    Column("answer", None, WORDS["answer"], _empty, 50),
    Column("answered-by", None, WORDS["answered-by"], _empty, 20),
    Column("answer-date", None, WORDS["answer-date"], _empty, 14),
    Column("key", None, WORDS["key"], _key, 22),
    Column("concerns-ids", None, WORDS["concerns-ids"], _concern_ids, 22),
)


def document(q: Questionnaire) -> Document:
    """The questionnaire as an export ``Document`` (cover and one table with empty answer,
    answered-by and date columns, and the key the answers are read back by), rendered by
    ``ropa.export``'s md, html and xlsx renderers: cells neutralised, output deterministic
    (dated with the registry's date); ``ropa.export.render_document`` makes its files."""
    lang = q.lang
    snap = q.snapshot
    cover = [CoverSection(word("about", lang), [(word("title", lang), q.intro)])]
    if q.organisation is not None:
        org = q.organisation
        cover.append(CoverSection(word("organisation", lang), [
            (export_title("name", lang), org.name),
            (export_title("address", lang), art30.address(org.address, lang)),
            (export_title("dpo", lang), art30.contact(org.dpo, lang)),
        ]))
    counts = [(word("count", lang), str(len(q.questions)))]
    if q.answered:
        counts.append((word("answered", lang), str(len(q.answered))))
    cover.append(CoverSection(word("registry", lang), [
        (word("registry", lang), q.registry_name),
        (export_title("date", lang), q.date),
        (export_title("hash", lang), snap.content_hash),
        *counts,
    ]))
    columns = COLUMNS
    view = art30.View(snap.registry, lang)
    rows = [[c.get(view, item) for c in columns] for item in q.questions]
    table = Table(key="questions", title=word("title", lang), columns=columns,
                  headings=tuple(c.label(lang) for c in columns), rows=rows, items=q.questions)
    stem = f"questions-{snap.slug}-{lang}"
    return Document(lang=lang, title=heading(q), stem=stem, date=q.date, cover=cover, tables=[table],
                    snapshot=snap, kind="questionnaire")

