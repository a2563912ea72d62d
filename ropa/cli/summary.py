"""`ropa summary`: a one-screen dashboard."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ropa.cli._app import app
from ropa.findings import ExitCode
from ropa.cli._texts import language
from ropa.cli._terminal import LangOpt, OrgOpt, RegistryArg, RegistryOpt, TextOrJsonOpt

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

    Over the records of the record-keeping organisations (or of --organisation); third parties
    described for due diligence are left out and listed apart. The transfer figures are those
    of `ropa transfers` for the same records, the findings those of `ropa validate` that belong
    to them.

    Example: ropa summary --lang de
    """
    from ropa.inspect.summary import summary as build
    from ropa.cli._terminal import (check_filters, check_format, check_lang, check_or_exit, print_json,
                                       print_lines, registry_path)

    lang = check_lang(lang)
    check_format(fmt, ("text", "json"), lang=lang)
    report = check_or_exit(registry_path(registry_arg, registry, lang))
    lang = language(lang, report.registry)
    check_filters(report.registry, lang=lang, organisation=organisation)
    s = build(report, lang, organisation=organisation)
    if fmt == "json":
        print_json(s.as_dict())
    else:
        print_lines(summary_lines(s, lang))
    return ExitCode.OK


def summary_lines(s: Summary, lang: str) -> list[tuple[str, str | None]]:
    """The dashboard as (line, rich style) pairs."""
    from ropa import labels
    from ropa.inspect.common import basis_label
    from ropa.cli._texts import say
    from ropa.vocab import country_name

    version = say("version", lang, version=s.version) if s.version else ""
    lines: list[tuple[str, str | None]] = [
        (say("as-of", lang, name=s.name, version=version, date=labels.fmt_date(s.today, lang)), "bold"),
        (say("summary-head", lang, activities=s.activities, recipients=s.recipients, transfers=s.transfers,
             bad=s.transfers_without_valid_mechanism, unrecorded=s.transfers_unrecorded,
             incomplete=s.transfers_incomplete),
         "red" if s.transfers_without_valid_mechanism else None),
    ]
    lines += _section(say("by-organisation", lang), s.by_organisation, lang)
    if s.third_parties:
        lines.append((say("left-out", lang), "dim"))
        width = max(len(ident) for ident in s.third_parties)
        lines += [(f"  {ident.ljust(width)}  {count:>4}", "dim") for ident, count in s.third_parties.items()]
    lines += _section(say("by-status", lang), s.by_status, lang, lambda k: labels.label(labels.STATUS, k, lang))
    lines += _section(say("by-basis", lang), s.by_legal_basis, lang, lambda k: basis_label(k, lang))
    lines += _section(say("by-country", lang), s.by_country, lang, lambda k: f"{k} {country_name(k, lang)}")
    return lines + _finding_lines(s, lang) + _review_lines(s, lang)


def _section(title: str, counts: dict[str, int], lang: str,
             label: Callable[[str], str] = lambda k: k) -> list[tuple[str, str | None]]:
    """A heading and one aligned ``label  count`` line per key (or "none listed")."""
    from ropa.cli._texts import say

    lines: list[tuple[str, str | None]] = [(title, "bold")]
    if not counts:
        lines.append(("  " + say("none-listed", lang), "dim"))
    width = max((len(label(k)) for k in counts), default=0)
    return lines + [(f"  {label(key).ljust(width)}  {count:>4}", None) for key, count in counts.items()]


def _finding_lines(s: Summary, lang: str) -> list[tuple[str, str | None]]:
    """The open findings by severity, then apart for the record's completeness (Art. 30) and the
    processing's lawfulness; the waived ones; open errors in red."""
    from ropa import labels
    from ropa.i18n import _
    from ropa.cli._texts import say

    rows = [(labels.label(labels.SEVERITIES, sev, lang), count, sev) for sev, count in s.open_findings.items()]
    rows.append((say("waived", lang), s.waived_findings, ""))
    width = max(len(r[0]) for r in rows)
    lines: list[tuple[str, str | None]] = [
        (say("findings", lang), "bold"),
        *((f"  {label:<{width}}  {count:>4}", "red" if sev == "error" and count else None)
          for label, count, sev in rows)]
    heads = {"record": _("Record (Art. 30): is it complete and accurate?", lang),
             "lawfulness": _("Lawfulness and accountability: is the processing lawful, and shown to be?", lang)}
    for axis, counts in s.open_by_axis.items():
        lines.append((heads[axis], "bold"))
        lines += [(f"  {labels.label(labels.SEVERITIES, sev, lang):<{width}}  {count:>4}",
                   "red" if sev == "error" and count else None) for sev, count in counts.items()]
    return lines


def _review_lines(s: Summary, lang: str) -> list[tuple[str, str | None]]:
    """The next reviews due, overdue ones in red."""
    from ropa import labels
    from ropa.cli._texts import say

    lines: list[tuple[str, str | None]] = [(say("next-reviews", lang, n=s.overdue_reviews), "bold")]
    if not s.next_reviews:
        lines.append(("  " + say("no-reviews", lang), "dim"))
    for due, ident, name in s.next_reviews:
        overdue = due < s.today.isoformat()
        lines.append((f"  {labels.fmt_date(due, lang)}  {ident}  {name}" + (f"  {say('overdue', lang)}" if overdue else ""),
                      "red" if overdue else None))
    return lines
