"""Small helpers shared by rule modules (not a rule: discovery only picks up ``rp*``)."""

from __future__ import annotations

from functools import cache
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ropa.i18n import msg
from ropa.model import Activity, Node, Span, Text, fields

if TYPE_CHECKING:
    from ropa.findings import Axis
    from ropa.load import Registry
    from ropa.rules.context import Context


def live(registry: Registry) -> Iterator[Activity]:
    """Activities that are active or planned: retired records are kept but not judged."""
    for activity in registry.activities.values():
        if activity.status != "retired":
            yield activity


def texts(value: Text | None) -> tuple[str, ...]:
    """Every language version of a free text."""
    return tuple(v for _, v in value.values) if value is not None else ()


@cache
def _fields(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls) if not f.metadata.get("internal"))


def strings(node: Node, skip: set | frozenset = frozenset()) -> Iterator[tuple[str, Span]]:
    """Every string in a node and its children, with the position of its field or item.

    ``skip`` holds (class, field name) pairs not to descend into.
    """
    for text, owner, name, index in located_strings(node, skip):
        yield text, owner.at(name) if index is None else owner.at(name, index)


def located_strings(node: Node, skip: set | frozenset = frozenset()) -> Iterator[tuple[str, Node, str, int | None]]:
    """``strings`` without the positions: (text, node, field name, item index or None).

    ``node.at(name, index)`` gives the position; a rule that reports few of the strings
    looks it up only for those.
    """
    cls = type(node)
    for name in _fields(cls):
        if skip and (cls, name) in skip:
            continue
        value = getattr(node, name)
        if value is None or isinstance(value, (bool, int)):
            continue
        if isinstance(value, str):
            yield value, node, name, None
        elif isinstance(value, Text):
            for _, text in value.values:
                yield text, node, name, None
        elif isinstance(value, Node):
            yield from located_strings(value, skip)
        elif isinstance(value, tuple):
            for index, item in enumerate(value):
                if isinstance(item, str):
                    yield item, node, name, index
                elif isinstance(item, Text):
                    for _, text in item.values:
                        yield text, node, name, index
                elif isinstance(item, Node):
                    yield from located_strings(item, skip)
        elif isinstance(value, dict) or hasattr(value, "items"):
            for _key, item in value.items():
                if isinstance(item, str):
                    yield item, node, name, None


def top_nodes(registry: Registry) -> Iterator[tuple[str, Node]]:
    """Every top-level entry with an id: organisations, recipients, documents, ..."""
    for collection in (registry.organisations, registry.recipients, registry.documents,
                       registry.data_categories, registry.data_subjects, registry.measures,
                       registry.activities):
        for ident, node in collection.items():
            yield getattr(node, "id", ident), node  # a duplicate activity is kept under "<id>#2"


def controller_records(registry: Registry) -> Iterator[Activity]:
    """Live activities kept as a controller's record (Art. 30(1)).

    A processor's record (Art. 30(2)) holds only the processor and the controllers, the
    categories of processing, transfers and security measures: purposes, legal bases, data
    subjects, recipients and retention are the controller's decisions, not the processor's to
    record, so the rules that demand them skip processor records.
    """
    for activity in live(registry):
        if activity.record != "processor":
            yield activity


def transfer_findings(ctx: Context, kind: str) -> Iterator:
    """Findings for the transfer problems of one kind (``ropa.transfer.RULE_OF``).

    Every transfer is assessed once per check (``ropa.transfer.assess_in``) and the RP3xx rules
    report their share of the problems, so they cannot disagree with ``ropa transfers``.
    """
    from ropa.findings import Severity

    for activity, transfer, assessment in assessed_transfers(ctx):
        for problem in assessment.problems:
            if problem.kind != kind:
                continue
            yield ctx.finding(transfer.at(problem.field),
                              msg("transfer to '{recipient}' ({destination}) in '{id}': {problem}",
                                  recipient=transfer.recipient, destination=assessment.destination,
                                  id=activity.id, problem=problem.text), activity.id,
                              Severity.WARNING if problem.severity == "warning" else None)


def exposed(ctx: Context) -> list:
    """(activity, its ``ropa.exposure.exposures``) for every live activity, cached per check:
    RP301 and RP309 report their share of the same exposures."""
    cache = ctx.memo.get("exposures")
    if cache is not None and cache[0] is ctx.registry:
        return cache[1]
    from ropa.exposure import exposures

    out = [(activity, exposures(activity, ctx.registry)) for activity in live(ctx.registry)]
    ctx.memo["exposures"] = (ctx.registry, out)
    return out


def assessed_transfers(ctx: Context) -> list:
    """(activity, transfer, assessment) for every transfer of the live activities, cached per check."""
    cache = ctx.memo.get("assessed_transfers")
    if cache is not None and cache[0] is ctx.registry and cache[1] == ctx.today:
        return cache[2]
    from ropa.transfer import assess_in

    out = [(activity, transfer, assess_in(activity, transfer, ctx.registry, ctx.today))
           for activity in live(ctx.registry) for transfer in activity.transfers or ()]
    ctx.memo["assessed_transfers"] = (ctx.registry, ctx.today, out)
    return out


# Fields whose content is a question of lawfulness or accountability, not of the Art. 30 record:
# a gap, conflict or interpretation recorded on one of them is on the lawfulness axis.
LAWFULNESS_FIELDS = frozenset({
    "legal_bases", "basis", "interest", "lia", "statute", "consent", "cookies", "contract", "arrangement",
    "dpia", "tia", "mechanism", "dpf", "scc_module", "safeguards", "profiling", "automated_decision",
    "waivers", "occasional",
})


def field_axis(field: str) -> Axis:
    """The axis of a recorded open point by the field it names (``consent.mechanism``: consent)."""
    from ropa.findings import Axis

    head = field.split(".", 1)[0].split("[", 1)[0]
    return Axis.LAWFULNESS if head in LAWFULNESS_FIELDS else Axis.RECORD
