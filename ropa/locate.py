"""The one registry locator: where the registry of a path, a working directory or a list of files is.

A registry's root is the directory that holds ``registry.yaml`` (``MARKER``). Every command
finds its registry here (``find_registry``: like git finds a repository), and ``ropa
validate`` groups the files it is given (pre-commit passes the changed ones) by the
registry they lie in (``registry_roots``).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

MARKER = "registry.yaml"  # the file that marks a registry's root directory (as ropa.load.MARKER)


def marked_root(path: Path) -> Path | None:
    """The nearest of ``path`` (a directory) and its parents that holds ``registry.yaml``; None if none does."""
    for candidate in (path, *path.parents):
        if (candidate / MARKER).is_file():
            return candidate
    return None


def find_registry(path: Path | None, cwd: Path) -> Path | None:
    """The registry directory for ``path`` (or, when None, for the working directory ``cwd``).

    Like git finding a repository: the nearest of ``path`` and its parents that holds
    ``registry.yaml``; from a project root, its ``registry/`` if that holds one. A missing path
    or a file given explicitly is returned as it is (the loader judges it: a missing path is
    RP001); None when nothing was found: a directory that is no registry (``/``, a home
    directory) is never read as one, file by file. A found directory is returned relative to
    ``cwd`` where it lies below it, so findings show short paths.
    """
    start = cwd if path is None else (path if path.is_absolute() else cwd / path)
    if path is not None and (not start.exists() or start.is_file()):
        return path
    root = marked_root(start)
    if root is not None:
        return _shown(root, cwd, path)
    if (start / "registry" / MARKER).is_file():
        return _shown(start / "registry", cwd, path)
    return None


def _shown(found: Path, cwd: Path, given: Path | None) -> Path:
    if given is not None and given.is_absolute():
        return found
    try:
        return Path(os.path.relpath(found, cwd))
    except ValueError:  # another drive (Windows)
        return found


def registry_roots(paths: Iterable[Path]) -> list[str]:
    """The registries to validate for ``paths``, each once, in the order given.

    A path that does not exist is the loader's to report (RP001); a directory or a file stands
    for the whole registry it lies in (a directory that lies in none is skipped: ``/`` is not
    read file by file): a change to one file can break a
    reference from any other (a recipient deleted while still in use), so the pre-commit hook
    validates every registry a changed file belongs to, in full. A file outside any registry
    is skipped, unless it is the only path given (then the loader judges it).
    """
    paths = list(paths)
    roots: dict[str, None] = {}
    for path in paths:
        if not path.exists():
            roots[str(path)] = None
            continue
        root = marked_root(path.resolve() if path.is_dir() else path.resolve().parent)
        if root is not None and path.is_dir() and root == path.resolve():
            roots[str(path)] = None  # the registry as given: its findings show the path the user typed
        elif root is not None:
            roots[os.path.relpath(root)] = None
        elif len(paths) == 1:
            roots[str(path)] = None
    return list(roots)
