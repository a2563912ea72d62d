"""Read a registry directory into the typed model, collecting every structural problem.

Reading goes YAML text -> nodes (``ropa.yaml_nodes``: libyaml's C parser, events composed
into light nodes that keep every value's line and column) -> model instances (built here
from the field declarations in ``ropa.model``) -> references resolved once
(``resolve``). Nothing is constructed by a YAML library, so no tag can run code, and every
value keeps its ``file:line:col``.

Loader problems use the codes RP001-RP019 (``ropa.problems``); none of them raises.
"""

from __future__ import annotations

import datetime as _dt
import gc
import os
import re
import types
import typing
from pathlib import Path
from typing import Any, Literal, cast
from collections.abc import Iterable, Mapping

from ropa import model
from ropa.findings import Finding
from ropa.i18n import N_, english, msg
from ropa.model import COLLECTIONS, Node, RegistryMeta, Span, Text
from ropa.problems import MAX_DEPTH, problem
from ropa.yaml_nodes import _MAP, _NULL, _SEQ, _STR, STANDARD_TAGS, TAG_NAMES, parse_cached, read_text

FREEZE_AFTER = 200_000  # objects allocated by one load beyond which they are moved out of gc's sight
YAML_SUFFIXES = (".yaml", ".yml")
MARKER = "registry.yaml"  # the file that marks a registry's root directory

ID_RE = re.compile(r"[a-z0-9][a-z0-9._-]*\Z")
DURATION_RE = re.compile(r"P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(\d+H)?(\d+M)?(\d+S)?)?\Z")
RULE_RE = re.compile(r"RP\d{0,3}\Z")
LANG_RE = re.compile(r"[a-z]{2}\Z")


# --- the registry -------------------------------------------------------------------------

class _Index(model.Value):
    """Where a ``Registry`` keeps its reverse index once built: a slot of this base class, so it
    is none of the registry's fields (a ``Value``'s fields are its own class's ``__slots__``)
    and is never compared, printed, pickled or copied by ``_replace``. The index is a function
    of the fields, which never change, so building it on first use changes no value. A registry
    also takes weak references (``__weakref__``), so a test can show that nothing keeps it alive."""

    __slots__ = ("_by_recipient_index", "__weakref__")

    _by_recipient_index: dict[str, list[model.Activity]] | None


class Registry(_Index):
    """A loaded registry: every collection by id, in file order, and its reverse indexes.

    References were checked by the loader (unresolved ones are RP015 findings), so a
    lookup by an id taken from the registry succeeds unless the loader reported it.
    An immutable value (``model.Value``); ``_replace`` gives a changed copy (``ropa.records``).
    """

    __slots__ = ("root", "files", "meta", "organisations", "recipients", "documents", "data_categories",
                 "data_subjects", "measures", "activities", "waivers")

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

    def __init__(self, root: str, files: tuple[str, ...], meta: RegistryMeta | None,
                 organisations: types.MappingProxyType, recipients: types.MappingProxyType,
                 documents: types.MappingProxyType, data_categories: types.MappingProxyType,
                 data_subjects: types.MappingProxyType, measures: types.MappingProxyType,
                 activities: types.MappingProxyType, waivers: tuple[model.Waiver, ...]) -> None:
        _set = object.__setattr__
        _set(self, "root", root)
        _set(self, "files", files)
        _set(self, "meta", meta)
        _set(self, "organisations", organisations)
        _set(self, "recipients", recipients)
        _set(self, "documents", documents)
        _set(self, "data_categories", data_categories)
        _set(self, "data_subjects", data_subjects)
        _set(self, "measures", measures)
        _set(self, "activities", activities)
        _set(self, "waivers", waivers)
        _set(self, "_by_recipient_index", None)

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
        cached = self._by_recipient_index
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
            object.__setattr__(self, "_by_recipient_index", cached)
        return cached


class LoadResult(model.Value):
    """A loaded registry and the loader's findings."""

    __slots__ = ("registry", "findings")

    registry: Registry
    findings: tuple[Finding, ...]

    def __init__(self, registry: Registry, findings: tuple[Finding, ...]) -> None:
        object.__setattr__(self, "registry", registry)
        object.__setattr__(self, "findings", findings)

    @property
    def fatal(self) -> bool:
        return any(f.fatal for f in self.findings)


# --- field specifications, computed once per class ------------------------------------------

class Kind(model.Value):
    """What a field accepts, derived from its type annotation."""

    __slots__ = ("tag", "item", "choices", "cls", "optional_list")

    tag: str  # str, int, bool, date, text, literal, node, list, map
    item: Kind | None
    choices: tuple[Any, ...]
    cls: type | None
    optional_list: bool  # a `tuple | None` field: None means "not stated"

    def __init__(self, tag: str, item: Kind | None = None, choices: tuple[Any, ...] = (), cls: type | None = None,
                 optional_list: bool = False) -> None:
        object.__setattr__(self, "tag", tag)
        object.__setattr__(self, "item", item)
        object.__setattr__(self, "choices", choices)
        object.__setattr__(self, "cls", cls)
        object.__setattr__(self, "optional_list", optional_list)


class FieldSpec(model.Value):
    """A loadable field of a model class: its name, what it accepts, and its metadata."""

    __slots__ = ("name", "kind", "required", "ref", "fmt")

    name: str
    kind: Kind
    required: bool
    ref: str | None
    fmt: str | None

    def __init__(self, name: str, kind: Kind, required: bool, ref: str | None, fmt: str | None) -> None:
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "kind", kind)
        object.__setattr__(self, "required", required)
        object.__setattr__(self, "ref", ref)
        object.__setattr__(self, "fmt", fmt)


def kind_of(annotation: Any) -> Kind:
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType):
        rest = [a for a in args if a is not type(None)]
        if len(rest) != 1:
            raise TypeError(f"unsupported union {annotation}")
        inner = kind_of(rest[0])
        if inner.tag == "list":
            return inner._replace(optional_list=True)
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
    a string, once per distinct string. The forms the model uses are read from the text
    (``_kind_of_text``); anything else is evaluated. Evaluating compiles each string (and
    ``typing.get_type_hints`` compiles each one again for every class): ~2 ms of start-up."""
    kind = _KINDS.get(annotation)
    if kind is None:
        kind = _kind_of_text(annotation) if isinstance(annotation, str) else None
        if kind is None:
            hint = eval(annotation, vars(model)) if isinstance(annotation, str) else annotation
            kind = kind_of(hint)
        _KINDS[annotation] = kind
    return kind


_SCALAR_NAMES = {"str": "str", "int": "int", "bool": "bool", "_dt.date": "date", "Text": "text"}


def _kind_of_text(text: str) -> Kind | None:
    """What ``kind_of`` gives for the evaluated annotation ``text``, read without evaluating it.

    Knows the forms the model's annotations take: ``X | None``, ``tuple[X, ...]``,
    ``Literal["a", 1]``, ``Mapping[str, X]``, ``str``, ``int``, ``bool``, ``_dt.date``, ``Text``
    and model classes. None for anything else (the caller evaluates it then); a test checks
    that both ways agree for every field of the model.
    """
    parts = _split_top(text, "|")
    if parts is None:
        return None
    if len(parts) > 1:
        rest = [part for part in parts if part != "None"]
        inner = _kind_of_text(rest[0]) if len(rest) == 1 else None
        if inner is not None and inner.tag == "list":
            return inner._replace(optional_list=True)
        return inner
    head, bracket, tail = parts[0].partition("[")
    if not bracket:
        if head in _SCALAR_NAMES:
            return Kind(_SCALAR_NAMES[head])
        cls = vars(model).get(head)
        return Kind("node", cls=cls) if isinstance(cls, type) and issubclass(cls, Node) else None
    args = _split_top(tail[:-1], ",") if tail.endswith("]") else None
    if args is None:
        return None
    if head == "Literal":
        choices = [_literal(arg) for arg in args]
        if _NOT_LITERAL in choices:
            return None
        return Kind("literal", choices=tuple(dict.fromkeys(choices)))  # typing drops repeats too
    if head == "tuple" and len(args) == 2 and args[1] == "...":
        item = _kind_of_text(args[0])
        return None if item is None else Kind("list", item=item)
    if head in ("Mapping", "dict") and len(args) == 2:
        item = _kind_of_text(args[1])
        return None if item is None else Kind("map", item=item)
    return None


def _split_top(text: str, sep: str) -> list[str] | None:
    """``text`` split at ``sep`` outside brackets and quotes, each part stripped; None if
    the brackets do not balance or a part is empty."""
    parts = []
    depth = 0
    quote = ""
    start = 0
    for index, char in enumerate(text):
        if quote:
            if char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
            if depth < 0:
                return None
        elif char == sep and depth == 0:
            parts.append(text[start:index].strip())
            start = index + 1
    parts.append(text[start:].strip())
    if depth or quote or not all(parts):
        return None
    return parts


_NOT_LITERAL: Any = object()


def _literal(text: str) -> Any:
    """A ``Literal`` argument: a quoted string without escapes, or a decimal integer."""
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'" and "\\" not in text \
            and text[0] not in text[1:-1]:
        return text[1:-1]
    if text.isascii() and text.isdigit() and (text == "0" or text[0] != "0"):
        return int(text)
    return _NOT_LITERAL


def field_specs(cls: type) -> dict[str, FieldSpec]:
    """The loadable fields of a model class, by YAML key (same as the attribute name)."""
    specs = _SPECS.get(cls)
    if specs is None:
        specs = {}
        for fld in model.fields(cls):
            if fld.metadata.get("internal"):
                continue
            specs[fld.name] = FieldSpec(
                name=fld.name, kind=_kind_of_annotation(fld.type),
                required=bool(fld.metadata.get("required")),
                ref=fld.metadata.get("ref"), fmt=fld.metadata.get("format"))
        _SPECS[cls] = specs
    return specs


def _node_class(kind: Kind) -> type | None:
    """The record class a field holds (itself or as list items), if any."""
    if kind.tag == "node":
        return kind.cls
    if kind.tag == "list" and kind.item is not None and kind.item.tag == "node":
        return kind.item.cls
    return None


_OPEN_POINT_FIELDS = frozenset({"gaps", "conflicts", "interpretations", "sources", "notes"})


def resolve_field(cls: type, path: str) -> str | None:
    """The top-level field of ``cls`` that a gap's, conflict's or interpretation's ``field``
    names, or ``None`` if it names no field.

    ``path`` is a field name or a dotted path (``legal_bases.consent.mechanism``); list indexes
    (``transfers[0]``) are ignored. Its first part may also name a field of a record nested
    in ``cls`` (``statute`` for an activity: a field of its legal bases and retention rules;
    ``consent.mechanism``), the first such field in declaration order; each further part
    names a field of the record before it.
    """
    parts = [p.split("[", 1)[0].strip() for p in path.strip().split(".")]
    if not parts or not all(parts):
        return None
    specs = field_specs(cls)
    top: str | None = None
    spec = specs.get(parts[0])
    if spec is not None:
        top = parts[0]
    else:  # shorthand: a field of a nested record, searched breadth first
        queue = [(name, _node_class(s.kind)) for name, s in specs.items()]
        seen: set[type] = set()
        while queue and spec is None:
            owner, nested = queue.pop(0)
            if nested is None or nested in seen:
                continue
            seen.add(nested)
            nested_specs = field_specs(nested)
            if parts[0] in nested_specs and parts[0] not in _OPEN_POINT_FIELDS:
                top, spec = owner, nested_specs[parts[0]]
            else:
                queue += [(owner, _node_class(s.kind)) for s in nested_specs.values()]
    if spec is None:
        return None
    for part in parts[1:]:
        nested = _node_class(spec.kind)
        spec = field_specs(nested).get(part) if nested is not None else None
        if spec is None:
            return None
    return top


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
        """What a value is ("a list"), a message; a custom tag as it is written."""
        name = TAG_NAMES.get(node[0])
        return msg(name) if name else node[0]

    def check_tag(self, node: Any) -> bool:
        if node[0] in STANDARD_TAGS:
            return True
        self.add("RP008", msg("custom tag {tag} is not allowed", tag=node[0]), node)
        return False

    # mapping -> model node
    def build(self, cls: type, node: Any, depth: int = 0, span: Span | None = None) -> Any | None:
        """The model node ``node`` describes, or None once the problems are reported.

        ``span`` is the node's position when the caller has made it already (it is the
        position of the parent's field or list item too): one shared object, not two.
        Loading spends most of its time here, so the fields' conversions are looked up once
        per class (``_Plan``) and the common ones (plain text, free text, nested nodes, lists)
        are done inline; ``items``, ``value`` and ``scalar_or_node`` do the rest and report
        every problem.
        """
        if depth > MAX_DEPTH:
            self.add("RP019", msg("nesting is deeper than {depth} levels", depth=MAX_DEPTH), node)
            return None
        plan = _PLANS.get(cls) or _plan(cls)
        if node[0] != _MAP:
            shorthand = plan.shorthand
            if shorthand and node[0] == _STR:
                value = node[1]
                spec = plan.specs[shorthand]
                if span is None:
                    span = self.span(node)
                if spec.ref:
                    self.refs.append((spec.ref, value, span, self.target))
                return cls(**{shorthand: value}, span=span, spans={shorthand: span})
            if self.check_tag(node):
                if shorthand:
                    self.add("RP011", msg("{label}: expected a mapping or a {key} id, found {found}",
                                          label=_label(cls), key=shorthand, found=self.describe(node)), node)
                else:
                    self.add("RP011", msg("{label}: expected a mapping, found {found}", label=_label(cls),
                                          found=self.describe(node)), node)
            return None
        fields = plan.fields
        values: dict[str, Any] = {}
        spans: dict[str, Span] = {}
        extra: dict[str, Any] = {}
        seen: dict[str, Any] = {}
        # the id first, so problems inside the node name their target
        saved_target = self.target
        if plan.reads_id:
            for key, value in node[1]:
                if key[0] == _STR and key[1] == "id" and value[0] == _STR:
                    self.target = value[1]
                    break
        ok = True
        file = self.file
        for key, value in node[1]:
            if key[0] != _STR:
                if self.check_tag(key):
                    self.add("RP011", msg("keys must be text, found {found}", found=self.describe(key)), key)
                continue
            name = key[1]
            if name in seen:
                first = self.span(seen[name])
                self.add("RP009", msg("duplicate key '{name}' (first at line {line})", name=name, line=first.line), key)
                continue
            seen[name] = key
            entry = fields.get(name)
            if entry is None:
                if name.startswith("x-"):
                    extra[name] = self.plain(value, depth + 1)
                    continue
                hint = _suggest(name, plan.specs)
                self.add("RP010", msg("unknown key '{name}' in {label}{hint}", name=name, label=_label(cls), hint=hint),
                         key)
                continue
            spec, code = entry
            tag = value[0]
            if tag == _NULL:
                if spec.required:
                    self.add("RP012", msg("{label}: '{name}' must not be empty", label=_label(cls), name=name), value)
                    ok = False
                continue
            where = Span(file, value[2] + 1, value[3] + 1)
            if tag == _STR and code == _PLAIN_STR:
                values[name] = value[1]
                spans[name] = where
                continue
            if tag == _STR and code == _TEXT:
                values[name] = Text((("", value[1]),))
                spans[name] = where
                continue
            if code == _NODE:
                converted = self.build(cast(type, spec.kind.cls), value, depth + 1, where)  # a node kind has its class
                if converted is None:
                    converted = _BAD
            elif code == _SCALAR:
                converted = self.scalar_or_node(spec, spec.kind, value, depth + 1, where)
            elif code == _LIST and tag == _SEQ:
                converted = self.items(spec, value[1], depth + 2, spans)
            else:
                converted = self.value(spec, value, depth + 1, spans, where)
            if converted is _BAD:
                if spec.required:
                    ok = False
                continue
            values[name] = converted
            spans[name] = where
        for name in plan.required:
            if name not in seen:
                self.add("RP012", msg("{label}: required field '{name}' is missing", label=_label(cls), name=name),
                         node)
                ok = False
        self.target = saved_target
        if not ok:
            return None
        return cls(**values, span=self.span(node) if span is None else span, spans=spans, extra=extra)

    def items(self, spec: FieldSpec, nodes: list, depth: int, spans: dict[str, Span]) -> tuple[Any, ...]:
        """The items of a list field that convert; ``spans`` gets ``"<name>.<index>"`` for each."""
        kind = spec.kind.item
        assert kind is not None
        keys = _item_keys(spec.name, len(nodes))
        file = self.file
        out: list[Any] = []
        if kind.tag == "node":
            cls = kind.cls
            assert cls is not None  # a node kind has its class
            for item in nodes:
                where = Span(file, item[2] + 1, item[3] + 1)
                converted = self.build(cls, item, depth, where)
                if converted is not None:
                    spans[keys[len(out)]] = where
                    out.append(converted)
            return tuple(out)
        for item in nodes:
            where = Span(file, item[2] + 1, item[3] + 1)
            converted = self.scalar_or_node(spec, kind, item, depth, where)
            if converted is not _BAD:
                if spec.fmt == "lang" and converted in out:  # `languages: [en, en]`
                    self.add("RP009", msg("duplicate language '{code}' in '{name}'", code=converted, name=spec.name),
                             item)
                    continue
                spans[keys[len(out)]] = where
                out.append(converted)
        return tuple(out)

    def value(self, spec: FieldSpec, node: Any, depth: int, spans: dict[str, Span], span: Span) -> Any:
        """A field's value (``span``: its position), or ``_BAD`` once the problem is reported."""
        kind = spec.kind
        if kind.tag == "list":
            if node[0] != _SEQ:
                if self.check_tag(node):
                    self.add("RP011", msg("'{name}' must be a list, found {found}", name=spec.name,
                                          found=self.describe(node)), node)
                return _BAD
            return self.items(spec, node[1], depth + 1, spans)
        if kind.tag == "map":
            if node[0] != _MAP:
                if self.check_tag(node):
                    self.add("RP011", msg("'{name}' must be a mapping, found {found}", name=spec.name,
                                          found=self.describe(node)), node)
                return _BAD
            out = {}
            item_kind = kind.item
            assert item_kind is not None  # a mapping kind has the kind of its values
            for key, item in node[1]:
                if key[0] != _STR:
                    self.add("RP011", msg("keys of '{name}' must be text", name=spec.name), key)
                    continue
                if spec.fmt and not self.format_ok(spec.fmt, key[1], key, spec.name):
                    continue
                converted = self.scalar_or_node(spec, item_kind, item, depth + 1)
                if converted is not _BAD:
                    out[key[1]] = converted
            return types.MappingProxyType(out)
        return self.scalar_or_node(spec, kind, node, depth, span)

    def scalar_or_node(self, spec: FieldSpec, kind: Kind, node: Any, depth: int, span: Span | None = None) -> Any:
        """One value of ``kind`` (a field's, or an item's); ``span`` is its position if known."""
        tag = kind.tag
        if tag == "node":
            result = self.build(cast(type, kind.cls), node, depth, span)  # a node kind has its class
            return _BAD if result is None else result
        if tag == "text":
            return self.text(spec.name, node)
        if node[0] not in STANDARD_TAGS:
            self.check_tag(node)
            return _BAD
        if tag == "str":
            if node[0] != _STR:
                if node[0] in (_MAP, _SEQ):
                    self.add("RP011", msg("'{name}' must be text, found {found}", name=spec.name,
                                          found=self.describe(node)), node)
                else:
                    self.add("RP011", msg("'{name}' must be text, found {found} (quote it)", name=spec.name,
                                          found=self.describe(node)), node)
                return _BAD
            value = node[1]
            if spec.fmt and not self.format_ok(spec.fmt, value, node, spec.name):
                return _BAD
            if spec.ref:
                self.refs.append((spec.ref, value, self.span(node) if span is None else span, self.target))
            return value
        if tag == "literal":
            raw = self.literal_value(node)
            if raw is _BAD or raw not in kind.choices:
                choices = ", ".join(f"'{c}'" for c in kind.choices)
                self.add("RP013", msg("'{name}' must be one of {choices}; found '{value}'", name=spec.name,
                                      choices=choices, value=node[1]), node)
                return _BAD
            return raw
        if tag == "bool":
            if node[0] != "tag:yaml.org,2002:bool":
                self.add("RP011", msg("'{name}' must be true or false, found {found}", name=spec.name,
                                      found=self.describe(node)), node)
                return _BAD
            return node[1].lower() == "true"
        if tag == "int":
            if node[0] != "tag:yaml.org,2002:int":
                self.add("RP011", msg("'{name}' must be an integer, found {found}", name=spec.name,
                                      found=self.describe(node)), node)
                return _BAD
            try:
                return int(node[1].replace("_", ""), 0)
            except ValueError:
                self.add("RP013", msg("'{name}': '{value}' is not an integer", name=spec.name, value=node[1]), node)
                return _BAD
        if tag == "date":
            if node[0] not in ("tag:yaml.org,2002:timestamp", _STR):
                self.add("RP011", msg("'{name}' must be a date (YYYY-MM-DD), found {found}", name=spec.name,
                                      found=self.describe(node)), node)
                return _BAD
            try:
                return _dt.date.fromisoformat(node[1]) if len(node[1]) == 10 else _bad_date()
            except ValueError:
                self.add("RP013", msg("'{name}': '{value}' is not a real date (YYYY-MM-DD)", name=spec.name,
                                      value=node[1]), node)
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
                    self.add("RP013", msg("'{name}': language keys must be ISO 639-1 codes like 'de' or 'en', "
                                          "found '{key}'", name=name, key=key[1]), key)
                    continue
                if key[1] in seen:
                    self.add("RP009", msg("duplicate language '{code}' in '{name}'", code=key[1], name=name), key)
                    continue
                seen.add(key[1])
                if item[0] != _STR:
                    self.add("RP011", msg("'{name}' must be text, found {found}", name=name + "." + key[1],
                                          found=self.describe(item)), item)
                    continue
                values.append((key[1], item[1]))
            return Text(tuple(values)) if values else _BAD
        if self.check_tag(node):
            self.add("RP011", msg("'{name}' must be text or a mapping of language to text, found {found}",
                                  name=name, found=self.describe(node)), node)
        return _BAD

    def format_ok(self, fmt: str, value: str, node: Any, name: str) -> bool:
        if fmt == "country":
            from ropa.vocab import is_country

            if not is_country(value):
                self.add("RP013", msg("'{name}': '{value}' is not an ISO 3166-1 alpha-2 country code", name=name,
                                      value=value), node)
                return False
        elif fmt == "id":
            if not ID_RE.match(value):
                self.add("RP013", msg("'{name}': '{value}' is not a valid id (lower-case letters, digits, "
                                      "'-', '_', '.')", name=name, value=value), node)
                return False
        elif fmt == "duration":
            if not DURATION_RE.match(value):
                self.add("RP013", msg("'{name}': '{value}' is not an ISO 8601 duration like P10Y or P30D", name=name,
                                      value=value), node)
                return False
        elif fmt == "rule":
            if not RULE_RE.match(value):
                self.add("RP013", msg("'{name}': '{value}' is not a rule code like RP201", name=name, value=value), node)
                return False
        elif fmt == "lang":
            if not LANG_RE.match(value):
                self.add("RP013", msg("'{name}': '{value}' is not an ISO 639-1 language code", name=name, value=value),
                         node)
                return False
        return True

    def plain(self, node: Any, depth: int) -> Any:
        """An `x-` field's value as plain data."""
        if depth > MAX_DEPTH:
            self.add("RP019", msg("nesting is deeper than {depth} levels", depth=MAX_DEPTH), node)
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


# How build() converts a field: inline (plain text, free text, a node, the items of a list),
# with scalar_or_node (every other scalar, and text that has a format or is a reference), or
# through value (a mapping, a list that is not one).
_PLAIN_STR, _TEXT, _NODE, _LIST, _SCALAR, _OTHER = range(6)


class _Plan:
    """What ``_Builder.build`` needs of a model class, worked out once per class."""

    __slots__ = ("specs", "fields", "required", "shorthand", "reads_id")

    def __init__(self, cls: type) -> None:
        self.specs = field_specs(cls)
        # by YAML key: (spec, how to convert it)
        self.fields = {name: (spec, _code(spec)) for name, spec in self.specs.items()}
        self.required = tuple(name for name, spec in self.specs.items() if spec.required)
        self.shorthand: str | None = getattr(cls, "SHORTHAND", None)
        self.reads_id = "id" in self.specs and cls is not model.Source


def _code(spec: FieldSpec) -> int:
    tag = spec.kind.tag
    if tag == "str":
        return _SCALAR if spec.fmt or spec.ref else _PLAIN_STR
    return {"text": _TEXT, "node": _NODE, "list": _LIST, "map": _OTHER}.get(tag, _SCALAR)


_PLANS: dict[type, _Plan] = {}


def _plan(cls: type) -> _Plan:
    plan = _PLANS[cls] = _Plan(cls)
    return plan


# what the problem messages call a record of each model class ("unknown key 'x' in recipient")
LABELS = {
    "Source": N_("source"), "Gap": N_("gap"), "Conflict": N_("conflict"),
    "Interpretation": N_("interpretation"), "Address": N_("address"), "Contact": N_("contact"),
    "Officer": N_("officer"), "Organisation": N_("organisation"), "Contract": N_("contract"),
    "Certification": N_("certification"), "Recipient": N_("recipient"), "Document": N_("document"),
    "DataCategory": N_("data category"), "DataSubject": N_("data subject"), "Measure": N_("measure"),
    "Consent": N_("consent"), "LegalBasis": N_("legal basis"), "RecipientUse": N_("recipient use"),
    "Assessment": N_("assessment"), "Derogation": N_("derogation"), "Transfer": N_("transfer"),
    "Retention": N_("retention"), "Dpia": N_("dpia"), "Activity": N_("activity"), "Waiver": N_("waiver"),
    "RuleConfig": N_("rule config"), "RegistryMeta": N_("registry meta"), "Approval": N_("approval"),
    "Decision": N_("decision"), "Statement": N_("statement"),
}


def _label(cls: type) -> str:
    """What problem messages call a record of ``cls``: a message (``LABELS``)."""
    label = LABELS.get(cls.__name__)
    return msg(label) if label else re.sub(r"(?<!^)(?=[A-Z])", " ", cls.__name__).lower()


def _suggest(name: str, candidates: Iterable[str], cutoff: float = 0.75) -> str:
    """`` (did you mean 'x'?)`` for the closest of ``candidates``, a message; "" if none is close."""
    import difflib

    close = difflib.get_close_matches(name, list(candidates), n=1, cutoff=cutoff)
    return msg(" (did you mean '{close}'?)", close=close[0]) if close else ""


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
        findings.append(problem("RP002", msg("cannot read directory: {reason}",
                                             reason=english(str(exc.strerror or exc))), Span(str(shown), 1, 1)))

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
                    findings.append(problem("RP018", msg("directory link points outside the registry: {target}",
                                                         target=target),
                                            Span(shown, 1, 1)))
        for name in sorted(filenames):
            if name.startswith(".") or not name.endswith(YAML_SUFFIXES):
                continue
            full = os.path.join(dirpath, name)
            shown = _display(display_root, rel_dir, name)
            if os.path.islink(full):
                target = os.path.realpath(full)
                if not target.startswith(real_root + os.sep):
                    findings.append(problem("RP018", msg("file link points outside the registry: {target}", target=target),
                                            Span(shown, 1, 1)))
                    continue
                if not os.path.exists(target):
                    findings.append(problem("RP002", msg("file link is broken"), Span(shown, 1, 1)))
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


def load(path: str | os.PathLike[str]) -> LoadResult:
    """Load the registry at ``path`` (its directory, or any file inside it)."""
    given = Path(path)
    display_root = printable_path(os.path.normpath(str(path)))
    if not given.exists():
        empty = _assemble(display_root, [], None, {}, [])
        return LoadResult(empty, (problem("RP001", msg("registry path does not exist: {path}", path=str(path)),
                                          Span(display_root, 1, 1)),))
    root = find_root(given.resolve()) if given.is_file() else given
    if given.is_file():
        display_root = os.path.relpath(root) if not os.path.isabs(str(path)) else str(root)
        display_root = printable_path(os.path.normpath(display_root))
    files, findings = registry_files(root, display_root)
    gc_was_enabled = gc.isenabled()
    gc.disable()  # building many small objects: the collector would make this super-linear
    try:
        result = _load_files(display_root, files, findings)
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


def _load_files(display_root: str, files: list[tuple[Path, str]], findings: list[Finding]) -> LoadResult:
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
            findings.append(problem("RP016", msg("file is empty"), Span(shown, 1, 1)))
            continue
        if node[0] != _MAP:
            if builder.check_tag(node):
                builder.add("RP011", msg("a registry file must be a mapping with keys like 'activities:' "
                                         "or 'recipients:', found {found}", found=builder.describe(node)), node)
            continue
        seen_top: dict[str, Any] = {}
        for key, value in node[1]:
            builder.target = None
            if key[0] != _STR:
                builder.add("RP011", msg("top-level keys must be text"), key)
                continue
            name = key[1]
            if name in seen_top:
                builder.add("RP009", msg("duplicate key '{name}' (first at line {line})", name=name,
                                         line=seen_top[name][2] + 1), key)
                continue
            seen_top[name] = key
            if name == "registry":
                if meta is not None:
                    builder.add("RP014", msg("second 'registry:' block (first at {where})", where=str(meta.span)), key)
                    continue
                meta = builder.build(RegistryMeta, value)
                continue
            cls = COLLECTIONS.get(name)
            if cls is None:
                allowed = ", ".join(f"'{key}'" for key in ["registry", *COLLECTIONS])
                builder.add("RP010", msg("unknown top-level key '{name}'{hint}; allowed: {allowed}", name=name,
                                         hint=_suggest(name, COLLECTIONS), allowed=allowed), key)
                continue
            if value[0] == _NULL:
                continue
            if value[0] != _SEQ:
                if builder.check_tag(value):
                    builder.add("RP011", msg("'{name}' must be a list, found {found}", name=name,
                                             found=builder.describe(value)), value)
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
                    findings.append(problem("RP014", msg("duplicate {label} id '{id}' (first defined at {where})",
                                                         label=_label(cls), id=ident, where=str(first.span)),
                                            built.at("id"), ident))
                    if cls is model.Activity:
                        _keep_duplicate(target, ident, first, built, findings)
                    continue
                target[ident] = built
    findings.extend(builder.findings)
    registry = _assemble(display_root, shown_files, meta, collections, waivers)
    findings.extend(resolve(registry, builder.refs))
    findings.sort(key=Finding.sort_key)
    return LoadResult(registry, tuple(findings))


def _keep_duplicate(target: dict[str, Node], ident: str, first: Node, again: Node, findings: list[Finding]) -> None:
    """Keep a second activity with the taken id ``ident`` instead of dropping it, and report both records.

    Both are checked by the rules and shown in reports, so neither hides the other's defects;
    the one in the earlier file (files load in sorted path order) keeps the id as its key, the
    other is stored under ``<id>#2`` (``#`` is not allowed in ids, so the key is free).
    """
    number = 2
    while f"{ident}#{number}" in target:
        number += 1
    if number == 2:  # the first record is reported once, however many copies follow
        findings.append(problem("RP014", msg("duplicate activity id '{id}' (also defined at {where}); "
                                             "both records are checked", id=ident, where=str(again.span)),
                                first.at("id"), ident))
    target[f"{ident}#{number}"] = again


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
    "organisation": N_("organisation"), "recipient": N_("recipient"), "document": N_("document"),
    "data_category": N_("data category"), "data_subject": N_("data subject"), "measure": N_("measure"),
    "activity": N_("activity"), "legal_basis": N_("legal basis"), "mechanism": N_("transfer mechanism"),
    "party": N_("organisation or recipient"), "international_organisation": N_("international organisation"),
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
    table: Mapping[str, object]
    for kind, ident, span, target in refs:
        if kind == "party":
            ok = ident in registry.organisations or ident in registry.recipients
        elif kind == "legal_basis":
            ok = ident in vocab.legal_bases()
            table = vocab.legal_bases()
        elif kind == "mechanism":
            ok = ident in vocab.mechanisms()
            table = vocab.mechanisms()
        elif kind == "international_organisation":
            table = vocab.international_organisations()
            ok = ident in table
        else:
            table = tables[kind]
            ok = ident in table
        if not ok:
            hint = "" if kind == "party" else _suggest(ident, table, cutoff=0.7)
            findings.append(problem("RP015", msg("unknown {kind} '{id}'{hint}", kind=msg(REF_LABELS[kind]),
                                                 id=ident, hint=hint), span, target))
    return findings
