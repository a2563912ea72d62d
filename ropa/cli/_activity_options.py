"""The options of ``ropa new`` (and the interview's answers, kept in the same form) as the
``NewActivity`` to write: transfers ``RECIPIENT=MECHANISM[:MODULE]``, ``RECIPIENT=TEXT`` pairs,
what a legal basis needs; a malformed or missing option is a usage error."""

from __future__ import annotations

import datetime as _dt
from typing import Any


def store_transfers(a: dict[str, Any], given: dict[str, Any], tias: dict[str, str], extra: dict[str, str]) -> None:
    """The transfer answers back into ``a`` in the options' form (``RECIPIENT=MECHANISM[:MODULE]``)."""
    a["transfer"] = [f"{r}={m}" + (f":{n}" if n else "") for r, (m, n) in given.items()]
    a["tia"] = [f"{r}={t}" for r, t in tias.items() if t]
    a["safeguards"] = [f"{r}={t}" for r, t in extra.items() if t]


def parse_transfers(items: list[str] | None) -> dict[str, tuple[str, int | None]]:
    """``RECIPIENT=MECHANISM[:MODULE]`` options as recipient -> (mechanism, SCC module)."""
    from ropa.cli._terminal import fail
    from ropa.cli._texts import say

    out: dict[str, tuple[str, int | None]] = {}
    for item in items or ():
        rid, sep, mech = item.partition("=")
        if not sep or not rid or not mech:
            fail(say("bad-transfer", item=item))
        mech, _sep, module = mech.partition(":")
        if module and module not in ("1", "2", "3", "4"):
            fail(say("bad-module", item=item))
        out[rid] = (mech, int(module) if module else None)
    return out


def parse_pairs(option: str, items: list[str] | None) -> dict[str, str]:
    from ropa.cli._terminal import fail
    from ropa.cli._texts import say

    out = {}
    for item in items or ():
        rid, sep, value = item.partition("=")
        if not sep or not rid:
            fail(say("bad-pair", option=option, item=item))
        out[rid] = value
    return out


def basis_needs(bases: list[str]) -> set[str]:
    """What the cited legal bases need recorded (``needs`` in legal-bases.yaml); unknown codes need nothing."""
    from ropa.vocab import legal_bases

    terms = legal_bases()
    return {need for b in bases if b in terms for need in terms[b].needs}


def spec_from(reg: Any, a: dict[str, Any]) -> Any:
    """The ``NewActivity`` the answers describe; what is missing is a usage error."""
    from ropa.edit.new import NewActivity
    from ropa.cli._terminal import fail
    from ropa.cli._texts import say

    orgs = list(reg.organisations)
    organisation = a["organisation"] or (orgs[0] if len(orgs) == 1 else None)
    missing = _missing(a, organisation)
    if missing or organisation is None:  # no organisation is among the missing
        fail(say("missing-options", options=", ".join(missing)))
    transfers = _transfers(reg, a)
    recipients, mechanisms = _stated(a, transfers)
    return NewActivity(
        id=a["ident"], name=a["name"], organisation=organisation, purposes=list(a["purpose"]),
        legal_bases=list(a["basis"]), data_subjects=list(a["subject"]), data_categories=list(a["category"]),
        recipients=recipients, transfers=mechanisms,
        scc_modules={r: n for r, (_, n) in transfers.items() if n}, tias=parse_pairs("--tia", a["tia"]),
        safeguards=parse_pairs("--safeguards", a["safeguards"]), interest=a["interest"], lia=a["lia"],
        consent=a["consent"], withdrawal=a["withdrawal"], statute=a["statute"], retention=a["retention"],
        retention_trigger=a["trigger"], measures=list(a["measure"] or ()), owner=a["owner"],
        description=a["description"], status=a["status"], dpia=a["dpia"], cookies=a["cookies"])


def _stated(a: dict[str, Any], transfers: dict[str, tuple[str, int | None]]) -> tuple[Any, Any]:
    """The recipients and the transfer mechanisms as stated: ``[]``/``{}`` where the answers say
    there are none, ``None`` where they do not say (written as "not stated")."""
    recipients = [] if a["no_recipients"] else a["recipient"]
    stated = bool(transfers) or a["no_recipients"] or a["no_transfers"]
    return (None if recipients is None else list(recipients),
            {r: m for r, (m, _) in transfers.items()} if stated else None)


def _missing(a: dict[str, Any], organisation: str | None) -> list[str]:
    """The options an activity needs that the answers leave out (recipients may stay "not stated")."""
    return [opt for opt, value in (("--id", a["ident"]), ("--name", a["name"]), ("--organisation", organisation),
                                   ("--purpose", a["purpose"]), ("--basis", a["basis"]),
                                   ("--subject", a["subject"]), ("--category", a["category"])) if not value]


def _transfers(reg: Any, a: dict[str, Any]) -> dict[str, tuple[str, int | None]]:
    """The mechanism (and SCC module) per recipient: as given, else the likely one where a transfer needs one."""
    from ropa.edit.new import default_mechanism, needs_transfer

    transfers = parse_transfers(a["transfer"])
    for rid in a["recipient"] or ():
        if rid not in transfers and needs_transfer(reg, rid):
            default = default_mechanism(reg, rid, _dt.date.today())
            if default:
                transfers[rid] = (default, None)
    return transfers
