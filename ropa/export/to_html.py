"""The Art. 30 record as one self-contained, printable HTML file.

No external fonts, scripts, images or style sheets: the CSS is inline, and there is no
JavaScript. Every registry string goes through ``html.escape`` (quotes included). A table
of contents links to the cover, an overview, one record card per activity (the DSK layout:
field, Art. 30 point, value) and the recipients, transfers, measures and findings tables.
Print CSS: A4 landscape with a running header and page numbers, table headers repeated
on every page (a card's heading is its header row, so a card continued on the next page
keeps its heading), rows not split, words broken only at spaces, hyphens and the
separators of ids and paths. Text is marked with the document's language (``lang``) for
hyphenation.
"""

from __future__ import annotations

import html
import re
from typing import Any

from ropa.labels import article
from ropa.export.core import Output
from ropa.export.document import MAP_ROWS, Document, Table, flow_map, map_rows, title

# the overview columns of each table shown as cards; the other tables stay grids
OVERVIEW = {
    "activities": ("id", "activity", "purposes", "legal_bases"),
    "processor-activities": ("id", "activity", "processing", "controllers"),
    "recipients": ("id", "name", "role", "country"),
    "transfers": ("activity_id", "activity", "recipient", "country"),
    "measures": ("id", "name", "kind", "art32"),
}
UNIQUE_IDS = ("activities", "processor-activities", "recipients", "measures")  # anchors by id, else by number

CSS = """
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; font-size: 10.5pt;
       line-height: 1.35; margin: 1.5rem; color: #111; }
h1 { font-size: 1.5rem; margin: 0 0 .3rem; } h2 { font-size: 1.2rem; margin-top: 2rem;
     border-bottom: 2px solid #345; padding-bottom: .2rem; } h3 { font-size: 1.05rem; margin: 1.2rem 0 .4rem; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0 1rem; }
th, td { border: 1px solid #bbb; padding: .25rem .4rem; vertical-align: top; text-align: left; }
th { background: #dde4ee; }
/* words break only where a person would break them: at spaces, hyphens and the separators
   of ids and paths (<wbr>), or by hyphenation in the element's language; never inside a token */
td, th { white-space: pre-line; overflow-wrap: normal; word-break: normal; hyphens: auto; }
table.card { margin: .8rem 0 1.2rem; }
table.card thead th { font-size: 1.05rem; background: #dde4ee; }
table.card tbody th { width: 28%; background: #f3f5f8; } table.card td.art { width: 14%; color: #345; }
nav ol { columns: 2; } .meta { color: #444; } .id { font-family: ui-monospace, monospace; hyphens: manual; }
/* the data-flow map: as wide as the page, and on paper no taller than the room under its heading */
section.map svg { display: block; width: 100%; height: auto; max-height: 156mm; }
@media print {
  body { margin: 0; font-size: 9pt; } nav { break-after: page; }
  h2 { break-before: page; break-after: avoid; } h3 { break-after: avoid; }
  nav h2 { break-before: auto; }  /* the contents stay on the title page */
  thead { display: table-header-group; } tr { break-inside: avoid; } .keep { break-inside: avoid; }
  section.map svg { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
""".strip()


# a cover block of at most this many characters is kept on one printed page (.keep)
KEEP_CHARS = 1200
e = html.escape  # quotes too (quote=True is its default)
# break opportunities after the separators of ids, paths and addresses (a hyphen already is one)
_SEPARATORS = re.compile(r"([/_@]|\.(?=[a-z]))")


def _text(value: str) -> str:
    """Escaped cell text with a <wbr> after each separator of an id, path or address."""
    out = e(value)
    return _SEPARATORS.sub(r"\1<wbr>", out) if ("/" in value or "_" in value or "@" in value or "." in value) else out


def _css_string(value: str) -> str:
    """A CSS string literal; ``<`` escaped too, so no text can close the style element."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3C ").replace("\n", " ") + '"'


def _anchor(key: str) -> str:
    return re.sub(r"[^a-z0-9-]", "-", key.lower())


def _grid(headings: list[str], rows: list[list[str]]) -> list[str]:
    out = ["<table>", "<thead><tr>" + "".join(f"<th>{e(h)}</th>" for h in headings) + "</tr></thead>", "<tbody>"]
    out += ["<tr>" + "".join(f"<td>{_text(v)}</td>" for v in row) + "</tr>" for row in rows]
    out += ["</tbody>", "</table>"]
    return out


def _cards(doc: Document, table: Table) -> list[str]:
    """An overview grid linking to one card per item: field, Art. 30 point, value.

    The card's heading is its table's header row, which Chromium repeats on every page
    the card runs over, so a continued card never starts without its heading.
    """
    lang = doc.lang
    keys = [c.key for c in table.columns]
    picks = [keys.index(k) for k in OVERVIEW[table.key] if k in keys]
    by_id = table.key in UNIQUE_IDS
    anchors = [f"{table.key}-{_anchor(row[0]) if by_id else n}" for n, row in enumerate(table.rows, 1)]
    out = [f"<h3>{e(title('overview', lang))}</h3>", "<table>", f"<thead><tr><th>{e(title('number', lang))}</th>"
           + "".join(f"<th>{e(table.headings[i])}</th>" for i in picks) + "</tr></thead>", "<tbody>"]
    for n, (row, anchor) in enumerate(zip(table.rows, anchors), 1):
        cells = [f'<td>{n}</td><td class="id"><a href="#{e(anchor)}">{_text(row[picks[0]])}</a></td>']
        cells += [f"<td>{_text(row[i])}</td>" for i in picks[1:]]
        out.append("<tr>" + "".join(cells) + "</tr>")
    out += ["</tbody>", "</table>"]
    # every card has the same field and Art. 30 cells: made once, not once per card
    fields = [f"<tr><th>{e(column.label(lang))}</th><td class=\"art\">"
              f"{e(article(column.paragraph, lang) if column.paragraph else '')}</td><td>"
              for column in table.columns[2:]]
    for n, (row, anchor) in enumerate(zip(table.cards, anchors), 1):
        out.append(f'<table class="card" id="{e(anchor)}">')
        out.append(f'<thead><tr><th colspan="3">{n}. <span class="id">{_text(row[0])}</span>: '
                   f"{_text(row[1])}</th></tr></thead><tbody>")
        out += [f"{field}{_text(value)}</td></tr>" for field, value in zip(fields, row[2:])]
        out.append("</tbody></table>")
    return out


def _running(doc: Document) -> str:
    """``@page``: A4 landscape with a running header (organisation, title, as-of date) and
    "Seite X von Y" / "Page X of Y" in the margin boxes (Chromium 131 and later print them)."""
    lang = doc.lang
    before, after = title("page", lang).split("{page}")
    of = after.split("{pages}")[0]
    box = "font-family: system-ui, Arial, sans-serif; font-size: 8pt; color: #444;"
    return (f"@page {{ size: A4 landscape; margin: 16mm 12mm 14mm;\n"
            f"  @top-left {{ content: {_css_string(doc.organisation)}; {box} }}\n"
            f"  @top-center {{ content: {_css_string(doc.heading)}; {box} }}\n"
            f"  @top-right {{ content: {_css_string(doc.date_label + ': ' + doc.date)}; {box} }}\n"
            f"  @bottom-right {{ content: {_css_string(before)} counter(page) {_css_string(of)} counter(pages); "
            f"{box} }} }}")


def _map(flow: Any, lang: str) -> list[str]:
    """The record's data-flow map as inline SVG (``ropa.flow.draw``: no namespace, no title of its
    own, registry text marked with its language as in every cell), under its own heading."""
    from ropa.flow.draw import svg
    from ropa.flow.layout import page_for

    out = ['<section id="map" class="map">', f'<h2 id="map-heading">{e(title("map", lang))}</h2>']
    rows = map_rows(flow)
    if rows > MAP_ROWS:
        out.append(f"<p>{e(title('map-too-large', lang).format(count=rows))}</p>")
    else:
        # drawn in the proportions of the printed page's room under the heading (273 x 156 mm)
        page = page_for(273, 156, titled=False)
        out.append(svg(flow, embedded=True, page=page, labelled_by="map-heading").rstrip("\n"))
    out.append("</section>")
    return out


def render(doc: Document) -> list[Output]:
    lang = doc.lang
    out = ["<!DOCTYPE html>", f'<html lang="{e(lang)}">', "<head>", '<meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{e(doc.title)}</title>", f"<style>\n{CSS}\n{_running(doc)}\n</style>", "</head>", "<body>",
           "<header>", f"<h1>{e(doc.title)}</h1>",
           f'<p class="meta">{e(doc.date_label)}: {e(doc.date)}</p>', "</header>",
           f'<nav><h2>{e(title("contents", lang))}</h2><ol>',
           f'<li><a href="#cover">{e(title("cover", lang))}</a></li>']
    out += [f'<li><a href="#{_anchor(t.key)}">{e(t.title)}</a> ({len(t.rows)})</li>' for t in doc.tables]
    flow = flow_map(doc)
    if flow is not None:
        out.append(f'<li><a href="#map">{e(title("map", lang))}</a></li>')
    out += ["</ol></nav>", '<section id="cover">', f"<h2>{e(title('cover', lang))}</h2>"]
    for section in doc.cover:
        # a short block (the approval block and its signature lines) is printed on one sheet
        short = sum(len(k) + len(v) for k, v in section.fields) <= KEEP_CHARS
        out += ['<div class="keep">' if short else "<div>", f"<h3>{e(section.title)}</h3>", '<table class="card"><tbody>']
        out += [f"<tr><th>{e(k)}</th><td>{_text(v)}</td></tr>" for k, v in section.fields]
        out.append("</tbody></table></div>")
    out.append("</section>")
    if flow is not None:
        out += _map(flow, lang)
    for table in doc.tables:
        out += [f'<section id="{_anchor(table.key)}">', f"<h2>{e(table.title)}</h2>"]
        if not table.rows:
            out.append(f"<p>{e(title('no-rows', lang))}</p>")
        elif table.key in OVERVIEW:
            out += _cards(doc, table)
        else:
            out += _grid(list(table.headings), table.rows)
        out.append("</section>")
    out += ["</body>", "</html>"]
    return [Output(f"{doc.stem}.html", ("\n".join(out) + "\n").encode("utf-8"))]
