"""`ropa gaps`: the DPO's to-do list."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ropa.cli._app import app, finish
from ropa.findings import ExitCode
from ropa.inspect.terminal import LangOpt, RegistryOpt, check_format, check_lang, check_or_exit


@app.command()
def gaps(
    registry: RegistryOpt = Path("registry"),
    recorded: Annotated[bool, typer.Option("--recorded/--no-recorded",
                                           help="Also list the gaps the registry records (facts the documents do not state).")] = True,
    fmt: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
    lang: LangOpt = "en",
) -> None:
    """Open findings by activity and severity, waived findings with their expiry, overdue reviews.

    Exits 1 while any error is open, so it can gate a release.

    Example: [bold]ropa gaps --no-recorded[/bold]
    """
    from ropa.inspect.gaps import gaps as build, waiver_line
    from ropa.inspect.terminal import console, escape, print_json

    check_lang(lang)
    check_format(fmt, ("text", "json"))
    report = check_or_exit(registry)
    result = build(report, lang, include_recorded=recorded)
    errors = sum(len(t.open.get("error", ())) for t in result.targets)
    if fmt == "json":
        print_json({
            "today": result.today.isoformat(),
            "targets": [{"target": t.target, "kind": t.kind, "name": t.name,
                         "open": {s: [_finding(f) for f in fs] for s, fs in t.open.items()},
                         "waived": [{**_finding(f), "expires": f.waiver.expires.isoformat(),
                                     "accepted_by": f.waiver.accepted_by} for f in t.waived],
                         "recorded_gaps": [{"field": fld, "note": n} for fld, n in t.recorded]}
                        for t in result.targets],
            "overdue_reviews": [{"activity": o.activity, "name": o.name, "review_due": o.review_due.isoformat(),
                                 "days_overdue": o.days_overdue} for o in result.overdue],
        })
        finish(ExitCode.FINDINGS if errors else ExitCode.OK)
    out = console()
    rich = out.is_terminal

    def say(line: str, style: str | None = None) -> None:
        if rich and style:
            out.print(f"[{style}]{escape(line)}[/{style}]")
        elif rich:
            out.print(escape(line))
        else:
            typer.echo(line)

    colours = {"error": "red", "warning": "yellow", "info": "cyan"}
    for target in result.targets:
        if not (target.open or target.waived or target.recorded):
            continue
        title = target.target if target.kind == "registry" else f"{target.kind} {target.target}: {target.name}"
        say(title, "bold")
        for severity, findings in target.open.items():
            say(f"  {severity} ({len(findings)})", colours.get(severity))
            for f in findings:
                say(f"    {f.code} {f.message}  [{f.span}]")
        if target.waived:
            say(f"  waived ({len(target.waived)})", "dim")
            for f in target.waived:
                say(f"    {waiver_line(f, result.today)}")
        if target.recorded:
            say(f"  recorded gaps ({len(target.recorded)})", "magenta")
            for fld, note in target.recorded:
                say(f"    {fld}: {note}")
    if result.overdue:
        say("Reviews overdue", "bold")
        for o in result.overdue:
            say(f"  {o.activity}: due {o.review_due.isoformat()} ({o.days_overdue} days overdue)", "red")
    say(f"{result.open_count} open findings, {result.waived_count} waived, "
        f"{len(result.overdue)} reviews overdue")
    finish(ExitCode.FINDINGS if errors else ExitCode.OK)


def _finding(f) -> dict:
    return {"code": f.code, "severity": f.severity.value, "message": f.message, "location": str(f.span),
            "reference": f.reference}
