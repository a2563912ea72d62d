"""`ropa show ID`: one activity as its Art. 30 record, or one recipient or organisation."""

from __future__ import annotations

from typing import Annotated

import typer

from ropa.cli._app import app, finish
from ropa.findings import ExitCode
from ropa.inspect.texts import language
from ropa.inspect.terminal import LangOpt, RegistryArg, RegistryOpt, TextOrJsonOpt, complete_target


@app.command(short_help="One activity, recipient or organisation as its Art. 30 record.")
def show(
    ident: Annotated[str, typer.Argument(metavar="ID", show_default=False, hidden=True, autocompletion=complete_target)],
    registry_arg: RegistryArg = None,
    registry: RegistryOpt = None,
    empty: Annotated[bool, typer.Option("--empty", help="Also show the columns that have no value.")] = False,
    fmt: TextOrJsonOpt = "text",
    lang: LangOpt = None,
) -> None:
    """Show one activity as its Art. 30 record, with the sources beside each fact, its findings and waivers.

    ID is an activity, a recipient or an organisation. A fact the record must state and does
    not is shown as "not stated".

    Example: ropa show web-analytics --lang de
    """
    from ropa.inspect.show import NotFound, show as build
    from ropa.inspect.terminal import (check_format, check_lang, check_or_exit, fail, print_json, registry_path,
                                       suggestion)
    from ropa.inspect.texts import say

    lang = check_lang(lang)
    check_format(fmt, ("text", "json"))
    report = check_or_exit(registry_path(registry_arg, registry))
    lang = language(lang)
    try:
        shown = build(report, ident, lang, empty=empty)
    except NotFound:
        reg = report.registry
        fail(say("not-found", lang, ident=ident,
                 hint=suggestion(ident, [*reg.activities, *reg.recipients, *reg.organisations])))
        return
    if fmt == "json":
        print_json(shown.as_dict())
    else:
        print_shown(shown, report, lang)
    finish(ExitCode.OK)


def print_shown(shown, report, lang: str) -> None:
    """The facts as a table on a terminal (stacked when narrow), labelled lines in a pipe; then findings."""
    from ropa import art30
    from ropa.inspect.terminal import console, print_lines
    from ropa.inspect.texts import say

    out = console()
    kind = say(f"kind-{shown.kind}", lang)
    if out.is_terminal:
        from rich.table import Table
        from rich.text import Text

        table = Table(title=f"{kind} {shown.id}: {shown.title}", title_justify="left", show_header=False,
                      show_lines=True, expand=True)  # expand: the ratios below hold
        from ropa.inspect.terminal import longest_word

        labels = [fact.label for fact in shown.facts]
        third = (out.width - 7) // 3  # a third of the width, but never cutting a word of a label
        width = max([min(max(map(len, labels), default=0), third), *map(longest_word, labels)])
        table.add_column(style="bold", width=width)
        table.add_column(ratio=1)
        if out.width >= 100:
            table.add_column(style="dim", max_width=40)
        for fact in shown.facts:
            sources = "\n".join(fact.sources)
            if out.width >= 100:
                table.add_row(Text(fact.label), Text(fact.value), Text(sources))
            else:
                value = Text(fact.value)
                if sources:
                    value.append("\n" + sources, style="dim")
                table.add_row(Text(fact.label), value)
        out.print(table)
    else:
        lines = [f"{kind} {shown.id}: {shown.title}"]
        for fact in shown.facts:
            lines += ["", fact.label, *(f"  {line}" for line in fact.value.splitlines() or [""])]
            lines += [f"  [{say('source', lang)}: {src}]" for src in fact.sources]
        print_lines((line, None) for line in lines)
    lines: list[tuple[str, str | None]] = []
    if shown.sources:
        lines.append(("\n" + say("sources", lang), "bold"))
        lines += [(f"  {src}", None) for src in shown.sources]
    lines.append(("\n" + say("open-findings", lang) + f" ({len(shown.open)})", "bold"))
    view = art30.View(report.registry, lang)
    for f in shown.open:
        sev = art30.label(art30.SEVERITIES, f.severity.value, lang)
        lines.append((f"  {sev} {f.code} {f.text(lang)}  [{art30.location(view, f.span)}]",
                      {"error": "red", "warning": "yellow"}.get(f.severity.value)))
    if shown.waived:
        lines.append(("\n" + say("waived-findings", lang) + f" ({len(shown.waived)})", "bold"))
        waiver = next(c for c in art30.FINDING_COLUMNS if c.key == "waiver")
        lines += [(f"  {f.code} {f.text(lang)} – {waiver.value(view, f)}", None)
                  for f in shown.waived]
    print_lines(lines)
