"""`ropa add`: add a recipient, data subject category, data category or measure to the registry.

The entry is appended to the file that already holds entries of its kind (the last one),
else to ``recipients.yaml`` for a recipient where the registry has one, else to
``registry.yaml``. The registry with the new entry is loaded in a scratch copy first: an
entry the loader would refuse is never written; what the rules find about it (a processor
without a contract) is returned with the result, since the entry records what is. Only the lines of the new entry change
(``ropa.edit.splice``): comments and layout stay, a file in ``ropa fmt``'s form stays in it,
and an edit made meanwhile is never overwritten.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import Any

from ropa.findings import RopaError
from ropa.i18n import N_, Joined, msg
from ropa.load import MARKER, Registry, find_root, load
from ropa.model import Value

# kind -> (top-level list, model class name, the catalogue's name in messages)
KINDS: dict[str, tuple[str, str]] = {
    "recipient": ("recipients", N_("recipient")),
    "subject": ("data_subjects", N_("data subject category")),
    "category": ("data_categories", N_("data category")),
    "measure": ("measures", N_("measure")),
}


class AddError(RopaError):
    """The entry cannot be added; ``problems`` has one line per reason (``invalid``: it would not validate)."""

    def __init__(self, problems: list[Any], *, invalid: bool = False) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems
        self.invalid = invalid


class Added(Value):
    __slots__ = ("kind", "id", "path", "findings")

    kind: str
    id: str
    path: Path
    findings: tuple[Any, ...]  # what `ropa validate` reports about the new entry (a processor without a contract)

    def __init__(self, kind: str, id: str, path: Path, findings: tuple[Any, ...] = ()) -> None:
        object.__setattr__(self, "kind", kind)
        object.__setattr__(self, "id", id)
        object.__setattr__(self, "path", path)
        object.__setattr__(self, "findings", findings)


def registry_root(registry_path: Path) -> Path:
    path = Path(registry_path)
    return find_root(path.resolve()) if path.is_file() else path


def target_file(registry: Registry, root: Path, kind: str) -> Path:
    """The file a new entry of ``kind`` goes into."""
    collection = KINDS[kind][0]
    entries = getattr(registry, collection)
    if entries:
        last = list(entries.values())[-1]
        if last.span.file:
            return Path(last.span.file)
    if kind == "recipient" and (root / "recipients.yaml").is_file():
        return root / "recipients.yaml"
    return root / MARKER


def appender(collection: str, entry: dict[str, Any]) -> Any:
    """The change that appends ``entry`` to the top-level list ``collection`` of a file's data."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    from ropa.edit.splice import verbatim_data

    def change(data: Any) -> Any:
        if data is None:
            data = CommentedMap()
        seq = data.get(collection)
        if not isinstance(seq, CommentedSeq):
            seq = CommentedSeq()
            data[collection] = seq
        seq.append(verbatim_data(entry))
        seq.fa.set_block_style()
        return data

    return change


# the values an option may take, by field
CHOICES = {
    "role": ("processor", "sub-processor", "joint-controller", "controller", "authority", "internal"),
    "contract": ("dpa", "joint-control-arrangement", "scc", "terms", "confidentiality", "none", "unknown"),
    "dpf": ("active", "inactive", "unknown"),
    "special": ("none", "art9", "art10"),
    "kind": ("technical", "organisational"),
    "art32": ("pseudonymisation", "encryption", "confidentiality", "integrity", "availability", "resilience",
              "restore", "testing"),
}
NEEDED = {"recipient": ("id", "name", "role"), "subject": ("id", "name"), "category": ("id", "name"),
          "measure": ("id", "name", "kind")}


def entry_from(kind: str, given: dict[str, Any]) -> dict[str, Any]:
    """The entry the options describe, in the model's field order; ``AddError`` for a bad or missing value."""
    problems = option_problems(kind, given)
    if problems:
        raise AddError(problems)
    entry: dict[str, Any] = {"id": given["id"], "name": given["name"]}
    if kind == "recipient":
        return {**entry, **_recipient_fields(given)}
    if kind == "measure":
        entry["kind"] = given["kind"]
    if given.get("description"):
        entry["description"] = given["description"]
    if kind == "category" and given.get("special") not in (None, "none"):
        entry["special"] = given["special"]
    if kind == "measure" and given.get("art32"):
        entry["art32"] = list(given["art32"])
    return entry


def option_problems(kind: str, given: dict[str, Any]) -> list[Any]:
    """One message per option missing or not among its choices, per bad country code or date."""
    from ropa.edit.answers import country_problem

    problems: list[Any] = []
    missing = [f"--{k}" for k in NEEDED[kind] if not given.get(k)]
    if missing:
        problems.append(msg("missing {options} (or run with --interactive)", options=", ".join(missing)))
    problems += _choice_problems(given)
    if given.get("country") and country_problem(given["country"]):
        problems.append(country_problem(given["country"]))
    if given.get("contract_date") and _date(given["contract_date"]) is None:
        problems.append(msg("'{value}' is not a date like 2024-01-31", value=given["contract_date"]))
    return problems


def _choice_problems(given: dict[str, Any]) -> list[Any]:
    """The options given a value that is not among their choices (``CHOICES``)."""
    problems: list[Any] = []
    for key, allowed in CHOICES.items():
        values = given.get(key)
        for value in values if isinstance(values, list) else [values] if values else []:
            if value not in allowed:
                problems.append(msg("--{option} '{value}' is not one of {allowed}", option=key, value=value,
                                    allowed=", ".join(allowed)))
    return problems


def _date(value: str) -> _dt.date | None:
    try:
        return _dt.date.fromisoformat(value)
    except ValueError:
        return None


def _recipient_fields(given: dict[str, Any]) -> dict[str, Any]:
    """A recipient's role, country, category, contract and DPF listing (checked today), as given."""
    out: dict[str, Any] = {"role": given["role"]}
    if given.get("country"):
        out["country"] = given["country"].upper()
    if given.get("category"):
        out["category"] = given["category"]
    if given.get("contract"):
        date = _date(given["contract_date"]) if given.get("contract_date") else None
        out["contract"] = {"type": given["contract"], **({"date": date} if date else {})}
    if given.get("dpf"):
        out["certifications"] = [{"scheme": "eu-us-dpf", "status": given["dpf"], "checked": _dt.date.today()}]
    return out


def add(registry_path: Path, kind: str, entry: dict[str, Any]) -> Added:
    """Append ``entry`` (plain data in the model's field order) as a new entry of ``kind``."""
    from ropa.edit.answers import id_problem
    from ropa.edit.splice import SpliceError, edit_text, update_file

    result = load(registry_path)
    if result.fatal:
        raise AddError([Joined((str(f)[:len(str(f)) - len(f.message)], f.message), "")
                        for f in result.findings if f.fatal])
    registry = result.registry
    collection, _label = KINDS[kind]
    ident = str(entry.get("id", ""))
    problem = id_problem(ident, getattr(registry, collection))
    if problem is not None:
        raise AddError([problem])
    root = registry_root(registry_path)
    path = target_file(registry, root, kind)
    change = appender(collection, entry)
    try:
        text = edit_text(path.read_text(encoding="utf-8") if path.exists() else "", change, str(path))
    except (SpliceError, OSError, UnicodeDecodeError) as exc:
        raise AddError([exc.args[0] if isinstance(exc, SpliceError) else str(exc)]) from None
    errors = rehearse(root, path, text, ident)
    if errors:
        raise AddError(errors, invalid=True)
    try:
        if path.exists():
            update_file(path, lambda old: edit_text(old, change, str(path)))
        else:
            from ropa.edit.yamlrt import create_exclusive

            create_exclusive(path, text)
    except (SpliceError, OSError) as exc:
        raise AddError([exc.args[0] if isinstance(exc, SpliceError) else msg(
            "cannot write {path}: {reason}", path=str(path), reason=str(exc))]) from None
    from ropa.check import check

    return Added(kind, ident, path, tuple(check(load(registry_path)).for_target(ident)))


def rehearse(root: Path, path: Path, text: str, ident: str) -> list[Any]:
    """The loader errors the registry at ``root`` would have with ``path`` holding ``text`` (a value
    of the wrong type or out of its choices); checked in a scratch copy, reported with the real
    file names. A legal finding about the entry (a processor without a contract) does not stop it:
    the entry records what is, and the finding is shown once it is written."""
    import os
    import shutil
    import tempfile

    from ropa.check import check

    relative = os.path.relpath(os.path.abspath(path), os.path.abspath(root))
    with tempfile.TemporaryDirectory(prefix="ropa-add-") as scratch:
        copy = Path(scratch) / "registry"
        shutil.copytree(root, copy, ignore=shutil.ignore_patterns(".*"), symlinks=True)
        changed = copy / relative
        changed.parent.mkdir(parents=True, exist_ok=True)
        changed.write_text(text, encoding="utf-8")
        report = check(load(copy))
        bad = [f for f in report.findings if f.fatal]
        return [Joined((str(f)[:len(str(f)) - len(f.message)].replace(str(copy), str(root), 1), f.message), "")
                for f in bad]
