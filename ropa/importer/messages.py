"""Every text ``ropa import`` shows or writes, by key: catalogue messages (``ropa.i18n``).

Errors (``ImportFailed``) and the lines of ``--show-mapping`` are shown in the command's
``--lang``; the notes of the gaps and interpretations the importer records in the registry
are written in both languages (``{de: ..., en: ...}``): they are the tool's words, not
the spreadsheet's, whose text is always kept verbatim.
"""

from __future__ import annotations

from typing import Any

from ropa.findings import RopaError
from ropa.i18n import N_, gettext

MESSAGES: dict[str, str] = {
    # errors: one line each, naming the file (and sheet, row, cell where there is one)
    "no-file": N_("{file}: no such file"),
    "ods": N_("{file}: .ods is not read (no maintained pure-Python library reads it without "
              "system packages); save it as .xlsx or .csv"),
    "xls": N_("{file}: the legacy .xls format is not read; save it as .xlsx"),
    "format": N_("{file}: unknown format; .xlsx, .xlsm and .csv are read"),
    "encrypted": N_("{file}: encrypted (password-protected) workbook or legacy .xls; save it without "
                    "a password as .xlsx"),
    "corrupt": N_("{file}: damaged or unreadable file ({detail})"),
    "bomb": N_("{file}: entry {entry} would unpack to {size} bytes: refused (zip bomb?)"),
    "rows": N_("{file}: sheet {sheet} has more than {limit} rows: refused; split it into several files"),
    "columns": N_("{file}: sheet {sheet} has more than {limit} columns: refused; delete the columns that are not"
                  " part of the record"),
    "nul": N_("{file}:{line}: NUL byte: not a text file; save the spreadsheet as CSV UTF-8 or .xlsx"),
    "encoding": N_("{file}:{line}: neither UTF-8 nor cp1252; save the spreadsheet as CSV UTF-8"),
    "too-big": N_("{file}: larger than {limit} MiB: refused; split it into several files"),
    "too-many": N_("{file}: more than {limit} processing activities: refused (an import is built in memory);"
                   " split the file and import the parts into separate registries"),
    "not-regular": N_("{file}: not a regular file (a directory, pipe or device); give a spreadsheet file"),
    "unreadable": N_("{file}: cannot be read ({detail})"),
    "read-cp1252": N_("csv: not UTF-8; read as Windows-1252 (cp1252), as Excel saves 'CSV (Trennzeichen-getrennt)';"
                      " save it as 'CSV UTF-8' if umlauts look wrong"),
    "no-table": N_("{file}: no table of processing activities found (no header row, and no form with"
                   " 'Processing activity'); map the columns with --map"),
    "merged": N_("{file}: sheet {sheet}: merged cells {range} span rows of the table; unmerge them"
                 " (the value would belong to the first row only)"),
    "into-exists": N_("{into}: exists and is not empty; nothing written"),
    "into-link": N_("{into}: is a link; give a new directory (the registry would be written where the link"
                    " points); nothing written"),
    "into-cwd": N_("{into}: is the current directory; give a new directory, e.g. --into registry"),
    "into-unwritable": N_("{into}: cannot be written ({detail}); nothing written"),
    "map-file": N_("{file}: not a valid mapping file ({detail}); expected YAML 'header: field'"),
    "map-field": N_("{file}: unknown field '{field}' for '{header}'; known: {known}"),
    "no-activities": N_("{file}: the table holds no processing activity"),
    # --show-mapping
    "sheet-table": N_("sheet {sheet}: table of {what} ({kind}), header row {row}"),
    "sheet-form": N_("sheet {sheet}: form (field | value)"),
    "sheet-cover": N_("sheet {sheet}: cover (organisation)"),
    "sheet-skipped": N_("sheet {sheet}: not recognised, not imported"),
    "sheet-duplicate": N_("sheet {sheet}: a form of the activities the table holds; not imported twice"),
    "heading-controller": N_("  {column} {header!r} -> heading of the organisation {name!r}: its details follow"),
    "heading-third-party": N_("  {column} {header!r} -> heading of the organisation {name!r}, a third party "
                              "described for due diligence: its details follow"),
    "title-organisation": N_("  {cell} {header!r} -> the organisation {name!r} (title row)"),
    "title-date": N_("  {cell} {header!r} -> as-of date {date}"),
    "sheet-hidden": N_("sheet {sheet}: hidden, not imported"),
    "column-exact": N_("  {column} {header!r} -> {field}"),
    "column-approximate": N_("  {column} {header!r} -> {field} (close to {wording!r})"),
    "column-map": N_("  {column} {header!r} -> {field} (map file)"),
    "column-none": N_("  {column} {header!r} -> not recognised: kept verbatim as {own}"),
    "column-keep": N_("  {column} {header!r} -> no field of the record: kept verbatim as {own}"),
    "column-dropped": N_("  {column} {header!r} -> not recognised, not imported"),
    "column-ignored": N_("  {column} {header!r} -> ignored (map file)"),
    "column-skip": N_("  {column} {header!r} -> {field}: not imported (it cites the exported registry's"
                      " source documents; the source is now the spreadsheet)"),
    "wrote": N_("wrote {count} processing activities to {into} ({gaps} gaps)"),
    "skip-no-name": N_("{file}: sheet {sheet}, row {row}: no name of the processing activity (and no purpose to"
                       " name it by); row skipped: add the name and import again"),
    "skip-unreadable": N_("{file}: sheet {sheet}, row {row}: could not be read ({detail}); row skipped"),
    "date-sheet": N_("as-of date {date}: read from sheet {sheet}, cell {cell}"),
    "date-updated": N_("as-of date {date}: the latest 'last changed' date of the activities"),
    "date-option": N_("as-of date {date}: given with --date"),
    "date-asked": N_("as-of date {date}: as answered"),
    "date-option-differs": N_("as-of date {date}: given with --date (the spreadsheet states {stated})"),
    "no-date": N_("{file}: the spreadsheet states no as-of date ('Stand'); give the date the record is current"
                  " as of with --date YYYY-MM-DD"),
    "bad-date": N_("not a date: {value!r}; expected YYYY-MM-DD or DD.MM.YYYY"),
    "ask-date": N_("As-of date of the record (YYYY-MM-DD or DD.MM.YYYY)"),
    "dialect": N_("csv: encoding {encoding}, delimiter {delimiter!r}"),
}

NOTES: dict[str, str] = {
    # gap and interpretation notes written into the registry (in both languages)
    "unread": N_("Could not be read from the spreadsheet: {value!r} (kept verbatim in {where})"),
    "unread-dropped": N_("Could not be read from the spreadsheet: {value!r}"),
    "basis-rest": N_("Legal basis {code} read from {value!r}; the rest of the text is kept verbatim in"
                     " the notes"),
    "retention-criterion": N_("No period could be read from {value!r}: kept verbatim as the criterion"),
    "none-word": N_("The spreadsheet says {value!r}: no entries"),
    "role": N_("The spreadsheet does not state the recipient's role; 'controller' is a "
               "placeholder for the controller to confirm"),
    "role-word": N_("Role '{role}' read from the word {word!r} in {value!r}"),
    "country": N_("The spreadsheet does not state the recipient's country"),
    "kind": N_("The spreadsheet does not say whether the measure {measure!r} is technical or "
               "organisational; 'organisational' is a placeholder for the controller to confirm"),
    "controller": N_("The controller's name is not in the spreadsheet; placeholder from the file name"),
    "controller-details": N_("The controller's contact details could not be read field by field: kept verbatim"
                             " in the notes"),
    "transfer": N_("Third-country transfer could not be read completely (country, recipient and "
                   "mechanism needed): {value!r}"),
    "recipients-comma": N_("The recipients in {value!r} could not be told apart unambiguously (a comma may be part"
                           " of a name): kept as one recipient"),
    "transfer-mechanism": N_("The spreadsheet names the third country and the recipient but no transfer mechanism:"
                             " {value!r}"),
    "cell-cut": N_("Cell {where} holds {length} characters; only the first 32,767 were imported (Excel's limit"
                   " on a cell)"),
    "cell-bytes": N_("Cell {where} holds bytes that are not UTF-8 (the rest of the file is); they are shown as"
                     " U+FFFD: check the text"),
    "name-from-purpose": N_("The spreadsheet has no column naming the activity; the name is the first line of"
                            " the purpose as written there"),
    "document": N_("Imported with 'ropa import' from {file}"),
    "document-title": N_("Spreadsheet {file}"),
}


def say(key: str, lang: str, **params: Any) -> str:
    """The message ``key`` in ``lang``, filled in (``{header!r}``: the spreadsheet's text as it is)."""
    return gettext(MESSAGES[key], lang).format(**params)


def note(key: str, **params: Any) -> dict[str, str]:
    """A registry note in both languages (a Text's mapping form)."""
    return {lang: gettext(NOTES[key], lang).format(**params) for lang in ("de", "en")}


class ImportFailed(RopaError):
    """The spreadsheet cannot be imported; nothing was written."""

    def __init__(self, key: str, **params: Any) -> None:
        self.key = key
        self.params = params
        super().__init__(say(key, "en", **params))

    def text(self, lang: str) -> str:
        return say(self.key, lang, **self.params)
