"""The one YAML event source (``ropa.yaml_events``): PyYAML's documented ``yaml.parse``.

libyaml through ``yaml.CSafeLoader`` where PyYAML has it; the pure-Python ``yaml.SafeLoader``
otherwise, which must give the loader and ``fmt`` the same nodes, positions and verdicts.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from ropa import yaml_events
from ropa.edit.normal import in_normal_form
from ropa.load import load
from ropa.yaml_nodes import parse

ROOT = Path(__file__).resolve().parents[1]
REGISTRIES = [ROOT / "registry", ROOT / "tests" / "fixtures" / "sample"]
BROKEN = ROOT / "tests" / "fixtures" / "broken"


@pytest.fixture
def pure_python(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run as on a PyYAML installed without libyaml."""
    monkeypatch.setattr(yaml_events, "LOADER", yaml.SafeLoader)
    monkeypatch.setenv("ROPA_CACHE_DIR", "")


def texts() -> list[tuple[str, str]]:
    files = sorted(p for root in [*REGISTRIES, BROKEN] for p in root.rglob("*.yaml"))
    return [(str(p.relative_to(ROOT)), p.read_text(encoding="utf-8", errors="replace")) for p in files]


def findings(path: Path) -> list[tuple[str, str, int, int, str]]:
    return [(f.code, f.span.file, f.span.line, f.span.col, f.message) for f in load(path).findings]


def test_libyaml_is_used_where_pyyaml_has_it() -> None:
    if not yaml.__with_libyaml__:
        pytest.skip("this PyYAML was built without libyaml: the pure-Python parser is in use")
    assert yaml_events.parser_name() == "libyaml"
    assert yaml_events.LOADER is yaml.CSafeLoader


def test_the_pure_python_parser_gives_the_same_nodes(monkeypatch: pytest.MonkeyPatch) -> None:
    expected = {name: parse(text, name) for name, text in texts()}
    monkeypatch.setattr(yaml_events, "LOADER", yaml.SafeLoader)
    assert yaml_events.parser_name() == "pure-python"
    for name, text in texts():
        node, problems = parse(text, name)
        want_node, want_problems = expected[name]
        assert node == want_node, name
        # the same problems at the same places; only libyaml's own wording of a syntax error differs
        assert [(p.code, p.span) for p in problems] == [(p.code, p.span) for p in want_problems], name
        assert [p.message for p in problems if p.code != "RP006"] == \
            [p.message for p in want_problems if p.code != "RP006"], name


@pytest.mark.parametrize("registry", REGISTRIES, ids=lambda p: p.name)
def test_the_pure_python_parser_gives_the_same_findings(registry: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ROPA_CACHE_DIR", "")
    expected = findings(registry)
    monkeypatch.setattr(yaml_events, "LOADER", yaml.SafeLoader)
    assert findings(registry) == expected


def test_the_pure_python_parser_reports_syntax_errors_where_libyaml_does(pure_python: None) -> None:
    node, problems = parse("activities:\n  - id: a\n   name: [x\n", "bad.yaml")
    assert node is None and [(p.code, p.span.line) for p in problems] == [("RP006", 3)]
    assert problems[0].message.startswith("YAML syntax error: ")


def test_fmt_normal_form_check_agrees_with_either_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    sample = [text for name, text in texts() if "broken" not in name]
    expected = [in_normal_form(text) for text in sample]
    monkeypatch.setattr(yaml_events, "LOADER", yaml.SafeLoader)
    assert [in_normal_form(text) for text in sample] == expected


def test_no_private_parser_of_a_dependency_is_imported() -> None:
    """ruamel.yaml's C parser (``cyaml.CParser``, the ``_ruamel_yaml`` extension) is not its
    documented interface; ropa reads events only through ``yaml.parse`` (issue 22, item 4)."""
    pattern = re.compile(r"\b(cyaml|CParser|_ruamel_yaml\w*|ruamel\.yaml\.clib|_yaml\b)")
    hits = [f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
            for path in sorted((ROOT / "ropa").rglob("*.py"))
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
            if "import" in line and pattern.search(line)]
    assert hits == []
