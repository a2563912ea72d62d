"""Round-trip YAML for the commands that write registry files (``fmt``, ``new``, ``init``).

One layout for every file ropa writes: 2-space indentation, list items indented under
their key (``  - id: x``), strings plain where that reads back as the same string and
double-quoted otherwise, block scalars (``|``, ``>``) kept, comments kept, lines not
re-wrapped. Writes are atomic and only happen after the new text parsed back to the
same data as the old one.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from ruamel.yaml.scalarstring import ScalarString

from ropa.findings import RopaError
from ropa.i18n import msg
from ropa.yaml_write import FLOW_KEYS, WIDTH, YAML11_NOT_TEXT, PlainWriter, misread_as_other_type, safe_data

__all__ = ["FLOW_KEYS", "WIDTH", "PlainWriter", "misread_as_other_type", "safe_data", "rt_yaml", "rt_data", "load_rt",
           "dump_rt", "same_content", "atomic_write", "create_exclusive", "YamlWriteError", "KeepPlain", "KeepSingle",
           "KeepDouble"]

# the layout's constants, the YAML 1.1 check and the direct writer live in the core (``ropa.yaml_write``)
_YAML11_NOT_TEXT = YAML11_NOT_TEXT


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
            if self.flow_level and value and (":" in value or value[0] == "?") and (style == "" or source in ("'", '"')):
                # libyaml refuses `:` in a plain scalar inside a flow collection (`[a:b]`), and
                # reads a plain scalar starting with `?` there as a mapping's key (`[?x]` is `[{x: null}]`)
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
