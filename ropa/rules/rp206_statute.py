"""A legal obligation or public task cites the law that imposes it.

## What it does
Reports a legal basis whose vocabulary entry `needs: statute` without a `statute`:
Art. 6(1)(c), 6(1)(e), Art. 10, Art. 22(2)(b), and the Art. 9(2) conditions that rest on
Union or Member State law, (b) employment and social security, (g) substantial public
interest, (h) health or social care, (i) public health, (j) archiving, research and
statistics (e.g. § 26(3) BDSG, § 22 BDSG, § 27 BDSG). A national basis the same activity
cites (`bdsg-26-3` beside `art9-2-b`) is that statute.
Also reports a `statute` that names no specific provision ("gesetzliche
Aufbewahrungspflichten", "statutory duties") and one that cites only the GDPR itself
("Art. 6 Abs. 1 lit. c DSGVO"): a statute names a paragraph or article of an act other than
the GDPR, or a Union act by its number.
A processor's record (`record: processor`, Art. 30(2)) is not judged: the legal basis is
the controller's decision.

## Why is this bad?
Art. 6(3) requires the basis of processing under Art. 6(1)(c) and (e) to be laid down
by Union or Member State law; "legal obligation" without the law cannot be checked.
Art. 9(2)(b), (g), (h), (i) and (j) each allow processing only "on the basis of" or
"authorised by" Union or Member State law (with (b) also a collective agreement under
Member State law, with (h) also a contract with a health professional, Art. 9(3)):
without the law the condition is not shown to exist.

## Example
```yaml
activities:
  - id: bookkeeping
    name: Bookkeeping
    organisation: acme
    legal_bases:
      - basis: art6-1-c  # <-
```

## Use instead
```yaml
activities:
  - id: bookkeeping
    name: Bookkeeping
    organisation: acme
    legal_bases:
      - basis: art6-1-c
        statute: § 147 AO, § 257 HGB
```

## References
- Art. 6(1)(c), (e), Art. 6(3), Art. 9(2)(b), (g)-(j), Art. 10, Art. 22(2)(b) GDPR;
  §§ 22, 26(3), 27 BDSG
- DSK, Hinweise zum Verzeichnis von Verarbeitungstätigkeiten (2018): a bare reference to
  "statutory duties" is not enough
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ropa import vocab
from ropa.findings import Axis, Finding, Severity
from ropa.i18n import msg
from ropa.rules._util import controller_records

if TYPE_CHECKING:
    from ropa.rules.context import Context

CODE = "RP206"
NAME = "statute-not-cited"
SEVERITY = Severity.ERROR
REFERENCE = "Art. 6(3), Art. 9(2) GDPR"
AXIS = Axis.LAWFULNESS
FIELDS = ('statute', 'legal_bases')


# a provision: "§ 147 AO", "§§ 630a ff. BGB", "Art. 9 BayDSG", "Section 7 ...", "Nr. 2 ..." after one of them
_PROVISION = re.compile(r"(§§?|\bArt\.?|\bArtikel\b|\bArticle\b|\bSection\b|\bSec\.)\s*\d+", re.IGNORECASE)
# a Union act by number: "Verordnung (EU) 2023/1114", "Directive (EU) 2015/2366", "(EG) Nr. 883/2004"
_UNION_ACT = re.compile(r"\((EU|EG|EWG|EC|EEC|Euratom)\)\s*(Nr\.\s*)?\d+/\d+", re.IGNORECASE)
# the GDPR itself: it is not the law Art. 6(3) and Art. 9(2) refer to
_GDPR = re.compile(r"\b(DSGVO|DS-GVO|GDPR|Datenschutz-Grundverordnung|General Data Protection Regulation)\b|2016/679",
                   re.IGNORECASE)
_PARTS = re.compile(r"[;,]|\bund\b|\band\b|\bsowie\b|\bi\.\s?V\.\s?m\.", re.IGNORECASE)


def names_provision(statute: str) -> bool | None:
    """Whether ``statute`` names a specific provision of Union or Member State law other than the GDPR:
    True; only the GDPR: None; no provision at all ("gesetzliche Aufbewahrungspflichten"): False."""
    parts = [p for p in _PARTS.split(statute) if p.strip()]
    gdpr_only = False
    for index, part in enumerate(parts):
        # "§ 257 Abs. 1 Nr. 2, 3, Abs. 4 HGB": a part without its own act takes the act of a later part
        act = next((p for p in parts[index:] if re.search(r"[A-ZÄÖÜ]{2,}|\bGesetz|\bVerordnung|\bAct\b", p)), part)
        if _GDPR.search(act) and not _UNION_ACT.search(act.replace("2016/679", "")):
            gdpr_only = gdpr_only or bool(_PROVISION.search(part) or _GDPR.search(part))
            continue
        if _PROVISION.search(part) or _UNION_ACT.search(part):
            return True
    return None if gdpr_only else False


def check(ctx: Context) -> Iterator[Finding]:
    terms = vocab.legal_bases()
    for activity in controller_records(ctx.registry):
        # a national basis of the same activity is the statute (bdsg-26-3 beside art9-2-b)
        national = [b.basis for b in activity.legal_bases if b.basis in terms and terms[b.basis].kind == "national"
                    and not terms[b.basis].needs and not terms[b.basis].device]
        for basis in activity.legal_bases:
            term = terms.get(basis.basis)
            if term is None or "statute" not in term.needs:
                continue
            if not basis.statute:
                if national and term.art22 != "law":
                    continue
                what = (msg("the Union or Member State law the condition rests on") if term.kind == "art9"
                        else msg("the law that authorises the decision") if term.art22 == "law"
                        else msg("the law that imposes the obligation or task"))
                yield ctx.finding(basis.span, msg("{basis} in '{id}' does not cite {what} (statute)", basis=basis.basis,
                                      id=activity.id, what=what), activity.id)
                continue
            quality = names_provision(basis.statute)
            if quality is None:
                yield ctx.finding(basis.at("statute"), msg(
                    "{basis} in '{id}' cites the GDPR itself as its statute ({statute}): Art. 6(3) and Art. 9(2) "
                    "refer to other Union or Member State law; name the provision that imposes the obligation or "
                    "allows the processing", basis=basis.basis, id=activity.id, statute=basis.statute), activity.id)
            elif quality is False:
                yield ctx.finding(basis.at("statute"), msg(
                    "{basis} in '{id}' cites no specific provision as its statute ({statute}): name the paragraph "
                    "and the act (e.g. § 147 AO)", basis=basis.basis, id=activity.id, statute=basis.statute),
                    activity.id)
