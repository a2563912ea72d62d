"""The one transfer assessment: which Chapter V mechanism a transfer rests on and what it lacks.

``assess(transfer, ...)`` decides, for one transfer on one date, which mechanism applies and
which of its conditions the record does not show. The transfer rules (RP302-RP308),
``ropa transfers`` (``ropa.inspect.transfers``) and ``ropa new`` ask this function, so a view
cannot disagree with ``ropa validate``. The legal facts (decisions with dates and scopes,
what each mechanism needs) come from the vocabularies (``ropa/vocab/countries.yaml``,
``mechanisms.yaml``); nothing here names a country or a decision.

What is checked, by mechanism kind (``kind`` of the mechanism in ``mechanisms.yaml``):

* destination inside the EEA and no international organisation: no Chapter V transfer;
* ``none``: no mechanism (Art. 44);
* ``adequacy`` (Art. 45): a decision for the destination in force on the date (from its date,
  until it lapses); a scheme-bound mechanism (``dpf``) only where the decision requires that
  scheme; where the decision requires a certification (US: the DPF list), an active listing of
  the recipient that covers the transferred data (HR / non-HR; Supplemental Principle 9) and
  was checked within the last year (listings are re-certified yearly; Annex I, Principles);
* ``safeguard`` (Art. 46): the SCC module (Decision (EU) 2021/914), the module that fits the
  parties' roles, and the transfer assessment for every Art. 46 tool (CJEU C-311/18
  *Schrems II*; EDPB Recommendations 01/2020; Clause 14 SCC);
* ``derogation`` (Art. 49): never for a processor relationship, which is regular by nature;
  ``occasional`` where the derogation needs it (recital 111; EDPB Guidelines 2/2018); for the
  second subparagraph the safeguards and its conditions (compelling legitimate interest,
  limited number of data subjects, authority and data subjects informed).

Each problem carries a ``kind`` that names the rule reporting it (``RULE_OF``), a severity and
a catalogue message (``text``; ``message(lang)`` renders it).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from ropa import vocab
from ropa.i18n import N_, Both, Joined, Message, localized, msg
from ropa.model import Certification, Recipient, Transfer, Value

if TYPE_CHECKING:
    from ropa.load import Registry
    from ropa.model import Activity
    from ropa.vocab import Term

_set = object.__setattr__

# status of an assessed transfer, worst first
INVALID = "invalid"  # no mechanism, or one that does not hold
INCOMPLETE = "incomplete"  # a mechanism whose documentation is incomplete
OK = "ok"
NOT_NEEDED = "not-needed"  # no Chapter V transfer (inside the EEA)

# problem kind -> the rule that reports it
RULE_OF = {
    "mechanism": "RP302",  # no mechanism
    "adequacy": "RP303",  # no decision in force, or a mechanism the decision does not use
    "derogation": "RP304",  # Art. 49(1) second subparagraph: safeguards and conditions
    "listing": "RP305",  # DPF listing: active, coverage, check date
    "module": "RP306",  # SCC module missing or not fitting the roles
    "assessment": "RP307",  # transfer impact assessment for Art. 46 tools
    "regular": "RP308",  # derogation used for a regular or processor transfer
    "scope": "RP303",  # adequacy with limited scope: whether the recipient is within it is not recorded
    "assessed-country": "RP310",  # a transfer assessment of another country than the destination
}
# kinds that make the transfer unlawful rather than incompletely documented: a mechanism the
# record does not state ("mechanism") is undocumented, not shown to be invalid (issue 24)
_INVALIDATING = frozenset({"adequacy", "regular"})

# SCC module by (exporter's role, importer's role): Decision (EU) 2021/914, Annex, Section I
SCC_MODULES = {("controller", "controller"): 1, ("controller", "processor"): 2,
               ("processor", "processor"): 3, ("processor", "controller"): 4}
MODULE_NAMES = {1: N_("controller to controller"), 2: N_("controller to processor"),
                3: N_("processor to processor"), 4: N_("processor to controller")}
# the roles a problem message names (the English is the role's key)
ROLE_WORDS = (N_("controller"), N_("processor"), N_("sub-processor"), N_("joint-controller"), N_("authority"))
# a recipient's role as the data importer
IMPORTER_ROLE = {"processor": "processor", "sub-processor": "processor", "controller": "controller",
                 "joint-controller": "controller", "authority": "controller"}
# DPF listings are re-certified every year (Decision (EU) 2023/1795, Annex I, III.7/III.11)
LISTING_VALID_DAYS = 365


class Problem(Value):
    """One condition of the transfer's mechanism that the record does not show."""

    __slots__ = ("kind", "severity", "field", "text")

    kind: str  # key of RULE_OF
    severity: str  # "error" or "warning"
    field: str  # the transfer's field the problem is about (for the finding's position)
    text: Message  # what is missing, a catalogue message (its str is the English)

    def __init__(self, kind: str, severity: str, field: str, text: Message) -> None:
        _set(self, "kind", kind)
        _set(self, "severity", severity)
        _set(self, "field", field)
        _set(self, "text", text)

    @property
    def rule(self) -> str:
        return RULE_OF[self.kind]

    def message(self, lang: str = "en") -> str:
        return localized(self.text, lang)


class Assessment(Value):
    """What ``assess`` found for one transfer on one date."""

    __slots__ = ("destination", "mechanism", "kind", "decision", "listing", "on", "problems")

    destination: str  # country code, or the international organisation's code
    mechanism: str
    kind: str  # the mechanism's kind: adequacy, safeguard, derogation, none, not-needed
    decision: vocab.Adequacy | None  # the adequacy decision in force for the destination on `on`
    listing: Certification | None  # the recipient's certification the decision requires
    on: _dt.date
    problems: tuple[Problem, ...]

    def __init__(self, destination: str, mechanism: str, kind: str, decision: vocab.Adequacy | None,
                 listing: Certification | None, on: _dt.date, problems: tuple[Problem, ...]) -> None:
        _set(self, "destination", destination)
        _set(self, "mechanism", mechanism)
        _set(self, "kind", kind)
        _set(self, "decision", decision)
        _set(self, "listing", listing)
        _set(self, "on", on)
        _set(self, "problems", problems)

    @property
    def status(self) -> str:
        if self.kind == "not-needed":
            return NOT_NEEDED
        # only an error invalidates: a derogation not yet confirmed as occasional is a warning of
        # RP308 in `ropa validate`, and so an incomplete record here, not an invalid transfer
        if any((p.kind in _INVALIDATING or p.kind == "listing") and p.severity == "error" for p in self.problems):
            return INVALID
        return INCOMPLETE if self.problems else OK

    @property
    def severity(self) -> str:
        """The worst severity among the problems, as ``ropa validate`` reports them: ``error``,
        ``warning``, or ``""`` when there are none. A mechanism that holds can still lack an
        error-level record (an SCC transfer without its module is incomplete, and an error)."""
        severities = {p.severity for p in self.problems}
        return "error" if "error" in severities else "warning" if severities else ""

    @property
    def scope(self) -> str:
        """The part of the destination the adequacy decision covers, where limited ("" if whole)."""
        return self.decision.scope or "" if self.decision is not None else ""

    def summary(self, lang: str = "en") -> str:
        """The problems in one line (empty when there are none)."""
        return "; ".join(p.message(lang) for p in self.problems)


def destination(transfer: Transfer) -> str:
    """Where a transfer goes for Chapter V: its international organisation, else its country."""
    return transfer.international_organisation or transfer.country


def is_chapter_v(transfer: Transfer) -> bool:
    """True if Chapter V applies: a destination outside the EEA, or an international organisation."""
    return bool(transfer.international_organisation) or not vocab.in_eea(transfer.country)


def assess(transfer: Transfer, recipient: Recipient | None, on: _dt.date, *,
           exporter: str = "controller", hr_data: bool | None = None) -> Assessment:
    """Which mechanism ``transfer`` rests on on date ``on`` and what the record lacks for it.

    ``exporter`` is the role of the organisation keeping the record (``controller`` or
    ``processor``: the activity's ``record``); ``hr_data`` whether the transferred data is
    HR data (data of employees or applicants; ``None`` if unknown), for DPF coverage.
    Use ``assess_in`` to derive both from an activity.
    """
    dest = destination(transfer)
    term = vocab.mechanisms().get(transfer.mechanism)
    if not is_chapter_v(transfer):
        return Assessment(dest, transfer.mechanism, "not-needed", None, None, on, ())
    kind = term.kind if term is not None else "none"
    problems: list[Problem] = []
    decision = vocab.adequacy_for(dest, on)
    listing = None
    if term is None or kind == "none":
        problems.append(_no_mechanism(transfer))
    elif kind == "adequacy":
        listing = _adequacy(transfer, term, dest, recipient, on, hr_data, problems)
        decision = decision if not any(p.kind == "adequacy" for p in problems) else None
    elif kind == "safeguard":
        _safeguard(transfer, term, recipient, exporter, problems)
    elif kind == "derogation":
        _derogation(transfer, term, recipient, problems)
    return Assessment(dest, transfer.mechanism, kind, decision, listing, on, tuple(problems))


def assess_in(activity: Activity, transfer: Transfer, registry: Registry, on: _dt.date) -> Assessment:
    """``assess`` for a transfer recorded in ``activity`` of ``registry``."""
    return assess(transfer, registry.recipients.get(transfer.recipient), on,
                  exporter=activity.record, hr_data=hr_data(activity, registry, transfer))


def hr_data(activity: Activity, registry: Registry, transfer: Transfer | None = None) -> bool | None:
    """Whether the activity's data is HR data (employees, applicants: DPF Supplemental Principle 9).

    True if a data subject category is one the vocabulary lists as employment-related
    (``hr_data_subjects`` in countries.yaml) or a basis is an employment basis; False if the
    data subjects are known and none is; None if the activity names no data subjects.
    """
    markers = vocab.hr_markers()
    if any(b.basis in markers["legal_bases"] for b in activity.legal_bases):
        return True
    subjects = [registry.data_subjects.get(s) for s in activity.data_subjects]
    if not subjects:
        return None
    return any(s is not None and s.dpv in markers["data_subjects"] for s in subjects)


# --- by mechanism kind ----------------------------------------------------------------------

def _no_mechanism(transfer: Transfer) -> Problem:
    if transfer.mechanism == "none":
        return Problem("mechanism", "error", "mechanism", msg("no transfer mechanism stated (Art. 44-49 GDPR)"))
    return Problem("mechanism", "error", "mechanism",
                   msg("transfer mechanism not known ('{mechanism}'): name an Art. 45, 46 or 49 basis",
                       mechanism=transfer.mechanism))


def _adequacy(transfer: Transfer, term: Term, dest: str, recipient: Recipient | None, on: _dt.date,
              hr: bool | None, problems: list[Problem]) -> Certification | None:
    # the destination's name comes from the country vocabulary (pycountry's German), not the catalogue
    name = Both(vocab.destination_name(dest, "de"), vocab.destination_name(dest, "en"))
    known = vocab.adequacy().get(dest)
    if known is None:
        problems.append(Problem("adequacy", "error", "mechanism",
                                msg("{name} has no adequacy decision (Art. 45 GDPR)", name=name)))
        return None
    if not known.in_force(on):
        if on < known.date:
            text = msg("the adequacy decision for {name} ({decision}) applies only from {date}, not on {on}",
                       name=name, decision=known.decision, date=known.date, on=on)
        else:
            text = msg("the adequacy decision for {name} ({decision}) lapsed on {until}; judged on {on}",
                       name=name, decision=known.decision, until=known.until, on=on)
        problems.append(Problem("adequacy", "error", "mechanism", text))
        return None
    if term.scheme and known.requires != term.scheme:
        problems.append(Problem("adequacy", "error", "mechanism",
                                msg("mechanism '{mechanism}' does not apply to {name}: its decision does not rest "
                                    "on {scheme}", mechanism=transfer.mechanism, name=name, scheme=term.scheme)))
        return None
    if not known.requires:
        if known.scope and recipient is not None:  # Canada (PIPEDA), Japan (APPI): part of the country only
            _scope(known, name, recipient, problems)
        return None
    return _listing(known.requires, recipient, on, hr, problems)


def _scope(known: vocab.Adequacy, name: Both, recipient: Recipient, problems: list[Problem]) -> None:
    """An adequacy decision covering only some recipients of the country: the record says whether this one is."""
    if recipient.adequacy_scope is False:
        problems.append(Problem("adequacy", "error", "mechanism",
                                msg("'{recipient}' is outside the adequacy decision for {name} ({decision}), which "
                                    "covers only some recipients there", recipient=recipient.id, name=name,
                                    decision=known.decision)))
    elif recipient.adequacy_scope is None:
        problems.append(Problem("scope", "warning", "mechanism",
                                msg("the adequacy decision for {name} ({decision}) covers only some recipients "
                                    "there: record whether '{recipient}' is within it (`adequacy_scope`)",
                                    recipient=recipient.id, name=name, decision=known.decision)))


def _listing(scheme: str, recipient: Recipient | None, on: _dt.date, hr: bool | None,
             problems: list[Problem]) -> Certification | None:
    """The recipient's certification under ``scheme`` and what is wrong with it."""
    listed = [c for c in (recipient.certifications if recipient is not None else ()) if c.scheme == scheme]
    active = [c for c in listed if c.status == "active"]
    if not active:
        if listed:
            text = msg("relies on adequacy, which needs an active {scheme} certification (status '{status}')",
                       scheme=scheme, status=listed[0].status)
        else:
            text = msg("relies on adequacy, which needs an active {scheme} certification (none recorded)",
                       scheme=scheme)
        problems.append(Problem("listing", "error", "mechanism", text))
        return listed[0] if listed else None
    # the most recently checked active listing
    listing = max(active, key=lambda c: c.checked or _dt.date.min)
    needed = {True: "hr", False: "non-hr"}.get(hr) if hr is not None else None
    if listing.covers is None:
        problems.append(Problem("listing", "warning", "mechanism",
                                msg("the {scheme} listing does not say whether it covers HR or non-HR data",
                                    scheme=scheme)))
    elif needed and listing.covers not in (needed, "both"):
        if needed == "hr":
            text = msg("the {scheme} listing covers only non-HR data, but the transfer includes HR data "
                       "(employees, applicants)", scheme=scheme)
        else:
            text = msg("the {scheme} listing covers only HR data, but the transfer includes non-HR data",
                       scheme=scheme)
        problems.append(Problem("listing", "error", "mechanism", text))
    if listing.checked is None:
        problems.append(Problem("listing", "warning", "mechanism",
                                msg("no date the {scheme} listing was last checked (listings are renewed yearly)",
                                    scheme=scheme)))
    elif (on - listing.checked).days > LISTING_VALID_DAYS:
        problems.append(Problem("listing", "warning", "mechanism",
                                msg("the {scheme} listing was last checked on {checked}, more than a year before "
                                    "{on}: listings are renewed yearly, check it again", scheme=scheme,
                                    checked=listing.checked, on=on)))
    return listing


def _safeguard(transfer: Transfer, term: Term, recipient: Recipient | None, exporter: str,
               problems: list[Problem]) -> None:
    if "scc_module" in term.needs:
        if transfer.scc_module is None:
            problems.append(Problem("module", "error", "mechanism",
                                    msg("does not record the SCC module (1-4, Decision (EU) 2021/914)")))
        else:
            importer = IMPORTER_ROLE.get(recipient.role) if recipient is not None else None
            expected = SCC_MODULES.get((exporter, importer)) if importer else None
            if recipient is not None and expected is not None and transfer.scc_module != expected:
                problems.append(Problem(
                    "module", "warning", "scc_module",
                    msg("SCC module {module} ({name}) does not fit the roles: the {exporter} record sends to a "
                        "{role}, which is module {expected} ({expected_name})", module=transfer.scc_module,
                        name=msg(MODULE_NAMES[transfer.scc_module]), exporter=msg(exporter),
                        role=msg(recipient.role), expected=expected,
                        expected_name=msg(MODULE_NAMES[expected]))))
    if "tia" in term.needs and transfer.tia is None:
        problems.append(Problem("assessment", "error", "mechanism",
                                msg("records no transfer impact assessment (TIA, `tia`) for {code}: every Art. 46 "
                                    "tool needs one (CJEU C-311/18 Schrems II)", code=term.code)))
    elif "tia" in term.needs and transfer.tia is not None and transfer.tia.country \
            and transfer.tia.country != transfer.country:
        reference = " " + transfer.tia.reference if transfer.tia.reference else ""
        problems.append(Problem("assessed-country", "error", "tia",
                                msg("the transfer impact assessment{reference} assesses the law of {assessed}, but "
                                    "the data goes to {country}: an assessment of another country is no assessment "
                                    "of this transfer (Clause 14 SCC; CJEU C-311/18)",
                                    reference=reference,
                                    assessed=transfer.tia.country, country=transfer.country)))


def _derogation(transfer: Transfer, term: Term, recipient: Recipient | None, problems: list[Problem]) -> None:
    if recipient is not None and recipient.role in ("processor", "sub-processor"):
        problems.append(Problem("regular", "error", "mechanism",
                                msg("'{recipient}' is a {role}: a processing relationship is a regular transfer, "
                                    "never a case for an Art. 49 derogation ({code}); use SCC module 2 or 3 or "
                                    "another Art. 46 safeguard", recipient=transfer.recipient,
                                    role=msg(recipient.role), code=term.code)))
    elif "occasional" in term.needs:
        if transfer.occasional is False:
            problems.append(Problem("regular", "error", "occasional",
                                    msg("a repetitive transfer cannot rest on {code}: the derogation serves "
                                        "occasional transfers only (EDPB Guidelines 2/2018)", code=term.code)))
        elif transfer.occasional is None and not _single_case(transfer):
            problems.append(Problem("regular", "warning", "mechanism",
                                    msg("{code} serves occasional transfers only: record `occasional: true` once it "
                                        "is confirmed the transfer is not repetitive", code=term.code)))
    if "safeguards" in term.needs and transfer.safeguards is None:
        problems.append(Problem("derogation", "error", "mechanism",
                                msg("does not document the safeguards (Art. 49(1) second subparagraph, "
                                    "Art. 30(1)(e))")))
    if "conditions" in term.needs:
        missing = [msg(condition) for condition in _missing_conditions(transfer)]
        if missing:
            problems.append(Problem("derogation", "error", "derogation" if transfer.derogation else "mechanism",
                                    msg("does not record {missing} (Art. 49(1) second subparagraph)",
                                        missing=Joined(missing))))


def _single_case(transfer: Transfer) -> bool:
    """Whether the transfer's notes describe it as a single case ("einmalig", "Einzelfall", "one-off"):
    occasional by its own description, whether or not ``occasional: true`` is written."""
    words = ("einmalig", "einzelfall", "single case", "one-off", "one off", "only once", "einmal ")
    notes = tuple(v for _, v in transfer.notes.values) if transfer.notes is not None else ()  # every language
    return any(w in text.casefold() for text in notes for w in words)


def _missing_conditions(transfer: Transfer) -> Iterable[str]:
    conditions = transfer.derogation
    if conditions is None or conditions.interest is None:
        yield N_("the compelling legitimate interest")
    if conditions is None or conditions.data_subjects is None:
        yield N_("the limited number of data subjects")
    if conditions is None or conditions.authority_informed is None:
        yield N_("when the supervisory authority was informed")
    if conditions is None or conditions.subjects_informed is None:
        yield N_("when the data subjects were informed")


# --- the processing contract -----------------------------------------------------------------

# contract types that are an Art. 28(3) contract / an Art. 26 arrangement by themselves
REQUIRED_CONTRACT = {"processor": "dpa", "sub-processor": "dpa", "joint-controller": "joint-control-arrangement"}
ART28_SCC_MODULES = frozenset({2, 3})  # Decision (EU) 2021/914, recital 9, Clause 8-9: Art. 28(3), (4)


def scc_modules(registry: Registry, recipient_id: str) -> frozenset[int]:
    """The SCC modules the registry's transfers to a recipient record."""
    return frozenset(t.scc_module for a in registry.activities.values() for t in a.transfers or ()
                     if t.recipient == recipient_id and t.mechanism == "scc" and t.scc_module is not None)


def contract_problem(recipient: Recipient, registry: Registry) -> tuple[str, Message | str]:
    """Whether a recipient has the contract its role needs: ``(status, message)``.

    ``status`` is ``ok``, ``missing``, ``unknown`` or ``n/a`` (the role needs none). SCCs count as
    an Art. 28(3) contract where the transfers to the recipient use module 2 or 3: those modules
    contain the clauses of Art. 28(3) and (4) (Decision (EU) 2021/914, adopted under Art. 28(7)
    as well as Art. 46(2)(c); recital 9).
    """
    needed = REQUIRED_CONTRACT.get(recipient.role)
    contract = recipient.contract
    if needed is None:
        return "n/a", ""
    if contract is None or contract.type == "none":
        return "missing", msg("no contract on record ({needed})", needed=msg(_CONTRACT_WORDS[needed]))
    if contract.type == "unknown":
        return "unknown", msg("contract type not known, not shown to be {needed}", needed=msg(_CONTRACT_WORDS[needed]))
    if contract.type == needed:
        return "ok", ""
    if needed == "dpa" and contract.type == "scc":
        modules = scc_modules(registry, recipient.id)
        if modules & ART28_SCC_MODULES:
            return "ok", ""
        if modules:
            listed = ", ".join(str(m) for m in sorted(modules))
            return "missing", msg("SCCs of module {listed} only: only modules 2 and 3 contain the Art. 28(3) "
                                  "clauses", listed=listed)
        return "unknown", msg("SCCs whose module is not recorded: modules 2 and 3 are an Art. 28(3) contract, "
                              "record the module of the transfers to it")
    return "missing", msg("a contract of type '{type}', not {needed}", type=contract.type,
                          needed=msg(_CONTRACT_WORDS[needed]))


_CONTRACT_WORDS = {"dpa": N_("an Art. 28(3) data processing agreement (dpa)"),
                   "joint-control-arrangement": N_("an Art. 26 arrangement (joint-control-arrangement)")}


# --- for `ropa new`: the mechanism a recipient evidently has ------------------------------------

def suggest_mechanism(registry: Registry, recipient_id: str, on: _dt.date, *, exporter: str = "controller",
                      hr_data: bool | None = None) -> str | None:
    """The mechanism a transfer to a recipient outside the EEA can rest on without more records.

    Tries the adequacy mechanisms of the vocabulary (scheme-bound ones such as ``dpf`` first,
    which name the certification the decision rests on, then ``adequacy``) on a transfer to the recipient's country of establishment and returns the first
    that ``assess`` finds without a problem that invalidates it: a decision in force on ``on``
    and, where the decision requires a certification, an active listing that covers the data.
    None when the recipient is unknown, inside the EEA, of unknown country, or nothing fits
    (the user must then choose an Art. 46 safeguard or an Art. 49 derogation).
    """
    recipient = registry.recipients.get(recipient_id)
    if recipient is None or recipient.country is None or vocab.in_eea(recipient.country):
        return None
    candidates = sorted((code for code, term in vocab.mechanisms().items() if term.kind == "adequacy"),
                        key=lambda code: (vocab.mechanisms()[code].scheme is None, code))
    for code in candidates:
        trial = Transfer(recipient=recipient_id, country=recipient.country, mechanism=code)
        found = assess(trial, recipient, on, exporter=exporter, hr_data=hr_data)
        if found.status != INVALID:
            return code
    return None
