"""Composed nodes -> model instances, every structural problem reported with its position.

``Builder.build(cls, node)`` turns a mapping node into an instance of the model class
``cls`` by the class's field specifications (``ropa.fields``), collecting problems
(RP008-RP019) and the references it meets, which ``ropa.load.resolve`` checks once the
whole registry is built. Nodes are ``ropa.yaml_nodes``'s ``[tag, value, line, col]`` lists.
"""

from __future__ import annotations

import datetime as _dt
import re
import types
from array import array
from typing import Any, cast
from collections.abc import Iterable, Iterator

from ropa import model
from ropa.fields import DURATION_RE, ID_RE, LANG_RE, RULE_RE, FieldSpec, Kind, field_specs
from ropa.findings import Finding
from ropa.i18n import N_, msg
from ropa.model import Span, Text
from ropa.model_base import construct
from ropa.positions import Positions
from ropa.problems import MAX_DEPTH, problem
from ropa.yaml_nodes import _MAP, _NULL, _SEQ, _STR, STANDARD_TAGS, TAG_NAMES


class References:
    """The references met while building, until every file is built and they can be resolved.

    Kept flat (a list per column, lines and columns in one array) rather than as a tuple and
    a ``Span`` each: a 10,000-activity registry holds about 200,000 of them at once.
    Iterating gives ``(kind, id, span, target)``, the ``Span`` made then.
    """

    __slots__ = ("kinds", "idents", "files", "lines_cols", "targets")

    def __init__(self) -> None:
        self.kinds: list[str] = []
        self.idents: list[str] = []
        self.files: list[str] = []
        self.lines_cols = array("I")
        self.targets: list[str | None] = []

    def add(self, kind: str, ident: str, node: Any, target: str | None, file: str = "") -> None:
        """A reference of ``kind`` to ``ident``, written at ``node`` (a composed node) of the current file."""
        self.kinds.append(kind)
        self.idents.append(ident)
        self.files.append(file)
        self.lines_cols.append(node[2] + 1)
        self.lines_cols.append(node[3] + 1)
        self.targets.append(target)

    def __len__(self) -> int:
        return len(self.kinds)

    def __iter__(self) -> Iterator[tuple[str, str, Span, str | None]]:
        for index in range(len(self.kinds)):
            yield self.at(index)

    def at(self, index: int) -> tuple[str, str, Span, str | None]:
        """The reference ``index`` as ``(kind, id, span, target)``."""
        lines_cols = self.lines_cols
        span = Span(self.files[index], lines_cols[2 * index], lines_cols[2 * index + 1])
        return self.kinds[index], self.idents[index], span, self.targets[index]


class Builder:
    """Turns composed nodes into model instances; collects problems and references."""

    def __init__(self) -> None:
        self.findings: list[Finding] = []
        self.refs = References()
        self.dates: dict[str, _dt.date] = {}
        self.target: str | None = None
        self.file = ""
        self.keysets: dict[tuple[str, ...], tuple[str, ...]] = {}  # one tuple per distinct set of keys

    def positions(self, keys: list[str], lines_cols: list[int]) -> Positions:
        """The compact ``spans`` of a node: its field keys (a tuple shared by nodes with the same keys)
        and their lines and columns."""
        shared = tuple(keys)
        shared = self.keysets.setdefault(shared, shared)
        return Positions(self.file, shared, lines_cols)

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
                    self.refs.add(spec.ref, value, node, self.target, self.file)
                return construct(cls, {shorthand: value, "span": span,
                                        "spans": self.positions([shorthand], [span.line, span.col]), "extra": {}})
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
        keys: list[str] = []  # the positions of the values: keys, and lines and columns two by two
        where: list[int] = []
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
            line, col = value[2] + 1, value[3] + 1
            if tag == _STR and code == _PLAIN_STR:
                values[name] = value[1]
                keys.append(name)
                where += (line, col)
                continue
            if tag == _STR and code == _TEXT:
                values[name] = Text((("", value[1]),))
                keys.append(name)
                where += (line, col)
                continue
            if code == _NODE:  # a node kind has its class; the Span is the nested node's own
                converted = self.build(cast(type, spec.kind.cls), value, depth + 1, Span(file, line, col))
                if converted is None:
                    converted = _BAD
            elif code == _SCALAR:
                converted = self.scalar_or_node(spec, spec.kind, value, depth + 1)
            elif code == _LIST and tag == _SEQ:
                converted = self.items(spec, value[1], depth + 2, keys, where)
            else:
                converted = self.value(spec, value, depth + 1, keys, where)
            if converted is _BAD:
                if spec.required:
                    ok = False
                continue
            values[name] = converted
            keys.append(name)
            where += (line, col)
        for name in plan.required:
            if name not in seen:
                self.add("RP012", msg("{label}: required field '{name}' is missing", label=_label(cls), name=name),
                         node)
                ok = False
        self.target = saved_target
        if not ok:
            return None
        values["span"] = self.span(node) if span is None else span
        values["spans"] = self.positions(keys, where)
        values["extra"] = extra or _NO_EXTRA
        return construct(cls, values)

    def items(self, spec: FieldSpec, nodes: list, depth: int, keys: list[str], where: list[int]) -> tuple[Any, ...]:
        """The items of a list field that convert; ``keys`` gets ``"<name>.<index>"`` for each, and
        ``where`` its line and column."""
        kind = spec.kind.item
        assert kind is not None
        names = _item_keys(spec.name, len(nodes))
        file = self.file
        out: list[Any] = []
        if kind.tag == "node":
            cls = kind.cls
            assert cls is not None  # a node kind has its class
            for item in nodes:
                converted = self.build(cls, item, depth, Span(file, item[2] + 1, item[3] + 1))
                if converted is not None:
                    keys.append(names[len(out)])
                    where += (item[2] + 1, item[3] + 1)
                    out.append(converted)
            return tuple(out)
        for item in nodes:
            converted = self.scalar_or_node(spec, kind, item, depth)
            if converted is not _BAD:
                if spec.fmt == "lang" and converted in out:  # `languages: [en, en]`
                    self.add("RP009", msg("duplicate language '{code}' in '{name}'", code=converted, name=spec.name),
                             item)
                    continue
                keys.append(names[len(out)])
                where += (item[2] + 1, item[3] + 1)
                out.append(converted)
        return tuple(out)

    def value(self, spec: FieldSpec, node: Any, depth: int, keys: list[str], where: list[int]) -> Any:
        """A field's value, or ``_BAD`` once the problem is reported."""
        kind = spec.kind
        if kind.tag == "list":
            if node[0] != _SEQ:
                if self.check_tag(node):
                    self.add("RP011", msg("'{name}' must be a list, found {found}", name=spec.name,
                                          found=self.describe(node)), node)
                return _BAD
            return self.items(spec, node[1], depth + 1, keys, where)
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
        return self.scalar_or_node(spec, kind, node, depth)

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
                self.refs.add(spec.ref, value, node, self.target, self.file)
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
                date = self.dates.get(node[1])  # a registry repeats its dates: one object each
                if date is None:
                    date = self.dates[node[1]] = _dt.date.fromisoformat(node[1]) if len(node[1]) == 10 else _bad_date()
                return date
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
_NO_EXTRA: Any = types.MappingProxyType({})  # the own fields of a node without any: one shared empty mapping


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

