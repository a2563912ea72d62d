"""Spreadsheets built the way people keep their record: the DSK form (German), the ICO
template (English), the CNIL registre (French), a csv in German Excel's dialect.

The column and field wordings are the templates' own (``../shared/REFERENCE.md``), with
the variations real files have (numbering, line breaks in labels, "(if applicable)").
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

from openpyxl import Workbook


def dsk_form(path: Path) -> Path:
    """DSK *Muster*: a cover sheet and one field | value block per activity."""
    wb = Workbook()
    cover = wb.active
    cover.title = "Deckblatt"
    for row in (["Verzeichnis von Verarbeitungstätigkeiten Verantwortlicher gem. Artikel 30 Abs. 1 DSGVO"],
                [],
                ["Angaben zum Verantwortlichen"],
                ["Name", "Muster GmbH"],
                ["Straße", "Hauptstraße 1"],
                ["PLZ", "10115"],
                ["Ort", "Berlin"],
                ["Telefon", "030 123456"],
                ["E-Mail-Adresse", "info@muster.example"],
                ["Internet-Adresse", "https://muster.example"],
                [],
                ["Angaben zum Datenschutzbeauftragten"],
                ["Name", "Erika Beispiel"],
                ["Telefon", "030 654321"],
                ["E-Mail", "dsb@muster.example"]):
        cover.append(row)
    ws = wb.create_sheet("VVT")
    blocks = [
        [("1. Bezeichnung der Verarbeitungstätigkeit", "Lohn- und Gehaltsabrechnung"),
         ("2. Datum der Anlegung", _dt.datetime(2024, 1, 15)),
         ("3. Verantwortliche Fachabteilung, Ansprechpartner", "Personalabteilung"),
         ("4. Zwecke der Verarbeitung", "Abrechnung der Löhne und Gehälter"),
         ("Rechtsgrundlage", "Art. 6 Abs. 1 lit. b DSGVO\nArt. 6 Abs. 1 lit. c DSGVO i.V.m. § 41 EStG"),
         ("5. Kategorien betroffener Personen", "Beschäftigte"),
         ("6. Kategorien personenbezogener\nDaten", "Name, Anschrift, Bankverbindung"),
         ("7. Kategorien von Empfängern\n(intern, extern, Drittland)", "Steuerberater (Auftragsverarbeiter); Finanzamt"),
         ("8. Drittlandübermittlung", "findet nicht statt und ist auch nicht geplant"),
         ("9. Fristen für die Löschung", "10 Jahre"),
         ("10. Technische und organisatorische Maßnahmen (TOM)", "Zugriffskontrolle; Verschlüsselung")],
        [("1. Bezeichnung der Verarbeitungstätigkeit", "Bewerbermanagement"),
         ("2. Datum der Anlegung", "01.03.2024"),
         ("4. Zwecke der Verarbeitung", "Auswahl von Bewerberinnen und Bewerbern"),
         ("Rechtsgrundlage", "Vertragsanbahnung\nEinwilligung"),
         ("5. Kategorien betroffener Personen", "Bewerber"),
         ("6. Kategorien personenbezogener\nDaten", "Name, Lebenslauf"),
         ("7. Kategorien von Empfängern\n(intern, extern, Drittland)", "keine"),
         ("8. Drittlandübermittlung", "findet nicht statt und ist auch nicht geplant"),
         ("9. Fristen für die Löschung", "6 Monate nach Abschluss des Verfahrens\nbis zum Widerruf der Einwilligung"),
         ("10. Technische und organisatorische Maßnahmen (TOM)", "Zugriffskontrolle")],
    ]
    for block in blocks:
        for label, value in block:
            ws.append([label, value])
            ws.merge_cells(start_row=ws.max_row, start_column=2, end_row=ws.max_row, end_column=4)
        ws.append([])
    wb.save(path)
    return path


ICO_HEADERS = [
    "Business function", "Purpose of processing", "Name and contact details of joint controller (if applicable)",
    "Categories of individuals", "Categories of personal data", "Categories of recipients",
    "Link to contract with processor",
    "Names of third countries or international organisations that personal data are transferred to (if applicable)",
    "Safeguards for exceptional transfers of personal data to third countries or international organisations "
    "(if applicable)",
    "Retention schedule (if possible)",
    "General description of technical and organisational security measures (if possible)",
    "Article 6 lawful basis for processing personal data", "Article 9 basis for processing special category data",
    "Legitimate interests for the processing (if applicable)",
    "Link to record of legitimate interests assessment (if applicable)", "Rights available to individuals",
    "Existence of automated decision-making, including profiling (if applicable)", "Source of the personal data",
    "Data Protection Impact Assessment required?", "Data Protection Impact Assessment progress",
]


def ico_table(path: Path) -> Path:
    """ICO documentation template: the controller's details above one row per activity."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Controller"
    for row in (["Name", "ACME Ltd"], ["Address", "1 High Street, London"], ["Email", "privacy@acme.example"],
                ["Telephone", "020 7946 0000"], []):
        ws.append(row)
    ws.append(ICO_HEADERS)  # row 6
    ws.append(["HR", "Payroll", None, "Employees", "Name, address, bank details",
               "HMRC; Payroll provider (processor)", "contracts/payroll.pdf", "None", None, "6 years",
               "Access control", "Art. 6(1)(b) GDPR; Art. 6(1)(c) GDPR", None, None, None,
               "Access, rectification", "No", "Employees", "No", None])
    ws.append(["Marketing", "Newsletter", None, "Customers", "Email address",
               "Mailchimp (processor; United States)", None,
               "United States: Mailchimp – standard contractual clauses", None,
               "Until consent is withdrawn", "Encryption", "Consent", None, None, None,
               "Withdraw consent", "No", "Data subject", "No", None])
    ws.append(["Sales", "Prospect research", None, "Prospects", "Name", "none", None, "None", None, "2 years",
               None, "Article 6(1)(f)", None, "Direct marketing to business contacts", None, None, None,
               "Public sources", "Not sure", None])
    wb.save(path)
    return path


def cnil_registre(path: Path) -> Path:
    """CNIL *registre*: an organisation sheet and one sheet (fiche) per activity."""
    wb = Workbook()
    org = wb.active
    org.title = "Organisme"
    for row in (["Responsable du traitement"], ["Nom", "Exemple SAS"], ["Adresse", "1 rue de la Paix"],
                ["CP", "75002"], ["Ville", "Paris"], ["Téléphone", "01 23 45 67 89"],
                ["Courriel", "contact@exemple.example"]):
        org.append(row)
    fiches = [
        [("Nom / sigle du traitement", "Gestion de la paie"),
         ("Date de création de la fiche", _dt.datetime(2023, 9, 1)),
         ("Nom du logiciel ou de l'application", "Logiciel de paie"),
         ("Finalité(s) du traitement effectué", "Calcul et versement des salaires"),
         ("Base légale", "Obligation légale"),
         ("Catégories de personnes concernées", "Salariés"),
         ("Catégories de données collectées", "État civil, Données bancaires"),
         ("Données sensibles", "Non"),
         ("Durées de conservation des catégories de données", "5 ans"),
         ("Destinataires internes", "Service RH"),
         ("Sous-traitants", "Prestataire de paie"),
         ("Transferts des données hors UE", "Aucun"),
         ("Mesures de sécurité", "Contrôle d'accès des utilisateurs; Sauvegarde des données")],
        [("Nom / sigle du traitement", "Vidéosurveillance"),
         ("Finalité(s) du traitement effectué", "Sécurité des locaux"),
         ("Base légale", "Intérêt légitime"),
         ("Catégories de personnes concernées", "Salariés, Visiteurs"),
         ("Catégories de données collectées", "Images"),
         ("Durées de conservation des catégories de données", "30 jours"),
         ("Transferts des données hors UE", "Aucun")],
    ]
    for number, fiche in enumerate(fiches, 1):
        ws = wb.create_sheet(f"Fiche {number}")
        ws.append(["Activité de traitement"])
        for label, value in fiche:
            ws.append([label, value])
    wb.save(path)
    return path


CSV_HEADER = ["Nr.", "Bezeichnung der Verarbeitungstätigkeit", "Zwecke der Verarbeitung", "Rechtsgrundlage",
              "Kategorien betroffener Personen", "Kategorien personenbezogener Daten", "Kategorien von Empfängern",
              "Drittlandübermittlung", "Fristen für die Löschung", "TOM", "Datum der Anlegung"]
CSV_ROWS = [
    ["1", "Kundenverwaltung", "Verwaltung der Kundenbeziehung\nRechnungsstellung", "Art. 6 Abs. 1 lit. b DSGVO",
     "Kunden", "Name; Anschrift; Zahlungsdaten", "keine", "keine", "10 Jahre", "Zugriffskontrolle", "01.02.2024"],
    ["2", "Webanalyse", "Reichweitenmessung", "berechtigtes Interesse", "Websitebesucher", "IP-Adresse",
     "Analyseanbieter (Auftragsverarbeiter; Irland)", "keine", "14 Monate", "Pseudonymisierung", "irgendwann"],
]


def german_excel_csv(path: Path, encoding: str = "utf-8-sig") -> Path:
    """What German Excel writes: ``;`` between cells, CRLF, UTF-8 with BOM ("CSV UTF-8") or cp1252."""
    import csv
    import io

    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    writer.writerows(CSV_ROWS)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path
