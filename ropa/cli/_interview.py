"""The interviews of `ropa new` and `ropa add`: each answer checked when it is given, none lost.

An answer that cannot be right (a taken or malformed id, an unknown reference, "2 Jahre"
for a duration, a DPF transfer to a recipient without an active listing) is refused at once
with the reason and the closest valid value, and the question is asked again. Where a
question names entries of the registry (data subjects, data categories, recipients,
measures), ``+`` adds a new one there and then (``ropa add``'s questions), and an empty
catalogue still asks the question. "None" is written only when the answer says so
(``-`` for "there are none"); an empty answer leaves the field "not stated".

When the final check still fails, the answers are kept: in a draft beside the registry
(``.ropa-drafts/``, which the next ``ropa new`` offers to continue), and asked again at once
with every earlier answer as the default (Enter keeps it).

This module asks ``ropa new``'s questions (``Interview``); ``ropa add``'s are in
``_entry_interview``, the texts of both in ``_interview_texts``, the options as the activity
to write in ``_activity_options``.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ropa.cli._activity_options import basis_needs, parse_pairs, parse_transfers, store_transfers
from ropa.cli._entry_interview import EntryInterview
from ropa.cli._interview_texts import DPIA_STATES, TEXTS
from ropa.cli._prompt import Prompter, split_answers
from ropa.i18n import _, localized


class Interview:
    """Asks for what the options left open, in the registry's languages."""

    def __init__(self, registry_path: Path, registry: Any, lang: str, prompter: Prompter | None = None) -> None:
        self.path = registry_path
        self.reg = registry
        self.lang = lang
        self.p = prompter or Prompter(lang)
        meta = registry.meta
        self.languages = tuple(meta.languages) if meta is not None and len(meta.languages) > 1 else ()
        self.previous: dict[str, Any] = {}

    def t(self, key: str, **values: object) -> str:
        return _(TEXTS[key], self.lang, **values)

    def before(self, key: str) -> Any:
        """An earlier answer to ``key`` (a draft, or the attempt that failed its final check)."""
        return self.previous.get(key)

    def complete(self, a: dict[str, Any], previous: dict[str, Any] | None = None) -> None:
        """Fill the missing answers in ``a`` (keyed like ``ropa new``'s parameters)."""
        from ropa.vocab import legal_bases

        self.previous = previous or {}
        self.complete_head(a)
        a["purpose"] = a["purpose"] or self.ask_purposes()
        if not a["basis"]:
            bases = {c: t.label(self.lang) for c, t in legal_bases().items()}
            a["basis"] = self.choose_many("ask-bases", bases, self.before("basis"), add=None,
                                          also=self.art6_problem)
        self.ask_basis_needs(a)
        self.complete_data(a)
        self.ask_transfers(a)
        self.complete_keeping(a)

    def complete_head(self, a: dict[str, Any]) -> None:
        """Id, name and organisation (the only one is taken without asking)."""
        reg = self.reg
        if a["ident"] is None:
            a["ident"] = self.ask("ask-id", self.check_id, default=self.before("ident"))
        a["name"] = a["name"] or self.ask_text("ask-name", self.before("name"))
        if a["organisation"] is None and len(reg.organisations) == 1:
            a["organisation"] = next(iter(reg.organisations))
        if a["organisation"] is None:
            a["organisation"] = self.p.choose_one(self.t("ask-organisation"),
                                                  {o: reg.organisations[o].name for o in reg.organisations},
                                                  default=self.before("organisation"))

    def complete_data(self, a: dict[str, Any]) -> None:
        """Data subjects, data categories and recipients (``+`` adds one; ``-`` says there are none)."""
        if not a["subject"]:
            a["subject"] = self.choose_many("ask-subjects", self.names("data_subjects"), self.before("subject"),
                                            add="subject")
        if not a["category"]:
            a["category"] = self.choose_many("ask-categories", self.names("data_categories"),
                                             self.before("category"), add="category")
        if a["recipient"] is None and not a["no_recipients"]:
            previous = "-" if self.before("no_recipients") else self.before("recipient")
            answer = self.choose_many("ask-recipients", self.names("recipients"), previous, add="recipient",
                                      none=True)
            if answer == ["-"]:
                a["no_recipients"] = True
            elif answer:
                a["recipient"] = answer

    def complete_keeping(self, a: dict[str, Any]) -> None:
        """Retention, security measures and the DPIA state."""
        from ropa import labels
        from ropa.edit.answers import duration_problem

        if a["retention"] is None:
            a["retention"] = self.ask("ask-retention", duration_problem, default=self.before("retention"))
            if a["retention"] and a["trigger"] is None:
                a["trigger"] = self.ask("ask-trigger", required=False, default=self.before("trigger")) or None
        if a["measure"] is None:
            a["measure"] = self.choose_many("ask-measures", self.names("measures"), self.before("measure"),
                                            add="measure")
        if a["dpia"] is None:
            states = {s: labels.label(labels.DPIA_STATUS, s, self.lang) for s in DPIA_STATES}
            a["dpia"] = self.p.choose_one(self.t("ask-dpia"), states, default=self.before("dpia") or "unknown")

    # --- what a choice needs ------------------------------------------------------------------

    def ask_basis_needs(self, a: dict[str, Any]) -> None:
        needs = basis_needs(a["basis"])
        if "art6-1-f" in a["basis"] and a["interest"] is None:
            a["interest"] = self.ask("ask-interest", default=self.before("interest"))
        if "art6-1-a" in a["basis"] or "consent" in needs:
            a["consent"] = a["consent"] or self.ask("ask-consent", default=self.before("consent"))
            a["withdrawal"] = a["withdrawal"] or self.ask("ask-withdrawal", default=self.before("withdrawal"))
        if "statute" in needs and a["statute"] is None:
            a["statute"] = self.ask("ask-statute", default=self.before("statute"))

    def ask_transfers(self, a: dict[str, Any]) -> None:
        """For each recipient outside the EEA: the mechanism, then what that mechanism needs; with
        none outside the EEA, whether there is a third-country transfer at all (only a "no" is written)."""
        from ropa.edit.new import needs_transfer

        given = parse_transfers(a["transfer"])
        tias, extra = parse_pairs("--tia", a["tia"]), parse_pairs("--safeguards", a["safeguards"])
        outside = [rid for rid in a["recipient"] or () if needs_transfer(self.reg, rid)]
        for rid in outside:
            self.ask_transfer(rid, given, tias, extra)
        if a["recipient"] and not outside and not a["no_transfers"]:
            a["no_transfers"] = self.no_third_country()
        store_transfers(a, given, tias, extra)

    def no_third_country(self) -> bool:
        """Asked when no recipient is outside the EEA: True only for the answer "no"."""
        previous = self.before("no_transfers")
        if not self.p.confirm(self.t("ask-third-country"), default=None if previous is None else not previous):
            return True
        self.p.note(self.t("third-country-later"))
        return False

    def ask_transfer(self, rid: str, given: dict[str, Any], tias: dict[str, str], extra: dict[str, str]) -> None:
        """One recipient outside the EEA: its mechanism (unless given), then what that one needs."""
        from ropa.edit.new import mechanism_needs

        if rid not in given:
            given[rid] = (self.choose_mechanism(rid), None)
        mechanism, module = given[rid]
        needs = mechanism_needs(mechanism)
        if "scc_module" in needs and module is None:
            given[rid] = (mechanism, self.ask_module(rid, mechanism))
        previous_tias, previous_extra = (parse_pairs("--tia", self.before("tia")),
                                         parse_pairs("--safeguards", self.before("safeguards")))
        if "tia" in needs and rid not in tias:
            tias[rid] = self.ask("ask-tia", recipient=rid, default=previous_tias.get(rid))
        for need in ("safeguards", "conditions"):
            if need in needs and rid not in extra:
                extra[rid] = self.ask(f"ask-{need}", recipient=rid, default=previous_extra.get(rid))

    def ask_module(self, rid: str, mechanism: str) -> int:
        """The SCC module: the earlier answer, else the one that fits the roles, as the default."""
        modules = {"1": "C2C", "2": "C2P", "3": "P2P", "4": "P2C"}
        default = _module_of(self.before("transfer") or [], rid) or self.fitting_module(rid, mechanism)
        return int(self.p.choose_one(self.t("ask-module", recipient=rid), modules, default=default))

    def fitting_module(self, rid: str, mechanism: str) -> str | None:
        """The SCC module that fits the roles (the controller exporting, the recipient's role), as the
        transfer assessment judges it: the default of the question (RP306 warns on another)."""
        from ropa.model import Transfer
        from ropa.transfer import assess

        recipient = self.reg.recipients[rid]
        for module in (1, 2, 3, 4):
            trial = Transfer(recipient=rid, country=recipient.country, mechanism=mechanism, scc_module=module)
            if not [p for p in assess(trial, recipient, _dt.date.today()).problems if p.kind == "module"]:
                return str(module)
        return None

    def choose_mechanism(self, rid: str) -> str:
        """The transfer mechanism for recipient ``rid``: the likely one (else SCC) as the default; one
        that cannot hold for this recipient (DPF without an active listing, adequacy where there is
        none) is refused at the prompt with the reason."""
        from ropa.edit.new import default_mechanism
        from ropa.vocab import mechanisms

        recipient = self.reg.recipients[rid]
        today = _dt.date.today()
        default = _mechanism_of(self.before("transfer") or [], rid) or default_mechanism(self.reg, rid, today) \
            or "scc"
        choices = {c: t.label(self.lang) for c, t in mechanisms().items()}
        keys = self.p.show(choices)

        def check(raw: str) -> str | None:
            picked = self.p.pick(raw, keys)
            if picked is None:
                return self.p.refuse(raw, keys)
            return self.mechanism_problem(rid, picked, recipient, today)

        answer = self.p.ask(f"{self.t('ask-mechanism', recipient=rid, country=recipient.country)} "
                            f"({self.p.say('one-by-number')})", check, default=default)
        return self.p.pick(answer, keys) or default

    def mechanism_problem(self, rid: str, mechanism: str, recipient: Any, today: _dt.date) -> str | None:
        from ropa.model import Transfer
        from ropa.transfer import assess

        trial = Transfer(recipient=rid, country=recipient.country, mechanism=mechanism)
        found = assess(trial, recipient, today)
        fatal = [p for p in found.problems if p.kind in ("adequacy", "listing") and p.severity == "error"]
        if not fatal:
            return None
        return self.t("mechanism-refused", mechanism=mechanism, recipient=rid,
                      reason="; ".join(localized(p.text, self.lang) for p in fatal))

    # --- asking -------------------------------------------------------------------------------

    def ask(self, key: str, check: Callable[[str], Any] | None = None, *, required: bool = True,
            default: str | None = None, **values: object) -> str:
        """Ask the question ``key`` until the answer passes ``check`` (which returns the reason it does not)."""
        def checked(value: str) -> Any:
            problem = check(value) if check is not None else None
            return self.t(problem, value=value) if problem in TEXTS else problem

        return self.p.ask(self.t(key, **values), checked if check else None, required=required,
                          default=default if isinstance(default, str) else None)

    def ask_text(self, key: str, previous: Any = None) -> Any:
        """A text in each of the registry's languages (both required), or one plain text."""
        if not self.languages:
            return self.ask(key, default=previous if isinstance(previous, str) else None)
        old = previous if isinstance(previous, dict) else {}
        return {code: self.ask(f"{key}-lang", language=code, default=old.get(code)) for code in self.languages}

    def ask_purposes(self) -> list[Any]:
        def split(text: str) -> list[str]:
            return [v.strip() for v in text.split(";") if v.strip()]

        old = self.before("purpose") or []
        if not self.languages:
            joined = "; ".join(p for p in old if isinstance(p, str)) or None
            return split(self.ask("ask-purposes", default=joined))
        first, *others = self.languages

        def previous(code: str) -> str | None:
            return "; ".join(p.get(code, "") for p in old if isinstance(p, dict)) or None

        texts = {first: split(self.ask("ask-purposes-lang", language=first, default=previous(first)))}
        n = len(texts[first])
        for code in others:
            texts[code] = split(self.ask("ask-purposes-lang", lambda v: None if len(split(v)) == n else
                                         self.t("same-count", n=n), language=code, default=previous(code)))
        return [{code: texts[code][i] for code in self.languages} for i in range(n)]

    def check_id(self, value: str) -> Any:
        from ropa.edit.answers import id_problem

        return id_problem(value, self.reg.activities)

    def names(self, collection: str) -> dict[str, str]:
        from ropa.inspect.common import name_of

        if collection == "recipients":
            return {i: r.name for i, r in self.reg.recipients.items()}
        return {i: name_of(self.reg, i, collection, self.lang) for i in getattr(self.reg, collection)}

    def art6_problem(self, picked: list[str]) -> str | None:
        """Why the legal bases ``picked`` are not enough: none under Art. 6(1) (RP201)."""
        from ropa.vocab import legal_bases

        terms = legal_bases()
        if any(terms[b].kind == "art6" for b in picked if b in terms):
            return None
        return self.t("needs-art6", cited=", ".join(picked))

    def choose_many(self, key: str, choices: dict[str, str], previous: Any, *, add: str | None,
                    none: bool = False, required: bool = True,
                    also: Callable[[list[str]], str | None] | None = None) -> list[str]:
        """Several of ``choices`` by id or number; ``+`` adds a new entry of kind ``add`` (asked there
        and then, written to the registry, and chosen); with ``none``, ``-`` answers "there are none"
        (returned as ``["-"]``) and an empty answer "not stated" (``[]``)."""
        extra = {key: self.t(text) for key, text, offered in (("+", "add-new", add), ("-", "there-are-none", none))
                 if offered}
        if not choices and add:
            self.p.echo("  " + self.t("none-yet"))
        keys = self.p.show(choices, extra)
        hint = self.t("many-hint-none" if none else "many-hint") if add else self.p.say("by-number")
        raw = self.p.ask(f"{self.t(key)} ({hint})", self.many_check(keys, add, none, also), required=required,
                         default=", ".join(previous) if isinstance(previous, list) else previous
                         if isinstance(previous, str) else None)
        return self.picked(split_answers(raw), keys, add)

    def picked(self, answers: list[str], keys: list[str], add: str | None) -> list[str]:
        """The ids the answers name, each once; ``+`` adds an entry there and then; ``["-"]`` for none."""
        if "-" in answers:
            return ["-"]
        out: list[str] = []
        for answer in answers:
            picked = self.add_entry(add) if answer == "+" and add else self.p.pick(answer, keys)
            if picked and picked not in out:
                out.append(picked)
        return out

    def many_check(self, keys: list[str], add: str | None, none: bool,
                   also: Callable[[list[str]], str | None] | None) -> Callable[[str], str | None]:
        """The check of an answer naming several choices (``+`` and ``-`` where offered)."""
        allowed = {"+"} if add else set()
        if none:
            allowed.add("-")

        def check(raw: str) -> str | None:
            answers = split_answers(raw)
            if "-" in answers and len(answers) > 1:
                return self.t("none-alone")
            bad = [v for v in answers if v not in allowed and self.p.pick(v, keys) is None]
            if bad:
                return "; ".join(self.p.refuse(v, keys) for v in bad)
            return also([self.p.pick(v, keys) or v for v in answers]) if also is not None else None

        return check

    def add_entry(self, kind: str) -> str:
        """Ask for a new entry of ``kind``, write it to the registry, reload; its id."""
        from ropa.load import load

        ident = EntryInterview(self.p, self.reg, self.lang).run_and_write(self.path, kind, {})
        self.reg = load(self.path).registry
        return ident


def _mechanism_of(transfers: list[str], rid: str) -> str | None:
    found = parse_transfers(transfers).get(rid)
    return found[0] if found else None


def _module_of(transfers: list[str], rid: str) -> str | None:
    found = parse_transfers(transfers).get(rid)
    return str(found[1]) if found and found[1] else None
