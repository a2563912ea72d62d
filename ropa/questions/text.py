"""The questionnaire as plain text lines (what ``ropa questions`` prints)."""

from __future__ import annotations

import textwrap

from ropa.questions.build import Question, Questionnaire
from ropa.questions.words import BLOCKS, block_title, word


def heading(q: Questionnaire) -> str:
    who = q.organisation.name if q.organisation is not None else q.registry_name
    return f"{word('title', q.lang)}: {who} ({q.date})"


def concerns_text(q: Question, lang: str) -> str:
    return "; ".join(f"{word(group, lang)} {ident}" + (f" ({name})" if name and name != ident else "")
                     for group, ident, name in q.concerns)


def text_lines(q: Questionnaire, width: int = 80) -> list[str]:
    """The questionnaire as plain text lines of at most ``width`` characters (long words aside)."""
    lang = q.lang
    width = max(width, 40)
    top = textwrap.wrap(heading(q), width, subsequent_indent="  ")
    out = [*top, "=" * max(len(line) for line in top), ""]
    out += textwrap.wrap(q.intro, width)
    count = f"{word('count', lang)}: {len(q.questions)}"
    if q.answered:
        count += f" ({word('answered', lang)}: {len(q.answered)})"
    out += ["", count]
    if not q.questions:
        out += ["", word("none", lang)]
    letters = "ABCDEFGH"
    for block, questions in q.blocks():
        title = f"{letters[BLOCKS.index(block)]}. {block_title(block, lang)}"
        wrapped = textwrap.wrap(title, width, subsequent_indent="   ")
        out += ["", *wrapped, "-" * max(len(line) for line in wrapped)]
        for item in questions:
            def para(label: str, text: str, out: list[str] = out) -> None:
                out.extend(textwrap.wrap(f"{label}: {text}" if label else text, width, initial_indent="   ",
                                         subsequent_indent="     "))
            out.append("")
            out += textwrap.wrap(f"{item.number}. {item.ask}", width, subsequent_indent="   ")
            for option in item.options:
                para("", f"- {option}")
            para(word("concerns", lang), concerns_text(item, lang))
            if item.point:
                para(word("point", lang), item.point)
            for note in item.notes:
                para("", note)
            for also in item.also:
                para(word("also", lang), also)
            for source in item.sources:
                para(word("source", lang), source)
            if item.locations:
                para(word("location", lang), ", ".join(item.locations))
            out.append(f"   {word('answer', lang)}: ")
    return out
