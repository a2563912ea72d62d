"""Write ``verzeichnis-beispiel.xlsx``: a small record kept the way a German business keeps it.

    python docs/examples/make_sample.py          # rewrites docs/examples/verzeichnis-beispiel.xlsx
    ropa import docs/examples/verzeichnis-beispiel.xlsx --into /tmp/baeckerei

A DSK-style wide table (the fields of the DSK *Muster* as columns, one row per activity) of
a fictitious bakery, with a title row naming the organisation and the as-of date ("Stand")
above it, and cells as people write them: several recipients in one cell, "lit. b und c",
periods with a trigger, "findet nicht statt". The file is deterministic (fixed document
properties and zip timestamps): a test writes it again and compares the bytes.
"""

from __future__ import annotations

import datetime as _dt
import io
import re
import sys
import zipfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

OUT = Path(__file__).resolve().parent / "verzeichnis-beispiel.xlsx"
FIXED = _dt.datetime(2025, 3, 1)

HEADERS = ["Lfd. Nr.", "Bezeichnung der Verarbeitungstätigkeit", "Verantwortliche Fachabteilung / Ansprechpartner",
           "Zwecke der Verarbeitung", "Rechtsgrundlage", "Kategorien betroffener Personen",
           "Kategorien personenbezogener Daten", "Kategorien von Empfängern", "Drittlandübermittlung",
           "Fristen für die Löschung", "Technische und organisatorische Maßnahmen (TOM)",
           "Datum der letzten Änderung"]
ROWS = [
    [1, "Lohn- und Gehaltsabrechnung", "Büro, Frau Müller", "Abrechnung der Löhne und Gehälter",
     "Art. 6 Abs. 1 lit. b und c DSGVO", "Beschäftigte", "Stammdaten\nBankverbindung\nSteuer- und SV-Daten",
     "Steuerberater Huber (Auftragsverarbeiter)\nKrankenkassen\nFinanzamt", "findet nicht statt",
     "10 Jahre nach Ende des Kalenderjahres", "Zugriff nur Büro\nverschlossener Aktenschrank",
     _dt.datetime(2025, 2, 10)],
    [2, "Kundenbestellungen (Torten)", "Verkauf, Herr Müller", "Annahme und Abwicklung von Bestellungen",
     "Art. 6 Abs. 1 lit. b DSGVO", "Kunden", "Name, Telefonnummer, Bestellung", "keine", "findet nicht statt",
     "6 Monate", "Bestellbuch im Büro", _dt.datetime(2025, 1, 20)],
    [3, "Videoüberwachung Verkaufsraum", "Inhaber", "Schutz vor Diebstahl und Vandalismus",
     "Art. 6 Abs. 1 lit. f DSGVO", "Kunden\nBeschäftigte", "Videoaufnahmen", "keine", "findet nicht statt",
     "72 Stunden", "Zugriff nur Inhaber", _dt.datetime(2024, 11, 5)],
    [4, "Webseite mit Kontaktformular", "Inhaber", "Beantwortung von Anfragen", "Art. 6 Abs. 1 lit. f DSGVO",
     "Webseitenbesucher", "Name, E-Mail-Adresse, Nachricht", "Webhoster (Auftragsverarbeiter)", "keine",
     "6 Monate", "TLS-Verschlüsselung", _dt.datetime(2025, 1, 20)],
]


def workbook() -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = "VVT"
    ws.append(["Verzeichnis von Verarbeitungstätigkeiten der Bäckerei Müller GmbH"])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(["Stand: 01.03.2025"])
    ws.append([])
    ws.append(HEADERS)
    for cell in ws[4]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in ROWS:
        ws.append(row)
        for cell in ws[ws.max_row]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if isinstance(cell.value, _dt.datetime):
                cell.number_format = "DD.MM.YYYY"
    for letter, width in zip("ABCDEFGHIJKL", (8, 28, 22, 30, 24, 20, 26, 30, 18, 26, 26, 14)):
        ws.column_dimensions[letter].width = width
    wb.properties.creator = "ropa docs/examples/make_sample.py"
    wb.properties.created = FIXED
    wb.properties.modified = FIXED
    return wb


def data() -> bytes:
    """The workbook's bytes, deterministic: entries in openpyxl's order, each with a fixed timestamp."""
    buffer = io.BytesIO()
    workbook().save(buffer)
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2025, 3, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            body = source.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the time of saving
                body = re.sub(rb"(<dcterms:modified[^>]{0,80}>)[^<]{0,40}(</dcterms:modified>)",
                              rb"\g<1>2025-03-01T00:00:00Z\g<2>", body)
            target.writestr(fixed, body)
    return out.getvalue()


def main() -> int:
    OUT.write_bytes(data())
    print(OUT)
    return 0


if __name__ == "__main__":
    sys.exit(main())
