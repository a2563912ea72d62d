"""Is a text already in ``fmt``'s normal form? Decided with libyaml, without ruamel's round trip.

``ropa.edit.layout.format_text`` loads a file with ruamel.yaml's round-trip loader (pure Python:
it must keep comments) and dumps it again: about 20 times the cost of parsing it with
libyaml. Most files fmt sees (in a hook, in CI) are already in normal form. ``in_normal_form``
reads the text's events with libyaml (``ropa.yaml_nodes``'s parser) and checks, piece by piece,
that the text is what the dump would write:

- every mapping of the model has its keys in field order (``ropa.edit.layout.normalise``);
- the layout is the dump's: block mappings indented by 2, list items ``- `` indented by 2
  under their key, flow collections on one line (``[a, b]``, ``{k: v}``), one space after
  ``:`` and ``,``, no trailing spaces;
- every scalar is written as the dump writes it. Where a rule makes that certain (``_kept``:
  plain text without indicators, double-quoted text that may not be plain, identifier keys;
  ``_folded_kept``: simple ``>-`` text) the rule decides; any other scalar, and every value of
  an own `x-` field, is asked of ``format_text`` itself in a small document holding it in the
  same context (``_CONTEXTS``), once per distinct text;
- comments only on lines of their own, between entries, and before the first key or after
  the last value (the places where the round trip writes them back as they were).

Anything else (an end-of-line comment, a tag, ``---``, a multi-line flow
collection, CRLF, tabs, a duplicate key, ...) makes the answer False, which only means "not
known": fmt then does the round trip. True means ``format_text(text) == text``; the tests
compare the two on every file of the bundled registry, the fixtures and the bench registry,
and on mutations of them.
"""

from __future__ import annotations

from typing import Any

import re

from ropa.edit.layout import format_text
from ropa.edit.yamlrt import _YAML11_NOT_TEXT, misread_as_other_type
from ropa.load import field_specs
from ropa.model import COLLECTIONS, RegistryMeta
from ropa.problems import MAX_NODES
from ropa.edit.nodes import MAP, SCALAR, SEQ, TooLarge, YAMLError, tree
from ropa.yaml_nodes import resolve_plain

_STR = "tag:yaml.org,2002:str"

# A node: [kind, start, end, style or flow, value] (``ropa.edit.nodes``)
_SCALAR, _MAP, _SEQ = SCALAR, MAP, SEQ


class _NotKnown(Exception):
    """The text may not be in normal form: leave the decision to the round trip."""


def _tree(text: str) -> Any:
    """The nodes of a one-document text (``ropa.edit.nodes``), or _NotKnown for what the check
    does not handle: a tag, an anchor or alias, ``---`` or ``...``, several documents, deep nesting."""
    try:
        found = tree(text, MAX_NODES)  # the loader's limit: fmt reports it (``parse``)
    except (YAMLError, TooLarge):
        raise _NotKnown from None
    if found.special or found.explicit or len(found.documents) > 1 or found.depth > 61:
        raise _NotKnown
    return found.documents[0] if found.documents else None


# Each context a scalar can stand in, as a small document: the text before and after it;
# under an `x-` key (an own field, which fmt writes as its author wrote it) and elsewhere.
_CONTEXTS = {
    ("key", False): ("", ": 0\n"),  # a block mapping's key
    ("value", False): ("k: ", "\n"),  # a block mapping's value
    ("item", False): ("k:\n  - ", "\n"),  # a block sequence's item
    ("flow", False): ("k: [", "]\n"),  # a flow sequence's item
    ("flowkey", False): ("k: {", ": 0}\n"),
    ("flowvalue", False): ("k: {a: ", "}\n"),
    ("block", False): ("k: ", "z: 0\n"),  # a block scalar (its header, lines and final line break)
    ("key", True): ("x-k:\n  ", ": 0\n"),
    ("value", True): ("x-k: ", "\n"),
    ("item", True): ("x-k:\n  - ", "\n"),
    ("flow", True): ("x-k: [", "]\n"),
    ("flowkey", True): ("x-k: {", ": 0}\n"),
    ("flowvalue", True): ("x-k: {a: ", "}\n"),
    ("block", True): ("x-k: ", "z: 0\n"),
}


class _Oracle:
    """Whether ``format_text`` writes a scalar in a context as it stands: asked with a small
    document holding it, once per distinct text and context."""

    def __init__(self) -> None:
        self._asked: dict[tuple[str, bool, str], bool] = {}

    def keeps(self, context: str, own: bool, source: str) -> bool:
        """True if the round trip writes ``source`` in ``context`` exactly as it stands."""
        answer = self._asked.get((context, own, source))
        if answer is None:
            from ruamel.yaml.error import YAMLError


            before, after = _CONTEXTS[context, own]
            document = before + source + after
            try:
                answer = format_text(document) == document
            except YAMLError:
                answer = False
            self._asked[context, own, source] = answer
        return answer


_ORACLE = _Oracle()


_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]{0,100}\Z")  # a key the dump writes plain as it stands
# characters the dump writes as they are inside double quotes (allow_unicode), `"` and `\` escaped
_DOUBLE_SAFE = re.compile(r"[\x20-\x7e\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd]*\Z")
# a scalar's first character that is no indicator (`-?:,[]{}#&*!|>'"%@` and the backquote)
_FIRST = r"[\x24\x28-\x29\x2b\x2e-\x39\x3b-\x3d\x41-\x5a\x5c\x5e-\x5f\x61-\x7a\x7e\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd]"
# a plain scalar in a flow collection the dump writes as it stands: no flow indicator (`,[]{}`),
# no `#` or `:`, no `?`, not ending in a space
_PLAIN_FLOW = re.compile(_FIRST + r"(?:[\x20-\x22\x24-\x2b\x2d-\x39\x3b-\x3e\x40-\x5a\x5c\x5e-\x7a\x7c\x7e"
                         r"\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd]*[^ ])?\Z")
# the same in block context, where `,[]{}?` may stand inside, and `:` and `#` where they are not
# an indicator (``_plain_safe``)
_PLAIN_BLOCK_WIDE = re.compile(_FIRST + r"(?:[\x20-\x7e\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd]*[^ ])?\Z")
# a folded block scalar's line the dump writes back as it stands (no leading or trailing
# space, nothing it would escape)
_FOLDED_LINE = re.compile(r"[\x21-\x7e\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd]"
                          r"(?:[\x20-\x7e\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd]*[^ ])?\Z")


def _needs_quotes(value: str, flow: bool) -> bool:
    """True if a text certainly cannot be written plain (an indicator YAML reads in it)."""
    first = value[0]
    if first in "#,[]{}&*!|>'\"%@`" or value[-1] in " :" or first == " ":
        return True
    if first in "?:-" and (len(value) == 1 or value[1] == " "):
        return first == "-" or not flow  # ruamel writes `? x` and `: x` plain in a flow collection
    if ": " in value or " #" in value:
        return True
    return flow and any(ch in value for ch in ",[]{}")


def _plain_safe(value: str, flow: bool) -> bool:
    """True if the dump may write ``value`` plain (it holds no indicator), as far as that is certain."""
    if value.startswith(("---", "...")):  # a document marker
        return False
    if flow:
        return bool(_PLAIN_FLOW.match(value))
    return bool(_PLAIN_BLOCK_WIDE.match(value)) and not (": " in value or " #" in value or value[-1] == ":")


def _kept(context: str, flow: bool, style: str, source: str, value: str) -> bool | None:
    """Whether the dump writes a one-line scalar as it stands, where that is certain; None: ask."""
    if context in ("key", "flowkey"):
        return True if style == "" and source == value and _KEY.match(value) else None
    if style == "":
        if source != value or not _plain_safe(value, flow):
            return None
        # format_text's emitter quotes a plain text that YAML 1.1 would read as another type
        return not (resolve_plain(value) == _STR and _YAML11_NOT_TEXT.match(value))
    if style == '"':
        return _double_kept(flow, source, value)
    return None


def _double_kept(flow: bool, source: str, value: str) -> bool | None:
    """Whether the dump keeps a double-quoted one-line text in quotes (it escapes only `"` and
    `\\` in such a text); None: ask."""
    if not _DOUBLE_SAFE.match(value) or source[1:-1] != value.replace("\\", "\\\\").replace('"', '\\"'):
        return None
    if not value or misread_as_other_type(value):
        return True  # kept in quotes: plain would read back as another type
    if _plain_safe(value, flow):
        return False  # written plain
    return True if _needs_quotes(value, flow) else None


def _folded_kept(source: str, indent: int) -> bool:
    """A folded block scalar (``>-``, lines at ``indent``) the dump certainly writes as it stands."""
    header, *lines = source[:-1].split("\n")
    if header != ">-" or not lines:
        return False
    pad = " " * indent
    for line in lines:
        if not line.startswith(pad) or not _FOLDED_LINE.match(line, indent):
            return False
    return True


class _Checker:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.line_start = True  # the position is at the start of a line (after a block scalar)

    def expect(self, piece: str) -> None:
        if not self.text.startswith(piece, self.pos):
            raise _NotKnown
        self.pos += len(piece)

    def at(self, node: list) -> None:
        if self.pos != node[1]:
            raise _NotKnown

    def gap(self, indent: int) -> None:
        """A line break (unless at a line start), comment and blank lines, then ``indent`` spaces."""
        text = self.text
        pos = self.pos
        if not self.line_start:
            if not text.startswith("\n", pos):
                raise _NotKnown
            pos += 1
        self.line_start = False
        while True:
            end = text.find("\n", pos)
            if end < 0:
                raise _NotKnown
            line = text[pos:end]
            if line and not (line.lstrip(" ").startswith("#") and not line[-1].isspace()):
                break
            pos = end + 1
        self.pos = pos
        self.expect(" " * indent)
        if text.startswith(" ", self.pos):
            raise _NotKnown

    def scalar(self, node: list, context: str, flow: bool, own: bool) -> None:
        """A one-line scalar at the position, written as the dump writes it (``own``: under an `x-` key)."""
        self.at(node)
        start, end = node[1], node[2]
        source = self.text[start:end]
        if not source or "\n" in source or node[3] in ("|", ">"):
            raise _NotKnown
        kept = None if own else _kept(context, flow, node[3], source, node[4])
        if kept is None:
            kept = _ORACLE.keeps(context, own, source)
        if not kept:
            raise _NotKnown
        self.pos = end

    def block_scalar(self, node: list, indent: int, own: bool) -> None:
        """A block scalar (``|``, ``>``) as a mapping value: its lines indented by ``indent``."""
        self.at(node)
        source = self.text[node[1]:node[2]]
        if not source.endswith("\n"):
            raise _NotKnown
        if not own and _folded_kept(source, indent):
            self.pos = node[2]
            self.line_start = True
            return
        header, *lines = source[:-1].split("\n")
        pad = " " * indent
        shifted = [header]
        for line in lines:
            if line and not line.startswith(pad):
                raise _NotKnown
            shifted.append(line[indent - 2:] if line else line)
        if not _ORACLE.keeps("block", own, "\n".join(shifted) + "\n"):
            raise _NotKnown
        self.pos = node[2]
        self.line_start = True

    def flow(self, node: list, own: bool) -> None:
        """A flow collection on one line: ``[a, b]``, ``{k: v, k2: [x]}``."""
        self.at(node)
        kind, items = node[0], node[4]
        if kind == _SCALAR or not node[3]:
            raise _NotKnown
        if kind == _SEQ:
            self.expect("[")
            for n, item in enumerate(items):
                if n:
                    self.expect(", ")
                if item[0] == _SCALAR:
                    self.scalar(item, "flow", True, own)
                else:
                    self.flow(item, own)
            self.expect("]")
        else:
            self.expect("{")
            for n in range(0, len(items), 2):
                if n:
                    self.expect(", ")
                key, value = items[n], items[n + 1]
                if key[0] != _SCALAR:
                    raise _NotKnown
                inner = own or key[4].startswith("x-")
                self.scalar(key, "flowkey", True, own)
                self.expect(": ")
                if value[0] == _SCALAR:
                    self.scalar(value, "flowvalue", True, inner)
                else:
                    self.flow(value, inner)
            self.expect("}")
        if self.pos != node[2]:
            raise _NotKnown

    def mapping(self, node: list, indent: int, own: bool = False) -> None:
        """A block mapping whose first key is at the position, its keys at column ``indent``."""
        items = node[4]
        for n in range(0, len(items), 2):
            key, value = items[n], items[n + 1]
            if n:
                self.gap(indent)
            if key[0] != _SCALAR:
                raise _NotKnown
            inner = own or key[4].startswith("x-")
            self.scalar(key, "key", False, own)
            self.expect(":")
            if value[0] == _SCALAR:
                if value[3] in ("|", ">"):
                    self.expect(" ")
                    self.block_scalar(value, indent + 2, inner)
                elif value[4] == "" and value[3] == "":  # `key:` with nothing after it
                    self.at(value)
                    if value[2] != value[1]:
                        raise _NotKnown
                else:
                    self.expect(" ")
                    self.scalar(value, "value", False, inner)
            elif value[3]:
                self.expect(" ")
                self.flow(value, inner)
            else:
                self.gap(indent + 2)
                self.at(value)
                if value[0] == _MAP:
                    self.mapping(value, indent + 2, inner)
                else:
                    self.sequence(value, indent + 2, inner)

    def sequence(self, node: list, indent: int, own: bool) -> None:
        """A block sequence whose first ``- `` is at the position, at column ``indent``."""
        for n, item in enumerate(node[4]):
            if n:
                self.gap(indent)
            self.expect("- ")
            if item[0] == _SCALAR:
                self.scalar(item, "item", False, own)
            elif item[3]:
                self.flow(item, own)
            elif item[0] == _MAP and item[4]:
                self.at(item)
                self.mapping(item, indent + 2, own)
            else:
                raise _NotKnown

    def end(self) -> None:
        """The end: a final line break, then nothing or a closing block with a comment."""
        if not self.line_start:
            self.expect("\n")
        rest = self.text[self.pos:]
        if not rest:
            return
        if self.line_start:  # the closing comments would follow a block scalar
            raise _NotKnown
        lines = rest.split("\n")
        if lines[-1] or not any(line.lstrip(" ").startswith("#") for line in lines):
            raise _NotKnown
        for line in lines[:-1]:
            if line and not (line.lstrip(" ").startswith("#") and not line[-1].isspace()):
                raise _NotKnown


def _ordered(node: list, cls: type) -> None:
    """Keys of a model mapping (and of its children) in field order, as ``fmt.normalise`` puts them."""
    if node[0] != _MAP:
        return
    specs = field_specs(cls)
    items = node[4]
    keys = [items[n][4] for n in range(0, len(items), 2)]
    present = set(keys)
    ranked = [name for name in specs if name in present]
    if keys[:len(ranked)] != ranked:
        raise _NotKnown
    values = dict(zip(keys, items[1::2]))
    for name in ranked:
        _ordered_value(values[name], specs[name].kind)


def _ordered_value(node: list, kind: Any) -> None:
    if kind.tag == "node" and kind.cls is not None:
        _ordered(node, kind.cls)
    elif kind.tag == "list" and kind.item is not None and node[0] == _SEQ:
        for item in node[4]:
            _ordered_value(item, kind.item)
    elif kind.tag == "map" and kind.item is not None and node[0] == _MAP:
        for item in node[4][1::2]:
            _ordered_value(item, kind.item)


def _plain_keys(node: list) -> None:
    """Every key a scalar, none twice in a mapping."""
    stack = [node]
    while stack:
        item = stack.pop()
        if item[0] == _SCALAR:
            continue
        children = item[4]
        if item[0] == _MAP:
            keys = children[::2]
            texts = [key[4] if key[0] == _SCALAR else None for key in keys]
            if None in texts or len(set(texts)) != len(texts):
                raise _NotKnown
            stack.extend(children[1::2])
        else:
            stack.extend(children)


def in_normal_form(text: str) -> bool:
    """True only if ``format_text(text) == text``; False: not known (do the round trip)."""
    if "\r" in text or "\t" in text or text.startswith(("\ufeff", "\n")):
        return False  # the round trip drops a byte order mark and blank lines that open the file
    try:
        root = _tree(text)
        if root is None or root[0] != _MAP or root[3] or not root[4]:
            return False
        _plain_keys(root)
        _in_model_order(root)
        check = _Checker(text)
        check.gap(0)
        check.at(root)
        check.mapping(root, 0)
        check.end()
    except _NotKnown:
        return False
    return True


def _in_model_order(root: list) -> None:
    """_NotKnown unless every mapping of the model has its keys in field order (top-level
    sections stay where they are: ``format_text``)."""
    items = root[4]
    for n in range(0, len(items), 2):
        key, value = items[n][4], items[n + 1]
        if key == "registry":
            _ordered(value, RegistryMeta)
        elif key in COLLECTIONS and value[0] == _SEQ:
            for item in value[4]:
                _ordered(item, COLLECTIONS[key])


__all__ = ["in_normal_form"]
