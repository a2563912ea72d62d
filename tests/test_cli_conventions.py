"""Conventions every command keeps: one meaning per short option, pointers to commands that exist,
the registry as REGISTRY or -r, and unknown filter values as usage errors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from ropa.cli import app

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()


def commands() -> dict[str, object]:
    group = typer.main.get_command(app)
    return dict(group.commands)  # type: ignore[attr-defined]


def test_a_short_option_means_the_same_in_every_command():
    meaning: dict[str, set[str]] = {}
    for name, command in commands().items():
        for param in command.params:  # type: ignore[attr-defined]
            opts = [*param.opts, *param.secondary_opts]
            longs = sorted(o for o in opts if o.startswith("--"))
            for short in (o for o in opts if re.fullmatch(r"-[A-Za-z]", o)):
                meaning.setdefault(short, set()).add(longs[0] if longs else f"{name}:{param.name}")
    clashes = {short: longs for short, longs in meaning.items() if len(longs) > 1}
    assert clashes == {}


def test_the_short_options_are_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    used = set()
    for command in commands().values():
        for param in command.params:  # type: ignore[attr-defined]
            used.update(o for o in param.opts if re.fullmatch(r"-[A-Za-z]", o))
    for short in used:
        assert f"`{short}`" in readme, short


def pointers() -> list[tuple[str, str]]:
    """Every "`ropa WORD ...`" in the texts a user reads: messages, help, schema descriptions, rule
    documentation, the vocabularies, the README and docs/ (not the exporters' developer docstrings)."""
    found = []
    paths = [p for p in sorted((ROOT / "ropa").rglob("*.py")) if "export" not in p.parts]
    docs = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    for path in [*paths, *sorted((ROOT / "ropa").rglob("*.yaml")), *docs]:
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"`ropa ([a-z][a-z-]*)((?: [a-z0-9-]+)?)", text):
            found.append((str(path.relative_to(ROOT)), match.group(0)[1:]))
    return found


def test_every_pointer_at_a_command_points_at_one_that_exists():
    from ropa.inspect.vocabulary import TOPICS

    names = set(commands())
    assert pointers()  # the search finds them
    wrong = []
    for where, pointer in pointers():
        words = pointer.split()
        if words[1] not in names:
            wrong.append((where, pointer))
        elif words[1] == "vocab" and len(words) > 2 and words[2] not in TOPICS:
            wrong.append((where, pointer))
    assert wrong == []


SAMPLE = ROOT / "tests" / "fixtures" / "sample"


@pytest.mark.parametrize("args", [
    ["list", "--status", "bogus"], ["list", "--recipient", "nope"], ["list", "-o", "nope"],
    ["list", "--country", "XX"], ["list", "--basis", "art6-1-z"], ["list", "--category", "x"],
    ["list", "--subject", "x"], ["gaps", "-o", "nope"], ["transfers", "-o", "nope"],
    ["recipients", "-o", "nope"], ["recipients", "--role", "nope"], ["recipients", "--contract", "nope"],
    ["summary", "-o", "nope"], ["validate", "--severity", "nope"], ["vocab", "nope"],
    ["export", "-o", "nope"],
])
def test_unknown_filter_values_are_usage_errors(args, tmp_path):
    result = runner.invoke(app, [*args, "-r", str(SAMPLE)] if args[0] not in ("vocab", "export") else
                           [*args, *(["-r", str(SAMPLE), "--out", str(tmp_path / "x")] if args[0] == "export" else [])])
    assert result.exit_code == 2, result.output
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "x").exists()


def test_did_you_mean():
    result = runner.invoke(app, ["list", "--basis", "art6-1-z", "-r", str(SAMPLE)])
    assert "(did you mean 'art6-1-f'?)" in result.stderr
    result = runner.invoke(app, ["list", "--country", "XX", "-r", str(SAMPLE)])
    assert "`ropa vocab countries`" in result.stderr


@pytest.mark.parametrize("command", ["list", "gaps", "transfers", "recipients", "summary", "validate", "export"])
def test_the_registry_is_an_argument_or_r(command, tmp_path):
    extra = ["--out", str(tmp_path / "out"), "--check"] if command == "export" else []
    if command == "export":  # the same files, whichever way the registry is given
        assert runner.invoke(app, [command, str(SAMPLE), "--out", str(tmp_path / "out")]).exit_code == 0
    by_argument = runner.invoke(app, [command, str(SAMPLE), *extra])
    by_option = runner.invoke(app, [command, "-r", str(SAMPLE), *extra])
    assert by_argument.exit_code == by_option.exit_code, by_argument.output
    assert by_argument.exit_code in (0, 1)
    assert by_argument.stdout == by_option.stdout


def test_registry_found_like_git(tmp_path, monkeypatch):
    import shutil

    project = tmp_path / "project"
    shutil.copytree(SAMPLE, project / "registry")
    (project / "ropa").mkdir()
    (project / "ropa" / "stray.yaml").write_text("not: a registry file\n")
    monkeypatch.delenv("ROPA_REGISTRY", raising=False)
    monkeypatch.chdir(project)  # a project root: its registry/
    at_root = runner.invoke(app, ["validate", "."])
    monkeypatch.chdir(project / "registry" / "activities")  # inside the registry: walk up
    inside = runner.invoke(app, ["validate", "."])
    default = runner.invoke(app, ["list"])
    assert at_root.exit_code == inside.exit_code
    assert "stray" not in at_root.stdout
    assert "web-server-logs" in default.stdout
    monkeypatch.chdir(tmp_path)  # nothing here or above
    none = runner.invoke(app, ["list"])
    assert none.exit_code == 2
    assert none.stderr.strip().splitlines() == [
        "error: no registry found (no registry.yaml here, above, or in registry/): start one with `ropa init`, "
        "or point at one with -r PATH"]


def test_ropa_registry_is_a_default_that_an_argument_overrides(tmp_path, monkeypatch):
    monkeypatch.setenv("ROPA_REGISTRY", str(ROOT / "registry"))
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["list", str(SAMPLE), "-f", "json"])
    assert result.exit_code == 0, result.output
    assert "web-server-logs" in result.stdout
    assert runner.invoke(app, ["list", "-f", "json"]).stdout.count('"organisation": "facts42"') > 0
