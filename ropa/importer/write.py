"""Writing the imported registry: ``ropa fmt``'s layout, all or nothing.

Files: ``registry.yaml`` (registry block, organisations, the spreadsheet as a document),
``recipients.yaml`` (the catalogue), ``vocabularies.yaml`` (data subjects, data categories,
measures) and ``activities/<id>.yaml`` (one file per activity). Keys are written in the model's
field order (where ``ropa.edit.fmt.normalise`` puts them; a ``Layout`` worked out once per class,
no reordered copy) by ``ropa.yaml_write`` (the layout of ``ropa fmt``), so ``ropa fmt`` leaves
the files as they are. Everything is written into a temporary directory beside the
target and renamed into place at once (``ropa.atomic.create_tree``), after the data were
checked against the model in memory (``check``: an import that would not load is a bug,
reported, and nothing is written); nothing is loaded back from disk.
"""

from __future__ import annotations

import datetime as _dt
import os
from pathlib import Path
from collections.abc import Iterator
from typing import Any

from ropa import vocab
from ropa.importer.build import Builder
from ropa.importer.state import Src
from ropa.importer.messages import ImportFailed, note
from ropa.load import DURATION_RE, ID_RE, field_specs
from ropa.yaml_write import Layout, PlainWriter
from ropa.model import COLLECTIONS, RegistryMeta


def _layout(cls: type, made: dict[type, Layout]) -> Layout:
    """Where ``ropa fmt`` puts the keys of a ``cls`` node (``ropa.edit.fmt.normalise``): the
    model's fields in their order, own and unknown keys after them as they came; and the same
    for the nodes inside it. Worked out once per class."""
    layout = made.get(cls)
    if layout is None:
        specs = field_specs(cls)
        layout = made[cls] = Layout(specs)
        for key, spec in specs.items():
            inner = _kind_layout(spec.kind, made)
            if inner is not None:
                layout.children[key] = inner
    return layout


def _kind_layout(kind: Any, made: dict[type, Layout]) -> Layout | None:
    if kind.tag == "node" and kind.cls is not None:
        return _layout(kind.cls, made)
    if kind.tag == "list" and kind.item is not None:
        return _kind_layout(kind.item, made)  # the layout of each mapping in the list
    if kind.tag == "map" and kind.item is not None:
        inner = _kind_layout(kind.item, made)
        return None if inner is None else Layout(each=inner)
    return None


def file_layout() -> Layout:
    """The layout of a registry file: the registry block and the items of every collection in
    the model's key order; any other top-level key as it came."""
    made: dict[type, Layout] = {}
    children = {key: _layout(cls, made) for key, cls in COLLECTIONS.items()}
    children["registry"] = _layout(RegistryMeta, made)
    return Layout(children=children)


class _Sources:
    """A source (``Src``) written as the mapping ``Src.as_dict`` gives, in the model's key order
    (document, fact, sheet, row, column), from its text remembered per place: only the row
    differs between the sources of a column (some 200,000 sources at 10,000 activities)."""

    def __init__(self) -> None:
        self.writer: Any = None
        self._made: dict[tuple[int, str, str], tuple[str, str]] = {}

    def __call__(self, src: Src, lead: str, pad: str) -> str:
        key = (src >> 32, lead, pad)
        parts = self._made.get(key)
        if parts is None:
            scalar = self.writer.scalar
            lines: list[str] = []
            for name, value in src.as_dict().items():
                lines.append(f"{lead if not lines else pad}{name}: " + ("" if name == "row" else scalar(value)))
            text = "\n".join(lines)
            at = text.index("row: ") + len("row: ")
            parts = self._made[key] = (text[:at], text[at:])
        return parts[0] + str(src & 0xFFFFFFFF) + parts[1]


def named(builder: Builder) -> dict[str, Any]:
    """The registry block: its name, where the spreadsheet gives none, the organisation's and the file's."""
    meta = dict(builder.meta)
    if "name" not in meta:
        first = next(iter(builder.orgs.values()))
        meta["name"] = f"{first['name']} ({builder.file})"
    return meta


def files(builder: Builder) -> Iterator[tuple[str, str]]:
    """Relative path and text of every file of the imported registry, one at a time (each is
    written before the next is made: the texts of 10,000 activities are never held at once).
    Consumes the activities: an activity's data is dropped once its text is made."""
    sources = _Sources()
    writer = sources.writer = PlainWriter(blocks={Src: sources})
    layout = file_layout()

    def _text(data: dict[str, Any]) -> str:
        return writer.dump(data, layout)
    meta = named(builder)
    document = {"id": builder.doc_id, "title": builder.file, "notes": note("document", file=builder.file)}
    yield "registry.yaml", _text({"registry": meta, "organisations": list(builder.orgs.values()),
                                  "documents": [document]})
    if builder.recipients:
        yield "recipients.yaml", _text({"recipients": list(builder.recipients.values())})
    vocabularies = {key: list(table.values()) for key, table in (
        ("data_subjects", builder.subjects), ("data_categories", builder.categories),
        ("measures", builder.measures)) if table}
    if vocabularies:
        yield "vocabularies.yaml", _text(vocabularies)
    activities = builder.activities
    for ident in list(activities):
        activity = activities.pop(ident)
        yield f"activities/{ident}.yaml", _text({"activities": [activity]})


def check(builder: Builder) -> list[str]:
    """The registry's data checked against the model in memory, before anything is written
    (nothing is loaded back from disk): every key a field of its class or an own ``x-`` field,
    every required field present, choices, dates, ids, durations and countries well-formed,
    every reference to a catalogue entry resolved. An import that fails this is a bug of the
    importer; the problems, as ``where: what``."""
    tables = {"recipient": builder.recipients, "data_category": builder.categories,
              "data_subject": builder.subjects, "measure": builder.measures, "organisation": builder.orgs,
              "document": {builder.doc_id: {}}, "legal_basis": vocab.legal_bases(), "mechanism": vocab.mechanisms()}
    checker = _Checker(tables)
    for key, items in (("organisations", builder.orgs), ("recipients", builder.recipients),
                       ("data_subjects", builder.subjects), ("data_categories", builder.categories),
                       ("measures", builder.measures), ("activities", builder.activities)):
        for ident, item in items.items():
            checker.node(item, COLLECTIONS[key], f"{key}/{ident}")
    checker.node(named(builder), RegistryMeta, "registry")
    return checker.problems


# where a value is: the text of its node, then (where, key) per step down, (where, index) into a
# list; made into text (``_where``) only for a problem
Where = Any


def _where(where: Where) -> str:
    steps = []
    while isinstance(where, tuple):
        where, step = where
        steps.append(f"[{step}]" if isinstance(step, int) else f".{step}")
    return where + "".join(reversed(steps))


class _Checker:
    """``check``'s walk: each class's fields looked up once (``_plan``); a field of plain text
    (no format, no reference) is checked where it is met."""

    def __init__(self, tables: dict[str, Any]) -> None:
        self.tables = tables
        self.problems: list[str] = []
        self._plans: dict[type, tuple[dict[str, Any], tuple[str, ...], frozenset[str]]] = {}
        self._shorthand: dict[type, str | None] = {}

    def _plan(self, cls: type) -> tuple[dict[str, Any], tuple[str, ...], frozenset[str]]:
        plan = self._plans.get(cls)
        if plan is None:
            specs = field_specs(cls)
            plan = self._plans[cls] = (
                specs, tuple(key for key, spec in specs.items() if spec.required),
                frozenset(key for key, spec in specs.items() if spec.kind.tag == "str" and not spec.fmt and not spec.ref))
        return plan

    def node(self, value: Any, cls: type, where: Where) -> None:
        if isinstance(value, Src):
            return  # made by ``State.source`` from a cell: well-formed by construction
        problems = self.problems
        if not isinstance(value, dict):
            problems.append(f"{_where(where)}: not a mapping")
            return
        specs, required, plain = self._plan(cls)
        for key in required:
            if key not in value:
                problems.append(f"{_where(where)}: '{key}' missing")
        for key, item in value.items():
            if key in plain:
                if not isinstance(item, str):
                    problems.append(f"{_where((where, key))}: not text")
                continue
            spec = specs.get(key)
            if spec is None:
                if not (key.startswith("x-") and isinstance(item, str)):
                    problems.append(f"{_where(where)}: unknown field '{key}'")
                continue
            self.value(item, spec.kind, spec, (where, key))

    def value(self, value: Any, kind: Any, spec: Any, where: Where) -> None:
        tag = kind.tag
        problems = self.problems
        if tag == "list":
            if not isinstance(value, list):
                problems.append(f"{_where(where)}: not a list")
                return
            item_kind = kind.item
            if item_kind.tag == "str" and not spec.fmt:  # ids of a catalogue, texts: checked here
                table = self.tables.get(spec.ref) if spec.ref else None
                for i, item in enumerate(value):
                    if not isinstance(item, str):
                        problems.append(f"{_where((where, i))}: not text")
                    elif table is not None and item not in table:
                        problems.append(f"{_where((where, i))}: unknown {spec.ref} '{item}'")
                return
            for i, item in enumerate(value):
                if item.__class__ is not Src:  # a source: well-formed by construction (most items)
                    self.value(item, item_kind, spec, (where, i))
            return
        if tag == "node" and kind.cls is not None:
            if isinstance(value, str):  # a shorthand: the id alone (``recipients: [acme]``)
                ref = self._shorthand_ref(kind.cls, spec)
                if ref:
                    self.ref(value, ref, where)
                    return
            self.node(value, kind.cls, where)
            return
        if tag == "literal" and value not in kind.choices:
            problems.append(f"{_where(where)}: {value!r} not one of {kind.choices}")
        elif tag == "date" and not isinstance(value, _dt.date):
            problems.append(f"{_where(where)}: not a date")
        elif tag == "text" and not (isinstance(value, str) or (isinstance(value, dict) and value)):
            problems.append(f"{_where(where)}: not a text")
        elif tag == "str":
            if not isinstance(value, str):
                problems.append(f"{_where(where)}: not text")
            elif spec.fmt == "id" and not ID_RE.match(value):
                problems.append(f"{_where(where)}: {value!r} is not an id")
            elif spec.fmt == "duration" and not DURATION_RE.match(value):
                problems.append(f"{_where(where)}: {value!r} is not an ISO 8601 duration")
            elif spec.fmt == "country" and not vocab.is_country(value):
                problems.append(f"{_where(where)}: {value!r} is not a country code")
            elif spec.ref:
                self.ref(value, spec.ref, where)

    def _shorthand_ref(self, cls: type, spec: Any) -> str | None:
        """What the id alone in place of a ``cls`` node refers to: its required reference, else the field's."""
        if cls not in self._shorthand:
            refs = [s.ref for s in field_specs(cls).values() if s.ref and s.required]
            self._shorthand[cls] = refs[0] if refs else None
        return self._shorthand[cls] or spec.ref

    def ref(self, value: str, ref: str, where: Where) -> None:
        table = self.tables.get(ref)
        if table is not None and value not in table:
            self.problems.append(f"{_where(where)}: unknown {ref} '{value}'")


def check_into(into: Path) -> Path:
    """``into`` as the new registry directory, or ``ImportFailed`` saying why it cannot be one:
    it exists and is not an empty directory (``.`` included), it is a link (the registry would
    land wherever the link points), or its parent cannot be written."""
    into = Path(into)
    if into.is_symlink():
        raise ImportFailed("into-link", into=str(into))
    if into.exists() and into.is_dir() and not any(into.iterdir()) and into.resolve() == Path.cwd().resolve():
        raise ImportFailed("into-cwd", into=str(into))  # an empty current directory cannot be renamed onto
    if into.exists() and (not into.is_dir() or any(into.iterdir())):
        raise ImportFailed("into-exists", into=str(into))
    parent = into.absolute().parent
    if parent.exists() and (not parent.is_dir() or not os.access(parent, os.W_OK | os.X_OK)):
        raise ImportFailed("into-unwritable", into=str(into), detail=os.strerror(13))
    return into


def write(builder: Builder, into: Path) -> list[Path]:
    """Write the registry into ``into`` (which must not exist or be empty); all or nothing.

    ``ropa.atomic.create_tree``: the files are written one at a time into a hidden temporary
    directory beside ``into`` and renamed into place at once; a failure (full disk, read-only
    file system, an error while a file's text is made) removes it and is one line. A killed
    import's temporary directory is removed by the next write into the same parent."""
    from ropa.atomic import create_tree

    into = check_into(Path(into))
    problems = check(builder)
    if problems:
        raise ImportFailed("corrupt", file=builder.file, detail=f"the imported registry would not load "
                           f"(please report this as a bug): {problems[0]}")
    texts = ((rel, text.encode("utf-8")) for rel, text in files(builder))
    try:
        written = create_tree(into, texts)
    except OSError as exc:
        raise ImportFailed("into-unwritable", into=str(into), detail=exc.strerror or str(exc)) from None
    return [into / rel for rel in written]
