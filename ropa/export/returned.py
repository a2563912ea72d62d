"""A returned questionnaire taken into the registry (``ropa questions --answers FILE``).

The answers are read by ``ropa.answers.read_answers``, checked against the questions the
registry asks now (``ropa.questions``), and written as one ``documents:`` entry of the
controller's statements beside a copy of the file, all or nothing (``write_outputs``).
"""

from __future__ import annotations

from pathlib import Path

from ropa.answers import ANSWERS_DIR, AnswerError, answered, read_answers, slug, statements_yaml
from ropa.export.core import ExportError, Output, snapshots, write_outputs
from ropa.i18n import _
from ropa.questions import questionnaire

class Taken:
    """What ``take`` did: the files written (relative to the registry), the answered and open counts."""

    def __init__(self, written: list[tuple[str, bool]], answered: int, still_open: int) -> None:
        self.written, self.answered, self.still_open = written, answered, still_open


def take(registry_dir: Path, path: Path, lang: str, organisations: list[str] | None = None) -> Taken:
    """Read the returned questionnaire ``path`` into the registry at ``registry_dir``.

    Every answered row becomes a ``Statement`` of one document for the questionnaire, in
    ``<registry>/answers/<stem>.yaml``, beside a copy of the file itself (its source). The
    row's key must be a question the registry asks now; otherwise nothing is written
    (``AnswerError``, one line per row). Both files are written all or nothing; taking the
    same questionnaire again rewrites them. Returns what was written and how many questions
    stay open.
    """
    rows = read_answers(path)
    snaps = snapshots(registry_dir, organisations, languages=[lang], with_history=False)
    stem = slug(path.stem)
    ident = f"answers-{stem}"
    asked, texts = _asked(snaps, lang, ident)
    _complete(rows, path, asked, texts)
    found = _findings(snaps, lang, ident)
    for row in rows:  # the validator's findings each question listed: the answer settles them (ropa.answers)
        row["findings"] = found.get(row["key"], ())
    dates = [row["date"] for row in rows if row["date"] is not None]
    org = snaps[0].organisations[0].name if snaps and snaps[0].organisations else ""
    title = _("Returned questionnaire {name}", lang, name=path.name)  # the document the answers become
    text = statements_yaml(ident, title, f"{ANSWERS_DIR}/{path.name}", lang,
                           max(dates) if dates else None, org, rows)
    still_open = _rehearse(registry_dir, path, stem, text, organisations, lang)
    outputs = [Output(f"{stem}.yaml", text.encode("utf-8")), Output(path.name, path.read_bytes())]
    try:
        written = write_outputs(outputs, registry_dir / ANSWERS_DIR)
    except ExportError as exc:
        raise AnswerError(list(exc.lines)) from None
    return Taken([(f"{ANSWERS_DIR}/{name}", changed) for name, changed in written], len(rows), still_open)


def _complete(rows: list[dict], path: Path, asked: dict[str, tuple[str, ...]], texts: dict[str, str]) -> None:
    """Each row with the ids its question concerns and the question's text; ``AnswerError`` for
    a row whose question the registry does not ask now."""
    problems = [f"{path}:{row['sheet']}!{row['column']}{row['row']}: the question '{row['key']}' is not asked "
                f"by the registry now (answered already, or the registry changed since the questionnaire was "
                f"written); nothing was written" for row in rows if row["key"] not in asked]
    if problems:
        raise AnswerError(problems)
    for row in rows:
        row["concerns"] = row["concerns"] or asked[row["key"]]
        row["asked"] = texts.get(row["key"], "")


def _asked(snaps: list, lang: str, ident: str) -> tuple[dict[str, tuple[str, ...]], dict[str, str]]:
    """The questions the registry asks now: key -> the ids it concerns, key -> its text. Taking
    the same questionnaire (document ``ident``) again: its own answers are asked again."""
    asked: dict[str, tuple[str, ...]] = {}
    texts: dict[str, str] = {}
    for snap in snaps:
        for q in questionnaire(snap, lang).questions:
            asked[q.key] = tuple(ident for _, ident, _ in q.concerns)
            texts[q.key] = q.ask
    for snap in snaps:
        for key, (doc, statement) in answered(snap.registry).items():
            if doc.id == ident:
                asked.setdefault(key, statement.concerns)
                if statement.asked is not None:
                    texts.setdefault(key, statement.asked.get(lang))
    return asked, texts


def _findings(snaps: list, lang: str, ident: str) -> dict[str, tuple[str, ...]]:
    """Key -> the ids (``ropa.answers.finding_id``) of the findings the question lists now, or
    listed when this questionnaire (document ``ident``) was taken before."""
    found: dict[str, tuple[str, ...]] = {}
    for snap in snaps:
        for q in questionnaire(snap, lang).questions:
            found[q.key] = q.findings
    for snap in snaps:
        for key, (doc, statement) in answered(snap.registry).items():
            if doc.id == ident:
                found.setdefault(key, statement.findings)
    return found


def _rehearse(registry_dir: Path, path: Path, stem: str, text: str, organisations: list[str] | None,
              lang: str) -> int:
    """The registry with the new file must load without problems before anything is written
    (``AnswerError`` otherwise); the number of questions it leaves open."""
    import shutil
    import tempfile

    from ropa.load import load

    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "registry"
        shutil.copytree(registry_dir, copy, ignore=shutil.ignore_patterns(".*"))
        (copy / ANSWERS_DIR).mkdir(exist_ok=True)
        (copy / ANSWERS_DIR / f"{stem}.yaml").write_text(text, encoding="utf-8")
        result = load(str(copy))
        bad = [f for f in result.findings if f.code.startswith("RP0") and f.span.file.endswith(f"{stem}.yaml")]
        if bad:
            raise AnswerError([f"{path}: {f.message}; nothing was written" for f in bad])
        after = snapshots(copy, organisations, languages=[lang], with_history=False)
        return sum(len(questionnaire(s, lang).questions) for s in after)
