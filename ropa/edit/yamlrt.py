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
import re
from pathlib import Path
from typing import Any

from ruamel.yaml.scalarstring import ScalarString

from ropa.findings import RopaError

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

    class Emitter(RoundTripEmitter):  # type: ignore[misc]
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

    class Representer(RoundTripRepresenter):  # type: ignore[misc]
        pass

    def keep(representer: Any, data: str) -> Any:
        return representer.represent_scalar("tag:yaml.org,2002:str", str(data),
                                             style="keep" + _KEEP_STYLE[type(data)])

    for cls in _KEEP_STYLE:
        Representer.add_representer(cls, keep)

    class TextResolver(VersionedResolver):  # type: ignore[misc]
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
    """Write a new file, refusing to replace an existing one (even one created meanwhile)."""
    from ropa.atomic import discard, remove_leftovers, write_temp

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(path.parent)
    tmp = write_temp(path.parent, path.name, text.encode("utf-8"))
    try:
        os.link(tmp, path)  # fails if path exists: no overwrite race
    except FileExistsError:
        raise YamlWriteError(f"{path} already exists; not overwritten") from None
    finally:
        discard(tmp)
