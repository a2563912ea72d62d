"""A cache of composed nodes, keyed and authenticated (the threat model: docs/parse-cache.md).

``parse_cached`` answers ``ropa.yaml_nodes.parse`` from the cache when the same text was
parsed before; ``cached`` and ``store`` keep other answers about a text (``fmt``'s memo of
texts in normal form); ``plain_data`` reads ropa's own YAML data through it.
"""

from __future__ import annotations

import datetime as _dt
import os
import stat
import sys
from pathlib import Path
from typing import Any

from ropa import yaml_nodes
from ropa.findings import Finding
from ropa.problems import MAX_FILE_BYTES
from ropa.yaml_nodes import _BOOL, _FLOAT, _INT, _MAP, _NULL, _SCALAR_TAGS, _SEQ, _STR, _TIMESTAMP

# # ropa runs on every commit, and most files have not changed since the last run. Composed
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
        blake2b = _blake2b()
        key = blake2b(secret.encode("utf-8", "surrogatepass"), digest_size=_KEY_BYTES,
                      person=b"ropa-cache-key").digest()
    else:
        key = _key_from_file(Path(where))
    _KEYS[secret, where] = key
    return key


def _key_from_file(path: Path) -> bytes | None:
    """The key in the private key file ``path``, made if there is none.

    A new key is written to a private temporary file, synced, then linked to its name: the
    name never shows a key half written, so a full disk or a killed process leaves no empty
    key file behind. A private key file of the wrong size (left by an older ropa in such a
    case) is replaced; anything else that is not a private key file is left alone and the
    cache is not used (with a line on stderr).
    """
    directory = _open_dir(str(path.parent), create=True)
    if directory is None:
        return None
    try:
        for _attempt in range(3):  # another process may make the key at the same moment
            key = _read_private(path.name, _KEY_BYTES, directory)
            if key is not None and len(key) == _KEY_BYTES:
                return key
            if key is not None:  # ours, private, but not a whole key: never used to sign anything
                try:
                    os.unlink(path.name, dir_fd=directory)
                except FileNotFoundError:
                    pass
                except OSError:
                    return None
            elif _exists(path.name, directory):
                _warn(f"{path} is not a private file of {_KEY_BYTES} bytes (remove it to make a new key)")
                return None
            made = _new_key(path.name, directory)
            if made is not None:
                return made
        return None
    finally:
        os.close(directory)


def _exists(name: str, directory: int) -> bool:
    try:
        os.stat(name, dir_fd=directory, follow_symlinks=False)
    except FileNotFoundError:
        return False
    except OSError:
        return True
    return True


def _new_key(name: str, directory: int) -> bytes | None:
    """A new random key stored under ``name`` (written whole first, then linked), or None."""
    tmp = f".{name}-{os.getpid()}-{os.urandom(8).hex()}"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC, 0o600, dir_fd=directory)
    except OSError:
        return None
    key = os.urandom(_KEY_BYTES)
    try:
        try:
            written = os.write(fd, key)
            os.fsync(fd)
        finally:
            os.close(fd)
        if written != _KEY_BYTES:
            return None
        os.link(tmp, name, src_dir_fd=directory, dst_dir_fd=directory, follow_symlinks=False)
        return key
    except FileExistsError:
        return None  # made by another process meanwhile: read it on the next attempt
    except OSError:
        return None  # a full disk or a read-only directory only costs speed
    finally:
        try:
            os.unlink(tmp, dir_fd=directory)
        except OSError:
            pass


def _parser_identity() -> str:
    """The YAML parser in use (PyYAML, with or without its libyaml extension): the names,
    sizes and modification times of its package's ``__init__.py`` and C extension.

    Read from the files, without importing PyYAML (~11 ms, which the cached path otherwise
    never pays); a new version of the parser is a new file.
    """
    import importlib.util

    try:
        spec = importlib.util.find_spec("yaml")
    except (ImportError, ValueError):
        spec = None
    if spec is None or not spec.origin:
        return "no-parser"
    directory = os.path.dirname(spec.origin)
    parts = []
    try:
        names = sorted(name for name in os.listdir(directory)
                       if name == "__init__.py" or (name.startswith("_yaml") and not name.endswith(".py")))
        for name in names:
            status = os.stat(os.path.join(directory, name))
            if stat.S_ISREG(status.st_mode):
                parts.append(f"{name}:{status.st_size}:{status.st_mtime_ns}")
    except OSError:
        return "no-parser"
    return "PyYAML " + " ".join(parts)


_VERSION_TAG: list[bytes] = []


def _version_tag() -> bytes:
    """What an entry depends on besides the text: the layout, ropa's version, the parser."""
    if not _VERSION_TAG:
        from ropa import __version__

        _VERSION_TAG.append(f"{CACHE_LAYOUT}\0ropa {__version__}\0{_parser_identity()}\0".encode())
    return _VERSION_TAG[0]


def _blake2b() -> Any:
    """``hashlib.blake2b``, without importing ``hashlib`` where possible.

    ``import hashlib`` loads OpenSSL's ``_hashlib`` for its other algorithms: about 3 ms of every
    ``ropa`` process, a tenth of what the cached path costs beyond the floor. ``hashlib``
    takes its ``blake2b`` from CPython's own ``_blake2`` module (the same object,
    ``hashlib.blake2b is _blake2.blake2b``; ``tests/hostile/test_parse_cache.py`` checks it),
    so this imports that, on the CPython versions it was tested on (``_BUILTIN_BLAKE2``: a
    private module may change in any release); elsewhere, or where it is missing (another
    interpreter), it is ``hashlib``'s, as before.
    """
    if _BUILTIN_BLAKE2:
        try:
            from _blake2 import blake2b
        except ImportError:
            pass
        else:
            return blake2b
    from hashlib import blake2b

    return blake2b


# CPython releases on which ``_blake2.blake2b is hashlib.blake2b`` was checked (3.11-3.14): a
# newer one takes hashlib's until the test has run on it
_BUILTIN_BLAKE2 = sys.implementation.name == "cpython" and sys.version_info < (3, 15)


def same_mac(given: bytes, expected: bytes, key: bytes) -> bool:
    """Whether two MACs are equal, in a time that tells an attacker nothing.

    Compares keyed BLAKE2b hashes of both rather than the MACs themselves (the "double HMAC"
    comparison): where a byte-by-byte comparison stops depends only on hashes an attacker
    without the key cannot predict, so timing reveals nothing about ``expected``. This needs
    no ``hmac.compare_digest``, whose module loads OpenSSL (``_blake2b``)."""
    blake2b = _blake2b()
    return (blake2b(given, key=key, digest_size=_MAC_BYTES, person=b"ropa-compare").digest()
            == blake2b(expected, key=key, digest_size=_MAC_BYTES, person=b"ropa-compare").digest())


def entry_name(text: str, key: bytes, kind: str = "nodes") -> str:
    """The file name of a text's entry: a keyed hash of the versions, the kind and the text."""
    digest = _blake2b()(_version_tag(), key=key, digest_size=20, person=b"ropa-entry-name")
    if kind != "nodes":
        digest.update(kind.encode("utf-8") + b"\0")
    digest.update(text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def entry_mac(name: str, payload: bytes | memoryview, key: bytes) -> bytes:
    """The MAC that ends an entry: keyed BLAKE2b over its name and content."""
    mac = _blake2b()(name.encode(), key=key, digest_size=_MAC_BYTES, person=b"ropa-entry-mac")
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
        payload = memoryview(data)[_MAC_BYTES:]
        if not same_mac(data[:_MAC_BYTES], entry_mac(name, payload, key), key):
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
        return yaml_nodes.parse(text, display)
    import marshal

    payload = cached(text, "nodes")
    if payload:
        try:
            node = marshal.loads(payload)
        except (ValueError, EOFError, TypeError, MemoryError, RecursionError):
            node = False
        if node is not False and well_formed(node):
            return node, []
    node, problems = yaml_nodes.parse(text, display)
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
    _prune_now_and_then(directory)


PRUNE_EVERY = 86400  # seconds between two prunes of one cache directory
_PRUNE_STAMP = ".pruned"  # its modification time: when the directory was last pruned
_pruned_here: list[bool] = []  # this process has considered pruning (once at most)


def _prune_now_and_then(directory: int) -> None:
    """Prune at most once per process, and once a day per cache directory.

    Pruning lists the whole directory; doing it with a probability on every store made
    filling the cache quadratic (40,000 files: 79 s against 12 s without the cache).
    """
    if _pruned_here:
        return
    _pruned_here.append(True)
    import time

    try:
        last = os.stat(_PRUNE_STAMP, dir_fd=directory, follow_symlinks=False).st_mtime
    except FileNotFoundError:
        last = 0.0
    except OSError:
        return
    now = time.time()
    if 0 <= now - last < PRUNE_EVERY:
        return
    try:
        fd = os.open(_PRUNE_STAMP, os.O_WRONLY | os.O_CREAT | _NOFOLLOW | _CLOEXEC, 0o600, dir_fd=directory)
        try:
            os.utime(fd)
        finally:
            os.close(fd)
    except OSError:
        return
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
