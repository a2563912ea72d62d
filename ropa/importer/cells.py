"""Reading cell text into model values, only where the meaning is unambiguous.

Each parser returns the value it could read, or None; the caller keeps the text verbatim
and records a gap for what could not be read. Words ropa's own exports write (the labels
in ``ropa.art30`` and the vocabularies) are read back exactly.

>>> legal_basis("Art. 6 Abs. 1 lit. b DSGVO")
(['art6-1-b'], '')
>>> legal_basis("Art. 6(1)(b) GDPR")
(['art6-1-b'], '')
>>> legal_basis("Vertragserfüllung")
(['art6-1-b'], '')
>>> legal_basis("Art. 6 Abs. 1 lit. c DSGVO i.V.m. § 147 AO")
(['art6-1-c'], 'DSGVO i.V.m. § 147 AO')
>>> legal_basis("Art. 6 Abs. 1 lit. b und c DSGVO")
(['art6-1-b', 'art6-1-c'], '')
>>> legal_basis("Art. 6 (1) (a), (b) and (f) GDPR")
(['art6-1-a', 'art6-1-b', 'art6-1-f'], '')
>>> legal_basis("weil wir es so wollen")
([], 'weil wir es so wollen')
>>> duration("10 Jahre"), duration("6 months"), duration("3 ans"), duration("30d"), duration("bis Widerruf")
('P10Y', 'P6M', 'P3Y', 'P30D', None)
>>> duration("72 Stunden"), duration_prefix("10 Jahre nach Ende des Kalenderjahres")
('PT72H', ('P10Y', 'nach Ende des Kalenderjahres'))
>>> ident("Bäckerei Müller GmbH"), ident("Straße"), ident("Crème brûlée")
('baeckerei-mueller-gmbh', 'strasse', 'creme-brulee')
>>> items("Kontaktdaten (Name, E-Mail), Vertragsdaten", commas=True)
['Kontaktdaten (Name, E-Mail)', 'Vertragsdaten']
>>> is_none("keine"), is_none("None"), is_none("Aucun"), is_none("Kunden")
(True, True, True, False)
"""

from __future__ import annotations

import datetime as _dt
import re
from functools import cache
from typing import Any

from ropa import labels, vocab
from ropa.durations import from_words as duration, prefix_from_words as duration_prefix  # noqa: F401  (one home)

_BULLET = re.compile(r"^\s*(?:[-•*·–▪]|\d{1,2}[.)]|[a-z]\))\s+")


def items(text: str, *, commas: bool = False) -> list[str]:
    """The entries of a list cell: one per line (bullets and numbering removed), or also
    separated by ``;`` (and ``,`` with ``commas``) outside parentheses."""
    out: list[str] = []
    for line in str(text).splitlines():
        line = _BULLET.sub("", line).strip()
        if not line:
            continue
        seps = ";," if commas else ";"
        depth, start = 0, 0
        for i, ch in enumerate(line):
            if ch in "([{":
                depth += 1
            elif ch in ")]}":
                depth = max(0, depth - 1)
            elif ch in seps and depth == 0 and not (ch == "," and line[i + 1:i + 2].isdigit()):
                part = line[start:i].strip()
                if part:
                    out.append(part)
                start = i + 1
        part = line[start:].strip()
        if part:
            out.append(part)
    return out


_LEGAL_FORMS = frozenset({"gmbh", "ag", "kg", "ohg", "gbr", "ug", "se", "ev", "e v", "mbh", "co", "co kg", "ltd",
                          "limited", "inc", "llc", "plc", "llp", "sarl", "sas", "sa", "bv", "nv", "srl", "spa"})
_JOINERS = re.compile(r"(?:^|\s)(?:&|\+|und|and|et|partner|partners|c/o)(?:\s|$)", re.IGNORECASE)


def names(text: str) -> list[str] | None:
    """A line naming several recipients separated by commas, split where that is unambiguous:
    every part starts with a capital letter or a digit, none is a legal form (``Meier, GmbH``)
    and none joins names (``Müller, Schmidt & Partner`` is one firm). None where it is not.

    >>> names("Steuerberater Huber (DATEV), Krankenkassen, Finanzamt")
    ['Steuerberater Huber (DATEV)', 'Krankenkassen', 'Finanzamt']
    >>> names("Müller, Schmidt & Partner"), names("Meier GmbH, Niederlassung Berlin, c/o Huber")
    (None, None)
    """
    parts = items(text, commas=True)
    if len(parts) < 2:
        return None
    for part in parts:
        head = part[:1]
        if not (head.isupper() or head.isdigit()) or len(part) < 3:
            return None
        if _JOINERS.search(part) or " ".join(re.sub(r"[^\w ]", " ", part.casefold()).split()) in _LEGAL_FORMS:
            return None
    return parts


# Cell texts recur: a recipient, a category, a status, "nicht angegeben" are named in row after
# row (an import of 10,000 activities normalised some 500,000 texts). What is worked out once
# for a short text is remembered, up to _REMEMBER texts (then started afresh: the texts that
# recur are a few hundred), until ``forget`` (the end of an import's reading).
_REMEMBER = 4096
_SHORT = 200
_NORMALISED: dict[str, str] = {}
_COUNTRIES: dict[str, str | None] = {}


def _keep(memo: dict[str, Any], text: str, out: Any) -> Any:
    """``out``, remembered in ``memo`` for a short ``text``; returned."""
    if len(text) <= _SHORT:
        if len(memo) >= _REMEMBER:
            memo.clear()
        memo[text] = out
    return out


def norm(text: str) -> str:
    """``ropa.vocab.normalise`` (the form a name or a label is looked up by), remembered."""
    out = _NORMALISED.get(text)
    return out if out is not None else _keep(_NORMALISED, text, vocab.normalise(text))


_norm = norm


def country_code(text: str) -> str | None:
    """``ropa.vocab.country_code``, remembered."""
    if text in _COUNTRIES:
        return _COUNTRIES[text]
    return _keep(_COUNTRIES, text, vocab.country_code(text))


def forget() -> None:
    """Drop the remembered texts (``norm``, ``country_code``, recipient lines): their memory is the import's."""
    _NORMALISED.clear()
    _COUNTRIES.clear()
    for hook in _FORGET:
        hook()


_FORGET: list[Any] = []  # what other modules remember, cleared with ``forget``


@cache
def words(key: str) -> tuple[str, str]:
    """``labels.both(labels.WORDS, key)``: a word ropa writes, in German and English (looked up once)."""
    return labels.both(labels.WORDS, key)


@cache
def _none_words() -> frozenset[str]:
    words = {"keine", "kein", "none", "no", "nein", "aucun", "aucune", "néant", "non", "n/a",
             "keine empfänger", "no recipients", "keine drittlandübermittlung", "no transfers",
             "findet nicht statt", "pas de transfert", "aucun transfert"}
    for key in ("none", "no-transfer"):
        words.update(labels.both(labels.WORDS, key))
    return frozenset(_norm(w) for w in words)


@cache
def _not_stated_words() -> frozenset[str]:
    return frozenset(_norm(w) for w in (*labels.both(labels.WORDS, "not-stated"), *labels.both(labels.WORDS, "not-applicable"),
                                        "non renseigné", "not known", "unbekannt"))


# what ``vocab.normalise`` strips from a text's start: whitespace (as ``str.split`` finds it) and
# the punctuation it strips; the first character left, case-folded, is the first of the result
_EDGE = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680" + "".join(chr(c) for c in range(0x2000, 0x200b))
         + "\u2028\u2029\u202f\u205f\u3000" + " .,;:!-–()\"'")


@cache
def _first_letters(words: frozenset[str]) -> frozenset[str]:
    return frozenset(word[:1] for word in words)


def _could_be(text: str, words: frozenset[str]) -> bool:
    """False where ``norm(text)`` cannot be one of ``words``: its first character is no word's
    (one look at the text's start instead of normalising every cell's text)."""
    head = text.lstrip(_EDGE)[:1]
    return not head or head.casefold()[:1] in _first_letters(words)


def is_none(text: str) -> bool:
    """The cell says there is nothing ("keine", "none", "aucun", the DSK transfer wording)."""
    words = _none_words()
    return _could_be(text, words) and _norm(text) in words


def is_not_stated(text: str) -> bool:
    words = _not_stated_words()
    return _could_be(text, words) and _norm(text) in words


# --- legal bases ----------------------------------------------------------------------------

_LETTER = r"(?:lit\.?|letter|point|buchstabe|let\.?)?\s*\(?([a-j])\)?"
_CITATIONS = [
    # Art. 6 Abs. 1 (S. 1) lit. b / Art. 6(1)(b) / Art. 6 para. 1 lit. b / article 6.1.b / Art. 6 I b
    (re.compile(r"\bart(?:\.|ikel|icle)?\s*([69])\s*(?:abs\.?|para\.?|paragraph|\(|\.|,)?\s*"
                 r"(?:([12])|I{1,2})\s*\)?\s*(?:(?:s\.|satz|uabs\.)\s*1\s*)?[,.]?\s*" + _LETTER + r"(?![a-z])"
                 # more letters of the same paragraph: "lit. b und c", "lit. a, b, f", "(b) and (c)"
                 r"((?:\s?(?:,|und|and|et|u\.|sowie|&|/)\s?(?:lit\.?\s?)?\(?[a-j]\)?(?![a-z]))*)",
                 re.IGNORECASE), "art"),
    (re.compile(r"\bart(?:\.|ikel|icle)?\s*10\b", re.IGNORECASE), "art10"),
    (re.compile(r"§\s*26\s*(?:abs\.?\s*|\()?\s*3\s*\)?\s*bdsg", re.IGNORECASE), "bdsg-26-3"),
    (re.compile(r"§\s*26\s*(?:abs\.?\s*\d\s*|\(\d\)\s*)?(?:(?:s\.|satz)\s*\d\s*)?bdsg", re.IGNORECASE), "bdsg-26"),
    (re.compile(r"§\s*25\s*(?:abs\.?\s*|\()?\s*([12])\s*\)?\s*(?:tdddg|ttdsg)", re.IGNORECASE), "tdddg"),
]
_FILLER = re.compile(r"\b(?:dsgvo|ds-gvo|gdpr|uk gdpr|rgpd|eu|i\.?\s?v\.?\s?m\.?|und|and|et|sowie|\d)\b|[(),;:.–\-/]",
                     re.IGNORECASE)
_BASIS_WORDS = {
    "art6-1-a": ("einwilligung", "consent", "consentement"),
    "art6-1-b": ("vertrag", "vertragserfüllung", "vertragsanbahnung", "erfüllung eines vertrags", "contract",
                 "performance of a contract", "contrat", "exécution d'un contrat", "exécution du contrat"),
    "art6-1-c": ("rechtliche verpflichtung", "gesetzliche verpflichtung", "legal obligation", "obligation légale"),
    "art6-1-d": ("lebenswichtige interessen", "vital interests", "intérêts vitaux", "sauvegarde des intérêts vitaux"),
    "art6-1-e": ("öffentliche aufgabe", "public task", "mission d'intérêt public", "mission de service public"),
    "art6-1-f": ("berechtigtes interesse", "berechtigte interessen", "legitimate interest", "legitimate interests",
                 "intérêt légitime", "intérêts légitimes"),
}


@cache
def _basis_words() -> dict[str, str]:
    out = {_norm(w): code for code, words in _BASIS_WORDS.items() for w in words}
    for code, term in vocab.legal_bases().items():  # the labels ropa writes, e.g. "Art. 6(1)(b) GDPR (contract)"
        out[_norm(term.de)] = code
        out[_norm(term.en)] = code
        out[_norm(code)] = code
    return out


_MORE_LETTERS = re.compile(r"(?:^|[\s,/&(])\(?([a-j])\)?(?=$|[\s,)/&])", re.IGNORECASE)


def legal_basis(line: str) -> tuple[list[str], str]:
    """The legal basis codes a line cites and the text left over (empty: fully read).

    Whitespace runs are collapsed first, so that no pattern meets a long run of blanks (the
    patterns' optional blanks then match at most one character each: linear time)."""
    line = " ".join(line.split())
    whole = _basis_words().get(_norm(line))
    if whole:
        return [whole], ""
    codes: list[str] = []
    rest = line
    for pattern, kind in _CITATIONS:
        for m in list(pattern.finditer(rest)):
            found = []
            if kind == "art":
                article, paragraph = m.group(1), m.group(2) or ("2" if m.group(1) == "9" else "1")
                for letter in [m.group(3), *_MORE_LETTERS.findall(m.group(4) or "")]:
                    found.append(f"art{article}-{paragraph}-{letter.lower()}")
            elif kind == "tdddg":
                found.append(f"tdddg-25-{m.group(1)}")
            else:
                found.append(kind)
            for code in found:
                if code in vocab.legal_bases() and code not in codes:
                    codes.append(code)
            rest = rest.replace(m.group(0), " ")
    # a label in parentheses after the citation, e.g. "(Vertrag)" / "(consent)"
    for m in re.finditer(r"\(([^()]*)\)", rest):
        if _basis_words().get(_norm(m.group(1))) in codes:
            rest = rest.replace(m.group(0), " ")
    if not codes:
        return [], line.strip()
    leftover = " ".join(_FILLER.sub(" ", rest).split())
    return codes, (" ".join(rest.split()).strip(" ,;–-") if leftover else "")


# --- durations, dates, words ----------------------------------------------------------------

_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})|(\d{1,2})[./](\d{1,2})[./](\d{4}|\d{2})")


def date(value: Any) -> _dt.date | None:
    """A date cell, or text ``2024-01-15``, ``15.01.2024``, ``15/01/2024`` (day first) or ``15.01.24``."""
    if isinstance(value, _dt.date):
        return value
    m = _DATE.fullmatch(str(value).strip())
    if not m:
        return None
    if m.group(1):
        year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
    else:
        day, month, year = int(m.group(4)), int(m.group(5)), int(m.group(6))
        if len(m.group(6)) == 2:
            year += 2000
    try:
        return _dt.date(year, month, day)
    except ValueError:
        return None


_AS_OF = re.compile(r"\b(?:stand|stand vom|as of|as at|last updated|updated|mise à jour|à jour au|"
                    r"date de mise à jour|datum der letzten änderung|letzte änderung)\b ?[:\-–]? ?"
                    r"(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[./]\d{1,2}[./]\d{2,4})(?!\d)", re.IGNORECASE)


def as_of(text: str) -> _dt.date | None:
    """The date a title cell states the record is current as of: ``Stand: 01.03.2025``.

    >>> as_of("Verzeichnis (Stand 01.03.2025)"), as_of("As of: 2025-03-01"), as_of("Stand: Entwurf")
    (datetime.date(2025, 3, 1), datetime.date(2025, 3, 1), None)
    """
    m = _AS_OF.search(text[:300])
    return date(m.group(1)) if m else None


_TITLE = re.compile(r"^(?:verzeichnis (?:von|der|aller) verarbeitungstätigkeiten|verarbeitungsverzeichnis|"
                    r"verfahrensverzeichnis|records? of processing activities|"
                    r"registre des (?:activités de )?traitements?)"
                    r"(?: ?[:–\-] ?| (?:der|des|von|für|of|for|de|du|de la) )(.+)$", re.IGNORECASE)
_NOT_A_NAME = re.compile(r"\b(?:art\.?|artikel|article|gem\.?|gemäß|dsgvo|ds-gvo|gdpr|rgpd|verantwortliche[rn]?|"
                         r"controller|auftragsverarbeiter|processor|stand|as of)\b", re.IGNORECASE)


def title_organisation(text: str) -> str | None:
    """The organisation a title row names: ``Verzeichnis von Verarbeitungstätigkeiten der
    Bäckerei Müller GmbH`` -> ``Bäckerei Müller GmbH``; None where it names none (the DSK
    template's own title "... Verantwortlicher gem. Artikel 30 Abs. 1 DSGVO").

    >>> title_organisation("Verzeichnis von Verarbeitungstätigkeiten der Bäckerei Müller GmbH (Stand 03/2025)")
    'Bäckerei Müller GmbH'
    >>> title_organisation("Verzeichnis von Verarbeitungstätigkeiten Verantwortlicher gem. Artikel 30 Abs. 1 DSGVO")
    """
    m = _TITLE.match(text[:300])
    if not m:
        return None
    name = m.group(1)
    for group in reversed(_paren_spans(name)):  # "(Stand 03/2025)"
        if group[1] == len(name) - 1:
            name = name[:group[0]]
    stand = _AS_OF.search(name)
    if stand is not None:  # "..., Stand 01.03.2025"
        name = name[:stand.start()]
    name = name.strip(" ,;:–-")
    if not name or _NOT_A_NAME.search(name):
        return None
    return name


def _paren_spans(text: str) -> list[tuple[int, int]]:
    out, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch == "(":
            if depth == 0:
                start = i
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
            if depth == 0:
                out.append((start, i))
    return out


_REVERSE: dict[int, tuple[dict[str, str], dict[str, str]]] = {}


def reverse(table: dict[str, str], text: str) -> str | None:
    """The key of a label table in ``ropa.art30`` (``ROLES``, ``STATUS`` ...) whose label is ``text``."""
    known = _REVERSE.get(id(table))
    if known is None or known[0] is not table:
        index = {}
        for key in table:
            for label in (key, *labels.both(table, key)):
                index[_norm(label)] = key
        known = _REVERSE[id(table)] = (table, index)
    return known[1].get(_norm(text))


@cache
def _mechanism_words() -> dict[str, str]:
    out = {}
    for code, term in vocab.mechanisms().items():
        out[_norm(term.de)] = code
        out[_norm(term.en)] = code
        out[_norm(code)] = code
    return out


def mechanism(text: str) -> str | None:
    """A transfer mechanism code from its code or its label (as ropa writes it)."""
    return _mechanism_words().get(_norm(text))


YES = frozenset({"ja", "yes", "oui", "x", "true", "wahr", "y", "j"})
NO = frozenset({"nein", "no", "non", "false", "falsch", "n"})


def yes_no(text: str) -> bool | None:
    word = _norm(text)
    return True if word in YES else False if word in NO else None


_GERMAN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss", "ẞ": "SS"})


def ident(name: str, taken: set[str] | dict[str, Any] | None = None) -> str:
    """An id derived from a name (``Google Ireland Ltd.`` -> ``google-ireland-ltd``), unique in ``taken``."""
    import unicodedata

    text = name.translate(_GERMAN)  # the German way: Müller -> mueller, not muller
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    out = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60].strip("-") or "item"
    if not out[0].isalnum():
        out = "x" + out
    if taken is None or out not in taken:
        return out
    n = 2
    while f"{out}-{n}" in taken:
        n += 1
    return f"{out}-{n}"
