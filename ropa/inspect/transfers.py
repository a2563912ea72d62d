"""`ropa transfers` and `ropa recipients`: the transfer matrix and the recipient catalogue."""

from __future__ import annotations

import datetime as _dt
from dataclasses import asdict, dataclass
from typing import Any

from ropa import vocab
from ropa.load import Registry
from ropa.inspect.common import mechanism_label, text
from ropa.model import Recipient, Transfer

# status of a transfer row, worst first
INVALID = "invalid"  # no mechanism, or one that does not hold (adequacy not in force, no DPF listing)
INCOMPLETE = "incomplete"  # a safeguard without what it needs (SCC module, TIA, documented safeguards)
UNRECORDED = "unrecorded"  # a recipient outside the EEA without a recorded transfer
OK = "ok"
STATUS_RANK = {INVALID: 0, UNRECORDED: 1, INCOMPLETE: 2, OK: 3}


@dataclass(frozen=True)
class TransferRow:
    recipient: str
    recipient_name: str
    country: str
    country_name: str
    mechanism: str
    mechanism_label: str
    adequacy: str  # the Art. 45 decision in force for the country, or ""
    scc_module: int | None
    tia: str  # date and reference of the TIA, or ""
    activities: tuple[str, ...]
    status: str
    problem: str

    HEADERS = ("Recipient", "Country", "Mechanism", "Adequacy", "TIA", "Activities", "Status")

    def cells(self) -> tuple[Any, ...]:
        mechanism = self.mechanism + (f" (module {self.scc_module})" if self.scc_module else "")
        status = self.status + (f": {self.problem}" if self.problem else "")
        return (self.recipient, f"{self.country} {self.country_name}", mechanism, self.adequacy or "-",
                self.tia or "-", self.activities, status)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["activities"] = list(self.activities)
        return data


def assess(transfer: Transfer, recipient: Recipient | None, on: _dt.date) -> tuple[str, str]:
    """Whether a transfer's mechanism holds: ``(status, problem)``."""
    term = vocab.mechanisms().get(transfer.mechanism)
    kind = term.kind if term else "none"
    if kind == "none":
        return INVALID, "no transfer mechanism stated" if transfer.mechanism == "none" else "mechanism not known"
    if kind == "adequacy":
        decision = vocab.adequacy_for(transfer.country, on)
        if transfer.mechanism == "dpf" and transfer.country != "US":
            return INVALID, "the EU-US DPF covers transfers to the US only"
        if decision is None:
            return INVALID, f"no adequacy decision in force for {transfer.country}"
        if decision.requires:
            certs = [c for c in (recipient.certifications if recipient else ())
                     if c.scheme == decision.requires]
            if not any(c.status == "active" for c in certs):
                return INVALID, f"no active {decision.requires} certification recorded for the recipient"
        return OK, ""
    missing = [need for need in term.needs if need in ("scc_module", "tia", "safeguards")  # type: ignore[union-attr]
               and not getattr(transfer, need)]
    if missing:
        return INCOMPLETE, "missing " + ", ".join(m.replace("_", " ").upper() if m == "tia" else m.replace("_", " ")
                                                  for m in missing)
    return OK, ""


def transfer_matrix(registry: Registry, *, today: _dt.date | None = None, lang: str = "en",
                    include_unrecorded: bool = True) -> list[TransferRow]:
    """Every (recipient, country, mechanism) transfer with the activities using it, worst first."""
    on = today or (registry.meta.date if registry.meta and registry.meta.date else _dt.date.today())
    groups: dict[tuple[str, str, str], tuple[Transfer, list[str]]] = {}
    for activity in registry.activities.values():
        for transfer in activity.transfers or ():
            if vocab.in_eea(transfer.country):
                continue
            key = (transfer.recipient, transfer.country, transfer.mechanism)
            first, users = groups.setdefault(key, (transfer, []))
            if activity.id not in users:
                users.append(activity.id)
            if first.tia is None and transfer.tia is not None:  # show the best-documented one
                groups[key] = (transfer, users)
    rows = []
    for (rid, country, mechanism), (transfer, users) in groups.items():
        recipient = registry.recipients.get(rid)
        status, problem = assess(transfer, recipient, on)
        decision = vocab.adequacy_for(country, on)
        tia = ""
        if transfer.tia is not None:
            tia = " ".join(x for x in (transfer.tia.date.isoformat() if transfer.tia.date else "",
                                       transfer.tia.reference or "") if x) or "yes"
        rows.append(TransferRow(
            recipient=rid, recipient_name=recipient.name if recipient else rid, country=country,
            country_name=vocab.country_name(country, lang), mechanism=mechanism,
            mechanism_label=mechanism_label(mechanism, lang),
            adequacy=decision.decision if decision else "", scc_module=transfer.scc_module, tia=tia,
            activities=tuple(users), status=status, problem=problem))
    if include_unrecorded:
        recorded = {(rid, c) for rid, c, _ in groups}
        for activity in registry.activities.values():
            for use in activity.recipients or ():
                recipient = registry.recipients.get(use.recipient)
                if recipient is None or recipient.country is None or vocab.in_eea(recipient.country):
                    continue
                if any(t.recipient == recipient.id for t in activity.transfers or ()):
                    continue
                key = (recipient.id, recipient.country)
                existing = next((r for r in rows if r.status == UNRECORDED and (r.recipient, r.country) == key), None)
                if existing is not None:
                    rows[rows.index(existing)] = _with_activity(existing, activity.id)
                    continue
                decision = vocab.adequacy_for(recipient.country, on)
                rows.append(TransferRow(
                    recipient=recipient.id, recipient_name=recipient.name, country=recipient.country,
                    country_name=vocab.country_name(recipient.country, lang), mechanism="",
                    mechanism_label="", adequacy=decision.decision if decision else "", scc_module=None,
                    tia="", activities=(activity.id,), status=UNRECORDED,
                    problem="recipient outside the EEA, no transfer recorded"
                            + (" for this recipient" if key in recorded else "")))
    rows.sort(key=lambda r: (STATUS_RANK[r.status], r.recipient, r.country, r.mechanism))
    return rows


def _with_activity(row: TransferRow, activity: str) -> TransferRow:
    from dataclasses import replace

    return replace(row, activities=(*row.activities, activity))


# --- recipients ----------------------------------------------------------------------------

REQUIRED_CONTRACT = {"processor": "dpa", "sub-processor": "dpa", "joint-controller": "joint-control-arrangement"}


@dataclass(frozen=True)
class RecipientRow:
    id: str
    name: str
    role: str
    country: str
    contract: str  # type, reference and date as recorded, or ""
    contract_status: str  # ok, missing, unknown, n/a
    activities: tuple[str, ...]
    data_categories: tuple[str, ...]
    ceased: str

    HEADERS = ("ID", "Name", "Role", "Country", "Contract", "Activities", "Data categories")

    def cells(self) -> tuple[Any, ...]:
        contract = self.contract or "-"
        if self.contract_status not in ("ok", "n/a"):
            contract = f"{contract} ({self.contract_status})"
        name = self.name + (f" (ceased {self.ceased})" if self.ceased else "")
        return (self.id, name, self.role, self.country, contract, self.activities, self.data_categories)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["activities"] = list(self.activities)
        data["data_categories"] = list(self.data_categories)
        return data


def contract_status(recipient: Recipient) -> str:
    needed = REQUIRED_CONTRACT.get(recipient.role)
    contract = recipient.contract
    if needed is None:
        return "n/a"
    if contract is None or contract.type == "none":
        return "missing"
    if contract.type == "unknown":
        return "unknown"
    # SCC modules 2 and 3 include the Art. 28(3) clauses, so they count as a processing agreement
    return "ok" if contract.type == needed or (needed == "dpa" and contract.type == "scc") else "missing"


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
            contract=contract, contract_status=contract_status(recipient),
            activities=tuple(a.id for a in users), data_categories=tuple(categories),
            ceased=recipient.ceased.isoformat() if recipient.ceased else ""))
    return rows


def category_name(registry: Registry, ident: str, lang: str) -> str:
    node = registry.data_categories.get(ident)
    return text(node.name, lang) if node else ident
