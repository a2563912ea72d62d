"""The rule list in docs/rules.md, generated from the catalogue.

    python -m ropa.rules.readme            # rewrite the section in ./docs/rules.md
    python -m ropa.rules.readme --check    # exit 1 if the section is out of date

The section sits between ``<!-- rules:start -->`` and ``<!-- rules:end -->``;
``ropa rules --markdown`` prints the same table.
"""

from __future__ import annotations

import sys
from pathlib import Path

PATH = Path("docs") / "rules.md"
START = "<!-- rules:start -->"
END = "<!-- rules:end -->"


def markdown() -> str:
    """A Markdown table of loader problems and rules: code, name, severity, reference, summary."""
    from ropa.problems import PROBLEMS, REFERENCE
    from ropa.rules import catalogue

    lines = ["| Code | Name | Severity | Reference | What it checks |", "|---|---|---|---|---|"]
    for code, (name, severity, fatal, description) in sorted(PROBLEMS.items()):
        kind = f"{severity.value}{' (fatal)' if fatal else ''}"
        lines.append(f"| {code} | {name} | {kind} | {REFERENCE} | {_cell(description)} |")
    for rule in catalogue():
        lines.append(f"| {rule.code} | {rule.name} | {rule.severity.value} | {_cell(rule.reference)} "
                     f"| {_cell(rule.summary)} |")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def replace_section(readme: str) -> str:
    """``readme`` (the text of docs/rules.md) with the list between the markers regenerated."""
    head, sep, rest = readme.partition(START)
    if not sep:
        raise ValueError(f"{PATH} has no {START} marker")
    _old, sep, tail = rest.partition(END)
    if not sep:
        raise ValueError(f"{PATH} has no {END} marker")
    return f"{head}{START}\n{markdown()}{END}{tail}"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    path = PATH
    current = path.read_text(encoding="utf-8")
    wanted = replace_section(current)
    if "--check" in args:
        if wanted != current:
            print(f"{PATH}: the rule list is out of date: run `python -m ropa.rules.readme`", file=sys.stderr)
            return 1
        return 0
    if wanted != current:
        path.write_text(wanted, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
