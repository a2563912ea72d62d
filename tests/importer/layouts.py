"""Spreadsheets in the wording of the real templates, as a small German business keeps them.

One generator per layout: the DSK wide table (one row per activity, a merged title row naming
the organisation, "Stand" below it), the DSK form (*Muster*: a cover sheet and one sheet of
label | value rows per activity), the ICO template, the CNIL *registre*, and a German Excel
csv. Their cells hold what real records hold: several recipients in one cell separated by
commas, "lit. b und c", periods with a trigger, "USA (Google)", "findet nicht statt", a row
without a name. ``EXPECTED`` says, per layout, what the import must read from them.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

from openpyxl import Workbook

DSK_WIDE_HEADERS = [
    "Lfd. Nr.", "Bezeichnung der Verarbeitung", "Verantwortliche Fachabteilung / Ansprechpartner",
    "Zwecke der Verarbeitung", "Rechtsgrundlage", "Kategorien betroffener Personen",
    "Kategorien personenbezogener Daten", "Kategorien von Empfängern", "Drittlandübermittlung",
    "Fristen für die Löschung", "Technische und organisatorische Maßnahmen (TOM)", "Datum der letzten Änderung",
]


def dsk_wide(path: Path) -> Path:
    """The DSK fields as columns of one table; title and "Stand" above the header."""
    wb = Workbook()
    ws = wb.active
    ws.title = "VVT"
    ws.append(["Verzeichnis von Verarbeitungstätigkeiten der Bäckerei Müller GmbH"])
    ws.merge_cells("A1:L1")
    ws.append(["Stand: 01.03.2025"])
    ws.append([])
    ws.append(DSK_WIDE_HEADERS)  # row 4
    ws.append([1, "Lohn- und Gehaltsabrechnung", "Büro, Frau Müller", "Abrechnung der Löhne und Gehälter",
               "Art. 6 Abs. 1 lit. b und c DSGVO", "Beschäftigte", "Stammdaten, Bankverbindung, Steuer-ID",
               "Steuerberater Huber (DATEV), Krankenkassen, Finanzamt", "findet nicht statt",
               "10 Jahre nach Ende des Kalenderjahres", "Zugriffsbeschränkung; verschlossener Aktenschrank",
               _dt.datetime(2025, 2, 10)])
    ws.append([2, "Webseite mit Kontaktformular", None, "Beantwortung von Anfragen", "Art. 6 Abs. 1 lit. f DSGVO",
               "Webseitenbesucher", "Name, E-Mail-Adresse, Nachricht",
               "Webhoster (Auftragsverarbeiter)", "USA (Google)", "6 Monate", "TLS-Verschlüsselung",
               _dt.datetime(2025, 1, 20)])
    ws.append([3, None, None, None, "Art. 6 Abs. 1 lit. b DSGVO"])  # a row without a name: skipped, reported
    ws.append([4, "Videoüberwachung Verkaufsraum", None, "Schutz vor Diebstahl", "Art. 6 Abs. 1 lit. f DSGVO",
               "Kunden; Beschäftigte", "Videoaufnahmen", "keine", "keine", "72 Stunden", "Zugriff nur Inhaber",
               _dt.datetime(2024, 11, 5)])
    wb.save(path)
    return path


def dsk_form(path: Path) -> Path:
    """DSK *Muster*: the cover sheet, then one sheet per activity (label | value)."""
    wb = Workbook()
    cover = wb.active
    cover.title = "Deckblatt"
    for row in (["Verzeichnis von Verarbeitungstätigkeiten Verantwortlicher gem. Artikel 30 Abs. 1 DSGVO"],
                [],
                ["Angaben zum Verantwortlichen"],
                ["Name", "Bäckerei Müller GmbH"],
                ["Straße", "Hauptstraße 1"],
                ["PLZ", "12345"],
                ["Ort", "Musterstadt"],
                ["E-Mail-Adresse", "info@baeckerei-mueller.example"],
                [],
                ["Stand", _dt.datetime(2025, 3, 1)]):
        cover.append(row)
    sheets = [
        ("Personal", [
            ("Bezeichnung der Verarbeitungstätigkeit", "Personalverwaltung"),
            ("Datum der Anlegung", "15.01.2024"),
            ("Datum der letzten Änderung", "10.02.2025"),
            ("Verantwortliche Fachabteilung / Ansprechpartner", "Büro, Frau Müller"),
            ("Zwecke der Verarbeitung", "Durchführung des Beschäftigungsverhältnisses"),
            ("Rechtsgrundlage", "Art. 6 Abs. 1 lit. b DSGVO, § 26 BDSG"),
            ("Kategorien betroffener Personen", "Beschäftigte, Auszubildende"),
            ("Kategorien personenbezogener Daten", "Stammdaten, Arbeitszeiten, Bankverbindung"),
            ("Kategorien von Empfängern, gegenüber denen die personenbezogenen Daten offengelegt worden sind "
             "oder noch offengelegt werden", "Steuerberater Huber (Auftragsverarbeiter)\nFinanzamt"),
            ("Übermittlungen von personenbezogenen Daten an ein Drittland oder an eine internationale "
             "Organisation", "findet nicht statt"),
            ("Löschfrist", "10 Jahre nach Ende des Kalenderjahres"),
            ("Allgemeine Beschreibung der technischen und organisatorischen Maßnahmen (TOM) gemäß Art. 32 "
             "Abs. 1 DSGVO", "Zugriffskontrolle, abschließbare Schränke"),
        ]),
        ("Newsletter", [
            ("Bezeichnung der Verarbeitungstätigkeit", "Newsletter"),
            ("Datum der Anlegung", _dt.datetime(2024, 5, 1)),
            ("Zwecke der Verarbeitung", "Versand von Angeboten per E-Mail"),
            ("Rechtsgrundlage", "Einwilligung"),
            ("Kategorien betroffener Personen", "Kunden"),
            ("Kategorien personenbezogener Daten", "E-Mail-Adresse"),
            ("Kategorien von Empfängern, gegenüber denen die personenbezogenen Daten offengelegt worden sind "
             "oder noch offengelegt werden", "Newsletter-Dienst (Auftragsverarbeiter)"),
            ("Übermittlungen von personenbezogenen Daten an ein Drittland oder an eine internationale "
             "Organisation", "USA (Google)"),
            ("Fristen für die Löschung der verschiedenen Datenkategorien", "bis zum Widerruf der Einwilligung"),
            ("Allgemeine Beschreibung der technischen und organisatorischen Maßnahmen (TOM) gemäß Art. 32 "
             "Abs. 1 DSGVO", "Double-Opt-In"),
        ]),
    ]
    for title, rows in sheets:
        ws = wb.create_sheet(title)
        for label, value in rows:
            ws.append([label, value])
    wb.save(path)
    return path


def ico(path: Path) -> Path:
    """ICO template: the controller's details above the table; no as-of date (given with --date)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Controller"
    for row in (["Name", "Miller's Bakery Ltd"], ["Address", "1 High Street, London"],
                ["Email", "hello@millers.example"], []):
        ws.append(row)
    ws.append(["Business function", "Purpose of processing", "Name of processing activity",
               "Categories of individuals", "Categories of personal data", "Categories of recipients",
               "Names of third countries or international organisations that personal data are transferred to "
               "(if applicable)", "Retention schedule (if possible)",
               "General description of technical and organisational security measures (if possible)",
               "Article 6 lawful basis for processing personal data"])  # row 5
    ws.append(["HR", "Paying staff", "Payroll", "Employees", "Name; bank details", "HMRC; Payroll bureau (processor)",
               "None", "6 years", "Access control", "Art. 6(1)(b) and (c) GDPR"])
    ws.append(["Sales", "Online orders", "Web shop", "Customers", "Name; address",
               "Courier; Payment provider (processor)", "None", "2 years after the order", "Encryption",
               "Contract"])
    wb.save(path)
    return path


def cnil(path: Path) -> Path:
    """CNIL *registre*: the organisation sheet and one *fiche* per activity, dated."""
    wb = Workbook()
    org = wb.active
    org.title = "Organisme"
    for row in (["Responsable du traitement"], ["Nom", "Boulangerie Martin SARL"], ["Adresse", "1 rue de la Paix"],
                ["CP", "75002"], ["Ville", "Paris"]):
        org.append(row)
    ws = wb.create_sheet("Fiche 1")
    for label, value in (("Nom / sigle du traitement", "Gestion de la paie"),
                         ("Date de création de la fiche", _dt.datetime(2023, 9, 1)),
                         ("Date de dernière mise à jour de la fiche", _dt.datetime(2025, 1, 15)),
                         ("Finalité(s) du traitement effectué", "Calcul et versement des salaires"),
                         ("Base légale", "Obligation légale"),
                         ("Catégories de personnes concernées", "Salariés"),
                         ("Catégories de données collectées", "État civil; Données bancaires"),
                         ("Durées de conservation des catégories de données", "5 ans"),
                         ("Destinataires internes", "Service RH"),
                         ("Sous-traitants", "Prestataire de paie"),
                         ("Transferts des données hors UE", "Aucun"),
                         ("Mesures de sécurité", "Contrôle d'accès des utilisateurs")):
        ws.append([label, value])
    wb.save(path)
    return path


def german_csv(path: Path, encoding: str = "cp1252") -> Path:
    """German Excel "CSV (Trennzeichen-getrennt)": ``;``, CRLF, cp1252; dated per row."""
    import csv
    import io

    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(["Nr.", "Name der Verarbeitungstätigkeit", "Zweck", "Rechtsgrundlage", "Betroffene",
                     "Datenkategorien", "Empfänger", "Drittland", "Löschfrist", "Datum der letzten Änderung"])
    writer.writerow(["1", "Kundenkartei", "Kundenbetreuung", "Art. 6 Abs. 1 lit. b DSGVO", "Kunden",
                     "Name; Anschrift", "keine", "keine", "3 Jahre", "02.02.2025"])
    writer.writerow(["2", "Lieferantenverwaltung", "Einkauf", "Art. 6 Abs. 1 lit. b und f DSGVO", "Lieferanten",
                     "Ansprechpartner", "Steuerberater", "keine", "10 Jahre", "05.01.2025"])
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


LAYOUTS = {"dsk-wide": (dsk_wide, "xlsx"), "dsk-form": (dsk_form, "xlsx"), "ico": (ico, "xlsx"),
           "cnil": (cnil, "xlsx"), "csv": (german_csv, "csv")}
