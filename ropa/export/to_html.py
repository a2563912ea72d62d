"""The Art. 30 record as one self-contained, printable HTML file.

No external fonts, scripts, images or style sheets: the CSS is inline, and there is no
JavaScript. Every registry string goes through ``html.escape`` (quotes included). A table
of contents links to the cover, an overview, one record card per activity (the DSK layout:
field, Art. 30 point, value) and the recipients, transfers, measures and findings tables.
Print CSS: A4 landscape, repeated table headers, no card split across pages.
"""

from __future__ import annotations

import html
import re

from ropa.art30 import article
from ropa.export.core import Output
from ropa.export.document import Document, Table, title

OVERVIEW = ("id", "activity", "purposes", "legal_bases")
CARD_TABLES = ("activities", "processor-activities")

CSS = """
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; font-size: 10.5pt;
       line-height: 1.35; margin: 1.5rem; color: #111; }
h1 { font-size: 1.5rem; margin: 0 0 .3rem; } h2 { font-size: 1.2rem; margin-top: 2rem;
     border-bottom: 2px solid #345; padding-bottom: .2rem; } h3 { font-size: 1.05rem; margin: 1.2rem 0 .4rem; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0 1rem; }
th, td { border: 1px solid #bbb; padding: .25rem .4rem; vertical-align: top; text-align: left; }
th { background: #dde4ee; }
td { white-space: pre-line; overflow-wrap: anywhere; }
table.card th { width: 28%; } table.card td.art { width: 10%; white-space: nowrap; color: #345; }
nav ol { columns: 2; } .meta { color: #444; } .id { font-family: ui-monospace, monospace; }
@page { size: A4 landscape; margin: 12mm; }
@media print {
  body { margin: 0; font-size: 9pt; } nav { break-after: page; }
  h2 { break-before: page; break-after: avoid; } h3 { break-after: avoid; }
  thead { display: table-header-group; } tr, section.card { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
""".strip()


e = html.escape  # quotes too (quote=True is its default)


def _anchor(key: str) -> str:
    return re.sub(r"[^a-z0-9-]", "-", key.lower())


def _grid(headings: list[str], rows: list[list[str]]) -> list[str]:
    out = ["<table>", "<thead><tr>" + "".join(f"<th>{e(h)}</th>" for h in headings) + "</tr></thead>", "<tbody>"]
    out += ["<tr>" + "".join(f"<td>{e(v)}</td>" for v in row) + "</tr>" for row in rows]
    out += ["</tbody>", "</table>"]
    return out


def _cards(doc: Document, table: Table) -> list[str]:
    lang = doc.lang
    keys = [c.key for c in table.columns]
    picks = [keys.index(k) for k in OVERVIEW if k in keys]
    out = [f"<h3>{e(title('overview', lang))}</h3>", "<table>", "<thead><tr>"
           + "".join(f"<th>{e(table.headings[i])}</th>" for i in picks) + "</tr></thead>", "<tbody>"]
    for row in table.rows:
        cells = [f'<td class="id"><a href="#{e(table.key)}-{e(_anchor(row[0]))}">{e(row[0])}</a></td>']
        cells += [f"<td>{e(row[i])}</td>" for i in picks[1:]]
        out.append("<tr>" + "".join(cells) + "</tr>")
    out += ["</tbody>", "</table>"]
    # every card has the same field and Art. 30 cells: made once, not once per card
    fields = [f"<tr><th>{e(column.label(lang))}</th><td class=\"art\">"
              f"{e(article(column.paragraph, lang) if column.paragraph else '')}</td><td>"
              for column in table.columns[2:]]
    for row in table.rows:
        out.append(f'<section class="card" id="{e(table.key)}-{e(_anchor(row[0]))}">')
        out.append(f'<h3><span class="id">{e(row[0])}</span>: {e(row[1])}</h3>')
        out.append('<table class="card"><tbody>')
        out += [f"{field}{e(value)}</td></tr>" for field, value in zip(fields, row[2:])]
        out += ["</tbody></table>", "</section>"]
    return out


def render(doc: Document) -> list[Output]:
    lang = doc.lang
    out = ["<!DOCTYPE html>", f'<html lang="{e(lang)}">', "<head>", '<meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{e(doc.title)}</title>", f"<style>\n{CSS}\n</style>", "</head>", "<body>",
           "<header>", f"<h1>{e(doc.title)}</h1>",
           f'<p class="meta">{e(title("date", lang))}: {e(doc.date)}</p>', "</header>",
           f'<nav><h2>{e(title("contents", lang))}</h2><ol>',
           f'<li><a href="#cover">{e(title("cover", lang))}</a></li>']
    out += [f'<li><a href="#{_anchor(t.key)}">{e(t.title)}</a> ({len(t.rows)})</li>' for t in doc.tables]
    out += ["</ol></nav>", '<section id="cover">', f"<h2>{e(title('cover', lang))}</h2>"]
    for section in doc.cover:
        out += [f"<h3>{e(section.title)}</h3>", '<table class="card"><tbody>']
        out += [f"<tr><th>{e(k)}</th><td>{e(v)}</td></tr>" for k, v in section.fields]
        out.append("</tbody></table>")
    out.append("</section>")
    for table in doc.tables:
        out += [f'<section id="{_anchor(table.key)}">', f"<h2>{e(table.title)}</h2>"]
        if not table.rows:
            out.append(f"<p>{e(title('no-rows', lang))}</p>")
        elif table.key in CARD_TABLES:
            out += _cards(doc, table)
        else:
            out += _grid(list(table.headings), table.rows)
        out.append("</section>")
    out += ["</body>", "</html>"]
    return [Output(f"{doc.stem}.html", ("\n".join(out) + "\n").encode("utf-8"))]
