"""`ropa new` (by options and by prompts) and `ropa init`: the results validate at once."""

from __future__ import annotations

import datetime as _dt
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ropa.check import check
from ropa.cli import app
from ropa.edit.fmt import format_text
from ropa.edit.init import InitError, Organisation, scaffold
from ropa.edit.new import NewActivity, NewActivityError, create
from ropa.findings import Severity
from ropa.load import load

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "tests" / "fixtures" / "sample"
runner = CliRunner()


@pytest.fixture()
def registry(tmp_path) -> Path:
    return Path(shutil.copytree(SAMPLE, tmp_path / "registry"))


def errors_for(root: Path, ident: str) -> list[str]:
    result = load(root)
    assert not result.fatal
    report = check(result)
    assert ident in result.registry.activities
    return [str(f) for f in report.findings if f.severity is Severity.ERROR and not f.waived
            and (f.target == ident or f.span.file.endswith(f"{ident}.yaml"))]


NEWSLETTER = ["new", "--id", "newsletter", "--name", "Newsletter", "--purpose", "Monthly product news",
              "--basis", "art6-1-a", "--consent", "Double opt-in form", "--withdrawal", "Unsubscribe link",
              "--subject", "customers", "--category", "contact-data", "--recipient", "analytics-inc",
              "--retention", "P2Y", "--trigger", "unsubscription", "--measure", "tls", "--dpia", "not-required",
              "--owner", "Marketing", "--no-interactive"]


def test_new_by_options(registry):
    result = runner.invoke(app, [*NEWSLETTER, "-r", str(registry)])
    assert result.exit_code == 0, result.output
    path = registry / "activities" / "newsletter.yaml"
    assert result.stdout.startswith(f"created {path}")
    text = path.read_text()
    assert format_text(text) == text  # written in `ropa fmt`'s layout
    assert "mechanism: dpf" in text  # the recipient's active DPF listing, found by itself
    assert errors_for(registry, "newsletter") == []
    again = runner.invoke(app, [*NEWSLETTER, "-r", str(registry)])
    assert again.exit_code == 2
    assert "already exists" in again.stderr
    assert path.read_text() == text


def test_new_refuses_unknown_references(registry):
    args = [a if a != "customers" else "custmers" for a in NEWSLETTER]
    args = [a if a != "art6-1-a" else "art6-1-z" for a in args]
    result = runner.invoke(app, [*args, "-r", str(registry)])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "error: unknown legal basis 'art6-1-z' (see `ropa vocab legal-bases`)",
        "error: unknown data subject 'custmers' (did you mean 'customers'?)",
    ]
    assert not (registry / "activities" / "newsletter.yaml").exists()
    result = runner.invoke(app, ["new", "--id", "x", "--no-interactive", "-r", str(registry)])
    assert result.exit_code == 2 and "missing --name" in result.stderr
    german = runner.invoke(app, [*args, "-r", str(registry), "--lang", "de"])
    assert german.exit_code == 2
    assert german.stderr.splitlines() == [
        "Fehler: unbekannte Rechtsgrundlage 'art6-1-z' (siehe `ropa vocab legal-bases`)",
        "Fehler: Kategorie betroffener Personen 'custmers' ist nicht bekannt (meinten Sie 'customers'?)",
    ]


def test_new_interactive(registry):
    answers = "\n".join([
        "web-analytics",  # an existing id: asked again
        "Support",  # not a valid id: asked again
        "support",  # id
        "Kundenbetreuung",  # name: the registry declares de and en, so both
        "Customer support",
        # the only organisation is taken without asking
        "Supportanfragen beantworten; Produkt verbessern",  # purposes, in German
        "Answering support requests",  # in English: not as many, asked again
        "Answering support requests; Improving the product",
        "art6-1-z",  # an unknown legal basis: asked again
        "art6-1-b",  # legal bases
        "customers",  # data subjects
        "contact-data, invoices",  # data categories
        "nope",  # an unknown recipient: asked again
        "hoster",  # recipients
        "n",  # no third-country transfer (stated, so `transfers: []` is written)
        "3 Jahre",  # not ISO 8601: asked again, with the hint
        "P3Y",  # retention
        "",  # the event it runs from: not stated
        "tls",  # measures
        "not-required",  # DPIA
    ]) + "\n"
    result = runner.invoke(app, ["new", "--interactive", "-r", str(registry)], input=answers)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "the id 'web-analytics' is already used" in out
    assert "'Support' is not a valid id" in out
    assert "as many purposes as in the first language (2)" in out
    assert "'art6-1-z' is not one of the choices (did you mean 'art6-1-f'?)" in out
    assert "'nope' is not one of the choices" in out
    assert "'3 Jahre' is not an ISO 8601 duration; you probably mean P3Y" in out
    activity = load(registry).registry.activities["support"]
    assert (activity.name.get("de"), activity.name.get("en")) == ("Kundenbetreuung", "Customer support")
    assert [p.get("en") for p in activity.purposes] == ["Answering support requests", "Improving the product"]
    assert [p.get("de") for p in activity.purposes] == ["Supportanfragen beantworten", "Produkt verbessern"]
    assert activity.data_categories == ("contact-data", "invoices")
    assert [u.recipient for u in activity.recipients] == ["hoster"]
    assert activity.retention[0].period == "P3Y"
    assert errors_for(registry, "support") == []


def test_new_library_requires_a_mechanism_outside_the_eea(registry, tmp_path):
    from ropa.edit.new import problems

    (registry / "recipients.yaml").write_text(
        (registry / "recipients.yaml").read_text()
        + "  - {id: india-crm, name: CRM Pvt., role: processor, country: IN, contract: {type: scc}}\n")
    spec = NewActivity(id="crm", name="CRM", organisation="example", purposes=["Customer care"],
                       legal_bases=["art6-1-b"], data_subjects=["customers"], data_categories=["contact-data"],
                       recipients=["india-crm"], retention="P3Y", measures=["tls"])
    with pytest.raises(NewActivityError) as info:
        create(registry, spec)
    assert info.value.problems == ["recipient 'india-crm' is outside the EEA (IN): state its transfer "
                                   "mechanism, e.g. --transfer india-crm=scc"]
    assert not info.value.invalid  # bad input: exit code 2
    spec = spec._replace(transfers={"india-crm": "scc"})
    before = sorted(p.name for p in (registry / "activities").iterdir())
    with pytest.raises(NewActivityError) as info:  # SCC name their module (RP306; a missing TIA is a warning)
        create(registry, spec, today=_dt.date(2024, 6, 1))
    assert info.value.invalid and [line.split(" ")[1] for line in info.value.problems] == ["RP306"]
    assert info.value.problems[0].startswith(f"{registry}/activities/crm.yaml:")  # the real path, not the scratch
    assert sorted(p.name for p in (registry / "activities").iterdir()) == before  # nothing written
    spec = spec._replace(scc_modules={"india-crm": 2}, tias={"india-crm": "TIA-2024-01"})
    created = create(registry, spec, today=_dt.date(2024, 6, 1))
    activity = load(registry).registry.activities["crm"]
    assert (activity.transfers[0].mechanism, activity.transfers[0].scc_module) == ("scc", 2)
    assert activity.review_due == _dt.date(2025, 6, 1)
    assert created.path.name == "crm.yaml"
    del problems


def test_init_by_options(tmp_path):
    project = tmp_path / "acme"
    result = runner.invoke(app, ["init", str(project), "--id", "acme", "--name", "ACME GmbH", "--city", "Berlin",
                                 "--email", "info@acme.example", "--dpo-name", "Dana Schutz",
                                 "--dpo-email", "dpo@acme.example", "--lang", "de", "--no-interactive"])
    assert result.exit_code == 0, result.output
    from ropa.edit.yamlrt import safe_data

    config = safe_data((project / ".pre-commit-config.yaml").read_text())
    assert [h["id"] for repo in config["repos"] for h in repo["hooks"]] == ["ropa-validate"]
    registry = project / "registry"
    validated = runner.invoke(app, ["validate", str(registry)])
    assert validated.exit_code == 0, validated.output
    report = check(load(registry))
    assert [str(f) for f in report.findings if f.severity is Severity.ERROR] == []
    assert load(registry).registry.organisations["acme"].name == "ACME GmbH"
    assert runner.invoke(app, ["fmt", "--check", "-r", str(registry)]).exit_code == 0
    again = runner.invoke(app, ["init", str(project), "--id", "acme", "--name", "X", "--email", "x@y.z",
                                "--no-interactive"])
    assert again.exit_code == 2 and "already exists" in again.stderr


def test_init_interactive(tmp_path):
    answers = "Beispiel AG\nbeispiel\nHauptstr. 1\n\n10115\nBerlin\ninfo@beispiel.example\n\n\n"
    result = runner.invoke(app, ["init", str(tmp_path / "p"), "--interactive"], input=answers)
    assert result.exit_code == 0, result.output
    registry = load(tmp_path / "p" / "registry").registry
    org = registry.organisations["beispiel"]
    assert (org.name, org.address.city, org.email, org.dpo) == ("Beispiel AG", "Berlin", "info@beispiel.example", None)
    assert list(registry.activities) == []  # no example activity: facts only the organisation can state


def test_init_refuses_bad_values(tmp_path):
    with pytest.raises(InitError, match="not a valid id"):
        scaffold(tmp_path, Organisation(id="ACME", name="ACME", email="a@b.c"))
    with pytest.raises(InitError, match="e-mail or phone"):
        scaffold(tmp_path, Organisation(id="acme", name="ACME"))
    assert list(tmp_path.iterdir()) == []


def test_new_that_would_not_validate_writes_nothing_and_exits_1(registry):
    # issue 15: printed "created", then "error: RP202", and exited 0
    before = {p: p.read_bytes() for p in registry.rglob("*") if p.is_file()}
    args = ["new", "--id", "nl6", "--name", "X", "--purpose", "p", "--basis", "art6-1-f", "--subject", "customers",
            "--category", "contact-data", "--no-recipients", "--retention", "P1Y", "--measure", "tls",
            "--no-interactive", "-r", str(registry)]
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    assert "created" not in result.stdout
    assert result.stderr.splitlines()[0] == "nothing written: the new activity would have 1 error(s):"
    assert "RP202" in result.stderr
    assert {p: p.read_bytes() for p in registry.rglob("*") if p.is_file()} == before


@pytest.mark.parametrize(("extra", "message"), [
    (["--recipient", "hoster"], "--no-recipients and --recipient exclude each other"),
    (["--retention", "2 Jahre"], "'2 Jahre' is not an ISO 8601 duration; you probably mean P2Y"),
    (["--organisation", "exmple"], "unknown organisation 'exmple'"),
    (["--transfer", "hoster"], "--transfer 'hoster': write RECIPIENT=MECHANISM[:MODULE]"),
])
def test_new_bad_usage_exits_2_and_writes_nothing(registry, extra, message):
    before = {p: p.read_bytes() for p in registry.rglob("*") if p.is_file()}
    args = ["new", "--id", "nl6", "--name", "X", "--purpose", "p", "--basis", "art6-1-b", "--subject", "customers",
            "--category", "contact-data", "--no-recipients", "--retention", "P1Y", "--measure", "tls",
            "--no-interactive", "-r", str(registry)]
    result = runner.invoke(app, [*args, *extra])
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert {p: p.read_bytes() for p in registry.rglob("*") if p.is_file()} == before


def test_new_by_options_in_two_languages(registry):
    args = ["new", "--id", "nl6", "--name-de", "Rundbrief", "--name-en", "Newsletter", "--purpose-de", "Werbung",
            "--purpose-en", "Advertising", "--basis", "art6-1-b", "--subject", "customers", "--category",
            "contact-data", "--no-recipients", "--retention", "P1Y", "--measure", "tls", "--no-interactive",
            "-r", str(registry)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    activity = load(registry).registry.activities["nl6"]
    assert (activity.name.get("de"), activity.name.get("en")) == ("Rundbrief", "Newsletter")
    assert [(p.get("de"), p.get("en")) for p in activity.purposes] == [("Werbung", "Advertising")]


def test_new_interactive_asks_what_the_mechanism_needs(registry):
    # issue 15: suggested [scc] but never asked for the module or the assessment
    (registry / "recipients.yaml").write_text(
        (registry / "recipients.yaml").read_text()
        + "  - {id: india-crm, name: CRM Pvt., role: processor, country: IN, contract: {type: scc}}\n")
    answers = "\n".join([
        "crm", "Kundenpflege", "Customer care", "Kundenpflege", "Customer care", "art6-1-b", "customers",
        "contact-data", "india-crm",
        "",  # mechanism: the suggested scc
        "5",  # not an SCC module: asked again
        "2",  # SCC module
        "TIA-2024-07",  # transfer impact assessment
        "P3Y", "", "tls", "not-required",
    ]) + "\n"
    result = runner.invoke(app, ["new", "--interactive", "-r", str(registry)], input=answers)
    assert result.exit_code == 0, result.output
    assert "SCC module for india-crm" in result.stdout
    assert "'5' is not one of the choices" in result.stdout
    transfer = load(registry).registry.activities["crm"].transfers[0]
    assert (transfer.mechanism, transfer.scc_module, transfer.tia.reference) == ("scc", 2, "TIA-2024-07")
    assert errors_for(registry, "crm") == []


def test_new_suggests_only_what_the_transfer_assessment_accepts():
    """`ropa new` and the validator decide transfer validity with one function (ropa.transfer):
    a suggested mechanism is one the assessment accepts, and an expired listing suggests none."""
    import datetime as _dt

    from ropa import transfer
    from ropa.edit.new import default_mechanism
    from ropa.load import load
    from ropa.model import Transfer

    root = Path(__file__).resolve().parents[2]
    for path, day in ((root / "registry", _dt.date(2023, 6, 1)), (root / "tests/fixtures/sample", _dt.date(2024, 6, 1)),
                      (root / "tests/fixtures/lawful", _dt.date(2026, 3, 1))):
        reg = load(path).registry
        suggested = 0
        for rid, rec in reg.recipients.items():
            mechanism = default_mechanism(reg, rid, day)
            if mechanism is None:
                continue
            suggested += 1
            found = transfer.assess(Transfer(recipient=rid, country=rec.country, mechanism=mechanism), rec, day)
            assert found.status != transfer.INVALID, (path.name, rid, mechanism)
        if path.name == "lawful":
            assert suggested  # UK, Switzerland, Brazil: adequacy is suggested


def test_new_refuses_dpf_for_a_recipient_without_a_listing_at_the_prompt(registry):
    # issue 26: a DPF choice for a recipient without a DPF listing was refused only at the end
    added = runner.invoke(app, ["add", "recipient", "--id", "mailer", "--name", "Mailer Inc.", "--role", "processor",
                                "--country", "US", "--contract", "dpa", "--no-interactive", "-r", str(registry)])
    assert added.exit_code == 0, added.output
    answers = "\n".join([
        "mail", "Rundbrief", "Newsletter", "Werbung", "Advertising", "art6-1-b", "customers", "contact-data",
        "mailer",
        "dpf",  # no active listing: refused at once, with the reason
        "scc", "",  # SCC, module 2 (the default that fits a processor)
        "TIA-7", "P2Y", "", "tls", "not-required",
    ]) + "\n"
    result = runner.invoke(app, ["new", "--interactive", "-r", str(registry)], input=answers)
    assert result.exit_code == 0, result.output
    assert "dpf does not hold for mailer" in result.stdout
    transfer = load(registry).registry.activities["mail"].transfers[0]
    assert (transfer.mechanism, transfer.scc_module) == ("scc", 2)
