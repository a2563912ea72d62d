"""The record as JSON-LD in the W3C Data Privacy Vocabulary (DPV 2), with its @context inline.

Mapping (IRIs as in docs/REFERENCE: dpv, pd, eu-gdpr, loc namespaces):

* activity -> ``dpv:Process`` with ``dpv:hasPurpose`` (``dpv:Purpose`` nodes),
  ``dpv:hasLegalBasis`` (``eu-gdpr:A6-1-a`` ... from the legal basis vocabulary; national
  bases without a DPV concept become local ``dpv:LegalBasis`` nodes),
  ``dpv:hasPersonalData`` (the category's ``dpv`` concept, e.g. ``pd:IPAddress``, else a
  local ``dpv:PersonalData`` node), ``dpv:hasDataSubject``, ``dpv:hasDataController``
  (``dpv:hasDataProcessor`` for processor records), ``dpv:hasRecipient``,
  ``dpv:hasTechnicalOrganisationalMeasure``, ``dpv:hasStorageCondition``
  (``dpv:StorageDuration`` with the ISO 8601 period as ``xsd:duration``);
* transfer -> a nested process (``dpv:hasProcess``) of type ``dpv:CrossBorderTransfer`` with
  ``dpv:hasThirdCountry loc:US``, ``dpv:hasRecipient`` and ``dpv:hasLegalBasis`` the
  mechanism's concept (``eu-gdpr:A45-3``, ``eu-gdpr:A46-2-c`` ...);
* organisation -> ``dpv:DataController`` with ``dpv:hasDataProtectionOfficer``,
  ``dpv:hasRepresentative`` and ``dpv:hasCountry``; a contact's e-mail is ``dpv:hasContact``;
* joint controllers -> one ``dpv:JointDataControllers`` group per activity
  (``dpv:hasJointDataControllers``) whose members are ``dpv:hasDataController``; each member
  itself is a ``dpv:DataController`` (DPV defines ``JointDataControllers`` as the group);
* the record itself -> ``dpv:ROPA`` (DPV's "Records of Processing Activities";
  ``dpv:RecordsOfActivities`` is the generic log/record concept).

Every DPV IRI used here is a term of the DPV release ropa declares (``ropa/vocab/dpv.yaml``, 2.2);
tests/export/test_jsonld_vocabulary.py holds the allow-list and names the file of each term.

Local nodes get ``urn:ropa:<slug>:<kind>/<id>`` IRIs. Texts are language-tagged literals.
No network access: the context is embedded, nothing is fetched.
"""

from __future__ import annotations

import json
from typing import Any

from ropa import __version__, labels, model, vocab
from ropa.i18n import field_name
from ropa.export.core import Output, Snapshot

CONTEXT = {
    "dpv": "https://w3id.org/dpv#",
    "pd": "https://w3id.org/dpv/pd#",
    "eu-gdpr": "https://w3id.org/dpv/legal/eu/gdpr#",
    "loc": "https://w3id.org/dpv/loc#",
    "dct": "http://purl.org/dc/terms/",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}

ROLE_TYPES = {
    "processor": "dpv:DataProcessor", "sub-processor": "dpv:DataSubProcessor",
    # dpv:JointDataControllers is the *group* of controllers; one member is a dpv:DataController
    "joint-controller": "dpv:DataController", "controller": "dpv:DataController",
    "authority": "dpv:Authority", "internal": "dpv:Recipient",
}
MEASURE_TYPES = {"technical": "dpv:TechnicalMeasure", "organisational": "dpv:OrganisationalMeasure"}
# measures implied by a transfer mechanism (besides its eu-gdpr legal basis concept); the
# data transfer tools of DPV 2.1 legal/eu/gdpr/modules/data_transfers.ttl
MECHANISM_MEASURES = {
    "scc": "eu-gdpr:SCCByCommission", "sa-clauses": "eu-gdpr:SCCBySupervisoryAuthority",
    "bcr": "eu-gdpr:BindingCorporateRules", "ad-hoc-clauses": "eu-gdpr:AdHocContractualClauses",
    "code-of-conduct": "eu-gdpr:CodesOfConductForDataTransfers",
    "certification": "eu-gdpr:CertificationMechanismsForDataTransfers",
}


def _lit(value: model.Text | str | None) -> Any:
    if value is None:
        return None
    if isinstance(value, str):
        return value
    out = [{"@value": v, "@language": k} if k else v for k, v in value.values]
    return out[0] if len(out) == 1 else out


def _interpretations(node: Any) -> list[dict[str, str]]:
    """``rdfs:comment`` literals marking each field the registry reads into the documents:
    ``Auslegung (field): note`` in German, ``Interpretation (field): note`` otherwise."""
    out = []
    for entry in getattr(node, "interpretations", ()):
        for lang, note in entry.note.values:
            head = labels.label(labels.WORDS, "interpretation", lang or "en")
            literal = {"@value": f"{head} ({field_name(entry.field, lang)}): {note}"}
            if lang:
                literal["@language"] = lang
            out.append(literal)
    return out


def _ref(iri: str) -> dict[str, str]:
    return {"@id": iri}


def _prune(node: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in node.items() if v not in (None, [], "")}


class _Graph:
    def __init__(self, snap: Snapshot) -> None:
        self.snap = snap
        self.registry = snap.registry
        self.base = f"urn:ropa:{snap.slug}:"
        self.nodes: dict[str, dict[str, Any]] = {}

    def iri(self, kind: str, ident: str) -> str:
        return f"{self.base}{kind}/{ident}"

    def add(self, node: dict[str, Any]) -> dict[str, str]:
        node = _prune(node)
        self.nodes.setdefault(node["@id"], node)
        return _ref(node["@id"])

    def contact(self, c: model.Contact | None, iri: str, kind: str) -> dict[str, str] | None:
        if c is None:
            return None
        return self.add({"@id": iri, "@type": kind, "rdfs:label": c.name or c.organisation,
                         "dpv:hasContact": c.email})

    def organisation(self, org: model.Organisation, role: str = "dpv:DataController") -> dict[str, str]:
        iri = self.iri("organisation", org.id)
        return self.add({
            "@id": iri, "@type": role, "rdfs:label": org.name, "dct:identifier": org.id,
            "dpv:hasDataProtectionOfficer": self.contact(org.dpo, iri + "/dpo", "dpv:DataProtectionOfficer"),
            "dpv:hasRepresentative": self.contact(org.eu_representative, iri + "/representative",
                                                  "dpv:Representative"),
            "dpv:hasCountry": _ref(f"loc:{org.address.country}") if org.address and org.address.country else None,
        })

    def party(self, ident: str) -> dict[str, str]:
        org = self.registry.organisations.get(ident)
        if org is not None:
            return self.organisation(org)
        return self.recipient(ident)

    def recipient(self, ident: str) -> dict[str, str]:
        rec = self.registry.recipients.get(ident)
        if rec is None:
            return self.add({"@id": self.iri("recipient", ident), "@type": "dpv:Recipient", "dct:identifier": ident})
        return self.add({
            "@id": self.iri("recipient", rec.id), "@type": ["dpv:Recipient", ROLE_TYPES[rec.role]],
            "rdfs:label": rec.name, "dct:identifier": rec.id, "dct:description": _lit(rec.category),
            "dpv:hasCountry": _ref(f"loc:{rec.country}") if rec.country else None,
            "rdfs:comment": _interpretations(rec),
        })

    def legal_basis(self, code: str) -> dict[str, str]:
        term = vocab.legal_bases().get(code) or vocab.mechanisms().get(code)
        if term is not None and term.dpv:
            return _ref(term.dpv)
        return self.add({"@id": self.iri("legal-basis", code), "@type": "dpv:LegalBasis", "dct:identifier": code,
                         "rdfs:label": [{"@value": term.de, "@language": "de"},
                                        {"@value": term.en, "@language": "en"}] if term else code})

    def data_category(self, ident: str) -> dict[str, str]:
        cat = self.registry.data_categories.get(ident)
        if cat is not None and cat.dpv:
            return _ref(cat.dpv)
        kind = "dpv:SpecialCategoryPersonalData" if cat is not None and cat.special != "none" else "dpv:PersonalData"
        return self.add({"@id": self.iri("data-category", ident), "@type": kind, "dct:identifier": ident,
                         "rdfs:label": _lit(cat.name) if cat else ident})

    def data_subject(self, ident: str) -> dict[str, str]:
        sub = self.registry.data_subjects.get(ident)
        if sub is not None and sub.dpv:
            return _ref(sub.dpv)
        return self.add({"@id": self.iri("data-subject", ident), "@type": "dpv:DataSubject",
                         "dct:identifier": ident, "rdfs:label": _lit(sub.name) if sub else ident})

    def measure(self, ident: str) -> dict[str, str]:
        m = self.registry.measures.get(ident)
        types = ["dpv:TechnicalOrganisationalMeasure"]
        if m is not None:
            types.append(MEASURE_TYPES[m.kind])
            if m.dpv:
                types.append(m.dpv)
        return self.add({"@id": self.iri("measure", ident), "@type": types, "dct:identifier": ident,
                         "rdfs:label": _lit(m.name) if m else ident,
                         "dct:description": _lit(m.description) if m else None})

    def activity(self, a: model.Activity) -> dict[str, str]:
        iri = self.iri("activity", a.id)
        org = self.registry.organisations.get(a.organisation)
        node: dict[str, Any] = {
            "@id": iri, "@type": "dpv:Process", "dct:identifier": a.id, "rdfs:label": _lit(a.name),
            "dct:description": _lit(a.description),
            "dpv:hasPurpose": [self.add({"@id": f"{iri}/purpose/{i}", "@type": "dpv:Purpose",
                                         "dct:description": _lit(p)}) for i, p in enumerate(a.purposes, 1)],
            "dpv:hasLegalBasis": [self.legal_basis(lb.basis) for lb in a.legal_bases],
            "dpv:hasPersonalData": [self.data_category(c) for c in a.data_categories],
            "dpv:hasDataSubject": [self.data_subject(s) for s in a.data_subjects],
            "dpv:hasRecipient": [self.recipient(u.recipient) for u in a.recipients or ()],
            "dpv:hasTechnicalOrganisationalMeasure": [self.measure(m) for m in a.measures],
            "dpv:hasStorageCondition": [self.storage(f"{iri}/storage/{i}", r) for i, r in enumerate(a.retention, 1)],
            "dpv:hasProcess": [self.transfer(f"{iri}/transfer/{i}", t) for i, t in enumerate(a.transfers or (), 1)],
            "rdfs:comment": _interpretations(a),
        }
        if a.record == "processor":
            node["dpv:hasDataProcessor"] = self.organisation(org, "dpv:DataProcessor") if org else None
            node["dpv:hasDataController"] = [self.party(c) for c in a.controllers]
        else:
            node["dpv:hasDataController"] = [self.organisation(org)] if org else []
            node["dpv:hasDataController"] += [self.recipient(j) for j in a.joint_controllers]
            if a.joint_controllers:
                node["dpv:hasJointDataControllers"] = self.add({
                    "@id": f"{iri}/joint-controllers", "@type": "dpv:JointDataControllers",
                    "dpv:hasDataController": node["dpv:hasDataController"]})
        return self.add(node)

    def storage(self, iri: str, r: model.Retention) -> dict[str, str]:
        return self.add({
            "@id": iri, "@type": "dpv:StorageDuration",
            "rdf:value": {"@value": r.period, "@type": "xsd:duration"} if r.period else None,
            "dct:description": _lit(r.criterion or r.trigger),
            "dct:source": r.statute,
            "dpv:hasPersonalData": [self.data_category(c) for c in r.data_categories],
        })

    def transfer(self, iri: str, t: model.Transfer) -> dict[str, str]:
        measure = MECHANISM_MEASURES.get(t.mechanism)
        return self.add({
            "@id": iri, "@type": ["dpv:Process", "dpv:CrossBorderTransfer"],
            "dpv:hasThirdCountry": _ref(f"loc:{t.country}"),
            "dpv:hasRecipient": self.recipient(t.recipient),
            "dpv:hasLegalBasis": self.legal_basis(t.mechanism),
            "dpv:hasTechnicalOrganisationalMeasure": _ref(measure) if measure else None,
            "dpv:hasPersonalData": [self.data_category(c) for c in t.data_categories],
            "dct:description": _lit(t.safeguards),
        })


def document(snap: Snapshot) -> dict[str, Any]:
    graph = _Graph(snap)
    meta = snap.registry.meta
    assert meta is not None  # snapshots() exports no registry without registry.yaml and its date
    record = {
        "@id": f"{graph.base}record", "@type": "dpv:ROPA",
        "rdfs:label": meta.name, "dct:created": {"@value": snap.date.isoformat(), "@type": "xsd:date"},
        "dct:hasVersion": meta.version, "dct:creator": f"ropa {__version__}",
        "dct:identifier": f"sha256:{snap.content_hash}",
        "dpv:hasProcess": [graph.activity(a) for a in snap.activities()],
    }
    for org in snap.organisations:
        graph.organisation(org, "dpv:DataController")
    graph.add(record)
    return {"@context": CONTEXT, "@graph": [graph.nodes[k] for k in sorted(graph.nodes)]}


def render(snap: Snapshot) -> list[Output]:
    text = json.dumps(document(snap), ensure_ascii=False, indent=2)
    return [Output(f"{snap.file_stem()}.jsonld", (text + "\n").encode("utf-8"))]
