"""Every text ``ropa import`` shows or writes, in German and English.

Errors (``ImportFailed``) and the lines of ``--show-mapping`` are shown in the command's
``--lang``; the notes of the gaps and interpretations the importer records in the registry
are written in both languages (``{de: ..., en: ...}``): they are the tool's words, not
the spreadsheet's, whose text is always kept verbatim.
"""

from __future__ import annotations

from typing import Any

from ropa.findings import RopaError

MESSAGES: dict[str, tuple[str, str]] = {
    # errors: one line each, naming the file (and sheet, row, cell where there is one)
    "no-file": ("{file}: Datei nicht gefunden", "{file}: no such file"),
    "ods": ("{file}: .ods wird nicht gelesen (keine gepflegte reine Python-Bibliothek liest es ohne "
            "Systempakete); bitte als .xlsx oder .csv speichern",
            "{file}: .ods is not read (no maintained pure-Python library reads it without system packages); "
            "save it as .xlsx or .csv"),
    "xls": ("{file}: das alte .xls-Format wird nicht gelesen; bitte als .xlsx speichern",
            "{file}: the legacy .xls format is not read; save it as .xlsx"),
    "format": ("{file}: unbekanntes Format; gelesen werden .xlsx, .xlsm und .csv",
               "{file}: unknown format; .xlsx, .xlsm and .csv are read"),
    "encrypted": ("{file}: verschlüsselte (passwortgeschützte) Arbeitsmappe oder altes .xls; bitte ohne Passwort "
                  "als .xlsx speichern",
                  "{file}: encrypted (password-protected) workbook or legacy .xls; save it without a password "
                  "as .xlsx"),
    "corrupt": ("{file}: beschädigte oder unlesbare Datei ({detail})", "{file}: damaged or unreadable file ({detail})"),
    "bomb": ("{file}: Eintrag {entry} würde auf {size} Bytes entpacken: abgelehnt (Zip-Bombe?)",
             "{file}: entry {entry} would unpack to {size} bytes: refused (zip bomb?)"),
    "rows": ("{file}: Blatt {sheet} hat mehr als {limit} Zeilen: abgelehnt",
             "{file}: sheet {sheet} has more than {limit} rows: refused"),
    "columns": ("{file}: Blatt {sheet} hat mehr als {limit} Spalten: abgelehnt",
                "{file}: sheet {sheet} has more than {limit} columns: refused"),
    "nul": ("{file}:{line}: NUL-Byte: keine Textdatei", "{file}:{line}: NUL byte: not a text file"),
    "encoding": ("{file}:{line}: weder UTF-8 noch cp1252", "{file}:{line}: neither UTF-8 nor cp1252"),
    "too-big": ("{file}: größer als {limit} MiB: abgelehnt", "{file}: larger than {limit} MiB: refused"),
    "no-table": ("{file}: keine Tabelle mit Verarbeitungstätigkeiten erkannt (keine Kopfzeile und kein Formular mit "
                 "'Bezeichnung der Verarbeitungstätigkeit'); mit --map Spalten zuordnen",
                 "{file}: no table of processing activities found (no header row, and no form with "
                 "'Processing activity'); map the columns with --map"),
    "merged": ("{file}: Blatt {sheet}: verbundene Zellen {range} über mehrere Zeilen der Tabelle; bitte Verbund "
               "aufheben (der Wert gehörte sonst nur zur ersten Zeile)",
               "{file}: sheet {sheet}: merged cells {range} span rows of the table; unmerge them (the value would "
               "belong to the first row only)"),
    "into-exists": ("{into}: existiert und ist nicht leer; nichts geschrieben",
                    "{into}: exists and is not empty; nothing written"),
    "map-file": ("{file}: keine gültige Zuordnungsdatei ({detail}); erwartet: YAML 'Spaltenkopf: Feld'",
                 "{file}: not a valid mapping file ({detail}); expected YAML 'header: field'"),
    "map-field": ("{file}: unbekanntes Feld '{field}' für '{header}'; bekannt: {known}",
                  "{file}: unknown field '{field}' for '{header}'; known: {known}"),
    "no-activities": ("{file}: die Tabelle enthält keine Verarbeitungstätigkeit",
                      "{file}: the table holds no processing activity"),
    # --show-mapping
    "sheet-table": ("Blatt {sheet}: Tabelle ({kind}), Kopfzeile {row}", "sheet {sheet}: table ({kind}), header row {row}"),
    "sheet-form": ("Blatt {sheet}: Formular (Feld | Wert)", "sheet {sheet}: form (field | value)"),
    "sheet-cover": ("Blatt {sheet}: Deckblatt (Organisation)", "sheet {sheet}: cover (organisation)"),
    "sheet-skipped": ("Blatt {sheet}: nicht erkannt, nicht importiert", "sheet {sheet}: not recognised, not imported"),
    "sheet-duplicate": ("Blatt {sheet}: Formular der Tätigkeiten, die die Tabelle enthält; nicht doppelt importiert",
                        "sheet {sheet}: a form of the activities the table holds; not imported twice"),
    "sheet-hidden": ("Blatt {sheet}: ausgeblendet, nicht importiert", "sheet {sheet}: hidden, not imported"),
    "column-exact": ("  {column} {header!r} -> {field}", "  {column} {header!r} -> {field}"),
    "column-approximate": ("  {column} {header!r} -> {field} (ähnlich: {wording!r})",
                           "  {column} {header!r} -> {field} (close to {wording!r})"),
    "column-map": ("  {column} {header!r} -> {field} (Zuordnungsdatei)", "  {column} {header!r} -> {field} (map file)"),
    "column-none": ("  {column} {header!r} -> nicht erkannt: wörtlich als {own} übernommen",
                    "  {column} {header!r} -> not recognised: kept verbatim as {own}"),
    "column-keep": ("  {column} {header!r} -> kein Feld des Verzeichnisses: wörtlich als {own} übernommen",
                    "  {column} {header!r} -> no field of the record: kept verbatim as {own}"),
    "column-dropped": ("  {column} {header!r} -> nicht erkannt, nicht übernommen",
                       "  {column} {header!r} -> not recognised, not imported"),
    "column-ignored": ("  {column} {header!r} -> ignoriert (Zuordnungsdatei)", "  {column} {header!r} -> ignored (map file)"),
    "column-skip": ("  {column} {header!r} -> {field}: nicht übernommen (verweist auf die Quelldokumente des "
                    "exportierten Verzeichnisses; Quelle ist jetzt die Tabelle)",
                    "  {column} {header!r} -> {field}: not imported (it cites the exported registry's source "
                    "documents; the source is now the spreadsheet)"),
    "wrote": ("{count} Verarbeitungstätigkeiten nach {into} geschrieben ({gaps} Lücken)",
              "wrote {count} processing activities to {into} ({gaps} gaps)"),
    "dialect": ("csv: Kodierung {encoding}, Trennzeichen {delimiter!r}", "csv: encoding {encoding}, delimiter {delimiter!r}"),
}

NOTES: dict[str, tuple[str, str]] = {
    # gap and interpretation notes written into the registry
    "unread": ("Aus der Tabelle nicht lesbar: {value!r} (wörtlich übernommen in {where})",
               "Could not be read from the spreadsheet: {value!r} (kept verbatim in {where})"),
    "unread-dropped": ("Aus der Tabelle nicht lesbar: {value!r}", "Could not be read from the spreadsheet: {value!r}"),
    "basis-rest": ("Rechtsgrundlage {code} aus {value!r} gelesen; der übrige Text steht wörtlich in den Notizen",
                   "Legal basis {code} read from {value!r}; the rest of the text is kept verbatim in the notes"),
    "retention-criterion": ("Keine Frist lesbar aus {value!r}: wörtlich als Kriterium übernommen",
                            "No period could be read from {value!r}: kept verbatim as the criterion"),
    "none-word": ("Die Tabelle sagt {value!r}: keine Einträge", "The spreadsheet says {value!r}: no entries"),
    "role": ("Die Tabelle nennt die Rolle des Empfängers nicht; 'controller' ist ein Platzhalter, vom "
             "Verantwortlichen zu bestätigen",
             "The spreadsheet does not state the recipient's role; 'controller' is a placeholder for the "
             "controller to confirm"),
    "role-word": ("Rolle '{role}' aus dem Wort {word!r} in {value!r} gelesen",
                  "Role '{role}' read from the word {word!r} in {value!r}"),
    "country": ("Die Tabelle nennt kein Sitzland des Empfängers", "The spreadsheet does not state the recipient's country"),
    "kind": ("Die Tabelle sagt nicht, ob die Maßnahme {measure!r} technisch oder organisatorisch ist; "
             "'organisational' ist ein Platzhalter, vom Verantwortlichen zu bestätigen",
             "The spreadsheet does not say whether the measure {measure!r} is technical or organisational; "
             "'organisational' is a placeholder for the controller to confirm"),
    "controller": ("Name des Verantwortlichen nicht in der Tabelle gefunden; Platzhalter aus dem Dateinamen",
                   "The controller's name is not in the spreadsheet; placeholder from the file name"),
    "controller-details": ("Kontaktdaten des Verantwortlichen nicht einzeln lesbar: wörtlich in den Notizen",
                           "The controller's contact details could not be read field by field: kept verbatim in the notes"),
    "transfer": ("Drittlandübermittlung nicht vollständig lesbar (Land, Empfänger und Garantie nötig): {value!r}",
                 "Third-country transfer could not be read completely (country, recipient and mechanism "
                 "needed): {value!r}"),
    "name-from-purpose": ("Die Tabelle hat keine Spalte für die Bezeichnung der Tätigkeit; die Bezeichnung ist "
                          "die erste Zeile des Zwecks, wie er dort steht",
                          "The spreadsheet has no column naming the activity; the name is the first line of the "
                          "purpose as written there"),
    "document": ("Importiert mit 'ropa import' aus {file}", "Imported with 'ropa import' from {file}"),
    "document-title": ("Tabelle {file}", "Spreadsheet {file}"),
}


def say(key: str, lang: str, **params: Any) -> str:
    de, en = MESSAGES[key]
    return (de if lang == "de" else en).format(**params)


def note(key: str, **params: Any) -> dict[str, str]:
    """A registry note in both languages (a Text's mapping form)."""
    de, en = NOTES[key]
    return {"de": de.format(**params), "en": en.format(**params)}


class ImportFailed(RopaError):
    """The spreadsheet cannot be imported; nothing was written."""

    def __init__(self, key: str, **params: Any) -> None:
        self.key = key
        self.params = params
        super().__init__(say(key, "en", **params))

    def text(self, lang: str) -> str:
        return say(self.key, lang, **self.params)
