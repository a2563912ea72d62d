"""`ropa export`: write the Art. 30 record as xlsx, csv, markdown, html, json and JSON-LD."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from ropa.cli._app import app
from ropa.findings import ExitCode

if TYPE_CHECKING:
    from ropa.export import Output, Snapshot

FORMAT_NAMES = ("xlsx", "csv", "md", "html", "pdf", "json", "jsonld")


def _formats(values: list[str] | None) -> list[str]:
    chosen: list[str] = []
    for value in values or ["all"]:
        for name in value.split(","):
            name = name.strip().lower()
            if name == "all":
                chosen += [f for f in FORMAT_NAMES if f not in chosen]
            elif name in FORMAT_NAMES:
                if name not in chosen:
                    chosen.append(name)
            else:
                raise typer.BadParameter(f"unknown format '{name}'; choose from {', '.join(FORMAT_NAMES)} or all",
                                         param_hint="--format")
    return chosen


def _languages(values: list[str] | None) -> list[str]:
    langs: list[str] = []
    for value in values or []:
        for code in value.split(","):
            code = code.strip().lower()
            if code not in ("de", "en"):
                raise typer.BadParameter(f"unknown language '{code}'; choose de or en", param_hint="--lang")
            if code not in langs:
                langs.append(code)
    return langs


REASONS = {"missing": "export-missing", "unreadable": "export-unreadable", "not-regular": "export-not-regular",
           "stale": "export-differs"}


def _check(outputs: list[Output], out: Path, registry: Path, lang: str, kind: str = "record") -> ExitCode:
    """``--check``: name each file in ``out`` that is missing or differs from a fresh export."""
    from ropa.export import check_outputs
    from ropa.cli._texts import say

    problems = check_outputs(outputs, out)
    for name, reason in problems:
        typer.echo(say(REASONS[reason], lang, path=out / name))
    if problems:
        typer.echo(say("export-stale", lang, stale=len(problems), total=len(outputs),
                       command=f"ropa export {registry}{'' if kind == 'record' else ' --kind ' + kind} --out {out}"),
              err=True)
        return ExitCode.FINDINGS
    typer.echo(say("export-current", lang, total=len(outputs)), err=True)
    return ExitCode.OK


def _message_language(langs: list[str], snaps: list[Snapshot]) -> str:
    """The language of export's own lines: the one report language chosen with --lang, else
    $ROPA_LANG, else the registry's first language, else English (``ropa.i18n.resolve_language``)."""
    from ropa.cli._texts import language

    if len(langs) == 1:
        return langs[0]
    return language(None, snaps[0].registry if snaps else None)


@app.command(short_help="Export the Art. 30 record: xlsx, csv, md, html, pdf, json, jsonld.")
def export(
    registry_arg: Path | None = typer.Argument(None, metavar="REGISTRY", hidden=True, show_default=False),
    registry: Path | None = typer.Option(None, "--registry", "-r", metavar="PATH",
                                            show_default=False, help="Registry directory (instead of REGISTRY)."),
    format: list[str] | None = typer.Option(
        None, "--format", "-f", metavar="FORMATS",
        help="xlsx, csv, md, html, pdf, json, jsonld or all (default); repeatable."),
    lang: list[str] | None = typer.Option(
        None, "--lang", "-l", metavar="de|en",
        help="de or en; repeatable. Default: the registry's languages (de and en)."),
    out: Path = typer.Option(Path("exports"), "--out", metavar="DIR", help="Output directory."),
    organisation: list[str] | None = typer.Option(
        None, "--organisation", "-o", metavar="ORG", help="Export only this organisation's record; "
        "repeatable. Default: every organisation that keeps its record in the registry "
        "(keeps_record: true)."),
    third_parties: bool = typer.Option(
        False, "--third-parties", help="Also export each third party described for due diligence "
        "(keeps_record: false) as due-diligence-<organisation>-<lang>.<ext>."),
    csv_dialect: str = typer.Option(
        "excel", "--csv-dialect", metavar="excel|rfc4180",
        help="excel (default: UTF-8 with byte order mark, ';' between cells in German, "
        "',' in English, CRLF: opens correctly by double-click in Excel and LibreOffice, also in a German "
        "locale; the record is read by people) or rfc4180 (no byte order mark, ',' always: for programs)."),
    kind: str = typer.Option(
        "record", "--kind", "-k", metavar="record|report|all",
        help="record (default: the Art. 30 record, ropa-<organisation>-<lang>.*, the file for an authority), "
        "report (the review report, review-<organisation>-<lang>.*: findings by activity and cause, questions, "
        "registry file and line; the DPO's working file) or all."),
    check_only: bool = typer.Option(False, "--check", help="Write nothing; exit 1 and name the files in --out "
                                    "that are missing or differ from a fresh export (for CI)."),
) -> ExitCode:
    """Export the Art. 30 record for auditors and supervisory authorities (Art. 30(3), (4)).

    REGISTRY is the registry directory (or -r PATH); by default it is found like git finds a
    repository.

    One record per organisation that keeps its record in the registry, named
    ropa-<organisation>-<lang>.<ext> (ropa-<organisation>.json, .jsonld), holding that
    organisation's record only, without findings: the file for an authority. --kind report
    writes the review report instead (review-<organisation>-<lang>.<ext>,
    review-<organisation>.json: findings, questions, registry file and line), --kind all
    both. Third parties (keeps_record: false) only with --third-parties or --organisation,
    as due-diligence-<organisation>-... . Dated with the approval date of the registry's
    version, else its registry.date; the same registry gives the same files. All files are
    rendered first and then replaced atomically.

    Example: ropa export registry --format xlsx --lang de; in CI:
    ropa export registry --check
    """
    from ropa.export import ExportError, render, snapshots, unique_names, write_outputs

    from ropa.cli._usage import registry_path

    registry = registry_path(registry_arg, registry)
    formats = _formats(format)
    _check_dialect(csv_dialect)
    langs = _languages(lang)
    kinds = _kinds(kind)
    try:
        snaps = snapshots(registry, organisation or None, third_parties=third_parties, languages=langs or None)
        outputs = [o for snap in snaps for o in render(snap, formats, csv_dialect=csv_dialect, kinds=kinds)]
        unique_names(outputs, _message_language(langs, snaps))
        if check_only:
            return _check(outputs, out, registry, _message_language(langs, snaps), kind)
        written = write_outputs(outputs, out)
    except ExportError as exc:
        for line in exc.lines:
            typer.echo(line, err=True)
        return exc.exit_code
    _print_written(written, snaps, out, _message_language(langs, snaps), "report" in kinds)
    return ExitCode.OK


def _check_dialect(csv_dialect: str) -> None:
    if csv_dialect not in ("excel", "rfc4180"):
        raise typer.BadParameter(f"unknown csv dialect '{csv_dialect}'; choose excel or rfc4180",
                                 param_hint="--csv-dialect")


def _kinds(kind: str) -> tuple[str, ...]:
    """The document kinds ``--kind`` names (``all``: both)."""
    if kind not in ("record", "report", "all"):
        raise typer.BadParameter(f"unknown kind '{kind}'; choose record, report or all", param_hint="--kind")
    return ("record", "report") if kind == "all" else (kind,)


def _print_written(written: list[tuple[str, bool]], snaps: list[Snapshot], out: Path, lang: str,
                   report: bool = True) -> None:
    """Each file written (or left as it was), then the counts on stderr."""
    from ropa.cli._texts import say

    for name, changed in written:
        typer.echo(str(out / name) if changed else say("export-unchanged", lang, path=out / name))
    open_findings = len({f for snap in snaps for f in snap.findings if not f.waived})
    typer.echo(say("export-written" if report else "export-written-record", lang, files=len(written),
                   changed=sum(c for _, c in written), open=open_findings), err=True)
