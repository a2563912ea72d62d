"""What the terminal commands share: common options, loading, and rendering rows.

Only the command modules in ``ropa.cli`` import this module (it imports typer). Rows are
rendered with a rich ``Table`` only on a terminal; piped output is plain, aligned text
(a rich Table costs 0.6 ms a row, see PERF-NOTES) so scripts and ``grep`` see stable lines.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Annotated, Any
from collections.abc import Iterable, Sequence

import typer

from ropa.findings import ExitCode
from ropa.cli._texts import say
from ropa.cli._usage import (  # noqa: F401  (the commands import them from here)
    check_choice, check_exclusive, fail, registry_path, suggestion)

# --- options every command spells the same way ------------------------------------------------
#
# Short options mean the same in every command (README, "Short options"; a test walks every
# command): -r registry, -l language, -f format, -o organisation, -b legal basis, -c country,
# -s status, -t text, -i interactive, -h help, -V version.

RegistryOpt = Annotated[Path | None, typer.Option(
    "--registry", "-r", metavar="PATH", show_default=False,
    help="Registry directory (or any file inside it). Default: $ROPA_REGISTRY, or found like git finds "
         "a repository.")]
RegistryArg = Annotated[Path | None, typer.Argument(
    metavar="REGISTRY", show_default=False, hidden=True)]
LangOpt = Annotated[str | None, typer.Option(
    "--lang", "-l", envvar="ROPA_LANG", metavar="de|en", show_default=False,
    help="Language of ropa's texts: de or en. Default: $ROPA_LANG, else the registry's first language, "
         "else en.")]
OrgOpt = Annotated[str | None, typer.Option(
    "--organisation", "-o", metavar="ORG", help="Only this organisation (id).")]
FORMATS = ("text", "json", "csv")


def format_opt(allowed: Sequence[str] = FORMATS) -> Any:
    return Annotated[str, typer.Option("--format", "-f", metavar="|".join(allowed),
                                       help="Output format: " + ", ".join(allowed) + ".")]


FormatOpt = format_opt()
TextOrJsonOpt = format_opt(("text", "json"))


def check_lang(lang: str | None) -> str | None:
    """The --lang given (or $ROPA_LANG), checked, as it was given; None when neither is: the
    registry's first language decides once it is loaded (``ropa.cli._texts.language(lang,
    registry)``), else English. Usage errors before then pass it to ``fail`` as it is."""
    if lang is not None and lang not in ("de", "en"):
        fail(say("bad-language", None, value=lang))
    return lang


def check_format(fmt: str, allowed: Sequence[str] = FORMATS, lang: str | None = None) -> str:
    if fmt not in allowed:
        fail(say("bad-format", lang, value=fmt, allowed=", ".join(allowed)), lang=lang)
    return fmt


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


def scan_ids(root: Path | None, collections: Iterable[str] = ("activities",)) -> list[str]:
    """Ids of the given top-level collections, found by scanning lines (no YAML parse).

    Completion runs on every <TAB>: reading lines is fast and never fails. Only a registry is
    read (``root``, or the registry a file lies in; nothing for None or a directory in no
    registry), its files as the loader finds and reads them (``registry_files``, ``read_text``):
    a named pipe, a device or a link to one is skipped, never waited on or read without end.
    """
    from ropa.locate import marked_root, registry_files
    from ropa.yaml_nodes import read_text

    if root is None:
        return []
    wanted = set(collections)
    ids: list[str] = []
    try:
        is_dir = root.is_dir()
        found = marked_root(root.resolve() if is_dir else root.resolve().parent)
    except OSError:  # a path the system refuses (too long, a loop of links)
        return []
    if found is None:
        return []
    files, _problems = registry_files(root if is_dir else found, "")
    for path, _shown in files:
        text, _problems = read_text(path, "")
        if text is not None:
            ids += _ids_in(text, wanted)
    return ids


def _ids_in(text: str, wanted: set[str]) -> list[str]:
    """The ids of the items of the ``wanted`` top-level lists in one file's lines."""
    ids: list[str] = []
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
        if m and item_indent is not None and len(m.group(1)) == item_indent + (0 if m.group(2) else 2):
            ids.append(m.group(3))
    return ids


def _registry_of(ctx: typer.Context) -> Path | None:
    """The registry to complete from; None when there is none (nothing is offered)."""
    from ropa.locate import find_registry

    value = None
    if ctx is not None:
        value = ctx.params.get("registry") or ctx.params.get("registry_arg")
    value = value or os.environ.get("ROPA_REGISTRY")
    try:
        return find_registry(Path(value) if value else None, Path.cwd())
    except OSError:  # a path the system refuses
        return None


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
    """A table cell's text: registry text made safe to print (``ropa.report.text.printable``:
    its newlines and control characters shown as visible escapes)."""
    from ropa.report.text import printable

    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(cell(v) for v in value)
    return printable(str(value))


def plain_table(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """Aligned columns separated by two spaces; the last column is not padded."""
    table = [[cell(h) for h in headers]] + [[cell(v) for v in row] for row in rows]
    widths = [max(len(r[i]) for r in table) for i in range(len(headers))]
    lines = []
    for row in table:
        parts = [v.ljust(widths[i]) if i < len(row) - 1 else v for i, v in enumerate(row)]
        lines.append("  ".join(parts).rstrip())
    return "\n".join(lines)


def print_table(headers: Sequence[str], rows: Sequence[Sequence[Any]], *, title: str | None = None,
                styles: Sequence[str | None] | None = None) -> None:
    """A rich Table on a terminal, plain aligned text otherwise.

    On a terminal, text wraps inside cells at word boundaries; when even the longest word of
    each column does not fit the width side by side, each row is shown as a block of
    "label: value" lines instead (stacked), so no word is ever cut. ``styles`` gives a rich
    style per row (e.g. ``"red"`` for a row needing attention).
    """
    out = console()
    if not out.is_terminal:
        if title:
            typer.echo(title)
        typer.echo(plain_table(headers, rows))
        return
    from rich.table import Table
    from rich.text import Text

    texts = [[cell(v) for v in row] for row in rows]
    widths = column_widths(headers, texts, out.width)
    if widths is None:
        print_stacked(out, headers, texts, title=title, styles=styles)
        return
    table = Table(title=title, title_justify="left", header_style="bold")
    for index, header in enumerate(headers):
        table.add_column(header, overflow="fold", no_wrap=index == 0, width=widths[index])
    for index, row in enumerate(texts):
        style = styles[index] if styles else None
        table.add_row(*(Text(v) for v in row), style=style)
    out.print(table)


def longest_word(text: str) -> int:
    return max((len(word) for word in text.split()), default=0)


def column_widths(headers: Sequence[str], rows: Sequence[Sequence[str]], width: int) -> list[int] | None:
    """Content widths for a bordered table of ``width`` columns in which no word is cut; None if none.

    Each column gets at least its longest word (the first column, the id, its longest value);
    while the table is too wide, the column that has the most room above that minimum gives
    up one character, so short columns stay whole and long texts wrap. Borders and padding
    take three characters a column and one more.
    """
    lows, highs = _bounds(headers, rows)
    room = width - 1 - 3 * len(headers)
    if sum(lows) > room:
        return None
    if sum(highs) <= room:
        return highs
    widths = list(highs)
    for _ in range(sum(highs) - room):
        slack = [w - lo for w, lo in zip(widths, lows, strict=True)]
        widths[slack.index(max(slack))] -= 1
    return widths


def _bounds(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> tuple[list[int], list[int]]:
    """Per column, the narrowest width that cuts no word (the first column: its longest value)
    and the width of its longest line."""
    lows, highs = [], []
    for index, header in enumerate(headers):
        values = [row[index] for row in rows]
        high = max([len(header), *(max((len(line) for line in v.splitlines()), default=0) for v in values)])
        low = high if index == 0 else max([longest_word(header), *(longest_word(v) for v in values)])
        lows.append(low)
        highs.append(high)
    return lows, highs


def print_stacked(out: Any, headers: Sequence[str], rows: Sequence[Sequence[str]], *, title: str | None,
                  styles: Sequence[str | None] | None) -> None:
    """Each row as its first cell in bold, then one indented "label: value" line per other cell."""
    from rich.table import Table
    from rich.text import Text

    if title:
        out.print(Text(title, style="bold"))
    for index, row in enumerate(rows):
        style = (styles[index] if styles else None) or ""
        out.print(Text(row[0], style=f"bold {style}".strip()))
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="dim", no_wrap=True)
        grid.add_column(overflow="fold")
        for header, value in zip(headers[1:], row[1:], strict=False):
            grid.add_row(Text(f"  {header}"), Text(value, style=style))
        out.print(grid)


def print_json(data: Any) -> None:
    import json

    from ropa.report.text import json_printable

    typer.echo(json_printable(json.dumps(data, indent=2, ensure_ascii=False, default=str)))


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
    from ropa.report.text import printable

    text = printable(text)
    out = console()
    if out.is_terminal:
        out.print(f"[bold]{escape(text)}[/bold]")
    else:
        typer.echo(text)


def escape(text: str) -> str:
    from rich.markup import escape as _escape

    return _escape(text)


# --- filters that never fail silently --------------------------------------------------------

STATUSES = ("active", "planned", "retired")


def check_filters(registry: Any, *, organisation: str | None = None, recipient: str | None = None,
                  basis: str | None = None, country: str | None = None, category: str | None = None,
                  subject: str | None = None, status: str | None = None, lang: str | None = None) -> None:
    """Every filter value given must name something that exists; otherwise a usage error (exit 2)
    in ``lang``."""
    from ropa import vocab

    check_choice("--organisation", organisation, registry.organisations, lang=lang)
    check_choice("--recipient", recipient, registry.recipients, lang=lang)
    check_choice("--basis", basis, vocab.legal_bases(), vocab_topic="legal-bases", prefix=True, lang=lang)
    if country is not None and not vocab.is_country(country.upper()):
        fail(say("unknown-value", lang, option="--country", value=country,
                 hint=say("see-vocab", lang, topic="countries")), lang=lang)
    check_choice("--category", category, registry.data_categories, lang=lang)
    check_choice("--subject", subject, registry.data_subjects, lang=lang)
    check_choice("--status", status, STATUSES, lang=lang)


def print_lines(lines: Iterable[tuple[str, str | None]]) -> None:
    """Print (text, rich style) lines: styled and wrapped at word boundaries on a terminal, plain otherwise.

    Each text is one line, made safe to print (``ropa.report.text.printable``): a newline in
    it (from registry text) is shown as ``\\n``, never started.
    """
    from ropa.report.text import printable

    out = console()
    for text, style in ((printable(t), s) for t, s in lines):
        if not out.is_terminal:
            typer.echo(text)
        elif style:
            out.print(f"[{style}]{escape(text)}[/{style}]")
        else:
            out.print(escape(text))


def show_findings(findings: Any, lang: str) -> None:
    """What `ropa validate` says about the new entry, one line each, under the "added" line."""
    from ropa import labels

    for finding in findings:
        typer.echo(f"  {labels.label(labels.SEVERITIES, finding.severity.value, lang)}: {finding.code} "
                   f"{finding.text(lang)}")
