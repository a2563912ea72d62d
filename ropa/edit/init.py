"""`ropa init DIR`: scaffold a registry for a new organisation that validates at once.

Writes ``DIR/<registry>/registry.yaml`` (the registry block, the organisation, and a small
starting vocabulary), ``recipients.yaml`` (an empty catalogue) and
``DIR/.pre-commit-config.yaml`` running the ``ropa-validate`` hook on every commit; comments
in the registry's language. No example activity: an activity states facts, and only the
organisation can state them (``ropa new`` asks for them).
"""

from __future__ import annotations

import datetime as _dt
import os
from pathlib import Path
from typing import Any

from ropa.findings import RopaError
from ropa.i18n import N_, _, msg
from ropa.load import ID_RE, MARKER
from ropa.model import Value


class InitError(RopaError):
    """The scaffold cannot be written (a file exists, a value is invalid)."""


class Organisation(Value):
    """The organisation a new registry is scaffolded for (``ropa init``'s answers)."""

    __slots__ = ("id", "name", "street", "postal_code", "city", "country", "email", "phone", "dpo_name", "dpo_email",
                 "employees", "dpo_external", "dpo_organisation")

    id: str
    name: str
    street: str | None
    postal_code: str | None
    city: str | None
    country: str
    email: str | None
    phone: str | None
    dpo_name: str | None
    dpo_email: str | None
    employees: int | None  # headcount (Art. 30(5); § 38 BDSG)
    dpo_external: bool | None  # an external DPO (None: not stated)
    dpo_organisation: str | None  # an external DPO's firm

    def __init__(self, id: str, name: str, street: str | None = None, postal_code: str | None = None,
                 city: str | None = None, country: str = "DE", email: str | None = None, phone: str | None = None,
                 dpo_name: str | None = None, dpo_email: str | None = None, employees: int | None = None,
                 dpo_external: bool | None = None, dpo_organisation: str | None = None) -> None:
        values = (id, name, street, postal_code, city, country, email, phone, dpo_name, dpo_email, employees,
                  dpo_external, dpo_organisation)
        for slot, value in zip(self.__slots__, values, strict=True):
            object.__setattr__(self, slot, value)


def _organisation_data(org: Organisation) -> dict[str, Any]:
    """The organisation's entry: what the answers give, in the model's field order."""
    address = {k: v for k, v in (("street", org.street), ("postal_code", org.postal_code),
                                 ("city", org.city), ("country", org.country)) if v}
    dpo = {k: v for k, v in (("name", org.dpo_name), ("organisation", org.dpo_organisation),
                             ("email", org.dpo_email), ("external", org.dpo_external)) if v is not None}
    stated = {"address": address or None, "phone": org.phone or None, "email": org.email or None,
              "dpo": dpo if org.dpo_name or org.dpo_email or org.dpo_organisation else None,
              "employees": org.employees}
    return {"id": org.id, "name": org.name, **{k: v for k, v in stated.items() if v is not None}}


def _registry_data(org: Organisation, lang: str, today: _dt.date) -> dict[str, Any]:
    organisation = _organisation_data(org)
    return {
        "registry": {"name": org.name, "version": today.strftime("%Y-%m"), "date": today, "languages": [lang]},
        "organisations": [organisation],
        # a starting vocabulary (names only: no activity uses them yet, so they state nothing)
        "data_subjects": [{"id": "employees", "name": _("Employees", lang)}],
        "data_categories": [
            {"id": "contact-data", "name": _("Contact data", lang)},
            {"id": "payroll-data", "name": _("Payroll data", lang)},
        ],
    }


# the comments of the scaffold, in the registry's language
COMMENTS = {
    "registry": N_("Record of processing activities of {name} (Art. 30 GDPR).\n"
                   "Validate with `ropa validate`, inspect with `ropa list` and `ropa show`;\n"
                   "add activities with `ropa new`."),
    "recipients": N_("The recipient catalogue: processors, joint controllers, authorities...\n"
                     "Add one with `ropa add recipient`; activities refer to them by id."),
    "hook": N_("Validate the record of processing activities on every commit, with the ropa\n"
               "installed in this environment. To pin the hook to the ropa repository instead:\n"
               "ropa init --hook-repo URL --hook-rev TAG-OR-COMMIT (a revision that exists there)."),
    "hook-pinned": N_("Validate the record of processing activities on every commit."),
}


def _comment(key: str, lang: str, **values: object) -> str:
    return "".join(f"# {line}\n" for line in _(COMMENTS[key], lang, **values).splitlines())


def precommit_config(registry_dir: str, hook_repo: str | None, hook_rev: str | None = None,
                     lang: str = "en") -> str:
    """The pre-commit configuration: the local hook, or the hook of ``hook_repo`` at ``hook_rev``
    (a revision the caller names: ropa never writes a revision it cannot know exists)."""
    files = f"^{registry_dir}/"
    if hook_repo:
        if not hook_rev:
            raise InitError(msg("--hook-repo needs --hook-rev: the tag or commit of that repository to run"))
        return (_comment("hook-pinned", lang) +
                "repos:\n"
                f"  - repo: {hook_repo}\n"
                f"    rev: {hook_rev}\n"
                "    hooks:\n"
                "      - id: ropa-validate\n"
                f"        files: {files}\n")
    return (_comment("hook", lang) +
            "repos:\n"
            "  - repo: local\n"
            "    hooks:\n"
            "      - id: ropa-validate\n"
            "        name: ropa validate\n"
            f"        entry: ropa validate {registry_dir}\n"
            "        language: system\n"
            f"        files: {files}\n"
            "        pass_filenames: false\n")


def _dump(data: dict[str, Any], comment: str) -> str:
    from ropa.edit.yamlrt import dump_rt, rt_data

    top = rt_data(data)
    top.yaml_set_start_comment(comment)
    return dump_rt(top)


def enclosing_registry(directory: Path) -> Path | None:
    """The registry ``directory`` lies in (itself or a directory above holding registry.yaml), or None."""
    here = Path(os.path.abspath(directory))
    for candidate in (here, *here.parents):
        if (candidate / MARKER).is_file():
            return candidate
    return None


def check(org: Organisation, lang: str) -> None:
    """``InitError`` for the first value that cannot be right."""
    from ropa.vocab import is_country

    if not ID_RE.match(org.id):
        raise InitError(msg("'{id}' is not a valid id (lower-case letters, digits, '-', '_', '.')", id=org.id))
    if not org.name.strip():
        raise InitError(msg("the organisation's name must not be empty"))
    if not (org.email or org.phone):
        raise InitError(msg("give the organisation's e-mail or phone: the record names the controller's "
                            "contact details (Art. 30(1)(a))"))
    if not is_country(org.country):
        raise InitError(msg("'{value}' is not an ISO 3166-1 alpha-2 country code", value=org.country))
    _check_values(org)
    if lang not in ("de", "en"):
        raise InitError(msg("unknown language '{value}': use de or en", value=lang))


def _check_values(org: Organisation) -> None:
    """``InitError`` for an e-mail address or postal code that cannot be right."""
    from ropa.edit.answers import email_problem, postal_code_problem

    for problem in (email_problem(org.email) if org.email else None,
                    email_problem(org.dpo_email) if org.dpo_email else None,
                    postal_code_problem(org.postal_code, org.country) if org.postal_code else None):
        if problem is not None:
            raise InitError(problem)


def refuse_inside(directory: Path, registry_dir: str = "registry") -> None:
    """``InitError`` when the new registry would lie inside an existing one."""
    if (directory / registry_dir / MARKER).exists():
        raise InitError(msg("{path} already exists; nothing written", path=str(directory / registry_dir / MARKER)))
    inside = enclosing_registry(directory) or enclosing_registry(directory / registry_dir)
    if inside is not None:
        raise InitError(msg("{path} is inside the registry {registry}: a second registry there would change its "
                            "validation and exports; start the new one in a directory of its own",
                            path=str(directory), registry=str(inside)))


def scaffold(directory: Path, org: Organisation, *, lang: str = "en", registry_dir: str = "registry",
             hook_repo: str | None = None, hook_rev: str | None = None, today: _dt.date | None = None) -> list[Path]:
    """Write the scaffold; refuses to touch any existing file, and to start a registry inside
    another one (whose validation and exports it would change). Returns the files written."""
    from ropa.edit.yamlrt import create_exclusive

    today = today or _dt.date.today()
    check(org, lang)
    refuse_inside(directory, registry_dir)
    root = directory / registry_dir
    files = {
        root / "registry.yaml": _dump(_registry_data(org, lang, today), _(COMMENTS["registry"], lang, name=org.name)),
        root / "recipients.yaml": _comment("recipients", lang) + "recipients: []\n",
        directory / ".pre-commit-config.yaml": precommit_config(registry_dir, hook_repo, hook_rev, lang),
    }
    existing = [p for p in files if p.exists()]
    if existing:
        raise InitError(msg("{path} already exists; nothing written", path=str(existing[0])))
    written = []
    for path, text in files.items():
        create_exclusive(path, text)
        written.append(path)
    return written
