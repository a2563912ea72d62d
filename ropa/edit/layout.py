"""The normal form of a registry file (``ropa fmt``'s layout), computed with ruamel.yaml's round trip.

Keys are put in the model's field order (``ropa.model``: the order its classes declare their
fields), own fields (``x-``) and keys the model does not know after them in their original
order; indentation and quoting follow ``ropa.edit.yamlrt``. ``scan`` finds with libyaml what
the round trip must not lose (comments, the text of `x-` values). Used by ``ropa.edit.fmt``
(which decides when to write) and ``ropa.edit.normal`` (which recognises the normal form
without the round trip); it imports neither.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from ropa.edit.yamlrt import KeepDouble, KeepPlain, KeepSingle, dump_rt, load_rt, rt_yaml
from ropa.load import Kind, field_specs
from ropa.model import COLLECTIONS, RegistryMeta, Value


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


def _comments(text: str, starts: list[int], ends: list[int]) -> tuple[Counter, dict[str, int]]:
    """The comments of a text (a ``#`` outside the scalars, which start and end at the given
    offsets, to the end of its line), counted, and the line each is first on."""
    import bisect

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
    return comments, first_line


def _children(node: list, own: bool, flow: bool) -> list[tuple[list, bool, bool]]:
    """A collection's children (``ropa.edit.nodes``), each with whether it is inside an x- value
    (the value of an x- key is an own field's) and whether its parent is kept as written."""
    from ropa.edit.nodes import MAP, SCALAR

    value = node[4]
    if node[0] != MAP:
        return [(child, own, flow) for child in value]
    out = []
    for key, item in zip(value[::2], value[1::2]):
        out += [(key, own, flow), (item, own or (key[0] == SCALAR and key[4].startswith("x-")), flow)]
    return out


def scan(text: str) -> Scan:
    """Comments and `x-` value texts of a YAML text (which must parse)."""
    from ropa.edit.nodes import MAP, SCALAR, SEQ, tree

    starts: list[int] = []
    ends: list[int] = []
    own_values: Counter = Counter()
    # (node, inside an x- value, its parent is a flow collection kept as written), in text order
    todo: list[tuple[list, bool, bool]] = [(root, False, False) for root in reversed(tree(text).documents)]
    while todo:
        node, own, kept = todo.pop()
        kind, start, end, style, value = node
        if kind == SCALAR:
            starts.append(start)
            ends.append(end)
            if own:
                own_values[style + value if style in ("|", ">") else text[start:end]] += 1  # indentation may change
        elif kind == MAP or kind == SEQ:
            flow = own and style  # a flow collection under an x- key is kept as written, brackets and all
            if flow and not kept:
                own_values[text[start:end]] += 1
            todo.extend(reversed(_children(node, own, flow)))
    comments, first_line = _comments(text, starts, ends)
    return Scan(comments, first_line, own_values, max(ends, default=0))
