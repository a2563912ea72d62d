"""Keep ropa's message catalogue (``ropa/locale/de/LC_MESSAGES/ropa.po`` and ``.mo``) in step
with the marked texts of the source, with Babel (a development and test dependency only:
ropa reads the compiled ``.mo`` with the standard library's ``gettext`` at run time).

    python tools/catalogue.py update    # extract the marked texts, merge them into ropa.po
    python tools/catalogue.py compile   # ropa.po -> ropa.mo (commit both)
    python tools/catalogue.py check     # exit 1 if a text lacks German or ropa.mo is stale

``update`` keeps every German text whose English is unchanged, adds new messages with an
empty translation (to be written by a person: never machine-translated) and drops messages
no longer in the source. The markers are those of ``ropa/i18n.py``.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "ropa"
PO = PACKAGE / "locale" / "de" / "LC_MESSAGES" / "ropa.po"
MO = PO.with_suffix(".mo")
KEYWORDS = {"_": None, "_n": (1, 2), "_p": ((1, "c"), 2), "N_": None, "msg": None, "msg_n": (1, 2)}


def extract() -> Catalog:
    """The marked texts of the source, as a template catalogue."""
    template = Catalog(domain="ropa", fuzzy=False)
    for _file, _line, message, _comments, context in extract_from_dir(
            str(PACKAGE), method_map=[("**.py", "python")], keywords=KEYWORDS, comment_tags=(),
            strip_comment_tags=True):
        template.add(message, context=context)
    for context, message in rule_texts() + help_texts():
        template.add(message, context=context)
    return template


def rule_texts() -> list[tuple[str, str]]:
    """The rules' summaries (context ``CODE``) and documentation (``CODE doc``), and the loader
    problems' descriptions (``CODE``): read from the rule catalogue, as ``ropa explain`` does."""
    sys.path.insert(0, str(ROOT))
    from ropa.problems import PROBLEMS
    from ropa.rules import catalogue

    from ropa.i18n import FIELD_CONTEXT, FIELDS

    out = [(code, description) for code, (_n, _s, _f, description) in sorted(PROBLEMS.items())]
    out += [(FIELD_CONTEXT, key) for key in FIELDS]
    for rule in catalogue():
        out.append((rule.code, rule.summary))
        out.append((f"{rule.code} doc", rule.doc.strip()))
    return out


def help_texts() -> list[tuple[str, str]]:
    """What ``ropa --help`` and every command's help show (context ``help``): the texts of
    the built command tree that ``ropa.cli._help`` translates, and typer's own words and
    usage errors in ropa's use."""
    sys.path.insert(0, str(ROOT))
    import typer.main

    from ropa.cli import app
    from ropa.cli._help import CONTEXT, ERRORS, LABELS, NOTES, documented

    root = typer.main.get_command(app)
    out = [(CONTEXT, text) for text in (*LABELS, *NOTES, *ERRORS)]
    for command in (root, *root.commands.values()):
        out += [(CONTEXT, getattr(obj, attr)) for obj, attr in documented(command)]
    return out


def read() -> Catalog:
    with PO.open("rb") as f:
        return read_po(f, locale="de", domain="ropa")


def update() -> list:
    """Merge the source's texts into ropa.po; the messages still without German."""
    template = extract()
    old = read() if PO.exists() else Catalog(locale="de", domain="ropa")
    new = Catalog(locale="de", domain="ropa", project="ropa", copyright_holder="ropa maintainers",
                  language_team="ropa maintainers", fuzzy=False,
                  header_comment="# German texts of ropa's message catalogue: see ropa/i18n.py and docs/i18n.md.",
                  creation_date=old.creation_date, revision_date=old.revision_date)
    for message in template:
        if not message.id:
            continue
        previous = old.get(message.id, context=message.context)
        string = previous.string if previous is not None else ("", "") if isinstance(message.id, tuple) else ""
        new.add(message.id, string, context=message.context)
    with PO.open("wb") as f:
        write_po(f, new, no_location=True, sort_output=True, width=100, omit_header=False)
    return untranslated(new)


def untranslated(catalog: Catalog, *, docs: bool = False) -> list:
    """Messages without German; rule documentation (context ``CODE doc``) only with ``docs``:
    ``ropa explain --lang de`` shows a documentation not yet translated in English, marked."""
    return [m.id for m in catalog if m.id and (docs or not (m.context or "").endswith(" doc"))
            and not (all(m.string) if isinstance(m.string, tuple) else m.string)]


def compiled(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


def compile_mo() -> None:
    MO.write_bytes(compiled(read()))


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "check"
    if command == "update":
        missing = update()
        for message in missing:
            print(f"no German yet: {message!r}")
        return 0
    if command == "compile":
        compile_mo()
        return 0
    if command == "check":
        catalog = read()
        problems = [f"no German: {m!r}" for m in untranslated(catalog)]
        if not MO.exists() or MO.read_bytes() != compiled(catalog):
            problems.append(f"{MO.relative_to(ROOT)} is not ropa.po compiled: run `python tools/catalogue.py compile`")
        print("\n".join(problems) or "catalogue complete and compiled")
        return 1 if problems else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
