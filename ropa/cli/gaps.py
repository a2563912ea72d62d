"""`ropa gaps`: the DPO's to-do list."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from ropa.cli._app import app
from ropa.findings import ExitCode
from ropa.cli._texts import language
from ropa.cli._terminal import LangOpt, OrgOpt, RegistryArg, RegistryOpt, TextOrJsonOpt

if TYPE_CHECKING:
    from ropa.inspect.gaps import Gaps, TargetGaps


@app.command(short_help="The DPO's to-do list: open findings, waivers, overdue reviews.")
def gaps(
    registry_arg: RegistryArg = None,
    registry: RegistryOpt = None,
    organisation: OrgOpt = None,
    recorded: Annotated[bool, typer.Option("--recorded/--no-recorded",
                                           help="Also list the gaps and conflicts the registry records (facts "
                                                "the documents do not state).")] = True,
    fmt: TextOrJsonOpt = "text",
    lang: LangOpt = None,
) -> ExitCode:
    """Open findings by activity and severity, waived findings with their expiry, overdue reviews.

    Each open point is listed once, under the entry it concerns; a summary line ends the list.
    Exits 1 while any error is open, so it can gate a release.

    Example: ropa gaps --no-recorded
    """
    from ropa.inspect.gaps import as_dict, gaps as build
    from ropa.cli._terminal import (check_filters, check_format, check_lang, check_or_exit, print_json,
                                       print_lines, registry_path)

    lang = check_lang(lang)
    check_format(fmt, ("text", "json"), lang=lang)
    report = check_or_exit(registry_path(registry_arg, registry, lang))
    lang = language(lang, report.registry)
    check_filters(report.registry, lang=lang, organisation=organisation)
    result = build(report, lang, include_recorded=recorded, organisation=organisation)
    if fmt == "json":
        print_json(as_dict(result))
    else:
        print_lines(gap_lines(result, lang))
    return ExitCode.FINDINGS if result.counts()["error"] else ExitCode.OK


def gap_lines(result: Gaps, lang: str) -> list[tuple[str, str | None]]:
    """The to-do list as (line, rich style) pairs."""
    from ropa import labels
    from ropa.cli._texts import say

    lines: list[tuple[str, str | None]] = []
    for target in result.targets:
        if target.open or target.waived:
            lines += _target_lines(target, result, lang)
    if result.overdue:
        lines.append((say("reviews-overdue", lang), "bold"))
        lines += [(f"  {o.activity}: {say('due', lang, date=labels.fmt_date(o.review_due, lang), days=o.days_overdue)}",
                   "red") for o in result.overdue]
    c = result.counts()
    lines.append((say("gaps-summary", lang, open=c["open"], errors=c["error"], warnings=c["warning"],
                      infos=c["info"], targets=c["targets"], waived=c["waived"], overdue=c["overdue_reviews"]),
                  "bold"))
    return lines


COLOURS = {"error": "red", "warning": "yellow", "info": "cyan"}


def _target_lines(target: TargetGaps, result: Gaps, lang: str) -> list[tuple[str, str | None]]:
    """One activity's, recipient's or organisation's open findings by severity, then its waived ones."""
    from ropa import labels
    from ropa.inspect.gaps import message, waiver_line
    from ropa.report.text import printable
    from ropa.cli._texts import say

    if target.kind == "registry":
        lines: list[tuple[str, str | None]] = [(target.target, "bold")]
    else:
        lines = [(f"{say(f'kind-{target.kind}', lang)} {target.target}: {target.name}", "bold")]
    for severity, findings in target.open.items():
        lines.append((f"  {labels.label(labels.SEVERITIES, severity, lang)} ({len(findings)})", COLOURS.get(severity)))
        lines += [(printable(f"    {f.code} {message(f, result.notes, lang)}  [{f.span}]"), None) for f in findings]
    if target.waived:
        lines.append((f"  {say('waived', lang)} ({len(target.waived)})", "dim"))
        lines += [(printable(f"    {waiver_line(f, result.today, message(f, result.notes, lang), lang)}"), None)
                  for f in target.waived]
    return lines
