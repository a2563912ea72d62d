"""Where an activity's data goes outside the EEA: the exposure of an activity.

The one answer to "does this activity's data leave the EEA, and is that recorded?", apart from
whether a recorded transfer holds (``ropa.transfer.assess``): RP301 (a recipient the activity
names), RP309 (a sub-processor along the chain), RP603 (a ceased service) and RP701 read it,
and so do ``ropa transfers``, ``list``, ``summary`` and ``show`` (tests/inspect/test_views_agree.py).
"""

from __future__ import annotations

import datetime as _dt
from functools import lru_cache
from typing import TYPE_CHECKING

from ropa import vocab
from ropa.model import Recipient, Value
from ropa.transfer import destination, is_chapter_v

if TYPE_CHECKING:
    from ropa.load import Registry
    from ropa.model import Activity

_set = object.__setattr__


class Exposure(Value):
    """A recipient an activity discloses data to that is established or stores data outside the EEA.

    The one answer to "does this activity's data leave the EEA, and is that recorded?": RP301
    reports an exposure without a recorded transfer, and ``ropa transfers``, ``list``,
    ``summary`` and ``show`` show the same (``exposures``).
    """

    __slots__ = ("activity", "recipient", "index", "countries", "recorded", "via")

    activity: str
    recipient: str
    index: int  # the recipient's position in the activity's ``recipients`` (for the finding's position)
    countries: tuple[str, ...]  # outside the EEA: the country of establishment and of storage, sorted
    recorded: tuple[str, ...]  # the destinations of the activity's transfers to this recipient, sorted
    # a sub-processor reached through the activity's recipient: the recipients in between, the
    # activity's own first (empty for a recipient the activity names itself: RP301; else RP309)
    via: tuple[str, ...]

    def __init__(self, activity: str, recipient: str, index: int, countries: tuple[str, ...],
                 recorded: tuple[str, ...], via: tuple[str, ...] = ()) -> None:
        _set(self, "activity", activity)
        _set(self, "recipient", recipient)
        _set(self, "index", index)
        _set(self, "countries", countries)
        _set(self, "recorded", recorded)
        _set(self, "via", via)

    @property
    def unrecorded(self) -> bool:
        """No transfer to this recipient is recorded at all (RP301)."""
        return not self.recorded


def outside_countries(recipient: Recipient) -> tuple[str, ...]:
    """A recipient's countries outside the EEA: where it is established and where it stores data."""
    return _outside(recipient.country, recipient.storage)


@lru_cache(maxsize=4096)
def _outside(country: str | None, storage: tuple[str, ...]) -> tuple[str, ...]:
    # asked for each recipient of each activity by several rules and views: a registry has
    # few distinct (country, storage) pairs
    return tuple(sorted({c for c in (country, *storage) if c and not vocab.in_eea(c)}))


def exposures(activity: Activity, registry: Registry) -> tuple[Exposure, ...]:
    """The recipients of ``activity`` established or storing data outside the EEA, in the order
    the activity lists them, each with the destinations its recorded transfers name; then the
    chains that leave the EEA further down (``chain_exposures``)."""
    found = []
    for index, use in enumerate(activity.recipients or ()):
        recipient = registry.recipients.get(use.recipient)
        if recipient is None:
            continue
        countries = outside_countries(recipient)
        if countries:
            recorded = tuple(sorted({destination(t) for t in activity.transfers or () if t.recipient == use.recipient}))
            found.append(Exposure(activity.id, use.recipient, index, countries, recorded))
    return (*found, *chain_exposures(activity, registry))


def sub_processors(recipient: Recipient, registry: Registry) -> tuple[str, ...]:
    """The recipients ``recipient`` engages: its ``sub_processors`` and those naming it ``processor_of``."""
    named = list(recipient.sub_processors)
    named += [ident for ident in registry.engaged_by(recipient.id) if ident not in named]
    return tuple(n for n in named if n in registry.recipients and n != recipient.id)


def chain_exposures(activity: Activity, registry: Registry) -> tuple[Exposure, ...]:
    """Where the processing chain of ``activity`` leaves the EEA below its own recipients: a
    sub-processor (at any depth) established or storing data outside the EEA, reached through
    recipients that are all inside it (where a recipient itself is outside, the data left the
    EEA there: a direct exposure, and what it passes on is governed by the instrument of that
    transfer, e.g. Clause 8.8 SCC). A sub-processor the activity names as its own recipient is a
    direct exposure, not a chain one. ``recorded``: destinations of the activity's transfers to
    the sub-processor, or to a recipient in between naming one of the sub-processor's countries."""
    direct = {use.recipient for use in activity.recipients or ()}
    found: list[Exposure] = []
    seen: set[str] = set()
    for index, use in enumerate(activity.recipients or ()):
        first = registry.recipients.get(use.recipient)
        if first is None or outside_countries(first):
            continue
        todo: list[tuple[str, tuple[str, ...]]] = [(s, (first.id,)) for s in sub_processors(first, registry)]
        while todo:
            ident, via = todo.pop(0)
            if ident in direct or ident in seen or ident in via:
                continue
            seen.add(ident)
            sub = registry.recipients[ident]
            countries = outside_countries(sub)
            if not countries:
                todo += [(s, (*via, ident)) for s in sub_processors(sub, registry)]
                continue
            chain = {ident, *via}
            recorded = tuple(sorted({destination(t) for t in activity.transfers or ()
                                     if t.recipient == ident or (t.recipient in chain and t.country in countries)}))
            found.append(Exposure(activity.id, ident, index, countries, recorded, via))
    return tuple(found)


def chain_countries(recipient: Recipient, registry: Registry) -> frozenset[str]:
    """Every country of the sub-processors below ``recipient`` (establishment and storage): where
    a transfer recorded to ``recipient`` may truly go."""
    out: set[str] = set()
    todo, seen = list(sub_processors(recipient, registry)), {recipient.id}
    while todo:
        ident = todo.pop()
        if ident in seen:
            continue
        seen.add(ident)
        sub = registry.recipients[ident]
        out.update(c for c in (sub.country, *sub.storage) if c)
        todo += sub_processors(sub, registry)
    return frozenset(out)


def third_countries(activity: Activity, registry: Registry) -> tuple[str, ...]:
    """Countries outside the EEA the activity's data goes to, sorted: the destinations of its
    Chapter V transfers, and every country of its exposures (``exposures``: a recipient
    established or storing data there, recorded as a transfer or not)."""
    found = {t.country for t in activity.transfers or () if is_chapter_v(t) and t.country}
    for exposure in exposures(activity, registry):
        found.update(exposure.countries)
    return tuple(sorted(c for c in found if not vocab.in_eea(c)))


def ceased_recipients(activity: Activity, registry: Registry, on: _dt.date) -> tuple[str, ...]:
    """The recipients of ``activity`` whose ``ceased`` date had passed on ``on``, in the order the
    activity lists them. For such an activity RP603 is the one finding (``ropa.check``: its other
    findings are related places of it), and ``ropa transfers`` shows its transfers as ceased, not
    judged as live transfers: one judgement in both."""
    out = []
    for use in activity.recipients or ():
        recipient = registry.recipients.get(use.recipient)
        if recipient is not None and recipient.ceased is not None and recipient.ceased <= on \
                and use.recipient not in out:
            out.append(use.recipient)
    return tuple(out)
