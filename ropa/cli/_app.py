"""The typer application every command module registers on, and its shared helpers.

Kept apart from ``ropa/cli/__init__.py`` so that a command module can register itself
without importing the others: ``ropa.cli.app`` (the package attribute) is this app with
every command; the ``ropa`` process imports only the command it runs (``ropa.cli.main``).
"""

from __future__ import annotations

import shutil

import typer

from ropa import __version__
from ropa.findings import ExitCode

EPILOG = (
    "Exit codes: 0 ok; 1 errors found (or warnings with --strict), or a check failed; "
    "2 bad usage or input that cannot be read."
)

app = typer.Typer(
    name="ropa",
    help="Keep the GDPR Art. 30 record of processing activities as a YAML registry in git: "
    "validate it, inspect it, and export the Art. 30 report.",
    epilog=EPILOG,
    rich_markup_mode=None,
    no_args_is_help=True,
    add_completion=True,
    # help in click's plain layout (no rich panels: no <type> column, text re-wrapped to the
    # terminal), at a width fixed when the program starts, so the same terminal always gets
    # the same help (typer's test runner would otherwise force 80 columns)
    context_settings={"help_option_names": ["-h", "--help"],
                      "terminal_width": max(min(shutil.get_terminal_size().columns, 80) - 2, 50)},
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"ropa {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", "-V", callback=_version, is_eager=True,
                                 help="Print the version and exit."),
) -> None:
    """Keep the GDPR Art. 30 record of processing activities as a YAML registry in git."""
    from ropa.inspect.texts import use_language

    use_language(None)  # until the command checks its --lang (one process may run several commands)


def finish(code: ExitCode | int) -> None:
    """End a command with its exit code."""
    raise typer.Exit(code=int(code))


def _plain_coercion() -> None:
    """Coerce simple parameters (text, numbers, flags, paths, choices, lists of them) without pydantic.

    typer 0.29 builds a pydantic ``TypeAdapter`` for every parameter a command receives
    (``typer.core._TyperParameter.get_runtime_param`` -> ``typer._adapters``): importing
    pydantic and its plugin loader (which scans every installed distribution's entry
    points) costs more than validating a whole registry. The conversions below follow
    ``typer._adapters`` for the annotations ropa's commands use and leave everything else
    (custom parsers, number ranges, dates without formats, files) to typer, whose adapter is
    then built only when such a parameter receives a value. If typer's internals change,
    nothing is patched and typer behaves as shipped.
    """
    try:
        from typer import _coercion, core
        from typer._click.exceptions import BadParameter
        from typer._param_types import coerce_cli_choice, coerce_cli_path, routes_to_path
    except ImportError:  # pragma: no cover - another typer version
        return
    build = getattr(core, "build_runtime_param", None)
    runtime_param = getattr(_coercion, "RuntimeParam", None)
    if build is None or runtime_param is None or getattr(build, "_ropa_plain", False):
        return

    import builtins  # explicit: these closures must not depend on a module's globals
    import datetime
    import enum
    import typing
    from pathlib import Path

    truthy = {"1", "on", "t", "true", "y", "yes"}
    falsy = {"0", "off", "f", "false", "n", "no"}

    def leaf(annotation: typing.Any, info: typing.Any) -> typing.Any:
        """A function (value, param, ctx) -> value for one plain annotation, or None."""
        if getattr(info, "parser", None) is not None:
            return None
        if annotation is str:
            return lambda value, param, ctx: (value.decode("utf-8", "replace")
                                              if isinstance(value, bytes) else str(value))
        if annotation is bool:
            def to_bool(value: typing.Any, param: typing.Any, ctx: typing.Any) -> bool:
                if isinstance(value, bool):
                    return value
                text = str(value).strip().lower()
                if text in truthy:
                    return True
                if text in falsy or text == "":
                    return False
                raise BadParameter("Input should be a valid boolean, unable to interpret input",
                                   ctx=ctx, param=param)
            return to_bool
        if annotation in (int, float):
            if any(getattr(info, name, None) is not None for name in ("min", "max")) or getattr(info, "clamp", None):
                return None

            def to_number(value: typing.Any, param: typing.Any, ctx: typing.Any) -> typing.Any:
                if isinstance(value, annotation) and not isinstance(value, bool):
                    return value
                try:
                    return annotation(str(value).strip())
                except ValueError:
                    kind = "integer" if annotation is int else "number"
                    raise BadParameter(f"Input should be a valid {kind}, unable to parse string as an "
                                       f"{kind}", ctx=ctx, param=param) from None
            return to_number
        if annotation is datetime.datetime and info.formats:
            def to_datetime(value: typing.Any, param: typing.Any, ctx: typing.Any) -> typing.Any:
                if isinstance(value, datetime.datetime):
                    return value
                for fmt in info.formats:
                    try:
                        return datetime.datetime.strptime(value, fmt)
                    except ValueError:
                        continue
                formats = ", ".join(map(repr, info.formats))
                raise BadParameter(f"Value error, {value!r} does not match the formats {formats}.",
                                   ctx=ctx, param=param)
            return to_datetime
        choices: typing.Any = None
        if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
            choices = builtins.list(annotation)
        elif typing.get_origin(annotation) is typing.Literal:
            choices = builtins.list(typing.get_args(annotation))
        if choices is not None:
            def to_choice(value: typing.Any, param: typing.Any, ctx: typing.Any) -> typing.Any:
                try:
                    return coerce_cli_choice(value, choices=choices, case_sensitive=info.case_sensitive, ctx=ctx)
                except ValueError as exc:
                    raise BadParameter(f"Value error, {exc}", ctx=ctx, param=param) from None
            return to_choice
        if isinstance(annotation, type) and issubclass(annotation, Path) and info.path_type is None \
                and routes_to_path(annotation, info):
            def to_path(value: typing.Any, param: typing.Any, ctx: typing.Any) -> typing.Any:
                if not isinstance(value, annotation):
                    value = annotation(value.decode() if isinstance(value, bytes) else value)
                return coerce_cli_path(value, info, path_type=annotation, param=param, ctx=ctx)
            return to_path
        return None

    class PlainRuntimeParam(runtime_param):  # type: ignore[misc, valid-type]
        # not a dataclass itself: generating its methods would cost more start-up time
        def __init__(self, descriptor: typing.Any, convert: typing.Any, many: bool) -> None:
            super().__init__(parameter_info=descriptor.parameter_info, annotation=descriptor.annotation)
            object.__setattr__(self, "descriptor", descriptor)
            object.__setattr__(self, "convert", convert)
            object.__setattr__(self, "many", many)

        def _coerce_value(self, value: typing.Any, param: typing.Any, ctx: typing.Any) -> typing.Any:
            if self.convert is None:  # typer's own coercion, built only when a value is given
                real = self.__dict__.get("_real")
                if real is None:
                    real = build(self.descriptor)
                    object.__setattr__(self, "_real", real)
                return real._coerce_value(value, param=param, ctx=ctx)
            if self.many:
                items = value if isinstance(value, (builtins.list, tuple)) else [value]
                return [self.convert(item, param, ctx) for item in items]
            return self.convert(value, param, ctx)

    def build_runtime_param(descriptor: typing.Any) -> typing.Any:
        annotation = descriptor.annotation
        info = descriptor.parameter_info
        convert = None
        many = False
        if descriptor.file_annotation is None:
            if typing.get_origin(annotation) is builtins.list and len(typing.get_args(annotation)) == 1:
                convert, many = leaf(typing.get_args(annotation)[0], info), True
            else:
                convert = leaf(annotation, info)
        return PlainRuntimeParam(descriptor, convert, many)

    build_runtime_param._ropa_plain = True  # type: ignore[attr-defined]
    core.build_runtime_param = build_runtime_param


_plain_coercion()
