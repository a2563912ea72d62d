"""The columns of the record: Art. 30(1) (controller) and Art. 30(2) (processor), in the DSK order."""

from __future__ import annotations

from operator import attrgetter
from typing import Any
from collections.abc import Iterator

from ropa.i18n import N_
from ropa.model import Activity

from ropa.art30.cells import (_categories, _controller, _controllers_of_processor, _created, _dpia, _dpo, _joint,
                              _legal_bases, _measures, _open_points, _processing, _purposes, _recipients,
                              _representative, _retention, _review_due, _reviewed, _safeguards, _sources, _status,
                              _subjects, _transfers, _updated)
from ropa.art30.view import Column, Lang, Record, View, _field, _stated, _text_field


C = Column
_HEAD = (
    C("id", None, N_("Ref."), _field("id"), 18),
    C("activity", None, N_("Name of the processing activity"), _text_field("name"), 30),
    C("owner", None, N_("Business function"), _field("owner"), 20),
)
_TAIL = (
    C("dpia", None, N_("DPIA"), _dpia, 24),
    C("data_source", None, N_("Source of the personal data"), _text_field("data_source"), 24),
    C("sources", None, N_("Evidence (source documents)"), _sources, 30),
    C("open_points", None, N_("Open points (gaps, conflicts, interpretations)"),
      _open_points, 40),
    C("status", None, N_("Status"), _status, 10),
    C("created", None, N_("Date created"), _created, 12, typed=attrgetter("created")),
    C("updated", None, N_("Date last changed"), _updated, 12, typed=attrgetter("updated")),
    C("reviewed", None, N_("Date last reviewed"), _reviewed, 12, typed=attrgetter("reviewed")),
    C("review_due", None, N_("Next review due"), _review_due, 12, typed=attrgetter("review_due")),
)

CONTROLLER_COLUMNS: tuple[Column, ...] = (
    *_HEAD,
    C("controller", "30(1)(a)", N_("Name and contact details of the controller"), _stated(_controller), 34),
    C("joint_controllers", "30(1)(a)", N_("Joint controller"), _joint, 24),
    C("representative", "30(1)(a)", N_("Representative of the controller"), _representative, 24),
    C("dpo", "30(1)(a)", N_("Data protection officer"), _stated(_dpo), 30),
    C("purposes", "30(1)(b)", N_("Purpose of processing"), _stated(_purposes), 40),
    C("legal_bases", None, N_("Lawful basis (Article 6, 9, 10)"), _stated(_legal_bases), 44),
    C("data_subjects", "30(1)(c)", N_("Categories of individuals"), _stated(_subjects), 26),
    C("data_categories", "30(1)(c)", N_("Categories of personal data"),
      _stated(_categories), 30),
    C("recipients", "30(1)(d)", N_("Categories of recipients"), _recipients, 44),
    C("transfers", "30(1)(e)", N_("Names of third countries or international organisations that personal data are transferred to"),
      _transfers, 44),
    C("safeguards", "30(1)(e)", N_("Safeguards for exceptional transfers of personal data to third countries or international organisations"),
      _safeguards, 34),
    C("retention", "30(1)(f)", N_("Retention schedule"), _stated(_retention), 36),
    C("measures", "30(1)(g)", N_("General description of technical and organisational security measures"), _stated(_measures), 34),
    *_TAIL,
)

PROCESSOR_COLUMNS: tuple[Column, ...] = (
    *_HEAD,
    C("processor", "30(2)(a)", N_("Name and contact details of the processor"), _stated(_controller), 34),
    C("controllers", "30(2)(a)", N_("Controllers on whose behalf the processor is acting"), _controllers_of_processor, 34),
    C("representative", "30(2)(a)", N_("Representative"), _representative, 24),
    C("dpo", "30(2)(a)", N_("Data protection officer"), _stated(_dpo), 30),
    C("processing", "30(2)(b)", N_("Categories of processing carried out on behalf of each controller"), _stated(_processing), 44),
    C("data_categories", None, N_("Categories of personal data"),
      _stated(_categories), 30),
    C("recipients", None, N_("Sub-processors and recipients"),
      _recipients, 40),
    C("transfers", "30(2)(c)", N_("Names of third countries or international organisations that personal data are transferred to"),
      _transfers, 44),
    C("safeguards", "30(2)(c)", N_("Safeguards for exceptional transfers of personal data to third countries or international organisations"),
      _safeguards, 34),
    C("measures", "30(2)(d)", N_("General description of technical and organisational security measures"), _stated(_measures), 34),
    *_TAIL,
)


def columns(record: Record = "controller") -> tuple[Column, ...]:
    """The columns of the controller's (Art. 30(1)) or processor's (Art. 30(2)) record."""
    if record == "controller":
        return CONTROLLER_COLUMNS
    if record == "processor":
        return PROCESSOR_COLUMNS
    raise ValueError(f"unknown record type {record!r}: use 'controller' or 'processor'")


def activities(registry: Any, organisation: str | None = None,
               record: Record | None = None) -> list[Activity]:
    """Activities in registry order, optionally of one organisation and one record type."""
    return [a for a in registry.activities.values()
            if (organisation is None or a.organisation == organisation)
            and (record is None or a.record == record)]


def rows(registry: Any, lang: Lang, organisation: str | None = None,
         record: Record = "controller") -> Iterator[list[str]]:
    """One list of cell texts per activity, in the order of ``columns(record)`` (one view for all)."""
    cols = columns(record)
    view = View(registry, lang)
    for activity in activities(registry, organisation, record):
        yield [c.get(view, activity) for c in cols]



# the record shows the controller (or processor), its representative and DPO once, on the cover
ON_THE_COVER = frozenset({"controller", "processor", "representative", "dpo"})
def record_columns(record: Record = "controller") -> tuple[Column, ...]:
    """The columns of the record as handed over (``ropa export``): those of ``columns(record)``
    without the parties shown once on the cover (``ON_THE_COVER``); the open points of each
    field are shown in its cell in the form (``cells.record_cells``), the rest under "open points"."""
    return tuple(c for c in columns(record) if c.key not in ON_THE_COVER)
