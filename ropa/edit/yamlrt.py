"""Round-trip YAML for the commands that write registry files (``fmt``, ``new``, ``init``).

One layout for every file ropa writes: 2-space indentation, list items indented under
their key (``  - id: x``), strings plain where that reads back as the same string and
double-quoted otherwise, block scalars (``|``, ``>``) kept, comments kept, lines not
re-wrapped. Writes are atomic and only happen after the new text parsed back to the
same data as the old one.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from ruamel.yaml.scalarstring import ScalarString

from ropa.findings import RopaError
from ropa.i18n import msg

WIDTH = 2**31 - 1  # never re-wrap a line, however long: wrapping is the author's choice

# YAML 1.1 (https://yaml.org/type/) reads more plain scalars as something other than text
# than YAML 1.2 does: yes/no/on/off/y/n as booleans, 12:30 as a base-60 integer, 017 as octal,
# 1_000 and 1_0.5 as numbers. ropa reads YAML 1.2, but a registry is also read by other
# tools; a string any of them would misread is written in quotes.
_YAML11_NOT_TEXT = re.compile(r"""^(?:
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


def misread_as_other_type(text: str) -> bool:
    """True if a plain ``text`` would be read as something other than text by YAML 1.2 or 1.1."""
    from ropa.yaml_nodes import resolve_plain

    return resolve_plain(text) != "tag:yaml.org,2002:str" or bool(_YAML11_NOT_TEXT.match(text))


# An `x-` field belongs to its author: ``fmt`` writes its scalars as they were (plain stays
# plain, quotes stay the same quotes). These marker types carry that through the dump.
class KeepPlain(ScalarString):  # ruamel keeps a ScalarString's type when a mapping value is replaced
    __slots__ = ()


class KeepSingle(ScalarString):
    __slots__ = ()


class KeepDouble(ScalarString):
    __slots__ = ()


_KEEP_STYLE = {KeepPlain: "", KeepSingle: "'", KeepDouble: '"'}


class YamlWriteError(RopaError):
    """A file would not survive the round trip; nothing was written."""


def rt_yaml(verbatim: bool = False) -> Any:
    """A round-trip ``YAML`` instance with ropa's layout.

    ``verbatim`` (for ``fmt``): plain scalars are not resolved but kept as the text they
    are, so a value is never respelled (``True`` stays ``True``, ``+5`` stays ``+5``, a date
    stays as written); quoted ones keep their quotes until the emitter decides plain reads
    back the same.
    """
    from ruamel.yaml import YAML
    from ruamel.yaml.emitter import RoundTripEmitter
    from ruamel.yaml.representer import RoundTripRepresenter
    from ruamel.yaml.nodes import ScalarNode
    from ruamel.yaml.resolver import VersionedResolver

    class Emitter(RoundTripEmitter):
        """Plain where that reads back as the same text in YAML 1.2 and 1.1; else double quotes."""

        def choose_scalar_style(self) -> Any:
            event = self.event
            if event.style and event.style.startswith("keep"):
                keep = event.style[4:]
                event.style = keep or None
                style = super().choose_scalar_style()
                return style if style != "'" or keep == "'" else '"'
            source = event.style
            style = super().choose_scalar_style()
            value = event.value
            if self.flow_level and value and ":" in value and (style == "" or source in ("'", '"')):
                # libyaml refuses `:` in a plain scalar inside a flow collection (`[a:b]`)
                return '"'
            if style == "" and event.implicit[0] and value and not self.simple_key_context:
                # plain: quote text that YAML 1.1 would read as another type; a plain
                # scalar that YAML 1.2 reads as a number, date or boolean stays as written
                from ropa.yaml_nodes import resolve_plain

                if resolve_plain(value) == "tag:yaml.org,2002:str" and _YAML11_NOT_TEXT.match(value):
                    return '"'
                return style
            if verbatim and source in ("'", '"') and value and not misread_as_other_type(value):
                event.style = None  # a quoted source scalar: plain if that reads back the same
                self.analysis = None
                plain = super().choose_scalar_style()
                if plain == "":
                    return plain
                event.style = source
            if style == "'" and self.analysis is not None and self.analysis.allow_double_quoted:
                return '"'
            return style

    class Representer(RoundTripRepresenter):
        pass

    def keep(representer: Any, data: str) -> Any:
        return representer.represent_scalar("tag:yaml.org,2002:str", str(data),
                                             style="keep" + _KEEP_STYLE[type(data)])

    for cls in _KEEP_STYLE:
        Representer.add_representer(cls, keep)

    class TextResolver(VersionedResolver):
        """No implicit types: every plain scalar is the text it was written as."""

        def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
            if kind is ScalarNode:
                return self.DEFAULT_SCALAR_TAG
            return super().resolve(kind, value, implicit)

    yaml = YAML(typ="rt")
    if verbatim:
        yaml.Resolver = TextResolver  # nothing is respelled
    yaml.Representer = Representer
    yaml.Emitter = Emitter
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = WIDTH
    yaml.allow_unicode = True
    yaml.preserve_quotes = verbatim
    yaml.explicit_start = False
    yaml.brace_single_entry_mapping_in_flow_sequence = True  # `[{k: v}]` stays as written
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


# A plain scalar the fast writer may write without asking ruamel: word characters, spaces and
# a few marks, starting with a word character, not ending in a space. Such a scalar has no
# indicator (`: `, ` #`, `,`, brackets, quotes) in block or flow context, so ruamel writes it
# plain unless it would read back as another type (``misread_as_other_type``). Everything
# else is written by ruamel itself (and remembered).
_PLAIN = re.compile(r"[^\W_][\w .()/§–+-]*(?<! )\Z")
# in block context (a mapping value, a list item) a plain scalar may also hold flow indicators
# and other printable characters after its first; `:` and `#` are left to ruamel
_PLAIN_BLOCK = re.compile("[^\\W_][\x20-\x22\x24-\x39\x3b-\x7e\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd]*(?<! )\\Z")


class PlainWriter:
    """``dump_rt(rt_data(data))`` for plain data, written directly: the same text, many times faster.

    ruamel's emitter costs ~25 µs a node, which is most of writing a registry of thousands of
    activities (``ropa import``). This writer lays the data out as ``rt_data`` and ``rt_yaml``
    do (mappings indented by 2, list items ``- `` indented by 2 under their key, lists of strings
    and ``address`` mappings in flow style) and writes each scalar as ruamel would: plain where
    ``_PLAIN`` and ``misread_as_other_type`` say it is safe, otherwise as ruamel writes it in
    that context (block or flow), asked once per distinct string. Tests compare its output with
    ``dump_rt(rt_data(...))`` on generated data.
    """

    def __init__(self) -> None:
        self._asked: dict[tuple[str, bool], str] = {}
        self._keys: dict[str, str] = {}
        self._yaml = rt_yaml()

    def scalar(self, value: Any, flow: bool) -> str:
        if value is True or value is False:
            return "true" if value else "false"
        if isinstance(value, int):
            return str(value)
        if hasattr(value, "isoformat"):
            return value.isoformat()
        key = (value, flow)
        out = self._asked.get(key)
        if out is None and (_PLAIN if flow else _PLAIN_BLOCK).match(value) and not misread_as_other_type(value):
            return value
        if out is None:
            text = dump_rt(rt_data({"k": [value] if flow else value}), self._yaml)
            out = text[len("k: ["):-len("]\n")] if flow else text[len("k: "):-1]
            self._asked[key] = out
        return out

    def key(self, key: str) -> str:
        """A mapping key as ruamel writes it (asked once per key: a registry has few)."""
        out = self._keys.get(key)
        if out is None:
            out = self._keys[key] = dump_rt(rt_data({key: 0}), self._yaml)[: -len(": 0\n")]
        return out

    def _flow(self, value: Any) -> str:
        if isinstance(value, dict):
            return "{" + ", ".join(f"{self.key(k)}: {self.scalar(v, True)}" for k, v in value.items()) + "}"
        return "[" + ", ".join(self.scalar(v, True) for v in value) + "]"

    def _mapping(self, data: dict, indent: int, out: list[str], first: str | None = None) -> None:
        pad = " " * indent
        for n, (key, value) in enumerate(data.items()):
            head = (first if n == 0 and first is not None else pad) + self.key(key) + ":"
            if isinstance(value, dict) and (key in FLOW_KEYS or not value):
                out.append(f"{head} {self._flow(value)}")
            elif isinstance(value, dict):
                out.append(head)
                self._mapping(value, indent + 2, out)
            elif isinstance(value, list) and (not value or all(isinstance(v, str) for v in value)):
                out.append(f"{head} {self._flow(value)}")
            elif isinstance(value, list):
                out.append(head)
                for item in value:
                    dash = " " * (indent + 2) + "- "
                    if isinstance(item, dict) and item:
                        self._mapping(item, indent + 4, out, first=dash)
                    elif isinstance(item, dict):
                        out.append(dash + "{}")
                    else:
                        out.append(dash + self.scalar(item, False))
            else:
                out.append(f"{head} {self.scalar(value, False)}")

    def dump(self, data: dict) -> str:
        out: list[str] = []
        self._mapping(data, 0, out)
        return "\n".join(out) + "\n"


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
    from ruamel.yaml.error import YAMLError

    try:
        return safe_data(old) == safe_data(new)
    except YAMLError:  # the new text does not parse (or the old one did not)
        return False


def atomic_write(path: Path, text: str, *, expected: bytes | None = None) -> None:
    """Write ``text`` to ``path`` atomically (``ropa.atomic.replace``; see there for ``expected``)."""
    from ropa.atomic import replace

    replace(Path(path), text.encode("utf-8"), expected=expected)


def create_exclusive(path: Path, text: str) -> None:
    """Write a new file, refusing to replace an existing one (even one created meanwhile): ``ropa.atomic.create``."""
    from ropa.atomic import create

    try:
        create(Path(path), text.encode("utf-8"))
    except FileExistsError:
        raise YamlWriteError(msg("{path} already exists; not overwritten", path=str(path))) from None
