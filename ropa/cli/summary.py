"""`ropa summary`: a one-screen dashboard."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ropa.cli._app import app
from ropa.findings import ExitCode
from ropa.inspect.texts import language
from ropa.inspect.terminal import LangOpt, OrgOpt, RegistryArg, RegistryOpt, TextOrJsonOpt

if TYPE_CHECKING:
    from collections.abc import Callable
    from ropa.inspect.summary import Summary


@app.command(short_help="A one-screen dashboard of counts.")
def summary(
    registry_arg: RegistryArg = None,
    registry: RegistryOpt = None,
    organisation: OrgOpt = None,
    fmt: TextOrJsonOpt = "text",
    lang: LangOpt = None,
) -> ExitCode:
    """Counts by organisation, status, legal basis and country; open findings; next reviews due.

    The transfer figures are those of `ropa transfers` (unrecorded transfers included).

    Example: ropa summary --lang de
    """
    from ropa.inspect.summary import summary as build
    from ropa.inspect.terminal import (check_filters, check_format, check_lang, check_or_exit, print_json,
                                       print_lines, registry_path)

    lang = check_lang(lang)
    check_format(fmt, ("text", "json"))
    report = check_or_exit(registry_path(registry_arg, registry))
    lang = language(lang)
    check_filters(report.registry, organisation=organisation)
    s = build(report, lang, organisation=organisation)
    if fmt == "json":
        print_json(s.as_dict())
    else:
        print_lines(summary_lines(s, lang))
    return ExitCode.OK


def summary_lines(s: Summary, lang: str) -> list[tuple[str, str | None]]:
    """The dashboard as (line, rich style) pairs."""
    from ropa import art30
    from ropa.inspect.common import basis_label
    from ropa.inspect.texts import say
    from ropa.vocab import country_name

    lines: list[tuple[str, str | None]] = []

    def section(title: str, counts: dict[str, int], label: Callable[[str], str] = lambda k: k) -> None:
        lines.append((title, "bold"))
        if not counts:
            lines.append(("  " + say("none-listed", lang), "dim"))
        width = max((len(label(k)) for k in counts), default=0)
        for key, count in counts.items():
            lines.append((f"  {label(key).ljust(width)}  {count:>4}", None))

    version = say("version", lang, version=s.version) if s.version else ""
    lines.append((say("as-of", lang, name=s.name, version=version, date=art30.fmt_date(s.today, lang)), "bold"))
    lines.append((say("summary-head", lang, activities=s.activities, recipients=s.recipients, transfers=s.transfers,
                      bad=s.transfers_without_valid_mechanism, unrecorded=s.transfers_unrecorded),
                  "red" if s.transfers_without_valid_mechanism else None))
    section(say("by-organisation", lang), s.by_organisation)
    if s.third_parties:
        lines.append((say("left-out", lang), "dim"))
        width = max(len(ident) for ident in s.third_parties)
        for ident, count in s.third_parties.items():
            lines.append((f"  {ident.ljust(width)}  {count:>4}", "dim"))
    section(say("by-status", lang), s.by_status, lambda k: art30.label(art30.STATUS, k, lang))
    section(say("by-basis", lang), s.by_legal_basis, lambda k: basis_label(k, lang))
    section(say("by-country", lang), s.by_country, lambda k: f"{k} {country_name(k, lang)}")
    lines.append((say("findings", lang), "bold"))
    rows = [(art30.label(art30.SEVERITIES, sev, lang), count, sev) for sev, count in s.open_findings.items()]
    rows.append((say("waived", lang), s.waived_findings, ""))
    width = max(len(r[0]) for r in rows)
    for label, count, sev in rows:
        lines.append((f"  {label:<{width}}  {count:>4}", "red" if sev == "error" and count else None))
    lines.append((say("next-reviews", lang, n=s.overdue_reviews), "bold"))
    if not s.next_reviews:
        lines.append(("  " + say("no-reviews", lang), "dim"))
    for due, ident, name in s.next_reviews:
        overdue = due < s.today.isoformat()
        lines.append((f"  {due}  {ident}  {name}" + (f"  {say('overdue', lang)}" if overdue else ""),
                      "red" if overdue else None))
    return lines
