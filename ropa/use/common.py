"""What ``ropa subject`` and ``ropa impact`` share: finding a target, the recorded notes about a
field and a fact's sources (the activities a record keeps: ``ropa.records.kept_activities``).

>>> from ropa.use.common import matches
>>> matches("Website-Besucher", "website besucher")
True
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from ropa import art30, labels
from ropa.i18n import _, field_name
from ropa.art30.sources import sources_for
from ropa.model import Activity, Source
from ropa.use.draft import Line


class NotFound(LookupError):
    """Nothing in the registry has this id or name; ``hint`` suggests close ones."""

    def __init__(self, ident: str, hint: str = "") -> None:
        super().__init__(ident)
        self.ident = ident
        self.hint = hint


class Ambiguous(LookupError):
    """The target names several things; ``choices`` are their ids."""

    def __init__(self, ident: str, choices: list[str]) -> None:
        super().__init__(ident)
        self.ident = ident
        self.choices = choices


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c if c.isalnum() else " " for c in text if not unicodedata.combining(c)).split())


def matches(name: str, query: str) -> bool:
    """Whether ``query`` names ``name``, ignoring case, accents and punctuation."""
    return _fold(name) == _fold(query)


def find(ident: str, entries: Mapping[str, Any], names: Any) -> list[str]:
    """The ids of ``entries`` that ``ident`` names: the id itself, else every entry one of whose
    names (``names(entry)`` -> strings) matches."""
    if ident in entries:
        return [ident]
    return [key for key, entry in entries.items() if any(matches(n, ident) for n in names(entry) if n)]


def suggestion(ident: str, candidates: Iterable[str]) -> str:
    close = difflib.get_close_matches(ident, list(candidates), n=3, cutoff=0.6)
    return ", ".join(close)


def text_names(value: Any) -> list[str]:
    """Every language's version of a registry ``Text`` (or the string itself)."""
    if value is None:
        return []
    values = getattr(value, "values", None)
    return [v for _k, v in values] if values is not None else [str(value)]


def refs(view: art30.View, sources: Iterable[Source]) -> tuple[tuple[str, str], ...]:
    """Sources as ``ropa show`` prints them, each once, split into ``(document title, where)``:
    ``("Datenschutzhinweise", "Abschn. 2.11, Z. 95-107")``."""
    out = []
    for s in sources:
        ref = art30.source_ref(view, s)
        title = view.documents.get(s.document, "")
        if title and ref.startswith(title + ", "):
            out.append((title, ref[len(title) + 2:]))
        else:
            out.append((ref, ""))
    return tuple(dict.fromkeys(out))


def fact_refs(view: art30.View, activity: Activity, key: str) -> tuple[tuple[str, str], ...]:
    """The sources of one Art. 30 fact of an activity (``ropa show``'s choice of sources); where
    the registry ties no source to that fact, the activity's own sources, which describe it whole."""
    return refs(view, sources_for(activity, key)) or refs(view, activity.sources)


def has_note(item: Any, field: str) -> bool:
    """Whether the registry records a gap, conflict or interpretation on ``item`` about ``field``."""
    return any(entry.field.split(".")[0] == field for kind in ("gaps", "conflicts", "interpretations")
               for entry in getattr(item, kind, ()))


def recorded_notes(view: art30.View, item: Any, fields: Iterable[str], *, label: str = "") -> Iterator[Line]:
    """The gaps, conflicts and interpretations the registry records on ``item`` about ``fields``:
    a recorded gap as a ``gap`` line, the others as ``open`` lines (``label`` names the item)."""
    wanted = set(fields)
    lang = view.lang
    for kind, entries in (("gap", getattr(item, "gaps", ())), ("conflict", getattr(item, "conflicts", ())),
                          ("interpretation", getattr(item, "interpretations", ()))):
        for entry in entries:
            if entry.field.split(".")[0] not in wanted:
                continue
            # a gap line is marked "[Lücke]" / "[gap]" by every renderer: its head names the field
            # alone ("[Lücke] Vertrag: ..."), the others say what they are ("[offen] Widerspruch (Rolle): ...")
            field = field_name(entry.field, lang)
            head = field if kind == "gap" else f"{labels.word(kind, lang)} ({field})"
            if label:
                head = f"{label}: {head}"
            yield Line(f"{head}: {labels.text(entry.note, lang)}", refs(view, entry.sources),
                       "gap" if kind == "gap" else "open")


def activity_label(activity: Activity, lang: str) -> str:
    return labels.text(activity.name, lang)


def concerns(lang: str, activities: Iterable[Activity]) -> str:
    """``Activities: A, B`` for a line that concerns several activities."""
    names = [activity_label(a, lang) for a in activities]
    return _("activities: {names}", lang, names=", ".join(names))
