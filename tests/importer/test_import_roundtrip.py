"""Round trip: `ropa export -f xlsx`, then `ropa import` of that file, gives the same record.

* Generated registries (hypothesis) that state what the xlsx export shows, in one language:
  `ropa diff --facts-only` between the original and the import is empty: every fact of
  the record comes back, with the same ids (sources differ by design: the import cites
  the spreadsheet cells).
* The FACTS42 registry (texts in German and English, facts the record does not show):
  the import of each language's workbook shows the same Art. 30 record, cell for cell, in
  every record column, the recipients and the measures sheet.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ropa import art30, labels
from ropa.edit.diff import diff_registries
from ropa.edit.yamlrt import dump_rt, rt_data
from ropa.export import render, snapshot
from ropa.importer import import_file
from ropa.importer.cells import ident
from ropa.load import load

ROOT = Path(__file__).resolve().parents[2]

word = st.from_regex(r"[A-Z][a-z]{3,9}", fullmatch=True)
text = st.from_regex(r"[A-Z][a-z]{3,9}( [a-z]{3,9}){0,3}", fullmatch=True)
day = st.dates(min_value=_dt.date(2018, 5, 25), max_value=_dt.date(2030, 12, 31))
BASES = ["art6-1-a", "art6-1-b", "art6-1-c", "art6-1-f", "art9-2-a", "art9-2-b", "art10", "bdsg-26",
         "tdddg-25-1", "tdddg-25-2"]
ROLES = list(labels.ROLES)
CONTRACTS = list(labels.CONTRACTS)


def optional(strategy):
    return st.one_of(st.none(), strategy)


def clean(data: dict) -> dict:
    return {k: v for k, v in data.items() if v is not None}


@st.composite
def registries(draw) -> dict[str, list | dict]:
    org_name = draw(text) + " GmbH"
    org = clean({
        "id": ident(org_name), "name": org_name,
        "address": {"street": draw(word) + "weg " + str(draw(st.integers(1, 99))),
                    "postal_code": str(draw(st.integers(10000, 99999))), "city": draw(word), "country": "DE"},
        "phone": draw(optional(st.from_regex(r"0[1-9][0-9]{4,8}", fullmatch=True))),
        "email": draw(optional(st.just("info@example.org"))),
        "management": draw(st.lists(st.builds(lambda a, b: f"{a} {b}", word, word), max_size=2, unique=True)) or None,
        "dpo": draw(optional(st.builds(lambda n, e: {"name": n, "email": e}, word, st.just("dsb@example.org")))),
    })
    # names are unique in each catalogue: a cell names an entry by its name
    recipients = []
    ids = draw(st.lists(word.map(str.lower), min_size=1, max_size=4, unique=True))
    names = draw(st.lists(text, min_size=len(ids), max_size=len(ids), unique=True))
    for n, (rid, name) in enumerate(zip(ids, names)):
        recipients.append(clean({
            "id": rid, "name": name, "role": draw(st.sampled_from(ROLES)),
            "country": draw(st.sampled_from(["US", "IN"] if n == 0 else ["DE", "FR", "IE", "US", "IN", "GB"])),
            "category": draw(optional(text)),
            "services": draw(st.lists(word, max_size=2, unique=True)) or None,
            "contract": draw(optional(st.builds(lambda t, r: clean({"type": t, "reference": r}),
                                                st.sampled_from(CONTRACTS), optional(word)))),
            "storage": draw(st.lists(st.sampled_from(["DE", "US", "IE"]), max_size=2, unique=True)) or None,
            "ceased": draw(optional(day)),
        }))
    subjects = [clean({"id": ident(n), "name": n, "children": draw(st.booleans()) or None})
                for n in draw(st.lists(text, min_size=1, max_size=3, unique_by=ident))]
    categories = [clean({"id": ident(n), "name": n, "special": draw(st.sampled_from([None, "art9", "art10"]))})
                  for n in draw(st.lists(text, min_size=1, max_size=4, unique_by=ident))]
    measure_ids = draw(st.lists(word.map(lambda w: "m-" + w.lower()), min_size=1, max_size=3, unique=True))
    measure_names = draw(st.lists(text, min_size=len(measure_ids), max_size=len(measure_ids), unique=True))
    measures = [clean({"id": mid, "name": name, "kind": draw(st.sampled_from(["technical", "organisational"])),
                       "description": draw(optional(text)),
                       "art32": draw(st.lists(st.sampled_from(list(labels.ART32)), max_size=2, unique=True)) or None})
                for mid, name in zip(measure_ids, measure_names)]
    third = [r["id"] for r in recipients if r["country"] in ("US", "IN")]
    activities = []
    for aid in draw(st.lists(word.map(str.lower), min_size=1, max_size=4, unique=True)):
        bases = []
        for code in draw(st.lists(st.sampled_from(BASES), min_size=1, max_size=2, unique=True)):
            basis = clean({"basis": code, "interest": draw(optional(text)) if code == "art6-1-f" else None,
                           "lia": draw(optional(word)) if code == "art6-1-f" else None,
                           "statute": draw(optional(st.just("§ 147 AO"))) if code in ("art6-1-c", "art10") else None,
                           "scope": draw(optional(text)),
                           "consent": draw(optional(st.builds(lambda m, w: clean({"mechanism": m, "withdrawal": w}),
                                                              text, optional(text)))) if code == "art6-1-a" else None})
            bases.append(basis)
        cats = draw(st.lists(st.sampled_from([c["id"] for c in categories]), min_size=1, unique=True))
        transfers = draw(st.sampled_from(["some", "none", "none-stated"]))
        activity = clean({
            "id": aid, "name": draw(text), "organisation": org["id"],
            "status": draw(st.sampled_from([None, "planned", "retired"])),
            "owner": draw(optional(text)),
            "purposes": draw(st.lists(text, min_size=1, max_size=2, unique=True)),
            "legal_bases": bases,
            "data_subjects": draw(st.lists(st.sampled_from([s["id"] for s in subjects]), min_size=1, unique=True)),
            "data_categories": cats,
            "data_source": draw(optional(text)),
            "recipients": draw(st.one_of(st.none(), st.just([]), st.lists(
                st.builds(lambda r, p: {"recipient": r, "purpose": p} if p else r,
                          st.sampled_from([r["id"] for r in recipients]), optional(text)),
                min_size=1, max_size=2, unique_by=lambda u: u if isinstance(u, str) else u["recipient"]))),
            "transfers": None if transfers == "none-stated" else [] if transfers == "none" else [
                clean({"recipient": r, "country": next(x["country"] for x in recipients if x["id"] == r),
                       "mechanism": m, "scc_module": draw(optional(st.sampled_from([1, 2, 3, 4]))) if m == "scc" else None,
                       "safeguards": draw(optional(text)), "notes": draw(optional(text)),
                       "tia": draw(optional(st.builds(lambda d, r: clean({"date": d, "reference": r}),
                                                      optional(day), optional(word))))})
                for r, m in [(draw(st.sampled_from(third)), draw(st.sampled_from(["scc", "dpf", "bcr"])))]],
            "retention": [clean({"data_categories": draw(st.lists(st.sampled_from(cats), max_size=1)) or None,
                                 "period": f"P{draw(st.integers(1, 30))}{draw(st.sampled_from('YMD'))}",
                                 "trigger": draw(optional(text)), "statute": draw(optional(st.just("§ 147 AO")))}),
                          *([{"criterion": draw(text)}] if draw(st.booleans()) else [])],
            "measures": draw(st.lists(st.sampled_from([m["id"] for m in measures]), unique=True)) or None,
            "dpia": draw(optional(st.builds(
                lambda s, d, r, c: clean({"status": s, "date": d, "reference": r, "criteria": c or None}),
                st.sampled_from(["required", "not-required", "done"]), optional(day), optional(word),
                st.lists(st.sampled_from(["large-scale", "sensitive-data", "systematic-monitoring"]), unique=True)))),
            "created": draw(optional(day)), "updated": draw(optional(day)), "reviewed": draw(optional(day)),
            "review_due": draw(optional(day)),
            "gaps": draw(optional(st.builds(lambda n: [{"field": "retention", "note": n}], text))),
            "conflicts": draw(optional(st.builds(lambda n: [{"field": "purposes", "note": n}], text))),
            "interpretations": draw(optional(st.builds(lambda n: [{"field": "legal_bases", "note": n}], text))),
        })
        activities.append(activity)
    used = {u if isinstance(u, str) else u["recipient"] for a in activities for u in a.get("recipients") or ()}
    used |= {t["recipient"] for a in activities for t in a.get("transfers") or ()}
    used_measures = {m for a in activities for m in a.get("measures") or ()}
    return {
        "registry": {"name": f"{org_name} Verzeichnis", "version": "2024-06", "date": _dt.date(2024, 6, 1)},
        "organisations": [org],
        "recipients": [r for r in recipients if r["id"] in used],
        "data_subjects": [s for s in subjects if any(s["id"] in a["data_subjects"] for a in activities)],
        "data_categories": [c for c in categories if any(c["id"] in a["data_categories"] for a in activities)],
        "measures": [m for m in measures if m["id"] in used_measures],
        "activities": activities,
    }


def round_trip(tmp_path: Path, original: Path, lang: str) -> Path:
    snap = snapshot(original)
    (workbook,) = [o for o in render(snap, ["xlsx"], [lang])]
    source = tmp_path / workbook.name
    source.write_bytes(workbook.data)
    into = tmp_path / f"imported-{lang}"
    import_file(source, into)
    return into


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(data=registries(), lang=st.sampled_from(["de", "en"]))
def test_generated_registries_come_back_fact_for_fact(tmp_path_factory, data: dict, lang: str) -> None:
    tmp_path = tmp_path_factory.mktemp("roundtrip")
    original = tmp_path / "original"
    original.mkdir()
    (original / "registry.yaml").write_text(dump_rt(rt_data({k: v for k, v in data.items() if v})), encoding="utf-8")
    before = load(original)
    assert not before.fatal, [str(f) for f in before.findings if f.fatal]
    after = load(round_trip(tmp_path, original, lang))
    assert not after.fatal
    changes = diff_registries(before.registry, after.registry, sources=False)
    assert [(c.collection, c.id, c.kind, [(f.path, f.old, f.new) for f in c.fields]) for c in changes] == []
    # and every imported fact cites a cell of the workbook
    for activity in after.registry.activities.values():
        assert activity.sources and all(s.sheet and s.row and s.column for s in activity.sources)


def record_tables(registry, lang: str) -> dict[str, list[list[str]]]:
    org = next(o.id for o in registry.organisations.values() if o.keeps_record)
    skip = {"sources"}  # the original cites its documents, the import the spreadsheet
    columns = [c for c in art30.columns("controller") if c.key not in skip]
    view = art30.View(registry, lang)
    out = {"activities": sorted([art30.cell(c, view, a) for c in columns]
                                for a in art30.activities(registry, org, "controller"))}

    def cells(columns, item) -> list[str]:  # the activities using an entry: in file order, which is layout
        return ["\n".join(sorted(v.split("\n"))) if c.key == "activities" else v
                for c, v in ((c, art30.cell(c, view, item)) for c in columns)]

    out["recipients"] = sorted(cells(art30.RECIPIENT_COLUMNS, r) for r in registry.recipients.values()
                               if any(a.organisation == org for a in registry.activities_using(r.id)))
    used = {m for a in registry.activities.values() if a.organisation == org for m in a.measures}
    out["measures"] = sorted(cells(art30.MEASURE_COLUMNS, m) for m in registry.measures.values() if m.id in used)
    return out


@pytest.mark.parametrize("lang", ["de", "en"])
def test_facts42_comes_back_as_the_same_record(tmp_path: Path, lang: str) -> None:
    original = ROOT / "registry"
    imported = load(round_trip(tmp_path, original, lang))
    assert not imported.fatal
    before = record_tables(load(original).registry, lang)
    after = record_tables(imported.registry, lang)
    for sheet in before:
        assert len(after[sheet]) == len(before[sheet]), sheet
        for old, new in zip(before[sheet], after[sheet]):
            assert new == old


@pytest.mark.parametrize("lang", ["de", "en"])
def test_recipient_certifications_come_back(tmp_path: Path, lang: str) -> None:
    """The clean sample's DPF listing (scheme, status, coverage, date checked) survives export and
    import: the import raises no RP305 that the original does not."""
    from ropa.check import check

    original = ROOT / "tests" / "fixtures" / "sample"
    before = load(original)
    after = load(round_trip(tmp_path, original, lang))
    assert not after.fatal
    for key, recipient in before.registry.recipients.items():
        assert after.registry.recipients[key].certifications == recipient.certifications, key
    assert any(r.certifications for r in before.registry.recipients.values())

    def rp305(result) -> list[str]:
        day = _dt.date(2024, 6, 1)  # within a year of the listing's check: the original has no RP305
        return [f.message for f in check(result, today=day).findings if f.code == "RP305"]

    assert rp305(before) == []
    assert rp305(after) == []
