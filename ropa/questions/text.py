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
            out += question_lines(item, lang, width)
    return out


def question_lines(item: Question, lang: str, width: int) -> list[str]:
    """One question: a blank line, the question and its options, why and where it is asked, the answer line."""
    out = ["", *textwrap.wrap(f"{item.number}. {item.ask}", width, subsequent_indent="   ")]
    paragraphs = [("", f"- {option}") for option in item.options]
    paragraphs.append((word("concerns", lang), concerns_text(item, lang)))
    if item.point:
        paragraphs.append((word("point", lang), item.point))
    paragraphs += [("", note) for note in item.notes]
    paragraphs += [(word("also", lang), also) for also in item.also]
    paragraphs += [(word("source", lang), source) for source in item.sources]
    if item.locations:
        paragraphs.append((word("location", lang), ", ".join(item.locations)))
    for label, text in paragraphs:
        out += textwrap.wrap(f"{label}: {text}" if label else text, width, initial_indent="   ",
                             subsequent_indent="     ")
    out.append(f"   {word('answer', lang)}: ")
    return out
