"""The rule list in docs/rules.md, generated from the catalogue.

    python -m ropa.rules.readme            # rewrite the section in ./docs/rules.md and docs/regeln.md
    python -m ropa.rules.readme --check    # exit 1 if either is out of date

The list in docs/rules.md is English; ``docs/regeln.md`` is the German one (from the
message catalogue: summaries and citations in German, ``ropa rules --markdown --lang de``).

The section sits between ``<!-- rules:start -->`` and ``<!-- rules:end -->``;
``ropa rules --markdown`` prints the same table.
"""

from __future__ import annotations

import sys
from pathlib import Path

PATH = Path("docs") / "rules.md"
START = "<!-- rules:start -->"
END = "<!-- rules:end -->"


def markdown(lang: str = "en") -> str:
    """A Markdown table of loader problems and rules: code, name, severity with the axis the rule
    judges (``ropa.findings.Axis``: a loader problem is always the record's), reference, summary."""
    from ropa import labels
    from ropa.i18n import _, _p, cite
    from ropa.labels import headers
    from ropa.problems import PROBLEMS, REFERENCE
    from ropa.report.text import axis_word
    from ropa.rules import catalogue

    head = headers("rules", lang)
    lines = ["| " + " | ".join(head) + " |", "|---|---|---|---|---|"]
    for code, (name, severity, fatal, description) in sorted(PROBLEMS.items()):
        kind = (labels.label(labels.SEVERITIES, severity.value, lang) + (_(" (fatal)", lang) if fatal else "")
                + f" · {axis_word('record', lang)}")
        lines.append(f"| {code} | {name} | {kind} | {cite(REFERENCE, lang)} "
                     f"| {_cell(_p(code, description, lang))} |")
    for rule in catalogue():
        axis = axis_word(rule.axis.value if rule.axis else "record", lang)
        lines.append(f"| {rule.code} | {rule.name} | {labels.label(labels.SEVERITIES, rule.severity.value, lang)}"
                     f" · {axis} "
                     f"| {_cell(cite(rule.reference, lang))} | {_cell(rule.summary_in(lang))} |")
    return "\n".join(lines) + "\n"


GERMAN = Path("docs") / "regeln.md"


def german() -> str:
    """docs/regeln.md: the German rule list, generated."""
    from ropa.i18n import _

    return (_("# Rules of ropa", "de") + "\n\n"
            + _("Generated from the rule catalogue and the message catalogue: do not edit. Regenerate "
                "with `python -m ropa.rules.readme`; one rule's documentation: `ropa explain CODE --lang de`. "
                "The English list is in docs/rules.md.", "de")
            + "\n\n" + markdown("de"))


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
    from ropa.atomic import replace

    args = sys.argv[1:] if argv is None else argv
    path = PATH
    current = path.read_text(encoding="utf-8")
    wanted = replace_section(current)
    german_now = GERMAN.read_text(encoding="utf-8") if GERMAN.exists() else ""
    german_wanted = german()
    if "--check" in args:
        if wanted != current or german_now != german_wanted:
            print("docs/rules.md or docs/regeln.md rule list is out of date: run `python -m ropa.rules.readme`",
                  file=sys.stderr)
            return 1
        return 0
    if wanted != current:
        replace(path, wanted.encode("utf-8"))
    if german_now != german_wanted:
        replace(GERMAN, german_wanted.encode("utf-8"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
