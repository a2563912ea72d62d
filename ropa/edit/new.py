"""`ropa new`: add an activity as a new file ``activities/<id>.yaml`` of the registry.

Every reference is checked against the registry and the vocabularies, and the whole
registry with the new file is validated in a scratch copy before anything is written: an
activity that would have an error is never written. The file is then created exclusively
(never overwriting an existing one).

Text fields (name, purposes) are a plain string or one text per language
(``{"de": ..., "en": ...}``), as the registry's ``languages`` declare.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import Any

from ropa import vocab
from ropa.findings import Finding, RopaError, Severity
from ropa.i18n import N_, Joined, Message, msg
from ropa.load import DURATION_RE, ID_RE, Registry, find_root, load
from ropa.model import Value

_set = object.__setattr__


class NewActivityError(RopaError):
    """The activity cannot be written; ``problems`` has one line per reason.

    ``invalid`` is True when the activity was complete but would not validate (exit code 1),
    False for bad input: unknown references, a taken id (exit code 2).
    """

    def __init__(self, problems: list[str], *, invalid: bool = False) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems
        self.invalid = invalid


class NewActivity(Value):
    """The activity ``ropa new`` is to write, as its options or answers describe it (an immutable
    value: the interview collects the answers first and builds it once)."""

    __slots__ = ("id", "name", "organisation", "purposes", "legal_bases", "data_subjects", "data_categories",
                 "recipients", "transfers", "scc_modules", "tias", "safeguards", "interest", "lia", "consent",
                 "withdrawal", "statute", "retention", "retention_trigger", "retention_criterion", "measures",
                 "owner", "description", "status", "dpia", "cookies")

    id: str
    name: str | dict[str, str]
    organisation: str
    purposes: list[str | dict[str, str]]
    legal_bases: list[str]
    data_subjects: list[str]
    data_categories: list[str]
    recipients: list[str] | None  # [] states there are none; None: not stated
    transfers: dict[str, str] | None  # recipient -> mechanism (outside the EEA); {} none; None: not stated
    scc_modules: dict[str, int]  # recipient -> SCC module
    tias: dict[str, str]  # recipient -> reference of the transfer impact assessment
    safeguards: dict[str, str]  # recipient -> Art. 49(1) safeguards or conditions
    interest: str | None  # Art. 6(1)(f)
    lia: str | None
    consent: str | None  # Art. 6(1)(a): how consent is obtained
    withdrawal: str | None  # Art. 6(1)(a): how it is withdrawn
    statute: str | None  # Art. 6(1)(c)/(e)
    retention: str | None  # ISO 8601 duration
    retention_trigger: str | None
    retention_criterion: str | None
    measures: list[str]
    owner: str | None
    description: str | None
    status: str
    dpia: str | None  # status: required, not-required, in-progress, done, unknown
    cookies: str | None

    def __init__(self, id: str, name: str | dict[str, str], organisation: str,
            purposes: list[str | dict[str, str]], legal_bases: list[str], data_subjects: list[str],
            data_categories: list[str], recipients: list[str] | None = None,
            transfers: dict[str, str] | None = None, scc_modules: dict[str, int] | None = None,
            tias: dict[str, str] | None = None, safeguards: dict[str, str] | None = None,
            interest: str | None = None, lia: str | None = None, consent: str | None = None,
            withdrawal: str | None = None, statute: str | None = None, retention: str | None = None,
            retention_trigger: str | None = None, retention_criterion: str | None = None,
            measures: list[str] | None = None, owner: str | None = None, description: str | None = None,
            status: str = "active", dpia: str | None = None, cookies: str | None = None) -> None:
        _set(self, "id", id)
        _set(self, "name", name)
        _set(self, "organisation", organisation)
        _set(self, "purposes", purposes)
        _set(self, "legal_bases", legal_bases)
        _set(self, "data_subjects", data_subjects)
        _set(self, "data_categories", data_categories)
        _set(self, "recipients", recipients)
        _set(self, "transfers", transfers)
        _set(self, "scc_modules", {} if scc_modules is None else scc_modules)
        _set(self, "tias", {} if tias is None else tias)
        _set(self, "safeguards", {} if safeguards is None else safeguards)
        _set(self, "interest", interest)
        _set(self, "lia", lia)
        _set(self, "consent", consent)
        _set(self, "withdrawal", withdrawal)
        _set(self, "statute", statute)
        _set(self, "retention", retention)
        _set(self, "retention_trigger", retention_trigger)
        _set(self, "retention_criterion", retention_criterion)
        _set(self, "measures", [] if measures is None else measures)
        _set(self, "owner", owner)
        _set(self, "description", description)
        _set(self, "status", status)
        _set(self, "dpia", dpia)
        _set(self, "cookies", cookies)


# --- transfers: validity is decided by the one transfer assessment (ropa.transfer) -----------

def default_mechanism(registry: Registry, recipient: str, today: _dt.date) -> str | None:
    """The mechanism a recipient outside the EEA evidently has (adequacy in force, or an active
    certification the decision requires), as the one transfer assessment judges it on ``today``."""
    from ropa.transfer import suggest_mechanism

    return suggest_mechanism(registry, recipient, today)


def needs_transfer(registry: Registry, recipient: str) -> bool:
    """True for a recipient known to be outside the EEA (an unknown country is RP405's business)."""
    rec = registry.recipients.get(recipient)
    return rec is not None and rec.country is not None and not vocab.in_eea(rec.country)


def mechanism_needs(mechanism: str) -> tuple[str, ...]:
    """What a transfer on ``mechanism`` must state: ``scc_module``, ``tia``, ``safeguards``, and
    ``conditions`` for an Art. 49 derogation (why it applies to this transfer)."""
    term = vocab.mechanisms().get(mechanism)
    if term is None:
        return ()
    needs = tuple(term.needs)
    if term.kind == "derogation" and "safeguards" not in needs:
        needs += ("conditions",)
    return needs


def problems(registry: Registry, spec: NewActivity, target: Path | None = None) -> list[str]:
    """One line per reason the activity cannot be written as given."""
    out = _place_problems(registry, spec, target)
    if not _texts(spec.name):
        out.append(msg("the name must not be empty"))
    if spec.organisation not in registry.organisations:
        out.append(msg("unknown organisation '{id}'{known}", id=spec.organisation, known=_known(registry.organisations)))
    if not [p for p in spec.purposes if _texts(p)]:
        out.append(msg("state at least one purpose"))
    bases = vocab.legal_bases()
    if not spec.legal_bases:
        out.append(msg("state at least one legal basis"))
    for code in spec.legal_bases:
        if code not in bases:
            out.append(msg("unknown legal basis '{code}' (see `ropa vocab legal-bases`)", code=code))
    out.extend(reference_problems(registry, spec))
    out.extend(transfer_problems(registry, spec))
    out.extend(value_problems(spec))
    return out


def _place_problems(registry: Registry, spec: NewActivity, target: Path | None) -> list[str]:
    """The id (valid, not taken) and the file (not there yet)."""
    out: list[str] = []
    if not ID_RE.match(spec.id or ""):
        out.append(msg("'{id}' is not a valid id (lower-case letters, digits, '-', '_', '.')", id=spec.id))
    elif spec.id in registry.activities:
        out.append(msg("an activity with id '{id}' already exists ({where})", id=spec.id,
                       where=str(registry.activities[spec.id].span)))
    if target is not None and target.exists():
        out.append(msg("{path} already exists; not overwritten", path=str(target)))
    return out


def reference_problems(registry: Registry, spec: NewActivity) -> list[str]:
    """The data subjects, data categories, recipients and measures the registry does not know."""
    out: list[str] = []
    checks = [(N_("data subject"), spec.data_subjects, registry.data_subjects),
              (N_("data category"), spec.data_categories, registry.data_categories),
              (N_("recipient"), spec.recipients or [], registry.recipients),
              (N_("measure"), spec.measures, registry.measures)]
    for label, ids, table in checks:
        for ident in ids:
            if ident not in table:
                out.append(msg("unknown {kind} '{id}'{hint}", kind=msg(label), id=ident, hint=_suggest(ident, table)))
    return out


def transfer_problems(registry: Registry, spec: NewActivity) -> list[str]:
    """Transfers to no recipient or by an unknown mechanism; recipients outside the EEA without one."""
    out: list[str] = []
    mechanisms = vocab.mechanisms()
    for recipient, mechanism in (spec.transfers or {}).items():
        if recipient not in (spec.recipients or []):
            out.append(msg("transfer to '{recipient}', which is not among the recipients", recipient=recipient))
        if mechanism not in mechanisms:
            out.append(msg("unknown transfer mechanism '{mechanism}' for '{recipient}'", mechanism=mechanism,
                           recipient=recipient))
    out.extend(_unstated_transfers(registry, spec))
    return out


def _unstated_transfers(registry: Registry, spec: NewActivity) -> list[str]:
    """Recipients outside the EEA whose transfer mechanism the answers do not state."""
    given = spec.transfers or {}
    return [msg("recipient '{recipient}' is outside the EEA ({country}): state its transfer mechanism, "
                "e.g. --transfer {recipient}=scc", recipient=recipient, country=registry.recipients[recipient].country)
            for recipient in spec.recipients or []
            if recipient in registry.recipients and needs_transfer(registry, recipient) and recipient not in given]


def value_problems(spec: NewActivity) -> list[str]:
    """The values that are not among their field's choices (or not a duration)."""
    out: list[str] = []
    if spec.retention and not DURATION_RE.match(spec.retention):
        out.append(duration_problem(spec.retention))
    if spec.status not in ("active", "planned", "retired"):
        out.append(msg("status '{value}' is not 'active', 'planned' or 'retired'", value=spec.status))
    if spec.dpia and spec.dpia not in ("required", "not-required", "in-progress", "done", "unknown"):
        out.append(msg("DPIA status '{value}' is not 'required', 'not-required', 'in-progress', 'done' or "
                       "'unknown'", value=spec.dpia))
    if spec.cookies and spec.cookies not in ("none", "necessary", "non-essential"):
        out.append(msg("cookies '{value}' is not 'none', 'necessary' or 'non-essential'", value=spec.cookies))
    return out


def _texts(value: str | dict[str, str]) -> list[str]:
    values = value.values() if isinstance(value, dict) else [value]
    return [v for v in values if v and v.strip()]


def duration_hint(text: str) -> str | None:
    """The ISO 8601 duration a person probably means: ``2 Jahre`` -> ``P2Y``, ``30 days`` -> ``P30D``
    (the words ``ropa import`` reads: ``ropa.durations.from_words``).

    >>> duration_hint("2 Jahre"), duration_hint("30 days"), duration_hint("bald")
    ('P2Y', 'P30D', None)
    """
    from ropa.durations import from_words

    return from_words(text)


def duration_problem(text: str) -> Message:
    """Why ``text`` is not a duration, with the ISO 8601 form it probably means (a catalogue
    message: the caller shows it in its language)."""
    hint = duration_hint(text)
    if hint:
        return msg("'{value}' is not an ISO 8601 duration; you probably mean {iso}", value=text, iso=hint)
    return msg("'{value}' is not an ISO 8601 duration like P10Y (10 years) or P30D (30 days)", value=text)


def _known(table: Any) -> Message:
    ids = list(table)
    if not ids:
        return msg(" (the registry has none)")
    return msg(" (known: {ids})", ids=", ".join(ids[:8]) + (", ..." if len(ids) > 8 else ""))


def _suggest(ident: str, table: Any) -> Message | str:
    import difflib

    close = difflib.get_close_matches(ident, list(table), n=1, cutoff=0.6)
    return msg(" (did you mean '{close}'?)", close=close[0]) if close else ""


def _basis_entry(spec: NewActivity, code: str) -> dict[str, Any]:
    """One ``legal_bases`` entry with what its basis needs recorded (interest, consent, statute)."""
    entry: dict[str, Any] = {"basis": code}
    needs = vocab.legal_bases()[code].needs
    if "interest" in needs or code == "art6-1-f":
        entry.update(_given(interest=spec.interest, lia=spec.lia))
    consent = _given(mechanism=spec.consent, withdrawal=spec.withdrawal)
    if "consent" in needs and consent:
        entry["consent"] = consent
    if "statute" in needs:
        entry.update(_given(statute=spec.statute))
    return entry


def _given(**values: Any) -> dict[str, Any]:
    """The values that are given (not empty), in their order."""
    return {key: value for key, value in values.items() if value}


def _transfer_entry(spec: NewActivity, registry: Registry, recipient: str, mechanism: str) -> dict[str, Any]:
    """One ``transfers`` entry: the recipient's country, the mechanism and what it needs."""
    item: dict[str, Any] = {"recipient": recipient, "country": registry.recipients[recipient].country,
                            "mechanism": mechanism}
    if recipient in spec.scc_modules:
        item["scc_module"] = spec.scc_modules[recipient]
    if spec.tias.get(recipient):
        item["tia"] = {"reference": spec.tias[recipient]}
    if spec.safeguards.get(recipient):
        key = "safeguards" if "safeguards" in mechanism_needs(mechanism) else "notes"
        item[key] = spec.safeguards[recipient]
    return item


def as_data(spec: NewActivity, registry: Registry, today: _dt.date) -> dict[str, Any]:
    """The activity as the mapping written to the file, in the model's field order; a field the
    answers leave out is not written (recipients and transfers: ``[]`` states there are none,
    left out they are "not stated", which RP104 and RP108 ask for)."""
    from ropa.durations import add_duration

    data: dict[str, Any] = {
        "id": spec.id, "name": spec.name, "organisation": spec.organisation,
        "status": None if spec.status == "active" else spec.status,
        **_given(owner=spec.owner, description=spec.description),
        "purposes": [p for p in spec.purposes if _texts(p)],
        "legal_bases": [_basis_entry(spec, code) for code in spec.legal_bases],
        "data_subjects": list(spec.data_subjects),
        "data_categories": list(spec.data_categories),
        "recipients": None if spec.recipients is None else list(spec.recipients),
        "transfers": None if spec.transfers is None else [
            _transfer_entry(spec, registry, recipient, mechanism) for recipient, mechanism in spec.transfers.items()],
        **_keeping(spec, today),
        "created": today,
        "updated": today,
        "review_due": add_duration(today, "P1Y"),  # 29 February: 28 February
    }
    return {key: value for key, value in data.items() if value is not None}


def _keeping(spec: NewActivity, today: _dt.date) -> dict[str, Any]:
    """Retention, measures, cookies and the DPIA state (None where the answers leave them out)."""
    retention = {k: v for k, v in (("period", spec.retention), ("trigger", spec.retention_trigger),
                                   ("criterion", spec.retention_criterion)) if v}
    return {
        "retention": [retention] if spec.retention or spec.retention_criterion else None,
        "measures": list(spec.measures) or None,
        "cookies": spec.cookies or None,
        "dpia": {"status": spec.dpia, "date": today} if spec.dpia else None,
    }


CREATED_COMMENT = N_("Created with `ropa new` on {date}.")


def render(spec: NewActivity, registry: Registry, today: _dt.date) -> str:
    """The text of the new file, in ``ropa fmt``'s layout (short lists in flow style)."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    from ropa.edit.yamlrt import dump_rt

    def convert(value: Any, flow_lists: bool) -> Any:
        if isinstance(value, dict):
            node = CommentedMap()
            for key, item in value.items():
                node[key] = convert(item, key in ("data_subjects", "data_categories", "recipients", "measures"))
            return node
        if isinstance(value, list):
            seq = CommentedSeq(convert(v, False) for v in value)
            if flow_lists or not value:
                seq.fa.set_flow_style()
            return seq
        return value

    top = CommentedMap(activities=CommentedSeq([convert(as_data(spec, registry, today), False)]))
    from ropa.i18n import _, registry_language

    # a comment in the registry's own language (its first), like the rest of its text
    top.yaml_set_start_comment(_(CREATED_COMMENT, registry_language(registry) or "en", date=today.isoformat()))
    return dump_rt(top)


class Created(Value):
    __slots__ = ("path", "findings")

    path: Path
    findings: tuple[Finding, ...]  # what `ropa validate` reports about the new activity

    def __init__(self, path: Path, findings: tuple[Finding, ...]) -> None:
        object.__setattr__(self, "path", path)
        object.__setattr__(self, "findings", findings)


def create(registry_path: Path, spec: NewActivity, *, today: _dt.date | None = None) -> Created:
    """Write ``activities/<id>.yaml`` into the registry at ``registry_path``, if it validates.

    The registry is first copied to a scratch directory with the new file added, and loaded
    and checked there: any error about the new activity (or any loader error) and nothing is
    written. Warnings are returned with the result.
    """
    from ropa.edit.yamlrt import YamlWriteError, create_exclusive

    today = today or _dt.date.today()
    result = load(registry_path)
    if result.fatal:
        raise NewActivityError([Joined((str(f)[:len(str(f)) - len(f.message)], f.message), "")
                                for f in result.findings if f.fatal])
    root = find_root(registry_path.resolve()) if registry_path.is_file() else registry_path
    target = root / "activities" / f"{spec.id}.yaml"
    found = problems(result.registry, spec, target)
    if found:
        raise NewActivityError(found)
    text = render(spec, result.registry, today)
    errors = rehearse(root, spec.id, text, today)
    if errors:
        raise NewActivityError(errors, invalid=True)
    try:
        create_exclusive(target, text)
    except YamlWriteError as exc:
        raise NewActivityError([exc.args[0] if len(exc.args) == 1 else str(exc)]) from None
    from ropa.check import check

    return Created(target, check(load(registry_path), today=today).for_target(spec.id))


def rehearse(root: Path, ident: str, text: str, today: _dt.date) -> list:
    """The errors the registry at ``root`` would have about activity ``ident`` with ``text`` added.

    Checked in a scratch copy of the registry; file names in the lines are the real ones.
    """
    import os
    import shutil
    import tempfile

    from ropa.check import check

    with tempfile.TemporaryDirectory(prefix="ropa-new-") as scratch:
        copy = Path(scratch) / "registry"
        shutil.copytree(root, copy, ignore=shutil.ignore_patterns(".*"), symlinks=True)
        new_file = copy / "activities" / f"{ident}.yaml"
        new_file.parent.mkdir(parents=True, exist_ok=True)
        new_file.write_text(text, encoding="utf-8")
        report = check(load(copy), today=today)
        bad = [f for f in report.findings if f.fatal or (
            f.severity is Severity.ERROR and not f.waived
            and (f.target == ident or os.path.abspath(f.span.file) == str(new_file)))]
        # each line as ``str(finding)`` (``file:line:col: CODE message``), its message in the reader's language
        return [Joined((str(f)[:len(str(f)) - len(f.message)].replace(str(copy), str(root), 1), f.message), "")
                for f in bad]
