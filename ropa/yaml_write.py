"""Writing plain data as YAML text in ropa's normal form, directly: the writer of ``ropa import``.

The normal form is what ``ropa fmt`` writes (``ropa.edit.yamlrt``, through ruamel.yaml's
emitter): 2-space indentation, list items indented under their key (``  - id: x``), lists of
scalars (and empty lists) and ``address`` mappings in flow style on one line, everything
else in block style, lines never re-wrapped. A string is written plain where that reads back
as the same string in YAML 1.2 and 1.1 (``misread_as_other_type``: ``no``, ``on``, ``017``,
``12:30``, ``2024-01-01`` are quoted) and where plain is allowed in its context (YAML
indicators, ``: `` and `` #``, leading and trailing blanks, line breaks, control characters:
see ``plain_allowed``), otherwise double-quoted with YAML's escapes. Dates are written as
``YYYY-MM-DD``, integers and booleans as themselves.

``PlainWriter`` writes the same text as ruamel.yaml does with ropa's layout (a test compares
the two on generated data and hostile strings), so ``ropa fmt --check`` accepts an imported
registry as it is, but at a small fraction of the cost: ruamel's emitter takes ~25 µs a
node, which was most of writing a registry of thousands of activities. (ruamel.yaml itself
writes a string starting with ``?`` plain inside a flow list, ``[?x]``, which libyaml reads
as a mapping; ``ropa.edit.yamlrt`` quotes it, as this writer does.)

This module is part of the core: the importer and the editing commands stand on it.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable, Iterable
from typing import Any

from ropa.yaml_nodes import resolve_plain

__all__ = ["PlainWriter", "Layout", "Block", "misread_as_other_type", "plain_allowed", "double_quoted", "safe_data", "FLOW_KEYS", "WIDTH"]

WIDTH = 2**31 - 1  # never re-wrap a line, however long: wrapping is the author's choice
FLOW_KEYS = frozenset({"address"})  # mappings written on one line: `address: {street: ..., city: ...}`
_STR = "tag:yaml.org,2002:str"

# YAML 1.1 (https://yaml.org/type/) reads more plain scalars as something other than text
# than YAML 1.2 does: yes/no/on/off/y/n as booleans, 12:30 as a base-60 integer, 017 as octal,
# 1_000 and 1_0.5 as numbers. ropa reads YAML 1.2, but a registry is also read by other
# tools; a string any of them would misread is written in quotes.
YAML11_NOT_TEXT = re.compile(r"""^(?:
     y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF
    |~|null|Null|NULL|<<|=
    |[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+
    |[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+
    |[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+
    |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*
    |[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)
    |[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9]
       (?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)?
    )$""", re.X)
# the first characters of every plain scalar YAML 1.2 or 1.1 reads as something other than text
_MAYBE_NOT_TEXT = frozenset("yYnNtTfFoO~<=+-.0123456789")
_REMEMBER = 50_000  # strings a writer remembers as written, per context


def misread_as_other_type(text: str) -> bool:
    """True if a plain ``text`` would be read as something other than text by YAML 1.2 or 1.1."""
    return resolve_plain(text) != _STR or bool(YAML11_NOT_TEXT.match(text))


# The common case, decided by one match: word characters, spaces and printable marks, starting
# with a word character, not ending in a space. Such a scalar holds no indicator at its start,
# no line break or control character, and (checked apart) no `: ` or ` #`.
_SIMPLE_BLOCK = re.compile("[^\\W_][\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]*(?<! )\\Z")
_SIMPLE_FLOW = re.compile(r"[^\W_][\w .()/§–+-]*(?<! )\Z")

_WHITESPACE = "\0 \t\r\n\x85\u2028\u2029"
_BREAKS = "\n\x85\u2028\u2029"
_FIRST_INDICATORS = "#,[]{}&*!|>'\"%@`"
# characters a plain or double-quoted scalar cannot hold as they are: control characters,
# the byte order mark, the two quoting characters of double quotes, and non-characters
_ESCAPED = re.compile("[^\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[\"\\\\\x85\u2028\u2029\ufeff]")
_ESCAPES = {"\0": "0", "\x07": "a", "\x08": "b", "\x09": "t", "\x0a": "n", "\x0b": "v", "\x0c": "f", "\x0d": "r",
            "\x1b": "e", '"': '"', "\\": "\\", "\x85": "N", "\xa0": "_", "\u2028": "L", "\u2029": "P"}
_PRINTABLE = re.compile("[\n\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]*\\Z")


def _escape(match: re.Match[str]) -> str:
    ch = match.group(0)
    code = _ESCAPES.get(ch)
    if code is not None:
        return "\\" + code
    point = ord(ch)
    return f"\\x{point:02X}" if point <= 0xFF else f"\\u{point:04X}" if point <= 0xFFFF else f"\\U{point:08X}"


def double_quoted(text: str) -> str:
    """``text`` as a YAML double-quoted scalar on one line (YAML's escapes: ``\\n``, ``\\t``, ``\\"``, ``\\x07``, ...)."""
    return '"' + _ESCAPED.sub(_escape, text) + '"'


def plain_allowed(text: str, flow: bool, yaml11: bool = True) -> bool:
    """True if ``text`` may be written as a plain scalar, as a value in block context or an item
    of a flow list (``flow``), and reads back as the same string (YAML 1.2 and 1.1).

    The rules of YAML's emitters (libyaml, ruamel.yaml: ``analyze_scalar``): no empty text, no
    leading or trailing blank, no line break, only printable characters (no byte order mark);
    not starting with an indicator (``#,[]{}&*!|>'"%@```, ``---``, ``...``, ``- ``, ``? ``,
    ``: ``); no ``: `` or `` #`` inside, nor a ``:`` at the end; in a flow list also no
    ``,[]{}``, no ``:`` at all and no ``?`` at the start (libyaml reads ``[?x]`` as a mapping). ``yaml11=False`` (mapping keys, as
    YAML's emitters write them): only YAML 1.2's reading of the text counts.
    """
    if not text or text[0] == " " or text[-1] == " " or not _PRINTABLE.match(text) or "\ufeff" in text:
        return False
    if any(b in text for b in _BREAKS):
        return False
    first = text[0]
    if first in _FIRST_INDICATORS or text.startswith(("---", "...")):
        return False
    after_first = len(text) == 1 or text[1] in _WHITESPACE
    if first in "-?:" and after_first:
        return False
    if ": " in text or " #" in text or text.endswith(":") or ":\t" in text:
        return False
    if flow and (first == "?" or ":" in text or any(c in text for c in ",[]{}")):
        return False
    return not misread_as_other_type(text) if yaml11 else resolve_plain(text) == _STR


class _Rank(dict):
    """A key's place in a ``Layout``: its index among the named keys; any other key after them."""

    __slots__ = ()

    def __missing__(self, key: str) -> int:
        return len(self)


class Layout:
    """The order of a mapping's keys, and the layouts of the mappings inside it.

    ``order``: the keys that come first, in this order; every other key follows them in the
    order it came (``ropa fmt`` puts the model's fields first, then own ``x-`` fields), and
    without ``order`` every key stays where it came. ``children``: per key, the layout of its
    value where that is a mapping, or of each mapping in its list. ``each``: the layout of every
    value (a mapping keyed by ids). A layout may hold itself (a recursive model)."""

    __slots__ = ("rank", "children", "each")

    def __init__(self, order: Iterable[str] | None = None, children: dict[str, Layout] | None = None,
                 each: Layout | None = None) -> None:
        self.rank = _Rank((key, index) for index, key in enumerate(order)) if order is not None else None
        self.children: dict[str, Layout] = children if children is not None else {}
        self.each = each

    def keys(self, data: dict) -> Iterable[Any]:
        """The keys of ``data`` in this layout's order."""
        return data if self.rank is None else sorted(data, key=self.rank.__getitem__)


_NO_CHILDREN: dict[str, Layout] = {}

# an object the writer meets that is written as a block mapping by its own function:
# ``block(value, lead, pad)`` -> its lines, the first starting with ``lead``, the others with ``pad``
Block = Callable[[Any, str, str], str]


class PlainWriter:
    """Plain data (dicts, lists, strings, integers, booleans, dates) as YAML text in ropa's normal form.

    ``dump({"activities": [{...}]})`` -> the file's text. Mappings are indented by 2, list items
    ``- `` indented by 2 under their key; lists of scalars (and empty lists), empty mappings and
    ``address`` mappings are written in flow style on one line. ``dump(data, layout)`` puts the
    keys in a ``Layout``'s order as it writes them (no reordered copy of the data is made).
    ``blocks``: classes of objects written as a block mapping by a function of their own
    (``Block``; the importer's compact sources), met as values or list items.
    """

    def __init__(self, blocks: dict[type, Block] | None = None) -> None:
        self._keys: dict[str, str] = {}
        # strings written before, as written (ids, sheet names, column letters, categories
        # recur in every activity), in block and in flow context; bounded
        self._seen: tuple[dict[str, str], dict[str, str]] = ({}, {})
        self._blocks: dict[type, Block] = dict(blocks or {})

    def _text(self, value: str, flow: bool) -> str:
        seen = self._seen[flow]
        out = seen.get(value)
        if out is None:
            if (_SIMPLE_FLOW if flow else _SIMPLE_BLOCK).match(value) and (
                    value[0] not in _MAYBE_NOT_TEXT or not misread_as_other_type(value)) and (
                    flow or (": " not in value and " #" not in value and value[-1] != ":")):
                out = value
            else:
                out = value if plain_allowed(value, flow) else double_quoted(value)
            if len(seen) >= _REMEMBER:
                seen.clear()
            seen[value] = out
        return out

    def scalar(self, value: Any, flow: bool = False) -> str:
        """One scalar as it is written: a value in block context, or an item of a flow list."""
        if value.__class__ is str:
            return self._text(value, flow)
        if value is True or value is False:
            return "true" if value else "false"
        if isinstance(value, int):
            return str(value)
        if isinstance(value, _dt.datetime):
            raise TypeError(f"a date and time is not a value of the registry: {value!r}")
        if isinstance(value, _dt.date):
            return value.isoformat()
        if isinstance(value, str):  # a subclass of str
            return self.scalar(str(value), flow)
        raise TypeError(f"not a value of the registry: {value!r}")

    def key(self, key: str) -> str:
        """A mapping key: plain where YAML 1.2 reads it back as the same text, else double-quoted."""
        out = self._keys.get(key)
        if out is None:
            if not isinstance(key, str):
                raise TypeError(f"not a key of the registry: {key!r}")
            # as ruamel.yaml writes a simple key: plain unless an indicator or YAML 1.2's reading
            # of the text forbids it (the keys are the model's field names and `x-` fields)
            out = key if plain_allowed(key, False, yaml11=False) else double_quoted(key)
            self._keys[key] = out
        return out

    def _flow(self, value: Any, layout: Layout | None = None) -> str:
        if isinstance(value, dict):
            keys = value if layout is None else layout.keys(value)
            return "{" + ", ".join(f"{self.key(k)}: {self.scalar(value[k], True)}" for k in keys) + "}"
        scalar = self.scalar
        return "[" + ", ".join([scalar(v, True) for v in value]) + "]"

    def _mapping(self, data: dict, indent: int, out: list[str], first: str | None = None,
                 layout: Layout | None = None) -> None:
        pad = " " * indent
        scalar, keys, block, blocks = self.scalar, self._keys, self._seen[False], self._blocks
        lead = pad if first is None else first
        if layout is None:
            order: Iterable[Any] = data
            children, each = _NO_CHILDREN, None
        else:
            order = data if layout.rank is None else sorted(data, key=layout.rank.__getitem__)
            children, each = layout.children, layout.each
        for key in order:
            value = data[key]
            head = lead + (keys.get(key) or self.key(key)) + ":"
            lead = pad
            cls = value.__class__
            if cls is str:  # most values
                out.append(head + " " + (block.get(value) or self._text(value, False)))
            elif cls is dict or isinstance(value, dict):
                if key in FLOW_KEYS or not value:
                    out.append(f"{head} {self._flow(value, each or children.get(key))}")
                else:
                    out.append(head)
                    self._mapping(value, indent + 2, out, None, each or children.get(key))
            elif cls is list or isinstance(value, list):
                if not value or all(v.__class__ is str or isinstance(v, str) for v in value):
                    out.append(f"{head} {self._flow(value)}")
                    continue
                out.append(head)
                sub = each or children.get(key)
                dash = " " * (indent + 2) + "- "
                inner = " " * (indent + 4)
                for item in value:
                    own = blocks.get(item.__class__) if blocks else None
                    if own is not None:
                        out.append(own(item, dash, inner))
                    elif isinstance(item, dict) and item:
                        self._mapping(item, indent + 4, out, dash, sub)
                    elif isinstance(item, dict):
                        out.append(dash + "{}")
                    elif isinstance(item, list):
                        raise TypeError("a list inside a list is not a shape of the registry")
                    else:
                        out.append(dash + scalar(item, False))
            elif blocks and cls in blocks:
                out.append(head)
                inner = " " * (indent + 2)
                out.append(blocks[cls](value, inner, inner))
            else:
                out.append(f"{head} {scalar(value, False)}")

    def dump(self, data: dict, layout: Layout | None = None) -> str:
        """The text of one file holding ``data`` (a mapping), its keys in ``layout``'s order."""
        out: list[str] = []
        self._mapping(data, 0, out, None, layout)
        return "\n".join(out) + "\n"


def safe_data(text: str) -> Any:
    """The data of a YAML text (no positions, no comments), to compare two texts by content."""
    from ruamel.yaml import YAML

    return YAML(typ="safe", pure=False).load(text)
