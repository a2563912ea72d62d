"""The view (one export's cell texts) and the column type every Art. 30 table is made of."""

from __future__ import annotations

import datetime as _dt
from typing import Any, Literal
from collections.abc import Callable, Iterable

from ropa import model
from ropa.i18n import gettext
from ropa.labels import (WORDS, article, fmt_date, text)
from ropa.model import Activity

Record = Literal["controller", "processor"]
Lang = str  # "de" or "en"

_set = object.__setattr__


# --- the view: one export's cell texts ------------------------------------------------------------

class View:
    """The Art. 30 view of one registry in one language, with the cell texts it has made.

    Every cell is made through a view: ``View(registry, lang)`` is built once per export
    document (``ropa.export.document.build``), ``ropa show``, questionnaire or ``rows()``
    call and passed to the column functions (``column.get(view, item)``). A loaded registry
    is immutable, so the text naming a recipient, a data category or a measure is the same
    in every cell that refers to it: 10,000 activities refer to the same few hundred
    catalogue entries ~150,000 times. The view keeps each such text once made (exactly as
    made without it) in its own dicts, and goes with its export: two exports in one process
    (two languages, two registries, a test after another) never share a view, so none can
    see another's texts.

    Mutable state, not a value (docs/architecture.md): a plain class whose dicts fill as
    cells are made; never compared, hashed or kept beyond its export.
    """

    __slots__ = ("registry", "lang", "words", "recipients", "categories", "subjects", "measures", "documents",
                 "orgs", "transfers", "countries", "durations", "dates", "safeguards", "activity_refs", "files",
                 "measure_users")

    def __init__(self, registry: Any, lang: Lang) -> None:
        self.registry = registry
        self.lang = lang
        self.words: dict[str, str] = {key: gettext(message, lang) for key, message in WORDS.items()}
        self.recipients: dict[str, str] = {}  # recipient (or organisation) id -> recipient_line
        self.categories: dict[str, str] = {}  # data category id -> name (with Art. 9/10 note)
        self.subjects: dict[str, str] = {}  # data subject id -> name (with children note)
        self.measures: dict[str, str] = {}  # measure id -> name
        self.documents: dict[str, str] = {}  # document id -> title
        self.orgs: dict[str, tuple[str, str, str]] = {}  # organisation id -> (itself, representative, dpo)
        self.transfers: dict[tuple[Any, ...], str] = {}  # (recipient, country, mechanism, module) -> line
        self.countries: dict[str | None, str] = {}  # country code -> "Name (CC)", None -> unknown
        self.durations: dict[str, str] = {}  # ISO 8601 period -> fmt_duration
        self.dates: dict[_dt.date | None, str] = {}  # date -> fmt_date
        self.safeguards: dict[int, tuple[model.Transfer, str]] = {}  # id of a transfer -> (it, safeguards)
        self.activity_refs: dict[str, str] = {}  # activity id -> "id: name"
        self.files: dict[str, str] = {}  # a span's file -> its path relative to the registry root
        self.measure_users: dict[str, list[str]] | None = None  # measure id -> "id: name" of its activities

    def date(self, value: _dt.date | None) -> str:
        """``fmt_date`` in the view's language."""
        out = self.dates.get(value)
        if out is None:
            out = self.dates[value] = fmt_date(value, self.lang)
        return out

    def activity_ref(self, a: Activity) -> str:
        """``id: name`` of an activity."""
        ref = self.activity_refs.get(a.id)
        if ref is None:
            ref = self.activity_refs[a.id] = f"{a.id}: {text(a.name, self.lang)}"
        return ref


Getter = Callable[[View, Any], str]  # a column's cell text of one item, e.g. an activity


class Column(model.Value):
    """One column of a record table.

    ``paragraph`` is the Art. 30 point the column satisfies (``"30(1)(c)"``), or ``None``
    for a column the DSK or ICO templates add beyond Art. 30 (id, legal basis, DPIA ...).
    ``text`` is the English label, a catalogue message (``label(lang)`` gives it in a
    language). ``get(view, item)`` is the cell text of one item (an activity for record
    columns) in the view's language, always a str. ``width`` is a suggested width in
    characters for spreadsheets and terminals. ``typed`` gives the cell's value as a date
    or number for formats that have types (xlsx).
    """

    __slots__ = ("key", "paragraph", "text", "get", "width", "typed")

    key: str
    paragraph: str | None
    text: str
    get: Getter
    width: int
    typed: Callable[[Any], Any] | None

    def __init__(self, key: str, paragraph: str | None, text: str, get: Getter, width: int = 30,
                 typed: Callable[[Any], Any] | None = None) -> None:
        _set(self, "key", key)
        _set(self, "paragraph", paragraph)
        _set(self, "text", text)
        _set(self, "get", get)
        _set(self, "width", width)
        _set(self, "typed", typed)

    def label(self, lang: Lang) -> str:
        return gettext(self.text, lang)

    def value(self, view: View, item: Any) -> str:
        """The cell text for ``item`` in the view's language."""
        return self.get(view, item)

    def heading(self, lang: Lang) -> str:
        """The label with its Art. 30 point, e.g. ``Zwecke der Verarbeitung (Art. 30 Abs. 1 lit. b)``."""
        if not self.paragraph:
            return self.label(lang)
        return f"{self.label(lang)} ({article(self.paragraph, lang)})"


def _stated(get: Getter) -> Getter:
    """A mandatory column's getter whose empty cell reads ``nicht angegeben`` / ``not stated``.

    A blank cell never stands for "not stated": the registry holds no value there, so the
    record says so in words (the DSK template leaves no field of Art. 30 empty).
    """

    def stated(view: View, item: Any) -> str:
        return get(view, item) or view.words["not-stated"]

    stated.__doc__ = get.__doc__
    return stated


def _field(name: str) -> Getter:
    """The getter of a column that shows a str field of its item as it is (or blank)."""

    def get(view: View, item: Any) -> str:
        return getattr(item, name) or ""

    get.__doc__ = f"The item's ``{name}``."
    return get


def _text_field(name: str) -> Getter:
    """The getter of a column that shows a registry text field of its item (``text``)."""

    def get(view: View, item: Any) -> str:
        return text(getattr(item, name), view.lang)

    get.__doc__ = f"The item's ``{name}`` in the view's language."
    return get


def lines(values: Iterable[str]) -> str:
    return "\n".join([v for v in values if v])


def joined(*parts: str, sep: str = "; ") -> str:
    return sep.join([p for p in parts if p])

