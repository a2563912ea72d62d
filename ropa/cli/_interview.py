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
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ropa.cli._prompt import Prompter, split_answers
from ropa.i18n import N_, _, localized

DPIA_STATES = ("not-required", "required", "in-progress", "done", "unknown")
NONE_WORDS = frozenset({"-", "keine", "keiner", "none", "no", "nein"})

TEXTS = {
    "ask-id": N_("Id (lower-case, e.g. newsletter)"),
    "ask-name": N_("Name of the activity"),
    "ask-name-lang": N_("Name ({language})"),
    "ask-organisation": N_("Organisation"),
    "ask-purposes": N_("Purposes (separate with ';')"),
    "ask-purposes-lang": N_("Purposes ({language}; separate with ';')"),
    "same-count": N_("as many purposes as in the first language ({n})"),
    "ask-bases": N_("Legal bases"),
    "ask-interest": N_("Legitimate interest pursued"),
    "ask-consent": N_("How is consent obtained"),
    "ask-withdrawal": N_("How is consent withdrawn"),
    "ask-statute": N_("Statute imposing the obligation (e.g. § 147 AO)"),
    "ask-subjects": N_("Data subjects"),
    "ask-categories": N_("Data categories"),
    "ask-recipients": N_("Recipients"),
    "ask-measures": N_("Security measures"),
    "ask-mechanism": N_("Transfer mechanism for {recipient} ({country})"),
    "ask-module": N_("SCC module for {recipient}"),
    "ask-tia": N_("Transfer impact assessment (TIA) for {recipient}: reference"),
    "ask-safeguards": N_("Safeguards under Art. 49(1) second subparagraph for {recipient}"),
    "ask-conditions": N_("Why does the Art. 49 derogation apply to {recipient} (occasional, necessary)?"),
    "ask-retention": N_("Retention period (ISO 8601, e.g. P10Y = 10 years, P6M = 6 months)"),
    "ask-trigger": N_("From which event does the period run (e.g. end of the calendar year; empty: not stated)"),
    "ask-dpia": N_("Data protection impact assessment (DPIA)"),
    "ask-third-country": N_("Are data transferred to a third country (outside the EEA) in this activity?"),
    "third-country-later": N_("Record the recipient outside the EEA with '+' (or `ropa add recipient`) and "
                              "name it among the recipients; the transfers stay 'not stated' until then."),
    "many-hint": N_("ids or numbers, separated by ','; '+' adds a new one"),
    "many-hint-none": N_("ids or numbers, separated by ','; '+' adds a new one; '-': there are none"),
    "needs-art6": N_("name at least one legal basis under Art. 6(1) GDPR as well ({cited} alone is not one)"),
    "add-new": N_("add a new one"),
    "there-are-none": N_("there are none"),
    "none-yet": N_("(the registry has none yet: '+' adds one)"),
    "not-a-choice": N_("'{value}' is not one of the choices{hint}"),
    "did-you-mean": N_(" (did you mean '{close}'?)"),
    "none-alone": N_("'-' (there are none) cannot be combined with other answers"),
    "mechanism-refused": N_("{mechanism} does not hold for {recipient}: {reason}"),
    "draft-saved": N_("Your answers are kept in {path}; `ropa new` offers to continue from them."),
    "draft-found": N_("Answers of an earlier `ropa new` for '{ident}' ({when}) were kept. Continue from them?"),
    "fix-now": N_("Correct the answers now (Enter keeps an answer)?"),
    "new-recipient": N_("New recipient"),
    "new-subject": N_("New data subject category"),
    "new-category": N_("New data category"),
    "new-measure": N_("New measure"),
    "ask-entry-name": N_("Name"),
    "ask-entry-name-lang": N_("Name ({language})"),
    "ask-entry-id": N_("Id"),
    "ask-recipient-name": N_("Name of the legal entity (e.g. DATEV eG)"),
    "ask-role": N_("Role"),
    "ask-country": N_("Country (ISO code, e.g. DE, US)"),
    "ask-recipient-category": N_("Category of recipient for the record (e.g. tax adviser; empty: not stated)"),
    "ask-contract": N_("Contract with the recipient (empty: not stated)"),
    "ask-contract-needed": N_("Contract with the recipient (its role needs one: 'none' or 'unknown' if so)"),
    "ask-contract-date": N_("Date the contract was concluded (YYYY-MM-DD; empty: not stated)"),
    "ask-dpf": N_("Is {name} listed as active under the EU-US Data Privacy Framework (checked today)?"),
    "ask-description": N_("Description (empty: none)"),
    "ask-special": N_("Special category"),
    "ask-measure-kind": N_("Kind of measure"),
    "ask-art32": N_("Art. 32(1) goals it serves"),
    "special-none": N_("no special category"),
    "special-art9": N_("special category (Art. 9(1))"),
    "special-art10": N_("criminal convictions and offences (Art. 10)"),
    "bad-date": N_("'{value}' is not a date like 2024-01-31"),
    "added": N_("added {kind} '{ident}' to {path}"),
}

ADD_KINDS = {"subject": "data_subjects", "category": "data_categories", "recipient": "recipients",
             "measure": "measures"}


def date_problem(value: str) -> str | None:
    try:
        _dt.date.fromisoformat(value)
    except ValueError:
        return "bad-date"
    return None


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


class EntryInterview:
    """``ropa add``'s questions: a recipient, a data subject category, a data category or a measure."""

    def __init__(self, prompter: Prompter, registry: Any, lang: str) -> None:
        self.p = prompter
        self.reg = registry
        self.lang = lang
        meta = registry.meta
        self.languages = tuple(meta.languages) if meta is not None and len(meta.languages) > 1 else ()

    def t(self, key: str, **values: object) -> str:
        return _(TEXTS[key], self.lang, **values)

    def run_and_write(self, registry_path: Path, kind: str, given: dict[str, Any]) -> str:
        """Ask what ``given`` leaves open, write the entry; its id. A refused entry is asked again."""
        from ropa.edit.add import AddError, add

        self.p.echo(self.t(f"new-{kind}") + ":")
        while True:
            entry = self.ask(kind, given)
            try:
                added = add(registry_path, kind, entry)
            except AddError as exc:
                for line in exc.problems:
                    self.p.note(localized(line, self.lang))
                given = {}
                continue
            from ropa.edit.add import KINDS

            self.p.echo("  " + self.t("added", kind=_(KINDS[kind][1], self.lang), ident=added.id, path=added.path))
            from ropa.cli.add import show_findings

            show_findings(added.findings, self.lang)
            return added.id

    def ask(self, kind: str, given: dict[str, Any]) -> dict[str, Any]:
        """The entry's fields in the model's order, from ``given`` and the answers."""
        name = given.get("name") or self.ask_name(kind)
        entry: dict[str, Any] = {"id": given.get("id") or self.ask_id(kind, name), "name": name}
        extra = getattr(self, f"ask_{kind}")(given, name)
        entry.update(extra)
        return entry

    def ask_name(self, kind: str) -> Any:
        label = self.t("ask-recipient-name") if kind == "recipient" else self.t("ask-entry-name")
        if kind == "recipient" or not self.languages:  # a legal entity's name is one name
            return self.p.ask(label)
        return {code: self.p.ask(self.t("ask-entry-name-lang", language=code)) for code in self.languages}

    def ask_id(self, kind: str, name: Any) -> str:
        from ropa.edit.answers import id_problem, propose_id

        taken = getattr(self.reg, ADD_KINDS[kind])
        text = name if isinstance(name, str) else next(iter(name.values()), "")
        proposal = propose_id(text) if kind == "recipient" else _slug(text)
        return self.p.ask(self.t("ask-entry-id"), lambda v: id_problem(v, taken),
                          default=proposal if proposal and proposal not in taken else None)

    def ask_recipient(self, given: dict[str, Any], name: Any) -> dict[str, Any]:
        from ropa import labels
        from ropa.edit.answers import country_problem

        out: dict[str, Any] = {}
        roles = {r: labels.label(labels.ROLES, r, self.lang) for r in labels.ROLES}
        out["role"] = given.get("role") or self.p.choose_one(self.t("ask-role"), roles)
        country = given.get("country") or self.p.ask(self.t("ask-country"), country_problem,
                                                     default=self._home_country())
        out["country"] = country.upper()
        category = given.get("category") or self.p.ask(self.t("ask-recipient-category"), required=False)
        if category:
            out["category"] = category
        contract = self.ask_contract(given, out["role"])
        if contract:
            out["contract"] = contract
        listing = self.ask_dpf(given, name, out["country"])
        if listing:
            out["certifications"] = [listing]
        return out

    def ask_contract(self, given: dict[str, Any], role: str) -> dict[str, Any] | None:
        """The contract a recipient's role calls for (required for a processor or joint controller:
        RP401, RP402; 'none' and 'unknown' are answers), and its date."""
        from ropa import labels

        kind = given.get("contract")
        if kind is None and role in ("processor", "sub-processor", "joint-controller", "controller"):
            keys = self.p.show({c: labels.label(labels.CONTRACTS, c, self.lang) for c in labels.CONTRACTS})
            needed = role != "controller"
            raw = self.p.ask(self.t("ask-contract-needed" if needed else "ask-contract"),
                             lambda v: None if self.p.pick(v, keys) else self.p.refuse(v, keys), required=needed)
            kind = self.p.pick(raw, keys) if raw else None
        if not kind:
            return None
        date = self.ask_contract_date(given, kind)
        return {"type": kind, **({"date": _dt.date.fromisoformat(date)} if date else {})}

    def ask_contract_date(self, given: dict[str, Any], kind: str) -> str | None:
        date = given.get("contract_date")
        if date is None and kind not in ("none", "unknown"):
            date = self.p.ask(self.t("ask-contract-date"),
                              lambda v: self.t("bad-date", value=v) if date_problem(v) else None, required=False)
        return date or None

    def ask_dpf(self, given: dict[str, Any], name: Any, country: str) -> dict[str, Any] | None:
        """A US recipient's EU-US DPF listing, as the DPO checked it today (asked, never assumed)."""
        from ropa.vocab import in_eea

        status = given.get("dpf")
        if status is None and country == "US":
            status = "active" if self.p.confirm(self.t("ask-dpf", name=name), default=None) else None
        if not status or in_eea(country):
            return None
        return {"scheme": "eu-us-dpf", "status": status, "checked": _dt.date.today()}

    def _home_country(self) -> str | None:
        for org in self.reg.organisations.values():
            if org.address is not None and org.address.country:
                return str(org.address.country)
        return None

    def ask_goals(self) -> list[str]:
        """The Art. 32(1) goals a measure serves (by ids or numbers; empty: none named)."""
        from ropa import labels

        keys = self.p.show({g: labels.label(labels.ART32, g, self.lang) for g in labels.ART32})
        raw = self.p.ask(f"{self.t('ask-art32')} ({self.p.say('by-number')})",
                         lambda v: "; ".join(self.p.refuse(x, keys) for x in split_answers(v)
                                             if self.p.pick(x, keys) is None) or None, required=False)
        return [g for g in (self.p.pick(x, keys) for x in split_answers(raw)) if g]

    def ask_subject(self, given: dict[str, Any], name: Any) -> dict[str, Any]:
        description = given.get("description") or self.p.ask(self.t("ask-description"), required=False)
        return {"description": description} if description else {}

    def ask_category(self, given: dict[str, Any], name: Any) -> dict[str, Any]:
        out = self.ask_subject(given, name)
        special = given.get("special") or self.p.choose_one(
            self.t("ask-special"), {s: self.t(f"special-{s}") for s in ("none", "art9", "art10")}, default="none")
        if special != "none":
            out["special"] = special
        return out

    def ask_measure(self, given: dict[str, Any], name: Any) -> dict[str, Any]:
        from ropa import labels

        kinds = {k: labels.label(labels.MEASURE_KINDS, k, self.lang) for k in labels.MEASURE_KINDS}
        out: dict[str, Any] = {"kind": given.get("kind") or self.p.choose_one(self.t("ask-measure-kind"), kinds)}
        description = given.get("description") or self.p.ask(self.t("ask-description"), required=False)
        if description:
            out["description"] = description
        goals = given.get("art32")
        if goals is None:
            goals = self.ask_goals()
        if goals:
            out["art32"] = [g for g in goals if g]
        return out


def _slug(text: str) -> str:
    from ropa.edit.answers import slug

    return slug(text)


# --- options to the activity -------------------------------------------------------------------

def store_transfers(a: dict[str, Any], given: dict[str, Any], tias: dict[str, str], extra: dict[str, str]) -> None:
    """The transfer answers back into ``a`` in the options' form (``RECIPIENT=MECHANISM[:MODULE]``)."""
    a["transfer"] = [f"{r}={m}" + (f":{n}" if n else "") for r, (m, n) in given.items()]
    a["tia"] = [f"{r}={t}" for r, t in tias.items() if t]
    a["safeguards"] = [f"{r}={t}" for r, t in extra.items() if t]


def parse_transfers(items: list[str] | None) -> dict[str, tuple[str, int | None]]:
    """``RECIPIENT=MECHANISM[:MODULE]`` options as recipient -> (mechanism, SCC module)."""
    from ropa.cli._terminal import fail
    from ropa.cli._texts import say

    out: dict[str, tuple[str, int | None]] = {}
    for item in items or ():
        rid, sep, mech = item.partition("=")
        if not sep or not rid or not mech:
            fail(say("bad-transfer", item=item))
        mech, _sep, module = mech.partition(":")
        if module and module not in ("1", "2", "3", "4"):
            fail(say("bad-module", item=item))
        out[rid] = (mech, int(module) if module else None)
    return out


def parse_pairs(option: str, items: list[str] | None) -> dict[str, str]:
    from ropa.cli._terminal import fail
    from ropa.cli._texts import say

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
    from ropa.cli._terminal import fail
    from ropa.cli._texts import say

    orgs = list(reg.organisations)
    organisation = a["organisation"] or (orgs[0] if len(orgs) == 1 else None)
    missing = _missing(a, organisation)
    if missing or organisation is None:  # no organisation is among the missing
        fail(say("missing-options", options=", ".join(missing)))
    transfers = _transfers(reg, a)
    recipients, mechanisms = _stated(a, transfers)
    return NewActivity(
        id=a["ident"], name=a["name"], organisation=organisation, purposes=list(a["purpose"]),
        legal_bases=list(a["basis"]), data_subjects=list(a["subject"]), data_categories=list(a["category"]),
        recipients=recipients, transfers=mechanisms,
        scc_modules={r: n for r, (_, n) in transfers.items() if n}, tias=parse_pairs("--tia", a["tia"]),
        safeguards=parse_pairs("--safeguards", a["safeguards"]), interest=a["interest"], lia=a["lia"],
        consent=a["consent"], withdrawal=a["withdrawal"], statute=a["statute"], retention=a["retention"],
        retention_trigger=a["trigger"], measures=list(a["measure"] or ()), owner=a["owner"],
        description=a["description"], status=a["status"], dpia=a["dpia"], cookies=a["cookies"])


def _stated(a: dict[str, Any], transfers: dict[str, tuple[str, int | None]]) -> tuple[Any, Any]:
    """The recipients and the transfer mechanisms as stated: ``[]``/``{}`` where the answers say
    there are none, ``None`` where they do not say (written as "not stated")."""
    recipients = [] if a["no_recipients"] else a["recipient"]
    stated = bool(transfers) or a["no_recipients"] or a["no_transfers"]
    return (None if recipients is None else list(recipients),
            {r: m for r, (m, _) in transfers.items()} if stated else None)


def _missing(a: dict[str, Any], organisation: str | None) -> list[str]:
    """The options an activity needs that the answers leave out (recipients may stay "not stated")."""
    return [opt for opt, value in (("--id", a["ident"]), ("--name", a["name"]), ("--organisation", organisation),
                                   ("--purpose", a["purpose"]), ("--basis", a["basis"]),
                                   ("--subject", a["subject"]), ("--category", a["category"])) if not value]


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
