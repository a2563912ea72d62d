"""`ropa rules` lists the rule catalogue; `ropa explain CODE` prints one rule's documentation."""

from __future__ import annotations

import sys

import typer

from ropa.cli._app import app
from ropa.findings import ExitCode
from ropa.cli._terminal import LangOpt


@app.command("rules", short_help="Every check with its severity and legal reference.")
def rules_command(
    markdown: bool = typer.Option(False, "--markdown", help="Print the Markdown table the README embeds "
                                                           "(docs/regeln.md with --lang de)."),
    lang: LangOpt = None,
) -> ExitCode:
    """List every check: loader problems (RP0xx) and rules, with severity, legal reference and summary."""
    from ropa import labels
    from ropa.cli._terminal import check_lang
    from ropa.cli._texts import language
    from ropa.problems import PROBLEMS
    from ropa.report._rules import rule_info
    from ropa.rules import catalogue

    lang = language(check_lang(lang))
    if markdown:
        from ropa.rules.readme import markdown as table

        sys.stdout.write(table(lang))
        return ExitCode.OK
    from ropa.cli._terminal import print_table
    from ropa.labels import headers

    codes = [*sorted(PROBLEMS), *(r.code for r in catalogue())]
    rows = []
    for code in codes:
        info = rule_info(code, lang)
        rows.append((info.code, info.name, labels.label(labels.SEVERITIES, info.severity, lang), info.reference,
                     info.summary))
    print_table(headers("rules", lang), rows)
    return ExitCode.OK


@app.command(short_help="One rule's documentation with examples.")
def explain(code: str = typer.Argument(..., metavar="CODE", hidden=True), lang: LangOpt = None) -> ExitCode:
    """Print one rule's documentation: what it does, why, a failing and a passing example.

    CODE is a rule or problem code, e.g. RP201 (`ropa rules` lists them).
    """
    from ropa import labels
    from ropa.cli._terminal import check_lang
    from ropa.cli._texts import language, say
    from ropa.problems import PROBLEMS
    from ropa.report._rules import rule_info
    from ropa.rules import by_code

    lang = language(check_lang(lang))
    code = code.strip().upper()
    if code not in by_code() and code not in PROBLEMS:
        print(say("unknown-rule", lang, code=code), file=sys.stderr)
        return ExitCode.USAGE
    info = rule_info(code, lang)
    header = f"{info.code} {info.name} ({labels.label(labels.SEVERITIES, info.severity, lang)}; {info.reference})"
    doc = info.doc.strip()
    if doc.startswith("[en] "):  # no German documentation yet: the summary in German, then the English
        doc = f"{info.summary}\n\n{say('doc-english-only', lang)}\n\n{doc[5:]}"
    from ropa.report.text import use_colour

    if use_colour(sys.stdout):
        from rich.console import Console
        from rich.markdown import Markdown

        console = Console(highlight=False)
        console.print(f"{header}\n")
        console.print(Markdown(doc))
    else:
        sys.stdout.write(f"{header}\n\n{doc}\n")
    return ExitCode.OK
