"""The one definition of the Art. 30 columns: labels, paragraphs and cells of the sample."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from ropa import art30, labels

SAMPLE = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "sample"


def cells(registry, lang, record="controller"):
    cols = art30.columns(record)
    return {row[0]: dict(zip((c.key for c in cols), row)) for row in art30.rows(registry, lang, record=record)}


def test_every_art30_point_has_a_column():
    controller = {c.paragraph for c in art30.columns("controller")}
    assert {f"30(1)({x})" for x in "abcdefg"} <= controller
    processor = {c.paragraph for c in art30.columns("processor")}
    assert {f"30(2)({x})" for x in "abcd"} <= processor


def test_keys_unique_and_labels_in_both_languages():
    for cols in (art30.CONTROLLER_COLUMNS, art30.PROCESSOR_COLUMNS, art30.RECIPIENT_COLUMNS,
                 art30.TRANSFER_COLUMNS, art30.MEASURE_COLUMNS, art30.FINDING_COLUMNS):
        keys = [c.key for c in cols]
        assert len(keys) == len(set(keys))
        assert all(c.label("de") and c.label("en") for c in cols)


def test_headings_follow_dsk_and_ico_wording():
    by_key = {c.key: c for c in art30.columns()}
    assert by_key["purposes"].heading("de") == "Zwecke der Verarbeitung (Art. 30 Abs. 1 lit. b)"
    assert by_key["purposes"].heading("en") == "Purpose of processing (Art. 30(1)(b))"
    assert by_key["retention"].label("de") == "Fristen für die Löschung"
    assert by_key["retention"].label("en") == "Retention schedule"
    assert by_key["data_subjects"].label("en") == "Categories of individuals"


def test_sample_cells_german(sample):
    row = cells(sample, "de")["web-analytics"]
    assert row["activity"] == "Webanalyse"
    assert row["legal_bases"].startswith("Art. 6 Abs. 1 lit. a DSGVO (Einwilligung)")
    assert "Cookie-Banner" in row["legal_bases"]
    assert row["transfers"] == ("Vereinigte Staaten (US): Analytics Inc. – EU-US Data Privacy Framework "
                                "(Art. 45 DSGVO, Durchführungsbeschluss (EU) 2023/1795)")
    assert row["retention"] == "14 Monate"
    assert cells(sample, "de")["web-server-logs"]["transfers"] == "findet nicht statt und ist auch nicht geplant"


def test_sample_cells_english(sample):
    rows = cells(sample, "en")
    logs = rows["web-server-logs"]
    assert logs["purposes"] == "Error-free delivery of the website"
    assert logs["recipients"] == "Hosting AG (Hosting provider; processor; Germany)"
    assert logs["retention"] == "7 days from Time of the request"
    assert logs["dpia"] == "not required; 2024-01-10"
    assert logs["review_due"] == "2025-01-15"
    assert rows["web-analytics"]["data_categories"] == "IP address"
    assert logs["controller"].splitlines()[0] == "Example GmbH"


def test_no_processor_rows_in_sample(sample):
    assert list(art30.rows(sample, "en", record="processor")) == []
    assert len(list(art30.rows(sample, "en", organisation="example"))) == 2
    assert list(art30.rows(sample, "en", organisation="other")) == []


@pytest.mark.parametrize("period,de,en", [
    ("P10Y", "10 Jahre", "10 years"), ("P1M", "1 Monat", "1 month"), ("P7D", "7 Tage", "7 days"),
    ("P1Y6M", "1 Jahr 6 Monate", "1 year 6 months"), ("PT24H", "24 Stunden", "24 hours"),
])
def test_durations(period, de, en):
    assert labels.fmt_duration(period, "de") == de
    assert labels.fmt_duration(period, "en") == en


def test_dates():
    assert labels.fmt_date(dt.date(2024, 1, 5), "de") == "05.01.2024"
    assert labels.fmt_date(dt.date(2024, 1, 5), "en") == "2024-01-05"


def test_unknown_column_set():
    with pytest.raises(ValueError):
        art30.columns("auditor")  # type: ignore[arg-type]


def test_cells_of_two_registries_do_not_mix(tmp_path, sample):
    """Catalogue texts are made once per view (art30.View, one per registry and language); never served to another."""
    import gc
    import shutil
    import weakref

    from ropa.load import load

    root = tmp_path / "reg"
    shutil.copytree(SAMPLE, root)
    path = root / "recipients.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Hosting AG", "Other Host SE"), encoding="utf-8")
    other = load(root).registry
    for _ in range(2):  # alternating: each rows() call makes its own view
        assert cells(sample, "en")["web-server-logs"]["recipients"].startswith("Hosting AG (")
        assert cells(other, "en")["web-server-logs"]["recipients"].startswith("Other Host SE (")
    gone = weakref.ref(other)
    del other
    gc.collect()
    assert gone() is None  # nothing the cells were made with keeps the registry alive


def test_exports_in_one_process_equal_each_alone():
    """Two exports in one process (FACTS42 in German, then the sample in English) give the same
    bytes as each made alone in a fresh process: no cell text made for one reaches the other."""
    import hashlib
    import subprocess
    import sys

    from ropa.export import render, snapshot

    facts42 = Path(__file__).resolve().parents[2] / "registry"
    formats = ["xlsx", "csv", "md", "html", "json"]
    script = ("import hashlib, sys\nfrom ropa.export import render, snapshot\n"
              f"for o in render(snapshot(sys.argv[1]), {formats!r}, [sys.argv[2]]):\n"
              "    print(o.name, hashlib.sha256(o.data).hexdigest())\n")
    alone = {}
    for path, lang in ((facts42, "de"), (SAMPLE, "en")):
        out = subprocess.run([sys.executable, "-c", script, str(path), lang], capture_output=True, text=True,
                             check=True).stdout
        alone.update(line.split(" ") for line in out.splitlines())
    together = {}
    for path, lang in ((facts42, "de"), (SAMPLE, "en")):
        together.update((o.name, hashlib.sha256(o.data).hexdigest()) for o in render(snapshot(path), formats, [lang]))
    assert len(alone) > 10 and together == alone
