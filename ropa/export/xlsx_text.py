"""How text lays out in a spreadsheet cell: lines, row heights, column widths, continuations.

Excel and LibreOffice only fit a row to its text when they are told its height, and they
wrap text at spaces (and after hyphens), breaking a word in the middle only where it is
wider than the column. So the xlsx export computes, for each cell, the lines its text
takes in its column, from Arial's advance widths (``ropa.export.xlsx_metrics``; Liberation
Sans, which LibreOffice uses where Arial is missing, has the same widths):

* ``Measure.lines``: the lines a text takes, wrapped only at spaces (the spreadsheets also
  break after a hyphen, so the estimate errs towards a line too many, never too few);
* ``Measure.longest``: the widest word, which sets the least width a column may have so
  that no word is broken in the middle ("Schwereg|rad");
* ``Measure.split``: a text too long for one cell (Excel's row height stops at 409 pt, a
  cell at 32,767 characters) cut into pieces of at most so many lines, at a line break
  where there is one, else at a space; the pieces continue in the following rows and
  joined by a line break (or a space) they are the text again.
"""

from __future__ import annotations

import re
from itertools import repeat

from ropa.export import xlsx_metrics

SIZE = 10  # pt, the body text
LINE = 12.75  # pt per line of 10 pt Arial in Excel and LibreOffice (their default row height)
PADDING = 3.0  # pt above and below the text of a row
MAX_HEIGHT = 409.0  # Excel's largest row height
MAX_CELL = 32767  # Excel's limit on the characters of one cell
MAX_LINES = int((MAX_HEIGHT - PADDING) // LINE)  # 31: the most lines one row can show
# a character not in the table (CJK, symbols) is taken as wide as the widest letter
UNKNOWN = 1000
# the cell's inner margins (Excel ~2 px a side, LibreOffice 0.1 cm), and 4 % for rounding
# and kerning differences between the programs: text is laid out into a little less room
MARGIN = 2 * 3.0
SAFETY = 0.96
REMEMBER = 200_000  # measured texts remembered per weight of type


def column_points(width: float) -> float:
    """The printed width in pt of a column ``width`` characters wide (7 px a digit of Arial 10)."""
    return (7 * width + 5) * 0.75


def column_width(points: float) -> float:
    """The column width (in characters) whose text room is ``points`` wide."""
    return round(((points / SAFETY + MARGIN) / 0.75 - 5) / 7 + 0.5, 0)


class Measure:
    """Text measured in one weight of 10 pt Arial; words are measured once and remembered."""

    def __init__(self, bold: bool = False, size: float = SIZE) -> None:
        widths = xlsx_metrics.BOLD if bold else xlsx_metrics.REGULAR
        self.advance = dict(zip(xlsx_metrics.CHARS, widths, strict=True))
        self.scale = size / 1000  # pt per 1/1000 em
        self.space = self.advance[" "] * self.scale
        self.widest = max(widths) * self.scale
        self.words: dict[str, float] = {}
        # texts measured once: a record repeats its categories, recipients, measures and
        # labels in every activity (bounded: cleared when it grows past ``REMEMBER``)
        self._lines: dict[tuple[str, float], int] = {}
        self._longest: dict[str, float] = {}

    def width(self, word: str) -> float:
        """The advance width of ``word`` in pt."""
        known = self.words.get(word)
        if known is None:
            get = self.advance.get
            known = self.words[word] = sum(get(c, UNKNOWN) for c in word) * self.scale
        return known

    def room(self, width: float) -> float:
        """The pt a line of text may take in a column ``width`` characters wide."""
        return (column_points(width) - MARGIN) * SAFETY

    def lines(self, text: str, room: float) -> int:
        """Lines ``text`` takes wrapped into lines ``room`` pt wide."""
        if len(text) * self.widest <= room and "\n" not in text:
            return 1
        key = (text, room)
        known = self._lines.get(key)
        if known is None:
            if "\n" not in text:
                known = self._paragraph(text, room)[0]
            else:
                known = sum(self._paragraph(para, room)[0] for para in text.split("\n"))
            if len(self._lines) >= REMEMBER:
                self._lines.clear()
            self._lines[key] = known
        return known

    def _paragraph(self, para: str, room: float, stop: int = 0) -> tuple[int, int]:
        """(lines, words) of ``para``; with ``stop``, the words that fit into ``stop`` lines."""
        if len(para) * self.widest <= room or sum(map(self.advance.get, para, repeat(UNKNOWN))) * self.scale <= room:
            return 1, -1
        count, used, space = 1, -1.0, self.space
        for index, word in enumerate(para.split(" ")):
            size = self.width(word)
            if used >= 0 and used + space + size <= room:
                used += space + size
                continue
            if used >= 0:
                count += 1
            if size > room:  # a word wider than the column is broken into pieces
                pieces = int(size // room)
                count += pieces
                size -= pieces * room
            if stop and count > stop:
                return count, index
            used = size
        return count, -1

    def height(self, text: str, room: float) -> float:
        return min(MAX_HEIGHT, self.lines(text, room) * LINE + PADDING)

    def longest(self, text: str, least: float = 0.0) -> float:
        """The width in pt of the widest word of ``text`` (words end at spaces and hyphens), or ``least``."""
        # remembered: the widest word's width, or (negative) a width no word of the text exceeds
        known = self._longest.get(text)
        if known is not None:
            if known >= 0:
                return known if known > least else least
            if -known <= least:
                return least
        best, limit = least, int(least / self.widest)
        if len(text) > limit:
            # only a word of more than ``limit`` characters can be wider (found by the regex engine)
            for word in re.findall(f"[^\\s-]{{{limit + 1},}}-?", text):
                width = self.width(word)
                if width > best:
                    best, limit = width, int(width / self.widest)
        if len(self._longest) >= REMEMBER:
            self._longest.clear()
        self._longest[text] = best if best > least else -least
        return best

    def cut(self, text: str, room: float, most: int) -> tuple[str, str]:
        """(the start of ``text`` that takes at most ``most`` lines and ``MAX_CELL`` characters, the rest).

        The start ends at a line break where one falls in time, else at a space (a word too
        long for ``most`` lines, which no column could show, is cut where it must be). The
        rest is ``""`` when the whole text fits.
        """
        paras = text.split("\n")
        used = taken = 0
        for para in paras:
            lines, _ = self._paragraph(para, room)
            if used + lines > most:
                break
            used, taken = used + lines, taken + 1
        if taken:
            head, rest = "\n".join(paras[:taken]), "\n".join(paras[taken:])
        else:  # the first paragraph alone takes more: cut it at a space
            para = paras[0]
            _, index = self._paragraph(para, room, stop=most)
            words = para.split(" ")
            if index > 0:
                head, rest = " ".join(words[:index]), "\n".join([" ".join(words[index:]), *paras[1:]])
            else:
                head = _fit(para, self, room, most)
                rest = text[len(head):]
        if len(head) > MAX_CELL:
            end = max(head.rfind("\n", 0, MAX_CELL), head.rfind(" ", 0, MAX_CELL))
            end = end if end > 0 else MAX_CELL
            skip = 1 if end < MAX_CELL else 0  # the line break or space cut at
            if rest:
                rest = ("\n" if taken else " ") + rest
            rest = head[end + skip:] + rest
            head = head[:end]
        return head, rest

    def split(self, text: str, room: float, most: int = MAX_LINES) -> list[str]:
        """``text`` in pieces of at most ``most`` lines and ``MAX_CELL`` characters each (see ``cut``)."""
        pieces = []
        while True:
            head, text = self.cut(text, room, most)
            pieces.append(head)
            if not text:
                return pieces


def _fit(text: str, measure: Measure, room: float, most: int) -> str:
    """The longest start of ``text`` (cut anywhere) that takes at most ``most`` lines."""
    low, high = 1, min(len(text), MAX_CELL)
    while low < high:
        mid = (low + high + 1) // 2
        if measure.lines(text[:mid], room) <= most:
            low = mid
        else:
            high = mid - 1
    return text[:low]


def letters(*pieces: str) -> str:
    """The text of ``pieces`` without its whitespace: what a cut must keep, piece after piece."""
    return "".join("".join(pieces).split())
