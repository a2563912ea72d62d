"""`ropa review`: record that activities were reviewed, by whom, and when the next review is due.

Only the three keys ``reviewed``, ``reviewed_by`` and ``review_due`` of each activity change;
every other line of the file, comments and layout included, stays byte for byte. The file
is read with ruamel.yaml's round-trip loader, changed there, and dumped; the difference
between that dump and a dump of the unchanged data is applied to the original text, so
whatever the dumper would write differently elsewhere is left as the author wrote it.
"""

from __future__ import annotations

import datetime as _dt
import difflib
from pathlib import Path
from typing import Any

from ropa.findings import RopaError
from ropa.i18n import N_, msg
from ropa.load import Registry
from ropa.model import Activity, Value

# keys an activity may have after the review keys (model order): new keys go before the first
AFTER = ("sources", "gaps", "conflicts", "interpretations", "notes")


class ReviewError(RopaError):
    """The review cannot be recorded in a file without changing more than its three keys."""


class Reviewed(Value):
    __slots__ = ("activity", "path")

    activity: str
    path: Path

    def __init__(self, activity: str, path: Path) -> None:
        object.__setattr__(self, "activity", activity)
        object.__setattr__(self, "path", path)


def next_due(today: _dt.date, years: int = 1) -> _dt.date:
    try:
        return today.replace(year=today.year + years)
    except ValueError:  # 29 February, or beyond the year 9999
        try:
            return today + _dt.timedelta(days=365 * years)
        except OverflowError:  # reviewed on 9999-12-31: due at the end of the calendar
            return _dt.date.max


def review(registry: Registry, ids: list[str], by: str, *, today: _dt.date,
           due: _dt.date | None = None) -> list[Reviewed]:
    """Record the review of the activities ``ids`` in their files (atomically, file by file).

    ``registry`` is loaded from a path relative to the working directory or absolute: the
    activities' file names are then paths to their files.
    """
    from ropa.edit.yamlrt import atomic_write

    values = {"reviewed": today, "reviewed_by": by, "review_due": due or next_due(today)}
    by_file: dict[Path, list[Activity]] = {}
    for ident in ids:
        activity = registry.activities[ident]
        by_file.setdefault(Path(activity.span.file), []).append(activity)
    texts = {path: set_keys(path.read_text(encoding="utf-8"), [a.id for a in items], values, str(path))
             for path, items in by_file.items()}
    for path, text in texts.items():  # every file computed before the first is written
        atomic_write(path, text)
    return [Reviewed(a.id, path) for path, items in by_file.items() for a in items]


def rt_yaml_exact() -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096
    yaml.allow_unicode = True
    yaml.preserve_quotes = True
    yaml.representer.ignore_aliases = lambda data: True
    return yaml


def set_keys(text: str, ids: list[str], values: dict[str, Any], name: str) -> str:
    """``text`` with the review keys of the activities ``ids`` set to ``values``."""
    from ropa.edit.yamlrt import dump_rt, load_rt

    yaml = rt_yaml_exact()
    data = load_rt(text, yaml)
    base = dump_rt(data, yaml)
    for item in data.get("activities") or ():
        if item.get("id") in ids:
            for key, value in values.items():
                if key in item:
                    item[key] = value
                else:
                    item.insert(_position(item), key, value)
    return patch(text, base, dump_rt(data, yaml), name)


def _position(item: Any) -> int:
    keys = list(item)
    for index, key in enumerate(keys):
        if key in AFTER or key.startswith("x-"):
            return index
    return len(keys)


NEEDS_FMT = N_("{name}: cannot change it without reformatting it; run `ropa fmt {name}` first")


def patch(original: str, base: str, changed: str, name: str) -> str:
    """Apply the change from ``base`` to ``changed`` (two dumps) to ``original``, line by line."""
    old, lines, new = original.splitlines(True), base.splitlines(True), changed.splitlines(True)
    if len(old) != len(lines):
        raise ReviewError(msg(NEEDS_FMT, name=name))
    out = list(old)
    matcher = difflib.SequenceMatcher(a=lines, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in reversed(matcher.get_opcodes()):
        if tag == "equal":
            continue
        if old[i1:i2] != lines[i1:i2]:
            raise ReviewError(msg(NEEDS_FMT, name=name))
        out[i1:i2] = new[j1:j2]
    return "".join(out)
