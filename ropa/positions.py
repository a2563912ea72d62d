"""Where each value of a model node starts, stored compactly: a node's ``spans``.

A loaded node keeps the position of every field value and list item (``Node.at``), which
findings cite as ``file:line:col``. One ``Span`` object per value cost ~100 bytes each, and
most positions are never read: only findings read them. ``Positions`` holds a node's keys
(one tuple shared by every node with the same keys), its file name (shared by every node of
the file) and the lines and columns packed in one ``bytes`` of 32-bit integers (which the
garbage collector does not track); the ``Span`` of a key is made when it is asked for. It is a read-only ``Mapping[str, Span]``, as ``spans`` was.
"""

from __future__ import annotations

import struct
from array import array
from typing import Any
from collections.abc import Iterable, Iterator, Mapping

from ropa.model import Span


class Positions(Mapping[str, Span]):
    """``spans`` of a node: key -> ``Span(file, line, col)``, built on lookup."""

    __slots__ = ("file", "names", "packed")

    file: str
    names: tuple[str, ...]
    packed: bytes  # line and column of names[i] as the 32-bit integers 2 * i and 2 * i + 1 (1-based)

    def __init__(self, file: str, names: tuple[str, ...], lines_cols: Iterable[int]) -> None:
        self.file = file
        self.names = names
        self.packed = array("I", lines_cols).tobytes()

    def __getitem__(self, key: str) -> Span:
        span = self.get(key)
        if span is None:
            raise KeyError(key)
        return span

    def get(self, key: str, default: Any = None) -> Any:
        try:
            index = self.names.index(key)
        except ValueError:
            return default
        line, col = _PAIR.unpack_from(self.packed, _PAIR.size * index)
        return Span(self.file, line, col)

    def __contains__(self, key: object) -> bool:
        return key in self.names

    def __iter__(self) -> Iterator[str]:
        return iter(self.names)

    def __len__(self) -> int:
        return len(self.names)

    def __repr__(self) -> str:
        return f"Positions({dict(self.items())!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (Positions, (self.file, self.names, array("I", self.packed).tolist()))


_PAIR = struct.Struct("=II")
