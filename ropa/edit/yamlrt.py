"""Round-trip YAML for the commands that write registry files (``fmt``, ``new``, ``init``).

One layout for every file ropa writes: 2-space indentation, list items indented under
their key (``  - id: x``), strings plain where that reads back as the same string and
double-quoted otherwise, block scalars (``|``, ``>``) kept, comments kept, lines not
re-wrapped. Writes are atomic and only happen after the new text parsed back to the
same data as the old one.
"""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path
from typing import Any

from ropa.findings import RopaError

WIDTH = 4096  # never re-wrap a line: wrapping is the author's choice


class YamlWriteError(RopaError):
    """A file would not survive the round trip; nothing was written."""


def rt_yaml() -> Any:
    """A round-trip ``YAML`` instance with ropa's layout."""
    from ruamel.yaml import YAML
    from ruamel.yaml.emitter import RoundTripEmitter

    class Emitter(RoundTripEmitter):  # type: ignore[misc]
        """Quote with double quotes where a plain scalar would not read back the same."""

        def choose_scalar_style(self) -> Any:
            style = super().choose_scalar_style()
            if style == "'" and self.analysis is not None and self.analysis.allow_double_quoted:
                return '"'
            return style

    yaml = YAML(typ="rt")
    yaml.Emitter = Emitter
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = WIDTH
    yaml.allow_unicode = True
    yaml.preserve_quotes = False
    yaml.explicit_start = False
    # registries may not contain anchors or aliases (RP007): write shared values out
    yaml.representer.ignore_aliases = lambda data: True
    return yaml


FLOW_KEYS = frozenset({"address"})  # mappings written on one line: `address: {street: ..., city: ...}`


def rt_data(value: Any, key: str = "") -> Any:
    """Plain data (dicts, lists, scalars) as round-trip nodes in ropa's layout: lists of plain
    scalars (and empty lists) and ``address`` mappings in flow style, everything else in block style."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(value, dict):
        node = CommentedMap()
        for k, v in value.items():
            node[k] = rt_data(v, k)
        if key in FLOW_KEYS:
            node.fa.set_flow_style()
        return node
    if isinstance(value, list):
        seq = CommentedSeq(rt_data(v) for v in value)
        if not value or all(isinstance(v, str) for v in value):
            seq.fa.set_flow_style()
        return seq
    return value


def load_rt(text: str, yaml: Any | None = None) -> Any:
    return (yaml or rt_yaml()).load(text)


def dump_rt(data: Any, yaml: Any | None = None) -> str:
    buffer = io.StringIO()
    (yaml or rt_yaml()).dump(data, buffer)
    return buffer.getvalue()


def safe_data(text: str) -> Any:
    """The data of a YAML text (no positions, no comments), to compare two texts by content."""
    from ruamel.yaml import YAML

    return YAML(typ="safe", pure=False).load(text)


def same_content(old: str, new: str) -> bool:
    try:
        return safe_data(old) == safe_data(new)
    except Exception:  # the new text does not parse (or the old one did not)
        return False


def atomic_write(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` via a temporary file in the same directory and a rename."""
    path = Path(path)
    mode = None
    if path.exists():
        mode = path.stat().st_mode & 0o7777
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def create_exclusive(path: Path, text: str) -> None:
    """Write a new file, refusing to replace an existing one (even one created meanwhile)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.chmod(tmp, 0o644)
        os.link(tmp, path)  # fails if path exists: no overwrite race
    except FileExistsError:
        raise YamlWriteError(f"{path} already exists; not overwritten") from None
    finally:
        try:
            os.unlink(tmp)
        except OSError:
            pass
