"""libyaml's events with their positions, through PyYAML's documented API: the one event source.

Everything in ropa that reads YAML without building Python objects walks these events: the
loader's composer (``ropa.yaml_nodes.parse``), ``fmt``'s normal-form check and its scan of
comments (``ropa.edit``). They come from ``yaml.parse(text, Loader=yaml.CSafeLoader)``:
PyYAML's C-accelerated parser (libyaml; wheels for every platform, stable for years), whose
events carry ``start_mark``/``end_mark`` with 0-based ``line``, ``column`` and ``index`` (a
character offset into the text). Where PyYAML was installed without libyaml,
``yaml.SafeLoader``'s pure-Python parser yields the same events (slower, and its syntax
error messages are worded differently); ``parser_name()`` says which one is in use.

ruamel.yaml stays the library of round-trip editing (``ropa.edit``); it is not used here.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

import yaml
from yaml import YAMLError
from yaml.events import (AliasEvent, DocumentEndEvent, DocumentStartEvent, Event, MappingEndEvent,
                         MappingStartEvent, ScalarEvent, SequenceEndEvent, SequenceStartEvent, StreamEndEvent,
                         StreamStartEvent)

__all__ = ["events", "parser_name", "parser_identity", "YAMLError", "Event", "AliasEvent", "DocumentEndEvent",
           "DocumentStartEvent", "MappingEndEvent", "MappingStartEvent", "ScalarEvent", "SequenceEndEvent",
           "SequenceStartEvent", "StreamEndEvent", "StreamStartEvent"]

# the parser: libyaml through PyYAML's C loader when PyYAML was built with it (``__with_libyaml__``)
LOADER: Any = yaml.CSafeLoader if getattr(yaml, "__with_libyaml__", False) else yaml.SafeLoader


def events(text: str) -> Generator[Event, None, None]:
    """The parse events of ``text``, in order, ending with ``StreamEndEvent``.

    Raises ``yaml.YAMLError`` (``MarkedYAMLError`` with ``problem``, ``problem_mark``,
    ``context`` and ``context_mark`` where the parser knows them) for text that is not YAML.
    The parser is released when the iteration ends or the iterator is closed.
    """
    stream = yaml.parse(text, Loader=LOADER)
    return stream if LOADER is getattr(yaml, "CSafeLoader", None) else _plain_style(stream)


def _plain_style(stream: Generator[Event, None, None]) -> Generator[Event, None, None]:
    """The pure-Python parser's events as libyaml gives them: a plain scalar's style ``""``, not None."""
    try:
        for event in stream:
            if event.__class__ is ScalarEvent and event.style is None:
                event.style = ""
            yield event
    finally:
        stream.close()


def parser_name() -> str:
    """Which parser ``events`` uses: ``"libyaml"`` or ``"pure-python"``."""
    return "libyaml" if LOADER is getattr(yaml, "CSafeLoader", None) else "pure-python"


def parser_identity() -> str:
    """What identifies the parser for the parse cache: PyYAML's version and which parser."""
    return f"PyYAML {yaml.__version__} {parser_name()}"
