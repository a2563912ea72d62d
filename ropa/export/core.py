"""Load, check and snapshot a registry; render formats in memory; write or compare files."""

from __future__ import annotations

import datetime as _dt
import hashlib
import importlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from ropa import art30, model
from ropa.findings import ExitCode, Finding, RopaError

# format -> (renderer module, one file set per language?)
FORMATS: dict[str, tuple[str, bool]] = {
    "xlsx": ("ropa.export.to_xlsx", True),
    "csv": ("ropa.export.to_csv", True),
    "md": ("ropa.export.to_markdown", True),
    "html": ("ropa.export.to_html", True),
    "pdf": ("ropa.export.to_pdf", True),
    "json": ("ropa.export.to_json", False),
    "jsonld": ("ropa.export.to_jsonld", False),
}
LANGUAGES = ("de", "en")


class ExportError(RopaError):
    """The export cannot start: unreadable registry, unknown organisation, unwritable directory."""

    def __init__(self, lines: Sequence[str], exit_code: ExitCode = ExitCode.USAGE) -> None:
        super().__init__("\n".join(lines))
        self.lines = tuple(lines)
        self.exit_code = exit_code


@dataclass(frozen=True)
class Output:
    """One rendered file: its name in the output directory and its exact bytes."""

    name: str
    data: bytes


@dataclass(frozen=True)
class Snapshot:
    """Everything an export shows, fixed once: the same registry gives the same snapshot."""

    registry: object  # ropa.load.Registry
    report: object  # ropa.check.Report
    organisation: str | None
    slug: str
    date: _dt.date
    content_hash: str
    languages: tuple[str, ...]

    @property
    def organisations(self) -> list[model.Organisation]:
        orgs = self.registry.organisations  # type: ignore[attr-defined]
        return [orgs[self.organisation]] if self.organisation else list(orgs.values())

    def activities(self, record: art30.Record | None = None) -> list[model.Activity]:
        return art30.activities(self.registry, self.organisation, record)

    @property
    def recipients(self) -> list[model.Recipient]:
        recipients = self.registry.recipients  # type: ignore[attr-defined]
        if self.organisation is None:
            return list(recipients.values())
        used: set[str] = set()
        for a in self.activities():
            used.update(u.recipient for u in a.recipients or ())
            used.update(t.recipient for t in a.transfers or ())
            used.update(a.joint_controllers)
        for ident in list(used):
            rec = recipients.get(ident)
            if rec is not None:
                used.update(rec.sub_processors)
        return [r for r in recipients.values() if r.id in used]

    @property
    def measures(self) -> list[model.Measure]:
        measures = self.registry.measures  # type: ignore[attr-defined]
        if self.organisation is None:
            return list(measures.values())
        used = {m for a in self.activities() for m in a.measures}
        return [m for m in measures.values() if m.id in used]

    @property
    def findings(self) -> list[Finding]:
        """Open and waived findings (loader problems and rules), of the exported organisation."""
        findings = list(self.report.findings)  # type: ignore[attr-defined]
        if self.organisation is None:
            return findings
        registry = self.registry
        other = {a.id for a in registry.activities.values()  # type: ignore[attr-defined]
                 if a.organisation != self.organisation}
        other |= {o for o in registry.organisations if o != self.organisation}  # type: ignore[attr-defined]
        return [f for f in findings if f.target not in other]

    def file_stem(self, lang: str | None = None) -> str:
        return f"ropa-{self.slug}-{lang}" if lang else f"ropa-{self.slug}"


def content_hash(registry: object) -> str:
    """sha256 over the registry's files: sorted paths relative to the root, then their bytes."""
    root = Path(registry.root)  # type: ignore[attr-defined]
    entries = []
    for shown in registry.files:  # type: ignore[attr-defined]
        path = Path(shown)
        try:
            rel = path.relative_to(root).as_posix()
        except ValueError:
            rel = path.as_posix()
        entries.append((rel, path))
    digest = hashlib.sha256()
    for rel, path in sorted(entries):
        data = path.read_bytes()
        digest.update(rel.encode("utf-8") + b"\0" + str(len(data)).encode() + b"\0")
        digest.update(data)
    return digest.hexdigest()


def _slug(text: str) -> str:
    out = "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-")
    while "--" in out:
        out = out.replace("--", "-")
    return out or "registry"


def snapshot(path: str | os.PathLike[str], organisation: str | None = None,
             languages: Sequence[str] | None = None) -> Snapshot:
    """Load and check the registry at ``path``; raise ``ExportError`` if it cannot be read."""
    from ropa.check import check
    from ropa.load import load

    result = load(path)
    if result.fatal:
        raise ExportError([str(f) for f in result.findings if f.fatal])
    registry = result.registry
    meta = registry.meta
    if meta is None or meta.date is None:
        where = str(meta.span) if meta is not None and meta.span.file else registry.root
        raise ExportError([f"{where}: registry.date is not set: exports print the registry's as-of "
                           "date, never today's, so that they are reproducible"])
    if organisation is not None and organisation not in registry.organisations:
        known = ", ".join(registry.organisations) or "none"
        raise ExportError([f"{registry.root}: unknown organisation '{organisation}' (known: {known})"])
    if organisation is not None:
        slug = organisation
    elif registry.organisations:
        # the registry's keeper: its first organisation (file names stay short and stable)
        slug = next(iter(registry.organisations))
    else:
        slug = Path(os.path.abspath(registry.root)).name
    try:
        digest = content_hash(registry)
    except OSError as exc:
        raise ExportError([f"{exc.filename}: cannot read: {exc.strerror}"]) from None
    report = check(result, today=meta.date)
    langs = tuple(languages) if languages else tuple(l for l in (meta.languages or LANGUAGES) if l in LANGUAGES) or LANGUAGES
    return Snapshot(registry=registry, report=report, organisation=organisation, slug=_slug(slug),
                    date=meta.date, content_hash=digest, languages=langs)


def render(snap: Snapshot, formats: Iterable[str], languages: Sequence[str] | None = None,
           *, csv_dialect: str = "excel") -> list[Output]:
    """Render every requested format in memory; the files are not touched.

    ``csv_dialect``: ``excel`` (BOM, ``;`` in German; the default) or ``rfc4180``
    (see ``ropa.export.to_csv``).
    """
    from ropa.export.document import build

    langs = tuple(languages) if languages else snap.languages
    formats = list(formats)
    outputs: list[Output] = []
    modules = {fmt: importlib.import_module(FORMATS[fmt][0]) for fmt in formats}
    for lang in langs:  # one language's document at a time: large registries stay small in memory
        per_language = [fmt for fmt in formats if FORMATS[fmt][1]]
        if not per_language:
            break
        document = build(snap, lang)
        for fmt in per_language:
            extra = {"dialect": csv_dialect} if fmt == "csv" else {}
            outputs.extend(modules[fmt].render(document, **extra))
        del document
    for fmt in formats:
        if not FORMATS[fmt][1]:
            outputs.extend(modules[fmt].render(snap))
    names = [o.name for o in outputs]
    assert len(names) == len(set(names)), names
    return outputs


def write_outputs(outputs: Sequence[Output], out_dir: str | os.PathLike[str]) -> list[tuple[str, bool]]:
    """Write every file atomically; unchanged files are left untouched.

    Each file goes to a temporary file in ``out_dir`` (fsynced) first; only when all of them
    are written are they moved into place with ``os.replace``. Returns (name, changed) pairs.
    """
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError([f"{out}: cannot create output directory: {exc.strerror}"]) from None
    pending: list[tuple[str, Path]] = []
    result: list[tuple[str, bool]] = []
    try:
        for output in outputs:
            target = out / output.name
            try:
                if target.read_bytes() == output.data:
                    result.append((output.name, False))
                    continue
            except OSError:
                pass
            fd, tmp = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".tmp", dir=out)
            pending.append((output.name, Path(tmp)))
            with os.fdopen(fd, "wb") as fh:
                fh.write(output.data)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, 0o644)
            result.append((output.name, True))
    except OSError as exc:
        for _name, tmp in pending:
            tmp.unlink(missing_ok=True)
        raise ExportError([f"{exc.filename or out}: cannot write: {exc.strerror or exc}"]) from None
    for name, tmp in pending:
        os.replace(tmp, out / name)
    if pending and hasattr(os, "O_DIRECTORY"):
        fd = os.open(out, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    return result


def check_outputs(outputs: Sequence[Output], out_dir: str | os.PathLike[str]) -> list[tuple[str, str]]:
    """(name, "missing" | "stale") for every file in ``out_dir`` that differs from ``outputs``."""
    problems = []
    for output in outputs:
        target = Path(out_dir) / output.name
        try:
            data = target.read_bytes()
        except FileNotFoundError:
            problems.append((output.name, "missing"))
            continue
        except OSError:
            problems.append((output.name, "unreadable"))
            continue
        if data != output.data:
            problems.append((output.name, "stale"))
    return problems
