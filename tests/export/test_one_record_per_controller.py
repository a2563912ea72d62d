"""One record per controller: exports, summary and views show one organisation's record; a third
party described for due diligence (keeps_record: false) never appears in another's report."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import openpyxl
from typer.testing import CliRunner

from ropa.check import check
from ropa.cli import app
from ropa.export import render, snapshot, snapshots
from ropa.inspect.summary import summary
from ropa.load import load

ROOT = Path(__file__).resolve().parents[2]
FACTS42 = ROOT / "registry"
CONTROLLER = ROOT / "tests" / "fixtures" / "controller"


def _xlsx_text(data: bytes) -> str:
    wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    return "\n".join(str(v) for ws in wb.worksheets for row in ws.iter_rows(values_only=True)
                     for v in row if v is not None)


def _csv_text(data: bytes) -> str:
    return "\n".join(",".join(row) for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_facts42_files_hold_no_bitrix24_activity():
    """The default export of the bundled registry: FACTS42's record only, read back from xlsx and csv."""
    registry = load(FACTS42).registry
    vendors = {o.id for o in registry.organisations.values() if not o.keeps_record}
    assert vendors == {"bitrix-inc", "bitrix24-limited"}
    vendor_activities = [a for a in registry.activities.values() if a.organisation in vendors]
    own = [a.id for a in registry.activities.values() if a.organisation == "facts42"]
    assert vendor_activities and own

    snaps = snapshots(FACTS42)
    assert [s.organisation for s in snaps] == ["facts42"] and not snaps[0].third_party
    outputs = {o.name: o.data for o in render(snaps[0], ["xlsx", "csv"])}
    assert set(outputs) >= {"ropa-facts42-de.xlsx", "ropa-facts42-en.xlsx", "ropa-facts42-de-activities.csv"}
    for name, data in outputs.items():
        text = _xlsx_text(data) if name.endswith(".xlsx") else _csv_text(data)
        for activity in vendor_activities:
            # an activity id as a cell or at the start of a "id: name" reference, never as a record
            assert f"\n{activity.id}\n" not in f"\n{text}\n", (name, activity.id)
            assert f"{activity.id}: " not in text, (name, activity.id)
        for vendor in ("Bitrix, Inc.", "BITRIX24 LIMITED"):
            assert f"Third party, described for due diligence: {vendor}" not in text
    activities_csv = list(csv.reader(io.StringIO(outputs["ropa-facts42-en-activities.csv"].decode())))
    assert [row[0] for row in activities_csv[1:]] == own
    assert "ropa-facts42-en-processor-activities.csv" not in outputs  # Bitrix24's processor records stay out


def test_third_parties_only_on_request_and_labelled(tmp_path):
    default = CliRunner().invoke(app, ["export", str(CONTROLLER), "--out", str(tmp_path / "a"), "-f", "csv"])
    assert default.exit_code == 0, default.output
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert names and all(n.startswith("ropa-shop-") for n in names)
    text = "".join((tmp_path / "a" / n).read_text() for n in names)
    assert "vs-location-tracking" not in text and "location-cloud" not in text and "Standortdaten" not in text
    assert "Location Cloud" not in text  # the vendor's own recipient is not the controller's

    both = CliRunner().invoke(app, ["export", str(CONTROLLER), "--out", str(tmp_path / "b"), "-f", "md",
                                    "--lang", "en", "--third-parties"])
    assert both.exit_code == 0, both.output
    assert sorted(p.name for p in (tmp_path / "b").iterdir()) == ["due-diligence-vendorsoft-en.md",
                                                                   "ropa-shop-en.md"]
    vendor = (tmp_path / "b" / "due-diligence-vendorsoft-en.md").read_text()
    assert vendor.startswith("# A third party's processing as its own documents describe it, for due "
                             "diligence (not part of our record of processing activities): VendorSoft Ltd.")
    assert "contact-form" not in vendor and "Controller: Beispiel Shop GmbH" not in vendor
    assert "### Third party, described for due diligence: VendorSoft Ltd." in vendor
    assert "vs-location-tracking" in vendor
    assert "Name and contact details of the controller" not in vendor  # the party is on the cover, once
    shop = (tmp_path / "b" / "ropa-shop-en.md").read_text()
    assert "vs-location-tracking" not in shop and "VendorSoft Ltd." in shop  # as the shop's recipient only


def test_findings_of_a_third_party_stay_out_of_the_controllers_report():
    [shop] = snapshots(CONTROLLER)
    targets = {f.target for f in shop.findings}
    assert "contact-form" in targets and "vendorsoft-service" in targets
    assert not targets & {"vs-location-tracking", "vendorsoft", "location-cloud"}
    # ... but the validator judges the vendor's record as the vendor's (the whole registry)
    assert "vs-location-tracking" in {f.target for f in shop.report.findings}
    [vendor] = snapshots(CONTROLLER, ["vendorsoft"])
    assert vendor.third_party and {f.target for f in vendor.findings} >= {"vs-location-tracking"}
    assert "contact-form" not in {f.target for f in vendor.findings}


def test_json_names_the_record_and_holds_only_its_entries():
    snap = snapshot(CONTROLLER)
    [out] = [o for o in render(snap, ["json"])]
    doc = json.loads(out.data)
    assert out.name == "ropa-shop.json"
    assert doc["registry"]["organisation"] == "shop" and doc["registry"]["third_party"] is False
    assert [o["id"] for o in doc["organisations"]] == ["shop"]
    assert [a["id"] for a in doc["activities"]] == ["contact-form"]
    assert [r["id"] for r in doc["recipients"]] == ["vendorsoft-service"]
    assert [c["id"] for c in doc["data_categories"]] == ["contact-data"]


def test_unknown_organisation_and_no_record_keeper_exit_2(tmp_path):
    result = CliRunner().invoke(app, ["export", str(CONTROLLER), "--organisation", "nope", "--out", str(tmp_path)])
    assert result.exit_code == 2 and "unknown organisation 'nope'" in result.output
    assert not any(tmp_path.iterdir())


def test_summary_counts_the_record_keepers_only():
    report = check(load(CONTROLLER))
    s = summary(report, "en")
    assert s.organisations == ["shop"] and s.activities == 1 and s.by_organisation == {"shop": 1}
    assert s.third_parties == {"vendorsoft": 1}
    assert s.by_country == {}  # the vendor's US transfer is not the shop's
    assert summary(report, "en", organisation="vendorsoft").by_country == {"US": 1}
    shown = CliRunner().invoke(app, ["summary", "-r", str(CONTROLLER)])
    assert shown.exit_code == 0, shown.output
    assert "  shop     1" in shown.output and "Left out: third parties" in shown.output
    assert "  vendorsoft     1" in shown.output
