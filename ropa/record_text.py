"""Text conventions of the record that its exports write and ``ropa import`` reads back.

Part of the core: the exporters (``ropa.export``) write these words and marks, the importer
(``ropa.importer``) recognises them in ropa's own workbooks; neither imports the other.

* ``SECTION_TITLES``: the cover's heading of an organisation's block, "Controller: X"
  ("Verantwortlicher: X") or, for a third party described for due diligence, "Third party,
  described for due diligence: X" (English msgids of the catalogue, translated where shown).
* ``FORMULA_START``: a spreadsheet or CSV cell whose text starts with one of these characters
  could be run as a formula; the exports neutralise it (``ropa.export.safety``), the importer
  takes ropa's (and OWASP's) neutralising quote off again.
"""

from __future__ import annotations

from ropa.i18n import N_

SECTION_TITLES: dict[str, str] = {
    "controller": N_("Controller"),
    "third-party": N_("Third party, described for due diligence"),
}

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
