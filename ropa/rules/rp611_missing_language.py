"""Free text exists in every language the registry declares (off by default: select RP611).

## What it does
With `registry: languages:` naming two or more languages, reports a free text (a name,
purpose, description, note ...) of an organisation, recipient or activity that is written
in some of those languages (`{de: ..., en: ...}`) but not in all of them: one finding per
field, naming the languages missing. A text without a language key (a plain string) is not
judged: its language is not recorded. The rule is off unless selected
(`ropa validate --select RP611`, or `rules: {select: [..., RP611]}`): most registries are
transcribed from documents in one language, and the exports show such text as it is,
marked with its language (`[en] ...`), never translated.

## Why is this bad?
The record is kept for readers of each declared language (Art. 30(4); the official language
of a German supervisory authority is German, § 23(1) VwVfG); a text shown in another
language, even marked, may not be understood. ropa never machine-translates registry text: a person has to write it.

## Example
```yaml
registry:
  name: ACME record
  languages: [de, en]
  rules: {select: [RP611]}
activities:
  - id: newsletter
    name: {en: Newsletter}  # <-
    organisation: acme
```

## Use instead
```yaml
registry:
  name: ACME record
  languages: [de, en]
  rules: {select: [RP611]}
activities:
  - id: newsletter
    name: {de: Newsletter, en: Newsletter}
    organisation: acme
```

## References
- Art. 30(3), 30(4) GDPR; § 23(1) VwVfG
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ropa.findings import Axis, Finding, Severity
from ropa.i18n import Field, msg
from ropa.model import Conflict, Gap, Interpretation, Node, Text
from ropa.rules._util import _fields

if TYPE_CHECKING:
    from ropa.rules.context import Context

CODE = "RP611"
NAME = "text-missing-language"
SEVERITY = Severity.INFO
REFERENCE = "Art. 30(3), (4) GDPR"
AXIS = Axis.RECORD
DEFAULT = False  # runs only when selected (--select RP611, or the registry's rules: select:)


def check(ctx: Context) -> Iterator[Finding]:
    meta = ctx.registry.meta
    declared = tuple(meta.languages) if meta else ()
    if len(declared) < 2:
        return
    registry = ctx.registry
    for ident, node in (*registry.organisations.items(), *registry.recipients.items(),
                        *registry.activities.items()):
        for name, missing in _missing(node, declared):
            yield ctx.finding(node.at(name), msg("'{id}': {field} has no text in {languages}", id=ident,
                                                 field=Field(name), languages=", ".join(missing)), ident)


def _missing(node: Node, declared: tuple[str, ...]) -> Iterator[tuple[str, tuple[str, ...]]]:
    """(field name, languages missing) for the node's own texts and those of its items."""
    for name in _fields(type(node)):
        value = getattr(node, name)
        items = value if isinstance(value, tuple) else (value,)
        gaps: set[str] = set()
        for item in items:
            if isinstance(item, Text):
                keys = {k for k, _ in item.values}
                if keys and "" not in keys:
                    gaps.update(lang for lang in declared if lang not in keys)
            elif isinstance(item, Gap | Conflict | Interpretation):  # gaps, conflicts, interpretations
                keys = {k for k, _ in item.note.values} if item.note is not None else set()
                if keys and "" not in keys:
                    gaps.update(lang for lang in declared if lang not in keys)
        if gaps:
            yield name, tuple(lang for lang in declared if lang in gaps)
