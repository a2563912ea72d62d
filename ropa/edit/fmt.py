"""`ropa fmt`: normalise registry files without losing a comment.

Keys are put in the model's field order (``ropa.model``: the order its classes declare their fields),
own fields (``x-``) and keys the model does not know after them in their original order;
indentation and quoting follow ``ropa.edit.yamlrt``. A file is only written when its new
text parses back to the same data, and the write is atomic. A text already in normal form is
recognised with libyaml where that is certain (``ropa.edit.normal``), without the round trip.
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path
from typing import Any

from ropa.edit.yamlrt import (KeepDouble, KeepPlain, KeepSingle, YamlWriteError, atomic_write, dump_rt, load_rt,
                              rt_yaml, same_content)
from ropa.edit.normal import in_normal_form
from ropa.i18n import english, msg
from ropa.load import MARKER, Kind, field_specs, find_root, registry_files
from ropa.parse_cache import cached, store
from ropa.yaml_nodes import parse
from ropa.model import COLLECTIONS, RegistryMeta, Value



class FileResult(Value):
    """What fmt did (or would do) to one file."""

    __slots__ = ("path", "display", "changed", "error", "meanwhile", "before", "after")

    path: Path
    display: str
    changed: bool
    error: str | None  # why the file was left alone
    meanwhile: bool  # left alone because it was edited while fmt ran (run fmt again)
    before: str | None  # the text, when it changed
    after: str | None

    def __init__(self, path: Path, display: str, changed: bool, error: str | None = None,
                 meanwhile: bool = False, before: str | None = None, after: str | None = None) -> None:
        for name, value in zip(self.__slots__, (path, display, changed, error, meanwhile, before, after)):
            object.__setattr__(self, name, value)


def _reorder_keys(node: Any, order: list[str]) -> None:
    keys = list(node.keys())
    ranked = [k for k in order if k in node]
    wanted = ranked + [k for k in keys if k not in ranked]
    if keys != wanted:
        for key in wanted:
            node.move_to_end(key)


def normalise(node: Any, cls: type) -> None:
    """Put the keys of ``node`` (a round-trip mapping for ``cls``) and its children in field order."""
    from ruamel.yaml.comments import CommentedMap

    if not isinstance(node, CommentedMap):
        return  # a shorthand (a recipient id) or a value the loader reports
    specs = field_specs(cls)
    _reorder_keys(node, list(specs))
    for name, spec in specs.items():
        if name in node:
            _normalise_value(node[name], spec.kind)


def _normalise_value(value: Any, kind: Kind) -> None:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if kind.tag == "node" and kind.cls is not None:
        normalise(value, kind.cls)
    elif kind.tag == "list" and kind.item is not None and isinstance(value, CommentedSeq):
        for item in value:
            _normalise_value(item, kind.item)
    elif kind.tag == "map" and kind.item is not None and isinstance(value, CommentedMap):
        for item in value.values():
            _normalise_value(item, kind.item)


def keep_own_fields(data: Any) -> None:
    """Mark every scalar under an `x-` key so that the dump writes it as it was written."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString

    def kept(value: Any) -> Any:
        if type(value) is str:
            return KeepPlain(value)
        if isinstance(value, SingleQuotedScalarString):
            return KeepSingle(value)
        if isinstance(value, DoubleQuotedScalarString):
            return KeepDouble(value)
        return value  # block scalars keep their style; containers are walked

    stack: list[tuple[Any, bool]] = [(data, False)]
    while stack:
        node, own = stack.pop()
        if isinstance(node, CommentedMap):
            if own and any(kept(key) is not key for key in node):
                # an own mapping's keys too: each taken out and put back in order (a kept key
                # equals the old one, so its comments, stored by key, stay with it)
                for key, value in list(node.items()):
                    del node[key]
                    node[kept(key)] = value
            for key in list(node.keys()):
                inner = own or (isinstance(key, str) and key.startswith("x-"))
                value = node[key]
                if inner:
                    new = kept(value)
                    if new is not value:
                        node[key] = new
                stack.append((value, inner))
        elif isinstance(node, CommentedSeq):
            for index, value in enumerate(node):
                if own:
                    new = kept(value)
                    if new is not value:
                        node[index] = new
                stack.append((value, own))


def _split_tail(text: str) -> tuple[str, str]:
    """The text and its closing block of comment (and blank) lines, kept apart.

    ruamel.yaml attaches comments after the last value to the deepest last key, which
    moves when keys are put in order; the closing comments are set aside and put back at
    the end. Lines that are the content of a block scalar are never part of the tail.
    """
    lines = text.splitlines(keepends=True)
    cut = len(lines)
    while cut and (not lines[cut - 1].strip() or lines[cut - 1].lstrip().startswith("#")):
        cut -= 1
    if cut == len(lines) or not any(line.lstrip().startswith("#") for line in lines[cut:]):
        return text, ""
    body = "".join(lines[:cut])
    tail = "".join(lines[cut:])
    last = scan(text)
    if last.last_value_end > len(body):  # the "comments" are the end of a block scalar
        return text, ""
    return body, tail


def format_text(text: str) -> str:
    """The normal form of a registry file's text."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    text, tail = _split_tail(text.replace("\r\n", "\n"))  # YAML reads CRLF as LF anyway
    yaml = rt_yaml(verbatim=True)
    data = load_rt(text, yaml)
    if data is None:
        return text + tail
    if isinstance(data, CommentedMap):
        # top-level sections stay where the author put them: a heading comment above a
        # section is attached to the section before it and would move with that one
        for key, value in data.items():
            if key == "registry":
                normalise(value, RegistryMeta)
            elif key in COLLECTIONS and isinstance(value, CommentedSeq):
                for item in value:
                    normalise(item, COLLECTIONS[key])
    keep_own_fields(data)
    out = dump_rt(data, yaml)
    out = out if out.endswith("\n") else out + "\n"
    return out + tail


class Scan(Value):
    """What fmt must not lose, found with libyaml: comments and the text of `x-` values."""

    __slots__ = ("comments", "first_line", "own_values", "last_value_end")

    comments: Counter  # comment text (from `#` to the end of its line) -> count
    first_line: dict[str, int]  # comment text -> its first line (1-based)
    own_values: Counter  # source text of every scalar under an `x-` key -> count
    last_value_end: int  # where the last scalar ends (a block scalar's content included)

    def __init__(self, comments: Counter, first_line: dict[str, int], own_values: Counter,
                 last_value_end: int) -> None:
        object.__setattr__(self, "comments", comments)
        object.__setattr__(self, "first_line", first_line)
        object.__setattr__(self, "own_values", own_values)
        object.__setattr__(self, "last_value_end", last_value_end)


def scan(text: str) -> Scan:
    """Comments and `x-` value texts of a YAML text (which must parse)."""
    import bisect

    from ropa.yaml_events import MappingEndEvent, MappingStartEvent, ScalarEvent, SequenceEndEvent, \
        SequenceStartEvent, events

    starts: list[int] = []
    ends: list[int] = []
    own_values: Counter = Counter()
    # one frame per open collection: [is a mapping, next node is a key, inside an x- value,
    # start of a flow collection under an x- key or -1]
    frames: list[list[Any]] = []
    pending_own = False  # the key just read starts with x-
    stream = events(text)
    try:
        for event in stream:
            cls = type(event)
            if cls is ScalarEvent or cls is MappingStartEvent or cls is SequenceStartEvent:
                frame = frames[-1] if frames else None
                is_key = frame is not None and frame[0] and frame[1]
                own = (frame[2] if frame is not None else False) or (pending_own and not is_key)
                if frame is not None and frame[0]:
                    frame[1] = not frame[1]
                if cls is ScalarEvent:
                    start, end = event.start_mark.index, event.end_mark.index
                    starts.append(start)
                    ends.append(end)
                    if own:
                        raw = text[start:end]
                        if event.style in ("|", ">"):
                            raw = event.style + event.value  # indentation may change
                        own_values[raw] += 1
                    pending_own = is_key and not own and event.value.startswith("x-")
                    if not is_key:
                        pending_own = False
                else:  # a flow collection under an x- key is kept as written, brackets and all
                    flow = own and bool(event.flow_style)
                    frames.append([cls is MappingStartEvent, True, own, event.start_mark.index if flow else -1])
                    pending_own = False
            elif cls is MappingEndEvent or cls is SequenceEndEvent:
                frame = frames.pop()
                if frame[3] >= 0 and not (frames and frames[-1][3] >= 0):
                    own_values[text[frame[3]:event.end_mark.index]] += 1
            elif event.__class__.__name__ == "StreamEndEvent":
                break
    finally:
        stream.close()
    comments: Counter = Counter()
    first_line: dict[str, int] = {}
    position = text.find("#")
    while position >= 0:
        inside = bisect.bisect_right(starts, position) - 1
        if inside >= 0 and position < ends[inside]:
            position = text.find("#", ends[inside])
            continue
        end = text.find("\n", position)
        end = len(text) if end < 0 else end
        comment = text[position:end].rstrip()
        comments[comment] += 1
        first_line.setdefault(comment, text.count("\n", 0, position) + 1)
        position = text.find("#", end)
    return Scan(comments, first_line, own_values, max(ends, default=0))


def lost(old: str, new: str) -> str | None:
    """Why ``new`` loses something of ``old`` (a comment, the spelling of an `x-` value), or None."""
    before, after = scan(old), scan(new)
    missing = before.comments - after.comments
    if missing:
        comment = min(missing, key=lambda c: before.first_line[c])
        shown = comment if len(comment) <= 60 else comment[:59] + "…"
        return msg("not formatted: the comment at line {line} ({comment}) would be lost; put it on a line of "
                   "its own above the key it explains", line=before.first_line[comment], comment=english(shown))
    if before.own_values != after.own_values:
        changed = next(iter(before.own_values - after.own_values), None) or next(iter(after.own_values))
        return msg("not formatted: the value {value} of an x- field would be written differently",
                   value=english(repr(changed[:60])))
    return None


NORMAL_FORM = 1  # change whenever format_text's output for some text changes


def _memo_kind() -> str:
    """The parse cache's kind for "this text is in normal form": the formatter and ruamel.yaml versions.

    Formatting a file costs ruamel.yaml's round trip (pure Python, about 20 times the parse);
    a file already in normal form is recognised by its text's entry in the parse cache,
    which is authenticated like every entry (docs/parse-cache.md).
    """
    from ruamel.yaml import __version__ as ruamel_version

    return f"fmt-normal-{NORMAL_FORM}-ruamel-{ruamel_version}"


def format_file(path: Path, display: str | None = None, *, write: bool = True,
                root: Path | None = None) -> FileResult:
    """Format one file; ``root``: the registry it belongs to (a link may not lead out of it)."""
    from ropa.atomic import ChangedMeanwhile, read_regular

    shown = display or str(path)
    target = Path(path)
    if target.is_symlink():
        real = Path(os.path.realpath(target))
        base = os.path.realpath(root if root is not None else find_root(target.absolute().parent))
        if not str(real).startswith(base + os.sep):
            return FileResult(path, shown, False, msg("not formatted: a link to a file outside the registry"))
        target = real  # written through: the link stays a link
    try:
        raw = read_regular(target)
        old = raw.decode("utf-8")
    except UnicodeDecodeError:
        return FileResult(path, shown, False, msg("cannot read: not UTF-8 text"))
    except OSError as exc:
        return FileResult(path, shown, False, msg("cannot read: {reason}", reason=english(str(exc.strerror or exc))))
    memo = _memo_kind()
    if cached(old, memo) is not None:
        return FileResult(path, shown, False)  # this exact text was found in normal form before
    if in_normal_form(old):  # decided with libyaml, without the round trip (ropa.edit.normal)
        store(old, memo, b"")
        return FileResult(path, shown, False)
    _node, problems = parse(old, shown)  # libyaml: fast, and the loader's own messages
    if problems:
        first = problems[0]
        why = (msg("not formatted, the file does not parse: line {line}: {detail}", line=first.span.line,
                   detail=first.message) if first.code in ("RP006", "RP017")
               else msg("not formatted: line {line}: {detail}", line=first.span.line, detail=first.message))
        return FileResult(path, shown, False, why)
    from ruamel.yaml.error import YAMLError

    try:
        new = format_text(old)
    except YAMLError as exc:  # ruamel's errors for bad YAML; anything else is a bug (ropa.cli.main)
        message = " ".join(str(exc).split())
        return FileResult(path, shown, False, msg("not formatted, the file does not parse: {detail}",
                                                  detail=english(message[:200])))
    if new == old:
        store(old, memo, b"")
        return FileResult(path, shown, False)
    if not same_content(old, new):
        return FileResult(path, shown, False, msg("not formatted: the normal form would change the data "
                                                   "(please report this as a bug)"))
    reason = lost(old, new)
    if reason is not None:
        return FileResult(path, shown, False, reason)
    if write:
        try:
            atomic_write(target, new, expected=raw)
        except ChangedMeanwhile:
            return FileResult(path, shown, False, msg("not formatted: the file changed while it was being "
                                                       "formatted; run fmt again"), meanwhile=True)
        except OSError as exc:
            return FileResult(path, shown, False, msg("cannot write: {reason}",
                                                      reason=english(str(exc.strerror or exc))))
    return FileResult(path, shown, True, before=old, after=new)


def files_of(paths: list[Path], registry: Path) -> list[tuple[Path, str, Path]]:
    """The files to format (path, display, registry root): the given YAML files, or every
    file of the given registries (a file given as the registry stands for its registry)."""
    if not paths:
        paths = [find_root(registry.absolute()) if registry.is_file() else registry]
    out: list[tuple[Path, str, Path]] = []
    for path in paths:
        if path.is_dir():
            found, _problems = registry_files(path, str(path))
            out.extend((full, shown, path) for full, shown in found)
        elif path.suffix in (".yaml", ".yml"):
            root = find_root(path.absolute())
            if (root / MARKER).is_file():  # a YAML file outside a registry is not ropa's to format
                out.append((path, str(path), root))
    seen = set()
    unique = []
    for full, shown, root in out:
        key = full.resolve()
        if key not in seen:
            seen.add(key)
            unique.append((full, shown, root))
    return unique


def fmt(paths: list[Path], registry: Path = Path("registry"), *, check: bool = False) -> list[FileResult]:
    """Format the files (or check that they are formatted, without writing)."""
    missing = [p for p in (paths or [registry]) if not p.exists()]
    if missing:
        raise YamlWriteError(f"path does not exist: {missing[0]}")
    files = files_of(paths, registry)
    if not check:  # temporary files of an earlier fmt that was killed
        from ropa.atomic import remove_leftovers

        for directory in sorted({Path(os.path.realpath(full)).parent for full, _shown, _root in files}):
            remove_leftovers(directory)
    return [format_file(full, shown, write=not check, root=root) for full, shown, root in files]


def unified_diff(result: FileResult) -> str:
    """The change ``result`` makes (or would make), as a unified diff."""
    import difflib

    return "".join(difflib.unified_diff((result.before or "").splitlines(keepends=True),
                                        (result.after or "").splitlines(keepends=True),
                                        f"a/{result.display}", f"b/{result.display}"))


__all__ = ["fmt", "format_text", "format_file", "FileResult", "find_root", "unified_diff"]
