"""The layering docs/architecture.md describes, read from the import statements of ropa/ (with
ast: module-level, function-level and type-only imports alike):

* the core (everything that is not a feature package or the CLI) imports no feature package
  and not the CLI: no arrow up;
* a feature package (inspect, edit, export, importer, use) imports the core and itself only:
  never another feature package (no arrow sideways), never the CLI;
* nothing but the CLI (and ``python -m ropa``) imports the CLI;
* no import cycle between modules (imports under ``if TYPE_CHECKING:`` are left out: they are
  never run), and the rules never import the runner that runs them.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FEATURES = ("ropa.inspect", "ropa.edit", "ropa.export", "ropa.importer", "ropa.use")
CLI = "ropa.cli"



def _modules() -> dict[str, Path]:
    return {".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__"): p
            for p in sorted((ROOT / "ropa").rglob("*.py"))}


def _type_only(tree: ast.AST) -> set[ast.AST]:
    """The import statements under ``if TYPE_CHECKING:``."""
    found: set[ast.AST] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            found.update(n for stmt in node.body for n in ast.walk(stmt)
                         if isinstance(n, (ast.Import, ast.ImportFrom)))
    return found


def imports(*, run_time_only: bool = False) -> dict[str, set[str]]:
    """Module -> the ropa modules it imports (``from ropa import answers`` is ``ropa.answers``)."""
    modules = _modules()
    found: dict[str, set[str]] = {}
    for module, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = _type_only(tree) if run_time_only else set()
        names = found.setdefault(module, set())
        for node in ast.walk(tree):
            if node in skip:
                continue
            if isinstance(node, ast.ImportFrom) and node.module:
                assert node.level == 0, f"{module}: relative import"
                for alias in node.names:
                    full = f"{node.module}.{alias.name}"
                    names.add(full if full in modules else node.module)
            elif isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
        names.discard(module)
    return found


def _in(name: str, packages: tuple[str, ...]) -> bool:
    """Whether module ``name`` is one of ``packages`` or inside one (tests/use imports it)."""
    return any(name == p or name.startswith(p + ".") for p in packages)


def _package(name: str) -> str | None:
    """The feature package or the CLI ``name`` belongs to; None for the core."""
    return next((p for p in (*FEATURES, CLI) if _in(name, (p,))), None)


def _arrows() -> set[tuple[str, str]]:
    """Every import between ropa modules that crosses from one package to another."""
    return {(module, name) for module, names in imports().items() for name in names
            if name.split(".")[0] == "ropa" and _package(module) != _package(name)}


def test_the_core_imports_no_feature_package_and_no_cli():
    upward = sorted((m, n) for m, n in _arrows() if _package(m) is None and m != "ropa.__main__"
                    and _package(n) is not None)
    assert upward == []


def test_feature_packages_stand_on_the_core_only():
    sideways = sorted((m, n) for m, n in _arrows() if _package(m) in FEATURES and _package(n) is not None)
    assert sideways == []


def test_nothing_imports_the_cli_but_the_cli():
    into_cli = sorted((m, n) for m, n in _arrows() if _package(n) == CLI and m != "ropa.__main__")
    assert into_cli == []


def run_time_graph() -> dict[str, set[str]]:
    """The run-time imports; an edge from a module to its own package (``ropa.report.text`` ->
    ``ropa.report``) is left out: Python runs a package's ``__init__`` before its modules anyway."""
    return {m: {n for n in names if not m.startswith(n + ".")} for m, names in imports(run_time_only=True).items()}


def cycles(graph: dict[str, set[str]]) -> list[set[str]]:
    """The strongly connected components (more than one module) of ``graph``."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[set[str]] = []

    def visit(v: str) -> None:  # Tarjan's algorithm
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in graph[v]:
            if w not in graph:
                continue
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = set()
            while True:
                w = stack.pop()
                component.add(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(component)

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_no_import_cycles():
    assert [sorted(c) for c in cycles(run_time_graph())] == []


def test_the_walk_finds_what_it_is_meant_to_find():
    """The checks above cannot pass by reading nothing: function-level and ``from ropa import x``
    imports are seen, type-only ones told apart, and a cycle is found where there is one."""
    arrows = _arrows()
    assert ("ropa.cli.questions", "ropa.questions") in arrows  # inside a function
    assert ("ropa.__main__", "ropa.cli") in {(m, _package(n)) for m, n in arrows}
    assert "ropa.answers" in imports()["ropa.questions.build"]  # from ropa import answers, ...
    assert [sorted(c) for c in cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}})] == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []
    assert "ropa.rules.context" not in imports(run_time_only=True)["ropa.rules"]  # type-only, left out
    assert "ropa.rules.context" in imports()["ropa.rules"]


def test_the_rules_do_not_import_the_runner():
    back = sorted((module, name) for module, names in imports().items() if module.startswith("ropa.rules")
                  for name in names if name == "ropa.check")
    assert back == []
