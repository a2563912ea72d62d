"""What the terminal commands share: common options, loading, and rendering rows.

Only the command modules in ``ropa.cli`` import this module (it imports typer). Rows are
rendered with a rich ``Table`` only on a terminal; piped output is plain, aligned text
(a rich Table costs 0.6 ms a row, see PERF-NOTES) so scripts and ``grep`` see stable lines.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Annotated, Any, Iterable, Sequence

import typer

from ropa.findings import ExitCode

# --- options every command spells the same way ------------------------------------------------

RegistryOpt = Annotated[Path, typer.Option(
    "--registry", "-r", envvar="ROPA_REGISTRY", show_default=True,
    help="Registry directory (or any file inside it).")]
LangOpt = Annotated[str, typer.Option(
    "--lang", "-l", envvar="ROPA_LANG", show_default=True,
    help="Language of labels and free text: de or en.")]
FORMATS = ("text", "json", "csv")


def check_lang(lang: str) -> str:
    if lang not in ("de", "en"):
        fail(f"unknown language '{lang}': use de or en")
    return lang


def check_format(fmt: str, allowed: Sequence[str] = FORMATS) -> str:
    if fmt not in allowed:
        fail(f"unknown format '{fmt}': use one of {', '.join(allowed)}")
    return fmt


def fail(message: str, code: ExitCode = ExitCode.USAGE) -> None:
    """Print a one-line error on stderr and end the command."""
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code=int(code))


# --- loading -------------------------------------------------------------------------------

def load_or_exit(path: Path) -> Any:
    """Load the registry; a loader-fatal registry prints its findings and exits 2."""
    from ropa.load import load

    result = load(path)
    if result.fatal:
        for finding in result.findings:
            if finding.fatal:
                typer.echo(str(finding), err=True)
        raise typer.Exit(code=int(ExitCode.USAGE))
    return result


def check_or_exit(path: Path) -> Any:
    """Load and check the registry: the ``Report`` every inspect command reads."""
    from ropa.check import check

    return check(load_or_exit(path))


# --- completion ----------------------------------------------------------------------------

_ID_LINE = re.compile(r"^(\s*)(- )?id:\s*['\"]?([a-z0-9][a-z0-9._-]*)")
_TOP_KEY = re.compile(r"^([a-z_]+):")


def scan_ids(root: Path, collections: Iterable[str] = ("activities",)) -> list[str]:
    """Ids of the given top-level collections, found by scanning lines (no YAML parse).

    Completion runs on every <TAB>: reading lines is fast and never fails.
    """
    wanted = set(collections)
    ids: list[str] = []
    if not root.is_dir():
        root = root.parent
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith(".") or not name.endswith((".yaml", ".yml")):
                continue
            try:
                text = Path(dirpath, name).read_text(encoding="utf-8", errors="replace")
            except OSError:
                continue
            current = None
            item_indent: int | None = None
            for line in text.splitlines():
                top = _TOP_KEY.match(line)
                if top:
                    current, item_indent = top.group(1), None
                    continue
                if current not in wanted:
                    continue
                stripped = line.lstrip()
                if stripped.startswith("- ") and item_indent is None:
                    item_indent = len(line) - len(stripped)
                m = _ID_LINE.match(line)
                if m and item_indent is not None:
                    indent = len(m.group(1))
                    if (m.group(2) and indent == item_indent) or (not m.group(2) and indent == item_indent + 2):
                        ids.append(m.group(3))
    return ids


def _registry_of(ctx: typer.Context) -> Path:
    value = ctx.params.get("registry") if ctx is not None else None
    return Path(value) if value else Path(os.environ.get("ROPA_REGISTRY", "registry"))


def complete_activity(ctx: typer.Context, incomplete: str) -> list[str]:
    return [i for i in scan_ids(_registry_of(ctx)) if i.startswith(incomplete)]


def complete_target(ctx: typer.Context, incomplete: str) -> list[str]:
    ids = scan_ids(_registry_of(ctx), ("activities", "recipients"))
    return [i for i in ids if i.startswith(incomplete)]


def complete_recipient(ctx: typer.Context, incomplete: str) -> list[str]:
    return [i for i in scan_ids(_registry_of(ctx), ("recipients",)) if i.startswith(incomplete)]


# --- rendering -----------------------------------------------------------------------------

def console(**kwargs: Any) -> Any:
    from rich.console import Console

    force = os.environ.get("FORCE_TERMINAL", "")
    if force and "force_terminal" not in kwargs:  # tests (and users) can ask for rich output
        kwargs["force_terminal"] = force not in ("0", "false", "no")
    return Console(highlight=False, **kwargs)


def is_terminal() -> bool:
    """True when stdout is a terminal (or FORCE_TERMINAL is set): rich output."""
    return bool(console().is_terminal)


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(cell(v) for v in value)
    return str(value)


def plain_table(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """Aligned columns separated by two spaces; the last column is not padded."""
    table = [[cell(h) for h in headers]] + [[cell(v).replace("\n", " ") for v in row] for row in rows]
    widths = [max(len(r[i]) for r in table) for i in range(len(headers))]
    lines = []
    for row in table:
        parts = [v.ljust(widths[i]) if i < len(row) - 1 else v for i, v in enumerate(row)]
        lines.append("  ".join(parts).rstrip())
    return "\n".join(lines)


def print_table(headers: Sequence[str], rows: Sequence[Sequence[Any]], *, title: str | None = None,
                styles: Sequence[str | None] | None = None) -> None:
    """A rich Table on a terminal, plain aligned text otherwise.

    ``styles`` gives a rich style per row (e.g. ``"red"`` for a row needing attention).
    """
    out = console()
    if out.is_terminal:
        from rich.table import Table
        from rich.text import Text

        table = Table(title=title, title_justify="left", header_style="bold")
        for index, header in enumerate(headers):
            table.add_column(header, overflow="fold", no_wrap=index == 0)
        for index, row in enumerate(rows):
            style = styles[index] if styles else None
            table.add_row(*(Text(cell(v)) for v in row), style=style)
        out.print(table)
        return
    if title:
        typer.echo(title)
    typer.echo(plain_table(headers, rows))


def print_json(data: Any) -> None:
    import json

    typer.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))


def print_csv(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([cell(v) for v in row])
    typer.echo(buffer.getvalue(), nl=False)


def heading(text: str) -> None:
    out = console()
    if out.is_terminal:
        out.print(f"[bold]{escape(text)}[/bold]")
    else:
        typer.echo(text)


def escape(text: str) -> str:
    from rich.markup import escape as _escape

    return _escape(text)
