"""`ropa new`: add an activity, by prompts on a terminal or fully by options."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from ropa.cli._app import app, finish
from ropa.findings import ExitCode
from ropa.inspect.terminal import RegistryOpt, complete_recipient, fail, load_or_exit

Many = Annotated[Optional[list[str]], typer.Option()]


def _opt(*names: str, help: str, **kw: Any) -> Any:
    return typer.Option(*names, help=help, **kw)


@app.command()
def new(
    ident: Annotated[Optional[str], _opt("--id", help="Id of the new activity, e.g. newsletter.")] = None,
    name: Annotated[Optional[str], _opt("--name", help="Name of the activity.")] = None,
    organisation: Annotated[Optional[str], _opt("--organisation", "-o", help="Organisation id (default: the only one).")] = None,
    purpose: Annotated[Optional[list[str]], _opt("--purpose", help="A purpose (repeat for several).")] = None,
    basis: Annotated[Optional[list[str]], _opt("--basis", "-b", help="Legal basis code, e.g. art6-1-b (repeat for several).")] = None,
    interest: Annotated[Optional[str], _opt("--interest", help="Art. 6(1)(f): the legitimate interest.")] = None,
    lia: Annotated[Optional[str], _opt("--lia", help="Art. 6(1)(f): reference to the balancing test.")] = None,
    consent: Annotated[Optional[str], _opt("--consent", help="Art. 6(1)(a): how consent is obtained.")] = None,
    withdrawal: Annotated[Optional[str], _opt("--withdrawal", help="Art. 6(1)(a): how consent is withdrawn.")] = None,
    statute: Annotated[Optional[str], _opt("--statute", help="Art. 6(1)(c)/(e): the law imposing the obligation.")] = None,
    subject: Annotated[Optional[list[str]], _opt("--subject", help="Data subject category id (repeat).")] = None,
    category: Annotated[Optional[list[str]], _opt("--category", help="Data category id (repeat).")] = None,
    recipient: Annotated[Optional[list[str]], _opt("--recipient", help="Recipient id from the catalogue (repeat).",
                                                   autocompletion=complete_recipient)] = None,
    no_recipients: Annotated[bool, _opt("--no-recipients", help="State that there are no recipients.")] = False,
    transfer: Annotated[Optional[list[str]], _opt("--transfer", help="RECIPIENT=MECHANISM for a recipient outside "
                                                  "the EEA, e.g. acme-us=scc or acme-us=scc:2 (SCC module).")] = None,
    retention: Annotated[Optional[str], _opt("--retention", help="Erasure period, ISO 8601, e.g. P10Y.")] = None,
    trigger: Annotated[Optional[str], _opt("--trigger", help="Event the retention period runs from.")] = None,
    measure: Annotated[Optional[list[str]], _opt("--measure", help="Security measure id (repeat).")] = None,
    owner: Annotated[Optional[str], _opt("--owner", help="Department or person responsible.")] = None,
    description: Annotated[Optional[str], _opt("--description", help="What happens, in a few sentences.")] = None,
    status: Annotated[str, _opt("--status", help="active, planned or retired.")] = "active",
    dpia: Annotated[Optional[str], _opt("--dpia", help="DPIA status: required, not-required, in-progress, done, unknown.")] = None,
    cookies: Annotated[Optional[str], _opt("--cookies", help="none, necessary or non-essential.")] = None,
    interactive: Annotated[Optional[bool], _opt("--interactive/--no-interactive", "-i",
                                                help="Ask for what is missing (default: when stdin is a terminal).")] = None,
    registry: RegistryOpt = Path("registry"),
) -> None:
    """Add an activity as activities/<id>.yaml, checked against the registry before writing.

    Unknown references are refused (exit 2); an existing file is never overwritten.

    Example: ropa new --id newsletter --name Newsletter --purpose "Monthly product news" \\
    --basis art6-1-a --consent "Double opt-in form" --withdrawal "Unsubscribe link" \\
    --subject customers --category contact-data --recipient mailer --retention P2Y --dpia not-required
    """
    from ropa.edit.new import NewActivity, NewActivityError, create, default_mechanism, needs_transfer

    result = load_or_exit(registry)
    reg = result.registry
    ask = sys.stdin.isatty() if interactive is None else interactive
    orgs = list(reg.organisations)
    if organisation is None and len(orgs) == 1:
        organisation = orgs[0]
    if ask:
        from ropa.inspect.common import basis_label, name_of
        from ropa.vocab import legal_bases, mechanisms

        ident = ident or typer.prompt("Id (lower-case, e.g. newsletter)")
        name = name or typer.prompt("Name")
        if organisation is None:
            organisation = _choose_one("Organisation", {o: reg.organisations[o].name for o in orgs})
        purpose = purpose or _ask_list("Purposes (separate with ';')", sep=";")
        basis = basis or _choose_many("Legal bases", {c: t.en for c, t in legal_bases().items()})
        if any(b == "art6-1-f" for b in basis) and interest is None:
            interest = typer.prompt("Legitimate interest pursued")
        if any(b == "art6-1-a" for b in basis) and consent is None:
            consent = typer.prompt("How is consent obtained")
            withdrawal = withdrawal or typer.prompt("How is consent withdrawn")
        if any(legal_bases()[b].needs and "statute" in legal_bases()[b].needs for b in basis if b in legal_bases()) \
                and statute is None:
            statute = typer.prompt("Statute imposing the obligation")
        subject = subject or _choose_many("Data subjects", {i: name_of(reg, i, "data_subjects") for i in reg.data_subjects})
        category = category or _choose_many("Data categories",
                                            {i: name_of(reg, i, "data_categories") for i in reg.data_categories})
        if recipient is None and not no_recipients:
            recipient = _choose_many("Recipients (empty: none)", {i: r.name for i, r in reg.recipients.items()},
                                     required=False)
        given = dict(t.split("=", 1) for t in transfer or () if "=" in t)
        for rid in recipient or ():
            if needs_transfer(reg, rid) and rid not in given:
                default = default_mechanism(reg, rid, _today(reg)) or "scc"
                country = reg.recipients[rid].country
                given[rid] = _choose_one(f"Transfer mechanism for {rid} ({country})",
                                         {c: t.en for c, t in mechanisms().items()}, default=default)
        transfer = [f"{k}={v}" for k, v in given.items()]
        if retention is None:
            retention = typer.prompt("Retention period (ISO 8601, e.g. P2Y; empty: not stated)", default="",
                                     show_default=False) or None
        if measure is None and reg.measures:
            measure = _choose_many("Security measures (empty: none)",
                                   {i: name_of(reg, i, "measures") for i in reg.measures}, required=False)
        if dpia is None:
            dpia = _choose_one("DPIA status", {s: s for s in ("not-required", "required", "in-progress", "done",
                                                              "unknown")}, default="unknown")
        del basis_label
    missing = [opt for opt, value in (("--id", ident), ("--name", name), ("--organisation", organisation),
                                      ("--purpose", purpose), ("--basis", basis), ("--subject", subject),
                                      ("--category", category)) if not value]
    if recipient is None and not no_recipients:
        missing.append("--recipient (or --no-recipients)")
    if missing:
        fail(f"missing {', '.join(missing)} (or run with --interactive)")
    transfers: dict[str, str] = {}
    modules: dict[str, int] = {}
    for item in transfer or ():
        rid, sep, mech = item.partition("=")
        if not sep:
            fail(f"--transfer '{item}': write RECIPIENT=MECHANISM")
        mech, _, module = mech.partition(":")
        transfers[rid] = mech
        if module:
            if module not in ("1", "2", "3", "4"):
                fail(f"--transfer '{item}': the SCC module is 1, 2, 3 or 4")
            modules[rid] = int(module)
    for rid in recipient or ():
        if rid not in transfers and needs_transfer(reg, rid):
            default = default_mechanism(reg, rid, _today(reg))
            if default:
                transfers[rid] = default
    spec = NewActivity(id=ident, name=name, organisation=organisation, purposes=list(purpose),
                       legal_bases=list(basis), data_subjects=list(subject), data_categories=list(category),
                       recipients=list(recipient or ()), transfers=transfers, scc_modules=modules,
                       interest=interest, lia=lia, consent=consent, withdrawal=withdrawal, statute=statute,
                       retention=retention, retention_trigger=trigger, measures=list(measure or ()),
                       owner=owner, description=description, status=status, dpia=dpia, cookies=cookies)
    try:
        created = create(registry, spec)
    except NewActivityError as exc:
        for line in exc.problems:
            typer.echo(f"error: {line}", err=True)
        finish(ExitCode.USAGE)
        return
    typer.echo(f"created {created.path}")
    for finding in created.findings:
        typer.echo(f"  {finding.severity.value}: {finding.code} {finding.message}")
    finish(ExitCode.OK)


def _today(reg: Any):
    import datetime as _dt

    return _dt.date.today()


def _ask_list(label: str, sep: str = ",") -> list[str]:
    while True:
        values = [v.strip() for v in typer.prompt(label).split(sep) if v.strip()]
        if values:
            return values


def _show_choices(choices: dict[str, str]) -> None:
    for key, label in choices.items():
        typer.echo(f"  {key}" + (f"  {label}" if label and label != key else ""))


def _choose_one(label: str, choices: dict[str, str], default: str | None = None) -> str:
    if not choices:
        fail(f"{label}: the registry has none to choose from")
    _show_choices(choices)
    while True:
        value = typer.prompt(label, default=default).strip()
        if value in choices:
            return value
        typer.echo(f"  '{value}' is not one of the choices above")


def _choose_many(label: str, choices: dict[str, str], *, required: bool = True) -> list[str]:
    if not choices and required:
        fail(f"{label}: the registry has none to choose from")
    if not choices:
        return []
    _show_choices(choices)
    while True:
        raw = typer.prompt(f"{label} (ids separated by ',')", default="" if not required else None,
                           show_default=False)
        values = [v.strip() for v in raw.split(",") if v.strip()]
        unknown = [v for v in values if v not in choices]
        if unknown:
            typer.echo(f"  not among the choices: {', '.join(unknown)}")
            continue
        if values or not required:
            return values
