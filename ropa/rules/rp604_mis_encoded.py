"""Text that looks mis-encoded is reported.

## What it does
Reports any text in the registry that contains a typical mis-encoding sequence: UTF-8
read as Latin-1 or Windows-1252 (`Ã¼` for `ü`, `Ãœ` for `Ü`, `â€` for dashes and
quotes) or the replacement character `�`. The sequences are listed under `mojibake`
in `ropa/vocab/hygiene.yaml`. Two places are exempt, because there the damage is cited
on purpose: a source's verbatim `quote`, and text inside backticks (a note such as
"the notice has `Ãœ` for `Ü`"). One finding per field.

## Why is this bad?
The record is a document for the supervisory authority (Art. 30(4)); garbled names and
quotes make it unreliable and are often copied from a damaged source (the FACTS42 notice
has `Ãœ` for `Ü`). Quote the source correctly and note the damage in the document entry.

## Example
```yaml
activities:
  - id: web
    name: WebprÃ¤senz  # <-
    organisation: acme
```

## Use instead
```yaml
activities:
  - id: web
    name: Webpräsenz
    organisation: acme
```

## References
- Art. 30(3), 30(4), Art. 5(2) GDPR (a legible record; not Art. 5(1)(d), which concerns
  the personal data processed)
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate
from operator import attrgetter
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING

from ropa import vocab
from ropa.findings import Axis, Finding, Severity
from ropa.i18n import msg
from ropa.model import Node, Source, Text
from ropa.rules._util import _fields, located_strings, top_nodes

if TYPE_CHECKING:
    from ropa.rules.context import Context

CODE = "RP604"
NAME = "mis-encoded-text"
SEVERITY = Severity.WARNING
REFERENCE = "Art. 30(3) GDPR"
AXIS = Axis.RECORD


def check(ctx: Context) -> Iterator[Finding]:
    # Almost every string is clean, and walking the model with positions costs more than the
    # rest of the rules together. So one cheap pass first: every string the located walk
    # looks at, joined into one text and searched for the first characters of the patterns.
    # A pattern found in a string (even once its code spans are cut out, which only removes
    # characters) starts with one of them, so only the top-level entries where one occurs
    # get the located walk; the findings are the same.
    patterns = vocab.hygiene().mojibake
    entries = list(top_nodes(ctx.registry))
    if not all(patterns):  # an empty pattern matches everything: no shortcut
        suspects: Sequence[int] = range(len(entries))
    else:
        suspects = _suspects(entries, {p[0] for p in patterns})
    for entry in suspects:
        ident, node = entries[entry]
        yield from _located(ctx, ident, node, patterns)


def _suspects(entries: list[tuple[str, Node]], chars: set[str]) -> list[int]:
    """Indexes of the entries whose strings hold one of ``chars``, in order."""
    strings: list[str] = []
    firsts = []  # index in `strings` of each entry's first string
    for _, node in entries:
        firsts.append(len(strings))
        gather_strings(node, QUOTES, strings)
    text = "".join(strings)
    found = [c for c in chars if c in text]
    if not found:
        return []
    ends = list(accumulate(map(len, strings)))  # where each string ends in `text`
    suspects = set()
    for char in found:
        at = text.find(char)
        while at >= 0:
            entry = bisect_right(firsts, bisect_right(ends, at)) - 1
            suspects.add(entry)
            following = firsts[entry + 1] if entry + 1 < len(entries) else len(strings)
            at = text.find(char, ends[following - 1])  # on from the next entry's text
    return sorted(suspects)


def _located(ctx: Context, ident: str, node: Node, patterns: tuple[str, ...]) -> Iterator[Finding]:
    """The findings in one top-level entry, with positions: at most one per field."""
    # every pattern is non-ASCII text (mojibake), so an ASCII string cannot hold one
    ascii_clean = all(not p.isascii() for p in patterns)
    firsts = tuple({p[0] for p in patterns}) if ascii_clean else ()  # a hit contains one of these
    seen = set()
    for text, owner, name, index in located_strings(node, skip=QUOTES):
        if ascii_clean and (text.isascii() or not any(c in text for c in firsts)):
            continue
        span = owner.at(name) if index is None else owner.at(name, index)
        if span in seen:
            continue
        plain = CODE_SPAN.sub("", text) if "`" in text else text
        hit = next((p for p in patterns if p in plain), None)
        if hit is not None:
            seen.add(span)
            start = max(plain.find(hit) - 20, 0)
            yield ctx.finding(span, msg("text looks mis-encoded ({hit}): {excerpt}", hit=repr(hit),
                                            excerpt=repr(plain[start:start + 60])), ident)


def gather_strings(node: Node, skip: frozenset, out: list[str]) -> list[str]:
    """Append every string ``located_strings(node, skip)`` yields, in the same order, to ``out``.

    The same walk without positions and without a generator per node: about twice as fast.
    The common types are recognised by identity; anything else goes through the same
    ``isinstance`` tests, in the same order, as ``located_strings``.
    ``tests/rules/test_mis_encoded.py`` checks that both see the same strings.
    """
    append = out.append
    getters = _GETTERS.get(skip)
    if getters is None:
        getters = _GETTERS[skip] = {}
    getter = getters.get(type(node))
    if getter is None:
        getter = getters[type(node)] = _getter(type(node), skip)
    for value in getter(node):
        kind = type(value)
        if kind is str:
            append(value)
        elif kind is Text:
            for _, text in value.values:
                append(text)
        elif value is None:
            continue
        elif kind is tuple:
            for item in value:
                kind = type(item)
                if kind is str:
                    append(item)
                elif kind is Text:
                    for _, text in item.values:
                        append(text)
                elif isinstance(item, Node):  # no class is both a Node and a str or a Text
                    gather_strings(item, skip, out)
                elif isinstance(item, str):
                    append(item)
                elif isinstance(item, Text):
                    for _, text in item.values:
                        append(text)
        elif isinstance(value, (bool, int)):
            continue
        elif isinstance(value, str):
            append(value)
        elif isinstance(value, Text):
            for _, text in value.values:
                append(text)
        elif isinstance(value, Node):
            gather_strings(value, skip, out)
        elif isinstance(value, tuple):
            for item in value:
                if isinstance(item, str):
                    append(item)
                elif isinstance(item, Text):
                    for _, text in item.values:
                        append(text)
                elif isinstance(item, Node):
                    gather_strings(item, skip, out)
        elif isinstance(value, dict) or hasattr(value, "items"):
            for _, item in value.items():
                if isinstance(item, str):
                    append(item)
    return out


_GETTERS: dict[frozenset, dict[type, Callable[[object], tuple]]] = {}


def _getter(cls: type, skip: frozenset) -> Callable[[object], tuple]:
    """The values of the fields ``located_strings`` visits on a ``cls`` node, as one tuple."""
    names = tuple(name for name in _fields(cls) if (cls, name) not in skip)
    if len(names) > 1:
        return attrgetter(*names)
    if names:
        one = attrgetter(*names)
        return lambda node: (one(node),)
    return lambda node: ()


QUOTES = frozenset({(Source, "quote")})
CODE_SPAN = re.compile(r"`[^`]*`")
