"""`ropa review`: record that activities were reviewed, by whom, and when the next review is due.

Only the three keys ``reviewed``, ``reviewed_by`` and ``review_due`` of each activity change;
every other line of the file, comments and layout included, stays byte for byte. The file
is read with ruamel.yaml's round-trip loader, changed there, and dumped; the difference
between that dump and a dump of the unchanged data is applied to the original text, so
whatever the dumper would write differently elsewhere is left as the author wrote it.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import Any

from ropa.findings import RopaError
from ropa.i18n import msg
from ropa.load import Registry
from ropa.model import Activity, Value

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
    activities' file names are then paths to their files. Each file is changed through
    ``ropa.edit.splice.update_file``: a review, an ``fmt`` or an editor's save that lands
    between the read and the write is read again and kept, never overwritten.
    """
    from ropa.edit.splice import SpliceError, edit_text, update_file

    values = {"reviewed": today, "reviewed_by": by, "review_due": due or next_due(today)}
    by_file: dict[Path, list[Activity]] = {}
    for ident in ids:
        activity = registry.activities[ident]
        by_file.setdefault(Path(activity.span.file), []).append(activity)
    for path, items in by_file.items():  # every file checked before the first is written
        try:
            edit_text(path.read_text(encoding="utf-8"), _setter([a.id for a in items], values), str(path))
        except (SpliceError, UnicodeDecodeError, OSError) as exc:
            raise ReviewError(exc.args[0] if isinstance(exc, SpliceError) else msg(
                "{name}: cannot read it: {reason}", name=str(path), reason=str(exc))) from None
    for path, items in by_file.items():
        setter = _setter([a.id for a in items], values)

        def change(text: str, path: Path = path, setter: Any = setter) -> str:
            return edit_text(text, setter, str(path))

        try:
            update_file(path, change)
        except SpliceError as exc:
            raise ReviewError(exc.args[0]) from None
    return [Reviewed(a.id, path) for path, items in by_file.items() for a in items]


def _setter(ids: list[str], values: dict[str, Any]) -> Any:
    from ropa.edit.splice import verbatim_data

    values = {key: verbatim_data(value) for key, value in values.items()}

    def change(data: Any) -> Any:
        for item in (data.get("activities") or ()) if hasattr(data, "get") else ():
            if hasattr(item, "get") and item.get("id") in ids:
                for key, value in values.items():
                    if key in item:
                        item[key] = value
                    else:
                        item.insert(_position(item, key), key, value)
        return data
    return change


def set_keys(text: str, ids: list[str], values: dict[str, Any], name: str) -> str:
    """``text`` with the review keys of the activities ``ids`` set to ``values``."""
    from ropa.edit.splice import SpliceError, edit_text

    try:
        return edit_text(text, _setter(ids, values), name)
    except SpliceError as exc:
        raise ReviewError(exc.args[0]) from None


def _position(item: Any, key: str) -> int:
    """Where ``key`` goes among ``item``'s keys: before the first key the model orders after it."""
    from ropa.load import field_specs

    order = list(field_specs(Activity))
    rank = order.index(key)
    for index, existing in enumerate(item):
        if existing in order[rank + 1:] or (isinstance(existing, str) and existing.startswith("x-")):
            return index
    return len(item)
