"""`ropa summary`: a one-screen dashboard."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from ropa.cli._app import app, finish
from ropa.findings import ExitCode
from ropa.inspect.terminal import LangOpt, RegistryOpt, check_format, check_lang, check_or_exit


@app.command()
def summary(
    registry: RegistryOpt = Path("registry"),
    fmt: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
    lang: LangOpt = "en",
    organisation: Annotated[Optional[list[str]], typer.Option(
        "--organisation", help="Summarise this organisation's record; repeatable. Default: every organisation "
        "keeping its record in the registry (third parties described for due diligence are left out).")] = None,
) -> None:
    """Counts by organisation, status, legal basis and country; open findings; next reviews due.

    Example: [bold]ropa summary --lang de[/bold]
    """
    from ropa.inspect.common import basis_label
    from ropa.inspect.summary import summary as build
    from ropa.inspect.terminal import console, escape, print_json
    from ropa.vocab import country_name

    check_lang(lang)
    check_format(fmt, ("text", "json"))
    report = check_or_exit(registry)
    try:
        s = build(report, lang, organisations=organisation or None)
    except KeyError as exc:
        from ropa.inspect.terminal import fail

        fail(f"unknown organisation {exc}")
    if fmt == "json":
        print_json(s.as_dict())
        finish(ExitCode.OK)
    lines: list[tuple[str, str | None]] = []

    def section(title: str, counts: dict[str, int], label=lambda k: k) -> None:
        lines.append((title, "bold"))
        if not counts:
            lines.append(("  (none)", "dim"))
        width = max((len(label(k)) for k in counts), default=0)
        for key, count in counts.items():
            lines.append((f"  {label(key).ljust(width)}  {count:>4}", None))

    version = f" (version {s.version})" if s.version else ""
    lines.append((f"{s.name}{version}, as of {s.today.isoformat()}", "bold"))
    lines.append((f"{s.activities} activities, {s.recipients} recipients, {s.transfers} third-country "
                  f"transfers ({s.transfers_without_valid_mechanism} without a valid mechanism)",
                  "red" if s.transfers_without_valid_mechanism else None))
    section("Activities by organisation", s.by_organisation)
    if s.third_parties:
        lines.append(("Left out: third parties described for due diligence, and other records "
                      "(--organisation ID to see one)", "dim"))
        width = max(len(ident) for ident in s.third_parties)
        for ident, count in s.third_parties.items():
            lines.append((f"  {ident.ljust(width)}  {count:>4}", "dim"))
    section("Activities by status", s.by_status)
    section("Activities by legal basis", s.by_legal_basis, lambda k: basis_label(k, lang))
    section("Activities by third country", s.by_country, lambda k: f"{k} {country_name(k, lang)}")
    lines.append(("Findings", "bold"))
    for severity, count in s.open_findings.items():
        lines.append((f"  {severity:<8}  {count:>4}", "red" if severity == "error" and count else None))
    lines.append((f"  {'waived':<8}  {s.waived_findings:>4}", None))
    lines.append((f"Next reviews due ({s.overdue_reviews} overdue)", "bold"))
    if not s.next_reviews:
        lines.append(("  (no review dates recorded)", "dim"))
    for due, ident, name in s.next_reviews:
        overdue = due < s.today.isoformat()
        lines.append((f"  {due}  {ident}  {name}" + ("  OVERDUE" if overdue else ""), "red" if overdue else None))
    out = console()
    for text, style in lines:
        if out.is_terminal and style:
            out.print(f"[{style}]{escape(text)}[/{style}]")
        elif out.is_terminal:
            out.print(escape(text))
        else:
            typer.echo(text)
    finish(ExitCode.OK)
