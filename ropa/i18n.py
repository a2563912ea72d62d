"""One message catalogue for every text ropa itself writes: GNU gettext, English source.

The English text is the message id (what ``str()`` of a message gives, what JSON and SARIF
keep beside their stable codes); the German text comes from the catalogue
``ropa/locale/de/LC_MESSAGES/ropa.po``, compiled to ``ropa.mo`` beside it and read at run
time by ``_Catalogue`` (what the standard library's ``gettext.GNUTranslations`` answers, read
faster), loaded on the first German message only (an English run, ``ropa validate`` without
``--lang de``, never opens it).

Messages are marked for extraction (Babel, ``pybabel extract -F babel.cfg``) with:

* ``_(msgid, lang)``: one text now; ``_n(singular, plural, n, lang)``: with plural forms
  ("1 Fehler", "2 Fehler"); ``_p(context, msgid, lang)`` where one English word has two
  German ones;
* ``N_(msgid)``: a text in a table, translated where it is shown (``gettext``);
* ``msg(msgid, **values)``: a finding's message with its values: a ``str`` (English,
  filled in) that can be rendered in another language later with ``localized``; a value
  that is itself a message is rendered in the same language.

Regenerate the catalogue after changing a marked text (``docs/i18n.md``)::

    pybabel extract -F babel.cfg -k _n:1,2 -k _p:1c,2 -k N_ -k msg -k msg_n:1,2 -o ropa/locale/ropa.pot ropa
    pybabel update -i ropa/locale/ropa.pot -d ropa/locale -D ropa --no-fuzzy-matching
    pybabel compile -d ropa/locale -D ropa

The tests fail when a message lacks its German text, when placeholders differ between the
languages, and when the committed ``.mo`` is not the compiled ``.po``.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
from functools import lru_cache, cache
from collections.abc import Callable
from typing import Any

LANGUAGES = ("de", "en")
DOMAIN = "ropa"
LOCALE_DIR = os.path.join(os.path.dirname(__file__), "locale")

__all__ = ["_", "_n", "_p", "N_", "msg", "msg_n", "Message", "localized", "gettext", "cite", "LANGUAGES",
           "language", "resolve_language"]


def language(lang: str | None) -> str:
    """``de`` or ``en``: the language a text is written in (anything else is English)."""
    return "de" if lang == "de" else "en"


def registry_language(registry: Any) -> str | None:
    """The registry's first language (``registry: languages: [de, en]``) if ropa speaks it."""
    meta = getattr(registry, "meta", None)
    return next((code for code in (meta.languages if meta else ()) if code in LANGUAGES), None)


def resolve_language(option: str | None = None, registry: Any = None, environ: Any = None) -> str:
    """The one language resolver: the language a command speaks, resolved once at the edge (the
    command line) and passed down as a value; the library never looks it up itself.

    In this order: ``option`` (``--lang``), else ``$ROPA_LANG``, else the registry's first
    language (``registry: languages:``; when a registry is given), else English. A value ropa
    does not speak counts as English (the command line refuses it before asking).

    >>> resolve_language("de"), resolve_language(None, environ={"ROPA_LANG": "de"}), resolve_language(environ={})
    ('de', 'de', 'en')
    """
    chosen = option or (os.environ if environ is None else environ).get("ROPA_LANG")
    if not chosen and registry is not None:
        chosen = registry_language(registry)
    return language(chosen)


@cache
def _translations(lang: str) -> Any:
    if lang == "en":
        import gettext as _gettext

        return _gettext.NullTranslations()
    path = os.path.join(LOCALE_DIR, lang, "LC_MESSAGES", DOMAIN + ".mo")
    try:
        with open(path, "rb") as fh:
            catalogue = _Catalogue.read(fh.read())
    except OSError:
        catalogue = None
    if catalogue is not None:
        return catalogue
    import gettext as _gettext

    return _gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang], fallback=True)


class _Catalogue:
    """A compiled catalogue (``.mo``) answering ``gettext``, ``ngettext`` and ``pgettext`` as
    the standard library's ``gettext.GNUTranslations`` answers them, read in a fraction of the
    time: ``GNUTranslations`` decodes and stores each of the catalogue's 1,500 entries in
    Python when it is opened (5.5 ms of every German run, a twentieth of ``ropa validate``'s
    start-up); this keeps each entry's bytes by its message id's bytes and decodes a
    translation when it is asked for. It reads only what ropa's own catalogue is (UTF-8, the
    plural forms of German and English); ``read`` answers None for anything else, and
    ``GNUTranslations`` reads that instead (``tests/test_i18n.py`` compares the two on every
    entry). A ``.mo`` file: a magic number, a revision, the number of entries and the offsets
    of two tables of (length, offset) pairs, the message ids' and their translations'.
    """

    __slots__ = ("_data", "_single", "_plural")

    PLURAL_FORMS = b"nplurals=2; plural=(n != 1);"

    def __init__(self, data: bytes, single: dict[bytes, tuple[int, int]], plural: dict[bytes, tuple[int, int]]) -> None:
        self._data = data
        self._single = single  # message id -> (offset, length) of its translation
        self._plural = plural  # the singular's id of an entry with plural forms -> the same

    @classmethod
    def read(cls, data: bytes) -> _Catalogue | None:
        from array import array

        if len(data) < 20:
            return None
        magic = int.from_bytes(data[:4], "little")
        if magic == 0x950412DE:
            order = "little"
        elif magic == 0xDE120495:
            order = "big"
        else:
            return None
        head = [int.from_bytes(data[at:at + 4], order) for at in range(4, 20, 4)]  # type: ignore[arg-type]
        revision, count, ids_at, texts_at = head
        if revision >> 16 not in (0, 1) or max(ids_at, texts_at) + 8 * count > len(data):
            return None
        ids, texts = array("I"), array("I")
        if ids.itemsize != 4:  # pragma: no cover - every platform CPython runs on
            return None
        ids.frombytes(data[ids_at:ids_at + 8 * count])
        texts.frombytes(data[texts_at:texts_at + 8 * count])
        if order != ("little" if array("I", [1]).tobytes()[0] == 1 else "big"):
            ids.byteswap()
            texts.byteswap()
        size = len(data)
        single: dict[bytes, tuple[int, int]] = {}
        plural: dict[bytes, tuple[int, int]] = {}
        header = None
        for length, at, text_length, text_at in zip(ids[::2], ids[1::2], texts[::2], texts[1::2]):
            if at + length >= size or text_at + text_length >= size:  # as GNUTranslations: corrupt
                return None
            key = data[at:at + length]
            if b"\x00" in key:
                plural[key.split(b"\x00", 1)[0]] = (text_at, text_length)
                continue
            single[key] = (text_at, text_length)
            if length == 0:  # the header: GNUTranslations answers it for "" too
                header = data[text_at:text_at + text_length]
        if header is None or not _utf8_header(header, cls.PLURAL_FORMS):
            return None
        return cls(data, single, plural)

    def gettext(self, message: str) -> str:
        found = self._single.get(message.encode("utf-8", "surrogatepass"))
        if found is None:
            return message
        return self._data[found[0]:found[0] + found[1]].decode("utf-8")

    def pgettext(self, context: str, message: str) -> str:
        found = self._single.get(f"{context}\x04{message}".encode("utf-8", "surrogatepass"))
        if found is None:
            return message
        return self._data[found[0]:found[0] + found[1]].decode("utf-8")

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        found = self._plural.get(singular.encode("utf-8", "surrogatepass"))
        forms = self._data[found[0]:found[0] + found[1]].split(b"\x00") if found is not None else []
        form = int(n != 1)
        if form < len(forms):
            return forms[form].decode("utf-8")
        return singular if n == 1 else plural


def _utf8_header(header: bytes, plural_forms: bytes) -> bool:
    """Whether a catalogue's header says UTF-8 and the plural forms ``_Catalogue`` knows."""
    charset = forms = None
    for line in header.split(b"\n"):
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"content-type":
            charset = value.lower().partition(b"charset=")[2].strip()
        elif name == b"plural-forms":
            forms = value.strip()
    return charset in (b"utf-8", b"utf8") and forms == plural_forms


def gettext(message: str, lang: str | None) -> str:
    """``message`` (English, a msgid) in ``lang``."""
    if lang != "de" or not message:
        return message
    return _translations("de").gettext(message)


def _(message: str, lang: str | None, **values: object) -> str:
    """``message`` in ``lang``, its ``{placeholders}`` filled in (values rendered in ``lang``)."""
    out = gettext(message, lang)
    return out.format(**{k: localized(v, lang) for k, v in values.items()}) if values else out


def _n(singular: str, plural: str, n: int, lang: str | None, **values: object) -> str:
    """The singular or plural form for ``n`` in ``lang`` (``{n}`` is filled in)."""
    if lang == "de":
        out = _translations("de").ngettext(singular, plural, n)
    else:
        out = singular if n == 1 else plural
    return out.format(n=n, **{k: localized(v, lang) for k, v in values.items()})


def _p(context: str, message: str, lang: str | None, **values: object) -> str:
    """``message`` in ``lang`` where its translation depends on ``context``."""
    out = _translations("de").pgettext(context, message) if lang == "de" else message
    return out.format(**{k: localized(v, lang) for k, v in values.items()}) if values else out


def N_(message: str) -> str:
    """Marks a text for the catalogue where it is defined; ``gettext`` translates it where shown."""
    return message


class Message(str):
    """A catalogue message with its values: the ``str`` is the English text, filled in.

    ``localized(lang)`` renders it in another language from the catalogue. Being a ``str``,
    it sorts, compares and serialises as the English text it is (stable for JSON, SARIF
    properties and the golden files).
    """

    msgid: str
    plural: str | None
    n: int | None
    values: dict[str, object]

    def __new__(cls, msgid: str, values: dict[str, object], plural: str | None = None,
                n: int | None = None) -> Message:
        source = msgid if plural is None or n == 1 else plural
        extra = {} if n is None else {"n": n}
        self = super().__new__(cls, source.format(**extra, **{k: str(v) for k, v in values.items()})
                               if values or extra else source)
        self.msgid, self.plural, self.n, self.values = msgid, plural, n, values
        return self

    def __reduce__(self) -> tuple:
        return (Message, (self.msgid, self.values, self.plural, self.n))

    def localized(self, lang: str | None) -> str:
        if lang != "de" and not any(hasattr(v, "localized") for v in self.values.values()):
            return str.__str__(self)
        if self.plural is not None:
            return _n(self.msgid, self.plural, self.n or 0, lang, **self.values)
        return _(self.msgid, lang, **self.values)


def msg(msgid: str, **values: object) -> Message:
    """A message to render later in the reader's language (findings, problems)."""
    return Message(msgid, values)


def msg_n(singular: str, plural: str, n: int, **values: object) -> Message:
    return Message(singular, values, plural, n)


def localized(value: object, lang: str | None) -> str:
    """A message (or registry note) in ``lang``; any other value as its ``str``."""
    render = getattr(value, "localized", None)
    if render is not None:
        return render(lang)
    if isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
        return format_date(value, lang)
    return "" if value is None else str(value)


def format_date(value: _dt.date, lang: str | None) -> str:
    """The one date format per language: ``07.12.2026`` (TT.MM.JJJJ) in German, ISO 8601
    (``2026-12-07``) in English; messages, reports, exports and the terminal all use it
    (``ropa.labels.fmt_date`` for dates that may be missing or ISO strings).

    >>> format_date(_dt.date(2026, 12, 7), "de"), format_date(_dt.date(2026, 12, 7), "en")
    ('07.12.2026', '2026-12-07')
    """
    return value.strftime("%d.%m.%Y") if lang == "de" else value.isoformat()


# --- legal references -------------------------------------------------------------------------

_ACTS = {"GDPR": "DSGVO", "BDSG": "BDSG", "TDDDG": "TDDDG", "TTDSG": "TTDSG", "AO": "AO", "HGB": "HGB",
         "UStG": "UStG"}
_ARTICLE = re.compile(
    r"(?P<kind>Art\.|§)\s?(?P<num>\d+[a-z]?)(?P<parts>(?:\([0-9a-z–]+\))*)(?P<more>(?:,\s?\([0-9a-z]+\))*)")
_PART = re.compile(r"\(([^)]+)\)")


def cite(reference: str | None, lang: str | None) -> str:
    """A legal reference in ``lang``'s citation style.

    The English form (``Art. 30(1)(b) GDPR``, ``§ 25(1) TDDDG``) is the source; in German
    ``Art. 30 Abs. 1 lit. b DSGVO``, ``§ 25 Abs. 1 TDDDG``; "Directive" becomes
    "Richtlinie", "second subparagraph" "UAbs. 2".

    >>> cite("Art. 30(1)(b) GDPR", "de")
    'Art. 30 Abs. 1 lit. b DSGVO'
    >>> cite("§ 25(1), (2) TDDDG; Art. 6(1)(a) GDPR", "de")
    '§ 25 Abs. 1, 2 TDDDG; Art. 6 Abs. 1 lit. a DSGVO'
    >>> cite("Art. 30(1)(b) GDPR", "en")
    'Art. 30(1)(b) GDPR'

    The definitions of Art. 4 GDPR are numbered points, not paragraphs:

    >>> cite("Art. 4(9) GDPR", "de")
    'Art. 4 Nr. 9 DSGVO'
    >>> cite("Art. 4(4) of Decision (EU) 2021/914", "de")
    'Art. 4 Abs. 4 of Durchführungsbeschluss (EU) 2021/914'

    A range of articles takes the en dash of German typesetting:

    >>> cite("Art. 44-49 GDPR", "de")
    'Art. 44–49 DSGVO'
    """
    if not reference or lang != "de":
        return reference or ""
    return _cite_de(reference)


_OF = re.compile(r"\s*of\b")  # "Art. 4(4) of Decision (EU) 2021/914": another act's Art. 4


def _gdpr_before_semicolon(text: str) -> Callable[[int], bool]:
    """Whether "GDPR" follows a position of ``text`` before the next ";" (one pass over the
    text, then a lookup per position: a lookahead per "Art. 4" would be quadratic in the text)."""
    from bisect import bisect_left

    gdpr = [m.start() for m in re.finditer(r"\bGDPR\b", text)]
    stops = [i for i, c in enumerate(text) if c == ";"]

    def after(position: int) -> bool:
        g = bisect_left(gdpr, position)
        if g == len(gdpr):
            return False
        s = bisect_left(stops, position)
        return s == len(stops) or gdpr[g] < stops[s]

    return after


@lru_cache(maxsize=512)
def _cite_de(reference: str) -> str:
    def article(m: re.Match) -> str:
        out = [m.group("kind"), m.group("num")]
        # Art. 4 GDPR (definitions) is cited by number: "Art. 4 Nr. 9 DSGVO"
        points = (m.group("kind") == "Art." and m.group("num") == "4" and gdpr_follows(m.end())
                  and _OF.match(m.string, m.end()) is None)
        for part in _PART.findall(m.group("parts")):
            if part[0].isdigit():
                out.append(f"Nr. {part}" if points else f"Abs. {part}")
            else:
                out.append(f"lit. {part}" if len(part) == 1 else f"Nr. {part}")
        extra = _PART.findall(m.group("more"))
        return " ".join(out) + "".join(f", {e}" for e in extra)

    reference = re.sub(r"\((\d+)\)-\((\d+)\)", r"(\1–\2)", reference)
    reference = re.sub(r"\b(Art\.\s?\d+)-(\d+)\b", r"\1–\2", reference)
    gdpr_follows = _gdpr_before_semicolon(reference)
    out = _ARTICLE.sub(article, reference)
    out = re.sub(r"\b(second subparagraph|subpara\. 2)", "UAbs. 2", out)
    out = re.sub(r"\brecital (\d+)", r"ErwG \1", out)
    # the Commission's acts under Art. 45(3) and 46(2)(c) are implementing decisions
    out = re.sub(r"\b(Implementing )?Decision \(EU\)", "Durchführungsbeschluss (EU)", out)
    out = re.sub(r"\bEDPB Guidelines\b", "EDSA-Leitlinien", out)
    out = re.sub(r"\bsentence (\d+)\b", r"S. \1", out)
    out = re.sub(r"\bDirective\b", "Richtlinie", out)
    out = re.sub(r"\bRegulation\b", "Verordnung", out)
    out = re.sub(r"\bCJEU\b", "EuGH", out)
    out = re.sub(r"\(record in writing\)", "(schriftliches Verzeichnis)", out)
    for en, de in _ACTS.items():
        out = re.sub(rf"\b{en}\b", de, out)
    return out


class RegistryNote:
    """Registry text (a ``Text``) inside a message: on one line, never translated.

    Shown in the reader's language where the registry has it, else as it is with its
    language marked (``[en] ...``) so it is never silently mixed into a sentence in another
    language. ``str()`` is the first version, unmarked (the stable English message).
    A quoted note is shown in single quotes, after its mark (``[en] 'Improving ...'``).
    """

    __slots__ = ("note", "quoted")

    def __init__(self, note: Any, quoted: bool = False) -> None:
        self.note, self.quoted = note, quoted

    @classmethod
    def quote(cls, source: Any, shown: str, version: str | None = None) -> RegistryNote:
        """``shown`` (one version of the registry ``Text`` ``source``, or a part of it given as
        ``version``) in quotes, with the language that version is written in."""
        version = shown if version is None else version
        key = next((k for k, v in getattr(source, "values", ()) if v == version), "")
        return cls(_Quoted(((key, shown),)), quoted=True)

    def _shown(self, text: str) -> str:
        text = " ".join(text.split())
        return f"'{text}'" if self.quoted else text

    def __str__(self) -> str:
        values = getattr(self.note, "values", None)
        return self._shown(values[0][1]) if values else ""

    def __repr__(self) -> str:
        return f"RegistryNote({self!s})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RegistryNote) and str(self) == str(other)

    def __hash__(self) -> int:
        return hash(str(self))

    def localized(self, lang: str | None) -> str:
        values = getattr(self.note, "values", None)
        if not values:
            return ""
        lang = language(lang)
        for key, text in values:
            if key == lang:
                return self._shown(text)
        key, text = values[0]
        return f"[{key}] {self._shown(text)}" if key and key != lang else self._shown(text)


class _Quoted:
    __slots__ = ("values",)

    def __init__(self, values: tuple) -> None:
        self.values = values


def english(text: str) -> RegistryNote:
    """A text ropa cannot translate, inside a message: a library's or the system's own English
    (libyaml's syntax error, ``strerror``). Shown as it is, marked ``[en]`` in German."""
    return RegistryNote(_Quoted((("en", " ".join(text.split())),)))


class Joined(str):
    """Values (messages among them) joined by ``separator`` (itself a message, or ``", "``),
    each rendered in the reader's language: ``Joined(parts, msg(" and "))``. Being a ``str``,
    it is the English text, like a ``Message``."""

    parts: tuple
    separator: object

    def __new__(cls, parts: Any, separator: object = ", ") -> Joined:
        parts = tuple(parts)
        self = super().__new__(cls, str(separator).join(str(p) for p in parts))
        self.parts, self.separator = parts, separator
        return self

    def __reduce__(self) -> tuple:
        return (Joined, (self.parts, self.separator))

    def localized(self, lang: str | None) -> str:
        return localized(self.separator, lang).join(localized(p, lang) for p in self.parts)


class Both:
    """A text ropa keeps as a (German, English) pair outside the catalogue, inside a message."""

    __slots__ = ("de", "en")

    def __init__(self, de: str, en: str) -> None:
        self.de, self.en = de, en

    def __str__(self) -> str:
        return self.en

    def localized(self, lang: str | None) -> str:
        return self.de if lang == "de" else self.en


# --- names of the registry's fields ---------------------------------------------------------------

FIELD_CONTEXT = "field"
# fields a gap, conflict or interpretation names: German names in the catalogue (context
# "field"); English shows the key itself, as the registry spells it
FIELDS = (
    "address", "automated_decision", "category", "ceased", "certifications", "consent", "consent.mechanism",
    "consent.record", "consent.withdrawal", "contract", "controllers", "cookies", "country", "created", "criterion",
    "cross_device_tracking", "data_categories", "data_source", "data_subjects", "description", "dpia", "dpo",
    "dpo_required", "email", "employees", "eu_representative", "interest", "joint_controllers", "legal_bases",
    "lia", "management", "measures", "mechanism", "name", "organisation", "period", "phone", "processing_staff",
    "processor_of", "profiling", "purposes", "recipients", "record", "retention", "role", "safeguards",
    "review_due", "reviewed", "scc_module", "services", "statute", "status", "storage", "sub_processors",
    "supervisory_authority", "tia", "updated",
    "transfers", "trigger", "website",
)


class Field:
    """A registry field named in a message: its German name in German, its key in English."""

    __slots__ = ("key",)

    def __init__(self, key: str) -> None:
        self.key = key

    def __str__(self) -> str:
        return self.key

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Field) and other.key == self.key

    def __hash__(self) -> int:
        return hash(self.key)

    def localized(self, lang: str | None) -> str:
        return field_name(self.key, lang)


def field_name(key: str, lang: str | None) -> str:
    """``retention`` as ``Löschfristen`` in German; a key the catalogue does not name stays as it is."""
    if lang != "de" or not key:
        return key
    if key in FIELDS:
        return _p(FIELD_CONTEXT, key, lang)
    head, dot, rest = key.partition(".")
    return f"{_p(FIELD_CONTEXT, head, lang)}{dot}{rest}" if head in FIELDS else key


def field_key(shown: str) -> str:
    """The key of a field name as ``field_name`` shows it in either language (the import reads it back)."""
    if shown in FIELDS:
        return shown
    keys = _field_keys()
    if shown in keys:
        return keys[shown]
    head, dot, rest = shown.partition(".")
    return f"{keys[head]}{dot}{rest}" if dot and head in keys else shown


@lru_cache(maxsize=1)
def _field_keys() -> dict[str, str]:
    return {field_name(key, "de"): key for key in FIELDS}
