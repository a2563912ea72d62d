"""Fuzz the loader with raw bytes: random ones and byte-level mutations of a valid file.

Bounded for CI (a few hundred examples, a few seconds). For a longer run:

    HYPOTHESIS_FUZZ_EXAMPLES=20000 python -m pytest tests/test_fuzz_loader.py
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ropa.load import load
from ropa.problems import PROBLEMS
from ropa.yaml_nodes import parse, read_text

SAMPLE = Path(__file__).resolve().parent / "fixtures" / "sample"
VALID = (SAMPLE / "activities" / "website.yaml").read_bytes()
EXAMPLES = int(os.environ.get("HYPOTHESIS_FUZZ_EXAMPLES", "400"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])



@pytest.fixture(autouse=True)
def _no_cache(monkeypatch) -> None:
    monkeypatch.setenv("ROPA_CACHE_DIR", "")  # thousands of fuzzed files would fill the user's cache


# bytes that matter to YAML and to the decoder
SPECIAL = st.sampled_from([b"&a ", b"*a", b"!!", b"!x ", b"[", b"]", b"{", b"}", b"\t", b"\x00", b"\xff", b"\xef\xbb\xbf",
                           b"---\n", b"...\n", b"%YAML 1.1\n", b": ", b"- ", b"#", b"'", b'"', b"\\", b"\r", b"\n  ",
                           b"? ", b"|", b">", b"\xc3", b"\xe2\x80\xa8", b"<<: ", b"2023-02-30", b"0x1F", b".inf"])


@st.composite
def mutated_bytes(draw) -> bytes:
    data = bytearray(VALID)
    for _ in range(draw(st.integers(1, 8))):
        at = draw(st.integers(0, len(data)))
        op = draw(st.sampled_from(["insert", "delete", "replace", "truncate"]))
        if op == "insert":
            data[at:at] = draw(st.one_of(SPECIAL, st.binary(min_size=1, max_size=4)))
        elif op == "delete":
            del data[at:at + draw(st.integers(1, 20))]
        elif op == "replace":
            data[at:at + 1] = draw(SPECIAL)
        else:
            del data[at:]
    return bytes(data)


def _assert_loads(raw: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "registry.yaml").write_text("registry:\n  name: Fuzz\n", encoding="utf-8")
        target = root / "fuzzed.yaml"
        target.write_bytes(raw)
        result = load(root)
        for finding in result.findings:
            assert finding.code in PROBLEMS, finding
            assert finding.span.file and finding.span.line >= 1 and finding.span.col >= 1, finding
        assert target.read_bytes() == raw


@FUZZ
@given(st.binary(max_size=2000))
def test_random_bytes(raw: bytes) -> None:
    _assert_loads(raw)


@FUZZ
@given(mutated_bytes())
def test_mutated_valid_file(raw: bytes) -> None:
    _assert_loads(raw)


@FUZZ
@given(st.text(alphabet=st.sampled_from(list("[]{}-:?,&*!|>'\"#%@` \n\tab1.~")), max_size=300))
def test_yaml_punctuation(text: str) -> None:
    """Straight to the parser: only findings, each with a position."""
    with tempfile.NamedTemporaryFile(suffix=".yaml") as fh:
        fh.write(text.encode())
        fh.flush()
        decoded, problems = read_text(Path(fh.name), "f.yaml")
    if decoded is not None:
        _node, problems = parse(decoded, "f.yaml")
    for finding in problems:
        assert finding.span.line >= 1 and finding.span.col >= 1
