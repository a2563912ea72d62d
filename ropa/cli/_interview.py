"""`ropa new`'s questions, each answer checked when it is given, and the activity built from them.

An answer that cannot be right (a taken or malformed id, an unknown reference, "2 Jahre"
for a duration) is refused at once with the reason and the closest valid value, and the
question is asked again: no answer is lost to a check at the end.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any
from collections.abc import Callable

import typer

from ropa.cli._terminal import fail, suggestion
from ropa.cli._texts import say
from ropa.i18n import localized

DPIA_STATES = ("not-required", "required", "in-progress", "done", "unknown")


class Interview:
    """Asks for what the options left open, in the registry's languages."""

    def __init__(self, registry: Any, lang: str) -> None:
        self.reg = registry
        self.lang = lang
        meta = registry.meta
        self.languages = tuple(meta.languages) if meta is not None and len(meta.languages) > 1 else ()

    def complete(self, a: dict[str, Any]) -> None:
        """Fill the missing answers in ``a`` (keyed like ``ropa new``'s parameters)."""
        from ropa.vocab import legal_bases

        reg = self.reg
        a["ident"] = a["ident"] or self.ask(say("ask-id", self.lang), self.check_id)
        a["name"] = a["name"] or self.ask_text("ask-name")
        if a["organisation"] is None and len(reg.organisations) == 1:
            a["organisation"] = next(iter(reg.organisations))
        if a["organisation"] is None:
            a["organisation"] = self.choose_one(say("ask-organisation", self.lang),
                                                {o: reg.organisations[o].name for o in reg.organisations})
        a["purpose"] = a["purpose"] or self.ask_purposes()
        a["basis"] = a["basis"] or self.choose_many(say("ask-bases", self.lang),
                                                    {c: t.label(self.lang) for c, t in legal_bases().items()})
        self.ask_basis_needs(a)
        self.complete_data(a)
        self.ask_transfers(a)
        self.complete_keeping(a)

    def complete_data(self, a: dict[str, Any]) -> None:
        """Data subjects, data categories and recipients."""
        from ropa.inspect.common import name_of

        reg = self.reg
        a["subject"] = a["subject"] or self.choose_many(
            say("ask-subjects", self.lang), {i: name_of(reg, i, "data_subjects", self.lang) for i in reg.data_subjects})
        a["category"] = a["category"] or self.choose_many(
            say("ask-categories", self.lang),
            {i: name_of(reg, i, "data_categories", self.lang) for i in reg.data_categories})
        if a["recipient"] is None and not a["no_recipients"]:
            a["recipient"] = self.choose_many(say("ask-recipients", self.lang),
                                              {i: r.name for i, r in reg.recipients.items()}, required=False)

    def complete_keeping(self, a: dict[str, Any]) -> None:
        """Retention, security measures and the DPIA state."""
        from ropa.inspect.common import name_of

        reg = self.reg
        if a["retention"] is None:
            a["retention"] = self.ask(say("ask-retention", self.lang), check_duration, required=False) or None
        if a["measure"] is None and reg.measures:
            a["measure"] = self.choose_many(say("ask-measures", self.lang),
                                            {i: name_of(reg, i, "measures", self.lang) for i in reg.measures},
                                            required=False)
        if a["dpia"] is None:
            a["dpia"] = self.choose_one(say("ask-dpia", self.lang), {s: s for s in DPIA_STATES}, default="unknown")

    # --- what a choice needs ------------------------------------------------------------------

    def ask_basis_needs(self, a: dict[str, Any]) -> None:
        needs = basis_needs(a["basis"])
        if "art6-1-f" in a["basis"] and a["interest"] is None:
            a["interest"] = self.ask(say("ask-interest", self.lang))
        if "art6-1-a" in a["basis"] or "consent" in needs:
            a["consent"] = a["consent"] or self.ask(say("ask-consent", self.lang))
            a["withdrawal"] = a["withdrawal"] or self.ask(say("ask-withdrawal", self.lang))
        if "statute" in needs and a["statute"] is None:
            a["statute"] = self.ask(say("ask-statute", self.lang))

    def ask_transfers(self, a: dict[str, Any]) -> None:
        """For each recipient outside the EEA: the mechanism, then what that mechanism needs."""
        from ropa.edit.new import needs_transfer

        given = parse_transfers(a["transfer"])
        tias, extra = parse_pairs("--tia", a["tia"]), parse_pairs("--safeguards", a["safeguards"])
        for rid in a["recipient"] or ():
            if needs_transfer(self.reg, rid):
                self.ask_transfer(rid, given, tias, extra)
        a["transfer"] = [f"{r}={m}" + (f":{n}" if n else "") for r, (m, n) in given.items()]
        a["tia"] = [f"{r}={t}" for r, t in tias.items() if t]
        a["safeguards"] = [f"{r}={t}" for r, t in extra.items() if t]

    def ask_transfer(self, rid: str, given: dict[str, Any], tias: dict[str, str], extra: dict[str, str]) -> None:
        """One recipient outside the EEA: its mechanism (unless given), then what that one needs."""
        from ropa.edit.new import mechanism_needs

        if rid not in given:
            given[rid] = (self.choose_mechanism(rid), None)
        mechanism, module = given[rid]
        needs = mechanism_needs(mechanism)
        if "scc_module" in needs and module is None:
            module = int(self.choose_one(say("ask-module", self.lang, recipient=rid), {m: m for m in "1234"}))
            given[rid] = (mechanism, module)
        if "tia" in needs and rid not in tias:
            tias[rid] = self.ask(say("ask-tia", self.lang, recipient=rid))
        for need in ("safeguards", "conditions"):
            if need in needs and rid not in extra:
                extra[rid] = self.ask(say(f"ask-{need}", self.lang, recipient=rid))

    def choose_mechanism(self, rid: str) -> str:
        """The transfer mechanism for recipient ``rid``, the likely one (else SCC) as the default."""
        from ropa.edit.new import default_mechanism
        from ropa.vocab import mechanisms

        country = self.reg.recipients[rid].country
        default = default_mechanism(self.reg, rid, _dt.date.today()) or "scc"
        return self.choose_one(say("ask-mechanism", self.lang, recipient=rid, country=country),
                               {c: t.label(self.lang) for c, t in mechanisms().items()}, default=default)

    # --- asking -------------------------------------------------------------------------------

    def ask(self, label: str, check: Callable[[str], str | None] | None = None, *, required: bool = True) -> str:
        """Ask until the answer passes ``check`` (which returns the reason it does not)."""
        while True:
            value = typer.prompt(label, default="" if not required else None, show_default=False).strip()
            if not value and required:
                typer.echo("  " + say("required", self.lang))
                continue
            problem = check(value) if check and value else None
            if problem is None:
                return value
            typer.echo("  " + localized(problem, self.lang))

    def ask_text(self, key: str) -> Any:
        """A text in each of the registry's languages (both required), or one plain text."""
        if not self.languages:
            return self.ask(say(key, self.lang))
        return {code: self.ask(say(f"{key}-lang", self.lang, language=code)) for code in self.languages}

    def ask_purposes(self) -> list[Any]:
        def split(text: str) -> list[str]:
            return [v.strip() for v in text.split(";") if v.strip()]

        if not self.languages:
            return split(self.ask(say("ask-purposes", self.lang)))
        first, *others = self.languages
        texts = {first: split(self.ask(say("ask-purposes-lang", self.lang, language=first)))}
        n = len(texts[first])
        for code in others:
            texts[code] = split(self.ask(say("ask-purposes-lang", self.lang, language=code),
                                         lambda v: None if len(split(v)) == n else say("same-count", self.lang, n=n)))
        return [{code: texts[code][i] for code in self.languages} for i in range(n)]

    def check_id(self, value: str) -> str | None:
        from ropa.load import ID_RE

        if not ID_RE.match(value):
            return say("id-bad", self.lang, ident=value)
        if value in self.reg.activities:
            return say("id-taken", self.lang, ident=value, where=self.reg.activities[value].span)
        return None

    def choose_one(self, label: str, choices: dict[str, str], default: str | None = None) -> str:
        if not choices:
            fail(say("none-to-choose", self.lang, label=label), lang=self.lang)
        show_choices(choices)
        return self.ask(label if default is None else f"{label} [{default}]",
                        lambda v: None if v in choices else say("not-a-choice", self.lang, value=v,
                                                                 hint=suggestion(v, choices, lang=self.lang)),
                        required=default is None) or default or ""  # required without a default: never empty

    def choose_many(self, label: str, choices: dict[str, str], *, required: bool = True) -> list[str]:
        if not choices:
            if required:
                fail(say("none-to-choose", self.lang, label=label), lang=self.lang)
            return []
        show_choices(choices)

        def check(raw: str) -> str | None:
            unknown = [v for v in split_ids(raw) if v not in choices]
            return "; ".join(say("not-a-choice", self.lang, value=v, hint=suggestion(v, choices, lang=self.lang))
                             for v in unknown) or None

        return split_ids(self.ask(f"{label} ({say('ids-sep', self.lang)})", check, required=required))


def show_choices(choices: dict[str, str]) -> None:
    for key, label in choices.items():
        typer.echo(f"  {key}" + (f"  {label}" if label and label != key else ""))


def split_ids(raw: str) -> list[str]:
    return [v.strip() for v in raw.split(",") if v.strip()]


def check_duration(value: str) -> str | None:
    from ropa.edit.new import duration_problem
    from ropa.load import DURATION_RE

    return None if DURATION_RE.match(value) else duration_problem(value)


# --- options to the activity -------------------------------------------------------------------

def parse_transfers(items: list[str] | None) -> dict[str, tuple[str, int | None]]:
    """``RECIPIENT=MECHANISM[:MODULE]`` options as recipient -> (mechanism, SCC module)."""
    out: dict[str, tuple[str, int | None]] = {}
    for item in items or ():
        rid, sep, mech = item.partition("=")
        if not sep or not rid or not mech:
            fail(say("bad-transfer", item=item))
        mech, _, module = mech.partition(":")
        if module and module not in ("1", "2", "3", "4"):
            fail(say("bad-module", item=item))
        out[rid] = (mech, int(module) if module else None)
    return out


def parse_pairs(option: str, items: list[str] | None) -> dict[str, str]:
    out = {}
    for item in items or ():
        rid, sep, value = item.partition("=")
        if not sep or not rid:
            fail(say("bad-pair", option=option, item=item))
        out[rid] = value
    return out


def basis_needs(bases: list[str]) -> set[str]:
    """What the cited legal bases need recorded (``needs`` in legal-bases.yaml); unknown codes need nothing."""
    from ropa.vocab import legal_bases

    terms = legal_bases()
    return {need for b in bases if b in terms for need in terms[b].needs}


def spec_from(reg: Any, a: dict[str, Any]) -> Any:
    """The ``NewActivity`` the answers describe; what is missing is a usage error."""
    from ropa.edit.new import NewActivity

    orgs = list(reg.organisations)
    organisation = a["organisation"] or (orgs[0] if len(orgs) == 1 else None)
    missing = _missing(a, organisation)
    if missing or organisation is None:  # no organisation is among the missing
        fail(say("missing-options", options=", ".join(missing)))
    transfers = _transfers(reg, a)
    return NewActivity(
        id=a["ident"], name=a["name"], organisation=organisation, purposes=list(a["purpose"]),
        legal_bases=list(a["basis"]), data_subjects=list(a["subject"]), data_categories=list(a["category"]),
        recipients=list(a["recipient"] or ()), transfers={r: m for r, (m, _) in transfers.items()},
        scc_modules={r: n for r, (_, n) in transfers.items() if n}, tias=parse_pairs("--tia", a["tia"]),
        safeguards=parse_pairs("--safeguards", a["safeguards"]), interest=a["interest"], lia=a["lia"],
        consent=a["consent"], withdrawal=a["withdrawal"], statute=a["statute"], retention=a["retention"],
        retention_trigger=a["trigger"], measures=list(a["measure"] or ()), owner=a["owner"],
        description=a["description"], status=a["status"], dpia=a["dpia"], cookies=a["cookies"])


def _missing(a: dict[str, Any], organisation: str | None) -> list[str]:
    """The options an activity needs that the answers leave out."""
    missing = [opt for opt, value in (("--id", a["ident"]), ("--name", a["name"]), ("--organisation", organisation),
                                      ("--purpose", a["purpose"]), ("--basis", a["basis"]),
                                      ("--subject", a["subject"]), ("--category", a["category"])) if not value]
    if a["recipient"] is None and not a["no_recipients"]:
        missing.append("--recipient (--no-recipients)")
    return missing


def _transfers(reg: Any, a: dict[str, Any]) -> dict[str, tuple[str, int | None]]:
    """The mechanism (and SCC module) per recipient: as given, else the likely one where a transfer needs one."""
    from ropa.edit.new import default_mechanism, needs_transfer

    transfers = parse_transfers(a["transfer"])
    for rid in a["recipient"] or ():
        if rid not in transfers and needs_transfer(reg, rid):
            default = default_mechanism(reg, rid, _dt.date.today())
            if default:
                transfers[rid] = (default, None)
    return transfers
