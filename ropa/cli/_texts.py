"""The terminal commands' own sentences, in German and English (one table, like ``labels.WORDS``).

``say(key, lang, **values)`` fills one in. The command passes its language (``language``:
``--lang``, else ``$ROPA_LANG``, else the registry's first language, else English); a message
said without one is in ``$ROPA_LANG``'s language, else English.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ropa.i18n import N_, _

if TYPE_CHECKING:
    from ropa.load import Registry

MESSAGES: dict[str, str] = {
    # registry discovery
    "no-registry": N_("no registry found (no registry.yaml here, above, or in registry/): start one with `ropa "
                      "init`, or point at one with -r PATH"),
    "two-registries": N_("registry given twice ('{a}' and '{b}'): give one, as an argument or with -r"),
    # filters and ids
    "unknown-value": N_("{option}: unknown value '{value}'{hint}"),
    "did-you-mean": N_(" (did you mean '{close}'?)"),
    "known": N_("; known: {known}"),
    "see-vocab": N_("; see `ropa vocab {topic}`"),
    "not-found": N_("no activity, recipient or organisation '{ident}'{hint}"),
    "no-activity": N_("no activity '{ident}'{hint}"),
    "conflict": N_("{a} and {b} exclude each other"),
    "bad-language": N_("unknown language '{value}': use de or en"),
    "bad-format": N_("unknown format '{value}': use one of {allowed}"),
    # counts under tables
    "n-of-activities": N_("{n} of {total} activities"),
    "n-transfers": N_("{n} third-country transfers: {bad} without a valid mechanism ({unrecorded} of them not "
                      "recorded), {incomplete} incompletely documented"),
    "n-recipients": N_("{n} of {total} recipients"),
    "not-stated": N_("not stated"),
    # review and edit
    "reviewed": N_("reviewed: {ident} on {date} by {by} ({path})"),
    "n-reviewed": N_("{n} activities recorded as reviewed"),
    "review-by": N_("give --by NAME: who reviewed"),
    "review-needs": N_("give an activity id or --all"),
    "review-both": N_("give an activity id or --all, not both"),
    "edit-invalid": N_("{path} has {n} errors after saving:"),
    "edit-again": N_("Open it again to fix them?"),
    "edit-needs": N_("give an activity: ropa edit ID [REGISTRY]"),
    "edit-kept": N_("The file stays as saved; `ropa validate` shows the errors."),
    "edit-ok": N_("{path}: valid"),
    "edit-unchanged": N_("{path}: unchanged"),
    "no-editor": N_("no editor: set $VISUAL or $EDITOR"),
    "editor-failed": N_("the editor exited with code {code}; nothing checked"),
    "editor-unusable": N_("the editor '{editor}' cannot be run ({reason}): set $VISUAL or $EDITOR to a command"),
    # init
    "init-name": N_("Organisation's legal name"),
    "init-id": N_("Organisation id"),
    "init-street": N_("Street and number"),
    "init-postal-code": N_("Postal code"),
    "init-city": N_("City"),
    "init-email": N_("Contact e-mail"),
    "init-dpo": N_("DPO's name (empty: none designated)"),
    "init-dpo-email": N_("DPO's e-mail"),
    "init-missing": N_("missing {options} (or run with --interactive)"),
    # validate
    "validate-unknown-rule": N_("ropa validate: unknown rule code {codes} (see `ropa rules`)"),
    "validate-no-files": N_("ropa validate: no registry files among the given paths"),
    # import
    "export-written-record": N_("{files} files, {changed} changed; {open} open findings, not part of the record: "
                                "ropa export --kind report writes the review report"),
    "import-needs-into": N_("give --into DIR (or --show-mapping)"),
    "next-validate": N_("next: ropa validate {path}"),
    # new
    "created": N_("created {path}"),
    "not-written": N_("nothing written: the new activity would have {n} error(s):"),
    "duration-hint": N_("'{value}' is not an ISO 8601 duration; you probably mean {iso}"),
    "duration-bad": N_("'{value}' is not an ISO 8601 duration like P10Y (10 years) or P30D (30 days)"),
    "not-a-choice": N_("'{value}' is not one of the choices{hint}"),
    "id-taken": N_("the id '{ident}' is already used ({where})"),
    "id-bad": N_("'{ident}' is not a valid id (lower-case letters, digits, '-', '_', '.')"),
    "required": N_("an answer is required"),
    # show
    "source": N_("Source"),
    "sources": N_("Sources"),
    "open-findings": N_("Open findings"),
    "waived-findings": N_("Waived findings"),
    "answered-findings": N_("Findings settled by the controller's answers"),
    "kind-activity": N_("activity"),
    "kind-recipient": N_("recipient"),
    "kind-organisation": N_("organisation"),
    # summary
    "unknown-rule": N_("ropa explain: unknown rule code '{code}' (see `ropa rules`)"),
    "doc-english-only": N_("[en] The full documentation of this rule is not yet available in this language; "
                           "it follows in English."),
    "error-prefix": N_("error: "),
    "version": N_(" (version {version})"),
    "as-of": N_("{name}{version}, as of {date}"),
    "summary-head": N_("{activities} activities, {recipients} recipients, {transfers} third-country transfers "
                       "({bad} without a valid mechanism, {unrecorded} of them not recorded; {incomplete} "
                       "incompletely documented)"),
    "by-organisation": N_("Activities by organisation"),
    "left-out": N_("Left out: third parties described for due diligence, and other records (--organisation ID "
                   "to see one)"),
    "by-status": N_("Activities by status"),
    "by-basis": N_("Activities by legal basis"),
    "by-country": N_("Activities by third country"),
    "findings": N_("Findings"),
    "waived": N_("waived"),
    "none-listed": N_("(none)"),
    "next-reviews": N_("Next reviews due ({n} overdue)"),
    "no-reviews": N_("(no review dates recorded)"),
    "overdue": N_("OVERDUE"),
    # new: the questions
    "same-count": N_("as many purposes as in the first language ({n})"),
    "ids-sep": N_("ids separated by ','"),
    "none-to-choose": N_("{label}: the registry has none to choose from"),
    "missing-options": N_("missing {options} (or run with --interactive)"),
    "bad-transfer": N_("--transfer '{item}': write RECIPIENT=MECHANISM[:MODULE]"),
    "bad-module": N_("--transfer '{item}': the SCC module is 1, 2, 3 or 4"),
    "bad-pair": N_("{option} '{item}': write RECIPIENT=TEXT"),
    # gaps
    "reviews-overdue": N_("Reviews overdue"),
    "due": N_("due {date} ({days} days overdue)"),
    "gaps-summary": N_("{open} open points ({errors} errors, {warnings} warnings, {infos} infos) in {targets} "
                       "entries; {waived} waived; {overdue} reviews overdue"),
    "validate-filtered": N_("{shown} of {total} findings shown; in all: {all}"),
    # export
    "export-unchanged": N_("{path} (unchanged)"),
    "export-written": N_("{files} files, {changed} changed; {open} open findings shown in the reports"),
    "export-stale": N_("{stale} of {total} export files are not up to date; run: {command}"),
    "export-current": N_("{total} export files are up to date"),
    "export-missing": N_("{path}: missing"),
    "export-unreadable": N_("{path}: unreadable"),
    "export-not-regular": N_("{path}: not a regular file (a pipe, a device or a link to one); not read"),
    "export-differs": N_("{path}: differs from a fresh export"),
    # fmt
    "fmt-would": N_("would reformat {path}"),
    "fmt-did": N_("reformatted {path}"),
    "fmt-error": N_("{path}: {error}"),
    "fmt-would-summary": N_("{changed} of {total} files would be reformatted"),
    "fmt-did-summary": N_("{changed} of {total} files reformatted"),
    "fmt-left-alone": N_(", {errors} left alone"),
}

def language(lang: str | None = None, registry: Registry | None = None) -> str:
    """The command's language: ``ropa.i18n.resolve_language`` (``lang``, the command's --lang, else
    ``$ROPA_LANG``, else the registry's first language once it is loaded, else English).

    No state: a command resolves its language where it has its options (and again once its
    registry is loaded) and passes it on as a value.
    """
    from ropa.i18n import resolve_language

    return resolve_language(lang, registry)


def say(key: str, lang: str | None = None, **values: object) -> str:
    """The message ``key`` in ``lang``, its ``{placeholders}`` filled in."""
    return _(MESSAGES[key], language(lang), **values)
