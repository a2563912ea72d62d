"""The Art. 30 view: one definition of the record's columns, in German and English.

Every tabular rendering of the record (``ropa export`` to xlsx, csv, markdown and html,
and ``ropa show`` in the terminal) is built from the columns defined here; none
re-derives a column. A column knows its key, the Art. 30 point it satisfies, its German
label (wording of the DSK *Muster Verzeichnis von Verarbeitungstätigkeiten*) and English
label (wording of the ICO documentation template), and how to turn one item into cell
text in a language. The words and values it writes (roles, statuses, dates, durations,
registry text) come from ``ropa.labels``, shared with every other view.

API::

    from ropa import art30

    cols = art30.columns("controller")           # Art. 30(1) record; "processor": 30(2)
    [c.label("de") for c in cols]                 # header row
    view = art30.View(registry, "en")             # one per export: it keeps the texts it makes
    cols[0].get(view, activity)                   # one cell, always a str
    for row in art30.rows(registry, "de", organisation="facts42"): ...

    art30.RECIPIENT_COLUMNS / TRANSFER_COLUMNS / MEASURE_COLUMNS / FINDING_COLUMNS
    art30.transfer_items(registry) -> [(activity, transfer), ...]  # items of TRANSFER_COLUMNS

Cell text conventions: several values in one cell are separated by a newline (renderers
turn it into a line break). One rendering of an empty mandatory field in every format:
a fact the registry does not hold ("not stated": the source says nothing) is shown as
``nicht angegeben`` / ``not stated``; a list the registry states is empty (``[]``) as
``keine`` / ``none``, for transfers in the DSK template's wording "findet nicht statt und
ist auch nicht geplant" / "none (not taking place and not planned)". A blank cell means
"not applicable" and is used only for fields Art. 30 asks for "where applicable" (joint
controller, representative, safeguards) and for the template's optional fields.
Unresolved references (reported by the loader as RP015) are shown as the raw id.
Dates are ``TT.MM.JJJJ`` in German and ISO 8601 in English.
"""


from __future__ import annotations

# the label tables, as the single module before the split offered them (``art30.DPIA_STATUS``)
from ropa.labels import (ART32, CERTIFICATION_COVERS, CERTIFICATION_STATUS, CONTRACTS, DPIA_STATUS,  # noqa: F401
                         MEASURE_KINDS, ROLES, SEVERITIES, STATUS, WORDS)
from ropa.art30.view import Column, Getter, Lang, Record, View, joined, lines
from ropa.art30.cells import (COLUMN_FIELDS, address, cell, contact, interpretation_marks,
                              legal_basis, mechanism, organisation, recipient_line, retention, safeguards, source_ref,
                              brief, field_marks, record_cells, transfer_line)
from ropa.art30.record import (CONTROLLER_COLUMNS, ON_THE_COVER, PROCESSOR_COLUMNS, activities, columns,
                               record_columns, rows)
from ropa.art30.catalogues import (MEASURE_COLUMNS, RECIPIENT_COLUMNS, TRANSFER_COLUMNS, TransferItem, _certifications,
                                   transfer_items)
from ropa.art30.findings import FINDING_COLUMNS, REPORT_FINDING_COLUMNS, concerns, location

__all__ = [
    "Column", "columns", "rows", "activities", "CONTROLLER_COLUMNS",
    "PROCESSOR_COLUMNS", "RECIPIENT_COLUMNS", "TRANSFER_COLUMNS", "MEASURE_COLUMNS",
    "FINDING_COLUMNS", "transfer_items", "Record", "View", "Getter", "Lang", "TransferItem", "joined", "lines",
    "COLUMN_FIELDS", "address", "cell", "contact", "interpretation_marks", "legal_basis", "mechanism",
    "organisation", "recipient_line", "ON_THE_COVER", "record_columns", "brief", "field_marks",
    "record_cells", "transfer_line", "REPORT_FINDING_COLUMNS", "concerns", "retention", "safeguards", "source_ref", "location", "_certifications",
]
