"""`ropa init DIR`: scaffold a registry for a new organisation that validates at once.

Writes ``DIR/<registry>/registry.yaml`` (the registry block, the organisation, and the
vocabulary the example uses), ``recipients.yaml`` (an empty catalogue),
``activities/example.yaml`` (one complete example activity) and
``DIR/.pre-commit-config.yaml`` running the ``ropa-validate`` hook on every commit.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import Any

from ropa import __version__
from ropa.findings import RopaError
from ropa.i18n import msg
from ropa.load import ID_RE
from ropa.model import Value


class InitError(RopaError):
    """The scaffold cannot be written (a file exists, a value is invalid)."""


class Organisation(Value):
    """The organisation a new registry is scaffolded for (``ropa init``'s answers)."""

    __slots__ = ("id", "name", "street", "postal_code", "city", "country", "email", "phone", "dpo_name", "dpo_email")

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

    def __init__(self, id: str, name: str, street: str | None = None, postal_code: str | None = None,
                 city: str | None = None, country: str = "DE", email: str | None = None, phone: str | None = None,
                 dpo_name: str | None = None, dpo_email: str | None = None) -> None:
        object.__setattr__(self, "id", id)
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "street", street)
        object.__setattr__(self, "postal_code", postal_code)
        object.__setattr__(self, "city", city)
        object.__setattr__(self, "country", country)
        object.__setattr__(self, "email", email)
        object.__setattr__(self, "phone", phone)
        object.__setattr__(self, "dpo_name", dpo_name)
        object.__setattr__(self, "dpo_email", dpo_email)


def _registry_data(org: Organisation, lang: str, today: _dt.date) -> dict[str, Any]:
    address = {k: v for k, v in (("street", org.street), ("postal_code", org.postal_code),
                                 ("city", org.city), ("country", org.country)) if v}
    organisation: dict[str, Any] = {"id": org.id, "name": org.name}
    if address:
        organisation["address"] = address
    if org.phone:
        organisation["phone"] = org.phone
    if org.email:
        organisation["email"] = org.email
    if org.dpo_name or org.dpo_email:
        organisation["dpo"] = {k: v for k, v in (("name", org.dpo_name), ("email", org.dpo_email)) if v}
    de = lang == "de"
    return {
        "registry": {"name": f"{org.name} – " + ("Verzeichnis von Verarbeitungstätigkeiten" if de
                                                  else "Record of processing activities"),
                     "version": today.strftime("%Y-%m"), "date": today, "languages": [lang]},
        "organisations": [organisation],
        "data_subjects": [{"id": "employees", "name": "Beschäftigte" if de else "Employees"}],
        "data_categories": [
            {"id": "contact-data", "name": "Kontaktdaten" if de else "Contact data"},
            {"id": "payroll-data", "name": "Gehaltsabrechnungsdaten" if de else "Payroll data"},
        ],
        "measures": [
            {"id": "access-control", "name": "Zugriffskontrolle" if de else "Access control",
             "kind": "technical", "art32": ["confidentiality"]},
            {"id": "backup", "name": "Datensicherung" if de else "Backups", "kind": "technical",
             "art32": ["availability", "restore"]},
        ],
    }


def _activity_data(org: Organisation, lang: str, today: _dt.date) -> dict[str, Any]:
    de = lang == "de"
    return {"activities": [{
        "id": "payroll",
        "name": "Lohn- und Gehaltsabrechnung" if de else "Payroll",
        "organisation": org.id,
        "owner": "Personalabteilung" if de else "HR",
        "purposes": ["Berechnung und Auszahlung der Löhne und Gehälter" if de
                     else "Calculating and paying salaries"],
        "legal_bases": [
            {"basis": "art6-1-b"},
            {"basis": "art6-1-c", "statute": "§ 41 EStG, § 28a SGB IV"},
        ],
        "data_subjects": ["employees"],
        "data_categories": ["contact-data", "payroll-data"],
        "recipients": [],
        "transfers": [],
        "retention": [{"period": "P10Y", "trigger": "Ende des Kalenderjahres" if de else "End of the calendar year",
                       "statute": "§ 147 AO"}],
        "measures": ["access-control", "backup"],
        "dpia": {"status": "not-required", "date": today},
        "created": today,
        "updated": today,
        "review_due": today.replace(year=today.year + 1) if not (today.month == 2 and today.day == 29)
        else today + _dt.timedelta(days=365),
    }]}


def precommit_config(registry_dir: str, hook_repo: str | None) -> str:
    files = f"^{registry_dir}/"
    if hook_repo:
        return (f"# Validate the record of processing activities on every commit.\n"
                f"repos:\n"
                f"  - repo: {hook_repo}\n"
                f"    rev: v{__version__}\n"
                f"    hooks:\n"
                f"      - id: ropa-validate\n"
                f"        files: {files}\n")
    return ("# Validate the record of processing activities on every commit, with the ropa\n"
            "# installed in this environment. To pin the hook instead, use the ropa repository:\n"
            "#   - repo: <ropa repository URL>\n"
            f"#     rev: v{__version__}\n"
            "#     hooks: [{id: ropa-validate}]\n"
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


def scaffold(directory: Path, org: Organisation, *, lang: str = "en", registry_dir: str = "registry",
             hook_repo: str | None = None, today: _dt.date | None = None) -> list[Path]:
    """Write the scaffold; refuses to touch any existing file. Returns the files written."""
    from ropa.edit.yamlrt import create_exclusive
    from ropa.vocab import is_country

    today = today or _dt.date.today()
    if not ID_RE.match(org.id):
        raise InitError(msg("'{id}' is not a valid id (lower-case letters, digits, '-', '_', '.')", id=org.id))
    if not org.name.strip():
        raise InitError(msg("the organisation's name must not be empty"))
    if not (org.email or org.phone):
        raise InitError(msg("give the organisation's e-mail or phone: the record names the controller's "
                            "contact details (Art. 30(1)(a))"))
    if not is_country(org.country):
        raise InitError(msg("'{value}' is not an ISO 3166-1 alpha-2 country code", value=org.country))
    if lang not in ("de", "en"):
        raise InitError(msg("unknown language '{value}': use de or en", value=lang))
    root = directory / registry_dir
    files = {
        root / "registry.yaml": _dump(_registry_data(org, lang, today),
                                      f"Record of processing activities of {org.name} (Art. 30 GDPR).\n"
                                      "Validate with `ropa validate`, inspect with `ropa list` and `ropa show`."),
        root / "recipients.yaml": "# The recipient catalogue: processors, joint controllers, authorities...\n"
                                  "# Add one entry per legal entity; activities refer to them by id.\n"
                                  "recipients: []\n",
        root / "activities" / "payroll.yaml": _dump(_activity_data(org, lang, today),
                                                    "An example activity: adapt it, or add your own with `ropa new`."),
        directory / ".pre-commit-config.yaml": precommit_config(registry_dir, hook_repo),
    }
    existing = [p for p in files if p.exists()]
    if existing:
        raise InitError(msg("{path} already exists; nothing written", path=str(existing[0])))
    written = []
    for path, text in files.items():
        create_exclusive(path, text)
        written.append(path)
    return written
