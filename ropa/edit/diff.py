"""`ropa diff OLD NEW`: what changed between two versions of a registry.

The typed models are compared, not the text: moving an activity to another file, reordering
keys or reformatting changes nothing; positions (``span``) are ignored. Each side is a
directory or a git revision of the registry (its blobs read with ``git ls-tree`` and ``git
cat-file`` into a temporary directory, one at a time; no network).
"""

from __future__ import annotations

import datetime as _dt
import os
import shutil
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from collections.abc import Iterator

from ropa.findings import RopaError
from ropa.i18n import N_, Message, _, english, gettext, msg
from ropa.load import LoadResult, Registry, find_root, load
from ropa.model import Node, Text, Value, fields

# collections compared by id, in the order they are reported
COLLECTIONS = ("organisations", "activities", "recipients", "documents", "data_categories",
               "data_subjects", "measures")


class DiffError(RopaError):
    """A side of the diff cannot be read (not a directory, not a revision, not a registry)."""


class FieldChange(Value):
    __slots__ = ("path", "old", "new")

    path: str  # e.g. `legal_bases[0].basis`
    old: Any  # plain data (JSON-compatible); None when the field was not set
    new: Any

    def __init__(self, path: str, old: Any, new: Any) -> None:
        object.__setattr__(self, "path", path)
        object.__setattr__(self, "old", old)
        object.__setattr__(self, "new", new)


class Change(Value):
    __slots__ = ("collection", "id", "kind", "fields")

    collection: str  # activities, recipients, ..., waivers, registry
    id: str
    kind: str  # added, removed, changed
    fields: tuple[FieldChange, ...]

    def __init__(self, collection: str, id: str, kind: str, fields: tuple[FieldChange, ...] = ()) -> None:
        object.__setattr__(self, "collection", collection)
        object.__setattr__(self, "id", id)
        object.__setattr__(self, "kind", kind)
        object.__setattr__(self, "fields", fields)

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"collection": self.collection, "id": self.id, "change": self.kind}
        if self.fields:
            data["fields"] = [{"path": f.path, "old": f.old, "new": f.new} for f in self.fields]
        return data


# --- the model as plain data --------------------------------------------------------------------

def plain(value: Any) -> Any:
    """A model value as JSON-compatible data, without positions and without defaults."""
    if isinstance(value, Node):
        return _plain_node(value)
    if isinstance(value, Text):
        return value.to_plain()
    if isinstance(value, (tuple, list)):
        return [plain(v) for v in value]
    if isinstance(value, _dt.date):
        return value.isoformat()
    if hasattr(value, "items"):
        return {str(k): plain(v) for k, v in value.items()}
    return value


def _plain_node(value: Node) -> dict[str, Any]:
    """A model node's fields that differ from their defaults (an explicit `[]` differs from a
    None default), internal fields left out, own `x-` fields after them."""
    out = {}
    for fld in fields(value):
        item = getattr(value, fld.name)
        if not fld.metadata.get("internal") and item != fld.default:
            out[fld.name] = plain(item)
    out.update(value.extra or {})
    return out


def _compare(old: Any, new: Any, path: str, out: list[FieldChange]) -> None:
    if old == new:
        return
    if isinstance(old, dict) and isinstance(new, dict):
        for key in list(old) + [k for k in new if k not in old]:
            sub = f"{path}.{key}" if path else key
            _compare(old.get(key), new.get(key), sub, out)
        return
    if _same_shape_lists(old, new):
        for index, (a, b) in enumerate(zip(old, new)):
            _compare(a, b, f"{path}[{index}]", out)
        return
    out.append(FieldChange(path, old, new))


def _same_shape_lists(old: Any, new: Any) -> bool:
    """Two lists of mappings of the same length: compared item by item."""
    return (isinstance(old, list) and isinstance(new, list) and len(old) == len(new)
            and all(isinstance(x, dict) for x in old + new))


def _without_sources(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _without_sources(v) for k, v in data.items() if k != "sources"}
    if isinstance(data, list):
        return [_without_sources(v) for v in data]
    return data


def field_changes(old: Any, new: Any, *, sources: bool = True) -> tuple[FieldChange, ...]:
    out: list[FieldChange] = []
    before, after = plain(old), plain(new)
    if not sources:
        before, after = _without_sources(before), _without_sources(after)
    _compare(before, after, "", out)
    return tuple(out)


def diff_registries(old: Registry, new: Registry, *, sources: bool = True) -> list[Change]:
    """The changes from ``old`` to ``new``; ``sources=False`` compares the facts only: where they
    come from (every ``sources`` list, the ``documents`` collection) is left out, e.g. to compare
    a registry imported from a spreadsheet (``ropa import``) with the one it was exported from."""
    changes: list[Change] = []
    meta_changes = field_changes(old.meta, new.meta, sources=sources)
    if meta_changes:
        changes.append(Change("registry", "registry", "changed", meta_changes))
    for name in COLLECTIONS:
        if name != "documents" or sources:
            changes += _changes(name, getattr(old, name), getattr(new, name), sources)
    waivers = [{f"{w.rule}@{w.target}": w for w in side.waivers} for side in (old, new)]
    return changes + _changes("waivers", waivers[0], waivers[1], sources)


def _changes(collection: str, before: Any, after: Any, sources: bool) -> list[Change]:
    """The entries of one collection (id -> entry) removed, then added or changed, in their order."""
    changes = [Change(collection, ident, "removed") for ident in before if ident not in after]
    for ident, node in after.items():
        if ident not in before:
            changes.append(Change(collection, ident, "added"))
            continue
        found = field_changes(before[ident], node, sources=sources)
        if found:
            changes.append(Change(collection, ident, "changed", found))
    return changes


# --- reading a side: a directory or a git revision ----------------------------------------------

def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False,
                          env={**os.environ, "GIT_TERMINAL_PROMPT": "0"})


@contextmanager
def materialise(side: str, registry: Path) -> Iterator[tuple[Path, str]]:
    """A directory holding ``side``: itself if it is one, else ``registry`` at git revision ``side``.

    Yields ``(directory, label)``; the temporary copy of a revision is removed afterwards.
    """
    as_path = Path(side)
    if as_path.is_dir():
        yield as_path, side
        return
    if as_path.suffix in (".yaml", ".yml") and as_path.is_file():
        yield as_path, side
        return
    base = find_root(registry.resolve()) if registry.is_file() else registry  # -r FILE: the file's registry
    if not base.exists():
        raise DiffError(msg("'{side}' is not a directory, and the registry {registry} to read it from git does not "
                            "exist", side=side, registry=str(registry)))
    top = _git(["rev-parse", "--show-toplevel"], base)
    if top.returncode != 0:
        raise DiffError(msg("'{side}' is not a directory, and {base} is not in a git repository", side=side,
                            base=str(base)))
    toplevel = Path(top.stdout.decode().strip())
    rel = os.path.relpath(base.resolve(), toplevel.resolve())
    rev = _git(["rev-parse", "--verify", "--quiet", f"{side}^{{commit}}"], toplevel)
    if rev.returncode != 0:
        raise DiffError(msg("'{side}' is neither a directory nor a git revision", side=side))
    tmp = Path(tempfile.mkdtemp(prefix="ropa-diff-"))
    try:
        target = tmp / "registry"
        target.mkdir()
        try:
            found = _write_tree(toplevel, rev.stdout.decode().strip(), rel, target)
        except OSError as exc:
            raise DiffError(msg("cannot read revision {side}: {reason}", side=side, reason=english(str(exc)))) from None
        if not found:
            raise DiffError(msg("revision {side} has no registry at {rel}", side=side, rel=rel))
        _SHOWN[str(target)] = f"{side}:{rel}" if rel != "." else f"{side}:"
        try:
            yield target, side
        finally:
            _SHOWN.pop(str(target), None)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _write_tree(toplevel: Path, commit: str, rel: str, target: Path) -> int:
    """Write the registry directory ``rel`` of ``commit`` into ``target``, blob by blob; the number
    of entries written.

    The tree is listed with ``git ls-tree`` and each blob streamed from one ``git cat-file --batch``
    into its file, a chunk at a time: the objects as committed, whatever ``.gitattributes`` says
    (``git archive`` leaves out ``export-ignore`` paths and applies ``export-subst``), and never a
    whole revision in memory. A symbolic link is made as the link it is (the loader then judges
    it as in a working tree); submodules are skipped.
    """
    spec = f"{commit}:{rel}" if rel != "." else f"{commit}:"
    listing = _git(["ls-tree", "-r", "-z", "--full-tree", spec], toplevel)
    if listing.returncode != 0:
        return 0
    entries = []
    for record in listing.stdout.split(b"\0"):
        if not record:
            continue
        meta, _tab, name = record.partition(b"\t")
        mode, kind, sha = meta.split(b" ")
        parts = os.fsdecode(name).split("/")
        if kind != b"blob" or any(p in ("", ".", "..") for p in parts):
            continue  # a submodule (commit), or a name no checkout would write
        entries.append((mode, sha, target.joinpath(*parts)))
    if not entries:
        return 0
    batch = subprocess.Popen(["git", "cat-file", "--batch"], cwd=toplevel, stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, env={**os.environ, "GIT_TERMINAL_PROMPT": "0"})
    assert batch.stdin is not None and batch.stdout is not None
    try:
        for mode, sha, path in entries:
            batch.stdin.write(sha + b"\n")
            batch.stdin.flush()
            header = batch.stdout.readline().split()
            if len(header) != 3:
                raise OSError(f"git cat-file: no object {sha.decode()}")
            size = int(header[2])
            path.parent.mkdir(parents=True, exist_ok=True)
            if mode == b"120000":  # a symbolic link: its blob is the link's target
                link = batch.stdout.read(size)
                os.symlink(os.fsdecode(link), path)
            else:
                with open(path, "wb") as out:
                    left = size
                    while left:
                        chunk = batch.stdout.read(min(left, 1 << 20))
                        if not chunk:
                            raise OSError("git cat-file: the object ended early")
                        out.write(chunk)
                        left -= len(chunk)
            batch.stdout.read(1)  # the newline after each object
    finally:
        batch.stdin.close()
        batch.stdout.close()
        batch.wait()
    return len(entries)


class DiffResult(Value):
    __slots__ = ("old_label", "new_label", "changes", "old_load", "new_load")

    old_label: str
    new_label: str
    changes: list[Change]
    old_load: LoadResult
    new_load: LoadResult

    def __init__(self, old_label: str, new_label: str, changes: list[Change], old_load: LoadResult,
                 new_load: LoadResult) -> None:
        object.__setattr__(self, "old_label", old_label)
        object.__setattr__(self, "new_label", new_label)
        object.__setattr__(self, "changes", changes)
        object.__setattr__(self, "old_load", old_load)
        object.__setattr__(self, "new_load", new_load)


    @property
    def fatal(self) -> bool:
        return self.old_load.fatal or self.new_load.fatal

    def as_dict(self) -> dict[str, Any]:
        counts: dict[str, int] = {}
        for change in self.changes:
            counts[change.kind] = counts.get(change.kind, 0) + 1
        return {"old": self.old_label, "new": self.new_label, "counts": counts,
                "changes": [c.as_dict() for c in self.changes]}


_SHOWN: dict[str, str] = {}  # temporary copy of a revision -> how its files are named in findings


def _load_shown(directory: Path) -> LoadResult:
    """Load a side; findings in a revision's temporary copy name the revision (``HEAD:registry/x.yaml``)."""
    result = load(directory)
    shown = _SHOWN.get(str(directory))
    if shown is None:
        return result
    from ropa.findings import Finding
    from ropa.model import Span

    prefix = str(directory)
    label = shown.rstrip("/") if shown.endswith(":") else shown
    findings = []
    for f in result.findings:
        span = f.span
        if span.file.startswith(prefix):
            rest = span.file[len(prefix):].lstrip("/")
            name = f"{label}{'/' if not label.endswith(':') else ''}{rest}"
            span = Span(name, span.line, span.col)
        findings.append(Finding(f.code, f.severity, _relabel(f.message, prefix, label), span, f.target,
                                f.reference, f.fatal, f.waiver))
    return LoadResult(result.registry, tuple(findings))


def _relabel(message: str, prefix: str, label: str) -> str:
    """``message`` with the scratch directory ``prefix`` shown as ``label``; a catalogue message
    stays one (its values relabelled), so that it is still shown in the reader's language."""
    if prefix not in message:
        return message
    if isinstance(message, Message):
        values = {k: v.replace(prefix, label) if type(v) is str else v for k, v in message.values.items()}
        return Message(message.msgid, values, message.plural, message.n)
    return message.replace(prefix, label)


def diff(old: str, new: str, registry: Path = Path("registry"), *, sources: bool = True) -> DiffResult:
    """Compare two sides (directories or git revisions of ``registry``); ``sources``: see ``diff_registries``."""
    with materialise(old, registry) as (old_dir, old_label), materialise(new, registry) as (new_dir, new_label):
        before, after = _load_shown(old_dir), _load_shown(new_dir)
    changes = [] if before.fatal or after.fatal else diff_registries(before.registry, after.registry,
                                                                     sources=sources)
    return DiffResult(old_label, new_label, changes, before, after)


def render_value(value: Any, limit: int = 100) -> str:
    if value is None:
        return "(not set)"
    import json

    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 1] + "…"


KINDS = {"added": N_("added"), "removed": N_("removed"), "changed": N_("changed")}


def render_text(result: DiffResult, lang: str = "en") -> list[str]:
    """The changes as lines; their wording in ``lang`` (keys, ids and values as the registry has them)."""
    lines = [f"--- {result.old_label}", f"+++ {result.new_label}"]
    not_set = _("(not set)", lang)
    for change in result.changes:
        sign = {"added": "+", "removed": "-", "changed": "~"}[change.kind]
        lines.append(f"{sign} {change.collection} {change.id} ({gettext(KINDS[change.kind], lang)})")
        for fc in change.fields:
            old = not_set if fc.old is None else render_value(fc.old)
            new = not_set if fc.new is None else render_value(fc.new)
            lines.append(f"    {fc.path}: {old} -> {new}")
    counts = result.as_dict()["counts"]
    lines.append(", ".join(f"{counts.get(k, 0)} {gettext(KINDS[k], lang)}" for k in ("added", "removed", "changed")))
    return lines
