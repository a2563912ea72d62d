"""The importer stands on the core only (issue 22): it imports no other feature package (the
YAML writer, the record's section titles and the formula-start characters it shares with the
exporters live in the core: ``ropa.yaml_write``, ``ropa.record_text``)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OTHER_FEATURES = ("ropa.inspect", "ropa.edit", "ropa.export", "ropa.use", "ropa.cli")


def test_the_importer_imports_no_other_feature_package() -> None:
    found = []
    for path in sorted((ROOT / "ropa" / "importer").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [node.module] if isinstance(node, ast.ImportFrom) and node.module else \
                [a.name for a in node.names] if isinstance(node, ast.Import) else []
            found += [(path.name, n) for n in names if any(n == p or n.startswith(p + ".") for p in OTHER_FEATURES)]
    assert found == []
