"""Finding is a hand-written value class (cheaper to define than a dataclass): it must behave
as the frozen dataclass it replaced: same constructor, equality, hash, repr, immutability."""

from __future__ import annotations

import copy
import pickle
from dataclasses import dataclass

import pytest

from ropa.check import WaiverUse
from ropa.findings import Axis, Finding, Related, Severity
from ropa.model import NOWHERE, Span, Waiver


@dataclass(frozen=True)
class Reference:
    """Finding as it was (a frozen dataclass)."""

    code: str
    severity: Severity
    message: str
    span: Span = NOWHERE
    target: str | None = None
    reference: str | None = None
    fatal: bool = False
    waiver: Waiver | None = None
    axis: Axis = Axis.RECORD  # issue 24: what the finding judges
    related: tuple[Related, ...] = ()  # issue 24: other places of the same cause
    answer: object = None  # issue 24: the controller's answer that settles it (ropa.answers.Answer)


Reference.__qualname__ = "Finding"  # the dataclass repr names the class by its qualified name


def _pair(*args, **kwargs):
    return Finding(*args, **kwargs), Reference(*args, **kwargs)


@pytest.mark.parametrize("args, kwargs", [
    (("RP101", Severity.ERROR, "no purpose"), {}),
    (("RP101", Severity.WARNING, "m", Span("a.yaml", 2, 5), "crm", "Art. 30(1)(b) GDPR"), {}),
    ((), dict(code="RP000", severity=Severity.ERROR, message="boom", fatal=True)),
])
def test_behaves_as_the_frozen_dataclass(args, kwargs):
    finding, reference = _pair(*args, **kwargs)
    assert repr(finding) == repr(reference)
    assert hash(finding) == hash(reference)
    twin = Finding(*args, **kwargs)
    assert finding == twin and (finding != twin) is False and finding is not twin
    assert finding != reference  # another class: not equal, as dataclasses of two classes
    assert finding == copy.copy(finding) == copy.deepcopy(finding) == pickle.loads(pickle.dumps(finding))
    for name in ("code", "severity", "message", "span", "target", "reference", "fatal", "waiver", "axis", "related",
                 "answer"):
        assert getattr(finding, name) == getattr(reference, name)
        with pytest.raises(AttributeError):
            setattr(finding, name, None)
    with pytest.raises(AttributeError):
        finding.extra = 1  # type: ignore[attr-defined]
    with pytest.raises(TypeError):
        Finding("RP101", Severity.ERROR)  # type: ignore[call-arg]
    assert Finding.__match_args__ == Reference.__match_args__


def test_changed_copies():
    finding = Finding("RP101", Severity.ERROR, "m", Span("a.yaml", 1, 1), "crm")
    assert finding.with_severity(Severity.INFO) == Finding("RP101", Severity.INFO, "m", Span("a.yaml", 1, 1), "crm")
    assert not finding.waived
    assert str(finding) == "a.yaml:1:1: RP101 m"
    assert str(Finding("RP1", Severity.INFO, "m")) == "RP1 m"
    assert finding._replace(message="n").message == "n"
    assert sorted([Finding("B", Severity.INFO, "m"), finding], key=Finding.sort_key)[0].code == "B"


def test_waiver_use_replace():
    use = WaiverUse(waivable=frozenset({"RP101"}), used=frozenset({0}), expired=frozenset())
    assert use.ran == frozenset()
    assert use._replace(ran=frozenset({"RP101"})) == WaiverUse(frozenset({"RP101"}), frozenset({0}), frozenset(),
                                                                 frozenset({"RP101"}))
    assert repr(use).startswith("WaiverUse(waivable=frozenset({'RP101'}), used=frozenset({0})")
