"""Test helpers: build small registries inline (others may use these too)."""

from __future__ import annotations

import datetime as _dt
import re
import textwrap
from pathlib import Path

from ropa.check import Report, check
from ropa.findings import Finding
from ropa.load import load

TODAY = _dt.date(2024, 6, 1)  # a fixed check date: date rules stay reproducible

# A registry without findings, and an activity that breaks it (RP101 at line 2, col 5).
CLEAN = """\
registry:
  name: Clean
organisations:
  - id: acme
    name: ACME GmbH
    address: {city: Berlin, country: DE}
    email: info@acme.example
    dpo_required: false
"""
BROKEN = """\
activities:
  - id: crm
    name: CRM
    organisation: acme
"""

_SECTION = re.compile(r"^## (.+)$", re.M)
_YAML = re.compile(r"```yaml\n(.*?)```", re.S)


def write_registry(root: Path, files: dict[str, str] | str, *, marker: bool = True) -> Path:
    """Write YAML files (name -> text, dedented) below ``root``; a bare string is registry.yaml.

    With ``marker`` a ``registry.yaml`` is created if the files do not include one.
    """
    if isinstance(files, str):
        files = {"registry.yaml": files}
    root.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    if marker and not (root / "registry.yaml").exists():
        (root / "registry.yaml").write_text("registry:\n  name: Test registry\n", encoding="utf-8")
    return root


def run(root: Path, files: dict[str, str] | str | None = None, *, today: _dt.date = TODAY,
        **options) -> Report:
    """Write the files (if given), load and check the registry at ``root``."""
    if files is not None:
        write_registry(root, files)
    return check(load(root), today=today, **options)


def findings(report: Report, code: str) -> list[Finding]:
    return [f for f in report.findings if f.code == code]


def doc_examples(doc: str) -> dict[str, str]:
    """The ``Example`` and ``Use instead`` YAML blocks of a rule's docstring."""
    parts = _SECTION.split(doc)
    blocks = {}
    for title, body in zip(parts[1::2], parts[2::2]):
        match = _YAML.search(body)
        if match:
            blocks[title.strip()] = match.group(1)
    return blocks


def marked_lines(yaml_text: str) -> list[int]:
    """1-based lines carrying the ``# <-`` marker: where a rule's example must report."""
    return [n for n, line in enumerate(yaml_text.splitlines(), 1) if line.rstrip().endswith("# <-")]
