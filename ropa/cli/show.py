"""`ropa show ID`: one activity as its Art. 30 record, or one recipient."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ropa.cli._app import app, finish
from ropa.findings import ExitCode
from ropa.inspect.terminal import (LangOpt, RegistryOpt, check_format, check_lang, check_or_exit,
                                   complete_target, fail)


@app.command()
def show(
    ident: Annotated[str, typer.Argument(metavar="ID", help="Id of an activity or a recipient.",
                                         autocompletion=complete_target)],
    registry: RegistryOpt = Path("registry"),
    empty: Annotated[bool, typer.Option("--empty", help="Also show the columns that have no value.")] = False,
    fmt: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
    lang: LangOpt = "en",
) -> None:
    """Show one activity as its Art. 30 record, with the sources beside each fact, its findings and waivers.

    Example: [bold]ropa show web-analytics --lang de[/bold]
    """
    from ropa import art30
    from ropa.inspect.show import NotFound, show as build
    from ropa.inspect.terminal import console, escape, print_json

    check_lang(lang)
    check_format(fmt, ("text", "json"))
    report = check_or_exit(registry)
    try:
        shown = build(report, ident, lang, empty=empty)
    except NotFound:
        import difflib

        ids = [*report.registry.activities, *report.registry.recipients]
        close = difflib.get_close_matches(ident, ids, n=1)
        fail(f"no activity or recipient '{ident}'" + (f" (did you mean '{close[0]}'?)" if close else ""))
        return
    if fmt == "json":
        print_json(shown.as_dict())
        finish(ExitCode.OK)
    out = console()
    source_word = "Quelle" if lang == "de" else "Source"
    if out.is_terminal:
        from rich.table import Table
        from rich.text import Text

        table = Table(title=f"{shown.id}: {shown.title}", title_justify="left", show_header=False,
                      show_lines=True)
        table.add_column(style="bold", ratio=1)
        table.add_column(ratio=2)
        table.add_column(style="dim", max_width=40)
        for fact in shown.facts:
            table.add_row(Text(fact.label), Text(fact.value), Text("\n".join(fact.sources)))
        out.print(table)
    else:
        typer.echo(f"{shown.kind} {shown.id}: {shown.title}")
        for fact in shown.facts:
            typer.echo(f"\n{fact.label}")
            for line in fact.value.splitlines() or [""]:
                typer.echo(f"  {line}")
            for src in fact.sources:
                typer.echo(f"  [{source_word}: {src}]")

    def say(line: str, style: str | None = None) -> None:
        if out.is_terminal and style:
            out.print(f"[{style}]{escape(line)}[/{style}]")
        else:
            typer.echo(line)

    if shown.sources:
        say("\n" + ("Quellen" if lang == "de" else "Sources"), "bold")
        for src in shown.sources:
            say(f"  {src}")
    say("\n" + ("Offene Befunde" if lang == "de" else "Open findings") + f" ({len(shown.open)})", "bold")
    for f in shown.open:
        sev = art30.label(art30.SEVERITIES, f.severity.value, lang)
        say(f"  {sev} {f.code} {f.message}  [{art30.location(f.span, report.registry)}]",
            {"error": "red", "warning": "yellow"}.get(f.severity.value))
    if shown.waived:
        say("\n" + ("Ausnahmen (Waiver)" if lang == "de" else "Waived findings") + f" ({len(shown.waived)})", "bold")
        for f in shown.waived:
            say(f"  {f.code} {f.message} – {art30._waiver(f, lang)}")
    finish(ExitCode.OK)
