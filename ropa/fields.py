"""What each field of the model accepts, worked out once per class from its annotation.

``field_specs(cls)`` gives a model class's loadable fields (``FieldSpec``: name, ``Kind``,
required, reference, format) from the declarations in ``ropa.model``; the loader
(``ropa.build``), the JSON Schema (``ropa.schema``), ``fmt`` and the importer all read them
here. ``resolve_field`` says which field a gap's or interpretation's ``field`` names.
"""

from __future__ import annotations

import datetime as _dt
import re
import types
import typing
from typing import Any, Literal

from ropa import model
from ropa.model import Node, Text

# the formats of text fields (a field's ``format`` metadata), as the loader and the schema check them
ID_RE = re.compile(r"[a-z0-9][a-z0-9._-]*\Z")
DURATION_RE = re.compile(r"P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(\d+H)?(\d+M)?(\d+S)?)?\Z")
RULE_RE = re.compile(r"RP\d{0,3}\Z")
LANG_RE = re.compile(r"[a-z]{2}\Z")


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

