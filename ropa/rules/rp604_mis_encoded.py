"""Text that looks mis-encoded is reported.

## What it does
Reports any text in the registry that contains a typical mis-encoding sequence: UTF-8
read as Latin-1 or Windows-1252 (`Ã¼` for `ü`, `Ãœ` for `Ü`, `â€` for dashes and
quotes) or the replacement character `�`. The sequences are listed under `mojibake`
in `ropa/vocab/hygiene.yaml`. Two places are exempt, because there the damage is cited
on purpose: a source's verbatim `quote`, and text inside backticks (a note such as
"the notice has `Ãœ` for `Ü`"). One finding per field.

## Why is this bad?
The record is a document for the supervisory authority (Art. 30(4)); garbled names and
quotes make it unreliable and are often copied from a damaged source (the FACTS42 notice
has `Ãœ` for `Ü`). Quote the source correctly and note the damage in the document entry.

## Example
```yaml
activities:
  - id: web
    name: WebprÃ¤senz  # <-
    organisation: acme
```

## Use instead
```yaml
activities:
  - id: web
    name: Webpräsenz
    organisation: acme
```

## References
- Art. 30(3), 30(4), Art. 5(1)(d) GDPR
"""

from __future__ import annotations

import re
from typing import Iterator

from ropa import vocab
from ropa.findings import Finding, Severity
from ropa.model import Source
from ropa.rules._util import located_strings, top_nodes

CODE = "RP604"
NAME = "mis-encoded-text"
SEVERITY = Severity.WARNING
REFERENCE = "Art. 30(3) GDPR"


def check(ctx) -> Iterator[Finding]:
    patterns = vocab.hygiene().mojibake
    # every pattern is non-ASCII text (mojibake), so an ASCII string cannot hold one
    ascii_clean = all(not p.isascii() for p in patterns)
    firsts = tuple({p[0] for p in patterns}) if ascii_clean else ()  # a hit contains one of these
    for ident, node in top_nodes(ctx.registry):
        seen = set()
        for text, owner, name, index in located_strings(node, skip=QUOTES):
            if ascii_clean and (text.isascii() or not any(c in text for c in firsts)):
                continue
            span = owner.at(name) if index is None else owner.at(name, index)
            if span in seen:
                continue
            plain = CODE_SPAN.sub("", text) if "`" in text else text
            hit = next((p for p in patterns if p in plain), None)
            if hit is not None:
                seen.add(span)
                start = max(plain.find(hit) - 20, 0)
                yield ctx.finding(span, f"text looks mis-encoded ({hit!r}): {plain[start:start + 60]!r}", ident)


QUOTES = {(Source, "quote")}
CODE_SPAN = re.compile(r"`[^`]*`")
