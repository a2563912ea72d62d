"""`ropa new`: add an activity, by prompts on a terminal or fully by options.

Every answer is checked when it is given (a prompt asks again, an option is a usage error),
and the finished activity is validated with the registry before anything is written.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from ropa.cli._app import app
from ropa.findings import ExitCode
from ropa.cli._texts import language
from ropa.cli._terminal import LangOpt, RegistryArg, RegistryOpt, complete_recipient

Text = Annotated[str | None, typer.Option(metavar="TEXT")]


@app.command(short_help="Add an activity, validated before it is written.")
def new(
    registry_arg: RegistryArg = None,
    registry: RegistryOpt = None,
    ident: Annotated[str | None, typer.Option("--id", metavar="ID", help="Id of the new activity, e.g. "
                                                 "newsletter.")] = None,
    name: Annotated[str | None, typer.Option(metavar="TEXT", help="Name of the activity.")] = None,
    name_de: Annotated[str | None, typer.Option(metavar="TEXT", help="Name in German.")] = None,
    name_en: Annotated[str | None, typer.Option(metavar="TEXT", help="Name in English.")] = None,
    organisation: Annotated[str | None, typer.Option("--organisation", "-o", metavar="ORG",
                                                        help="Organisation of the activity (default: the only "
                                                             "one).")] = None,
    purpose: Annotated[list[str] | None, typer.Option(metavar="TEXT", help="A purpose (repeat for "
                                                         "several).")] = None,
    purpose_de: Annotated[list[str] | None, typer.Option(metavar="TEXT", help="A purpose in German "
                                                            "(repeat; paired with --purpose-en).")] = None,
    purpose_en: Annotated[list[str] | None, typer.Option(metavar="TEXT", help="A purpose in "
                                                            "English (repeat).")] = None,
    basis: Annotated[list[str] | None, typer.Option("--basis", "-b", metavar="CODE", help="Legal basis "
                                                       "code, e.g. art6-1-b (repeat; `ropa vocab legal-bases`).")] = None,
    interest: Annotated[str | None, typer.Option(metavar="TEXT", help="Art. 6(1)(f): the legitimate "
                                                    "interest.")] = None,
    lia: Annotated[str | None, typer.Option(metavar="REF", help="Art. 6(1)(f): reference to the balancing "
                                               "test.")] = None,
    consent: Annotated[str | None, typer.Option(metavar="TEXT", help="Art. 6(1)(a): how consent is "
                                                   "obtained.")] = None,
    withdrawal: Annotated[str | None, typer.Option(metavar="TEXT", help="Art. 6(1)(a): how consent is "
                                                      "withdrawn.")] = None,
    statute: Annotated[str | None, typer.Option(metavar="TEXT", help="Art. 6(1)(c)/(e): the law imposing "
                                                   "the obligation.")] = None,
    subject: Annotated[list[str] | None, typer.Option(metavar="ID", help="Data subject category (repeat).")] = None,
    category: Annotated[list[str] | None, typer.Option(metavar="ID", help="Data category (repeat).")] = None,
    recipient: Annotated[list[str] | None, typer.Option(metavar="ID", help="Recipient from the catalogue "
                                                           "(repeat).", autocompletion=complete_recipient)] = None,
    no_recipients: Annotated[bool, typer.Option("--no-recipients", help="State that there are no "
                                                "recipients (without it or --recipient: not stated).")] = False,
    no_transfers: Annotated[bool, typer.Option("--no-transfers", help="State that there is no third-country "
                                               "transfer (without it or --transfer: not stated).")] = False,
    transfer: Annotated[list[str] | None, typer.Option(metavar="RECIPIENT=MECHANISM[:MODULE]", help="The "
                                                          "mechanism for a recipient outside the EEA, e.g. "
                                                          "acme-us=scc:2 (SCC module 2).")] = None,
    tia: Annotated[list[str] | None, typer.Option(metavar="RECIPIENT=REF", help="Reference of the transfer "
                                                     "impact assessment.")] = None,
    safeguards: Annotated[list[str] | None, typer.Option(metavar="RECIPIENT=TEXT", help="Art. 49: the "
                                                            "safeguards, or why the derogation applies.")] = None,
    retention: Annotated[str | None, typer.Option(metavar="DURATION", help="Erasure period, ISO 8601, "
                                                     "e.g. P10Y.")] = None,
    trigger: Annotated[str | None, typer.Option(metavar="TEXT", help="Event the retention period runs "
                                                   "from.")] = None,
    measure: Annotated[list[str] | None, typer.Option(metavar="ID", help="Security measure (repeat).")] = None,
    owner: Annotated[str | None, typer.Option(metavar="TEXT", help="Department or person responsible.")] = None,
    description: Annotated[str | None, typer.Option(metavar="TEXT", help="What happens, in a few "
                                                       "sentences.")] = None,
    status: Annotated[str, typer.Option(metavar="STATUS", help="active, planned or retired.")] = "active",
    dpia: Annotated[str | None, typer.Option(metavar="STATUS", help="DPIA status: required, not-required, "
                                                "in-progress, done, unknown.")] = None,
    cookies: Annotated[str | None, typer.Option(metavar="KIND", help="none, necessary or "
                                                   "non-essential.")] = None,
    interactive: Annotated[bool | None, typer.Option("--interactive/--no-interactive", "-i",
                                                        help="Ask for what is missing (default: when stdin is "
                                                             "a terminal).")] = None,
    lang: LangOpt = None,
) -> ExitCode:
    """Add an activity as activities/ID.yaml, validated with the registry before anything is written.

    Each answer is checked when it is given; what a chosen legal basis or transfer mechanism
    needs is asked for (legitimate interest, consent, SCC module, transfer impact assessment,
    Art. 49 conditions). Names and purposes are asked in each language the registry declares.
    Exit codes: 0 written; 1 the activity would not validate (nothing written); 2 bad usage
    (unknown references, a taken id, conflicting options; nothing written).

    Example: ropa new --id newsletter --name Newsletter --purpose "Monthly product news"
    --basis art6-1-a --consent "Double opt-in form" --withdrawal "Unsubscribe link"
    --subject customers --category contact-data --recipient mailer --retention P2Y --dpia not-required
    """
    from ropa.cli._terminal import check_exclusive, check_lang, load_or_exit, registry_path

    lang = check_lang(lang)
    check_exclusive(lang, **{"--no-recipients": no_recipients, "--recipient": recipient})
    check_exclusive(lang, **{"--no-transfers": no_transfers, "--transfer": transfer})
    check_exclusive(lang, **{"--name": name, "--name-de/--name-en": name_de or name_en})
    check_exclusive(lang, **{"--purpose": purpose, "--purpose-de/--purpose-en": purpose_de or purpose_en})
    path = registry_path(registry_arg, registry, lang)
    reg = load_or_exit(path).registry
    lang = language(lang, reg)
    given = dict(locals())
    answers = {key: given[key] for key in ANSWERS}
    answers["name"] = _text(name, {"de": name_de, "en": name_en})
    answers["purpose"] = purpose or _pairs(purpose_de, purpose_en)
    from ropa.cli._prompt import stdin_is_terminal

    if stdin_is_terminal() if interactive is None else interactive:
        return interview(path, reg, answers, lang)
    return write(path, reg, answers, lang)


def interview(path: Any, reg: Any, options: dict[str, Any], lang: str) -> ExitCode:
    """Ask for what the options leave open and write the activity; when the final check fails,
    keep the answers (a draft, and asked again at once with each answer as the default)."""
    import copy

    from ropa.cli._interview import Interview
    from ropa.edit import drafts

    session = Interview(path, reg, lang)
    previous = None
    kept: set[Any] = set()  # the drafts this activity's answers were kept in, removed once it is written
    found = drafts.latest(path)
    if found is not None and options["ident"] in (None, found.answers.get("ident")) and session.p.confirm(
            session.t("draft-found", ident=found.answers.get("ident"), when=found.saved), default=True):
        previous = found.answers
        kept.add(found.answers.get("ident"))
    while True:
        answers = copy.deepcopy(options)
        session.complete(answers, previous)
        code = write(path, session.reg, answers, lang)
        if code == ExitCode.OK:
            for ident in kept | {answers["ident"]}:
                drafts.remove(path, ident)
            return code
        kept.add(answers["ident"])
        saved = drafts.save(path, answers)
        session.p.echo(session.t("draft-saved", path=saved))
        if not session.p.confirm(session.t("fix-now"), default=True):
            return code
        previous = answers


# the options that make up an activity, by their parameter names
ANSWERS = ("ident", "organisation", "basis", "interest", "lia", "consent", "withdrawal", "statute", "subject",
           "category", "recipient", "no_recipients", "no_transfers", "transfer", "tia", "safeguards", "retention", "trigger",
           "measure", "owner", "description", "status", "dpia", "cookies")


def _text(plain: str | None, by_lang: dict[str, str | None]) -> Any:
    texts = {k: v for k, v in by_lang.items() if v}
    return texts or plain


def _pairs(de: list[str] | None, en: list[str] | None) -> list[Any] | None:
    from ropa.cli._terminal import fail
    from ropa.cli._texts import say

    if not de and not en:
        return None
    if not en:
        return [{"de": d} for d in de or ()]
    if not de:
        return [{"en": e} for e in en]
    if len(de) != len(en):
        fail(say("same-count", n=len(de)))
    return [{"de": d, "en": e} for d, e in zip(de, en, strict=True)]


def write(path: Any, reg: Any, answers: dict[str, Any], lang: str) -> ExitCode:
    """Build the activity from the answers and write it; print what happened; the exit code."""
    from ropa import labels
    from ropa.cli._activity_options import spec_from
    from ropa.edit.new import NewActivityError, create
    from ropa.i18n import localized
    from ropa.cli._texts import say

    spec = spec_from(reg, answers)
    try:
        created = create(path, spec)
    except NewActivityError as exc:
        if exc.invalid:
            typer.echo(say("not-written", lang, n=len(exc.problems)), err=True)
        prefix = "  " if exc.invalid else say("error-prefix", lang)
        for line in exc.problems:
            typer.echo(f"{prefix}{localized(line, lang)}", err=True)
        return ExitCode.FINDINGS if exc.invalid else ExitCode.USAGE
    typer.echo(say("created", lang, path=created.path))
    for finding in created.findings:
        typer.echo(f"  {labels.label(labels.SEVERITIES, finding.severity.value, lang)}: {finding.code} "
                   f"{finding.text(lang)}")
    return ExitCode.OK
