"""The registry's change history, read from git, deterministically from the commits.

The record's cover shows which activities were added, removed or changed between the
versions of the record (``registry.version``), its tags and its approvals; RP612 reports a
record whose as-of date is older than its last committed change. Both read git here:

* ``last_change(root)``: the committer date of the newest commit that touched the registry
  directory (``git log -1``), or ``None`` when that cannot be known (no git, not a
  repository, no commit yet).
* ``history(registry)``: the history points, oldest first. A point is the last commit of
  each run of commits that carry the same ``registry.version``, and each commit a tag
  (reachable from ``HEAD``) resolves to; the working tree is the last point. Each point
  lists the activities added, removed and changed since the point before (an activity is
  "changed" when its YAML mapping differs, comments and layout aside) and is dated with
  the as-of date the registry stated at that point. Nothing here reads the clock: the same
  commits and the same working tree give the same history.

Only committed history counts for "the last change": uncommitted edits have no date yet
(a pre-commit hook sees the state before its own commit).

Git is run read-only (``log``, ``ls-tree``, ``cat-file``, ``rev-parse``, ``tag``), never a
command that runs hooks or filters, with lazy fetching of a partial clone switched off: no
network access. Without git, outside a repository, in a shallow clone or when git fails,
``history`` says why (``History.reason``) and shows no points.
"""

from __future__ import annotations

import datetime as _dt
import os
import subprocess
from pathlib import Path
from typing import Any
from collections.abc import Callable

from ropa.model import Value

_set = object.__setattr__

REASONS = ("no-git", "no-repository", "shallow", "no-commits", "git-failed")


class Point(Value):
    """One history point: a version (or tag) of the record and what changed since the point before."""

    __slots__ = ("version", "tags", "commit", "date", "count", "added", "removed", "changed")

    version: str | None  # registry.version at this point
    tags: tuple[str, ...]
    commit: str | None  # None: the working tree
    date: _dt.date | None  # registry.date stated at this point
    count: int  # activities at this point
    added: tuple[tuple[str, Any], ...]  # (activity id, its name as the YAML holds it: str or {lang: str})
    removed: tuple[tuple[str, Any], ...]
    changed: tuple[tuple[str, Any], ...]

    def __init__(self, version: str | None, tags: tuple[str, ...], commit: str | None, date: _dt.date | None,
                 count: int, added: tuple[tuple[str, Any], ...], removed: tuple[tuple[str, Any], ...],
                 changed: tuple[tuple[str, Any], ...]) -> None:
        _set(self, "version", version)
        _set(self, "tags", tags)
        _set(self, "commit", commit)
        _set(self, "date", date)
        _set(self, "count", count)
        _set(self, "added", added)
        _set(self, "removed", removed)
        _set(self, "changed", changed)


class History(Value):
    """``points`` oldest first; ``reason`` (one of ``REASONS``) when git could not give them."""

    __slots__ = ("points", "reason")

    points: tuple[Point, ...]
    reason: str | None

    def __init__(self, points: tuple[Point, ...] = (), reason: str | None = None) -> None:
        _set(self, "points", points)
        _set(self, "reason", reason)


# --- git ----------------------------------------------------------------------------------------

_ENV = {"GIT_NO_LAZY_FETCH": "1", "GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}


def _git(args: list[str], cwd: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes] | None:
    """``git args`` in ``cwd``; None if git is not installed or cannot run."""
    try:
        return subprocess.run(["git", "-c", "core.fsmonitor=false", *args], cwd=cwd, input=stdin,
                              capture_output=True, env=_git_env(), timeout=120, check=False)
    except (OSError, subprocess.SubprocessError):
        return None


def _git_env() -> dict[str, str]:
    """The environment git runs in: ours, without a repository chosen for it, quiet and unlocked."""
    env = {**os.environ, **_ENV}
    env.pop("GIT_DIR", None)
    env.pop("GIT_WORK_TREE", None)
    return env


def _repository(root: str) -> tuple[str | None, str | None]:
    """(the registry's path prefix inside its repository, None) or (None, reason)."""
    if not os.path.isdir(root):
        return None, "no-repository"
    return _repository_of(_git(_REPOSITORY, root))


# one git process for both answers (every `validate` of a registry with an as-of date asks, so
# each process costs start-up time): a line each, in the order asked
_REPOSITORY = ["rev-parse", "--is-shallow-repository", "--show-prefix"]


def _repository_of(out: subprocess.CompletedProcess[bytes] | None) -> tuple[str | None, str | None]:
    """``_repository``'s answer from what ``git rev-parse`` (``_REPOSITORY``) printed."""
    if out is None:
        return None, "no-git"
    if out.returncode != 0:
        return None, "no-repository"
    shallow, _, prefix = out.stdout.partition(b"\n")
    if shallow.strip() == b"true":
        return None, "shallow"
    return prefix.decode("utf-8", "replace").strip(), None


def last_change(root: str, until: _dt.date | None = None) -> _dt.date | None:
    """The committer date of the newest commit that touched ``root`` (committed on or before
    ``until``: a registry judged as of a day is judged by the commits that existed then);
    None when unknown."""
    return start_last_change(root, until)()


def start_last_change(root: str, until: _dt.date | None = None) -> Callable[[], _dt.date | None]:
    """``last_change``, started now and answered when the function it returns is called: its git
    processes run meanwhile (RP612 starts them before the rules run, ``ropa.check``).

    ``validate`` asks this on every run of a registry with an as-of date, so the two git
    processes it needs (is it a full clone; the newest commit) run side by side, not one after
    the other; the log's output is read only when the repository's answer allows it.
    """
    if not os.path.isdir(root):
        return lambda: None
    bound = [f"--until={until.isoformat()}T23:59:59Z"] if until is not None else []
    started = _start([_REPOSITORY, ["log", "-1", "--format=%cs", *bound, "--", "."]], root)
    answer: list[_dt.date | None] = []

    def result() -> _dt.date | None:
        if not answer:
            answer.append(_last_change_of(*_finish(started)))
        return answer[0]

    return result


def _last_change_of(repository: subprocess.CompletedProcess[bytes] | None,
                    log: subprocess.CompletedProcess[bytes] | None) -> _dt.date | None:
    _prefix, reason = _repository_of(repository)
    if reason is not None or log is None or log.returncode != 0 or not log.stdout.strip():
        return None
    try:
        return _dt.date.fromisoformat(log.stdout.decode().strip())
    except ValueError:
        return None


def _start(commands: list[list[str]], cwd: str) -> list[subprocess.Popen[bytes] | None]:
    """Each of ``commands`` started as ``_git`` runs it; None for one that cannot start."""
    env = _git_env()
    started: list[subprocess.Popen[bytes] | None] = []
    for args in commands:
        try:
            started.append(subprocess.Popen(["git", "-c", "core.fsmonitor=false", *args], cwd=cwd,
                                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env))
        except (OSError, subprocess.SubprocessError):
            started.append(None)
    return started


def _finish(started: list[subprocess.Popen[bytes] | None]) -> list[subprocess.CompletedProcess[bytes] | None]:
    """What each process of ``_start`` printed, as ``_git`` returns it; None for one that did not
    start or did not finish in time (killed, as ``subprocess.run(timeout=...)`` kills it)."""
    results: list[subprocess.CompletedProcess[bytes] | None] = []
    for process in started:
        if process is None:
            results.append(None)
            continue
        try:
            stdout, stderr = process.communicate(timeout=120)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
            results.append(None)
            continue
        results.append(subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr))
    return results


# --- reading a revision ---------------------------------------------------------------------------

# A file's content as the history needs it: the registry block's version and as-of date (if
# the file holds the block) and each activity's (id, organisation, name, fingerprint). Kept per
# content for the process: ``history`` runs once per exported organisation over the same files
# and blobs, and parsing them was most of an export's time (1,000 activities, 8 organisations:
# 23 files parsed 8 times by ruamel.yaml's pure-Python loader, 97 % of the export under a profile).
_Summary = tuple[tuple[str | None, _dt.date | None] | None, tuple[tuple[str, Any, Any, bytes], ...]]
_SUMMARIES: dict[bytes, _Summary | None] = {}


def _load(data: bytes) -> Any:
    """A file of a revision as plain data: through the loader's parser (libyaml's events) and
    its parse cache (``ropa.parse_cache.plain_data``), the same values as below in a fraction
    of the time; what that cannot give as plain data (an anchor, a time of day, a key that is a
    list, a text that is not UTF-8) through ruamel's pure-Python safe loader, as before. None
    when neither reads it."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    from ropa.parse_cache import plain_data

    try:
        return plain_data(data.decode("utf-8-sig"), "<revision>")
    except (UnicodeDecodeError, ValueError, TypeError, RecursionError):
        pass
    try:
        return YAML(typ="safe", pure=True).load(data)
    except (YAMLError, ValueError, TypeError, RecursionError):
        return None


def _parse(data: bytes) -> _Summary | None:
    import hashlib  # here, as json: `validate` imports this module for last_change alone (start-up)
    import json

    key = hashlib.sha256(data).digest()
    if key in _SUMMARIES:
        return _SUMMARIES[key]
    doc = _load(data)
    summary: _Summary | None = None
    if isinstance(doc, dict):
        meta = doc.get("registry")
        block = None
        if isinstance(meta, dict):
            stated = meta.get("date")
            block = (None if meta.get("version") is None else str(meta.get("version")),
                     stated if isinstance(stated, _dt.date) else None)
        activities = []
        for item in doc.get("activities") or ():
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                print_ = json.dumps(item, sort_keys=True, default=str, ensure_ascii=False)
                activities.append((item["id"], item.get("organisation"), item.get("name"),
                                   hashlib.blake2b(print_.encode("utf-8", "surrogatepass"), digest_size=16).digest()))
        summary = (block, tuple(activities))
    if len(_SUMMARIES) > 100_000:  # a long-running library user: bounded
        _SUMMARIES.clear()
    _SUMMARIES[key] = summary
    return summary


class _State(Value):
    """The registry at one point: version, as-of date, and each activity's (name, fingerprint)."""

    __slots__ = ("version", "date", "activities")

    version: str | None
    date: _dt.date | None
    activities: dict[str, tuple[Any, bytes]]

    def __init__(self, version: str | None, date: _dt.date | None, activities: dict[str, tuple[Any, bytes]]) -> None:
        _set(self, "version", version)
        _set(self, "date", date)
        _set(self, "activities", activities)


def _state(documents: list[_Summary | None], organisation: str | None = None) -> _State:
    version: str | None = None
    date: _dt.date | None = None
    activities: dict[str, tuple[Any, bytes]] = {}
    for doc in documents:
        if doc is None:
            continue
        block, items = doc
        if block is not None:
            version, date = block
        for ident, owner, name, print_ in items:
            if organisation is None or owner == organisation:
                activities[ident] = (name, print_)
    return _State(version, date, activities)


def _loaded_state(registry: Any, organisation: str | None) -> _State:
    """The working tree's state from the loaded registry: version, as-of date, each activity's
    name (without a fingerprint: for a registry with no commit to compare with)."""
    meta = registry.meta
    activities = {ident: (activity.name.to_plain() if hasattr(activity.name, "to_plain") else activity.name, b"")
                  for ident, activity in registry.activities.items()
                  if organisation is None or activity.organisation == organisation}
    return _State(None if meta is None else meta.version, None if meta is None else meta.date, activities)


def _yaml_names(names: list[str]) -> list[str]:
    return sorted(n for n in names if n.endswith((".yaml", ".yml")))


def _revision(root: str, commit: str, blobs: dict[str, Any]) -> list[_Summary | None] | None:
    """The parsed YAML files of the registry at ``commit`` (parsed blobs kept in ``blobs``)."""
    tree = _git(["ls-tree", "-r", "-z", commit, "--", "."], root)
    if tree is None or tree.returncode != 0:
        return None
    entries = []
    for record in tree.stdout.split(b"\0"):
        if not record:
            continue
        meta, _, path = record.partition(b"\t")
        parts = meta.split()
        if len(parts) == 3 and parts[1] == b"blob":
            entries.append((path.decode("utf-8", "replace"), parts[2].decode()))
    wanted = [oid for path, oid in sorted(entries) if path.endswith((".yaml", ".yml")) and oid not in blobs]
    if wanted:
        out = _git(["cat-file", "--batch"], root, stdin="".join(f"{oid}\n" for oid in wanted).encode())
        if out is None or out.returncode != 0:
            return None
        data, pos = out.stdout, 0
        for oid in wanted:
            end = data.index(b"\n", pos)
            header = data[pos:end].split()
            size = int(header[2]) if len(header) == 3 else 0
            blobs[oid] = _parse(data[end + 1:end + 1 + size])
            pos = end + 1 + size + 1
    return [blobs[oid] for path, oid in sorted(entries) if path.endswith((".yaml", ".yml"))]


def _working_tree(files: list[str]) -> list[_Summary | None]:
    out: list[_Summary | None] = []
    for name in sorted(files):
        try:
            out.append(_parse(Path(name).read_bytes()))
        except OSError:
            out.append(None)
    return out


def _changes(before: _State | None, after: _State) -> tuple[tuple[tuple[str, Any], ...], ...]:
    old = before.activities if before is not None else {}
    new = after.activities
    added = tuple((i, new[i][0]) for i in new if i not in old)
    removed = tuple((i, old[i][0]) for i in old if i not in new)
    changed = tuple((i, new[i][0]) for i in new if i in old and old[i][1] != new[i][1])
    return added, removed, changed


def history(registry: Any, organisation: str | None = None) -> History:
    """The history points of ``registry`` (a loaded ``ropa.load.Registry``), oldest first;
    ``organisation``: only the activities of that organisation count."""
    root = str(registry.root)
    prefix, reason = _repository(root)
    if reason is not None:
        return History(reason=reason)
    log = _git(["log", "--reverse", "--format=%H", "--", "."], root)
    if log is None or log.returncode != 0:
        return History(reason="git-failed")
    commits = log.stdout.decode().split()
    blobs: dict[str, Any] = {}
    # the file holding the registry block, to read the version of every commit cheaply
    meta = registry.meta
    block = None
    if meta is not None and meta.span.file:
        block = os.path.relpath(os.path.abspath(meta.span.file), os.path.abspath(root)).replace(os.sep, "/")
    versions: list[str | None] = []
    if block is not None and commits:
        out = _git(["cat-file", "--batch"], root,
                   stdin="".join(f"{c}:./{block}\n" for c in commits).encode())
        if out is None or out.returncode != 0:
            return History(reason="git-failed")
        data, pos = out.stdout, 0
        for _ in commits:
            end = data.index(b"\n", pos)
            header = data[pos:end].split()
            if len(header) == 3:
                size = int(header[2])
                versions.append(_state([_parse(data[end + 1:end + 1 + size])]).version)
                pos = end + 1 + size + 1
            else:  # "<rev> missing": the file did not exist yet
                versions.append(None)
                pos = end + 1
    else:
        versions = [None] * len(commits)
    tags: dict[str, list[str]] = {}
    listed = _git(["tag", "--merged", "HEAD", "--sort=refname"], root) if commits else None
    for name in (listed.stdout.decode("utf-8", "replace").split() if listed and listed.returncode == 0 else ()):
        at = _git(["log", "-1", "--format=%H", name, "--", "."], root)
        if at is not None and at.returncode == 0 and at.stdout.strip():
            tags.setdefault(at.stdout.decode().strip(), []).append(name)
    marks = [i for i, c in enumerate(commits)
             if c in tags or i + 1 == len(commits) or versions[i + 1] != versions[i]]
    if commits:
        current = _state(_working_tree([f for f in registry.files if f.endswith((".yaml", ".yml"))]), organisation)
    else:  # nothing to compare with: the working tree as loaded (parsing its files again was a fifth of an export)
        current = _loaded_state(registry, organisation)
    if marks and versions[marks[-1]] == current.version and commits[marks[-1]] not in tags:
        # the working tree continues the last run of its version: it stands for that run, so
        # that committing it does not change the history (the export stays current)
        marks.pop()
    points: list[Point] = []
    before: _State | None = None
    for i in marks:
        docs = _revision(root, commits[i], blobs)
        if docs is None:
            return History(reason="git-failed")
        state = _state(docs, organisation)
        added, removed, changed = _changes(before, state)
        if before is None or added or removed or changed or state.version != before.version or commits[i] in tags:
            points.append(Point(state.version, tuple(tags.get(commits[i], ())), commits[i], state.date,
                                len(state.activities), added, removed, changed))
        before = state
    added, removed, changed = _changes(before, current)
    if points and before is not None and not (added or removed or changed) and current.version == before.version \
            and current.date == before.date:
        last = points[-1]
        points[-1] = Point(last.version, last.tags, None, last.date, last.count, last.added, last.removed,
                           last.changed)
    else:
        points.append(Point(current.version, (), None, current.date, len(current.activities), added, removed,
                            changed))
    if not commits:
        return History(points=tuple(points), reason="no-commits")
    return History(points=tuple(points))
