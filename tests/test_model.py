"""The model's records (ropa.model): what code building or reading nodes relies on."""

from __future__ import annotations

import copy
import pickle
import subprocess
import sys

import pytest

from ropa import model
from ropa.model import (NOWHERE, Field, FrozenInstanceError, LegalBasis, Node, RecipientUse, Source, Span,
                        Text, fields, replace)


def source(**changes):
    return Source(**{"document": "doc", "section": "2.1", **changes})


# --- construction ---------------------------------------------------------------------------

def test_keywords_set_fields_and_the_rest_take_their_defaults():
    node = LegalBasis(basis="art6-1-f", interest=Text.of("Fraud prevention"))
    assert node.basis == "art6-1-f" and node.interest == Text.of("Fraud prevention")
    assert node.scope is None and node.sources == ()
    assert node.span is NOWHERE and node.spans == {} and node.extra == {}


def test_positional_arguments_are_refused():
    with pytest.raises(TypeError):
        Source("doc")  # type: ignore[misc]


def test_missing_required_fields_are_named_like_a_dataclass_does():
    with pytest.raises(TypeError, match=r"^Source.__init__\(\) missing 1 required keyword-only argument: "
                                        r"'document'$"):
        Source(section="1")
    with pytest.raises(TypeError, match=r"missing 2 required keyword-only arguments: 'field' and 'note'$"):
        model.Gap()
    with pytest.raises(TypeError, match=r"missing 3 required keyword-only arguments: 'justification', "
                                        r"'accepted', and 'expires'$"):
        model.Waiver(rule="RP201", target="crm", accepted_by="DPO")


def test_unknown_keywords_are_refused():
    with pytest.raises(TypeError, match=r"^Source.__init__\(\) got an unexpected keyword argument 'page'$"):
        source(page=3)


def test_default_factories_give_each_node_its_own_mapping():
    first, second = Source(document="a"), Source(document="b")
    assert first.spans == {} and first.spans is not second.spans
    assert first.extra is not second.extra


def test_mutable_defaults_are_refused_when_the_class_is_declared():
    with pytest.raises(TypeError, match="tuple default"):
        model.f("A list.", [])
    with pytest.raises(TypeError, match="mutable default"):
        class Bad(Node):
            items: tuple[str, ...] = []  # type: ignore[assignment]


def test_a_field_without_annotation_is_refused():
    with pytest.raises(TypeError, match="no type annotation"):
        class Bad(Node):
            name = model.f("A name.")


def test_class_attributes_without_annotation_stay_class_attributes():
    assert RecipientUse.SHORTHAND == "recipient"
    assert "SHORTHAND" not in {f.name for f in fields(RecipientUse)}


# --- immutability ---------------------------------------------------------------------------

@pytest.mark.parametrize("value", [source(), Span("a.yaml", 1, 2), Text.of("x")], ids=["node", "span", "text"])
def test_attributes_cannot_be_set_or_deleted(value):
    name = "values" if isinstance(value, Text) else "file" if isinstance(value, Span) else "document"
    with pytest.raises(FrozenInstanceError, match=f"cannot assign to field '{name}'"):
        setattr(value, name, "other")
    with pytest.raises(AttributeError):
        delattr(value, name)
    with pytest.raises(AttributeError):
        value.colour = "red"  # nor can new ones be added
    assert issubclass(FrozenInstanceError, AttributeError)


# --- equality, hashing, repr ----------------------------------------------------------------

def test_equality_and_hash_ignore_positions_and_extra():
    here = source(span=Span("a.yaml", 1, 1), spans={"document": Span("a.yaml", 1, 13)}, extra={"x-a": 1})
    there = source(span=Span("b.yaml", 9, 5))
    assert here == there and hash(here) == hash(there)
    assert here != source(section="2.2")
    assert len({here, there, source(section="2.2")}) == 2


def test_nodes_of_different_classes_are_never_equal():
    assert model.Gap(field="x", note=Text.of("n")) != model.Conflict(field="x", note=Text.of("n"))


def test_repr_shows_the_compared_fields_only():
    assert repr(Source(document="doc", span=Span("a.yaml", 1, 1))) == (
        "Source(document='doc', section=None, line=None, line_end=None, fact=None, quote=None, sheet=None, row=None, column=None)")
    assert repr(Span("a.yaml", 3, 4)) == "Span(file='a.yaml', line=3, col=4)"
    assert repr(Text.of("x", "en")) == "Text(values=(('en', 'x'),))"


def test_spans_sort_by_file_line_column_and_compare_by_value():
    spans = [Span("b.yaml", 1, 1), Span("a.yaml", 2, 1), Span("a.yaml", 1, 9), Span("a.yaml", 1, 2)]
    assert sorted(spans) == [Span("a.yaml", 1, 2), Span("a.yaml", 1, 9), Span("a.yaml", 2, 1), Span("b.yaml", 1, 1)]
    assert Span("a", 1, 1) == Span("a", 1, 1) and hash(Span("a", 1, 1)) == hash(Span("a", 1, 1))
    assert Span("a", 1, 1) != ("a", 1, 1)
    assert Span("a", 1, 1) <= Span("a", 1, 1) < Span("a", 1, 2) and Span("b", 0, 0) >= Span("a", 9, 9) > NOWHERE
    with pytest.raises(TypeError):
        assert Span("a", 1, 1) < ("a", 1, 2)
    assert str(Span("a.yaml", 3, 4)) == "a.yaml:3:4"
    match Span("a.yaml", 3, 4):
        case Span(file, line, col):
            assert (file, line, col) == ("a.yaml", 3, 4)


def test_texts_compare_by_their_values():
    assert Text.of("x") == Text((("", "x"),)) and hash(Text.of("x")) == hash(Text((("", "x"),)))
    assert Text.of("x", "de") != Text.of("x", "en")


# --- fields() and replace() -----------------------------------------------------------------

def test_fields_list_the_declarations_base_fields_first():
    declared = fields(Source)
    assert [f.name for f in declared] == ["span", "spans", "extra", "document", "section", "line", "line_end",
                                          "fact", "quote", "sheet", "row", "column"]
    assert fields(source()) == declared and all(isinstance(f, Field) for f in declared)
    document = declared[3]
    assert document.type == "str" and document.default is model.MISSING and document.compare
    assert document.metadata["required"] is True and document.metadata["ref"] == "document"
    assert document.metadata["doc"].startswith("Id of the document")
    span = declared[0]
    assert span.metadata["internal"] and not span.compare and span.default is NOWHERE
    assert declared[1].default_factory is dict
    with pytest.raises(TypeError):
        declared[3].metadata["ref"] = "other"  # type: ignore[index]


def test_fields_refuses_what_is_not_a_model_class():
    with pytest.raises(TypeError):
        fields(Span)
    with pytest.raises(TypeError):
        fields(object())


def test_replace_changes_some_fields_and_keeps_the_others():
    where = Span("a.yaml", 1, 1)
    old = source(span=where, quote="q")
    new = replace(old, section="3")
    assert new.section == "3" and new.quote == "q" and new.span is where and new.document == "doc"
    assert old.section == "2.1"
    with pytest.raises(TypeError, match="unexpected keyword argument 'page'"):
        replace(old, page=1)


def test_the_loader_reads_every_annotation_as_evaluating_it_would():
    """The loader reads field annotations from their text (evaluating them costs start-up time)."""
    from ropa.fields import _kind_of_text, kind_of

    classes = [value for value in vars(model).values() if isinstance(value, type) and issubclass(value, Node)]
    # every record class the registry format declares (the collections' item classes among them)
    assert set(model.COLLECTIONS.values()) <= set(classes) and len(classes) > len(model.COLLECTIONS)
    for cls in classes:
        for fld in fields(cls):
            if not fld.metadata.get("internal"):
                assert _kind_of_text(fld.type) == kind_of(eval(fld.type, vars(model))), (cls, fld.name)
    for unusual in ("Span", "list[str]", "str | int", "Literal[True]", 'Literal["a\\"b"]', "Literal[07]", "tuple[str]"):
        assert _kind_of_text(unusual) is None, unusual  # evaluated instead


# --- pickling and copying -------------------------------------------------------------------

def test_nodes_pickle_and_copy():
    node = model.Activity(id="crm", name=Text.of("CRM"), organisation="acme", purposes=(Text.of("Sales"),),
                          legal_bases=(LegalBasis(basis="art6-1-b"),), span=Span("a.yaml", 2, 5),
                          spans={"id": Span("a.yaml", 2, 9)}, extra={"x-owner": "it"})
    for other in (pickle.loads(pickle.dumps(node)), copy.copy(node), copy.deepcopy(node)):
        assert other == node and other.span == node.span and other.spans == node.spans
        assert other.extra == node.extra and other.legal_bases[0].basis == "art6-1-b"
    assert pickle.loads(pickle.dumps(Span("a", 1, 2))) == Span("a", 1, 2)
    assert copy.deepcopy(Text.of("x", "en")) == Text.of("x", "en")
    assert pickle.loads(pickle.dumps(model.MISSING)) is model.MISSING


# --- import cost ------------------------------------------------------------------------------

def test_importing_the_model_does_not_import_dataclasses():
    """The point of the hand-written records: no code generation when the model is imported."""
    probe = "import sys, ropa.model; print('dataclasses' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
