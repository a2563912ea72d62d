"""A draft built from the record: sections of lines, each line a fact with its sources or a gap.

``Draft`` is what ``ropa subject`` and ``ropa impact`` return; it renders itself as plain
text, Markdown, html and JSON (the PDF is ``ropa.use.pdf``). A line has a kind:

* ``fact``: stated by the record; ``sources`` are its registry sources (document, section,
  line), as ``ropa show`` prints them;
* ``gap``: a point the answer needs and the record does not state: the DPO must supply it;
* ``open``: an open point the record itself notes (a gap, conflict or interpretation entry,
  or a finding of ``ropa validate``) about a fact the draft uses;
* ``note``: guidance for the DPO that is not a fact of the record (e.g. legal text to add).

>>> line = Line("Billing", (("Notice", "s. 2"), ("Notice", "s. 4"), ("Terms", "")))
>>> d = Draft("access", "en", "Answer", "Draft", (Section("a", "Purposes", (line,)),))
>>> print(d.text())
Answer
Draft
<BLANKLINE>
Purposes
  Billing  [Notice: s. 2; s. 4 | Terms]
"""

from __future__ import annotations

import html
import re
import textwrap
from typing import Any

from ropa.i18n import _
from ropa.model import Value

_set = object.__setattr__

KINDS = ("fact", "gap", "open", "note")
# control characters (C0, DEL, C1) in registry text: shown, never obeyed by a terminal or a log
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(text: str) -> str:
    """Registry text as data: control characters replaced visibly (``\\x1b`` -> ``\\x1b`` as text)."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def _wrap(text: str, width: int | None, first: str = "", rest: str = "") -> list[str]:
    """``text`` as lines of at most ``width`` characters (``None``: one line), starting with
    ``first`` and then ``rest``; words are never cut, not even at a hyphen, and a number stays
    on the line of what it numbers."""
    if width is None or len(first) + len(text) <= width:
        return [first + text]
    # a number or name stays with the word of a citation that introduces it ("Z. 247", "Abschn. 5")
    if _KEEP in text:  # registry text holding the placeholder itself: wrapped as it is
        return textwrap.wrap(text, width, initial_indent=first, subsequent_indent=rest, break_long_words=False,
                             break_on_hyphens=False) or [first]
    glued = _NUMBER.sub(_KEEP, _CITE.sub(lambda m: m.group(1) + _KEEP, text))
    return [line.replace(_KEEP, " ") for line in textwrap.wrap(
        glued, width, initial_indent=first, subsequent_indent=rest, break_long_words=False,
        break_on_hyphens=False)] or [first]


_KEEP = "\ue000"  # a private-use character: no space to textwrap, one column wide like the space it stands for
# the words of a citation that name what follows them ("Abschn. 5", "Abschn. Where we store ...", "line 384")
_CITE = re.compile(r"\b((?:Z|Art|Abschn|Abs|Nr|lit|S|l|sec|line|lines|section|Zeile|Zeilen)\.?) (?=\S)")
_NUMBER = re.compile(r"(?<=\.) (?=\d)")  # "2.14. 3" stays; any "word. 7"


def cited(sources: tuple[tuple[str, str], ...]) -> str:
    """``(document, where)`` pairs on one line, each document named once."""
    grouped: dict[str, list[str]] = {}
    for title, where in sources:
        places = grouped.setdefault(title, [])
        if where:
            places.append(where)
    return " | ".join(f"{title}: {'; '.join(places)}" if places else title for title, places in grouped.items())


class Line(Value):
    """One line of a draft: a fact with its sources, a gap, an open point or a note.

    ``sources`` are ``(document title, where)`` pairs (``ropa.use.common.refs``).
    """

    __slots__ = ("text", "sources", "kind")

    text: str
    sources: tuple[tuple[str, str], ...]
    kind: str

    def __init__(self, text: str, sources: tuple[tuple[str, str], ...] = (), kind: str = "fact") -> None:
        assert kind in KINDS, kind
        _set(self, "text", text)
        _set(self, "sources", tuple(dict.fromkeys(sources)))
        _set(self, "kind", kind)


class Section(Value):
    """A heading (with the provision it answers, e.g. ``Art. 15(1)(a)``) and its lines."""

    __slots__ = ("key", "title", "lines", "provision")

    key: str
    title: str
    lines: tuple[Line, ...]
    provision: str

    def __init__(self, key: str, title: str, lines: tuple[Line, ...], provision: str = "") -> None:
        _set(self, "key", key)
        _set(self, "title", title)
        _set(self, "lines", lines)
        _set(self, "provision", provision)


class Draft(Value):
    """A draft answer: title, the notice that it is a draft, and its sections."""

    __slots__ = ("kind", "lang", "title", "notice", "sections")

    kind: str  # "access" or "breach"
    lang: str
    title: str
    notice: str
    sections: tuple[Section, ...]

    def __init__(self, kind: str, lang: str, title: str, notice: str, sections: tuple[Section, ...]) -> None:
        _set(self, "kind", kind)
        _set(self, "lang", lang)
        _set(self, "title", title)
        _set(self, "notice", notice)
        _set(self, "sections", sections)

    def gaps(self) -> list[tuple[str, Line]]:
        """Every gap line with the key of its section."""
        return [(s.key, line) for s in self.sections for line in s.lines if line.kind == "gap"]

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "lang": self.lang, "title": self.title, "draft": True,
                "notice": self.notice,
                "sections": [{"key": s.key, "title": s.title, "provision": s.provision,
                              "lines": [{"kind": x.kind, "text": x.text,
                                         "sources": [{"document": d, "where": w} for d, w in x.sources]}
                                        for x in s.lines]} for s in self.sections]}

    def _mark(self, line: Line) -> str:
        if line.kind == "gap":
            return _("[gap]", self.lang) + " "
        if line.kind == "open":
            return _("[open]", self.lang) + " "
        if line.kind == "note":
            return _("[note for the DPO]", self.lang) + " "
        return ""

    def text(self, width: int | None = None) -> str:
        """Plain text: one item per fact, its sources in brackets; gaps and notes marked. With
        ``width``, every line fits it: broken at spaces only (a word longer than the line stays
        whole), an item's further lines indented under its text."""
        out = [*_wrap(clean(self.title), width), *_wrap(clean(self.notice), width)]
        for s in self.sections:
            out.append("")
            out += _wrap(clean(f"{s.title} ({s.provision})" if s.provision else s.title), width)
            for line in s.lines:
                refs = f"  [{cited(line.sources)}]" if line.sources else ""
                body = clean(self._mark(line) + line.text + refs).split("\n")
                out += _wrap(body[0], width, "  ", "    ")
                for more in body[1:]:  # a fact of several lines: each under the first
                    out += _wrap(more, width, "    ", "    ")
        return "\n".join(out)

    def markdown(self) -> str:
        """Markdown: a heading per section, a bullet per line, sources as a trailing note."""
        def md(text: str) -> str:
            return re.sub(r"([\\`*_\[\]<>#|])", r"\\\1", clean(text)).replace("\n", "  \n  ")

        out = [f"# {md(self.title)}", "", f"> {md(self.notice)}"]
        for s in self.sections:
            out += ["", f"## {md(s.title)}" + (f" ({md(s.provision)})" if s.provision else ""), ""]
            for line in s.lines:
                mark = self._mark(line)
                body = (f"**{md(mark.strip())}** " if mark else "") + md(line.text)
                refs = f" — *{md(cited(line.sources))}*" if line.sources else ""
                out.append(f"- {body}{refs}")
        return "\n".join(out) + "\n"

    def html(self) -> str:
        """A standalone, printable html page (no script, no external resource)."""
        def h(text: str) -> str:
            return html.escape(clean(text)).replace("\n", "<br>")

        parts = [f'<!DOCTYPE html>\n<html lang="{self.lang}">\n<head>\n<meta charset="utf-8">\n'
                 f"<title>{h(self.title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
                 f"<h1>{h(self.title)}</h1>\n<p class=\"notice\">{h(self.notice)}</p>\n"]
        for s in self.sections:
            provision = f' <span class="provision">({h(s.provision)})</span>' if s.provision else ""
            parts.append(f"<section>\n<h2>{h(s.title)}{provision}</h2>\n<ul>\n")
            for line in s.lines:
                mark = self._mark(line).strip()
                mark_html = f'<span class="mark">{h(mark)}</span> ' if mark else ""
                refs = f'<span class="src">{h(cited(line.sources))}</span>' if line.sources else ""
                parts.append(f'<li class="{line.kind}">{mark_html}{h(line.text)}{refs}</li>\n')
            parts.append("</ul>\n</section>\n")
        parts.append("</body>\n</html>\n")
        return "".join(parts)


_CSS = ("body{font-family:'DejaVu Sans',Arial,sans-serif;font-size:10.5pt;max-width:48em;margin:2em auto;"
        "line-height:1.4}h1{font-size:16pt}h2{font-size:12pt;margin-top:1.4em;border-bottom:1px solid #999}"
        ".notice{border:1px solid #c60;padding:.4em .6em;background:#fff6ea}ul{padding-left:1.2em}"
        "li{margin:.25em 0}li.gap{color:#a00}li.open{color:#8a5a00}li.note{color:#444;font-style:italic}"
        ".mark{font-weight:bold}.src{display:block;font-size:8.5pt;color:#555}.provision{font-weight:normal;"
        "color:#555}@page{size:A4;margin:18mm}")
