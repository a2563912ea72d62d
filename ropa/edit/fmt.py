"""`ropa fmt`: normalise registry files without losing a comment.

Keys are put in the model's field order (``ropa.model``: the order the dataclass declares),
own fields (``x-``) and keys the model does not know after them in their original order;
indentation and quoting follow ``ropa.edit.yamlrt``. A file is only written when its new
text parses back to the same data, and the write is atomic.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ropa.edit.yamlrt import YamlWriteError, atomic_write, dump_rt, load_rt, rt_yaml, same_content
from ropa.load import Kind, field_specs, find_root, registry_files
from ropa.model import COLLECTIONS, RegistryMeta



@dataclass(frozen=True)
class FileResult:
    path: Path
    display: str
    changed: bool
    error: str | None = None  # why the file was left alone


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


def format_text(text: str) -> str:
    """The normal form of a registry file's text."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    yaml = rt_yaml()
    data = load_rt(text, yaml)
    if data is None:
        return text
    if isinstance(data, CommentedMap):
        # top-level sections stay where the author put them: a heading comment above a
        # section is attached to the section before it and would move with that one
        for key, value in data.items():
            if key == "registry":
                normalise(value, RegistryMeta)
            elif key in COLLECTIONS and isinstance(value, CommentedSeq):
                for item in value:
                    normalise(item, COLLECTIONS[key])
    out = dump_rt(data, yaml)
    return out if out.endswith("\n") else out + "\n"


def format_file(path: Path, display: str | None = None, *, write: bool = True) -> FileResult:
    shown = display or str(path)
    try:
        old = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return FileResult(path, shown, False, f"cannot read: {exc}")
    try:
        new = format_text(old)
    except Exception as exc:  # ruamel raises several error types for bad YAML
        message = " ".join(str(exc).split())
        return FileResult(path, shown, False, f"not formatted, the file does not parse: {message[:200]}")
    if new == old:
        return FileResult(path, shown, False)
    if not same_content(old, new):
        return FileResult(path, shown, False, "not formatted: the normal form would change the data "
                                               "(please report this as a bug)")
    if write:
        atomic_write(path, new)
    return FileResult(path, shown, True)


def files_of(paths: list[Path], registry: Path) -> list[tuple[Path, str]]:
    """The files to format: the given YAML files, or every file of the given registries."""
    if not paths:
        paths = [registry]
    out: list[tuple[Path, str]] = []
    for path in paths:
        if path.is_dir():
            found, _problems = registry_files(path, str(path))
            out.extend(found)
        elif path.suffix in (".yaml", ".yml"):
            out.append((path, str(path)))
    seen = set()
    unique = []
    for full, shown in out:
        key = full.resolve()
        if key not in seen:
            seen.add(key)
            unique.append((full, shown))
    return unique


def fmt(paths: list[Path], registry: Path = Path("registry"), *, check: bool = False) -> list[FileResult]:
    """Format the files (or check that they are formatted, without writing)."""
    missing = [p for p in (paths or [registry]) if not p.exists()]
    if missing:
        raise YamlWriteError(f"path does not exist: {missing[0]}")
    return [format_file(full, shown, write=not check) for full, shown in files_of(paths, registry)]


__all__ = ["fmt", "format_text", "format_file", "FileResult", "find_root"]
