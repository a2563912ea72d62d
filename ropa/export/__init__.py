"""``ropa export``: the Art. 30 record as files for auditors and supervisory authorities.

Data flows one way: registry -> ``load`` -> ``check`` (today = the registry's date) ->
``Snapshot`` -> per-language ``Document`` (built from ``ropa.art30``) -> one renderer per
format -> bytes in memory -> all files replaced atomically. Nothing is written until
every file has been rendered, so a failed export leaves the previous files intact.

Two documents: the record (``kind="record"``, the default: Art. 30 content, what goes to an
authority) and the review report (``kind="report"``: findings, questions, registry file and
line; ``ropa.export.review``).

Formats: ``xlsx``, ``csv`` (one file per sheet), ``md``, ``html`` (per language) and
``json``, ``jsonld`` (language-independent: every text keeps all its languages).
Heavy libraries (XlsxWriter, fpdf2) are imported only by the renderer that needs them.
"""

from __future__ import annotations

from ropa.export.core import (
    FORMATS, KINDS, LANGUAGES, REPORT_FORMATS, ExportError, Output, Snapshot, check_outputs, render,
    render_document, snapshot, snapshots, unique_names, write_outputs,
)

__all__ = ["FORMATS", "KINDS", "LANGUAGES", "REPORT_FORMATS", "ExportError", "Output", "Snapshot", "check_outputs",
           "render", "render_document", "snapshot", "snapshots", "unique_names", "write_outputs"]
