"""YAML text -> nodes with positions.

Reading a file (size limit, encodings, NUL bytes), parsing it with libyaml (the events of
``ropa.yaml_events``), rejecting anchors, aliases and deep nesting, and composing the events
into light nodes (``[tag, value, line, col]`` lists) that ``ropa.build`` turns into the model.
``ropa.parse_cache`` keeps composed nodes between runs.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from sys import intern
from typing import Any

from ropa.findings import Finding
from ropa.i18n import N_, english, msg
from ropa.model import Span
from ropa.problems import MAX_DEPTH, MAX_FILE_BYTES, MAX_NODES, problem

STANDARD_TAGS = {
    "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null", "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq",
}
TAG_NAMES = {  # what a value is, as a problem message says it ("found a list")
    "tag:yaml.org,2002:str": N_("text"), "tag:yaml.org,2002:int": N_("an integer"),
    "tag:yaml.org,2002:float": N_("a number"), "tag:yaml.org,2002:bool": N_("a boolean"),
    "tag:yaml.org,2002:null": N_("null"), "tag:yaml.org,2002:timestamp": N_("a date"),
    "tag:yaml.org,2002:map": N_("a mapping"), "tag:yaml.org,2002:seq": N_("a list"),
}
_STR = "tag:yaml.org,2002:str"
_NULL = "tag:yaml.org,2002:null"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"


# --- YAML parsing -------------------------------------------------------------------------
#
# libyaml (through PyYAML's ``yaml.parse``, ``ropa.yaml_events``) scans and parses in C; the
# events it yields are composed here into light nodes. A YAML library's own composer would
# build its node objects in Python and resolve every plain scalar through a resolver, which
# costs about four times the C parse itself. Resolution follows YAML 1.2 exactly as
# ruamel.yaml (ropa's round-trip library) does, its regular expressions in its order, not
# PyYAML's YAML 1.1 (where `no` is false and `010` is octal); `%YAML` directives do not change
# it. Composition is iterative: nesting depth cannot exhaust the Python stack.

_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_SCALAR_TAGS = frozenset(STANDARD_TAGS - {_MAP, _SEQ})
# Scalars up to this length are interned: a registry repeats its keys, ids, codes and dates
# thousands of times, and the model keeps every value (issue 28, item 3: memory per activity)
_SHARED_LENGTH = 40

# YAML 1.2's implicit types, as ruamel.yaml resolves them: (tag, pattern, the first characters
# a value of the type can start with), in the order they are tried. Compiled on the first plain
# scalar resolved (``_implicit``): a run that reads every file from the parse cache resolves none.
_FLOAT_PATTERN = r"""^(?:
     [-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?
    |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
    |[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?
    |[-+]?\.(?:inf|Inf|INF)
    |\.(?:nan|NaN|NAN))$"""
_INT_PATTERN = r"""^(?:[-+]?0b[0-1_]+
    |[-+]?0o?[0-7_]+
    |[-+]?[0-9_]+
    |[-+]?0x[0-9a-fA-F_]+)$"""
_DATE_PATTERN = r"""^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
    |[0-9][0-9][0-9][0-9] -[0-9][0-9]? -[0-9][0-9]?
    (?:[Tt]|[ \t]+)[0-9][0-9]?
    :[0-9][0-9] :[0-9][0-9] (?:\.[0-9]*)?
    (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$"""
_RESOLVERS = (
    (_BOOL, r"^(?:true|True|TRUE|false|False|FALSE)$", 0, "tTfF"), (_FLOAT, _FLOAT_PATTERN, re.X, "-+0123456789."),
    (_INT, _INT_PATTERN, re.X, "-+0123456789"), ("tag:yaml.org,2002:merge", r"^(?:<<)$", 0, "<"),
    (_NULL, r"^(?:~|null|Null|NULL|)$", 0, "~nN"), (_TIMESTAMP, _DATE_PATTERN, re.X, "0123456789"),
    ("tag:yaml.org,2002:value", r"^(?:=)$", 0, "="))
_IMPLICIT: dict[str, tuple[tuple[str, re.Pattern[str]], ...]] = {}


def _implicit() -> dict[str, tuple[tuple[str, re.Pattern[str]], ...]]:
    """The resolvers by a value's first character (compiled once)."""
    if not _IMPLICIT:
        table: dict[str, tuple[tuple[str, re.Pattern[str]], ...]] = {}
        for tag, pattern, flags, first in _RESOLVERS:
            regexp = re.compile(pattern, flags)
            for char in first:
                table[char] = (*table.get(char, ()), (tag, regexp))
        _IMPLICIT.update(table)
    return _IMPLICIT


def resolve_plain(value: str) -> str:
    """The tag of an untagged plain scalar (YAML 1.2 core schema, as ruamel.yaml resolves it)."""
    if not value:
        return _NULL
    for tag, regexp in (_IMPLICIT or _implicit()).get(value[0], ()):
        if regexp.match(value):
            return tag
    return _STR


# A composed node is a list ``[tag, value, line, col]``: its resolved tag; the text of a
# scalar, a list of nodes for a sequence, or a list of ``(key, value)`` node pairs for a
# mapping (as in ruamel.yaml's nodes); its 0-based start line and column. Plain lists are
# the cheapest objects to build and index, and ``marshal`` stores them as they are.


def _mark_span(file: str, mark: Any) -> Span:
    if mark is None:
        return Span(file, 1, 1)
    return Span(file, mark.line + 1, mark.column + 1)


def _yaml_error(file: str, exc: Exception, text: str = "") -> Finding:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    what = getattr(exc, "problem", None) or (str(exc).splitlines() or [type(exc).__name__])[0]
    context = getattr(exc, "context", None)
    message = f"{context}: {what}" if context else str(what)
    message = " ".join(message.split())
    tab = "\t" in message or "tab" in message.lower()
    if mark is not None and text and not tab:  # libyaml does not say that the character is a tab
        lines = text.split("\n", mark.line + 1)
        tab = mark.line < len(lines) and "\t" in lines[mark.line][:mark.column + 1]
    detail = english(message)  # libyaml's own words: English, marked [en] in German
    if tab:
        return problem("RP006", msg("YAML syntax error: {detail} (use spaces, not tabs, for indentation)",
                                    detail=detail), _mark_span(file, mark))
    return problem("RP006", msg("YAML syntax error: {detail}", detail=detail), _mark_span(file, mark))


def _nested_too_deep(exc: Exception, text: str, display: str) -> list[Finding] | None:
    """RP019 where the nesting passes MAX_DEPTH, when libyaml stopped at its own deeper limit.

    libyaml (0.2.5) refuses more than 1,000 nested levels while scanning ahead, before it
    yields the events that reach ropa's limit. The text up to that point holds the level
    where MAX_DEPTH is passed; parsed again, it is reported there, as every other nesting.
    """
    mark = getattr(exc, "problem_mark", None)
    if "maximum nesting depth" not in str(getattr(exc, "problem", "")) or mark is None or not 0 < mark.index < len(text):
        return None
    _node, problems = parse(text[:mark.index], display)
    return problems if any(p.code == "RP019" for p in problems) else None


def _open_nonblocking(path: str, flags: int) -> int:
    return os.open(path, flags | getattr(os, "O_NONBLOCK", 0))


def read_text(path: Path, display: str) -> tuple[str | None, list[Finding]]:
    """Read a file as UTF-8 text, or say in one finding why it cannot be read."""
    start = Span(display, 1, 1)
    try:
        # non-blocking: opening a named pipe would otherwise wait for a writer forever
        with open(path, "rb", opener=_open_nonblocking) as fh:
            # the size of the open file, not of the name: a file swapped or grown after a
            # check is still read at most to the limit
            status = os.fstat(fh.fileno())
            if not stat.S_ISREG(status.st_mode):
                return None, [problem("RP002", msg("cannot read file: not a regular file (a pipe, socket or "
                                                   "device)"), start)]
            size = status.st_size
            if size > MAX_FILE_BYTES:
                return None, [problem("RP003", msg("file is {size} MiB; registry files may be at most {limit} MiB",
                                                   size=round(size / 2**20), limit=MAX_FILE_BYTES // 2**20),
                                  start)]
            data = fh.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        return None, [problem("RP002", msg("file disappeared while the registry was being read"), start)]
    except IsADirectoryError:
        return None, [problem("RP002", msg("cannot read file: it is a directory"), start)]
    except OSError as exc:
        return None, [problem("RP002", msg("cannot read file: {reason}", reason=english(str(exc.strerror or exc))),
                              start)]
    if len(data) > MAX_FILE_BYTES:  # grew while being read (a device, a pipe, a growing log)
        return None, [problem("RP003", msg("file is larger than {limit} MiB; registry files may be at most {limit} MiB",
                                           limit=MAX_FILE_BYTES // 2**20), start)]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [problem("RP005", msg("file is UTF-16 or UTF-32 encoded; save it as UTF-8"), start)]
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]  # a UTF-8 byte order mark is harmless: YAML allows it
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        col = nul - (data.rfind(b"\n", 0, nul) + 1) + 1
        return None, [problem("RP004", msg("file contains NUL bytes: it is binary, not YAML text"),
                              Span(display, line, col))]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [problem("RP005", msg("invalid UTF-8 byte {byte}; save the file as UTF-8",
                                                  byte=hex(data[exc.start])),
                              Span(display, line, col))]
    return text, []


def parse(text: str, display: str) -> tuple[list | None, list[Finding]]:
    """Compose a YAML text into nodes with positions; reject anchors, aliases, deep nesting.

    Custom tags are kept on the nodes (the builder reports them with their position).

    This loop runs once per event (about 230,000 for 1,000 activities), so it keeps to local
    names: the list the next node goes into (``into``, the open collection's), and one
    dictionary of the short plain scalars met so far with their shared string and resolved
    tag (a registry repeats its keys, ids, codes and dates: each is resolved and interned once).
    """
    from ropa import yaml_events as ev

    Scalar, MapStart, SeqStart = ev.ScalarEvent, ev.MappingStartEvent, ev.SequenceStartEvent
    MapEnd, SeqEnd, Alias = ev.MappingEndEvent, ev.SequenceEndEvent, ev.AliasEvent
    DocStart, StreamEnd = ev.DocumentStartEvent, ev.StreamEndEvent
    anchors: list[Finding] = []
    root: list | None = None
    stack: list[list] = []  # open collections; a mapping's value holds keys and values flat
    into: list | None = None  # the value of the innermost open collection: where the next node goes
    plain: dict[str, tuple[str, str]] = {}  # short plain scalar -> (its shared string, its tag)
    documents = 0
    count = 0  # nodes composed so far
    stream = ev.events(text)
    try:
        for event in stream:
            cls = event.__class__
            if cls is Scalar:
                tag = event.tag
                value = event.value
                if (tag is None or tag == "!") and event.implicit[0]:
                    known = plain.get(value)
                    if known is None:
                        if len(value) <= _SHARED_LENGTH:  # ids, codes, dates, keys: one string object each
                            known = plain[value] = (intern(value), resolve_plain(value))
                            value, tag = known
                        else:
                            tag = resolve_plain(value)
                    else:
                        value, tag = known
                else:
                    if tag is None or tag == "!":
                        tag = _STR
                    if len(value) <= _SHARED_LENGTH:
                        value = intern(value)
                mark = event.start_mark
                node = [tag, value, mark.line, mark.column]
                if event.anchor is not None:
                    anchors.append(problem("RP007", msg("anchor &{anchor} is not allowed", anchor=event.anchor),
                                           _mark_span(display, mark)))
            elif cls is MapEnd:
                mapping = stack.pop()
                items = mapping[1]
                mapping[1] = list(zip(items[::2], items[1::2]))
                into = stack[-1][1] if stack else None
                continue
            elif cls is SeqEnd:
                stack.pop()
                into = stack[-1][1] if stack else None
                continue
            elif cls is MapStart or cls is SeqStart:
                tag = event.tag
                if tag is None or tag == "!":
                    tag = _MAP if cls is MapStart else _SEQ
                mark = event.start_mark
                if event.anchor is not None:
                    anchors.append(problem("RP007", msg("anchor &{anchor} is not allowed", anchor=event.anchor),
                                           _mark_span(display, mark)))
                if len(stack) >= MAX_DEPTH:
                    if anchors:
                        return None, anchors
                    return None, [problem("RP019", msg("nesting is deeper than {depth} levels", depth=MAX_DEPTH),
                                          _mark_span(display, mark))]
                node = [tag, [], mark.line, mark.column]
                if into is not None:
                    into.append(node)
                else:
                    root = node
                stack.append(node)
                into = node[1]
                count += 1
                if count > MAX_NODES:
                    return None, [problem("RP003", msg("file holds more than {limit} values; split it",
                                                       limit=MAX_NODES),
                                          _mark_span(display, mark))]
                continue
            elif cls is Alias:
                mark = event.start_mark
                anchors.append(problem("RP007", msg("alias *{anchor} is not allowed; write the value out", anchor=event.anchor),
                                       _mark_span(display, mark)))
                node = [_NULL, "", mark.line, mark.column]
            elif cls is DocStart:
                documents += 1
                if documents > 1:
                    return None, anchors or [problem(
                        "RP017", msg("YAML syntax error: more than one YAML document in the file; use one "
                                     "document per file"), _mark_span(display, event.start_mark))]
                continue
            elif cls is StreamEnd:
                break
            else:  # stream start, document end
                continue
            if into is not None:
                into.append(node)
            else:
                root = node
            count += 1
            if count > MAX_NODES:
                return None, [problem("RP003", msg("file holds more than {limit} values; split it",
                                                       limit=MAX_NODES),
                                      _mark_span(display, event.start_mark))]
    except MemoryError:
        return None, [problem("RP003", msg("file is too large to parse"), Span(display, 1, 1))]
    except ev.YAMLError as exc:  # the scanner's, parser's and reader's errors; anything else is a bug
        deeper = _nested_too_deep(exc, text, display)
        if deeper is not None:
            return None, deeper
        return None, anchors or [_yaml_error(display, exc, text)]
    finally:
        stream.close()
    if anchors:
        return None, anchors
    return root, []
