"""YAML text -> nodes with positions, and the cache of composed nodes.

Reading a file (size limit, encodings, NUL bytes), parsing it with libyaml, rejecting
anchors, aliases and custom tags, and composing the events into light nodes
(``[tag, value, line, col]`` lists) that ``ropa.load`` turns into the model.
"""

from __future__ import annotations

import os
import datetime as _dt
import re
import stat
from pathlib import Path
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
# libyaml (through ruamel.yaml.clib's CParser) scans and parses in C; the events it yields
# are composed here into light nodes. ruamel's own composer would build its node objects in
# Python and resolve every plain scalar through a version-aware resolver, which costs about
# four times the C parse itself. Resolution follows YAML 1.2 exactly as ruamel.yaml does
# (its regular expressions, in its order); like ruamel's C composer, `%YAML` directives do not
# change it. Composition is iterative: nesting depth cannot exhaust the Python stack.

_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_SCALAR_TAGS = frozenset(STANDARD_TAGS - {_MAP, _SEQ})

_FLOAT_RE = re.compile(r"""^(?:
     [-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?
    |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
    |[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?
    |[-+]?\.(?:inf|Inf|INF)
    |\.(?:nan|NaN|NAN))$""", re.X)
_INT_RE = re.compile(r"""^(?:[-+]?0b[0-1_]+
    |[-+]?0o?[0-7_]+
    |[-+]?[0-9_]+
    |[-+]?0x[0-9a-fA-F_]+)$""", re.X)
_TIMESTAMP_RE = re.compile(r"""^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
    |[0-9][0-9][0-9][0-9] -[0-9][0-9]? -[0-9][0-9]?
    (?:[Tt]|[ \t]+)[0-9][0-9]?
    :[0-9][0-9] :[0-9][0-9] (?:\.[0-9]*)?
    (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$""", re.X)
_BOOL_RE = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_NULL_RE = re.compile(r"^(?:~|null|Null|NULL|)$")
_IMPLICIT: dict[str, tuple[tuple[str, re.Pattern[str]], ...]] = {}
for _tag, _regexp, _first in (
        (_BOOL, _BOOL_RE, "tTfF"), (_FLOAT, _FLOAT_RE, "-+0123456789."), (_INT, _INT_RE, "-+0123456789"),
        ("tag:yaml.org,2002:merge", re.compile(r"^(?:<<)$"), "<"), (_NULL, _NULL_RE, "~nN"),
        (_TIMESTAMP, _TIMESTAMP_RE, "0123456789"), ("tag:yaml.org,2002:value", re.compile(r"^(?:=)$"), "=")):
    for _char in _first:
        _IMPLICIT[_char] = (*_IMPLICIT.get(_char, ()), (_tag, _regexp))
del _tag, _regexp, _first, _char


def resolve_plain(value: str) -> str:
    """The tag of an untagged plain scalar (YAML 1.2 core schema, as ruamel.yaml resolves it)."""
    if not value:
        return _NULL
    for tag, regexp in _IMPLICIT.get(value[0], ()):
        if regexp.match(value):
            return tag
    return _STR


# A composed node is a list ``[tag, value, line, col]``: its resolved tag; the text of a
# scalar, a list of nodes for a sequence, or a list of ``(key, value)`` node pairs for a
# mapping (as in ruamel.yaml's nodes); its 0-based start line and column. Plain lists are
# the cheapest objects to build and index, and ``marshal`` stores them as they are.


_PARSER: Any = None


def _c_parser() -> Any:
    """ruamel.yaml.clib's CParser (libyaml), imported once."""
    global _PARSER
    if _PARSER is None:
        from ruamel.yaml.cyaml import CParser

        _PARSER = CParser
    return _PARSER


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
    """
    from ruamel.yaml import events
    from ruamel.yaml.error import YAMLError

    CParser = _c_parser()
    Scalar, MapStart, SeqStart = events.ScalarEvent, events.MappingStartEvent, events.SequenceStartEvent
    MapEnd, SeqEnd, Alias = events.MappingEndEvent, events.SequenceEndEvent, events.AliasEvent
    DocStart, StreamEnd = events.DocumentStartEvent, events.StreamEndEvent
    anchors: list[Finding] = []
    root: list | None = None
    stack: list[list] = []  # open collections; a mapping's value holds keys and values flat
    documents = 0
    count = 0  # nodes composed so far
    parser = CParser(text)
    try:
        while True:
            event = parser.get_event()
            cls = event.__class__
            if cls is Scalar:
                tag = event.tag
                if tag is None or tag == "!":
                    tag = resolve_plain(event.value) if event.implicit[0] else _STR
                mark = event.start_mark
                node = [tag, event.value, mark.line, mark.column]
                if event.anchor is not None:
                    anchors.append(problem("RP007", msg("anchor &{anchor} is not allowed", anchor=event.anchor),
                                           _mark_span(display, mark)))
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
                if stack:
                    stack[-1][1].append(node)
                else:
                    root = node
                stack.append(node)
                count += 1
                if count > MAX_NODES:
                    return None, [problem("RP003", msg("file holds more than {limit} values; split it",
                                                       limit=MAX_NODES),
                                          _mark_span(display, mark))]
                continue
            elif cls is MapEnd:
                mapping = stack.pop()
                items = mapping[1]
                mapping[1] = list(zip(items[::2], items[1::2]))
                continue
            elif cls is SeqEnd:
                stack.pop()
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
            if stack:
                stack[-1][1].append(node)
            else:
                root = node
            count += 1
            if count > MAX_NODES:
                return None, [problem("RP003", msg("file holds more than {limit} values; split it",
                                                       limit=MAX_NODES),
                                      _mark_span(display, event.start_mark))]
    except MemoryError:
        return None, [problem("RP003", msg("file is too large to parse"), Span(display, 1, 1))]
    except YAMLError as exc:  # libyaml's scanner, parser and reader errors; anything else is a bug
        return None, anchors or [_yaml_error(display, exc, text)]
    finally:
        parser.dispose()
    if anchors:
        return None, anchors
    return root, []


# --- a cache of composed nodes ---------------------------------------------------------------
#
# ropa runs on every commit, and most files have not changed since the last run. Composed
# nodes are plain lists, tuples and strings, which ``marshal`` writes and reads back about
# twenty times faster than libyaml parses the text. What the cache answers decides a verdict,
# so it is guarded as the threat model in docs/parse-cache.md describes:
#
# - it lives outside the registry, in ``$ROPA_CACHE_DIR`` or ``$XDG_CACHE_HOME/ropa``
#   (``~/.cache/ropa``), in a subdirectory named by the layout; ``ROPA_CACHE_DIR=`` (empty)
#   turns it off;
# - the directory and its layout subdirectory are used only when they are real directories
#   (never a symbolic link), owned by the current user and not writable by group or others;
#   otherwise ropa runs without the cache and says so in one line on stderr. Both are opened
#   once and every entry is opened relative to that descriptor, without following links,
#   so a directory renamed or swapped afterwards cannot redirect a read, a write or a prune;
# - every entry is authenticated: its name and a BLAKE2b MAC over its content are keyed
#   with a secret kept outside the cache (``$ROPA_CACHE_KEY``, or a per-user key file in
#   ``$XDG_STATE_HOME/ropa/cache-key``), and cover ropa's version and the parser's identity;
# - an entry is read only if it is a regular file of the current user, not writable by
#   others, at most MAX_ENTRY_BYTES, with a valid MAC and the shape of composed nodes;
#   anything else is ignored and the text parsed and stored again.

CACHE_LAYOUT = "nodes-2"  # change whenever the node layout or tag resolution changes
CACHE_MAX_AGE = 30 * 86400  # entries not rewritten for this long are pruned now and then
MAX_ENTRY_BYTES = 4 * MAX_FILE_BYTES  # larger than the nodes of any file the loader reads
_MAC_BYTES = 32
_KEY_BYTES = 32
_warned: set[str] = set()


# the checks need file ownership and descriptor-relative calls (POSIX); elsewhere no cache
_SUPPORTED = (hasattr(os, "geteuid") and {os.open, os.stat, os.unlink, os.rename, os.mkdir} <= os.supports_dir_fd)


def cache_dir() -> Path | None:
    """Where composed nodes are cached, or None when caching is off."""
    if not _SUPPORTED:
        return None
    configured = os.environ.get("ROPA_CACHE_DIR")
    if configured is not None:
        return Path(configured) / CACHE_LAYOUT if configured else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "ropa" / CACHE_LAYOUT


def key_file() -> Path:
    """The per-user secret that authenticates cache entries (when ``$ROPA_CACHE_KEY`` is unset)."""
    base = os.environ.get("XDG_STATE_HOME") or os.path.join(os.path.expanduser("~"), ".local", "state")
    return Path(base) / "ropa" / "cache-key"


def _warn(reason: str) -> None:
    """One line on stderr, once per process, saying why the cache is not used."""
    if reason not in _warned:
        _warned.add(reason)
        import sys

        try:
            print(f"ropa: parse cache not used: {reason} (see docs/parse-cache.md; ROPA_CACHE_DIR= turns "
                  "the cache off)", file=sys.stderr)
        except (OSError, ValueError):
            pass


def _private(status: os.stat_result, kind: int) -> str | None:
    """Why a file or directory of the cache must not be trusted, or None if it may be."""
    if stat.S_IFMT(status.st_mode) != kind:
        return "not a directory" if kind == stat.S_IFDIR else "not a regular file"
    if status.st_uid != os.geteuid():
        return f"owned by user {status.st_uid}, not by the current user {os.geteuid()}"
    if status.st_mode & 0o022:
        return "writable by group or others"
    return None


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


def _open_dir(path: str, dir_fd: int | None = None, *, create: bool) -> int | None:
    """A descriptor of a private cache directory (``path`` itself never a link), or None."""
    flags = os.O_RDONLY | _DIRECTORY | _NOFOLLOW | _CLOEXEC
    try:
        fd = os.open(path, flags, dir_fd=dir_fd)
    except FileNotFoundError:
        if not create:
            return None
        try:
            if dir_fd is None:
                parent = os.path.dirname(os.path.abspath(path))
                os.makedirs(parent, exist_ok=True)
            os.mkdir(path, 0o700, dir_fd=dir_fd)
            fd = os.open(path, flags, dir_fd=dir_fd)
        except OSError:
            return None  # a read-only home only costs speed
    except OSError as exc:
        import errno

        if exc.errno in (errno.ELOOP, errno.ENOTDIR):
            _warn(f"{path} is a symbolic link or not a directory")
        return None
    reason = _private(os.fstat(fd), stat.S_IFDIR)
    if reason is not None:
        os.close(fd)
        _warn(f"{path} is {reason}")
        return None
    return fd


def _cache_fd(*, create: bool) -> int | None:
    """A descriptor of the layout directory of the cache, checked; None when there is none to use."""
    directory = cache_dir()
    if directory is None:
        return None
    base = _open_dir(str(directory.parent), create=create)
    if base is None:
        return None
    try:
        return _open_dir(CACHE_LAYOUT, base, create=create)
    finally:
        os.close(base)


def _read_private(path: str, limit: int, dir_fd: int | None = None) -> bytes | None:
    """The bytes of a private regular file (no link, no pipe, at most ``limit`` bytes), or None."""
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW | _NONBLOCK | _CLOEXEC, dir_fd=dir_fd)
    except OSError:
        return None
    try:
        status = os.fstat(fd)
        if _private(status, stat.S_IFREG) is not None or status.st_size > limit:
            return None
        chunks = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
        return data if len(data) <= limit else None
    except OSError:
        return None
    finally:
        os.close(fd)


_KEYS: dict[tuple[str, str], bytes | None] = {}


def _key() -> bytes | None:
    """The secret that authenticates entries: ``$ROPA_CACHE_KEY`` or the per-user key file."""
    secret = os.environ.get("ROPA_CACHE_KEY") or ""
    where = "" if secret else str(key_file())
    if (secret, where) in _KEYS:
        return _KEYS[secret, where]
    key: bytes | None
    if secret:
        from hashlib import blake2b

        key = blake2b(secret.encode("utf-8", "surrogatepass"), digest_size=_KEY_BYTES,
                      person=b"ropa-cache-key").digest()
    else:
        key = _key_from_file(Path(where))
    _KEYS[secret, where] = key
    return key


def _key_from_file(path: Path) -> bytes | None:
    directory = _open_dir(str(path.parent), create=True)
    if directory is None:
        return None
    try:
        key = _read_private(path.name, _KEY_BYTES, directory)
        if key is not None and len(key) == _KEY_BYTES:
            return key
        try:
            fd = os.open(path.name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC, 0o600,
                         dir_fd=directory)
        except FileExistsError:
            _warn(f"{path} is not a private file of {_KEY_BYTES} bytes (remove it to make a new key)")
            return None
        except OSError:
            return None
        key = os.urandom(_KEY_BYTES)
        try:
            os.write(fd, key)
            os.fsync(fd)
        except OSError:
            key = None
        finally:
            os.close(fd)
        return key
    finally:
        os.close(directory)


def _parser_identity() -> str:
    """The libyaml extension in use: its file name, size and modification time.

    libyaml's version string is only readable by importing the extension (14 ms, which the
    cached path otherwise never pays); a new version of the parser is a new file.
    """
    import importlib.util

    for name in ("_ruamel_yaml", "_ruamel_yaml_clibz"):
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            spec = None
        if spec is not None and spec.origin:
            try:
                status = os.stat(spec.origin)
            except OSError:
                continue
            return f"{os.path.basename(spec.origin)}:{status.st_size}:{status.st_mtime_ns}"
    return "no-parser"


_VERSION_TAG: list[bytes] = []


def _version_tag() -> bytes:
    """What an entry depends on besides the text: the layout, ropa's version, the parser."""
    if not _VERSION_TAG:
        from ropa import __version__

        _VERSION_TAG.append(f"{CACHE_LAYOUT}\0ropa {__version__}\0{_parser_identity()}\0".encode())
    return _VERSION_TAG[0]


def entry_name(text: str, key: bytes, kind: str = "nodes") -> str:
    """The file name of a text's entry: a keyed hash of the versions, the kind and the text."""
    from hashlib import blake2b

    digest = blake2b(_version_tag(), key=key, digest_size=20, person=b"ropa-entry-name")
    if kind != "nodes":
        digest.update(kind.encode("utf-8") + b"\0")
    digest.update(text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def entry_mac(name: str, payload: bytes | memoryview, key: bytes) -> bytes:
    """The MAC that ends an entry: keyed BLAKE2b over its name and content."""
    from hashlib import blake2b

    mac = blake2b(name.encode(), key=key, digest_size=_MAC_BYTES, person=b"ropa-entry-mac")
    mac.update(payload)
    return mac.digest()


def well_formed(node: Any) -> bool:
    """True if ``node`` has the shape ``parse`` composes (the loader indexes it without checks)."""
    if node is None:
        return True
    stack = [node]
    pop, push = stack.pop, stack.append
    while stack:
        item = pop()
        if type(item) is not list or len(item) != 4:
            return False
        tag, value, line, col = item
        if type(tag) is not str or type(line) is not int or type(col) is not int or line < 0 or col < 0:
            return False
        kind = type(value)
        if kind is str:
            if tag == _MAP or tag == _SEQ:
                return False
            continue
        if kind is not list or tag in _SCALAR_TAGS:
            return False
        if tag == _MAP or (tag != _SEQ and value and type(value[0]) is tuple):
            for pair in value:
                if type(pair) is not tuple or len(pair) != 2:
                    return False
                push(pair[0])
                push(pair[1])
        else:
            for child in value:
                push(child)
    return True


def cached(text: str, kind: str) -> bytes | None:
    """The authenticated payload stored for ``text`` under ``kind``, or None."""
    directory = _cache_fd(create=False)
    if directory is None:
        return None
    try:
        key = _key()
        if key is None:
            return None
        name = entry_name(text, key, kind)
        data = _read_private(name, MAX_ENTRY_BYTES, directory)
        if data is None or len(data) < _MAC_BYTES:
            return None
        import hmac

        payload = memoryview(data)[_MAC_BYTES:]
        if not hmac.compare_digest(data[:_MAC_BYTES], entry_mac(name, payload, key)):
            return None
        return bytes(payload)
    finally:
        os.close(directory)


def store(text: str, kind: str, payload: bytes) -> None:
    """Store ``payload`` for ``text`` under ``kind`` (authenticated); a cache that cannot be used is skipped."""
    if cache_dir() is None or len(payload) + _MAC_BYTES > MAX_ENTRY_BYTES:
        return
    directory = _cache_fd(create=True)
    if directory is None:
        return
    try:
        key = _key()
        if key is not None:
            name = entry_name(text, key, kind)
            _store(directory, name, entry_mac(name, payload, key) + payload)
    finally:
        os.close(directory)


def parse_cached(text: str, display: str) -> tuple[list | None, list[Finding]]:
    """``parse``, answered from the cache when the same text was parsed before."""
    if cache_dir() is None:
        return parse(text, display)
    import marshal

    payload = cached(text, "nodes")
    if payload:
        try:
            node = marshal.loads(payload)
        except (ValueError, EOFError, TypeError, MemoryError, RecursionError):
            node = False
        if node is not False and well_formed(node):
            return node, []
    node, problems = parse(text, display)
    if not problems:
        store(text, "nodes", marshal.dumps(node))
    return node, problems


def _store(directory: int, name: str, data: bytes) -> None:
    """Write an entry atomically (a private temporary file, then a rename) inside ``directory``."""
    import random

    tmp = f".tmp-{os.getpid()}-{random.getrandbits(64):016x}"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC, 0o600, dir_fd=directory)
    except OSError:
        return  # a read-only or full cache directory only costs speed
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
        finally:
            os.close(fd)
        os.replace(tmp, name, src_dir_fd=directory, dst_dir_fd=directory)
    except OSError:
        try:
            os.unlink(tmp, dir_fd=directory)
        except OSError:
            pass
        return
    if random.random() < 0.02:
        _prune(directory)


def _prune(directory: int) -> None:
    """Remove entries (and temporary files left by a killed run) not written for CACHE_MAX_AGE.

    Only names inside the opened cache directory are removed, and never through a link.
    """
    import time

    cutoff = time.time() - CACHE_MAX_AGE
    stale_tmp = time.time() - 3600
    try:
        names = os.listdir(directory)
    except OSError:
        return
    for item in names:
        try:
            status = os.stat(item, dir_fd=directory, follow_symlinks=False)
            limit = stale_tmp if item.startswith(".tmp-") else cutoff
            if status.st_mtime < limit and not stat.S_ISDIR(status.st_mode):
                os.unlink(item, dir_fd=directory)
        except OSError:
            pass


def plain_data(text: str, display: str = "<data>") -> Any:
    """A trusted YAML text (ropa's own vocabularies) as plain data, through the parse cache.

    Mappings become dicts, sequences lists; scalars str, int, float, bool, None or
    ``datetime.date``. Raises ``ValueError`` with the first problem: this is for package
    data, not for registry files (those go through ``load``).
    """
    node, problems = parse_cached(text, display)
    if problems:
        raise ValueError(str(problems[0]))
    return None if node is None else _plain_node(node)


def _plain_node(node: list) -> Any:
    tag, value = node[0], node[1]
    if tag == _MAP:
        return {_plain_node(k): _plain_node(v) for k, v in value}
    if tag == _SEQ:
        return [_plain_node(item) for item in value]
    if tag == _STR:
        return value
    if tag == _NULL:
        return None
    if tag == _BOOL:
        return value.lower() == "true"
    if tag == _INT:
        digits = value.replace("_", "")
        try:
            return int(digits, 0)
        except ValueError:  # YAML 1.2 reads 017 as decimal
            return int(digits, 10)
    if tag == _FLOAT:
        return float(value.replace("_", ""))
    if tag == _TIMESTAMP and len(value) == 10:
        return _dt.date.fromisoformat(value)
    raise ValueError(f"unsupported value {value!r} ({tag})")
