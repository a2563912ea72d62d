"""JSON Schema (2020-12) of registry files, generated from the model's field declarations.

The schema is what the loader accepts, generated from the same declarations, so it cannot
drift from the code: point the YAML language server at it for completion and hover docs::

    # yaml-language-server: $schema=../ropa.schema.json
"""

from __future__ import annotations

from typing import Any

from ropa import __version__, model
from ropa.load import DURATION_RE, ID_RE, LANG_RE, RULE_RE, Kind, field_specs

SCHEMA_ID = "https://ropa.invalid/schema/registry-file.json"

PATTERNS = {
    "id": ID_RE.pattern.replace(r"\Z", "$"),
    "duration": DURATION_RE.pattern.replace(r"\Z", "$"),
    "rule": RULE_RE.pattern.replace(r"\Z", "$"),
    "lang": LANG_RE.pattern.replace(r"\Z", "$"),
    "country": "^[A-Z]{2}$",
}


def _anchored(pattern: str) -> str:
    return pattern if pattern.startswith("^") else "^" + pattern


def _scalar(kind: Kind, fmt: str | None, ref: str | None) -> dict[str, Any]:
    from ropa import vocab

    tag = kind.tag
    if tag == "str":
        out: dict[str, Any] = {"type": "string"}
        if fmt == "country":
            out["enum"] = sorted(vocab.country_codes())
        elif fmt in PATTERNS:
            out["pattern"] = _anchored(PATTERNS[fmt])
        if ref == "legal_basis":
            out["enum"] = list(vocab.legal_bases())
        elif ref == "mechanism":
            out["enum"] = list(vocab.mechanisms())
        elif ref == "international_organisation":
            out["enum"] = list(vocab.international_organisations())
        return out
    if tag == "int":
        return {"type": "integer"}
    if tag == "bool":
        return {"type": "boolean"}
    if tag == "date":
        return {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
    if tag == "text":
        return {"$ref": "#/$defs/Text"}
    if tag == "literal":
        return {"enum": list(kind.choices)}
    if tag == "node":
        assert kind.cls is not None
        short = getattr(kind.cls, "SHORTHAND", None)
        ref_schema = {"$ref": f"#/$defs/{kind.cls.__name__}"}
        if short:
            spec = field_specs(kind.cls)[short]
            return {"anyOf": [_scalar(spec.kind, spec.fmt, spec.ref), ref_schema]}
        return ref_schema
    raise AssertionError(tag)  # pragma: no cover


def _field_schema(spec: Any, doc: str) -> dict[str, Any]:
    kind = spec.kind
    if kind.tag == "list":
        assert kind.item is not None
        out: dict[str, Any] = {"type": "array", "items": _scalar(kind.item, spec.fmt, spec.ref)}
    elif kind.tag == "map":
        assert kind.item is not None
        out = {"type": "object", "additionalProperties": _scalar(kind.item, None, spec.ref)}
        if spec.fmt in PATTERNS:
            out["propertyNames"] = {"pattern": _anchored(PATTERNS[spec.fmt])}
    else:
        out = _scalar(kind, spec.fmt, spec.ref)
    if not spec.required and kind.tag != "list" or kind.optional_list:
        out = {"anyOf": [out, {"type": "null"}]} if "$ref" in out or "anyOf" in out else \
            _nullable(out)
    out["description"] = doc
    return out


def _nullable(out: dict[str, Any]) -> dict[str, Any]:
    if "type" in out:
        out = dict(out)
        out["type"] = [out["type"], "null"]
        if "enum" in out:
            out["enum"] = [*out["enum"], None]
        return out
    if "enum" in out:
        return {**out, "enum": [*out["enum"], None]}
    return {"anyOf": [out, {"type": "null"}]}


def _class_schema(cls: type) -> dict[str, Any]:
    docs = {f.name: f.metadata.get("doc", "") for f in model.fields(cls)}
    properties = {name: _field_schema(spec, docs[name]) for name, spec in field_specs(cls).items()}
    required = [name for name, spec in field_specs(cls).items() if spec.required]
    out: dict[str, Any] = {
        "type": "object",
        "description": (cls.__doc__ or "").strip().splitlines()[0],
        "properties": properties,
        "patternProperties": {"^x-": {"description": "An organisation's own field; not checked."}},
        "additionalProperties": False,
    }
    if required:
        out["required"] = required
    return out


def _all_classes() -> list[type]:
    seen: list[type] = []

    def visit(cls: type) -> None:
        if cls in seen:
            return
        seen.append(cls)
        for spec in field_specs(cls).values():
            kind = spec.kind.item if spec.kind.tag in ("list", "map") else spec.kind
            if kind is not None and kind.tag == "node" and kind.cls is not None:
                visit(kind.cls)

    visit(model.RegistryMeta)
    for cls in model.COLLECTIONS.values():
        visit(cls)
    return sorted(seen, key=lambda c: c.__name__)


def json_schema() -> dict[str, Any]:
    """The JSON Schema of one registry file."""
    defs = {cls.__name__: _class_schema(cls) for cls in _all_classes()}
    defs["Text"] = {
        "description": "Free text: a string, or a mapping of ISO 639-1 language code to text.",
        "anyOf": [
            {"type": "string"},
            {"type": "object", "minProperties": 1,
             "propertyNames": {"pattern": _anchored(PATTERNS["lang"])},
             "additionalProperties": {"type": "string"}},
        ],
    }
    properties: dict[str, Any] = {
        "registry": {"$ref": "#/$defs/RegistryMeta"},
    }
    for key, cls in model.COLLECTIONS.items():
        properties[key] = {"type": ["array", "null"], "items": {"$ref": f"#/$defs/{cls.__name__}"},
                           "description": (cls.__doc__ or "").strip().splitlines()[0]}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": f"ropa registry file (ropa {__version__})",
        "description": "One YAML file of a ropa registry: any of the top-level collections below.",
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
        "$defs": dict(sorted(defs.items())),
    }
