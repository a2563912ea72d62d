"""Small helpers the inspect functions share: text in a language, labels of codes."""

from __future__ import annotations

import datetime as _dt
from typing import Any

from ropa import vocab
from ropa.load import Registry
from ropa.model import Text


def text(value: Text | str | None, lang: str = "en") -> str:
    if value is None:
        return ""
    if isinstance(value, Text):
        return value.get(lang)
    return str(value)


def basis_label(code: str, lang: str = "en") -> str:
    term = vocab.legal_bases().get(code)
    return term.label(lang) if term else code


def mechanism_label(code: str, lang: str = "en") -> str:
    term = vocab.mechanisms().get(code)
    return term.label(lang) if term else code


def name_of(registry: Registry, ident: str, collection: str, lang: str = "en") -> str:
    """The name of an entry of a collection (``data_categories`` ...), or the id itself."""
    node: Any = getattr(registry, collection).get(ident)
    return text(node.name, lang) if node is not None else ident


def iso(value: _dt.date | None) -> str:
    return value.isoformat() if value else ""
