"""Positions of loaded values, stored compactly (issue 28, item 3): a node's ``spans``."""

from __future__ import annotations

import copy
import pickle
from pathlib import Path

from ropa.load import load
from ropa.model import Span
from ropa.positions import Positions

SAMPLE = Path(__file__).resolve().parent / "fixtures" / "sample"


def test_positions_behave_as_a_mapping_of_spans() -> None:
    spans = Positions("a.yaml", ("id", "name", "recipients.0"), [2, 5, 3, 9, 70000, 12])
    assert spans["name"] == Span("a.yaml", 3, 9) and spans.get("recipients.0") == Span("a.yaml", 70000, 12)
    assert spans.get("missing") is None and "id" in spans and "missing" not in spans
    assert list(spans) == ["id", "name", "recipients.0"] and len(spans) == 3
    assert spans == {"id": Span("a.yaml", 2, 5), "name": Span("a.yaml", 3, 9), "recipients.0": Span("a.yaml", 70000, 12)}
    assert pickle.loads(pickle.dumps(spans)) == spans == copy.deepcopy(spans)


def test_loaded_nodes_share_their_keys_and_file_name() -> None:
    activities = list(load(SAMPLE).registry.activities.values())
    spans = [a.spans for a in activities]
    assert all(isinstance(s, Positions) for s in spans)
    assert all(isinstance(s, Positions) for a in activities for r in a.recipients or () for s in [r.spans])
    first = spans[0]
    assert first.get("name") == activities[0].at("name") != activities[0].span
    by_names: dict[tuple[str, ...], tuple[str, ...]] = {}
    for s in spans:  # nodes with the same keys hold one tuple of them
        assert by_names.setdefault(s.names, s.names) is s.names
    files = {id(s.file) for a in activities for s in [a.spans] if a.span.file == activities[0].span.file}
    assert len(files) == 1
