"""The Art. 30 record as Markdown: cover, an overview, one record card per activity, then tables.

Registry text is escaped so that it cannot become markup (``|``, ``*``, ``_``, ``<`` ...);
newlines inside a cell become ``<br>``.
"""

from __future__ import annotations

import re

from ropa.export.core import Output
from ropa.export.document import Document, Table, title

_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")
OVERVIEW = ("id", "activity", "purposes", "legal_bases")
CARD_TABLES = ("activities", "processor-activities")


def esc(value: str) -> str:
    """Escape Markdown syntax; keep line breaks as ``<br>``.

    The whole value at once (no special character is a line break), and ``sub`` only
    where there is something to escape: a ``sub`` with a template calls back into Python
    before it looks for a match.
    """
    value = value.replace("\r", "")
    if _SPECIAL.search(value):
        value = _SPECIAL.sub(r"\\\1", value)
    return value.replace("\n", "<br>")


def _anchor(key: str) -> str:
    return re.sub(r"[^a-z0-9-]", "-", key.lower())


def _grid(headings: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(esc(h) for h in headings) + " |", "|" + "---|" * len(headings)]
    out += ["| " + " | ".join(esc(v) for v in row) + " |" for row in rows]
    return out


def _cards(doc: Document, table: Table) -> list[str]:
    lang = doc.lang
    keys = [c.key for c in table.columns]
    picks = [keys.index(k) for k in OVERVIEW if k in keys]
    out = [f"### {title('overview', lang)}", ""]
    out += _grid([table.headings[i] for i in picks], [[row[i] for i in picks] for row in table.rows])
    out.append("")
    # every card has the same field column: escaped once, not once per card
    head = _grid([title("field", lang), title("value", lang)], [])
    fields = ["| " + esc(h) + " | " for h in table.headings[2:]]
    for row in table.cards:
        out += [f"### {esc(row[0])}: {esc(row[1])}", ""]
        out += head
        out += [field + esc(v) + " |" for field, v in zip(fields, row[2:])]
        out.append("")
    return out


def render(doc: Document) -> list[Output]:
    lang = doc.lang
    out = [f"# {esc(doc.title)}", "", f"{doc.date_label}: {doc.date}", "",
           f"## {title('contents', lang)}", ""]
    out.append(f"- [{title('cover', lang)}](#cover)")
    out += [f"- [{esc(t.title)}](#{_anchor(t.key)}) ({len(t.rows)})" for t in doc.tables]
    out += ["", '<a id="cover"></a>', "", f"## {title('cover', lang)}", ""]
    for section in doc.cover:
        out += [f"### {esc(section.title)}", ""]
        out += _grid([title("field", lang), title("value", lang)], [[k, v] for k, v in section.fields])
        out.append("")
    for table in doc.tables:
        out += [f'<a id="{_anchor(table.key)}"></a>', "", f"## {esc(table.title)}", ""]
        if not table.rows:
            out += [title("no-rows", lang), ""]
        elif table.key in CARD_TABLES:
            out += _cards(doc, table)
        else:
            out += _grid(list(table.headings), table.rows)
            out.append("")
    return [Output(f"{doc.stem}.md", ("\n".join(out).rstrip("\n") + "\n").encode("utf-8"))]
