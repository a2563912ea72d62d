"""Matching listed wording in free text, in German and English, by meaning rather than by letter.

The wording rules (generic purposes, vague retention, Art. 8 handling, device access) look
for phrases a DPO recognises however they are inflected or embedded in a sentence:

* **normalised**: case-folded, accents and umlauts folded (``ä`` -> ``a``, ``ß`` -> ``ss``),
  punctuation and hyphens are word breaks, so ``IT-Sicherheit`` and ``IT Sicherheit`` match;
* **inflected**: every word is reduced to a stem by stripping one common German or English
  ending (``-en``, ``-er``, ``-es``, ``-e``, ``-n``, ``-s``, ``-ing``, ``-ed`` ...) and a text
  word matches a phrase word when it *starts with* the phrase word's stem, so
  ``Aufbewahrungsfristen`` matches ``Aufbewahrungsfrist``, ``elterlichen`` matches
  ``elterlich`` and ``Geschäftszwecke`` matches ``Geschäftszweck``. A light stemmer of this
  kind is enough for short lists of fixed phrases; a full morphological library (spaCy,
  Snowball via NLTK) would add a large dependency for no better result on these lists;
* **anywhere**: a phrase matches wherever its words occur in order in the text; a phrase may
  contain ``...`` for a gap of up to ``GAP`` words (``solange ... erforderlich`` matches
  "Solange für die Bearbeitung der Aufträge erforderlich").

The lists themselves live in ``hygiene.yaml`` with their sources.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

GAP = 20  # words a "..." in a phrase may stand for
_WORD = re.compile(r"[a-z0-9§]+")
# one ending is stripped, the longest that fits; at least MIN_STEM letters remain
_ENDINGS = ("ungen", "ern", "ing", "en", "er", "es", "em", "ed", "e", "n", "s")
MIN_STEM = 4


def fold(text: str) -> str:
    """Case-folded text without accents: ``Geschäftszwecke`` -> ``geschaftszwecke``."""
    if text.isascii():  # nothing to fold but the case (ASCII has no decompositions)
        return text.lower()
    text = unicodedata.normalize("NFKD", text.casefold().replace("ß", "ss"))
    if text.isascii():
        return text
    return "".join(c for c in text if not unicodedata.combining(c))


_STEMS: dict[str, str] = {}  # a registry repeats its words: each is stemmed once
_STEMS_KEPT = 200_000


def stem(word: str) -> str:
    found = _STEMS.get(word)
    if found is None:
        if len(_STEMS) >= _STEMS_KEPT:  # a long-running program reading many texts: start again
            _STEMS.clear()
        found = _STEMS[word] = _stem(word)
    return found


def _stem(word: str) -> str:
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
            return word[: -len(ending)]
    return word


@lru_cache(maxsize=4096)
def words(text: str) -> tuple[str, ...]:
    """The stems of a text's words, in order."""
    return tuple(stem(w) for w in _WORD.findall(fold(text)))


class Phrase:
    """One listed phrase: its words as stems, with gaps where the phrase has ``...``."""

    __slots__ = ("text", "parts")

    def __init__(self, text: str) -> None:
        self.text = text
        # parts separated by "..." (a gap); each part a tuple of stems that must be adjacent
        self.parts = tuple(words(part) for part in re.split(r"\.\.\.|…", text) if words(part))

    def match_at(self, stems: tuple[str, ...], start: int) -> int | None:
        """Where the phrase ends (exclusive) if it matches ``stems`` from ``start``, else None."""
        end = _match_part(stems, start, self.parts[0])
        for part in self.parts[1:]:
            if end is None:
                return None
            end = next((e for at in range(end, min(end + GAP, len(stems) - len(part)) + 1)
                        if (e := _match_part(stems, at, part)) is not None), None)
        return end

    def __repr__(self) -> str:
        return f"Phrase({self.text!r})"


def _match_part(stems: tuple[str, ...], at: int, part: tuple[str, ...]) -> int | None:
    if at + len(part) > len(stems):
        return None
    for offset, wanted in enumerate(part):
        if not stems[at + offset].startswith(wanted):
            return None
    return at + len(part)


class Phrases:
    """A list of phrases to look for in free text."""

    __slots__ = ("phrases", "_by_start", "_heads", "_short")

    def __init__(self, phrases: tuple[str, ...] | list[str]) -> None:
        self.phrases = tuple(Phrase(p) for p in phrases if words(p))
        # the first two letters of every stem of every phrase (and the stems shorter than that):
        # a text word no stem begins is covered by no phrase (``covers``)
        stems = {stem for phrase in self.phrases for part in phrase.parts for stem in part}
        self._heads = frozenset(stem[:2] for stem in stems if len(stem) >= 2)
        self._short = tuple(sorted(stem for stem in stems if len(stem) < 2))
        # phrases by the first two letters of their first stem: a text word can only start a
        # phrase whose first stem it starts with, so each position looks at a few phrases
        self._by_start: dict[str, list[tuple[int, Phrase]]] = {}
        for order, phrase in enumerate(self.phrases):
            self._by_start.setdefault(phrase.parts[0][0][:2], []).append((order, phrase))

    def _matches(self, stems: tuple[str, ...]):
        """(phrase order, start, end) of every match, in text order."""
        index = self._by_start
        for start, word in enumerate(stems):
            two = word[:2]
            for key in (two, word[:1]) if len(two) == 2 else (two,):
                for order, phrase in index.get(key, ()):
                    if not word.startswith(phrase.parts[0][0]):  # what match_at checks first
                        continue
                    end = phrase.match_at(stems, start)
                    if end is not None:
                        yield order, start, end

    def find(self, text: str) -> str | None:
        """The first listed phrase (in list order) that occurs anywhere in ``text``, or None."""
        found = min((order for order, _, _ in self._matches(words(text))), default=None)
        return None if found is None else self.phrases[found].text

    def spans(self, text: str) -> list[tuple[int, int]]:
        """(start, end) word positions of every listed phrase found in ``text`` (``words(text)``)."""
        return [(start, end) for _, start, end in self._matches(words(text))]

    def covers(self, text: str, fillers: Phrases | None = None) -> bool:
        """True if every word of ``text`` is part of a listed phrase or of a filler.

        For "is this purpose nothing but generic words": ``Allgemeine Geschäftszwecke`` is
        (filler + generic), ``Versand des Newsletters an Abonnenten`` is not.
        """
        stems = words(text)
        if not stems:
            return False
        # a word that no listed stem begins cannot be covered: most texts end here
        heads, short = self._heads, self._short
        more_heads, more_short = (fillers._heads, fillers._short) if fillers is not None else (frozenset(), ())
        for word in stems:
            head = word[:2]
            if not (head in heads or head in more_heads or word.startswith(short) or word.startswith(more_short)):
                return False
        covered = [False] * len(stems)
        hit = False
        for source, counts in ((self, True), (fillers, False)):
            if source is None:
                continue
            for _, start, end in source._matches(stems):
                hit = hit or counts
                for index in range(start, end):
                    covered[index] = True
        return hit and all(covered)

    def __len__(self) -> int:
        return len(self.phrases)
