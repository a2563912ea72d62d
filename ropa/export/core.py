"""Load, check and snapshot a registry; render formats in memory; write or compare files."""

from __future__ import annotations

import datetime as _dt
import errno
import hashlib
import importlib
import os
from pathlib import Path
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from ropa import art30, model, records
from ropa.findings import ExitCode, Finding, RopaError

if TYPE_CHECKING:
    from ropa.check import Report
    from ropa.load import Registry

# format -> (renderer module, one file set per language?); the review report's formats: REPORT_FORMATS
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
# the two documents: the record (Art. 30, what goes to an authority) and the review report
# (the DPO's working file: findings, questions, registry file and line)
KINDS = ("record", "report")
REPORT_FORMATS = ("xlsx", "csv", "md", "html", "pdf", "json")


class ExportError(RopaError):
    """The export cannot start: unreadable registry, unknown organisation, unwritable directory."""

    def __init__(self, lines: Sequence[str], exit_code: ExitCode = ExitCode.USAGE) -> None:
        super().__init__("\n".join(lines))
        self.lines = tuple(lines)
        self.exit_code = exit_code


class Output(model.Value):
    """One rendered file: its name in the output directory and its exact bytes."""

    __slots__ = ("name", "data")

    name: str
    data: bytes

    def __init__(self, name: str, data: bytes) -> None:
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "data", data)


class Snapshot(model.Value):
    """Everything an export shows, fixed once: the same registry gives the same snapshot.

    ``registry`` is one organisation's record (``ropa.records.view``): the activities of that
    organisation and what they use; ``report`` was checked over the whole registry.
    ``third_party``: the organisation is described for due diligence (``keeps_record:
    false``); its files are named ``due-diligence-<org>-...`` and titled as a third party's
    processing, never as the exporting controller's record.
    """

    __slots__ = ("registry", "report", "organisation", "slug", "date", "content_hash", "languages", "third_party",
                 "history")

    registry: Registry  # the organisation's view
    report: Report  # over the whole registry
    organisation: str | None
    slug: str
    date: _dt.date
    content_hash: str
    languages: tuple[str, ...]
    third_party: bool
    history: Any  # ropa.history.History of the organisation's activities, or None (not read)

    def __init__(self, registry: Registry, report: Report, organisation: str | None, slug: str, date: _dt.date,
                 content_hash: str, languages: tuple[str, ...], third_party: bool = False,
                 history: Any = None) -> None:
        object.__setattr__(self, "registry", registry)
        object.__setattr__(self, "report", report)
        object.__setattr__(self, "organisation", organisation)
        object.__setattr__(self, "slug", slug)
        object.__setattr__(self, "date", date)
        object.__setattr__(self, "content_hash", content_hash)
        object.__setattr__(self, "languages", languages)
        object.__setattr__(self, "third_party", third_party)
        object.__setattr__(self, "history", history)

    @property
    def organisations(self) -> list[model.Organisation]:
        orgs = self.registry.organisations
        return [orgs[self.organisation]] if self.organisation else list(orgs.values())

    def activities(self, record: art30.Record | None = None) -> list[model.Activity]:
        return art30.activities(self.registry, self.organisation, record)

    @property
    def recipients(self) -> list[model.Recipient]:
        return list(self.registry.recipients.values())

    @property
    def measures(self) -> list[model.Measure]:
        return list(self.registry.measures.values())

    @property
    def findings(self) -> list[Finding]:
        """Open and waived findings (loader problems and rules) of the exported record."""
        findings = list(self.report.findings)
        if self.organisation is None:
            return findings
        return records.findings_of(findings, self.report.registry, self.registry,
                                   {self.organisation})

    @property
    def answered(self) -> list[Finding]:
        """Findings of the exported record the controller's answers settled (``Report.answered``)."""
        answered = list(getattr(self.report, "answered", ()))
        if self.organisation is None or not answered:
            return answered
        return records.findings_of(answered, self.report.registry, self.registry, {self.organisation})

    def file_stem(self, lang: str | None = None, kind: str = "record") -> str:
        """``ropa-<org>-<lang>`` (the record), ``review-<org>-<lang>`` (the review report);
        ``due-diligence-`` / ``review-due-diligence-`` for a third party. ``<org>`` is the
        organisation's id as it is (ids are lower-case ``[a-z0-9._-]``, unique in the registry),
        so two organisations never share a file name."""
        prefix = "due-diligence" if self.third_party else "ropa"
        if kind == "report":
            prefix = "review-due-diligence" if self.third_party else "review"
        return f"{prefix}-{self.slug}-{lang}" if lang else f"{prefix}-{self.slug}"


def content_hash(registry: Registry) -> str:
    """sha256 over the registry's files: sorted paths relative to the root, then their bytes."""
    root = Path(registry.root)
    entries = []
    for shown in registry.files:
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
    """The snapshot of one organisation's record (default: the first record-keeping one)."""
    return snapshots(path, [organisation] if organisation is not None else None, languages=languages)[0]


def snapshots(path: str | os.PathLike[str], organisations: Sequence[str] | None = None, *,
              third_parties: bool = False, languages: Sequence[str] | None = None,
              with_history: bool = True) -> list[Snapshot]:
    """Load and check the registry at ``path`` once; one snapshot per record to export.

    Default: one per record-keeping organisation (``keeps_record: true``); with
    ``third_parties`` also one per third party described for due diligence. ``organisations``
    names the ones to export instead (a third party named here is exported as one). A
    registry without organisations gives one snapshot of everything, named after its
    directory. ``with_history``: read the change history from git (``ropa.history``), which
    the record's document control shows; a questionnaire or a returned questionnaire does not
    need it (``history`` is then None). Raises ``ExportError`` if the registry cannot be read
    or an organisation is unknown.
    """
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
    orgs = registry.organisations
    unknown = [o for o in organisations or () if o not in orgs]
    if unknown:
        known = ", ".join(orgs) or "none"
        raise ExportError([f"{registry.root}: unknown organisation '{o}' (known: {known})" for o in unknown])
    if organisations:
        chosen = list(dict.fromkeys(organisations))
    else:
        chosen = [o.id for o in records.keepers(registry)]
        if third_parties:
            chosen += [o.id for o in records.third_parties(registry)]
        if orgs and not chosen:
            raise ExportError([f"{registry.root}: no organisation keeps its record in this registry (all have "
                               "keeps_record: false); name one with --organisation, or add --third-parties"])
    try:
        digest = content_hash(registry)
    except OSError as exc:
        raise ExportError([f"{exc.filename}: cannot read: {exc.strerror}"]) from None
    report = check(result, today=meta.date)
    langs = tuple(languages) if languages else tuple(code for code in (meta.languages or LANGUAGES) if code in LANGUAGES) or LANGUAGES
    from ropa.history import history

    def changes(ident: str | None) -> Any:
        return history(registry, ident) if with_history else None

    if not chosen:  # no organisations at all: the whole registry, named after its directory
        return [Snapshot(registry=registry, report=report, organisation=None,
                         slug=_slug(Path(os.path.abspath(registry.root)).name), date=meta.date,
                         content_hash=digest, languages=langs, history=changes(None))]
    return [Snapshot(registry=records.view(registry, {ident}), report=report, organisation=ident,
                     slug=ident, date=meta.date, content_hash=digest, languages=langs,
                     third_party=not orgs[ident].keeps_record, history=changes(ident))
            for ident in chosen]


def render(snap: Snapshot, formats: Iterable[str], languages: Sequence[str] | None = None,
           *, csv_dialect: str = "excel", kinds: Sequence[str] = ("record",)) -> list[Output]:
    """Render every requested format of every requested document kind in memory; the files are
    not touched.

    ``kinds``: ``record`` (the Art. 30 record, the default) and/or ``report`` (the review
    report, in ``REPORT_FORMATS``). ``csv_dialect``: ``excel`` (BOM, ``;`` in German; the
    default) or ``rfc4180`` (see ``ropa.export.to_csv``).
    """
    from ropa.export.document import build
    from ropa.export.review import build as build_report

    langs = tuple(languages) if languages else snap.languages
    formats = list(formats)
    outputs: list[Output] = []
    modules = {fmt: importlib.import_module(FORMATS[fmt][0]) for fmt in formats}
    for kind in KINDS:
        if kind not in kinds:
            continue
        chosen = [f for f in formats if kind == "record" or f in REPORT_FORMATS]
        per_language = [fmt for fmt in chosen if FORMATS[fmt][1]]
        for lang in langs if per_language else ():  # one document at a time: large registries stay small in memory
            document = build(snap, lang) if kind == "record" else build_report(snap, lang)
            for fmt in per_language:
                extra = {"dialect": csv_dialect} if fmt == "csv" else {}
                outputs.extend(modules[fmt].render(document, **extra))
            del document
        for fmt in chosen:
            if not FORMATS[fmt][1]:
                outputs.extend(modules[fmt].render(snap) if kind == "record" else modules[fmt].render_report(snap))
    names = [o.name for o in outputs]
    assert len(names) == len(set(names)), names
    return outputs


def render_document(document: Any, formats: Iterable[str]) -> list[Output]:
    """The files of one per-language ``Document`` (``ropa.export.document``) in ``formats``
    (the per-language formats of ``FORMATS``), in memory."""
    outputs: list[Output] = []
    for fmt in formats:
        outputs.extend(importlib.import_module(FORMATS[fmt][0]).render(document))
    return outputs


def unique_names(outputs: Sequence[Output], lang: str = "en") -> None:
    """Raise ``ExportError`` naming each file two records would both write (issue: the second
    would silently replace the first). File names are unique per organisation by construction
    (``Snapshot.file_stem``); this is the guard that keeps it so."""
    from ropa.i18n import N_, gettext

    seen: set[str] = set()
    twice = []
    for output in outputs:
        if output.name in seen and output.name not in twice:
            twice.append(output.name)
        seen.add(output.name)
    if twice:
        line = gettext(N_("{name}: two records of this registry would write this file; nothing was written"), lang)
        raise ExportError([line.format(name=name) for name in twice])


def write_outputs(outputs: Sequence[Output], out_dir: str | os.PathLike[str]) -> list[tuple[str, bool]]:
    """Write every file, all or nothing; unchanged files are left untouched. Returns (name, changed) pairs.

    1. Every target is checked first: one that is a directory, a link or a special file, or
       a directory that cannot be written, stops the export before anything is written.
    2. Each changed file goes to a temporary file in ``out_dir`` (synced to disk).
    3. Only then are they renamed into place. If a rename fails, the files already replaced
       get their old content back (kept as a hard link until the end) and the error names
       the file. Temporary files a killed export left behind are removed at the next run
       (``ropa.atomic``); a kill during step 3 can leave some files new and some old, which
       the next export (or ``export --check``) sets right.
    """
    import stat

    from ropa.atomic import discard, read_regular, remove_leftovers, temp_path, write_temp
    from ropa.export.compare import same

    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError([f"{out}: cannot create output directory: {exc.strerror}"]) from None
    remove_leftovers(out)
    changed: list[Output] = []
    result: list[tuple[str, bool]] = []
    for output in outputs:
        target = out / output.name
        try:
            status = os.lstat(target)
        except FileNotFoundError:
            status = None
        except OSError as exc:
            raise ExportError([f"{target}: cannot write: {exc.strerror}; nothing was written"]) from None
        if status is not None and not stat.S_ISREG(status.st_mode):
            kind = ("a directory" if stat.S_ISDIR(status.st_mode) else
                    "a symbolic link" if stat.S_ISLNK(status.st_mode) else "not a regular file")
            raise ExportError([f"{target}: cannot write: it is {kind}; nothing was written"])
        if status is not None:
            try:
                if same(output.name, read_regular(target), output.data):  # the same document: keep its bytes
                    result.append((output.name, False))
                    continue
            except OSError:
                pass
        changed.append(output)
        result.append((output.name, True))
    if changed and not os.access(out, os.W_OK | os.X_OK):
        raise ExportError([f"{out}: cannot write: permission denied; nothing was written"])
    pending: list[tuple[Path, Path]] = []  # (target, temporary file)
    try:
        for output in changed:
            pending.append((out / output.name, write_temp(out, output.name, output.data)))
    except OSError as exc:
        for _target, tmp in pending:
            discard(tmp)
        where = exc.filename or out
        raise ExportError([f"{where}: cannot write: {exc.strerror or exc}; nothing was written"]) from None
    done: list[tuple[Path, Path | None]] = []  # (replaced target, hard link to its old content)
    try:
        for target, tmp in pending:
            link = temp_path(out, target.name)
            backup: Path | None = link
            try:
                os.link(target, link)
            except OSError:
                backup = None  # a new file, or no hard links here: nothing to restore
            try:
                os.replace(tmp, target)
            except OSError:
                if backup is not None:
                    discard(backup)
                raise
            done.append((target, backup))
    except OSError as exc:
        for target, backup in reversed(done):
            try:
                if backup is not None:
                    os.replace(backup, target)
                else:
                    os.unlink(target)
            except OSError:
                pass
        for _target, tmp in pending:
            discard(tmp)
        where = exc.filename or out
        raise ExportError([f"{where}: cannot write: {exc.strerror or exc}; the files in {out} were "
                           "left as they were"]) from None
    finally:
        for _target, backup in done:
            if backup is not None:
                discard(backup)
    if pending and hasattr(os, "O_DIRECTORY"):
        fd = os.open(out, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    return result


def check_outputs(outputs: Sequence[Output], out_dir: str | os.PathLike[str]) -> list[tuple[str, str]]:
    """(name, "missing" | "unreadable" | "not-regular" | "stale") for every file in ``out_dir``
    that differs from ``outputs``: byte for byte, except a PDF's font programs, compared by their
    glyphs (``ropa.export.compare``).

    Only regular files are read (``ropa.atomic.read_regular``): a named pipe, a device or a link
    to one is "not-regular", never waited on or read without end. ``ExportError`` when
    ``out_dir`` exists and is no directory.
    """
    from ropa.atomic import read_regular
    from ropa.export.compare import same

    out = Path(out_dir)
    if os.path.lexists(out) and not out.is_dir():
        raise ExportError([f"{out}: not a directory"])
    problems = []
    for output in outputs:
        target = out / output.name
        try:
            data = read_regular(target)
        except FileNotFoundError:
            problems.append((output.name, "missing"))
            continue
        except OSError as exc:
            problems.append((output.name, "not-regular" if exc.errno == errno.EINVAL else "unreadable"))
            continue
        if not same(output.name, data, output.data):
            problems.append((output.name, "stale"))
    return problems
