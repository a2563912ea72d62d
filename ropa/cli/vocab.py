"""`ropa vocab TOPIC`: the codes of a vocabulary with their meaning in German and English."""

from __future__ import annotations

from typing import Annotated

import typer

from ropa.cli._app import app
from ropa.findings import ExitCode
from ropa.cli._texts import language
from ropa.cli._terminal import FormatOpt, LangOpt


@app.command(short_help="The codes a registry uses, in German and English.")
def vocab(
    topic: Annotated[str | None, typer.Argument(metavar="[TOPIC]", hidden=True)] = None,
    fmt: FormatOpt = "text",
    lang: LangOpt = None,
) -> ExitCode:
    """List the codes a registry uses, with their meaning in German and English.

    TOPIC is legal-bases, mechanisms, countries, eea or adequacy; without it, the topics.

    Example: ropa vocab legal-bases
    """
    from ropa.cli._terminal import check_choice, check_format, check_lang, print_csv, print_json, print_table
    from ropa.labels import HEADERS, headers
    from ropa.inspect.vocabulary import TOPICS

    lang = language(check_lang(lang))
    check_format(fmt, lang=lang)
    if topic is None:
        for name in TOPICS:
            typer.echo(name)
        return ExitCode.OK
    check_choice("TOPIC", topic, TOPICS, lang=lang)
    build, table = TOPICS[topic]
    rows = build(lang)
    if fmt == "json":
        keys = list(HEADERS[table])
        print_json([dict(zip(keys, row, strict=True)) for row in rows])
    elif fmt == "csv":
        print_csv(headers(table, "en"), rows)
    else:
        print_table(headers(table, lang), rows)
    return ExitCode.OK
