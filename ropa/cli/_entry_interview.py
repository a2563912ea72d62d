"""``ropa add``'s questions (also asked by ``ropa new`` where an answer is ``+``): a recipient, a
data subject category, a data category or a measure, each answer checked when it is given."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import Any

from ropa.cli._interview_texts import ADD_KINDS, TEXTS, date_problem
from ropa.cli._prompt import Prompter, split_answers
from ropa.i18n import _, localized


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
            from ropa.cli._terminal import show_findings

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
