"""Read a registry directory into the typed model, collecting every structural problem.

Reading goes YAML text -> nodes (ruamel.yaml's C parser and composer, which keep the
start mark of every node) -> model instances (built here from the dataclass field
declarations in ``ropa.model``). Nothing is constructed by ruamel.yaml itself, so no
custom tag can run code, and every value keeps its ``file:line:col``.

Loader problems use the codes RP001-RP019 (see ``PROBLEMS``); none of them raises.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import gc
import os
import re
import stat
import types
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Literal

from ropa import model
from ropa.findings import Finding, Severity
from ropa.model import COLLECTIONS, Node, RegistryMeta, Span, Text

MAX_FILE_BYTES = 16 * 1024 * 1024  # a registry file larger than this is rejected unread
MAX_DEPTH = 64  # nesting deeper than any registry needs
MAX_NODES = 500_000  # values in one file (50 activities take about 8,000): bounds time and memory
FREEZE_AFTER = 200_000  # objects allocated by one load beyond which they are moved out of gc's sight
YAML_SUFFIXES = (".yaml", ".yml")
MARKER = "registry.yaml"  # the file that marks a registry's root directory

# code: (short name, severity, fatal, description). Fatal problems mean the input could
# not be read at all: the command exits with 2.
PROBLEMS: dict[str, tuple[str, Severity, bool, str]] = {
    "RP001": ("path-not-found", Severity.ERROR, True, "The registry path does not exist."),
    "RP002": ("unreadable", Severity.ERROR, True,
              "A file or directory cannot be read (permissions, deleted while reading, I/O error)."),
    "RP003": ("file-too-large", Severity.ERROR, True,
              f"A registry file is larger than {MAX_FILE_BYTES // 2**20} MiB and is not read, or holds "
              f"more than {MAX_NODES:,} values."),
    "RP004": ("not-text", Severity.ERROR, True, "A registry file is binary (contains NUL bytes)."),
    "RP005": ("bad-encoding", Severity.ERROR, True,
              "A registry file is not valid UTF-8 (or is UTF-16/UTF-32)."),
    "RP006": ("yaml-syntax", Severity.ERROR, True,
              "A registry file is not well-formed YAML (including tabs used for indentation)."),
    "RP007": ("anchor-or-alias", Severity.ERROR, True,
              "YAML anchors (&) and aliases (*) are not allowed: they hide repeated facts and "
              "can expand exponentially (alias bombs)."),
    "RP008": ("custom-tag", Severity.ERROR, True,
              "YAML tags other than the standard ones (!!str, !!int ...) are not allowed."),
    "RP009": ("duplicate-key", Severity.ERROR, False, "A mapping has the same key twice."),
    "RP010": ("unknown-key", Severity.ERROR, False,
              "A key the format does not define (prefix your own fields with `x-`)."),
    "RP011": ("wrong-type", Severity.ERROR, False,
              "A value has the wrong type (e.g. a list where text is expected)."),
    "RP012": ("missing-field", Severity.ERROR, False, "A required field is missing."),
    "RP013": ("invalid-value", Severity.ERROR, False,
              "A value is not allowed: not one of the choices, not a real date, not an ISO "
              "country code, not a valid id or duration."),
    "RP014": ("duplicate-id", Severity.ERROR, False, "Two entries of one kind share an id."),
    "RP015": ("unresolved-reference", Severity.ERROR, False,
              "A reference to an id (recipient, category, organisation, document, legal "
              "basis, mechanism ...) that does not exist."),
    "RP016": ("empty-file", Severity.WARNING, False, "A registry file contains no data."),
    "RP017": ("multiple-documents", Severity.ERROR, True,
              "A registry file contains more than one YAML document (`---`)."),
    "RP018": ("outside-registry", Severity.ERROR, True,
              "A symbolic link in the registry points outside the registry directory."),
    "RP019": ("too-deep", Severity.ERROR, True, f"Nesting deeper than {MAX_DEPTH} levels."),
}

STANDARD_TAGS = {
    "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null", "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq",
}
TAG_NAMES = {
    "tag:yaml.org,2002:str": "text", "tag:yaml.org,2002:int": "an integer",
    "tag:yaml.org,2002:float": "a number", "tag:yaml.org,2002:bool": "a boolean",
    "tag:yaml.org,2002:null": "null", "tag:yaml.org,2002:timestamp": "a date",
    "tag:yaml.org,2002:map": "a mapping", "tag:yaml.org,2002:seq": "a list",
}
_STR = "tag:yaml.org,2002:str"
_NULL = "tag:yaml.org,2002:null"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"

ID_RE = re.compile(r"[a-z0-9][a-z0-9._-]*\Z")
DURATION_RE = re.compile(r"P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(\d+H)?(\d+M)?(\d+S)?)?\Z")
RULE_RE = re.compile(r"RP\d{0,3}\Z")
LANG_RE = re.compile(r"[a-z]{2}\Z")


def problem(code: str, message: str, span: Span, target: str | None = None) -> Finding:
    _name, severity, fatal, _doc = PROBLEMS[code]
    return Finding(code=code, severity=severity, message=message, span=span, target=target,
                   reference="Art. 30(3) GDPR (record in writing)", fatal=fatal)


# --- the registry -------------------------------------------------------------------------

@dataclass(frozen=True)
class Registry:
    """A loaded registry: every collection by id, in file order, and its reverse indexes.

    References were checked by the loader (unresolved ones are RP015 findings), so a
    lookup by an id taken from the registry succeeds unless the loader reported it.
    """

    root: str
    files: tuple[str, ...]
    meta: RegistryMeta | None
    organisations: types.MappingProxyType
    recipients: types.MappingProxyType
    documents: types.MappingProxyType
    data_categories: types.MappingProxyType
    data_subjects: types.MappingProxyType
    measures: types.MappingProxyType
    activities: types.MappingProxyType
    waivers: tuple[model.Waiver, ...]

    def activities_of(self, organisation: str) -> list[model.Activity]:
        return [a for a in self.activities.values() if a.organisation == organisation]

    def activities_using(self, recipient: str) -> list[model.Activity]:
        """Activities that disclose data to ``recipient`` or transfer data to it."""
        return self._by_recipient.get(recipient, [])

    def party(self, ident: str) -> model.Organisation | model.Recipient | None:
        return self.organisations.get(ident) or self.recipients.get(ident)

    def target(self, ident: str) -> Node | None:
        """The activity, recipient or organisation with this id."""
        return self.activities.get(ident) or self.recipients.get(ident) or self.organisations.get(ident)

    @property
    def _by_recipient(self) -> dict[str, list[model.Activity]]:
        cached = self.__dict__.get("_by_recipient_cache")
        if cached is None:
            cached = {}
            for activity in self.activities.values():
                seen = set()
                for use in activity.recipients or ():
                    seen.add(use.recipient)
                for transfer in activity.transfers or ():
                    seen.add(transfer.recipient)
                for rid in sorted(seen):
                    cached.setdefault(rid, []).append(activity)
            object.__setattr__(self, "_by_recipient_cache", cached)
        return cached


@dataclass(frozen=True)
class LoadResult:
    registry: Registry
    findings: tuple[Finding, ...]

    @property
    def fatal(self) -> bool:
        return any(f.fatal for f in self.findings)


# --- field specifications, computed once per class ------------------------------------------

@dataclass(frozen=True, slots=True)
class Kind:
    """What a field accepts, derived from its type annotation."""

    tag: str  # str, int, bool, date, text, literal, node, list, map
    item: "Kind | None" = None
    choices: tuple[Any, ...] = ()
    cls: type | None = None
    optional_list: bool = False  # a `tuple | None` field: None means "not stated"


@dataclass(frozen=True, slots=True)
class FieldSpec:
    name: str
    kind: Kind
    required: bool
    ref: str | None
    fmt: str | None


def kind_of(annotation: Any) -> Kind:
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType):
        rest = [a for a in args if a is not type(None)]
        if len(rest) != 1:
            raise TypeError(f"unsupported union {annotation}")
        inner = kind_of(rest[0])
        if inner.tag == "list":
            return dataclasses.replace(inner, optional_list=True)
        return inner
    if origin is tuple:
        return Kind("list", item=kind_of(args[0]))
    if origin is Literal:
        return Kind("literal", choices=args)
    if origin in (typing.Mapping, dict) or annotation is typing.Mapping:
        return Kind("map", item=kind_of(args[1]))
    if annotation is str:
        return Kind("str")
    if annotation is int:
        return Kind("int")
    if annotation is bool:
        return Kind("bool")
    if annotation is _dt.date:
        return Kind("date")
    if annotation is Text:
        return Kind("text")
    if isinstance(annotation, type) and issubclass(annotation, Node):
        return Kind("node", cls=annotation)
    origin_map = typing.get_origin(annotation)
    if origin_map is not None and issubclass(origin_map, typing.Mapping):  # pragma: no cover
        return Kind("map", item=kind_of(args[1]))
    raise TypeError(f"unsupported annotation {annotation!r}")


_SPECS: dict[type, dict[str, FieldSpec]] = {}
_KINDS: dict[Any, Kind] = {}


def _kind_of_annotation(annotation: Any) -> Kind:
    """``kind_of`` for a field's annotation, which ``from __future__ import annotations`` leaves
    a string: evaluated once per distinct string (``typing.get_type_hints`` compiles each one
    again for every class, a noticeable part of start-up)."""
    kind = _KINDS.get(annotation)
    if kind is None:
        hint = eval(annotation, vars(model)) if isinstance(annotation, str) else annotation  # noqa: S307
        kind = _KINDS[annotation] = kind_of(hint)
    return kind


def field_specs(cls: type) -> dict[str, FieldSpec]:
    """The loadable fields of a model class, by YAML key (same as the attribute name)."""
    specs = _SPECS.get(cls)
    if specs is None:
        specs = {}
        for fld in dataclasses.fields(cls):
            if fld.metadata.get("internal"):
                continue
            specs[fld.name] = FieldSpec(
                name=fld.name, kind=_kind_of_annotation(fld.type),
                required=bool(fld.metadata.get("required")),
                ref=fld.metadata.get("ref"), fmt=fld.metadata.get("format"))
        _SPECS[cls] = specs
    return specs


# --- YAML parsing -------------------------------------------------------------------------
#
# libyaml (through ruamel.yaml.clib's CParser) scans and parses in C; the events it yields
# are composed here into light nodes. ruamel's own composer would build its node objects in
# Python and resolve every plain scalar through a version-aware resolver, which costs about
# four times the C parse itself. Resolution follows YAML 1.2 exactly as ruamel.yaml does
# (its regular expressions, in its order); like ruamel's C composer, `%YAML` directives do not
# change it. Composition is iterative: nesting depth cannot exhaust the Python stack.

_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"

_FLOAT_RE = re.compile(r"""^(?:
     [-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?
    |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
    |[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?
    |[-+]?\.(?:inf|Inf|INF)
    |\.(?:nan|NaN|NAN))$""", re.X)
_INT_RE = re.compile(r"""^(?:[-+]?0b[0-1_]+
    |[-+]?0o?[0-7_]+
    |[-+]?[0-9_]+
    |[-+]?0x[0-9a-fA-F_]+)$""", re.X)
_TIMESTAMP_RE = re.compile(r"""^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
    |[0-9][0-9][0-9][0-9] -[0-9][0-9]? -[0-9][0-9]?
    (?:[Tt]|[ \t]+)[0-9][0-9]?
    :[0-9][0-9] :[0-9][0-9] (?:\.[0-9]*)?
    (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$""", re.X)
_BOOL_RE = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_NULL_RE = re.compile(r"^(?:~|null|Null|NULL|)$")
_IMPLICIT: dict[str, tuple[tuple[str, re.Pattern[str]], ...]] = {}
for _tag, _regexp, _first in (
        (_BOOL, _BOOL_RE, "tTfF"), (_FLOAT, _FLOAT_RE, "-+0123456789."), (_INT, _INT_RE, "-+0123456789"),
        ("tag:yaml.org,2002:merge", re.compile(r"^(?:<<)$"), "<"), (_NULL, _NULL_RE, "~nN"),
        (_TIMESTAMP, _TIMESTAMP_RE, "0123456789"), ("tag:yaml.org,2002:value", re.compile(r"^(?:=)$"), "=")):
    for _char in _first:
        _IMPLICIT[_char] = (*_IMPLICIT.get(_char, ()), (_tag, _regexp))
del _tag, _regexp, _first, _char


def resolve_plain(value: str) -> str:
    """The tag of an untagged plain scalar (YAML 1.2 core schema, as ruamel.yaml resolves it)."""
    if not value:
        return _NULL
    for tag, regexp in _IMPLICIT.get(value[0], ()):
        if regexp.match(value):
            return tag
    return _STR


# A composed node is a list ``[tag, value, line, col]``: its resolved tag; the text of a
# scalar, a list of nodes for a sequence, or a list of ``(key, value)`` node pairs for a
# mapping (as in ruamel.yaml's nodes); its 0-based start line and column. Plain lists are
# the cheapest objects to build and index, and ``marshal`` stores them as they are.


class _Scalar:
    __slots__ = ("anchor", "tag", "implicit", "value", "start_mark")

    def __init__(self, anchor: Any, tag: Any, implicit: Any, value: Any, start_mark: Any, end_mark: Any = None,
                 style: Any = None) -> None:
        self.anchor = anchor
        self.tag = tag
        self.implicit = implicit
        self.value = value
        self.start_mark = start_mark


class _CollectionStart:
    __slots__ = ("anchor", "tag", "start_mark")

    def __init__(self, anchor: Any, tag: Any, implicit: Any, start_mark: Any, end_mark: Any = None,
                 flow_style: Any = None) -> None:
        self.anchor = anchor
        self.tag = tag
        self.start_mark = start_mark


class _MappingStart(_CollectionStart):
    __slots__ = ()


class _SequenceStart(_CollectionStart):
    __slots__ = ()


class _Alias:
    __slots__ = ("anchor", "start_mark")

    def __init__(self, anchor: Any, start_mark: Any, end_mark: Any = None) -> None:
        self.anchor = anchor
        self.start_mark = start_mark


class _Other:
    __slots__ = ("start_mark",)

    def __init__(self, start_mark: Any = None, *rest: Any) -> None:
        self.start_mark = start_mark


class _MappingEnd(_Other):
    __slots__ = ()


class _SequenceEnd(_Other):
    __slots__ = ()


class _DocumentStart(_Other):
    __slots__ = ()


class _StreamEnd(_Other):
    __slots__ = ()


# The C parser builds each event by calling the event class named in its module, and
# ruamel's event classes spend three Python __init__ calls on fields the loader never reads.
# While ``parse`` runs, these slim classes stand in for them.
_LIGHT_EVENTS = {
    "ScalarEvent": _Scalar, "MappingStartEvent": _MappingStart, "SequenceStartEvent": _SequenceStart,
    "MappingEndEvent": _MappingEnd, "SequenceEndEvent": _SequenceEnd, "AliasEvent": _Alias,
    "DocumentStartEvent": _DocumentStart, "DocumentEndEvent": _Other, "StreamStartEvent": _Other,
    "StreamEndEvent": _StreamEnd,
}
_PARSER: Any = None


def _c_parser() -> tuple[Any, dict[str, Any] | None]:
    """ruamel.yaml.clib's CParser and its module's namespace (None if events cannot be swapped)."""
    global _PARSER
    if _PARSER is None:
        import sys

        from ruamel.yaml.cyaml import CParser

        namespace = getattr(sys.modules.get(CParser.__module__), "__dict__", None)
        if namespace is not None and not all(name in namespace for name in _LIGHT_EVENTS):
            namespace = None  # pragma: no cover - another clib layout: use its own events
        _PARSER = (CParser, namespace)
    return _PARSER


def _event_classes(light: bool) -> tuple[Any, ...]:
    if light:
        return (_Scalar, _MappingStart, _SequenceStart, _MappingEnd, _SequenceEnd, _Alias, _DocumentStart,
                _StreamEnd)
    from ruamel.yaml import events

    return (events.ScalarEvent, events.MappingStartEvent, events.SequenceStartEvent, events.MappingEndEvent,
            events.SequenceEndEvent, events.AliasEvent, events.DocumentStartEvent, events.StreamEndEvent)


def _mark_span(file: str, mark: Any) -> Span:
    if mark is None:
        return Span(file, 1, 1)
    return Span(file, mark.line + 1, mark.column + 1)


def _yaml_error(file: str, exc: Exception, text: str = "") -> Finding:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    what = getattr(exc, "problem", None) or (str(exc).splitlines() or [type(exc).__name__])[0]
    context = getattr(exc, "context", None)
    message = f"{context}: {what}" if context else str(what)
    message = " ".join(message.split())
    tab = "\t" in message or "tab" in message.lower()
    if mark is not None and text and not tab:  # libyaml does not say that the character is a tab
        lines = text.split("\n", mark.line + 1)
        tab = mark.line < len(lines) and "\t" in lines[mark.line][:mark.column + 1]
    if tab:
        message += " (use spaces, not tabs, for indentation)"
    return problem("RP006", f"YAML syntax error: {message}", _mark_span(file, mark))


def _open_nonblocking(path: str, flags: int) -> int:
    return os.open(path, flags | getattr(os, "O_NONBLOCK", 0))


def read_text(path: Path, display: str) -> tuple[str | None, list[Finding]]:
    """Read a file as UTF-8 text, or say in one finding why it cannot be read."""
    start = Span(display, 1, 1)
    try:
        # non-blocking: opening a named pipe would otherwise wait for a writer forever
        with open(path, "rb", opener=_open_nonblocking) as fh:
            # the size of the open file, not of the name: a file swapped or grown after a
            # check is still read at most to the limit
            status = os.fstat(fh.fileno())
            if not stat.S_ISREG(status.st_mode):
                return None, [problem("RP002", "cannot read file: not a regular file (a pipe, socket or "
                                               "device)", start)]
            size = status.st_size
            if size > MAX_FILE_BYTES:
                return None, [problem("RP003", f"file is {size / 2**20:.0f} MiB; registry files may be at most "
                                               f"{MAX_FILE_BYTES // 2**20} MiB", start)]
            data = fh.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        return None, [problem("RP002", "file disappeared while the registry was being read", start)]
    except IsADirectoryError:
        return None, [problem("RP002", "cannot read file: it is a directory", start)]
    except OSError as exc:
        return None, [problem("RP002", f"cannot read file: {exc.strerror or exc}", start)]
    if len(data) > MAX_FILE_BYTES:  # grew while being read (a device, a pipe, a growing log)
        return None, [problem("RP003", f"file is larger than {MAX_FILE_BYTES // 2**20} MiB; registry files "
                                       f"may be at most {MAX_FILE_BYTES // 2**20} MiB", start)]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [problem("RP005", "file is UTF-16 or UTF-32 encoded; save it as UTF-8", start)]
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]  # a UTF-8 byte order mark is harmless: YAML allows it
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        col = nul - (data.rfind(b"\n", 0, nul) + 1) + 1
        return None, [problem("RP004", "file contains NUL bytes: it is binary, not YAML text",
                              Span(display, line, col))]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [problem("RP005", f"invalid UTF-8 byte 0x{data[exc.start]:02x}; save the file as UTF-8",
                              Span(display, line, col))]
    return text, []


def parse(text: str, display: str) -> tuple[list | None, list[Finding]]:
    """Compose a YAML text into nodes with positions; reject anchors, aliases, deep nesting.

    Custom tags are kept on the nodes (the builder reports them with their position).
    """
    CParser, namespace = _c_parser()
    Scalar, MapStart, SeqStart, MapEnd, SeqEnd, Alias, DocStart, StreamEnd = _event_classes(namespace is not None)
    anchors: list[Finding] = []
    root: list | None = None
    stack: list[list] = []  # open collections; a mapping's value holds keys and values flat
    documents = 0
    count = 0  # nodes composed so far
    saved = {}
    if namespace is not None:
        saved = {name: namespace[name] for name in _LIGHT_EVENTS}
        namespace.update(_LIGHT_EVENTS)
    parser = CParser(text)
    try:
        while True:
            event = parser.get_event()
            cls = event.__class__
            if cls is Scalar:
                tag = event.tag
                if tag is None or tag == "!":
                    tag = resolve_plain(event.value) if event.implicit[0] else _STR
                mark = event.start_mark
                node = [tag, event.value, mark.line, mark.column]
                if event.anchor is not None:
                    anchors.append(problem("RP007", f"anchor &{event.anchor} is not allowed",
                                           _mark_span(display, mark)))
            elif cls is MapStart or cls is SeqStart:
                tag = event.tag
                if tag is None or tag == "!":
                    tag = _MAP if cls is MapStart else _SEQ
                mark = event.start_mark
                if event.anchor is not None:
                    anchors.append(problem("RP007", f"anchor &{event.anchor} is not allowed",
                                           _mark_span(display, mark)))
                if len(stack) >= MAX_DEPTH:
                    if anchors:
                        return None, anchors
                    return None, [problem("RP019", f"nesting is deeper than {MAX_DEPTH} levels",
                                          _mark_span(display, mark))]
                node = [tag, [], mark.line, mark.column]
                if stack:
                    stack[-1][1].append(node)
                else:
                    root = node
                stack.append(node)
                count += 1
                if count > MAX_NODES:
                    return None, [problem("RP003", f"file holds more than {MAX_NODES:,} values; split it",
                                          _mark_span(display, mark))]
                continue
            elif cls is MapEnd:
                mapping = stack.pop()
                items = mapping[1]
                mapping[1] = list(zip(items[::2], items[1::2]))
                continue
            elif cls is SeqEnd:
                stack.pop()
                continue
            elif cls is Alias:
                mark = event.start_mark
                anchors.append(problem("RP007", f"alias *{event.anchor} is not allowed; write the value out",
                                       _mark_span(display, mark)))
                node = [_NULL, "", mark.line, mark.column]
            elif cls is DocStart:
                documents += 1
                if documents > 1:
                    return None, anchors or [problem(
                        "RP017", "YAML syntax error: more than one YAML document in the file; use one "
                                 "document per file", _mark_span(display, event.start_mark))]
                continue
            elif cls is StreamEnd:
                break
            else:  # stream start, document end
                continue
            if stack:
                stack[-1][1].append(node)
            else:
                root = node
            count += 1
            if count > MAX_NODES:
                return None, [problem("RP003", f"file holds more than {MAX_NODES:,} values; split it",
                                      _mark_span(display, event.start_mark))]
    except MemoryError:
        return None, [problem("RP003", "file is too large to parse", Span(display, 1, 1))]
    except Exception as exc:  # libyaml's scanner, parser and reader errors (MarkedYAMLError ...)
        return None, anchors or [_yaml_error(display, exc, text)]
    finally:
        parser.dispose()
        if saved:
            namespace.update(saved)  # type: ignore[union-attr]
    if anchors:
        return None, anchors
    return root, []


# --- a cache of composed nodes ---------------------------------------------------------------
#
# ropa runs on every commit, and most files have not changed since the last run. Composed
# nodes are plain lists, tuples and strings, which ``marshal`` writes and reads back about
# twenty times faster than libyaml parses the text. Entries are named by a hash of the text
# (so they cannot go stale) and live outside the registry, in ``$ROPA_CACHE_DIR`` or
# ``$XDG_CACHE_HOME/ropa`` (``~/.cache/ropa``); ``ROPA_CACHE_DIR=`` (empty) turns the cache
# off. Only texts that parsed without a problem are stored; an unreadable or damaged entry is
# ignored and parsed again. Entries are trusted like the user's own files: the directory must
# not be writable by others.

CACHE_LAYOUT = "nodes-1"  # change whenever the node layout or tag resolution changes
CACHE_MAX_AGE = 30 * 86400  # entries not rewritten for this long are pruned now and then


def cache_dir() -> Path | None:
    """Where composed nodes are cached, or None when caching is off."""
    configured = os.environ.get("ROPA_CACHE_DIR")
    if configured is not None:
        return Path(configured) / CACHE_LAYOUT if configured else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "ropa" / CACHE_LAYOUT


def _digest(text: str) -> str:
    try:
        from _blake2 import blake2b  # the built-in module: importing hashlib loads OpenSSL
    except ImportError:  # pragma: no cover
        from hashlib import blake2b
    return blake2b(text.encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()


def parse_cached(text: str, display: str) -> tuple[list | None, list[Finding]]:
    """``parse``, answered from the cache when the same text was parsed before."""
    directory = cache_dir()
    if directory is None:
        return parse(text, display)
    import marshal

    entry = directory / _digest(text)
    try:
        with open(entry, "rb") as fh:
            node = marshal.loads(fh.read())
        if node is None or type(node) is list:
            return node, []
    except (OSError, ValueError, EOFError, TypeError):
        pass
    node, problems = parse(text, display)
    if not problems:
        _store(entry, marshal.dumps(node))
    return node, problems


def _store(entry: Path, data: bytes) -> None:
    import random
    import tempfile

    try:
        entry.parent.mkdir(mode=0o700, parents=True, exist_ok=True)  # private: entries are trusted
        fd, tmp = tempfile.mkstemp(dir=entry.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, entry)
        except BaseException:
            os.unlink(tmp)
            raise
        if random.random() < 0.02:
            _prune(entry.parent)
    except OSError:
        pass  # a read-only or full cache directory only costs speed


def _prune(directory: Path) -> None:
    import time

    cutoff = time.time() - CACHE_MAX_AGE
    with os.scandir(directory) as entries:
        for item in entries:
            try:
                if item.stat().st_mtime < cutoff:
                    os.unlink(item.path)
            except OSError:
                pass


def plain_data(text: str, display: str = "<data>") -> Any:
    """A trusted YAML text (ropa's own vocabularies) as plain data, through the parse cache.

    Mappings become dicts, sequences lists; scalars str, int, float, bool, None or
    ``datetime.date``. Raises ``ValueError`` with the first problem: this is for package
    data, not for registry files (those go through ``load``).
    """
    node, problems = parse_cached(text, display)
    if problems:
        raise ValueError(str(problems[0]))
    return None if node is None else _plain_node(node)


def _plain_node(node: list) -> Any:
    tag, value = node[0], node[1]
    if tag == _MAP:
        return {_plain_node(k): _plain_node(v) for k, v in value}
    if tag == _SEQ:
        return [_plain_node(item) for item in value]
    if tag == _STR:
        return value
    if tag == _NULL:
        return None
    if tag == _BOOL:
        return value.lower() == "true"
    if tag == _INT:
        digits = value.replace("_", "")
        try:
            return int(digits, 0)
        except ValueError:  # YAML 1.2 reads 017 as decimal
            return int(digits, 10)
    if tag == _FLOAT:
        return float(value.replace("_", ""))
    if tag == _TIMESTAMP and len(value) == 10:
        return _dt.date.fromisoformat(value)
    raise ValueError(f"unsupported value {value!r} ({tag})")


# --- nodes -> model -----------------------------------------------------------------------

class _Builder:
    """Turns composed nodes into model instances; collects problems and references."""

    def __init__(self) -> None:
        self.findings: list[Finding] = []
        self.refs: list[tuple[str, str, Span, str | None]] = []  # (kind, id, span, target)
        self.target: str | None = None
        self.file = ""

    def span(self, node: list) -> Span:
        return Span(self.file, node[2] + 1, node[3] + 1)

    def add(self, code: str, message: str, node: Any) -> None:
        self.findings.append(problem(code, message, self.span(node), self.target))

    def describe(self, node: Any) -> str:
        return TAG_NAMES.get(node[0], node[0])

    def check_tag(self, node: Any) -> bool:
        if node[0] in STANDARD_TAGS:
            return True
        self.add("RP008", f"custom tag {node[0]} is not allowed", node)
        return False

    # mapping -> dataclass
    def build(self, cls: type, node: Any, depth: int = 0) -> Any | None:
        if depth > MAX_DEPTH:
            self.add("RP019", f"nesting is deeper than {MAX_DEPTH} levels", node)
            return None
        shorthand = getattr(cls, "SHORTHAND", None)
        if node[0] != _MAP:
            if shorthand and node[0] == _STR:
                value = node[1]
                spec = field_specs(cls)[shorthand]
                span = self.span(node)
                if spec.ref:
                    self.refs.append((spec.ref, value, span, self.target))
                return cls(**{shorthand: value}, span=span, spans={shorthand: span})
            if self.check_tag(node):
                expected = f"a mapping or a {shorthand} id" if shorthand else "a mapping"
                self.add("RP011", f"{cls.__name__}: expected {expected}, found {self.describe(node)}", node)
            return None
        specs = field_specs(cls)
        values: dict[str, Any] = {}
        spans: dict[str, Span] = {}
        extra: dict[str, Any] = {}
        seen: dict[str, Any] = {}
        # the id first, so problems inside the node name their target
        saved_target = self.target
        if "id" in specs and cls is not model.Source:
            for key, value in node[1]:
                if key[0] == _STR and key[1] == "id" and value[0] == _STR:
                    self.target = value[1]
                    break
        ok = True
        file = self.file
        for key, value in node[1]:
            if key[0] != _STR:
                if self.check_tag(key):
                    self.add("RP011", f"keys must be text, found {self.describe(key)}", key)
                continue
            name = key[1]
            if name in seen:
                first = self.span(seen[name])
                self.add("RP009", f"duplicate key '{name}' (first at line {first.line})", key)
                continue
            seen[name] = key
            if name.startswith("x-"):
                extra[name] = self.plain(value, depth + 1)
                continue
            spec = specs.get(name)
            if spec is None:
                hint = _suggest(name, specs)
                self.add("RP010", f"unknown key '{name}' in {_label(cls)}{hint}", key)
                continue
            if value[0] == _NULL:
                if spec.required:
                    self.add("RP012", f"{_label(cls)}: '{name}' must not be empty", value)
                    ok = False
                continue
            converted = self.value(spec, value, depth + 1, spans)
            if converted is _BAD:
                if spec.required:
                    ok = False
                continue
            values[name] = converted
            spans[name] = Span(file, value[2] + 1, value[3] + 1)
        for name in _required(cls):
            if name not in seen:
                self.add("RP012", f"{_label(cls)}: required field '{name}' is missing", node)
                ok = False
        self.target = saved_target
        if not ok:
            return None
        return cls(**values, span=self.span(node), spans=spans, extra=extra)

    def value(self, spec: FieldSpec, node: Any, depth: int, spans: dict[str, Span]) -> Any:
        kind = spec.kind
        if kind.tag == "list":
            if node[0] != _SEQ:
                if self.check_tag(node):
                    self.add("RP011", f"'{spec.name}' must be a list, found {self.describe(node)}", node)
                return _BAD
            items = []
            keys = _item_keys(spec.name, len(node[1]))
            file = self.file
            for item in node[1]:
                converted = self.scalar_or_node(spec, kind.item, item, depth + 1)
                if converted is not _BAD:
                    spans[keys[len(items)]] = Span(file, item[2] + 1, item[3] + 1)
                    items.append(converted)
            return tuple(items)
        if kind.tag == "map":
            if node[0] != _MAP:
                if self.check_tag(node):
                    self.add("RP011", f"'{spec.name}' must be a mapping, found {self.describe(node)}", node)
                return _BAD
            out = {}
            for key, item in node[1]:
                if key[0] != _STR:
                    self.add("RP011", f"keys of '{spec.name}' must be text", key)
                    continue
                if spec.fmt and not self.format_ok(spec.fmt, key[1], key, spec.name):
                    continue
                converted = self.scalar_or_node(spec, kind.item, item, depth + 1)
                if converted is not _BAD:
                    out[key[1]] = converted
            return types.MappingProxyType(out)
        return self.scalar_or_node(spec, kind, node, depth)

    def scalar_or_node(self, spec: FieldSpec, kind: Kind, node: Any, depth: int) -> Any:
        tag = kind.tag
        if tag == "node":
            result = self.build(kind.cls, node, depth)
            return _BAD if result is None else result
        if tag == "text":
            return self.text(spec.name, node)
        if node[0] not in STANDARD_TAGS:
            self.check_tag(node)
            return _BAD
        if tag == "str":
            if node[0] != _STR:
                quote = " (quote it)" if node[0] not in (_MAP, _SEQ) else ""
                self.add("RP011", f"'{spec.name}' must be text, found {self.describe(node)}{quote}", node)
                return _BAD
            value = node[1]
            if spec.fmt and not self.format_ok(spec.fmt, value, node, spec.name):
                return _BAD
            if spec.ref:
                self.refs.append((spec.ref, value, self.span(node), self.target))
            return value
        if tag == "literal":
            raw = self.literal_value(node)
            if raw is _BAD or raw not in kind.choices:
                choices = ", ".join(str(c) for c in kind.choices)
                self.add("RP013", f"'{spec.name}' must be one of {choices}; found '{node[1]}'", node)
                return _BAD
            return raw
        if tag == "bool":
            if node[0] != "tag:yaml.org,2002:bool":
                self.add("RP011", f"'{spec.name}' must be true or false, found {self.describe(node)}", node)
                return _BAD
            return node[1].lower() == "true"
        if tag == "int":
            if node[0] != "tag:yaml.org,2002:int":
                self.add("RP011", f"'{spec.name}' must be an integer, found {self.describe(node)}", node)
                return _BAD
            try:
                return int(node[1].replace("_", ""), 0)
            except ValueError:
                self.add("RP013", f"'{spec.name}': '{node[1]}' is not an integer", node)
                return _BAD
        if tag == "date":
            if node[0] not in ("tag:yaml.org,2002:timestamp", _STR):
                self.add("RP011", f"'{spec.name}' must be a date (YYYY-MM-DD), found {self.describe(node)}", node)
                return _BAD
            try:
                return _dt.date.fromisoformat(node[1]) if len(node[1]) == 10 else _bad_date()
            except ValueError:
                self.add("RP013", f"'{spec.name}': '{node[1]}' is not a real date (YYYY-MM-DD)", node)
                return _BAD
        raise AssertionError(tag)  # pragma: no cover

    def literal_value(self, node: Any) -> Any:
        if node[0] == _STR:
            return node[1]
        if node[0] == "tag:yaml.org,2002:int":
            try:
                return int(node[1])
            except ValueError:
                return _BAD
        return _BAD

    def text(self, name: str, node: Any) -> Any:
        if node[0] == _STR:
            return Text((("", node[1]),))
        if node[0] == _MAP:
            values = []
            seen = set()
            for key, item in node[1]:
                if key[0] != _STR or not LANG_RE.match(key[1]):
                    self.add("RP013", f"'{name}': language keys must be ISO 639-1 codes like 'de' or 'en', "
                                      f"found '{key[1]}'", key)
                    continue
                if key[1] in seen:
                    self.add("RP009", f"duplicate language '{key[1]}' in '{name}'", key)
                    continue
                seen.add(key[1])
                if item[0] != _STR:
                    self.add("RP011", f"'{name}.{key[1]}' must be text, found {self.describe(item)}", item)
                    continue
                values.append((key[1], item[1]))
            return Text(tuple(values)) if values else _BAD
        if self.check_tag(node):
            self.add("RP011", f"'{name}' must be text or a mapping of language to text, "
                              f"found {self.describe(node)}", node)
        return _BAD

    def format_ok(self, fmt: str, value: str, node: Any, name: str) -> bool:
        if fmt == "country":
            from ropa.vocab import is_country

            if not is_country(value):
                self.add("RP013", f"'{name}': '{value}' is not an ISO 3166-1 alpha-2 country code", node)
                return False
        elif fmt == "id":
            if not ID_RE.match(value):
                self.add("RP013", f"'{name}': '{value}' is not a valid id (lower-case letters, digits, "
                                  f"'-', '_', '.')", node)
                return False
        elif fmt == "duration":
            if not DURATION_RE.match(value):
                self.add("RP013", f"'{name}': '{value}' is not an ISO 8601 duration like P10Y or P30D", node)
                return False
        elif fmt == "rule":
            if not RULE_RE.match(value):
                self.add("RP013", f"'{name}': '{value}' is not a rule code like RP201", node)
                return False
        elif fmt == "lang":
            if not LANG_RE.match(value):
                self.add("RP013", f"'{name}': '{value}' is not an ISO 639-1 language code", node)
                return False
        return True

    def plain(self, node: Any, depth: int) -> Any:
        """An `x-` field's value as plain data."""
        if depth > MAX_DEPTH:
            self.add("RP019", f"nesting is deeper than {MAX_DEPTH} levels", node)
            return None
        if not self.check_tag(node):
            return None
        if node[0] == _MAP:
            return {str(k[1]): self.plain(v, depth + 1) for k, v in node[1]}
        if node[0] == _SEQ:
            return [self.plain(v, depth + 1) for v in node[1]]
        return None if node[0] == _NULL else node[1]


class _Bad:
    def __repr__(self) -> str:  # pragma: no cover
        return "<invalid>"


_BAD: Any = _Bad()


def _bad_date() -> Any:
    raise ValueError


_ITEM_KEYS: dict[str, list[str]] = {}


def _item_keys(name: str, count: int) -> list[str]:
    """The ``spans`` keys of a list's items, ``"<name>.<index>"``: one string each, shared."""
    keys = _ITEM_KEYS.get(name)
    if keys is None:
        keys = _ITEM_KEYS[name] = []
    while len(keys) < count:
        keys.append(f"{name}.{len(keys)}")
    return keys


_REQUIRED: dict[type, tuple[str, ...]] = {}


def _required(cls: type) -> tuple[str, ...]:
    names = _REQUIRED.get(cls)
    if names is None:
        names = _REQUIRED[cls] = tuple(name for name, spec in field_specs(cls).items() if spec.required)
    return names


def _label(cls: type) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", " ", cls.__name__).lower()


def _suggest(name: str, specs: dict[str, FieldSpec]) -> str:
    import difflib

    close = difflib.get_close_matches(name, list(specs), n=1, cutoff=0.75)
    return f" (did you mean '{close[0]}'?)" if close else ""


# --- the directory ------------------------------------------------------------------------

def find_root(path: Path) -> Path:
    """The registry root for a file or directory: the nearest directory with registry.yaml."""
    start = path if path.is_dir() else path.parent
    for candidate in (start, *start.parents):
        if (candidate / MARKER).is_file():
            return candidate
    return start


def registry_files(root: Path, display_root: str) -> tuple[list[tuple[Path, str]], list[Finding]]:
    """Every YAML file below ``root``, sorted, with its display path; links may not leave root."""
    findings: list[Finding] = []
    files: list[tuple[Path, str]] = []
    real_root = os.path.realpath(root)

    def onerror(exc: OSError) -> None:
        shown = exc.filename or display_root
        findings.append(problem("RP002", f"cannot read directory: {exc.strerror or exc}",
                                Span(str(shown), 1, 1)))

    for dirpath, dirnames, filenames in os.walk(root, onerror=onerror, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        rel_dir = os.path.relpath(dirpath, root)
        for dirname in list(dirnames):
            full = os.path.join(dirpath, dirname)
            if os.path.islink(full):
                # links to directories are not followed; say so when they lead outside
                target = os.path.realpath(full)
                shown = _display(display_root, rel_dir, dirname)
                if not (target == real_root or target.startswith(real_root + os.sep)):
                    findings.append(problem("RP018", f"directory link points outside the registry: {target}",
                                            Span(shown, 1, 1)))
        for name in sorted(filenames):
            if name.startswith(".") or not name.endswith(YAML_SUFFIXES):
                continue
            full = os.path.join(dirpath, name)
            shown = _display(display_root, rel_dir, name)
            if os.path.islink(full):
                target = os.path.realpath(full)
                if not target.startswith(real_root + os.sep):
                    findings.append(problem("RP018", f"file link points outside the registry: {target}",
                                            Span(shown, 1, 1)))
                    continue
                if not os.path.exists(target):
                    findings.append(problem("RP002", "file link is broken", Span(shown, 1, 1)))
                    continue
            files.append((Path(full), shown))
    return files, findings


def _display(display_root: str, rel_dir: str, name: str) -> str:
    parts = [p for p in (display_root, "" if rel_dir == "." else rel_dir, name) if p]
    return printable_path(os.path.join(*parts))


def printable_path(path: str) -> str:
    """A path as shown in findings: bytes of a file name that are not UTF-8 become ``\\xff``.

    Such names arrive as lone surrogates, which no UTF-8 output (a terminal, JSON, SARIF)
    can encode; the file itself is still read by its real name.
    """
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return path


def load(path: str | os.PathLike[str], *, strict_refs: bool = True) -> LoadResult:
    """Load the registry at ``path`` (its directory, or any file inside it)."""
    given = Path(path)
    display_root = printable_path(os.path.normpath(str(path)))
    if not given.exists():
        empty = _assemble(display_root, [], None, {}, [])
        return LoadResult(empty, (problem("RP001", f"registry path does not exist: {path}",
                                          Span(display_root, 1, 1)),))
    root = find_root(given.resolve()) if given.is_file() else given
    if given.is_file():
        display_root = os.path.relpath(root) if not os.path.isabs(str(path)) else str(root)
        display_root = printable_path(os.path.normpath(display_root))
    files, findings = registry_files(root, display_root)
    gc_was_enabled = gc.isenabled()
    gc.disable()  # building many small objects: the collector would make this super-linear
    try:
        result = _load_files(display_root, files, findings, strict_refs)
        if gc_was_enabled and gc.get_count()[0] > FREEZE_AFTER:
            # Left to the collector, the new objects would be traversed again by the next
            # young, middle and full collections (seconds for 10,000 activities, during the
            # rules). The model holds no reference cycles, so refcounting still frees it;
            # frozen, the collector just stops walking it.
            gc.freeze()
        return result
    finally:
        if gc_was_enabled:
            gc.enable()


def _load_files(display_root: str, files: list[tuple[Path, str]], findings: list[Finding],
                strict_refs: bool) -> LoadResult:
    builder = _Builder()
    collections: dict[str, dict[str, Node]] = {name: {} for name in COLLECTIONS}
    waivers: list[model.Waiver] = []
    meta: RegistryMeta | None = None
    shown_files = []
    for full, shown in files:
        shown_files.append(shown)
        text, problems = read_text(full, shown)
        findings.extend(problems)
        if text is None:
            continue
        node, problems = parse_cached(text, shown)
        findings.extend(problems)
        if problems:
            continue
        builder.file = shown
        if node is None or (node[0] == _NULL):
            findings.append(problem("RP016", "file is empty", Span(shown, 1, 1)))
            continue
        if node[0] != _MAP:
            if builder.check_tag(node):
                builder.add("RP011", "a registry file must be a mapping with keys like 'activities:' "
                                     f"or 'recipients:', found {builder.describe(node)}", node)
            continue
        seen_top: dict[str, Any] = {}
        for key, value in node[1]:
            builder.target = None
            if key[0] != _STR:
                builder.add("RP011", "top-level keys must be text", key)
                continue
            name = key[1]
            if name in seen_top:
                builder.add("RP009", f"duplicate key '{name}' (first at line {seen_top[name][2] + 1})", key)
                continue
            seen_top[name] = key
            if name == "registry":
                if meta is not None:
                    builder.add("RP014", f"second 'registry:' block (first at {meta.span})", key)
                    continue
                meta = builder.build(RegistryMeta, value)
                continue
            cls = COLLECTIONS.get(name)
            if cls is None:
                allowed = ", ".join(["registry", *COLLECTIONS])
                hint = _suggest(name, {k: None for k in COLLECTIONS})  # type: ignore[misc]
                builder.add("RP010", f"unknown top-level key '{name}'{hint}; allowed: {allowed}", key)
                continue
            if value[0] == _NULL:
                continue
            if value[0] != _SEQ:
                if builder.check_tag(value):
                    builder.add("RP011", f"'{name}' must be a list, found {builder.describe(value)}", value)
                continue
            target = collections[name]
            for item in value[1]:
                built = builder.build(cls, item, 1)
                builder.target = None
                if built is None:
                    continue
                if cls is model.Waiver:
                    waivers.append(built)
                    continue
                ident = built.id
                first = target.get(ident)
                if first is not None:
                    findings.append(problem("RP014", f"duplicate {_label(cls)} id '{ident}' "
                                                     f"(first defined at {first.span})", built.at("id"), ident))
                    continue
                target[ident] = built
    findings.extend(builder.findings)
    registry = _assemble(display_root, shown_files, meta, collections, waivers)
    findings.extend(resolve(registry, builder.refs))
    findings.sort(key=Finding.sort_key)
    return LoadResult(registry, tuple(findings))


def _assemble(root: str, files: list[str], meta: RegistryMeta | None,
              collections: dict[str, dict[str, Node]], waivers: list[model.Waiver]) -> Registry:
    def proxy(name: str) -> types.MappingProxyType:
        return types.MappingProxyType(collections.get(name, {}))

    return Registry(root=root, files=tuple(files), meta=meta,
                    organisations=proxy("organisations"), recipients=proxy("recipients"),
                    documents=proxy("documents"), data_categories=proxy("data_categories"),
                    data_subjects=proxy("data_subjects"), measures=proxy("measures"),
                    activities=proxy("activities"), waivers=tuple(waivers))


# --- references: checked once, here ---------------------------------------------------------

REF_LABELS = {
    "organisation": "organisation", "recipient": "recipient", "document": "document",
    "data_category": "data category", "data_subject": "data subject", "measure": "measure",
    "activity": "activity", "legal_basis": "legal basis", "mechanism": "transfer mechanism",
    "party": "organisation or recipient",
}


def resolve(registry: Registry, refs: Iterable[tuple[str, str, Span, str | None]]) -> list[Finding]:
    """Check every reference collected while building; one finding per unresolved one."""
    from ropa import vocab

    tables: dict[str, Any] = {
        "organisation": registry.organisations, "recipient": registry.recipients,
        "document": registry.documents, "data_category": registry.data_categories,
        "data_subject": registry.data_subjects, "measure": registry.measures,
        "activity": registry.activities,
    }
    findings = []
    for kind, ident, span, target in refs:
        if kind == "party":
            ok = ident in registry.organisations or ident in registry.recipients
        elif kind == "legal_basis":
            ok = ident in vocab.legal_bases()
            table = vocab.legal_bases()
        elif kind == "mechanism":
            ok = ident in vocab.mechanisms()
            table = vocab.mechanisms()
        else:
            table = tables[kind]
            ok = ident in table
        if not ok:
            label = REF_LABELS[kind]
            hint = ""
            if kind != "party":
                import difflib

                close = difflib.get_close_matches(ident, list(table), n=1, cutoff=0.7)
                if close:
                    hint = f" (did you mean '{close[0]}'?)"
            findings.append(problem("RP015", f"unknown {label} '{ident}'{hint}", span, target))
    return findings
