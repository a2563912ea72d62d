"""The layering docs/architecture.md describes, as imports (module-level, function-level and
type-only alike): the core never imports a feature package or the CLI (no upward arrow), and
the rules never import the runner that runs them (no cycle ``check`` <-> ``rules``)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FEATURES = ("ropa.inspect", "ropa.edit", "ropa.export", "ropa.importer", "ropa.use", "ropa.cli")


def imports() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in sorted((ROOT / "ropa").rglob("*.py")):
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        names = found.setdefault(module, set())
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                names.add(node.module)
            elif isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
    return found


def _in(name: str, packages: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in packages)


# upward arrows that exist and are to be removed by their owners (reported to the lead):
# ropa.answers (the questions work) reads the export snapshot and the questions
KNOWN_UPWARD = {("ropa.answers", "ropa.export"), ("ropa.answers", "ropa.inspect.questions")}


def test_the_core_imports_no_feature_package_and_no_cli():
    upward = {(module, name) for module, names in imports().items() for name in names
              if not _in(module, FEATURES) and module != "ropa.__main__" and _in(name, FEATURES)}
    assert upward - KNOWN_UPWARD == set()


def test_the_rules_do_not_import_the_runner():
    back = sorted((module, name) for module, names in imports().items() if _in(module, ("ropa.rules",))
                  for name in names if name == "ropa.check")
    assert back == []
