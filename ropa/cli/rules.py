"""`ropa rules` lists the rule catalogue; `ropa explain CODE` prints one rule's documentation."""

from __future__ import annotations

import sys

import typer

from ropa.cli._app import app, finish
from ropa.findings import ExitCode


@app.command("rules", short_help="Every check with its severity and legal reference.")
def rules_command(
    markdown: bool = typer.Option(False, "--markdown", help="Print the Markdown table the README embeds."),
) -> None:
    """List every check: loader problems (RP0xx) and rules, with severity and legal reference."""
    from ropa.problems import PROBLEMS, REFERENCE
    from ropa.rules import catalogue

    if markdown:
        from ropa.rules.readme import markdown as table

        sys.stdout.write(table())
        finish(ExitCode.OK)
    from ropa.inspect.terminal import print_table

    rows = [(code, name, sev.value, REFERENCE) for code, (name, sev, _f, _d) in sorted(PROBLEMS.items())]
    rows += [(r.code, r.name, r.severity.value, r.reference) for r in catalogue()]
    from ropa.inspect.texts import headers

    print_table(headers("rules"), rows)
    finish(ExitCode.OK)


@app.command(short_help="One rule's documentation with examples.")
def explain(code: str = typer.Argument(..., metavar="CODE", hidden=True)) -> None:
    """Print one rule's documentation: what it does, why, a failing and a passing example.

    CODE is a rule or problem code, e.g. RP201 (`ropa rules` lists them).
    """
    from ropa.report._rules import rule_info
    from ropa.problems import PROBLEMS
    from ropa.rules import by_code

    code = code.strip().upper()
    if code not in by_code() and code not in PROBLEMS:
        print(f"ropa explain: unknown rule code {code!r} (see `ropa rules`)", file=sys.stderr)
        finish(ExitCode.USAGE)
    info = rule_info(code)
    header = f"{info.code} {info.name} ({info.severity}; {info.reference})"
    doc = info.doc.strip()
    from ropa.report.text import use_colour

    if use_colour(sys.stdout):
        from rich.console import Console
        from rich.markdown import Markdown

        console = Console(highlight=False)
        console.print(f"{header}\n")
        console.print(Markdown(doc))
    else:
        sys.stdout.write(f"{header}\n\n{doc}\n")
    finish(ExitCode.OK)
