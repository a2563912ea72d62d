"""``in_normal_form`` (libyaml, no round trip) never says "formatted" where ``format_text`` would change the text.

fmt trusts the fast answer and skips ruamel.yaml's round trip, so a wrong True would let
``fmt --check`` pass on a file that is not formatted. Every True is checked here against the
round trip itself: on every YAML file of the repository (bundled registry, fixtures, test
data), on a generated bench registry, on their normal forms, and on mutations of those
(comments and blank lines inserted anywhere, lines swapped or re-indented, quotes changed,
tricky values put in). The fast path must also be taken where it matters: on the bundled
registry and the bench registry in normal form.

Bounded for CI (the round trip is slow); for a longer run of the generated cases:

    HYPOTHESIS_FUZZ_EXAMPLES=5000 python -m pytest tests/edit/test_fmt_normal.py
"""

from __future__ import annotations

import json
import os
import random
import sys
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ropa.edit.fmt as fmt_module
from ropa.edit.fmt import fmt, format_text
from ropa.edit.normal import in_normal_form
from ropa.yaml_nodes import parse

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = int(os.environ.get("HYPOTHESIS_FUZZ_EXAMPLES", "0"))


@cache
def normal(text: str) -> str | None:
    """``format_text(text)`` (remembered: several tests ask it of the same files)."""
    try:
        return format_text(text)
    except Exception:  # a file fmt refuses (bad YAML): no normal form to compare with
        return None


def agrees(text: str) -> bool:
    """The fast answer is either "not known" or what the round trip says."""
    return not in_normal_form(text) or normal(text) == text


@cache
def bench_registry() -> dict[str, str]:
    """A small registry of the bench generator (the 1,000-activity bench's shape), in normal form."""
    import tempfile

    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from generate import generate
    finally:
        sys.path.remove(str(ROOT / "bench"))
    with tempfile.TemporaryDirectory() as tmp:
        out = generate(20, Path(tmp) / "reg", per_file=10)
        texts = {str(p.relative_to(out)): p.read_text(encoding="utf-8") for p in sorted(out.rglob("*.yaml"))}
    return {name: format_text(text) for name, text in texts.items()}


@cache
def corpus() -> dict[str, str]:
    """Every YAML file of the repository's registry and tests that is UTF-8 text."""
    out = {}
    for base in ("registry", "tests"):
        for path in sorted((ROOT / base).rglob("*.yaml")):
            try:
                out[str(path.relative_to(ROOT))] = path.read_text(encoding="utf-8")
            except (UnicodeDecodeError, OSError):
                continue
    return out


def test_the_bundled_registry_and_the_bench_registry_take_the_fast_path() -> None:
    registry = {name: text for name, text in corpus().items() if name.startswith("registry/")}
    assert len(registry) >= 9
    for name, text in [*registry.items(), *bench_registry().items()]:
        assert in_normal_form(text), name
        assert normal(text) == text, name


@pytest.mark.parametrize("name", sorted(corpus()))
def test_every_file_and_its_normal_form(name: str) -> None:
    text = corpus()[name]
    assert agrees(text)
    formatted = normal(text)
    if formatted is not None and parse(formatted, name)[0] is not None:
        assert agrees(formatted)


TRICKY = ["yes", "No", "null", "~", "017", "12:30", "1.5", "2024-01-01", "- a", "a: b", "a #b", "#a", "a, b",
          "[x]", "{y}", "'q'", '"q"', " lead", "trail ", "§ 147 AO", "Art. 6(1)(b) GDPR", "x-nr", "a:b", "a#b",
          "München", "„Zitat“ – dash", "10 Jahre", "P10Y", "@x", "%x", "!x", "&x", "*x", "|x", ">x", "?x", "? x",
          "-x", ":x", "a:", "a?", "a\\b", 'say "hi"', "it's", "", "true", "True", "0x1F", "1e3", ".5", "+1",
          "a,b", "(x)", "x]", "tab\there", "\u00a0nbsp", "emoji \U0001F600", "ctl\x07", "a  b", "---", "..."]


def sources(value: str) -> list[str]:
    """Ways to write ``value`` in YAML: plain, double-quoted, single-quoted."""
    return [value, json.dumps(value, ensure_ascii=False), "'" + value.replace("'", "''") + "'"]


def documents(source: str) -> list[str]:
    """``source`` standing in every context the checker knows, in a registry-shaped file."""
    return [f"activities:\n  - id: a\n    name: {source}\n",
            f"activities:\n  - id: a\n    purposes:\n      - {source}\n",
            f"activities:\n  - id: a\n    purposes: [{source}, b]\n",
            f"activities:\n  - id: a\n    name: {{de: {source}, en: b}}\n",
            f"activities:\n  - id: a\n    x-own: {source}\n",
            f"activities:\n  - id: a\n    x-own: [{source}]\n",
            f"registry:\n  name: a\n  {source}: b\n",
            f"registry:\n  name: {{{source}: b}}\n"]


@pytest.mark.parametrize("value", TRICKY)
def test_each_way_of_writing_a_value_in_each_context(value: str) -> None:
    for source in sources(value):
        for text in documents(source):
            assert agrees(text), text


@settings(max_examples=EXAMPLES or 60, deadline=None)
@given(st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=12))
def test_generated_values_in_each_context(value: str) -> None:
    for source in sources(value):
        for text in documents(source):
            assert agrees(text), text


def mutate(text: str, rng: random.Random) -> str:
    """One small edit of the kind a person makes (or the round trip would undo)."""
    lines = text.split("\n")
    at = rng.randrange(len(lines))
    line = lines[at]
    indent = len(line) - len(line.lstrip(" "))
    kind = rng.randrange(12)
    if kind == 0:
        lines.insert(at, " " * rng.choice([0, indent, indent + 2, max(indent - 2, 0), 1]) + "# note")
    elif kind == 1:
        lines.insert(at, rng.choice(["", " ", "#", "# a # b", "#trailing "]))
    elif kind == 2 and at + 1 < len(lines):
        lines[at], lines[at + 1] = lines[at + 1], lines[at]
    elif kind == 3:
        lines[at] = " " * rng.choice([1, 2]) + line if rng.random() < 0.5 else line[1:]
    elif kind == 4 and line.strip():
        lines[at] = line + rng.choice([" ", "  # eol", " #eol", ":"])
    elif kind == 5 and ": " in line:
        key, _, value = line.partition(": ")
        lines[at] = f"{key}: {rng.choice(sources(rng.choice(TRICKY + [value.strip(chr(34))])))}"
    elif kind == 6 and '"' in line:
        lines[at] = line.replace('"', "'") if rng.random() < 0.5 else line.replace('"', "", 2)
    elif kind == 7 and "- " in line:
        lines[at] = line.replace("- ", "-  ", 1) if rng.random() < 0.5 else line.replace("- ", "", 1)
    elif kind == 8 and "[" in line:
        lines[at] = line.replace(", ", ",", 1) if rng.random() < 0.5 else line.replace("[", "[\n" + " " * indent, 1)
    elif kind == 9 and ">-" in line:
        lines[at] = line.replace(">-", rng.choice([">", "|", "|-", ">+", ">2-", ">- # c"]))
    elif kind == 10:
        lines.append(rng.choice(["", "# end", "  # end", "\n# end"]))
    else:
        lines.insert(at, " " * indent + rng.choice(["x-own: 'q'", "x-own: [a,  b]", "zz: 1", "id: dup",
                                                       "- id: new", "note: >-", "  more text", "---"]))
    return "\n".join(lines)


SEEDS = sorted(name for name in corpus() if name.startswith(("registry/", "tests/fixtures/")))


@settings(max_examples=EXAMPLES or 60, deadline=None)
@given(st.sampled_from(SEEDS + ["bench"]), st.integers(0, 2**32), st.integers(1, 3))
def test_mutations_of_formatted_files(seed: str, salt: int, edits: int) -> None:
    rng = random.Random(salt)
    if seed == "bench":
        text = rng.choice(list(bench_registry().values()))
    else:
        text = normal(corpus()[seed]) or corpus()[seed]
    lines = text.split("\n")
    # a window of whole top-level entries (the round trip of a whole file is slow), under its section
    starts = [n for n, line in enumerate(lines) if line.startswith("  - ")]
    head = next((line for line in lines if line.endswith(":") and not line.startswith((" ", "#"))), "")
    window = text
    if len(lines) > 60 and starts and head:
        first = rng.randrange(len(starts))
        end = starts[first + 2] if first + 2 < len(starts) else len(lines) - 1
        window = head + "\n" + "\n".join(lines[starts[first]:end]) + "\n"
    for candidate in (window,):
        mutant = candidate
        for _ in range(edits):
            mutant = mutate(mutant, rng)
        assert agrees(mutant), mutant


def test_the_fallback_decides_where_the_fast_check_does_not_know(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """An end-of-line comment is outside what the fast check reads: the round trip decides, as before."""
    monkeypatch.setenv("ROPA_CACHE_DIR", "")
    root = tmp_path / "reg"
    root.mkdir()
    (root / "registry.yaml").write_text("registry:\n  name: X  # the name\n", encoding="utf-8")
    (root / "recipients.yaml").write_text("recipients:\n  - id: a\n    name: A\n", encoding="utf-8")
    (root / "messy.yaml").write_text("recipients:\n- name: B\n  id: b\n", encoding="utf-8")
    calls: list[str] = []
    real = fmt_module.format_text
    monkeypatch.setattr(fmt_module, "format_text", lambda text: calls.append(text) or real(text))
    results = {r.display.rsplit("/", 1)[-1]: r for r in fmt([], root, check=True)}
    assert not results["registry.yaml"].changed and not results["recipients.yaml"].changed
    assert results["messy.yaml"].changed
    assert results["messy.yaml"].after == "recipients:\n  - id: b\n    name: B\n"
    # the round trip ran for the two files the fast check could not decide, not for the formatted one
    assert sorted(calls) == ["recipients:\n- name: B\n  id: b\n", "registry:\n  name: X  # the name\n"]
