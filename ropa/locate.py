"""Where a registry is: its root directory and its YAML files.

``marked_root`` is the one registry-root locator: the nearest directory holding
``registry.yaml`` (``find_root`` falls back to the directory given). Every command finds its
registry with ``find_registry`` (like git finds a repository), and ``ropa validate`` groups
the files it is given (pre-commit passes the changed ones) by the registry they lie in
(``registry_roots``). ``registry_files`` lists a registry's YAML files in the order they load,
with the paths findings show, and reports links that leave the registry.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from ropa.findings import Finding, RopaError
from ropa.i18n import english, msg
from ropa.model import Span
from ropa.problems import problem

YAML_SUFFIXES = (".yaml", ".yml")
MARKER = "registry.yaml"  # the file that marks a registry's root directory


class NoRegistry(RopaError):
    """A directory given as a registry holds no ``registry.yaml``, and none lies above it.

    Raised by the library (``ropa.load.load``) as ``find_registry`` refuses such a directory at
    the command line: a directory that is no registry (``/``, a home directory) is never read
    as one, file by file, which would walk the whole tree below it.
    """

    def __init__(self, path: str) -> None:
        self.path = path
        super().__init__(msg("{path} is no registry: no registry.yaml in it or above it", path=path))


def marked_root(path: Path) -> Path | None:
    """The nearest of ``path`` (a directory) and its parents that holds ``registry.yaml``, or None."""
    for candidate in (path, *path.parents):
        if (candidate / MARKER).is_file():
            return candidate
    return None


def find_root(path: Path) -> Path:
    """The registry root for a file or directory: the nearest directory with registry.yaml
    (``marked_root``); without one, the directory itself (or the file's directory)."""
    start = path if path.is_dir() else path.parent
    return marked_root(start) or start


def registry_files(root: Path, display_root: str) -> tuple[list[tuple[Path, str]], list[Finding]]:
    """Every YAML file below ``root``, sorted, with its display path; links may not leave root."""
    findings: list[Finding] = []
    files: list[tuple[Path, str]] = []
    real_root = os.path.realpath(root)

    def onerror(exc: OSError) -> None:
        shown = exc.filename or display_root
        findings.append(problem("RP002", msg("cannot read directory: {reason}",
                                             reason=english(str(exc.strerror or exc))), Span(str(shown), 1, 1)))

    for dirpath, dirnames, filenames in os.walk(root, onerror=onerror, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        rel_dir = os.path.relpath(dirpath, root)
        for dirname in list(dirnames):
            full = os.path.join(dirpath, dirname)
            if os.path.islink(full):
                # links to directories are not followed; say so when they lead outside
                target = os.path.realpath(full)
                shown = _display(display_root, rel_dir, dirname)
                if not (target == real_root or target.startswith(real_root + os.sep)):
                    findings.append(problem("RP018", msg("directory link points outside the registry: {target}",
                                                         target=target),
                                            Span(shown, 1, 1)))
        for name in sorted(filenames):
            if name.startswith(".") or not name.endswith(YAML_SUFFIXES):
                continue
            full = os.path.join(dirpath, name)
            shown = _display(display_root, rel_dir, name)
            if os.path.islink(full):
                target = os.path.realpath(full)
                if not target.startswith(real_root + os.sep):
                    findings.append(problem("RP018", msg("file link points outside the registry: {target}", target=target),
                                            Span(shown, 1, 1)))
                    continue
                if not os.path.exists(target):
                    findings.append(problem("RP002", msg("file link is broken"), Span(shown, 1, 1)))
                    continue
            files.append((Path(full), shown))
    return files, findings


def _display(display_root: str, rel_dir: str, name: str) -> str:
    parts = [p for p in (display_root, "" if rel_dir == "." else rel_dir, name) if p]
    return printable_path(os.path.join(*parts))


def printable_path(path: str) -> str:
    """A path as shown in findings: bytes of a file name that are not UTF-8 become ``\\xff``.

    Such names arrive as lone surrogates, which no UTF-8 output (a terminal, JSON, SARIF)
    can encode; the file itself is still read by its real name.
    """
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return path


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
