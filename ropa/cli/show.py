"""`ropa show ID`: one activity as its Art. 30 record, or one recipient or organisation."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from ropa.cli._app import app
from ropa.findings import ExitCode
from ropa.cli._texts import language
from ropa.cli._terminal import LangOpt, RegistryArg, RegistryOpt, TextOrJsonOpt, complete_target

if TYPE_CHECKING:
    from rich.table import Table

    from ropa.check import Report
    from ropa.inspect.show import Shown


@app.command(short_help="One activity, recipient or organisation as its Art. 30 record.")
def show(
    ident: Annotated[str, typer.Argument(metavar="ID", show_default=False, hidden=True, autocompletion=complete_target)],
    registry_arg: RegistryArg = None,
    registry: RegistryOpt = None,
    empty: Annotated[bool, typer.Option("--empty", help="Also show the columns that have no value.")] = False,
    fmt: TextOrJsonOpt = "text",
    lang: LangOpt = None,
) -> ExitCode:
    """Show one activity as its Art. 30 record, with the sources beside each fact, its findings and waivers.

    ID is an activity, a recipient or an organisation. A fact the record must state and does
    not is shown as "not stated".

    Example: ropa show web-analytics --lang de
    """
    from ropa.inspect.show import NotFound, show as build
    from ropa.cli._terminal import (check_format, check_lang, check_or_exit, fail, print_json, registry_path,
                                       suggestion)
    from ropa.cli._texts import say

    lang = check_lang(lang)
    check_format(fmt, ("text", "json"), lang=lang)
    report = check_or_exit(registry_path(registry_arg, registry, lang))
    lang = language(lang, report.registry)
    try:
        shown = build(report, ident, lang, empty=empty)
    except NotFound:
        reg = report.registry
        fail(say("not-found", lang, ident=ident,
                 hint=suggestion(ident, [*reg.activities, *reg.recipients, *reg.organisations], lang=lang)), lang=lang)
    if fmt == "json":
        print_json(shown.as_dict())
    else:
        print_shown(shown, report, lang)
    return ExitCode.OK


def print_shown(shown: Shown, report: Report, lang: str) -> None:
    """The facts as a table on a terminal (stacked when narrow), labelled lines in a pipe; then findings."""
    from ropa.cli._terminal import console, print_lines
    from ropa.cli._texts import say

    out = console()
    kind = say(f"kind-{shown.kind}", lang)
    if out.is_terminal:
        out.print(_facts_table(shown, kind, out.width))
    else:
        print_lines((line, None) for line in _facts_lines(shown, kind, lang))
    print_lines(_finding_lines(shown, report, lang))


def _facts_table(shown: Shown, kind: str, width: int) -> Table:
    """The facts as a rich table: label, value and (from 100 columns) the sources beside it."""
    from rich.table import Table
    from rich.text import Text

    from ropa.cli._terminal import longest_word

    from ropa.report.text import printable

    table = Table(title=printable(f"{kind} {shown.id}: {shown.title}"), title_justify="left", show_header=False,
                  show_lines=True, expand=True)  # expand: the ratios below hold
    labels = [fact.label for fact in shown.facts]
    third = (width - 7) // 3  # a third of the width, but never cutting a word of a label
    table.add_column(style="bold", width=max([min(max(map(len, labels), default=0), third), *map(longest_word, labels)]))
    table.add_column(ratio=1)
    wide = width >= 100
    if wide:
        table.add_column(style="dim", max_width=40)
    for fact in shown.facts:
        sources = "\n".join(printable(src) for src in fact.sources)
        if wide:
            table.add_row(Text(fact.label), Text(printable(fact.value, newlines=True)), Text(sources))
            continue
        value = Text(printable(fact.value, newlines=True))
        if sources:
            value.append("\n" + sources, style="dim")
        table.add_row(Text(fact.label), value)
    return table


def _facts_lines(shown: Shown, kind: str, lang: str) -> list[str]:
    """The facts as labelled lines (for a pipe)."""
    from ropa.cli._texts import say

    from ropa.report.text import printable

    plain = [printable(f"{kind} {shown.id}: {shown.title}")]
    for fact in shown.facts:  # a value's lines are the record's (its list items, a text's lines), each made safe
        plain += ["", fact.label, *(f"  {printable(line)}" for line in fact.value.split("\n"))]
        plain += [printable(f"  [{say('source', lang)}: {src}]") for src in fact.sources]
    return plain


def _finding_lines(shown: Shown, report: Report, lang: str) -> list[tuple[str, str | None]]:
    """The sources of the record, its open findings and its waived ones, with their styles."""
    from ropa import art30, labels
    from ropa.cli._texts import say
    from ropa.report.text import printable

    lines: list[tuple[str, str | None]] = []
    if shown.sources:
        lines += [("", None), (say("sources", lang), "bold")]
        lines += [(f"  {src}", None) for src in shown.sources]
    lines += [("", None), (say("open-findings", lang) + f" ({len(shown.open)})", "bold")]
    view = art30.View(report.registry, lang)
    for f in shown.open:
        sev = labels.label(labels.SEVERITIES, f.severity.value, lang)
        lines.append((printable(f"  {sev} {f.code} {f.text(lang)}  [{art30.location(view, f.span)}]"),
                      {"error": "red", "warning": "yellow"}.get(f.severity.value)))
    if shown.waived:
        lines += [("", None), (say("waived-findings", lang) + f" ({len(shown.waived)})", "bold")]
        waiver = next(c for c in art30.FINDING_COLUMNS if c.key == "waiver")
        lines += [(printable(f"  {f.code} {f.text(lang)} – {waiver.value(view, f)}"), None)
                  for f in shown.waived]
    answered = [f for f in report.answered if f.concerns(shown.id)]  # settled by the controller's answers
    if answered:
        from ropa.report.text import answered_note

        lines += [("", None), (say("answered-findings", lang) + f" ({len(answered)})", "bold")]
        lines += [(printable(f"  {f.code} {answered_note(f, lang, full=True)}"), "green") for f in answered]
    return lines
