"""`ropa fmt`: normalise registry files without losing a comment.

Keys are put in the model's field order (``ropa.model``: the order its classes declare their fields),
own fields (``x-``) and keys the model does not know after them in their original order;
indentation and quoting follow ``ropa.edit.yamlrt``. A file is only written when its new
text parses back to the same data, and the write is atomic. A text already in normal form is
recognised with libyaml where that is certain (``ropa.edit.normal``), without the round trip.
"""

from __future__ import annotations

import os
from pathlib import Path

from ropa.edit.layout import format_text, normalise, scan
from ropa.edit.normal import in_normal_form
from ropa.edit.yamlrt import YamlWriteError, same_content
from ropa.i18n import english, msg
from ropa.load import MARKER, find_root, registry_files
from ropa.parse_cache import cached, store
from ropa.yaml_nodes import parse
from ropa.model import Value


class FileResult(Value):
    """What fmt did (or would do) to one file."""

    __slots__ = ("path", "display", "changed", "error", "meanwhile", "before", "after", "note")

    path: Path
    display: str
    changed: bool
    error: str | None  # why the file was left alone
    meanwhile: bool  # left alone because it was edited while fmt ran (run fmt again)
    before: str | None  # the text, when it changed
    after: str | None
    note: str | None  # what changes besides the layout: CRLF line endings, a byte order mark

    def __init__(self, path: Path, display: str, changed: bool, error: str | None = None,
                 meanwhile: bool = False, before: str | None = None, after: str | None = None,
                 note: str | None = None) -> None:
        for name, value in zip(self.__slots__, (path, display, changed, error, meanwhile, before, after, note)):
            object.__setattr__(self, name, value)


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


NORMAL_FORM = 2  # change whenever format_text's output for some text changes


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
    shown = display or str(path)
    read = _read(Path(path), shown, root)
    if isinstance(read, FileResult):
        return read
    target, raw, old = read
    memo = _memo_kind()
    if cached(old, memo) is not None:
        return FileResult(path, shown, False)  # this exact text was found in normal form before
    if in_normal_form(old):  # decided with libyaml, without the round trip (ropa.edit.normal)
        store(old, memo, b"")
        return FileResult(path, shown, False)
    new = _normal_form(old, path, shown)
    if isinstance(new, FileResult):
        return new
    if new == old:
        store(old, memo, b"")
        return FileResult(path, shown, False)
    if write:
        refused = _write(target, new, raw, path, shown)
        if refused is not None:
            return refused
    return FileResult(path, shown, True, before=old, after=new, note=_note(old))


def _read(path: Path, shown: str, root: Path | None) -> FileResult | tuple[Path, bytes, str]:
    """The file to write (a link's target), its bytes and its text; or why it is not formatted."""
    from ropa.atomic import read_regular

    target = path
    real = Path(os.path.realpath(target))
    base = os.path.realpath(root if root is not None else find_root(target.absolute().parent))
    if not str(real).startswith(base + os.sep):  # the file itself, or a directory on its way, is a link out
        return FileResult(path, shown, False, msg("not formatted: a link to a file outside the registry"))
    if target.is_symlink():
        target = real  # written through: the link stays a link
    try:
        raw = read_regular(target)
        return target, raw, raw.decode("utf-8")
    except UnicodeDecodeError:
        return FileResult(path, shown, False, msg("cannot read: not UTF-8 text"))
    except OSError as exc:
        return FileResult(path, shown, False, msg("cannot read: {reason}", reason=english(str(exc.strerror or exc))))


def _normal_form(old: str, path: Path, shown: str) -> str | FileResult:
    """The text in normal form; or why it is not formatted (it does not parse, or the normal
    form would change or lose something)."""
    from ruamel.yaml.error import YAMLError

    _node, problems = parse(old, shown)  # libyaml: fast, and the loader's own messages
    if problems:
        first = problems[0]
        why = (msg("not formatted, the file does not parse: line {line}: {detail}", line=first.span.line,
                   detail=first.message) if first.code in ("RP006", "RP017")
               else msg("not formatted: line {line}: {detail}", line=first.span.line, detail=first.message))
        return FileResult(path, shown, False, why)
    try:
        new = format_text(old)
    except YAMLError as exc:  # ruamel's errors for bad YAML; anything else is a bug (ropa.cli.main)
        message = " ".join(str(exc).split())
        return FileResult(path, shown, False, msg("not formatted, the file does not parse: {detail}",
                                                  detail=english(message[:200])))
    if new != old and not same_content(old, new):
        return FileResult(path, shown, False, msg("not formatted: the normal form would change the data "
                                                   "(please report this as a bug)"))
    reason = lost(old, new) if new != old else None
    return FileResult(path, shown, False, reason) if reason is not None else new


def _write(target: Path, new: str, raw: bytes, path: Path, shown: str) -> FileResult | None:
    """Replace the file's text, compared and replaced under ropa's lock; why not, if it was not."""
    from ropa.atomic import ChangedMeanwhile
    from ropa.edit.splice import replace_checked

    try:
        replace_checked(target, new, raw)
    except ChangedMeanwhile:
        return FileResult(path, shown, False, msg("not formatted: the file changed while it was being "
                                                   "formatted; run fmt again"), meanwhile=True)
    except OSError as exc:
        return FileResult(path, shown, False, msg("cannot write: {reason}",
                                                  reason=english(str(exc.strerror or exc))))
    return None


def _note(old: str) -> str | None:
    """What the normal form changes besides the layout, said in --check's line: why a file that
    looks formatted in an editor is reported."""
    notes = [text for present, text in ((old.startswith("\ufeff"), msg("the byte order mark is removed")),
                                        ("\r\n" in old, msg("CRLF line endings become LF"))) if present]
    return msg("{first}; {second}", first=notes[0], second=notes[1]) if len(notes) == 2 else \
        (notes[0] if notes else None)


def files_of(paths: list[Path], registry: Path) -> list[tuple[Path, str, Path]]:
    """The files to format (path, display, registry root): the given YAML files, or every
    file of the given registries (a file given as the registry stands for its registry)."""
    if not paths:
        paths = [find_root(registry.absolute()) if registry.is_file() else registry]
    out: list[tuple[Path, str, Path]] = []
    for path in paths:
        if path.is_dir():
            if not (find_root(path.absolute()) / MARKER).is_file():  # a directory outside any registry
                raise YamlWriteError(msg("{path} is not a registry directory (no registry.yaml there or above); "
                                         "ropa fmt formats only the files of a registry", path=str(path)))
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


__all__ = ["fmt", "format_text", "normalise", "format_file", "FileResult", "find_root", "unified_diff"]
