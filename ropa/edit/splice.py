"""Changing a registry file in place: the lines that change, and nothing else; never a lost edit.

``edit_text`` applies a change to a file's round-trip data and carries only the lines that
change over to the original text (the difference between a dump of the unchanged data and
a dump of the changed data): comments and layout elsewhere stay byte for byte, and a file
that was in ``ropa fmt``'s form is still in it afterwards.

``update_file`` is the one way ``review``, ``add`` and ``fmt`` replace a file: read, change,
and replace only if the file still holds the bytes that were read (``ropa.atomic.replace``),
the comparison and the rename made under an advisory lock that every ropa writer takes, so
that two writers (two parallel ``ropa review`` runs) cannot both replace the same old text; a
writer that finds the file changed reads it again and applies its change to the new text.
"""

from __future__ import annotations

import contextlib
import difflib
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from ropa.findings import RopaError
from ropa.i18n import N_, msg

NEEDS_FMT = N_("{name}: cannot change it without reformatting it; run `ropa fmt {name}` first")
KEPT_CHANGING = N_("{name} kept changing while it was being written; nothing written, try again")


class SpliceError(RopaError):
    """The change cannot be made without changing more of the file (or the file kept changing)."""


def edit_text(text: str, change: Callable[[Any], Any], name: str) -> str:
    """``text`` with ``change`` applied to its round-trip data (``change`` returns the data, which
    may be a new mapping for an empty file); only the lines that change are replaced."""
    from ropa.edit.layout import format_text
    from ropa.edit.normal import in_normal_form
    from ropa.edit.yamlrt import dump_rt, load_rt, rt_yaml

    # in fmt's form before: in it after (libyaml's check first, the round trip only where it cannot tell)
    was_normal = not text.strip() or in_normal_form(text) or format_text(text) == text
    yaml = rt_yaml(verbatim=True)
    data = load_rt(text, yaml)
    base = dump_rt(data, yaml) if data is not None else ""
    changed = dump_rt(change(data), yaml)
    out = changed if base == text or not text.strip() else patch(text, base, changed, name)
    if was_normal and not in_normal_form(out):
        out = format_text(out)
    return out


def verbatim_data(value: Any, key: str = "") -> Any:
    """Plain data as round-trip nodes for a verbatim document (``rt_yaml(verbatim=True)``, which
    reads every plain scalar as text): numbers, booleans and dates as the text YAML reads back as
    them, and text that would read back as something else in double quotes."""
    import datetime as _dt

    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    from ropa.edit.yamlrt import misread_as_other_type, rt_data

    def convert(item: Any) -> Any:
        if isinstance(item, dict):
            return {k: convert(v) for k, v in item.items()}
        if isinstance(item, list):
            return [convert(v) for v in item]
        if item is True or item is False:
            return "true" if item else "false"
        if isinstance(item, int):
            return str(item)
        if isinstance(item, _dt.date):
            return item.isoformat()
        if isinstance(item, str) and misread_as_other_type(item):
            return DoubleQuotedScalarString(item)
        return item

    plain = {k: convert(v) for k, v in value.items()} if isinstance(value, dict) else convert(value)
    return rt_data(plain, key)


def patch(original: str, base: str, changed: str, name: str) -> str:
    """Apply the change from ``base`` to ``changed`` (two dumps) to ``original``, line by line."""
    old, lines, new = original.splitlines(True), base.splitlines(True), changed.splitlines(True)
    if len(old) != len(lines):
        raise SpliceError(msg(NEEDS_FMT, name=name))
    out = list(old)
    matcher = difflib.SequenceMatcher(a=lines, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in reversed(matcher.get_opcodes()):
        if tag == "equal":
            continue
        if old[i1:i2] != lines[i1:i2]:
            raise SpliceError(msg(NEEDS_FMT, name=name))
        out[i1:i2] = new[j1:j2]
    return "".join(out)


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold ropa's advisory lock on the file now at ``path`` (nothing to lock for a new file).

    A writer replaces a file by renaming a new one over it; a lock on the old file is then
    a lock on nothing, so the lock is taken again until it is on the file the path names.
    """
    try:
        import fcntl
    except ImportError:  # no advisory locks here: the compare-before-replace alone
        yield
        return
    while True:
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
                         | getattr(os, "O_NONBLOCK", 0))
        except FileNotFoundError:
            yield
            return
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            try:
                same = os.fstat(fd).st_ino == os.stat(path, follow_symlinks=False).st_ino
            except FileNotFoundError:
                same = False
            if same:
                yield
                return
        finally:
            os.close(fd)  # closing releases the lock


def replace_checked(path: Path, text: str, expected: bytes | None) -> None:
    """Replace ``path`` with ``text`` if it still holds ``expected``; ``ChangedMeanwhile`` if not."""
    from ropa.atomic import replace

    with locked(path):
        replace(Path(path), text.encode("utf-8"), expected=expected)


def update_file(path: Path, change: Callable[[str], str], *, attempts: int = 20) -> str:
    """Replace ``path`` with ``change(its text)``, never over an edit made meanwhile: a file that
    changed between the read and the replace is read again and changed again. Returns the text written."""
    from ropa.atomic import ChangedMeanwhile, read_regular

    for _attempt in range(attempts):
        raw = read_regular(path)
        text = change(raw.decode("utf-8"))
        if text.encode("utf-8") == raw:
            return text
        try:
            replace_checked(path, text, raw)
        except ChangedMeanwhile:
            continue
        return text
    raise SpliceError(msg(KEPT_CHANGING, name=str(path)))
