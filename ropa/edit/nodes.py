"""The one walk of a YAML text's libyaml events in ``ropa/edit``: the text's nodes with the
offsets where they are written and how (their style), for the checks that compare a text with
the one ``ropa fmt`` writes (``ropa.edit.normal``: is it in normal form; ``ropa.edit.layout.scan``:
its comments and the values of own ``x-`` fields).

The loader's walk (``ropa.yaml_nodes.parse``) keeps lines and columns and resolves values for
the model; this one keeps offsets into the text and the scalar styles, and resolves nothing.

A node is a list ``[kind, start, end, style, value]``: ``SCALAR`` (style libyaml's: ``''``
plain, ``"'"``, ``'"'``, ``'|'``, ``'>'``; value its text), ``MAP`` (style: written in flow
style; value its keys and values, flat), ``SEQ`` (likewise, its items) or ``ALIAS`` (value the
anchor's name); ``start`` and ``end`` are offsets into the text.

>>> t = tree("a: [1, 'b']\\n")
>>> t.documents
[[1, 0, 12, False, [[0, 0, 1, '', 'a'], [2, 3, 11, True, [[0, 4, 5, '', '1'], [0, 7, 10, "'", 'b']]]]]]
>>> t.explicit, t.special, t.depth
(False, False, 2)
"""

from __future__ import annotations

from ropa import yaml_events as ev

SCALAR, MAP, SEQ, ALIAS = 0, 1, 2, 3
YAMLError = ev.YAMLError


class TooLarge(Exception):
    """The text holds more events than the walk was allowed to read."""


class Tree:
    """What one walk found: the documents' root nodes, and what a checker may need to refuse.

    Mutable while it is built, by ``tree`` only."""

    __slots__ = ("documents", "explicit", "special", "depth")

    def __init__(self) -> None:
        self.documents: list[list] = []  # one root node per document
        self.explicit = False  # a document start (``---``) or end (``...``) written out
        self.special = False  # a tag, an anchor or an alias
        self.depth = 0  # the deepest nesting of collections


def tree(text: str, max_events: int | None = None) -> Tree:
    """The nodes of ``text``. Raises ``YAMLError`` where libyaml does (the text does not parse)
    and ``TooLarge`` after ``max_events`` events."""
    Scalar, MapStart, SeqStart = ev.ScalarEvent, ev.MappingStartEvent, ev.SequenceStartEvent
    MapEnd, SeqEnd, DocStart = ev.MappingEndEvent, ev.SequenceEndEvent, ev.DocumentStartEvent
    DocEnd, StreamEnd, Alias = ev.DocumentEndEvent, ev.StreamEndEvent, ev.AliasEvent
    found = Tree()
    stack: list[list] = []
    count = 0
    limit = max_events if max_events is not None else -1
    stream = ev.events(text)
    try:
        for event in stream:
            cls = event.__class__
            count += 1
            if count == limit + 1:
                raise TooLarge
            if cls is Scalar:
                if event.tag is not None or event.anchor is not None:
                    found.special = True
                node: list = [SCALAR, event.start_mark.index, event.end_mark.index, event.style, event.value]
            elif cls is MapStart or cls is SeqStart:
                if event.tag is not None or event.anchor is not None:
                    found.special = True
                node = [MAP if cls is MapStart else SEQ, event.start_mark.index, -1, bool(event.flow_style), []]
                if stack:
                    stack[-1][4].append(node)
                else:
                    found.documents.append(node)
                stack.append(node)
                found.depth = max(found.depth, len(stack))
                continue
            elif cls is MapEnd or cls is SeqEnd:
                stack.pop()[2] = event.end_mark.index
                continue
            elif cls is Alias:
                found.special = True
                node = [ALIAS, event.start_mark.index, event.end_mark.index, None, event.anchor]
            elif cls is DocStart or cls is DocEnd:
                found.explicit = found.explicit or bool(event.explicit)
                continue
            elif cls is StreamEnd:
                break
            else:  # the stream's start
                continue
            if stack:
                stack[-1][4].append(node)
            else:
                found.documents.append(node)
    finally:
        stream.close()
    return found
