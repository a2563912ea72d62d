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
a message in English and German (``message(lang)``).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from ropa import vocab
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
}
# kinds that make the transfer unlawful rather than incompletely documented
_INVALIDATING = frozenset({"mechanism", "adequacy", "regular"})

# SCC module by (exporter's role, importer's role): Decision (EU) 2021/914, Annex, Section I
SCC_MODULES = {("controller", "controller"): 1, ("controller", "processor"): 2,
               ("processor", "processor"): 3, ("processor", "controller"): 4}
MODULE_NAMES = {1: ("controller to controller", "Verantwortlicher an Verantwortlichen"),
                2: ("controller to processor", "Verantwortlicher an Auftragsverarbeiter"),
                3: ("processor to processor", "Auftragsverarbeiter an Auftragsverarbeiter"),
                4: ("processor to controller", "Auftragsverarbeiter an Verantwortlichen")}
# a recipient's role as the data importer
IMPORTER_ROLE = {"processor": "processor", "sub-processor": "processor", "controller": "controller",
                 "joint-controller": "controller", "authority": "controller"}
# DPF listings are re-certified every year (Decision (EU) 2023/1795, Annex I, III.7/III.11)
LISTING_VALID_DAYS = 365


class Problem(Value):
    """One condition of the transfer's mechanism that the record does not show."""

    __slots__ = ("kind", "severity", "field", "en", "de")

    kind: str  # key of RULE_OF
    severity: str  # "error" or "warning"
    field: str  # the transfer's field the problem is about (for the finding's position)
    en: str
    de: str

    def __init__(self, kind: str, severity: str, field: str, en: str, de: str) -> None:
        _set(self, "kind", kind)
        _set(self, "severity", severity)
        _set(self, "field", field)
        _set(self, "en", en)
        _set(self, "de", de)

    @property
    def rule(self) -> str:
        return RULE_OF[self.kind]

    def message(self, lang: str = "en") -> str:
        return self.de if lang == "de" else self.en


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
        if any(p.kind in _INVALIDATING or (p.kind == "listing" and p.severity == "error")
               for p in self.problems):
            return INVALID
        return INCOMPLETE if self.problems else OK

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
        return Problem("mechanism", "error", "mechanism", "no transfer mechanism stated (Art. 44-49 GDPR)",
                       "keine Übermittlungsgrundlage angegeben (Art. 44-49 DSGVO)")
    return Problem("mechanism", "error", "mechanism",
                   f"transfer mechanism not known ({transfer.mechanism}): name an Art. 45, 46 or 49 basis",
                   f"Übermittlungsgrundlage nicht bekannt ({transfer.mechanism}): Grundlage nach Art. 45, 46 "
                   "oder 49 DSGVO angeben")


def _adequacy(transfer: Transfer, term: Term, dest: str, recipient: Recipient | None, on: _dt.date,
              hr: bool | None, problems: list[Problem]) -> Certification | None:
    name_en, name_de = vocab.destination_name(dest, "en"), vocab.destination_name(dest, "de")
    known = vocab.adequacy().get(dest)
    if known is None:
        problems.append(Problem("adequacy", "error", "mechanism",
                                f"{name_en} has no adequacy decision (Art. 45 GDPR)",
                                f"für {name_de} gibt es keinen Angemessenheitsbeschluss (Art. 45 DSGVO)"))
        return None
    if not known.in_force(on):
        en = f"the adequacy decision for {name_en} ({known.decision})"
        de = f"der Angemessenheitsbeschluss für {name_de} ({known.decision})"
        if on < known.date:
            en += f" applies only from {known.date}, not on {on}"
            de += f" gilt erst ab {known.date}, nicht am {on}"
        else:
            en += f" lapsed on {known.until}; judged on {on}"
            de += f" ist am {known.until} ausgelaufen; Stichtag {on}"
        problems.append(Problem("adequacy", "error", "mechanism", en, de))
        return None
    if term.scheme and known.requires != term.scheme:
        problems.append(Problem("adequacy", "error", "mechanism",
                                f"mechanism '{transfer.mechanism}' does not apply to {name_en}: its decision "
                                f"does not rest on {term.scheme}",
                                f"Grundlage '{transfer.mechanism}' gilt nicht für {name_de}: der Beschluss "
                                f"beruht nicht auf {term.scheme}"))
        return None
    if not known.requires:
        return None
    return _listing(known.requires, recipient, on, hr, problems)


def _listing(scheme: str, recipient: Recipient | None, on: _dt.date, hr: bool | None,
             problems: list[Problem]) -> Certification | None:
    """The recipient's certification under ``scheme`` and what is wrong with it."""
    listed = [c for c in (recipient.certifications if recipient is not None else ()) if c.scheme == scheme]
    active = [c for c in listed if c.status == "active"]
    if not active:
        state_en = f"status {listed[0].status}" if listed else "none recorded"
        state_de = f"Status {listed[0].status}" if listed else "keine erfasst"
        problems.append(Problem("listing", "error", "mechanism",
                                f"relies on adequacy, which needs an active {scheme} certification ({state_en})",
                                f"stützt sich auf den Angemessenheitsbeschluss, der eine aktive {scheme}-"
                                f"Zertifizierung verlangt ({state_de})"))
        return listed[0] if listed else None
    # the most recently checked active listing
    listing = max(active, key=lambda c: c.checked or _dt.date.min)
    needed = {True: "hr", False: "non-hr"}.get(hr) if hr is not None else None
    if listing.covers is None:
        problems.append(Problem("listing", "warning", "mechanism",
                                f"the {scheme} listing does not say whether it covers HR or non-HR data",
                                f"die {scheme}-Listung sagt nicht, ob sie HR- oder Nicht-HR-Daten abdeckt"))
    elif needed and listing.covers not in (needed, "both"):
        what_en = "HR data (employees, applicants)" if needed == "hr" else "non-HR data"
        what_de = "HR-Daten (Beschäftigte, Bewerber)" if needed == "hr" else "Nicht-HR-Daten"
        problems.append(Problem("listing", "error", "mechanism",
                                f"the {scheme} listing covers only {listing.covers} data, but the transfer "
                                f"includes {what_en}",
                                f"die {scheme}-Listung deckt nur {listing.covers}-Daten ab, übermittelt werden "
                                f"aber {what_de}"))
    if listing.checked is None:
        problems.append(Problem("listing", "warning", "mechanism",
                                f"no date the {scheme} listing was last checked (listings are renewed yearly)",
                                f"kein Datum der letzten Prüfung der {scheme}-Listung (Listungen werden jährlich "
                                "erneuert)"))
    elif (on - listing.checked).days > LISTING_VALID_DAYS:
        problems.append(Problem("listing", "warning", "mechanism",
                                f"the {scheme} listing was last checked on {listing.checked}, more than a year "
                                f"before {on}: listings are renewed yearly, check it again",
                                f"die {scheme}-Listung wurde zuletzt am {listing.checked} geprüft, mehr als ein "
                                f"Jahr vor dem {on}: Listungen werden jährlich erneuert, erneut prüfen"))
    return listing


def _safeguard(transfer: Transfer, term: Term, recipient: Recipient | None, exporter: str,
               problems: list[Problem]) -> None:
    if "scc_module" in term.needs:
        if transfer.scc_module is None:
            problems.append(Problem("module", "error", "mechanism",
                                    "does not record the SCC module (1-4, Decision (EU) 2021/914)",
                                    "das SCC-Modul (1-4, Beschluss (EU) 2021/914) ist nicht angegeben"))
        else:
            importer = IMPORTER_ROLE.get(recipient.role) if recipient is not None else None
            expected = SCC_MODULES.get((exporter, importer)) if importer else None
            if recipient is not None and expected is not None and transfer.scc_module != expected:
                got_en, got_de = MODULE_NAMES[transfer.scc_module]
                exp_en, exp_de = MODULE_NAMES[expected]
                problems.append(Problem(
                    "module", "warning", "scc_module",
                    f"SCC module {transfer.scc_module} ({got_en}) does not fit the roles: the {exporter} record "
                    f"sends to a {recipient.role}, which is module {expected} ({exp_en})",
                    f"SCC-Modul {transfer.scc_module} ({got_de}) passt nicht zu den Rollen: Modul {expected} "
                    f"({exp_de}) wäre richtig"))
    if "tia" in term.needs and transfer.tia is None:
        problems.append(Problem("assessment", "error", "mechanism",
                                f"records no transfer impact assessment (TIA, `tia`) for {term.code}: every Art. 46 "
                                "tool needs one (CJEU C-311/18 Schrems II)",
                                f"keine Transfer-Folgenabschätzung (tia) für {term.code}: jedes Instrument nach "
                                "Art. 46 DSGVO braucht eine (EuGH C-311/18 Schrems II)"))


def _derogation(transfer: Transfer, term: Term, recipient: Recipient | None, problems: list[Problem]) -> None:
    if recipient is not None and recipient.role in ("processor", "sub-processor"):
        problems.append(Problem("regular", "error", "mechanism",
                                f"'{transfer.recipient}' is a {recipient.role}: a processing relationship is a "
                                f"regular transfer, never a case for an Art. 49 derogation ({term.code}); use "
                                "SCC module 2 or 3 or another Art. 46 safeguard",
                                f"'{transfer.recipient}' ist Auftragsverarbeiter: eine Auftragsverarbeitung ist "
                                f"eine regelmäßige Übermittlung und kein Fall einer Ausnahme nach Art. 49 "
                                f"({term.code}); SCC-Modul 2 oder 3 oder eine andere Garantie nach Art. 46"))
    elif "occasional" in term.needs:
        if transfer.occasional is False:
            problems.append(Problem("regular", "error", "occasional",
                                    f"a repetitive transfer cannot rest on {term.code}: the derogation serves "
                                    "occasional transfers only (EDPB Guidelines 2/2018)",
                                    f"eine wiederholte Übermittlung kann nicht auf {term.code} gestützt werden: "
                                    "die Ausnahme gilt nur für gelegentliche Übermittlungen (EDSA-Leitlinien 2/2018)"))
        elif transfer.occasional is None:
            problems.append(Problem("regular", "warning", "mechanism",
                                    f"{term.code} serves occasional transfers only: record `occasional: true` "
                                    "once it is confirmed the transfer is not repetitive",
                                    f"{term.code} gilt nur für gelegentliche Übermittlungen: `occasional: true` "
                                    "erfassen, wenn bestätigt ist, dass sie sich nicht wiederholt"))
    if "safeguards" in term.needs and transfer.safeguards is None:
        problems.append(Problem("derogation", "error", "mechanism",
                                "does not document the safeguards (Art. 49(1) second subparagraph, Art. 30(1)(e))",
                                "dokumentiert die Garantien nicht (Art. 49 Abs. 1 UAbs. 2, Art. 30 Abs. 1 lit. e)"))
    if "conditions" in term.needs:
        missing = list(_missing_conditions(transfer))
        if missing:
            problems.append(Problem("derogation", "error", "derogation" if transfer.derogation else "mechanism",
                                    "does not record " + ", ".join(en for en, _ in missing)
                                    + " (Art. 49(1) second subparagraph)",
                                    "erfasst nicht: " + ", ".join(de for _, de in missing)
                                    + " (Art. 49 Abs. 1 UAbs. 2 DSGVO)"))


def _missing_conditions(transfer: Transfer) -> Iterable[tuple[str, str]]:
    conditions = transfer.derogation
    if conditions is None or conditions.interest is None:
        yield "the compelling legitimate interest", "das zwingende berechtigte Interesse"
    if conditions is None or conditions.data_subjects is None:
        yield "the limited number of data subjects", "die begrenzte Zahl betroffener Personen"
    if conditions is None or conditions.authority_informed is None:
        yield "when the supervisory authority was informed", "wann die Aufsichtsbehörde informiert wurde"
    if conditions is None or conditions.subjects_informed is None:
        yield "when the data subjects were informed", "wann die betroffenen Personen informiert wurden"


# --- the processing contract -----------------------------------------------------------------

# contract types that are an Art. 28(3) contract / an Art. 26 arrangement by themselves
REQUIRED_CONTRACT = {"processor": "dpa", "sub-processor": "dpa", "joint-controller": "joint-control-arrangement"}
ART28_SCC_MODULES = frozenset({2, 3})  # Decision (EU) 2021/914, recital 9, Clause 8-9: Art. 28(3), (4)


def scc_modules(registry: Registry, recipient_id: str) -> frozenset[int]:
    """The SCC modules the registry's transfers to a recipient record."""
    return frozenset(t.scc_module for a in registry.activities.values() for t in a.transfers or ()
                     if t.recipient == recipient_id and t.mechanism == "scc" and t.scc_module is not None)


def contract_problem(recipient: Recipient, registry: Registry) -> tuple[str, str, str]:
    """Whether a recipient has the contract its role needs: ``(status, en, de)``.

    ``status`` is ``ok``, ``missing``, ``unknown`` or ``n/a`` (the role needs none). SCCs count as
    an Art. 28(3) contract where the transfers to the recipient use module 2 or 3: those modules
    contain the clauses of Art. 28(3) and (4) (Decision (EU) 2021/914, adopted under Art. 28(7)
    as well as Art. 46(2)(c); recital 9).
    """
    needed = REQUIRED_CONTRACT.get(recipient.role)
    contract = recipient.contract
    if needed is None:
        return "n/a", "", ""
    if contract is None or contract.type == "none":
        return ("missing", f"no contract on record ({_CONTRACT_WORDS[needed][0]})",
                f"kein Vertrag erfasst ({_CONTRACT_WORDS[needed][1]})")
    if contract.type == "unknown":
        return ("unknown", f"contract type not known, not shown to be {_CONTRACT_WORDS[needed][0]}",
                f"Vertragsart nicht bekannt, nicht als {_CONTRACT_WORDS[needed][1]} belegt")
    if contract.type == needed:
        return "ok", "", ""
    if needed == "dpa" and contract.type == "scc":
        modules = scc_modules(registry, recipient.id)
        if modules & ART28_SCC_MODULES:
            return "ok", "", ""
        if modules:
            listed = ", ".join(str(m) for m in sorted(modules))
            return ("missing", f"SCCs of module {listed} only: only modules 2 and 3 contain the Art. 28(3) clauses",
                    f"SCC nur Modul {listed}: nur die Module 2 und 3 enthalten die Klauseln nach Art. 28 Abs. 3")
        return ("unknown", "SCCs whose module is not recorded: modules 2 and 3 are an Art. 28(3) contract, "
                "record the module of the transfers to it",
                "SCC ohne erfasstes Modul: die Module 2 und 3 sind ein Vertrag nach Art. 28 Abs. 3, Modul der "
                "Übermittlungen erfassen")
    return ("missing", f"a contract of type '{contract.type}', not {_CONTRACT_WORDS[needed][0]}",
            f"ein Vertrag der Art '{contract.type}', kein {_CONTRACT_WORDS[needed][1]}")


_CONTRACT_WORDS = {"dpa": ("an Art. 28(3) data processing agreement (dpa)",
                           "Vertrag zur Auftragsverarbeitung nach Art. 28 Abs. 3 (dpa)"),
                   "joint-control-arrangement": ("an Art. 26 arrangement (joint-control-arrangement)",
                                                 "Vereinbarung nach Art. 26 (joint-control-arrangement)")}


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
