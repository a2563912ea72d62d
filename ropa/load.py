"""Read a registry directory into the typed model, collecting every structural problem.

Reading goes YAML text -> nodes (``ropa.yaml_nodes``: libyaml's events, ``ropa.yaml_events``,
composed into light nodes that keep every value's line and column; ``ropa.parse_cache``
keeps them between runs) -> model instances (``ropa.build``, by the field specifications of
``ropa.fields``) -> references resolved once (``resolve``). The files are found by
``ropa.locate``. Nothing is constructed by a YAML library, so no tag can run code, and every
value keeps its ``file:line:col``.

Loader problems use the codes RP001-RP019 (``ropa.problems``); none of them raises.
"""

from __future__ import annotations

import os
import types
from pathlib import Path
from typing import Any
from collections.abc import Iterable, Mapping

from ropa import model
from ropa.build import LABELS, Builder, _label, _suggest
from ropa.fields import DURATION_RE, ID_RE, LANG_RE, RULE_RE, FieldSpec, Kind, field_specs, kind_of, resolve_field
from ropa.findings import Finding
from ropa.i18n import N_, msg
from ropa.locate import MARKER, YAML_SUFFIXES, NoRegistry, find_root, marked_root, printable_path, registry_files
from ropa.model import COLLECTIONS, Node, RegistryMeta, Span
from ropa.parse_cache import parse_cached
from ropa.problems import problem
from ropa.yaml_nodes import _MAP, _NULL, _SEQ, _STR, read_text

# names other modules import from here (the loader's public surface before it was split)
__all__ = ["load", "resolve", "Registry", "LoadResult", "NoRegistry", "find_root", "marked_root", "registry_files", "printable_path",
           "MARKER", "YAML_SUFFIXES", "field_specs", "kind_of", "resolve_field", "Kind", "FieldSpec",
           "ID_RE", "DURATION_RE", "RULE_RE", "LANG_RE", "LABELS"]


# --- the registry -------------------------------------------------------------------------

class _Index(model.Value):
    """Where a ``Registry`` keeps its reverse indexes once built: slots of this base class, so they
    are none of the registry's fields (a ``Value``'s fields are its own class's ``__slots__``)
    and are never compared, printed, pickled or copied by ``_replace``. An index is a function
    of the fields, which never change, so building it on first use changes no value. A registry
    also takes weak references (``__weakref__``), so a test can show that nothing keeps it alive."""

    __slots__ = ("_by_recipient_index", "_engaged_index", "__weakref__")

    _by_recipient_index: dict[str, list[model.Activity]] | None
    _engaged_index: dict[str, list[str]] | None


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
        _set(self, "_engaged_index", None)

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

    def engaged_by(self, recipient: str) -> list[str]:
        """The ids of the recipients that name ``recipient`` as their ``processor_of``, in file order.

        A reverse index built on first use (one pass over the recipients), so that following
        a processing chain costs a lookup per recipient, not a scan of every recipient."""
        index = self._engaged_index
        if index is None:
            index = {}
            for other in self.recipients.values():
                if other.processor_of is not None:
                    index.setdefault(other.processor_of, []).append(other.id)
            object.__setattr__(self, "_engaged_index", index)
        return index.get(recipient, [])

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



def load(path: str | os.PathLike[str]) -> LoadResult:
    """Load the registry at ``path`` (its directory, or any file inside it).

    Raises ``NoRegistry`` (a ``RopaError``) for a directory with no ``registry.yaml`` in it or
    above it (``/``, a home directory), as the command line refuses it: it is never walked.
    Every other problem is a finding of the result (RP001-RP019).
    """
    given = Path(path)
    display_root = printable_path(os.path.normpath(str(path)))
    if not given.exists():
        empty = _assemble(display_root, [], None, {}, [])
        return LoadResult(empty, (problem("RP001", msg("registry path does not exist: {path}", path=str(path)),
                                          Span(display_root, 1, 1)),))
    if given.is_dir() and marked_root(given.resolve()) is None:
        raise NoRegistry(display_root)
    root = find_root(given.resolve()) if given.is_file() else given
    if given.is_file():
        display_root = os.path.relpath(root) if not os.path.isabs(str(path)) else str(root)
        display_root = printable_path(os.path.normpath(display_root))
    files, findings = registry_files(root, display_root)
    return _load_files(display_root, files, findings)


def _load_files(display_root: str, files: list[tuple[Path, str]], findings: list[Finding]) -> LoadResult:
    builder = Builder()
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
