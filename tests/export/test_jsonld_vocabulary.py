"""JSON-LD export: every predicate, class and vocabulary IRI is a term of the DPV release ropa
declares (``ropa/vocab/dpv.yaml``: release, namespaces, the curated term list, renamed terms).

A term missing there is either not in that release (then it must not be emitted under a DPV
namespace) or has not been checked yet: look it up in DPV before adding it.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from ropa import vocab
from ropa.export import render, snapshot
from ropa.export import to_jsonld

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "tests" / "fixtures" / "sample"
FACTS42 = ROOT / "registry"

DPV = "https://w3id.org/dpv#"
PD = "https://w3id.org/dpv/pd#"
GDPR = "https://w3id.org/dpv/legal/eu/gdpr#"
LOC = "https://w3id.org/dpv/loc#"

# The term list is data in the package (ropa/vocab/dpv.yaml), for the DPV release it declares;
# the classes and properties of dpv: are told apart by DPV's naming (properties begin `has`).
TERMS = yaml.safe_load((ROOT / "ropa" / "vocab" / "dpv.yaml").read_text(encoding="utf-8"))
DPV_PROPERTIES = {t for t in TERMS["terms"]["dpv"] if t.startswith("has")}
DPV_CLASSES = set(TERMS["terms"]["dpv"]) - DPV_PROPERTIES
GDPR_TERMS = set(TERMS["terms"]["eu-gdpr"])
PD_TERMS = set(TERMS["terms"]["pd"])

# loc: countries are named by their ISO 3166-1 alpha-2 code (2.1/loc/loc.csv: loc:AD, loc:AE ...).
LOC_COUNTRY = re.compile(r"[A-Z]{2}")

# Standard vocabularies (not DPV) the exporter uses for labels, identifiers and values.
OTHER_PREDICATES = {
    "rdfs:label", "rdfs:comment", "rdf:value",
    "dct:description", "dct:identifier", "dct:source", "dct:created", "dct:hasVersion", "dct:creator",
}
OTHER_DATATYPES = {"xsd:date", "xsd:duration"}

VOCAB_PREFIXES = {"dpv": DPV, "pd": PD, "eu-gdpr": GDPR, "loc": LOC}


def _allowed(curie: str) -> bool:
    prefix, _, local = curie.partition(":")
    if prefix == "dpv":
        return local in DPV_CLASSES or local in DPV_PROPERTIES
    if prefix == "pd":
        return local in PD_TERMS
    if prefix == "eu-gdpr":
        return local in GDPR_TERMS
    if prefix == "loc":
        pycountry = pytest.importorskip("pycountry")
        return bool(LOC_COUNTRY.fullmatch(local)) and pycountry.countries.get(alpha_2=local) is not None
    return False


def _walk(value, predicates: set, classes: set, objects: set, datatypes: set) -> None:
    if isinstance(value, list):
        for item in value:
            _walk(item, predicates, classes, objects, datatypes)
        return
    if not isinstance(value, dict):
        return
    for key, item in value.items():
        if key == "@type":
            (datatypes if "@value" in value else classes).update(item if isinstance(item, list) else [item])
        elif key == "@id":
            objects.add(item)
        elif not key.startswith("@"):
            predicates.add(key)
            _walk(item, predicates, classes, objects, datatypes)


def _terms(doc: dict) -> tuple[set, set, set, set]:
    predicates, classes, objects, datatypes = set(), set(), set(), set()
    _walk(doc["@graph"], predicates, classes, objects, datatypes)
    return predicates, classes, objects, datatypes


def _document(path: Path) -> dict:
    (out,) = [o for o in render(snapshot(path), ["jsonld"]) if o.name.endswith(".jsonld")]
    return json.loads(out.data)


@pytest.mark.parametrize("path", [SAMPLE, FACTS42], ids=["sample", "facts42"])
def test_every_iri_is_a_verified_dpv_term(path):
    doc = _document(path)
    predicates, classes, objects, datatypes = _terms(doc)
    vocab_ids = {o for o in objects if o.partition(":")[0] in VOCAB_PREFIXES}

    assert {p for p in predicates if p.startswith("dpv:")} <= {f"dpv:{t}" for t in DPV_PROPERTIES}
    assert {p for p in predicates if not p.startswith("dpv:")} <= OTHER_PREDICATES
    assert {c for c in classes if not _allowed(c) or c.partition(":")[2] in DPV_PROPERTIES} == set()
    assert {o for o in vocab_ids if not _allowed(o)} == set()
    assert datatypes <= OTHER_DATATYPES
    # local nodes only: nothing else escapes into an undeclared scheme
    assert {o for o in objects - vocab_ids if not o.startswith("urn:ropa:")} == set()


def test_context_declares_dpv_namespaces_and_every_prefix_used():
    doc = _document(SAMPLE)
    ctx = doc["@context"]
    for prefix, ns in VOCAB_PREFIXES.items():
        assert ctx[prefix] == ns
    predicates, classes, objects, datatypes = _terms(doc)
    used = {t.partition(":")[0] for t in predicates | classes | datatypes | objects if not t.startswith("urn:")}
    assert used <= set(ctx)


def test_mapping_tables_use_verified_terms_only():
    tables = [*to_jsonld.ROLE_TYPES.values(), *to_jsonld.MEASURE_TYPES.values(),
              *to_jsonld.MECHANISM_MEASURES.values()]
    tables += [t.dpv for t in [*vocab.legal_bases().values(), *vocab.mechanisms().values()] if t.dpv]
    assert [t for t in tables if not _allowed(t)] == []


def test_record_and_transfer_shape():
    doc = _document(SAMPLE)
    nodes = {n["@id"]: n for n in doc["@graph"]}
    assert nodes["urn:ropa:example:record"]["@type"] == "dpv:ROPA"
    transfer = nodes["urn:ropa:example:activity/web-analytics/transfer/1"]
    assert "dpv:CrossBorderTransfer" in transfer["@type"]
    assert transfer["dpv:hasThirdCountry"] == {"@id": "loc:US"}


def test_joint_controllers_form_a_dpv_group(tmp_path):
    reg = tmp_path / "sample"
    shutil.copytree(SAMPLE, reg)
    recipients = yaml.safe_load((reg / "recipients.yaml").read_text(encoding="utf-8"))
    recipients["recipients"].append({"id": "partner", "name": "Partner GmbH", "role": "joint-controller",
                                     "country": "DE", "category": {"de": "Partner", "en": "Partner"}})
    (reg / "recipients.yaml").write_text(yaml.safe_dump(recipients, allow_unicode=True), encoding="utf-8")
    act_file = next(iter(sorted((reg / "activities").glob("*.yaml"))))
    acts = yaml.safe_load(act_file.read_text(encoding="utf-8"))
    first = acts["activities"][0]
    first["joint_controllers"] = ["partner"]
    act_file.write_text(yaml.safe_dump(acts, allow_unicode=True, sort_keys=False), encoding="utf-8")

    doc = _document(reg)
    nodes = {n["@id"]: n for n in doc["@graph"]}
    act = nodes[f"urn:ropa:example:activity/{first['id']}"]
    group = nodes[act["dpv:hasJointDataControllers"]["@id"]]
    assert group["@type"] == "dpv:JointDataControllers"
    assert {"@id": "urn:ropa:example:recipient/partner"} in group["dpv:hasDataController"]
    partner = nodes["urn:ropa:example:recipient/partner"]
    assert "dpv:DataController" in partner["@type"] and "dpv:JointDataControllers" not in partner["@type"]
    predicates, classes, objects, _ = _terms(doc)
    assert [c for c in classes if not _allowed(c)] == []


def test_the_declared_release_is_2_2_and_its_term_list_rejects_what_it_does_not_define():
    assert TERMS["release"] == "2.2" == vocab.dpv_release()
    assert vocab.dpv_namespaces() == VOCAB_PREFIXES
    # DPV 2.2 renamed pd:BrowsingBehavior (the 2.1 spelling) to pd:BrowsingBehaviour
    assert not _allowed("pd:BrowsingBehavior") and not vocab.dpv_known("pd:BrowsingBehavior")
    assert _allowed("pd:BrowsingBehaviour") and vocab.dpv_known("pd:BrowsingBehaviour")
    assert vocab.dpv_renamed("pd:BrowsingBehavior") == "pd:BrowsingBehaviour"
    assert vocab.dpv_known("loc:US") and not vocab.dpv_known("loc:XX") and not vocab.dpv_known("dpv:Nonsense")


@pytest.mark.parametrize("path", [SAMPLE, FACTS42], ids=["sample", "facts42"])
def test_every_dpv_concept_in_the_registry_is_a_term_of_the_declared_release(path):
    from ropa.load import load

    registry = load(path).registry
    used = {node.dpv for collection in (registry.data_categories, registry.data_subjects, registry.measures)
            for node in collection.values() if node.dpv}
    assert used and {t for t in used if not vocab.dpv_known(t)} == set()


def test_an_undefined_term_in_the_export_fails_the_check(tmp_path):
    """The check itself can fail: a registry that still says pd:BrowsingBehavior exports an IRI
    DPV 2.2 does not define, and the allow-list catches it."""
    reg = tmp_path / "sample"
    shutil.copytree(SAMPLE, reg)
    for path in reg.rglob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        if "dpv: pd:" in text:
            path.write_text(text.replace("dpv: pd:IPAddress", "dpv: pd:BrowsingBehavior"), encoding="utf-8")
    doc = _document(reg)
    _predicates, _classes, objects, _datatypes = _terms(doc)
    assert "pd:BrowsingBehavior" in objects and not _allowed("pd:BrowsingBehavior")
