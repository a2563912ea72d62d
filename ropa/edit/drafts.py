"""The answers of a `ropa new` interview whose activity could not be written yet, kept as a draft.

A draft is a JSON file ``.ropa-drafts/new-<id>.json`` in the registry's root directory (a
hidden directory: the loader and ``fmt`` never read it; a ``.gitignore`` in it keeps it out of
commits). The next interactive ``ropa new`` offers to continue from the newest draft, with
each earlier answer as the default; a written activity removes its draft.
"""

from __future__ import annotations

import contextlib

import datetime as _dt
import json
import os
from pathlib import Path
from typing import Any

from ropa.model import Value

DIRECTORY = ".ropa-drafts"


class Draft(Value):
    __slots__ = ("path", "answers", "saved")

    path: Path
    answers: dict[str, Any]
    saved: str  # when it was saved, YYYY-MM-DD HH:MM

    def __init__(self, path: Path, answers: dict[str, Any], saved: str) -> None:
        object.__setattr__(self, "path", path)
        object.__setattr__(self, "answers", answers)
        object.__setattr__(self, "saved", saved)


def _root(registry_path: Path) -> Path:
    from ropa.edit.add import registry_root

    return registry_root(Path(registry_path))


def _name(ident: Any) -> str:
    from ropa.load import ID_RE

    return f"new-{ident}.json" if isinstance(ident, str) and ID_RE.match(ident) else "new.json"


def save(registry_path: Path, answers: dict[str, Any]) -> Path:
    """Keep ``answers`` (plain data) as the draft of activity ``answers['ident']``; its path."""
    from ropa.atomic import create, replace

    directory = _root(registry_path) / DIRECTORY
    directory.mkdir(exist_ok=True)
    ignore = directory / ".gitignore"
    if not ignore.exists():
        with contextlib.suppress(FileExistsError):  # another ropa new wrote it meanwhile
            create(ignore, b"*\n")
    path = directory / _name(answers.get("ident"))
    replace(path, json.dumps(answers, ensure_ascii=False, indent=1, default=str).encode("utf-8"), mode=0o600)
    return path


def latest(registry_path: Path) -> Draft | None:
    """The newest readable draft, or None."""
    directory = _root(registry_path) / DIRECTORY
    try:
        entries = sorted((e for e in os.scandir(directory) if e.name.startswith("new") and e.name.endswith(".json")
                          and e.is_file(follow_symlinks=False)), key=lambda e: e.stat().st_mtime, reverse=True)
    except OSError:
        return None
    for entry in entries:
        try:
            answers = json.loads(Path(entry.path).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(answers, dict):
            when = _dt.datetime.fromtimestamp(entry.stat().st_mtime).strftime("%Y-%m-%d %H:%M")
            return Draft(Path(entry.path), answers, when)
    return None


def remove(registry_path: Path, ident: Any) -> None:
    """Remove the draft of ``ident`` (and an unnamed one), once the activity is written."""
    directory = _root(registry_path) / DIRECTORY
    for name in {_name(ident), "new.json"}:
        try:
            os.unlink(directory / name)
        except OSError:
            pass
