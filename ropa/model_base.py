"""The value mechanism of the typed model (``ropa.model``): ``Value``, ``Span``, ``Text``,
``Node`` and the field declarations (``Field``, ``f``, ``req``, ``fields``, ``replace``).

The model's classes (``ropa.model``) declare fields; this module is how a declaration becomes
an immutable value. Split from ``ropa.model`` so the mechanism and the registry's classes
can be read, and grown, apart; ``ropa.model`` re-exports every public name.

The classes are declared like dataclasses (annotations, defaults made with ``f()`` and
``req()``) but are not dataclasses: ``dataclasses`` generates and compiles an ``__init__``,
``__setattr__`` and ``__delattr__`` (and comparison methods) for every class, which cost
~30 ms at import, paid by every command. Here the class statement of a ``Node`` subclass
only collects its ``Field`` objects and turns them into ``__slots__`` (``_NodeType.__new__``);
the behaviour is written once, in ``Node``:

* ``__init__`` takes keyword arguments only; a missing required field or an unknown keyword
  raises ``TypeError`` as a dataclass does; defaults are used as they are (so they must be
  immutable: ``f()`` refuses lists and dicts) and a ``default_factory`` is called for each
  instance.
* Instances are immutable: assigning or deleting an attribute raises ``FrozenInstanceError``
  (an ``AttributeError``). Build a changed copy with ``replace(node, name=value)``.
* ``==``, ``hash()`` and ``repr()`` use the fields with ``compare=True``: positions
  (``span``, ``spans``) and ``extra`` are ignored.
* ``fields(cls_or_node)`` lists the ``Field`` objects (``name``, ``type`` as written,
  ``default``, ``default_factory``, ``compare``, ``metadata``), base class fields first.
* Pickling and ``copy`` work (``__getstate__``/``__setstate__``).

``Span`` and ``Text`` are small hand-written classes with the same immutability.
"""

from __future__ import annotations

import operator as _operator
import types as _types
from typing import Any, ClassVar, Self
from collections.abc import Callable, Mapping

__all__ = ["Span", "Text", "Node", "Field", "fields", "replace", "FrozenInstanceError", "MISSING", "Value",
           "NOWHERE", "field", "f", "req"]

_set = object.__setattr__


class FrozenInstanceError(AttributeError):
    """Raised on an attempt to change or delete an attribute of a model object."""


class _Missing:
    """The type of ``MISSING``: "no default" (a required field, or one with a factory)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "MISSING"

    def __reduce__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


class _Frozen:
    """Immutability shared by every model class: attributes are set once, in ``__init__``."""

    __slots__ = ()

    def __setattr__(self, name: str, value: Any) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")


class Value(_Frozen):
    """Base of the immutable value classes with positional fields, the one value mechanism:
    ``Span`` and ``Text`` here, findings (``ropa.findings``), rules, the checker's context and
    report, the loaded registry, the loader's results and field specs, vocabulary terms, the
    Art. 30 columns, export outputs, snapshots and documents, the rows of ``ropa.inspect``, the
    results of ``ropa.edit`` and the importer's plan. Mutable state (a view filling its cache,
    an open workbook) is a plain class instead, never a second value mechanism.

    A subclass lists its fields in ``__slots__`` and sets them in its own ``__init__`` (with
    ``object.__setattr__``); this base makes instances immutable and compares, hashes and
    prints them by those fields, and gives them ``__match_args__``, as a frozen dataclass
    does. Defining a dataclass costs about 1.5 ms at import (it compiles its generated
    methods); a class like this costs nothing measurable, and every command imports these
    modules.
    """

    __slots__: tuple[str, ...] = ()

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        # setattr: mypy takes __match_args__ for a class constant, but it is set per subclass here
        setattr(cls, "__match_args__", cls.__slots__)  # noqa: B010

    def _values(self) -> tuple:
        return tuple([getattr(self, name) for name in self.__slots__])

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"{self.__class__.__qualname__}({fields})"

    def __reduce__(self) -> tuple:
        return self.__class__, self._values()

    def _replace(self, **changes: object) -> Self:
        """A copy with some fields changed."""
        values: dict[str, object] = {name: getattr(self, name) for name in self.__slots__}
        values.update(changes)
        return self.__class__(**values)


class Span(Value):
    """A position in a registry file: 1-based line and column. Ordered by (file, line, col)."""

    __slots__ = ("file", "line", "col")

    file: str
    line: int
    col: int

    def __init__(self, file: str, line: int, col: int) -> None:
        _set(self, "file", file)
        _set(self, "line", line)
        _set(self, "col", col)

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"

    @staticmethod
    def _ordered(op: Callable[[tuple, tuple], bool]) -> Callable[[Span, object], bool]:
        def compare(self: Span, other: object) -> bool:
            if other.__class__ is not self.__class__:
                return NotImplemented
            return op((self.file, self.line, self.col), (other.file, other.line, other.col))
        return compare

    __lt__ = _ordered(_operator.lt)
    __le__ = _ordered(_operator.le)
    __gt__ = _ordered(_operator.gt)
    __ge__ = _ordered(_operator.ge)
    del _ordered


NOWHERE = Span("", 0, 0)


class Text(Value):
    """Free text: a plain string, or one text per language (``{de: ..., en: ...}``)."""

    __slots__ = ("values",)

    values: tuple[tuple[str, str], ...]

    def __init__(self, values: tuple[tuple[str, str], ...]) -> None:
        _set(self, "values", values)

    @classmethod
    def of(cls, text: str, lang: str = "") -> Text:
        return cls(((lang, text),))

    def get(self, lang: str | None = None) -> str:
        """The text in ``lang``, else the untagged text, else the first one."""
        if lang:
            for key, value in self.values:
                if key == lang:
                    return value
        for key, value in self.values:
            if key == "":
                return value
        return self.values[0][1] if self.values else ""

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(k for k, _ in self.values if k)

    def __str__(self) -> str:
        return self.get()

    def to_plain(self) -> str | dict[str, str]:
        if len(self.values) == 1 and self.values[0][0] == "":
            return self.values[0][1]
        return dict(self.values)


# --- records ------------------------------------------------------------------------------

class Field:
    """A declared field of a record class: what ``fields()`` returns.

    The attribute names follow ``dataclasses.Field`` so code reading fields looks the same.
    ``type`` is the annotation as written (a string: the module uses postponed annotations).
    """

    __slots__ = ("name", "type", "default", "default_factory", "compare", "metadata")

    def __init__(self, default: Any = MISSING, default_factory: Callable[[], Any] | Any = MISSING,
                 compare: bool = True, metadata: Mapping[str, Any] | None = None) -> None:
        if default is not MISSING and default_factory is not MISSING:
            raise ValueError("cannot specify both default and default_factory")
        self.name = ""
        self.type: Any = None
        self.default = default
        self.default_factory = default_factory
        self.compare = compare
        self.metadata: Mapping[str, Any] = _types.MappingProxyType(dict(metadata or {}))

    def __repr__(self) -> str:
        return (f"Field(name={self.name!r}, type={self.type!r}, default={self.default!r}, "
                f"default_factory={self.default_factory!r}, compare={self.compare!r}, "
                f"metadata={dict(self.metadata)!r})")


def field(*, default: Any = MISSING, default_factory: Callable[[], Any] | Any = MISSING,
          compare: bool = True, metadata: Mapping[str, Any] | None = None) -> Any:
    """A field with explicit options (``f()`` and ``req()`` cover the model's own fields)."""
    return Field(default, default_factory, compare, metadata)


def f(doc: str, default: Any = None, **meta: Any) -> Any:
    """A model field with its documentation and loader/schema metadata."""
    meta["doc"] = doc
    if isinstance(default, (list, dict, set)):
        raise TypeError("use a tuple default")
    return Field(default=default, metadata=meta)


def req(doc: str, **meta: Any) -> Any:
    """A required model field."""
    meta["doc"] = doc
    meta["required"] = True
    return Field(metadata=meta)


class _NodeType(type):
    """Metaclass of ``Node``: turns a class body's annotated attributes into slotted fields.

    Runs once per class at import, and only collects: no code is generated or compiled
    (that is what made ``dataclasses`` slow to import). The results are stored on the class:
    ``__record_fields__`` (every ``Field``, base classes' first), ``_init_table`` (what
    ``Node.__init__`` walks: name, default, slot setter) and ``_compared`` (the names
    ``==``, ``hash()`` and ``repr()`` use).
    """

    __record_fields__: tuple[Field, ...]
    _init_table: tuple[tuple[str, Any, Callable[[Any, Any], None]], ...]
    _compared: tuple[str, ...]

    def __new__(mcls, name: str, bases: tuple[type, ...], namespace: dict[str, Any], **kwargs: Any) -> Any:
        annotations = namespace.get("__annotations__", {})
        inherited: tuple[Field, ...] = ()
        for base in bases:
            inherited += getattr(base, "__record_fields__", ())
        taken = {fld.name for fld in inherited}
        own: list[Field] = []
        for attr, annotation in annotations.items():
            if isinstance(annotation, str) and annotation.startswith(("ClassVar", "typing.ClassVar")):
                continue
            if attr in taken:
                raise TypeError(f"{name}: field {attr!r} is already declared by a base class")
            value = namespace.pop(attr, MISSING)
            fld = value if isinstance(value, Field) else Field(default=value)
            if isinstance(fld.default, (list, dict, set)):
                raise TypeError(f"{name}.{attr}: mutable default {type(fld.default).__name__}; "
                                "use a tuple default or a default_factory")
            fld.name = attr
            fld.type = annotation
            own.append(fld)
        for attr, value in namespace.items():
            if isinstance(value, Field):
                raise TypeError(f"{name}.{attr} is a field but has no type annotation")
        namespace["__slots__"] = tuple(fld.name for fld in own)
        cls = super().__new__(mcls, name, bases, namespace, **kwargs)
        every = inherited + tuple(own)
        cls.__record_fields__ = every
        cls._init_table = tuple(
            (fld.name, fld.default, getattr(cls, fld.name).__set__) for fld in every)
        cls._compared = tuple(fld.name for fld in every if fld.compare)
        return cls


def _missing(cls: type[Node], values: dict[str, Any], name: str) -> Any:
    """The value of a field ``__init__`` was not given: its factory's, or a ``TypeError``.

    ``values`` holds the keywords not consumed yet: those of the fields after ``name``.
    """
    every = cls.__record_fields__
    position = next(i for i, fld in enumerate(every) if fld.name == name)
    if every[position].default_factory is not MISSING:
        return every[position].default_factory()
    # the required fields before this one were given, or the first of them would be here
    absent = [repr(name)] + [repr(fld.name) for fld in every[position + 1:]
                             if fld.default is MISSING and fld.default_factory is MISSING
                             and fld.name not in values]
    listed = absent[0] if len(absent) == 1 else (
        " and ".join(absent) if len(absent) == 2 else ", ".join(absent[:-1]) + ", and " + absent[-1])
    raise TypeError(f"{cls.__qualname__}.__init__() missing {len(absent)} required keyword-only "
                    f"argument{'s' if len(absent) > 1 else ''}: {listed}")


def fields(class_or_node: Any) -> tuple[Field, ...]:
    """The fields of a model class or node, in declaration order (``Node``'s own first)."""
    try:
        return class_or_node.__record_fields__
    except AttributeError:
        raise TypeError("fields() takes a model class or node") from None


def construct(cls: Any, values: dict[str, Any]) -> Any:
    """``cls(**values)`` for a model class, without copying ``values`` into keywords (the loader's
    builder makes some 160,000 nodes for 10,000 activities; a tenth of its time went to the
    keyword copy): each field is set from ``values`` or its default, as ``Node.__init__`` does.
    ``values`` holds fields only and is not changed. A field without a value and without a plain
    default (a required one, or one with a default factory) goes through ``cls(**values)``,
    which makes the default or raises as ``__init__`` does."""
    node = object.__new__(cls)
    get = values.get
    for name, default, setter in cls._init_table:
        value = get(name, default)
        if value is MISSING:
            return cls(**values)
        setter(node, value)
    return node


def replace(node: Any, /, **changes: Any) -> Any:
    """A copy of ``node`` with some fields changed (``spans`` and ``extra`` are shared, not copied)."""
    values = {name: getattr(node, name) for name, _, _ in node._init_table}
    values.update(changes)
    return node.__class__(**values)


class Node(_Frozen, metaclass=_NodeType):
    """Base of every model node: where it came from."""

    span: Span = field(default=NOWHERE, compare=False, metadata={"internal": True})
    spans: Mapping[str, Span] = field(default_factory=dict, compare=False, metadata={"internal": True})
    extra: Mapping[str, Any] = field(default_factory=dict, compare=False, metadata={"internal": True})

    # set on each class by ``_NodeType`` (class variables: not fields)
    _init_table: ClassVar[tuple[tuple[str, Any, Callable[[Any, Any], None]], ...]]
    _compared: ClassVar[tuple[str, ...]]

    def __init__(self, /, **values: Any) -> None:
        # The one __init__ of every record: set each slot from its keyword or its default.
        # `values` is this call's own dict, so popping from it is safe; what is left over was
        # not a field.
        pop = values.pop
        for name, default, setter in self._init_table:
            value = pop(name, default)
            if value is MISSING:
                value = _missing(self.__class__, values, name)
            setter(self, value)
        if values:
            raise TypeError(f"{self.__class__.__qualname__}.__init__() got an unexpected keyword "
                            f"argument {next(iter(values))!r}")

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in self._compared)

    def __hash__(self) -> int:
        return hash((self.__class__, *(getattr(self, name) for name in self._compared)))

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._compared)
        return f"{self.__class__.__name__}({shown})"

    def __getstate__(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name, _, _ in self._init_table)

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        for (_, _, setter), value in zip(self._init_table, state, strict=True):
            setter(self, value)

    def at(self, name: str, index: int | None = None) -> Span:
        """Position of a field's value (or one item of a list field); falls back to the node."""
        if index is not None:
            span = self.spans.get(f"{name}.{index}")
            if span is not None:
                return span
        return self.spans.get(name, self.span)
