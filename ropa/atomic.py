"""Replacing files so that a reader sees the old bytes or the new ones, never a mix.

The one way ropa writes a file (``fmt``, ``new``, ``init``, ``review``, ``export``, ``import``,
the rule lists of ``docs/``): ``replace`` for a file it may replace, ``create`` for a new one it
must never overwrite, ``create_tree`` for a new directory of files (``ropa import``'s registry).
The new bytes go to a temporary file in the same directory (created exclusively, never through
a link), are flushed to disk and renamed (``replace``) or linked (``create``: fails if the name
exists, even if it appeared meanwhile) to the target; a new directory is written whole into a
temporary directory beside it and renamed into place, so that it appears complete or not at
all. A temporary file's or directory's name carries the writer's process id: a run that was
killed (``kill -9``) leaves it behind, and the next run writing into that directory removes it
once that process is gone (``remove_leftovers``).
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import stat
import time
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

TMP_PREFIX = ".ropa-tmp-"
_TMP_NAME = re.compile(r"^\.ropa-tmp-(\d+)-[0-9a-f]{16}-")
# the temporary registry directory of a killed ``ropa import`` of earlier versions
_OLD_IMPORT_DIR = re.compile(r"^\.ropa-import-(\d+)-")
LEFTOVER_AGE = 86400  # a temporary file older than this is removed even if its pid is alive (reused)
_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


class ChangedMeanwhile(OSError):
    """The target no longer holds the bytes the caller read: another edit happened meanwhile."""


def temp_path(directory: Path, name: str) -> Path:
    """A fresh temporary name for ``name`` in ``directory`` (hidden: loaders skip dot-files)."""
    return directory / f"{TMP_PREFIX}{os.getpid()}-{os.urandom(8).hex()}-{name[:180]}"


def write_new(path: Path, data: bytes, mode: int = 0o644, *, sync: bool = True) -> None:
    """Write ``data`` to the new file ``path`` (created exclusively, never through a link),
    synced to disk (unless ``sync`` is false: the caller syncs)."""
    fd = os.open(path, _FLAGS, 0o600)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            os.fchmod(fd, mode)
            if sync:
                os.fsync(fd)
        finally:
            os.close(fd)
    except BaseException:
        discard(path)
        raise


def write_temp(directory: Path, name: str, data: bytes, mode: int = 0o644) -> Path:
    """Write ``data`` to a new temporary file beside ``name``, synced to disk; return its path."""
    tmp = temp_path(directory, name)
    write_new(tmp, data, mode)
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

    Only regular files and directories named like ``temp_path`` names are touched (and the
    ``.ropa-import-PID-...`` directories of earlier versions' imports), never links, and never
    those of a writer still running (unless older than a day).
    """
    removed: list[str] = []
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        match = _TMP_NAME.match(entry.name) or _OLD_IMPORT_DIR.match(entry.name)
        if match is None:
            continue
        try:
            status = entry.stat(follow_symlinks=False)
            if not (stat.S_ISREG(status.st_mode) or stat.S_ISDIR(status.st_mode)):
                continue  # never a link
            if _alive(int(match.group(1))) and now - status.st_mtime < LEFTOVER_AGE:
                continue
            if stat.S_ISDIR(status.st_mode):
                shutil.rmtree(entry.path)
            else:
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


def _sync_directory(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # a file system that cannot sync a directory
    finally:
        os.close(fd)


def create_tree(path: Path, files: Iterable[tuple[str, bytes]]) -> list[str]:
    """Create the directory ``path`` holding ``files`` (relative path with ``/``, bytes), whole or not at all.

    The files are written one at a time (``files`` may be a generator: their bytes are never
    all held at once) into a hidden temporary directory beside ``path``, synced to disk (one
    ``sync`` of the file systems where the system has it: 10,000 files synced one by one took
    a minute) and then renamed to ``path``. ``path`` must not exist or be an empty directory (replaced);
    otherwise ``OSError`` (``ENOTEMPTY``, ``EEXIST``, ``ENOTDIR``) and nothing is written. Any
    error, or an exception raised by ``files`` itself, removes the temporary directory: no
    partial output. A relative path leaving the directory (``..``, absolute) is a
    ``ValueError``. Returns the relative paths written, in order.
    """
    path = Path(path)
    parent = path.absolute().parent
    parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(parent)
    tmp = temp_path(parent, path.name)
    os.mkdir(tmp, 0o700)
    written: list[str] = []
    batch = hasattr(os, "sync")
    try:
        made = {tmp}
        folders: dict[str, Path] = {}  # a relative folder ("activities") checked and made once
        for rel, data in files:
            folder, slash, name = rel.rpartition("/")
            directory = folders.get(folder) if slash else tmp
            if directory is not None and name and name not in (".", ".."):
                target = directory / name
            else:
                parts = PurePosixPath(rel).parts
                if not parts or PurePosixPath(rel).is_absolute() or any(p in ("", ".", "..") for p in parts):
                    raise ValueError(f"not a path inside the directory: {rel!r}")
                target = tmp.joinpath(*parts)
                if target.parent not in made:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    made.add(target.parent)
                if slash and target.name == name:
                    folders[folder] = target.parent
            write_new(target, data, sync=not batch)
            written.append(rel)
        if batch:
            os.sync()  # every file written above, at once
        else:
            for directory in sorted(made, key=lambda p: len(p.parts), reverse=True):
                _sync_directory(directory)
        os.chmod(tmp, 0o755)
        os.rename(tmp, path)  # replaces an empty directory; refused onto anything else
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    _sync_directory(parent)
    return written
