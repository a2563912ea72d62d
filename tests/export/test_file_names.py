"""Export file names are unique per organisation by construction (issue 29 item 1), and a
clash is refused before anything is written."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from ropa.cli import app
from ropa.export import ExportError, Output, render, snapshots, unique_names
from tests.helpers import write_registry

ORGS = ("acme.de", "acme-de", "a_b", "a-b")


def _registry(tmp_path):
    orgs = "".join(f"  - id: {o}\n    name: Org {o}\n    address: {{city: Berlin, country: DE}}\n" for o in ORGS)
    acts = "".join(f"  - id: act-{i}\n    name: Activity {i}\n    organisation: {o}\n    purposes: [Test]\n"
                   for i, o in enumerate(ORGS))
    return write_registry(tmp_path / "registry", {
        "registry.yaml": "registry:\n  name: Test\n  version: '1'\n  date: 2024-01-15\norganisations:\n" + orgs,
        "activities.yaml": "activities:\n" + acts})


def test_organisations_whose_ids_differ_only_in_separators_get_their_own_files(tmp_path):
    root = _registry(tmp_path)
    outputs = [o for snap in snapshots(root) for o in render(snap, ["md", "json"], ["en"], kinds=("record", "report"))]
    names = [o.name for o in outputs]
    assert len(names) == len(set(names)) == 4 * 4
    for org in ORGS:
        assert {f"ropa-{org}-en.md", f"ropa-{org}.json", f"review-{org}-en.md", f"review-{org}.json"} <= set(names)
        record = next(o for o in outputs if o.name == f"ropa-{org}.json").data.decode()
        assert f'"name": "Org {org}"' in record
        assert all(f'"name": "Org {other}"' not in record for other in ORGS if other != org)
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["export", str(root), "--out", str(out), "-f", "md", "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == sorted(f"ropa-{o}-en.md" for o in ORGS)


def test_two_outputs_with_one_name_are_refused_with_a_catalogue_error():
    outputs = [Output("ropa-x-de.md", b"a"), Output("ropa-y-de.md", b"b"), Output("ropa-x-de.md", b"c")]
    with pytest.raises(ExportError) as caught:
        unique_names(outputs, "de")
    assert caught.value.lines == ("ropa-x-de.md: zwei Verzeichnisse dieses Registers würden diese Datei "
                                  "schreiben; nichts wurde geschrieben",)
    with pytest.raises(ExportError) as caught:
        unique_names(outputs, "en")
    assert "two records of this registry would write this file" in caught.value.lines[0]
    unique_names(outputs[:2])  # distinct names pass
