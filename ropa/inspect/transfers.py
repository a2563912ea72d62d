"""`ropa transfers` and `ropa recipients`: the transfer matrix and the recipient catalogue."""

from __future__ import annotations

import datetime as _dt
from typing import Any

from ropa import exposure as exposure_of
from ropa import transfer as transfer_assessment
from ropa import vocab
from ropa.i18n import N_, _, cite, gettext
from ropa.load import Registry
from ropa.inspect.common import mechanism_label
from ropa.model import Recipient, Transfer, Value

# status of a transfer row, worst first; the assessment itself is ropa.transfer.assess
INVALID = transfer_assessment.INVALID  # no mechanism, or one that does not hold
INCOMPLETE = transfer_assessment.INCOMPLETE  # a mechanism without all it needs (SCC module, TIA, ...)
UNRECORDED = "unrecorded"  # a recipient outside the EEA without a recorded transfer
# an activity that discloses data to a recipient that ceased to exist: validate's one RP603
# finding (``ropa.exposure.ceased_recipients``), not a live transfer to judge
CEASED = "ceased"
OK = transfer_assessment.OK
STATUS_RANK = {INVALID: 0, UNRECORDED: 1, CEASED: 2, INCOMPLETE: 3, OK: 4}
STATUS_WORDS = {INVALID: N_("invalid"), UNRECORDED: N_("unrecorded"), CEASED: N_("ceased"),
                INCOMPLETE: N_("incomplete"), OK: N_("ok")}
CONTRACT_WORDS = {"missing": N_("missing"), "unknown": N_("unknown")}


class TransferRow(Value):
    """One row of `ropa transfers`: a transfer to a recipient and whether its mechanism holds."""

    __slots__ = ("recipient", "recipient_name", "country", "country_name", "mechanism", "mechanism_label", "adequacy",
                 "scc_module", "tia", "activities", "status", "problem", "scope", "severity")

    recipient: str
    recipient_name: str
    country: str  # the destination: a country code, or an international organisation's code
    country_name: str
    mechanism: str
    mechanism_label: str
    adequacy: str  # the Art. 45 decision in force for the destination, or ""
    scc_module: int | None
    tia: str  # date and reference of the TIA, or ""
    activities: tuple[str, ...]
    status: str
    problem: str
    scope: str  # the adequacy decision's limited scope (Canada, Japan, US), or ""
    severity: str  # the worst finding `ropa validate` reports for it: error, warning, or ""

    def __init__(self, recipient: str, recipient_name: str, country: str, country_name: str, mechanism: str,
                 mechanism_label: str, adequacy: str, scc_module: int | None, tia: str, activities: tuple[str, ...],
                 status: str, problem: str, scope: str = "", severity: str = "") -> None:
        object.__setattr__(self, "recipient", recipient)
        object.__setattr__(self, "recipient_name", recipient_name)
        object.__setattr__(self, "country", country)
        object.__setattr__(self, "country_name", country_name)
        object.__setattr__(self, "mechanism", mechanism)
        object.__setattr__(self, "mechanism_label", mechanism_label)
        object.__setattr__(self, "adequacy", adequacy)
        object.__setattr__(self, "scc_module", scc_module)
        object.__setattr__(self, "tia", tia)
        object.__setattr__(self, "activities", activities)
        object.__setattr__(self, "status", status)
        object.__setattr__(self, "problem", problem)
        object.__setattr__(self, "scope", scope)
        object.__setattr__(self, "severity", severity)

    HEADERS = ("Recipient", "Country", "Mechanism", "Adequacy", "TIA", "Activities", "Status")

    def cells(self, lang: str = "en") -> tuple[Any, ...]:
        from ropa import labels

        mechanism = labels.word("none", lang) if self.mechanism == "none" else self.mechanism
        mechanism += _(" (module {n})", lang, n=self.scc_module) if self.scc_module else ""
        status = gettext(STATUS_WORDS.get(self.status, self.status), lang) + (f": {self.problem}" if self.problem else "")
        adequacy = cite(self.adequacy, lang) + (f" ({self.scope})" if self.scope_to_confirm else "")
        return (self.recipient, f"{self.country} {self.country_name}", mechanism, adequacy or "-",
                labels.fmt_dates(self.tia, lang) or "-", self.activities, status)

    @property
    def scope_to_confirm(self) -> bool:
        """An adequacy transfer to a destination whose decision covers only part of it and no
        listing checks which (Canada, Japan): the table shows the scope for the user to confirm."""
        decision = vocab.adequacy().get(self.country)
        return bool(self.mechanism == "adequacy" and self.scope and decision and not decision.requires)

    def as_dict(self) -> dict[str, Any]:
        data = {name: getattr(self, name) for name in self.__slots__}
        data["activities"] = list(self.activities)
        return data


def assess(transfer: Transfer, recipient: Recipient | None, on: _dt.date) -> tuple[str, str]:
    """Whether a transfer's mechanism holds: ``(status, problem)`` (``ropa.transfer.assess``)."""
    found = transfer_assessment.assess(transfer, recipient, on)
    return found.status, found.summary()


def transfer_matrix(registry: Registry, *, today: _dt.date | None = None, lang: str = "en",
                    include_unrecorded: bool = True) -> list[TransferRow]:
    """Every (recipient, destination, mechanism) transfer with the activities using it, worst first.

    Each transfer is judged by ``ropa.transfer.assess_in`` as of ``today``, else the registry's
    as-of date, else today's date; a row shared by several activities shows the worst status
    and every problem found. The transfers of an activity that discloses data to a recipient
    that had ceased to exist are not judged as live transfers: their row says ``ceased``, as
    ``ropa validate`` reports that activity once (RP603, an error) and nothing else of it.
    """
    on = today or (registry.meta.date if registry.meta and registry.meta.date else _dt.date.today())
    groups: dict[tuple[str, str, str, bool], tuple[Transfer, list[str], list]] = {}
    for activity in registry.activities.values():
        if activity.status == "retired":
            continue
        ceased = exposure_of.ceased_recipients(activity, registry, on)
        for transfer in activity.transfers or ():
            if not transfer_assessment.is_chapter_v(transfer):
                continue
            found: Any = transfer_assessment.assess_in(activity, transfer, registry, on)
            if ceased:
                found = _Ceased(found.destination, ceased, registry, on)
            key = (transfer.recipient, found.destination, transfer.mechanism, bool(ceased))
            first, users, results = groups.setdefault(key, (transfer, [], []))
            if activity.id not in users:
                users.append(activity.id)
            results.append(found)
            if first.tia is None and transfer.tia is not None:  # show the best-documented one
                groups[key] = (transfer, users, results)
    rows = []
    for (rid, destination, mechanism, _ceased), (transfer, users, results) in groups.items():
        recipient = registry.recipients.get(rid)
        status = min((r.status for r in results), key=STATUS_RANK.__getitem__)
        severity = "error" if any(r.severity == "error" for r in results) else \
            "warning" if any(r.severity for r in results) else ""
        problems: list[str] = []
        for result in results:
            for problem in result.problems:
                if problem.message(lang) not in problems:
                    problems.append(problem.message(lang))
        decision = vocab.adequacy_for(destination, on)
        tia = ""
        if transfer.tia is not None:
            tia = " ".join(x for x in (transfer.tia.date.isoformat() if transfer.tia.date else "",
                                       transfer.tia.reference or "") if x) or "yes"
        rows.append(TransferRow(
            recipient=rid, recipient_name=recipient.name if recipient else rid, country=destination,
            country_name=vocab.destination_name(destination, lang), mechanism=mechanism,
            mechanism_label=mechanism_label(mechanism, lang),
            adequacy=decision.decision if decision else "", scc_module=transfer.scc_module, tia=tia,
            activities=tuple(users), status=status, problem="; ".join(problems),
            scope=(decision.scope or "") if decision else "", severity=severity))
    if include_unrecorded:
        rows.extend(_unrecorded_rows(registry, on, lang, {(rid, c) for rid, c, _m, _c in groups}))
    rows.sort(key=lambda r: (STATUS_RANK[r.status], r.recipient, r.country, r.mechanism))
    return rows


class _Ceased:
    """In place of an assessment: the transfer of an activity whose recipient ceased to exist (RP603)."""

    kind = CEASED
    status = CEASED
    severity = "error"  # RP603

    def __init__(self, destination: str, recipients: tuple[str, ...], registry: Registry, on: _dt.date) -> None:
        self.destination = destination
        self.problems = tuple(_CeasedProblem(registry.recipients[r]) for r in recipients)


class _CeasedProblem:
    def __init__(self, recipient: Recipient) -> None:
        self.recipient = recipient

    def message(self, lang: str) -> str:
        return _("'{recipient}' ceased to exist on {date}: retire the activity and correct the notice", lang,
                 recipient=self.recipient.id, date=self.recipient.ceased)


def _unrecorded_rows(registry: Registry, on: _dt.date, lang: str, recorded: set[tuple[str, str]]) -> list[TransferRow]:
    """One row per (recipient, country outside the EEA) that an activity discloses data to without
    recording any transfer to the recipient: the exposures RP301 reports
    (``ropa.exposure.exposures``: establishment and storage countries alike)."""
    rows: dict[tuple[str, str, bool], TransferRow] = {}
    for activity in registry.activities.values():
        if activity.status == "retired":
            continue
        ceased = exposure_of.ceased_recipients(activity, registry, on)
        for exposure in exposure_of.exposures(activity, registry):
            if not exposure.unrecorded:
                continue
            recipient = registry.recipients[exposure.recipient]
            for country in exposure.countries:
                pair = (recipient.id, country)
                key = (*pair, bool(ceased))  # a ceased activity's row apart from the live ones'
                if key in rows:
                    rows[key] = rows[key]._replace(activities=(*rows[key].activities, activity.id))
                    continue
                row = _unrecorded(recipient, country, (activity.id,), pair in recorded, on, lang)
                if exposure.via:  # RP309: a sub-processor below the activity's own recipients
                    row = row._replace(problem=_("sub-processor of '{processor}' outside the EEA, no transfer "
                                                 "recorded", lang, processor=exposure.via[-1]))
                if ceased:  # validate: RP603 for this activity, its RP301 a related place of it
                    row = row._replace(status=CEASED, problem="; ".join(
                        _CeasedProblem(registry.recipients[r]).message(lang) for r in ceased))
                rows[key] = row
    return list(rows.values())


def _unrecorded(recipient: Recipient, country: str, activities: tuple[str, ...], named: bool, on: _dt.date,
                lang: str) -> TransferRow:
    decision = vocab.adequacy_for(country, on)
    return TransferRow(
        recipient=recipient.id, recipient_name=recipient.name, country=country,
        country_name=vocab.country_name(country, lang), mechanism="",
        mechanism_label="", adequacy=decision.decision if decision else "", scc_module=None,
        tia="", activities=activities, status=UNRECORDED,
        problem=_("recipient outside the EEA, no transfer recorded for this recipient", lang)
        if named else _("recipient outside the EEA, no transfer recorded", lang),
        scope=(decision.scope or "") if decision else "", severity="error")  # RP301 (RP603 when ceased: an error too)


# --- recipients ----------------------------------------------------------------------------

class RecipientRow(Value):
    """One row of `ropa recipients`: a recipient, its contract and what it receives."""

    __slots__ = ("id", "name", "role", "country", "contract", "contract_status", "activities", "data_categories",
                 "ceased")

    id: str
    name: str
    role: str
    country: str
    contract: str  # type, reference and date as recorded, or ""
    contract_status: str  # ok, missing, unknown, n/a
    activities: tuple[str, ...]
    data_categories: tuple[str, ...]
    ceased: str

    def __init__(self, id: str, name: str, role: str, country: str, contract: str, contract_status: str,
                 activities: tuple[str, ...], data_categories: tuple[str, ...], ceased: str) -> None:
        object.__setattr__(self, "id", id)
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "role", role)
        object.__setattr__(self, "country", country)
        object.__setattr__(self, "contract", contract)
        object.__setattr__(self, "contract_status", contract_status)
        object.__setattr__(self, "activities", activities)
        object.__setattr__(self, "data_categories", data_categories)
        object.__setattr__(self, "ceased", ceased)


    HEADERS = ("ID", "Name", "Role", "Country", "Contract", "Activities", "Data categories")

    def cells(self, lang: str = "en") -> tuple[Any, ...]:
        from ropa import labels

        contract = labels.fmt_dates(self.contract, lang) or "-"
        kind, _sep, rest = contract.partition(" ")
        if kind in ("unknown", "none"):  # the words among the contract type codes
            contract = " ".join(x for x in (labels.label(labels.CONTRACTS, kind, lang), rest) if x)
        if self.contract_status not in ("ok", "n/a"):
            contract = f"{contract} ({gettext(CONTRACT_WORDS.get(self.contract_status, self.contract_status), lang)})"
        name = self.name + (_(" (ceased {date})", lang, date=labels.fmt_date(self.ceased, lang)) if self.ceased else "")
        country = labels.word("unknown", lang) if self.country == "unknown" else self.country
        return (self.id, name, labels.label(labels.ROLES, self.role, lang), country, contract, self.activities,
                self.data_categories)

    def as_dict(self) -> dict[str, Any]:
        data = {name: getattr(self, name) for name in self.__slots__}
        data["activities"] = list(self.activities)
        data["data_categories"] = list(self.data_categories)
        return data


def contract_status(recipient: Recipient, registry: Registry) -> str:
    """``ok``, ``missing``, ``unknown`` or ``n/a``: ``ropa.transfer.contract_problem`` (RP401)."""
    return transfer_assessment.contract_problem(recipient, registry)[0]


def recipient_rows(registry: Registry, lang: str = "en") -> list[RecipientRow]:
    rows = []
    for recipient in registry.recipients.values():
        users = registry.activities_using(recipient.id)
        categories: list[str] = []
        for activity in users:
            for use in activity.recipients or ():
                if use.recipient == recipient.id:
                    for cat in use.data_categories or activity.data_categories:
                        if cat not in categories:
                            categories.append(cat)
        contract = ""
        if recipient.contract is not None:
            c = recipient.contract
            contract = " ".join(x for x in (c.type, c.reference or "", c.date.isoformat() if c.date else "") if x)
        rows.append(RecipientRow(
            id=recipient.id, name=recipient.name, role=recipient.role, country=recipient.country or "unknown",
            contract=contract, contract_status=contract_status(recipient, registry),
            activities=tuple(a.id for a in users), data_categories=tuple(categories),
            ceased=recipient.ceased.isoformat() if recipient.ceased else ""))
    return rows

