"""Replacing files so that a reader sees the old bytes or the new ones, never a mix.

The one way ropa writes a file (``fmt``, ``new``, ``init``, ``review``, ``export``, the rule
lists of ``docs/``): ``replace`` for a file it may replace, ``create`` for a new one it must
never overwrite. The new bytes go to a temporary file in the same directory (created
exclusively, never through a link), are flushed to disk and renamed (``replace``) or linked
(``create``: fails if the name exists, even if it appeared meanwhile) to the target. A temporary file's name carries
the writer's process id: a run that was killed (``kill -9``) leaves it behind, and the next
run writing into that directory removes it once that process is gone (``remove_leftovers``).
"""

from __future__ import annotations

import errno
import os
import re
import stat
import time
from pathlib import Path

TMP_PREFIX = ".ropa-tmp-"
_TMP_NAME = re.compile(r"^\.ropa-tmp-(\d+)-[0-9a-f]{16}-")
LEFTOVER_AGE = 86400  # a temporary file older than this is removed even if its pid is alive (reused)
_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


class ChangedMeanwhile(OSError):
    """The target no longer holds the bytes the caller read: another edit happened meanwhile."""


def temp_path(directory: Path, name: str) -> Path:
    """A fresh temporary name for ``name`` in ``directory`` (hidden: loaders skip dot-files)."""
    return directory / f"{TMP_PREFIX}{os.getpid()}-{os.urandom(8).hex()}-{name[:180]}"


def write_temp(directory: Path, name: str, data: bytes, mode: int = 0o644) -> Path:
    """Write ``data`` to a new temporary file beside ``name``, synced to disk; return its path."""
    tmp = temp_path(directory, name)
    fd = os.open(tmp, _FLAGS, 0o600)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            os.fchmod(fd, mode)
            os.fsync(fd)
        finally:
            os.close(fd)
    except BaseException:
        discard(tmp)
        raise
    return tmp


def discard(path: Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, another user's
        return True
    return True


def remove_leftovers(directory: Path) -> list[str]:
    """Remove temporary files that killed runs left in ``directory``; return their names.

    Only regular files named like ``temp_path`` names are touched, never links or
    directories, and never a file of a writer still running (unless older than a day).
    """
    removed: list[str] = []
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        match = _TMP_NAME.match(entry.name)
        if match is None:
            continue
        try:
            status = entry.stat(follow_symlinks=False)
            if not stat.S_ISREG(status.st_mode):
                continue
            if _alive(int(match.group(1))) and now - status.st_mtime < LEFTOVER_AGE:
                continue
            os.unlink(entry.path)
            removed.append(entry.name)
        except OSError:
            continue
    return removed


def read_regular(path: Path) -> bytes:
    """The bytes of a regular file; ``OSError`` for a pipe, socket or device (never blocks on one)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode):
            raise OSError(errno.EINVAL, "not a regular file (a pipe, socket or device)", str(path))
        chunks: list[bytes] = []
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)
    finally:
        os.close(fd)


def replace(path: Path, data: bytes, *, expected: bytes | None = None, mode: int | None = None) -> None:
    """Replace ``path`` (a regular file, or a new one) with ``data`` atomically.

    ``expected``: the bytes the caller read; if the file holds other bytes just before the
    rename, nothing is written and ``ChangedMeanwhile`` is raised. ``mode``: the new file's
    permissions (default: the old file's, else 0644).
    """
    path = Path(path)
    if mode is None:
        try:
            mode = stat.S_IMODE(os.stat(path).st_mode)
        except FileNotFoundError:
            mode = 0o644
    tmp = write_temp(path.parent, path.name, data, mode)
    try:
        if expected is not None:
            try:
                now = read_regular(path)
            except FileNotFoundError:
                now = None
            if now != expected:
                raise ChangedMeanwhile(f"{path} changed while it was being formatted; left as it is now")
        os.replace(tmp, path)
    except BaseException:
        discard(tmp)
        raise


def create(path: Path, data: bytes) -> None:
    """Write a new file ``path`` with ``data`` whole, refusing to replace an existing one (even
    one created meanwhile): ``FileExistsError``. The directory is created if needed."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(path.parent)
    tmp = write_temp(path.parent, path.name, data)
    try:
        os.link(tmp, path)  # fails if path exists: no overwrite race
    finally:
        discard(tmp)
