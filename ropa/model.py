"""The typed model of a registry.

Every class here is an immutable record (see "Records" below). The loader (``ropa.load``)
builds instances from YAML nodes by reading the field declarations below, and the JSON
Schema (``ropa.schema``) is generated from the same declarations, so the file
format, the model and the schema cannot drift apart.

Conventions used by the loader and the schema generator:

* ``doc`` metadata is the field's documentation (shown in the schema).
* ``ref`` metadata names the collection a string field (or each item of a tuple
  field) refers to: ``organisation``, ``recipient``, ``document``,
  ``data_category``, ``data_subject``, ``measure``, ``activity``, or the
  vocabularies ``legal_basis`` and ``mechanism``. ``party`` accepts an
  organisation or a recipient.
* ``format`` metadata: ``country`` (ISO 3166-1 alpha-2), ``id``, ``duration``
  (ISO 8601, e.g. ``P10Y``), ``rule`` (a rule code), ``lang`` (ISO 639-1).
* A field whose default is ``None`` may be left out; ``tuple | None`` fields
  distinguish "not stated" (left out, ``None``) from "explicitly none" (``[]``).
* ``span`` is where the node starts; ``spans`` maps a field name to where its
  value starts, and ``"<field>.<index>"`` to the items of a list.
* Keys starting with ``x-`` are an organisation's own fields: kept in
  ``extra``, never checked.

The value mechanism (immutable values declared like dataclasses, ``Value``, ``Span``,
``Text``, ``Node``, ``f()``/``req()``) lives in ``ropa.model_base``; this module re-exports it.
"""

from __future__ import annotations

import datetime as _dt
from typing import Literal
from collections.abc import Mapping

__all__ = [
    "Span", "Text", "Node", "Source", "Gap", "Conflict", "Interpretation", "Address", "Contact",
    "Officer", "Organisation", "Contract", "Certification", "Recipient", "Document",
    "DataCategory", "DataSubject", "Measure", "Consent", "LegalBasis",
    "RecipientUse", "Assessment", "Derogation", "Transfer", "Retention", "Dpia", "Activity",
    "Waiver", "RuleConfig", "RegistryMeta", "COLLECTIONS", "Field", "fields", "replace",
    "FrozenInstanceError", "MISSING", "Value",
]

from ropa.model_base import (  # noqa: F401  (the value mechanism, re-exported: ropa.model.Value, ...)
    MISSING, NOWHERE, Field, FrozenInstanceError, Node, Span, Text, Value, f, field, fields, replace, req)


# --- provenance ---------------------------------------------------------------------------

class Source(Node):
    """Where in a source document a fact comes from."""

    document: str = req("Id of the document (see `documents`).", ref="document")
    section: str | None = f("Section number or heading as printed in the document, e.g. `2.14.1`.")
    line: int | None = f("First line of the passage in the copied document text.")
    line_end: int | None = f("Last line of the passage, if it spans several lines.")
    fact: str | None = f("Which fact this source supports, e.g. `legal_bases` or `retention`.")
    quote: str | None = f("A short verbatim quote of the passage.")
    sheet: str | None = f("For a spreadsheet (`ropa import`): the name of the sheet.")
    row: int | None = f("For a spreadsheet: the row number as the spreadsheet shows it.")
    column: str | None = f("For a spreadsheet: the column letter, e.g. `C`.")


class Gap(Node):
    """A fact the source documents do not state: recorded so it is visible, never guessed."""

    field: str = req("The field the documents are silent about, e.g. `retention`.")
    note: Text = req("What is missing and what was checked.")
    sources: tuple[Source, ...] = f("Where the documents were checked.", ())
    decision: str | None = f(
        "Id of the decision of the organisation (its `decisions:`) this point is asked under: the points "
        "one decision of the controller answers, across activities, become one question (`ropa questions`).")


class Conflict(Node):
    """Facts in the source documents that contradict each other and need the DPO's decision."""

    field: str = req("The field affected, e.g. `legal_bases` or `organisation`.")
    note: Text = req("What contradicts what.")
    sources: tuple[Source, ...] = f("The contradicting passages.", ())
    decision: str | None = f(
        "Id of the decision of the organisation (its `decisions:`) this point is asked under: the points "
        "one decision of the controller answers, across activities, become one question (`ropa questions`).")


class Interpretation(Node):
    """A fact the registry reads into the documents rather than takes from them.

    Every view and export shows the field as an interpretation ("Auslegung"), never as
    the documents' word, until the controller confirms it.
    """

    field: str = req("The field that holds the interpretation, e.g. `legal_bases`.")
    note: Text = req("What is read into the text, from which wording, and what the controller must confirm.")
    sources: tuple[Source, ...] = f("The passages interpreted.", ())
    decision: str | None = f(
        "Id of the decision of the organisation (its `decisions:`) this point is asked under: the points "
        "one decision of the controller answers, across activities, become one question (`ropa questions`).")


# --- parties ------------------------------------------------------------------------------

class Address(Node):
    """A postal address."""

    street: str | None = f("Street and number.")
    postal_code: str | None = f("Postal code (quote it: `\"13507\"`).")
    city: str | None = f("City.")
    region: str | None = f("State, province or region.")
    country: str | None = f("ISO 3166-1 alpha-2 country code.", format="country")


class Contact(Node):
    """A person or body with contact details (DPO, representative, authority)."""

    name: str | None = f("Name of the person.")
    organisation: str | None = f("Name of the organisation (e.g. an external DPO's firm).")
    address: Address | None = f("Postal address.")
    phone: str | None = f("Telephone number.")
    email: str | None = f("E-mail address.")
    website: str | None = f("Web address.")
    external: bool | None = f("True for an external DPO or service provider.")
    sources: tuple[Source, ...] = f("Where these details are documented.", ())
    gaps: tuple[Gap, ...] = f("Details the documents do not give.", ())


class Officer(Node):
    """A named person of an organisation with a role in its data protection, e.g. one who may
    accept waivers for it (Art. 24, Art. 5(2))."""

    name: str = req("Name of the person, as a waiver's `accepted_by` names them.")
    role: Text = req("Role, e.g. `Head of compliance` / `Leiterin Compliance`.")
    sources: tuple[Source, ...] = f("Where the appointment is documented.", ())


class Organisation(Node):
    """A controller or processor whose records the registry keeps (Art. 30(1)(a), 30(2)(a))."""

    id: str = req("Stable identifier, referenced by activities.", format="id")
    name: str = req("Legal name, e.g. `FACTS42 GmbH`.")
    address: Address | None = f("Registered address.")
    phone: str | None = f("Telephone number.")
    email: str | None = f("E-mail address.")
    website: str | None = f("Web address.")
    management: tuple[str, ...] = f("Legal representatives (managing directors, board).", ())
    officers: tuple[Officer, ...] = f(
        "Other named persons of the organisation who may accept waivers for it (besides management and "
        "the DPO), with their role.", ())
    dpo: Contact | None = f("Data protection officer (Art. 37-39).")
    dpo_required: bool | None = f("Whether a DPO must be designated (Art. 37, § 38 BDSG).")
    eu_representative: Contact | None = f("Representative in the Union (Art. 27), for controllers outside it.")
    supervisory_authority: Contact | None = f("Competent supervisory authority.")
    employees: int | None = f("Number of employees (Art. 30(5)).")
    processing_staff: int | None = f(
        "Persons constantly engaged in the automated processing of personal data: the number § 38(1) "
        "sentence 1 BDSG counts (20 or more: a DPO is required), not the headcount.")
    commercial_data_processing: tuple[Literal["transfer", "anonymised-transfer", "market-research",
                                              "opinion-research"], ...] = f(
        "Personal data processed commercially for transfer, anonymised transfer, or market or opinion "
        "research (§ 38(1) sentence 2 BDSG: a DPO is required regardless of size).", ())
    keeps_record: bool = f(
        "`true` (default) if this registry is this organisation's own Art. 30 record; `false` for a "
        "third party whose processing is described for due diligence (e.g. a vendor's own record as "
        "its policy states it). A third party's activities never appear in another organisation's report.",
        True)
    description: Text | None = f("What the organisation does.")
    sources: tuple[Source, ...] = f("Where these details are documented.", ())
    gaps: tuple[Gap, ...] = f("Details the documents do not give.", ())
    conflicts: tuple[Conflict, ...] = f("Details the documents contradict.", ())
    interpretations: tuple[Interpretation, ...] = f("Details read into the documents, not stated by them.", ())
    notes: Text | None = f("Free notes.")
    decisions: tuple[Decision, ...] = f(
        "Decisions only this organisation can take, asked once in its questionnaire (`ropa questions`): "
        "the gaps, conflicts and interpretations that name one in `decision` are answered by it.", ())


class Contract(Node):
    """The contract or arrangement with a recipient (Art. 28(3), Art. 26)."""

    type: Literal["dpa", "joint-control-arrangement", "scc", "terms", "confidentiality", "none",
                  "unknown"] = req(
        "`dpa` (Art. 28(3) processing agreement), `joint-control-arrangement` (Art. 26), "
        "`scc`, `terms` (provider's terms of service), `confidentiality`, `none`, `unknown`.")
    reference: str | None = f("Document reference, file name or contract number.")
    date: _dt.date | None = f("Date the contract was concluded.")
    sources: tuple[Source, ...] = f("Where the contract is mentioned.", ())


class Certification(Node):
    """A certification relevant to transfers, e.g. the EU-US Data Privacy Framework listing."""

    scheme: Literal["eu-us-dpf", "swiss-us-dpf", "uk-us-data-bridge", "iso-27001", "other"] = req(
        "Certification scheme.")
    status: Literal["active", "inactive", "unknown"] = req("Status when last checked.")
    checked: _dt.date | None = f("Date the status was last checked.")
    covers: Literal["hr", "non-hr", "both"] | None = f("Data the DPF listing covers.")
    reference: str | None = f("Listing reference.")


class Recipient(Node):
    """A recipient in the catalogue: a legal entity personal data is disclosed to (Art. 4(9))."""

    id: str = req("Stable identifier, referenced by activities.", format="id")
    name: str = req("Legal entity name as the documents give it, e.g. `Google Inc.`; for a provider the "
                    "documents do not name, a description such as `Hosting provider (not named)`.")
    role: Literal["processor", "sub-processor", "joint-controller", "controller", "authority",
                  "internal"] = req(
        "`processor` (Art. 28), `sub-processor` (Art. 28(2),(4)), `joint-controller` (Art. 26), "
        "`controller` (an independent controller), `authority`, `internal` (another department).")
    country: str | None = f(
        "Country of establishment, ISO 3166-1 alpha-2. Leave it out only where the documents do not "
        "say (an unnamed provider): record a gap; the validator reports it (RP405).", format="country")
    category: Text | None = f("Category of recipient for Art. 30(1)(d), e.g. `Web analytics provider`.")
    services: tuple[str, ...] = f("Services used from this recipient, e.g. `Google Analytics`.", ())
    address: Address | None = f("Address as the documents give it.")
    contract: Contract | None = f("Contract or arrangement with the recipient.")
    storage: tuple[str, ...] = f("Countries where the recipient stores the data (ISO alpha-2).", (),
                                 format="country")
    processor_of: str | None = f("For a sub-processor: the recipient it works for.", ref="recipient")
    sub_processors: tuple[str, ...] = f("Recipients this one engages.", (), ref="recipient")
    certifications: tuple[Certification, ...] = f("Certifications, e.g. an EU-US DPF listing.", ())
    adequacy_scope: bool | None = f(
        "Whether the recipient falls within an adequacy decision that covers only part of its country "
        "(Canada: an organisation subject to PIPEDA; Japan: a business operator under the APPI). Leave it out "
        "where the decision covers the whole country; for the US the DPF listing (`certifications`) says it.")
    ceased: _dt.date | None = f("Date the entity or service ceased to exist (e.g. Google+ 2019-04-02).")
    sources: tuple[Source, ...] = f("Where the recipient is named.", ())
    gaps: tuple[Gap, ...] = f("Details the documents do not give.", ())
    conflicts: tuple[Conflict, ...] = f("Details the documents contradict.", ())
    interpretations: tuple[Interpretation, ...] = f("Details read into the documents, not stated by them.", ())
    notes: Text | None = f("Free notes.")


# --- vocabularies and documents -----------------------------------------------------------

class Document(Node):
    """A source document the registry's facts are traced to."""

    id: str = req("Stable identifier, referenced by `sources`.", format="id")
    title: Text = req("Title of the document.")
    path: str | None = f("Path of the copied text, relative to the registry directory.")
    date: _dt.date | None = f("Date or version of the document.")
    language: str | None = f("Language of the document (ISO 639-1).", format="lang")
    publisher: str | None = f("Who published it.")
    notes: Text | None = f("Free notes, e.g. known encoding damage.")
    statements: tuple[Statement, ...] = f(
        "For a returned questionnaire (`ropa questions --answers`): the controller's answers, each with "
        "the question it answers and the cell it was read from.", ())


class DataCategory(Node):
    """A category of personal data (Art. 30(1)(c))."""

    id: str = req("Stable identifier.", format="id")
    name: Text = req("Name of the category.")
    description: Text | None = f("What the category contains.")
    special: Literal["none", "art9", "art10"] = f(
        "`art9` for special categories (Art. 9(1)), `art10` for criminal convictions and offences.",
        "none")
    dpv: str | None = f("DPV personal data concept, e.g. `pd:IPAddress`.")
    sources: tuple[Source, ...] = f("Where the category is named.", ())


class DataSubject(Node):
    """A category of data subjects (Art. 30(1)(c))."""

    id: str = req("Stable identifier.", format="id")
    name: Text = req("Name of the category.")
    description: Text | None = f("Who belongs to it.")
    children: bool = f("True if the category includes children (Art. 8).", False)
    contract_party: bool | None = f(
        "True if these persons are themselves party to a contract with the controller, or ask for one "
        "(Art. 6(1)(b) can serve only them); false e.g. for website visitors or the contact persons of "
        "a business customer.")
    vulnerable: bool = f("True for vulnerable data subjects (WP248 criterion).", False)
    dpv: str | None = f("DPV data subject concept, e.g. `dpv:Customer`.")
    sources: tuple[Source, ...] = f("Where the category is named.", ())


class Measure(Node):
    """A technical or organisational security measure (Art. 32(1), Art. 30(1)(g))."""

    id: str = req("Stable identifier.", format="id")
    name: Text = req("Name of the measure.")
    kind: Literal["technical", "organisational"] = req("`technical` or `organisational`.")
    description: Text | None = f("What is done.")
    art32: tuple[Literal["pseudonymisation", "encryption", "confidentiality", "integrity",
                         "availability", "resilience", "restore", "testing"], ...] = f(
        "Art. 32(1) goals the measure serves.", ())
    dpv: str | None = f("DPV measure concept, e.g. `dpv:EncryptionInTransfer`.")
    sources: tuple[Source, ...] = f("Where the measure is described.", ())


# --- activities ---------------------------------------------------------------------------

class Consent(Node):
    """How consent is obtained, recorded and withdrawn (Art. 7)."""

    mechanism: Text | None = f("How consent is obtained (banner, checkbox, form).")
    withdrawal: Text | None = f("How consent is withdrawn (Art. 7(3)).")
    record: str | None = f("Where consent is recorded (Art. 7(1)).")
    explicit: bool | None = f("True if the consent is explicit (an express statement: Art. 9(2)(a), "
                              "Art. 22(2)(c), Art. 49(1)(a); EDPB Guidelines 05/2020, 4).")
    sources: tuple[Source, ...] = f("Where this is documented.", ())


class LegalBasis(Node):
    """A legal basis of an activity: Art. 6(1), Art. 9(2), Art. 10 or a national basis."""

    basis: str = req("Code from the legal basis vocabulary, e.g. `art6-1-f` (`ropa vocab legal-bases`).",
                     ref="legal_basis")
    scope: Text | None = f("Which part of the processing this basis covers.")
    interest: Text | None = f("Art. 6(1)(f): the legitimate interest pursued.")
    lia: str | None = f("Art. 6(1)(f): reference to the legitimate interests assessment.")
    consent: Consent | None = f("Art. 6(1)(a) / 9(2)(a): how consent is obtained and withdrawn.")
    statute: str | None = f("Art. 6(1)(c)/(e): the law imposing the obligation (Art. 6(3)).")
    sources: tuple[Source, ...] = f("Where the documents state this basis.", ())
    notes: Text | None = f("Free notes.")


class RecipientUse(Node):
    """A recipient an activity discloses data to. Short form: just the recipient id."""

    SHORTHAND = "recipient"

    recipient: str = req("Id of the recipient in the catalogue.", ref="recipient")
    purpose: Text | None = f("What the recipient does with the data in this activity.")
    data_categories: tuple[str, ...] = f("Categories disclosed (default: all of the activity's).", (),
                                         ref="data_category")
    sources: tuple[Source, ...] = f("Where the disclosure is stated.", ())


class Assessment(Node):
    """A documented assessment: transfer impact assessment, LIA, DPIA."""

    date: _dt.date | None = f("Date of the assessment.")
    reference: str | None = f("Document reference.")
    outcome: Text | None = f("Result in one sentence.")
    country: str | None = f("For a transfer impact assessment: the country whose law and practice it assesses "
                            "(ISO 3166-1 alpha-2); it must be the transfer's destination (RP310).", format="country")


class Derogation(Node):
    """The conditions of the Art. 49(1) second-subparagraph derogation (compelling legitimate interests)."""

    interest: Text | None = f("The compelling legitimate interest, not overridden by the data subjects' "
                              "interests or rights.")
    data_subjects: Text | None = f("The limited number of data subjects concerned, e.g. `12 members of the "
                                   "project team`.")
    authority_informed: _dt.date | None = f("Date the supervisory authority was informed of the transfer.")
    subjects_informed: _dt.date | None = f("Date the data subjects were informed of the transfer and the "
                                           "compelling interest (Art. 49(1) second subparagraph, Art. 13, 14).")
    sources: tuple[Source, ...] = f("Where this is documented.", ())


class Transfer(Node):
    """A transfer to a third country or an international organisation (Art. 30(1)(e), Chapter V)."""

    recipient: str = req("Id of the receiving recipient.", ref="recipient")
    country: str = req("Destination country, ISO 3166-1 alpha-2; for an international organisation the "
                       "country of its seat or of the receiving office.", format="country")
    international_organisation: str | None = f(
        "An international organisation as destination (Art. 4(26), Art. 44): its code in the vocabulary, "
        "e.g. `EPO`. Chapter V applies wherever its seat is.", ref="international_organisation")
    mechanism: str = req(
        "Code from the transfer mechanism vocabulary, e.g. `scc`, `adequacy`, `dpf`, `none`, `unknown`.",
        ref="mechanism")
    scc_module: Literal[1, 2, 3, 4] | None = f("SCC module (Decision (EU) 2021/914): 1 C2C, 2 C2P, 3 P2P, 4 P2C.")
    tia: Assessment | None = f("Transfer impact assessment (Schrems II, Clause 14 SCC).")
    safeguards: Text | None = f("Supplementary measures, or the Art. 49(1) second subparagraph safeguards.")
    occasional: bool | None = f("True if the transfer is occasional, not repetitive: the condition of the "
                                "Art. 49(1) derogations (recital 111; EDPB Guidelines 2/2018).")
    derogation: Derogation | None = f("Art. 49(1) second subparagraph: the conditions of the derogation.")
    data_categories: tuple[str, ...] = f("Categories transferred (default: all of the activity's).", (),
                                         ref="data_category")
    sources: tuple[Source, ...] = f("Where the transfer is stated.", ())
    notes: Text | None = f("Free notes.")


class Retention(Node):
    """An erasure time limit (Art. 30(1)(f)), for the whole activity or some data categories."""

    data_categories: tuple[str, ...] = f("Categories this limit applies to (default: all).", (),
                                         ref="data_category")
    period: str | None = f("ISO 8601 duration, e.g. `P10Y`, `P30D`.", format="duration")
    trigger: Text | None = f("Event the period runs from, e.g. end of the contract.")
    criterion: Text | None = f("A criterion instead of a period, e.g. `until consent is withdrawn`.")
    statute: str | None = f("Statutory retention duty, e.g. `§ 147 AO`.")
    sources: tuple[Source, ...] = f("Where the limit is stated.", ())


class Dpia(Node):
    """Data protection impact assessment status (Art. 35)."""

    status: Literal["required", "not-required", "in-progress", "done", "unknown"] = req(
        "Whether a DPIA is needed and how far it is.")
    criteria: tuple[Literal["evaluation-scoring", "automated-decision", "systematic-monitoring",
                            "sensitive-data", "large-scale", "matching-datasets",
                            "vulnerable-subjects", "innovative-technology", "prevents-rights"],
                    ...] = f("WP248 rev.01 criteria that apply.", ())
    reference: str | None = f("Reference to the DPIA or the screening.")
    date: _dt.date | None = f("Date of the DPIA or the screening.")
    residual_risk: Literal["low", "medium", "high"] | None = f("Residual risk after measures.")
    consultation: str | None = f("Art. 36 prior consultation reference, where residual risk is high.")


class Activity(Node):
    """One processing activity: a record under Art. 30(1) (controller) or 30(2) (processor)."""

    id: str = req("Stable identifier, unique in the registry.", format="id")
    name: Text = req("Name of the activity (Bezeichnung der Verarbeitungstätigkeit).")
    organisation: str = req("Id of the organisation keeping this record.", ref="organisation")
    record: Literal["controller", "processor"] = f(
        "`controller` (Art. 30(1)) or `processor` (Art. 30(2)).", "controller")
    controllers: tuple[str, ...] = f(
        "Processor records: the controllers on whose behalf the processing is done (Art. 30(2)(a)).",
        (), ref="party")
    joint_controllers: tuple[str, ...] = f("Joint controllers (Art. 26, Art. 30(1)(a)).", (),
                                           ref="recipient")
    status: Literal["active", "planned", "retired"] = f("`active`, `planned` or `retired`.", "active")
    owner: str | None = f("Department or person responsible (Fachabteilung, Ansprechpartner).")
    description: Text | None = f("What happens, in a few sentences.")
    purposes: tuple[Text, ...] = f("Purposes of the processing (Art. 30(1)(b)).", ())
    legal_bases: tuple[LegalBasis, ...] = f("Legal bases (Art. 6, 9, 10).", ())
    data_subjects: tuple[str, ...] = f("Categories of data subjects (Art. 30(1)(c)).", (),
                                       ref="data_subject")
    data_categories: tuple[str, ...] = f("Categories of personal data (Art. 30(1)(c)).", (),
                                         ref="data_category")
    data_source: Text | None = f("Where the data comes from (Art. 14(2)(f)).")
    recipients: tuple[RecipientUse, ...] | None = f(
        "Recipients (Art. 30(1)(d)); `[]` states there are none, leaving it out means not stated.")
    transfers: tuple[Transfer, ...] | None = f(
        "Third-country transfers (Art. 30(1)(e)); `[]` states there are none.")
    retention: tuple[Retention, ...] = f("Erasure time limits (Art. 30(1)(f)).", ())
    measures: tuple[str, ...] = f("Technical and organisational measures (Art. 30(1)(g)).", (),
                                  ref="measure")
    cookies: Literal["none", "necessary", "non-essential"] | None = f(
        "Stores or reads information on the user's device (cookies, pixels; § 25 TDDDG): "
        "`none`, `necessary` (strictly necessary) or `non-essential`.")
    profiling: bool = f("Involves profiling (Art. 4(4)).", False)
    cross_device_tracking: bool = f("Tracks users across devices or sites.", False)
    automated_decision: bool = f("Involves decisions based solely on automated processing (Art. 22).", False)
    dpia: Dpia | None = f("DPIA status (Art. 35).")
    created: _dt.date | None = f("Date the record was created (Datum der Anlegung).")
    updated: _dt.date | None = f("Date of the last change (Datum der letzten Änderung).")
    reviewed: _dt.date | None = f("Date of the last review.")
    reviewed_by: str | None = f("Who did the last review (name, role): `ropa review --by`.")
    review_due: _dt.date | None = f("Date the next review is due.")
    sources: tuple[Source, ...] = f("Where in the documents this activity is described.", ())
    gaps: tuple[Gap, ...] = f("Facts the documents do not state.", ())
    conflicts: tuple[Conflict, ...] = f("Facts the documents contradict.", ())
    interpretations: tuple[Interpretation, ...] = f("Facts read into the documents, not stated by them.", ())
    notes: Text | None = f("Free notes.")


# --- governance ---------------------------------------------------------------------------

class Waiver(Node):
    """An accepted finding: not an error while it is valid, but still shown in reports."""

    rule: str = req("Rule code, e.g. `RP201`.", format="rule")
    target: str = req("Id of the activity, recipient or organisation the finding is about.")
    justification: Text = req("Why the finding is accepted.")
    accepted_by: str = req(
        "Who accepted it: a person recorded for the organisation the target belongs to (one of its "
        "`management`, its `dpo` or one of its `officers`), by name, optionally followed by the role in "
        "parentheses, e.g. `Erika Mustermann (Geschäftsführerin)`; anyone else is an error (RP904).")
    accepted: _dt.date = req("Date of acceptance.")
    expires: _dt.date = req("Date the waiver expires; it then becomes a finding itself.")


class RuleConfig(Node):
    """Per-registry rule configuration."""

    select: tuple[str, ...] = f("Only run these rule codes (or prefixes, e.g. `RP2`).", (), format="rule")
    ignore: tuple[str, ...] = f("Do not run these rule codes (or prefixes).", (), format="rule")
    severity: Mapping[str, Literal["error", "warning", "info"]] = f(
        "Change a rule's severity: `{RP301: warning}`.", None, format="rule")


class Approval(Node):
    """A version of the record approved by a person of the organisation (Art. 5(2), Art. 24(1)):
    the record's "Freigabe durch die Geschäftsführung"."""

    name: str = req("Who approved it, e.g. `Erika Mustermann`.")
    role: Text = req("Their role, e.g. `Geschäftsführerin` / `Managing director`.")
    date: _dt.date = req("Date of the approval; the record of that version is dated with it.")
    version: str = req("The registry `version` approved.")


class RegistryMeta(Node):
    """Registry-wide settings: at most one `registry:` block in the whole registry.

    The document-control fields (`owner`, `approvals`, `classification`, `review_cycle`,
    `scope`) are printed on the record's cover; RP612 reports a record nobody approved, or
    whose as-of date is older than its last committed change or its review cycle."""

    name: str = req("Name of the registry.")
    version: str | None = f("Version label of the registry, e.g. `2023-06`.")
    date: _dt.date | None = f("As-of date of the registry; exports print it instead of today's date.")
    languages: tuple[str, ...] = f("Languages free text is written in.", (), format="lang")
    owner: str | None = f("Who owns the record (keeps it current), name and role, e.g. "
                          "`Erika Mustermann (Datenschutzkoordinatorin)`.")
    approvals: tuple[Approval, ...] = f("Who approved which version of the record, and when.", ())
    classification: str | None = f("Classification of the record as a document, e.g. `vertraulich` / "
                                   "`confidential`.")
    review_cycle: str | None = f("How often the record is reviewed as a whole, an ISO 8601 duration, "
                                 "e.g. `P1Y`.", format="duration")
    scope: Text | None = f("What the record covers, and what it does not cover yet.")
    rules: RuleConfig | None = f("Rule selection and severities.")


class Decision(Node):
    """A decision only the controller can take, asked once however many points it answers."""

    id: str = req("Stable identifier, named by the `decision` of gaps, conflicts and interpretations.",
                  format="id")
    question: Text = req("The question, in the controller's terms (not field names).")
    options: tuple[Text, ...] = f("The lawful options the law leaves, where it leaves a choice (e.g. consent "
                                  "or removing the tool); never an unlawful state to confirm.", ())
    block: Literal["controller", "scope", "lawfulness", "recipients", "transfers", "retention", "security",
                   "content"] | None = f(
        "The block of the questionnaire it belongs to; by default the block of the fields it concerns.")
    sources: tuple[Source, ...] = f("The passages the decision is about.", ())


class Statement(Node):
    """The controller's answer to one question of a returned questionnaire: a source, never a guess."""

    question: str = req("Key of the question answered (the questionnaire's key column).")
    asked: Text | None = f("The question as the questionnaire asked it.")
    answer: Text = req("The answer as the controller wrote it, in its language.")
    answered_by: str | None = f("Who answered, as written in the questionnaire.")
    date: _dt.date | None = f("Date of the answer, as written in the questionnaire.")
    concerns: tuple[str, ...] = f("Ids of the activities, recipients or organisations the question concerns.", ())
    sheet: str | None = f("The sheet of the questionnaire it was read from.")
    row: int | None = f("The row as the spreadsheet shows it.")
    column: str | None = f("The column letter of the answer.")
    findings: tuple[str, ...] = f(
        "The validator's findings the question listed when it was asked (`ropa.answers.finding_id`): the "
        "answer settles them, as `ropa validate` judges it.", ())


# Top-level keys of a registry file and the class of their items.
COLLECTIONS: dict[str, type[Node]] = {
    "organisations": Organisation,
    "recipients": Recipient,
    "documents": Document,
    "data_categories": DataCategory,
    "data_subjects": DataSubject,
    "measures": Measure,
    "activities": Activity,
    "waivers": Waiver,
}
