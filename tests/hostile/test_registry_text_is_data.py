"""Text from the registry is data, never control (issue 29, item 7).

A registry value holding GitHub workflow commands and a fake summary line
(``\\n::error file=x::y\\n0 errors, 0 warnings``) or terminal escape sequences (clear the
screen, move the cursor, a C1 control sequence introducer, a right-to-left override) goes
through every output format of ``validate`` and of the inspect commands, plain and rich: no
output line may begin with a workflow command or be the fake summary, and no escape sequence
of the registry may reach the output (rich's own colours are allowed where rich is asked for).
"""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from ropa.cli import app
from tests.helpers import write_registry

INJECT = "x\n::error file=x::y\n0 errors, 0 warnings\n::warning::z"
ANSI = "\x1b[2J\x1b[1;1H\x9b2K\u202egnp.exe"
PAYLOAD = INJECT + ANSI

REGISTRY = {
    "registry.yaml": """\
        registry: {name: Hostile, date: 2024-06-01}
        organisations:
          - id: acme
            name: ACME GmbH
            address: {city: Berlin, country: DE}
            email: info@acme.example
            dpo_required: false
        data_subjects:
          - {id: customers, name: Customers}
        data_categories:
          - {id: contact, name: Contact data}
        """,
    "recipients.yaml": """\
        recipients:
          - id: mailer
            name: "MAILER"
            role: processor
            country: US
            contract: {type: dpa}
        """,
    "activities/shop.yaml": """\
        activities:
          - id: shop
            name: "NAME"
            organisation: acme
            purposes: ["PURPOSE"]
            legal_bases: [{basis: art6-1-f, interest: "INTEREST"}]
            data_subjects: [customers]
            data_categories: [contact]
            recipients: [mailer]
            transfers: []
            gaps:
              - field: retention
                note: "NOTE"
        """,
}


def _yaml(text: str) -> str:
    """``text`` as the inside of a YAML double-quoted scalar."""
    return (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\x1b", "\\e")
            .replace("\x9b", "\\x9b").replace("\u202e", "\\u202e"))


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    files = {name: text.replace('"MAILER"', f'"{_yaml(PAYLOAD)}"').replace('"NAME"', f'"{_yaml(PAYLOAD)}"')
             .replace('"PURPOSE"', f'"{_yaml(PAYLOAD)}"').replace('"INTEREST"', f'"{_yaml(PAYLOAD)}"')
             .replace('"NOTE"', f'"{_yaml(PAYLOAD)}"') for name, text in REGISTRY.items()}
    return write_registry(tmp_path_factory.mktemp("hostile"), files)


RICH = {"FORCE_TERMINAL": "1", "FORCE_COLOR": "1", "COLUMNS": "100"}
PLAIN = {"FORCE_TERMINAL": None, "FORCE_COLOR": None, "NO_COLOR": "1"}

RUNS = [
    (["validate", "{r}"], PLAIN), (["validate", "{r}"], RICH), (["validate", "{r}", "-f", "json"], PLAIN),
    (["validate", "{r}", "-f", "sarif"], PLAIN), (["validate", "{r}", "-f", "github"], PLAIN),
    (["list", "-r", "{r}"], PLAIN), (["list", "-r", "{r}"], RICH), (["list", "-r", "{r}", "-f", "json"], PLAIN),
    (["list", "-r", "{r}", "-f", "csv"], PLAIN),
    (["show", "shop", "-r", "{r}"], PLAIN), (["show", "shop", "-r", "{r}"], RICH),
    (["show", "shop", "-r", "{r}", "-f", "json"], PLAIN), (["show", "mailer", "-r", "{r}"], PLAIN),
    (["transfers", "-r", "{r}"], PLAIN), (["transfers", "-r", "{r}"], RICH),
    (["transfers", "-r", "{r}", "-f", "csv"], PLAIN), (["transfers", "-r", "{r}", "-f", "json"], PLAIN),
    (["recipients", "-r", "{r}"], PLAIN), (["recipients", "-r", "{r}"], RICH),
    (["summary", "-r", "{r}"], PLAIN), (["summary", "-r", "{r}"], RICH), (["summary", "-r", "{r}", "-f", "json"], PLAIN),
    (["gaps", "-r", "{r}"], PLAIN), (["gaps", "-r", "{r}"], RICH), (["gaps", "-r", "{r}", "-f", "json"], PLAIN),
]


@pytest.mark.parametrize(("args", "env"), RUNS, ids=lambda v: " ".join(v) if isinstance(v, list) else
                         ("rich" if v is RICH else "plain"))
def test_registry_text_cannot_control_the_output(hostile, args, env):
    result = CliRunner().invoke(app, [a.replace("{r}", str(hostile)) for a in args], env=env)
    assert result.exit_code in (0, 1), result.output
    out = result.stdout + result.stderr
    if args[0] not in ("summary", "transfers"):  # counts and ids: no registry text to show
        assert "error file=x" in out, "the payload is not in the output: the test would prove nothing"
    annotations = re.compile(rf"::(error|warning|notice) file=[^,:]*{re.escape(hostile.name)}/")
    for line in out.splitlines():
        stripped = line.lstrip()
        # GitHub reads a workflow command from a line that begins with "::" after blanks: only
        # ropa's own annotations (--format github) may, and the payload stays inside their message
        if "github" in args and annotations.match(stripped):
            continue
        assert not stripped.startswith("::"), line
        if args[0] != "show":  # show lays a multi-line value out as indented lines under its label
            assert stripped != "0 errors, 0 warnings", line
    # no escape sequence of the registry reaches the output (rich's colours are its own)
    for seq in ("\x1b[2J", "\x1b[1;1H", "\x9b", "\u202e"):
        assert seq not in out, (seq, out)
