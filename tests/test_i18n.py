"""One message catalogue, both languages: complete, compiled, and no language leaks into the other.

* the catalogue (``ropa/locale/de/LC_MESSAGES/ropa.po``) has German for every message, the
  same placeholders in both languages, and the committed ``ropa.mo`` is that ``.po`` compiled;
* every command's output and every export, rendered in German for FACTS42 and for a fully
  bilingual registry, contains no word that only ropa's English texts use (registry text in
  English is allowed where it is marked ``[en]``); the same the other way round;
* without ``--lang`` and ``$ROPA_LANG`` the registry's first language is the default.
"""

from __future__ import annotations

import functools
import html
import io
import re
import string
import sys
import zipfile
from collections.abc import Mapping
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ropa.cli import app

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tools import catalogue as tool  # noqa: E402

runner = CliRunner()
FACTS42 = ROOT / "registry"
BILINGUAL = ROOT / "tests" / "fixtures" / "sample"  # every text in German and English


# --- the catalogue --------------------------------------------------------------------------------

def _fields(text: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name is not None}


def test_every_message_has_german_with_the_same_placeholders():
    catalog = tool.read()
    assert tool.untranslated(catalog) == []
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set().union(*(_fields(i) for i in ids))
        for german in strings:
            if german:
                assert _fields(german) == wanted, (message.id, german)


def test_the_catalogue_holds_every_marked_text_of_the_source():
    catalog = tool.read()
    missing = [(m.context, m.id) for m in tool.extract() if m.id and catalog.get(m.id, context=m.context) is None]
    assert missing == [], "run `python tools/catalogue.py update` and write the German"


def test_the_committed_mo_is_the_po_compiled():
    assert tool.MO.read_bytes() == tool.compiled(tool.read()), "run `python tools/catalogue.py compile`"


GERMAN_HEADINGS = ("## Was sie prüft", "## Warum ist das ein Problem?", "## Beispiel", "## Stattdessen",
                   "## Fundstellen")


def _codes() -> list[str]:
    from ropa.rules import catalogue

    return [rule.code for rule in catalogue()]


@pytest.mark.parametrize("code", _codes())
def test_the_rule_documentation_is_german(code):
    """Every rule's documentation exists in German (a new rule needs it too)."""
    from ropa.cli._texts import say
    from ropa.rules import by_code

    out = runner.invoke(app, ["explain", code, "--lang", "de"]).stdout
    header, summary, body = out.split("\n\n", 2)
    assert summary == by_code()[code].summary_in("de")
    assert [line for line in body.splitlines() if line.startswith("## ")] == list(GERMAN_HEADINGS)
    assert "What it does" not in out and "GDPR" not in out and say("doc-english-only", "de") not in out


def _german_docs() -> list:
    from ropa.rules import catalogue

    return [(rule, rule.doc_in("de")) for rule in catalogue() if rule.doc_in("de") is not None]


_FENCED = re.compile(r"^```.*?^```$", re.S | re.M)
# English legal citation style: "Art. 30(1)(a)", "(1)(a)", "GDPR", "recital 111", "CJEU" ...
_ENGLISH_CITATION = re.compile(r"\d\([0-9a-z]+\)|\)\([0-9a-z]+\)|\b(?:GDPR|CJEU|EDPB|[Rr]ecital|subparagraph|"
                               r"sentences?|Directive|Decision|Regulation|Guidelines|Recommendations)\b")


def test_the_german_documentation_keeps_the_examples_and_cites_in_german():
    docs = _german_docs()
    assert {rule.code for rule, _ in docs} == set(_codes())
    for rule, german in docs:
        # the examples are the rule's tests: the German shows the same YAML, byte for byte
        assert _FENCED.findall(german) == _FENCED.findall(rule.doc.strip()), f"{rule.code}: examples changed"
        assert len(_FENCED.findall(german)) == 2, rule.code
        assert german.startswith(rule.summary_in("de") + "\n\n## Was sie prüft\n"), rule.code
        prose = _FENCED.sub(" ", german)
        assert _ENGLISH_CITATION.findall(prose) == [], rule.code
        references = german.partition("## Fundstellen\n")[2]
        assert references.startswith("- "), rule.code


def test_the_german_documentation_has_no_english_of_ropas_own():
    leaks = {}
    for rule, german in _german_docs():
        # the examples, code (`purpose_fillers`) and what the documentation quotes („parental
        # consent“) are not its prose; "Kind" (a child) and "Module" (modules) are German words too
        prose = re.sub(r"„[^“]*“|`[^`]*`", " ", _FENCED.sub(" ", german))
        found = _leaks(prose, "de") - ALLOWED - {"kind", "module"}
        if found:
            leaks[rule.code] = sorted(found)
    assert leaks == {}


# --- the default language ------------------------------------------------------------------------

def test_the_registrys_first_language_is_the_default(monkeypatch):
    monkeypatch.delenv("ROPA_LANG")
    out = runner.invoke(app, ["validate", str(FACTS42), "--severity", "error"]).stdout
    assert out.rstrip().endswith("in 9 Dateien") and " Fehler " in out
    monkeypatch.setenv("ROPA_LANG", "en")
    assert runner.invoke(app, ["validate", str(FACTS42)]).stdout.rstrip().endswith("in 9 files")
    monkeypatch.setenv("ROPA_LANG", "de")
    assert runner.invoke(app, ["validate", str(FACTS42), "--lang", "en"]).stdout.rstrip().endswith("in 9 files")


def test_sarif_keeps_the_english_and_adds_the_chosen_language():
    import json

    doc = json.loads(runner.invoke(app, ["validate", str(FACTS42), "-f", "sarif", "--lang", "de"]).stdout)
    result = next(r for r in doc["runs"][0]["results"] if r["ruleId"] == "RP501")
    assert result["message"]["text"].startswith("Tätigkeit '") and "nennt keine Löschfrist" in result["message"]["text"]
    assert "states no erasure time limit" in result["properties"]["message_en"]


# --- no English of ropa's own in German, and the other way round ---------------------------------

def _words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Za-zÄÖÜäöüß]{4,}", text)}


@functools.cache
def _own_words() -> tuple[frozenset[str], frozenset[str]]:
    """Words only ropa's English texts use, and words only its German texts use (read from the
    catalogue once per test process: every `_leaks` asks)."""
    english: set[str] = set()
    german: set[str] = set()
    for message in tool.read():
        if not message.id or (message.context or "").endswith(" doc"):
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        english |= set().union(*(_words(_strip_code(i)) for i in ids))
        german |= set().union(*(_words(_strip_code(s)) for s in strings))
    return frozenset(english - german), frozenset(german - english)


def _strip_code(text: str) -> str:
    """Without what is not prose: `code`, '{placeholders}', ids in quotes, paths, options."""
    text = re.sub(r"`[^`]*`|\{[^}]*\}|'[^']*'|\S*/\S*|\bRP\d+\b|Data Privacy Framework|(?<![\w-])--?[A-Za-z][\w-]*",
                  " ", text)
    # ids, rule names, options and keys of the format (kebab-case, snake_case, dotted) are codes
    return re.sub(r"-*\b[\w.]+(?:[-_.][\w.]+)+\b", " ", text)


def _strip_marked(text: str, other: str, *, cells: bool = False) -> str:
    """Registry text marked as the other language (``[en] ...``) up to the end of its line, or
    with ``cells`` of its cell (csv: a quote not doubled, markdown: ``|``, html and xml: ``<``)."""
    if cells:
        return re.sub(rf"\[{other}\](?:[^\"]|\"\")*", " ", text)
    return re.sub(rf"\[{other}\][^\n]*", " ", text)


def _registry_texts(root: Path) -> list[str]:
    """Every text of a registry (names, notes, quotes ... in every language), longest first."""
    from ropa.load import load
    from ropa.model import Text

    out: set[str] = set()
    seen: set[int] = set()

    def walk(value) -> None:
        if isinstance(value, str):
            out.add(" ".join(value.split()))
        elif isinstance(value, Text):
            out.update(" ".join(v.split()) for _k, v in value.values)
        elif isinstance(value, (list, tuple, set, frozenset)):
            for item in value:
                walk(item)
        elif isinstance(value, Mapping):
            for item in value.values():
                walk(item)
        elif id(value) not in seen and (hasattr(type(value), "__slots__")
                                        or hasattr(value, "__dataclass_fields__")):
            seen.add(id(value))
            names = list(getattr(value, "__dataclass_fields__", ()))
            for cls in type(value).__mro__:
                slots = getattr(cls, "__slots__", ())
                names += [slots] if isinstance(slots, str) else list(slots)
            for name in names:
                walk(getattr(value, name, None))

    walk(load(root).registry)
    return sorted((t for t in out if len(t) >= 12), key=len, reverse=True)


_REGISTRY_TEXTS: dict[Path, list[str]] = {}


def _without_registry_text(text: str, registry: Path | None) -> str:
    """The registry's own texts (any language, unmarked too) are not ropa's: out of the check."""
    if registry is None:
        return text
    texts = _REGISTRY_TEXTS.setdefault(registry, _registry_texts(registry))
    from ropa.art30 import brief

    flat = " ".join(text.replace('""', '"').split())
    for value in texts:
        if value in flat:
            flat = flat.replace(value, " ")
        short = brief(value)  # the record shows a note's first sentence at its field
        if short.endswith(" […]") and short[:-4] in flat:
            flat = flat.replace(short[:-4], " ")
    return flat


def _leaks(text: str, lang: str, *, cells: bool = False, registry: Path | None = None) -> set[str]:
    english_only, german_only = _own_words()
    other = "en" if lang == "de" else "de"
    text = _strip_marked(text, other, cells=cells)
    words = _words(_strip_code(_without_registry_text(text, registry)))
    return words & (english_only if lang == "de" else german_only)


COMMANDS = [["validate"], ["show", "{activity}"], ["gaps"], ["summary"], ["list"], ["transfers"], ["recipients"],
            ["rules"], ["explain", "RP207"], ["explain", "RP301"]]
ACTIVITY = {FACTS42: "web-google-analytics", BILINGUAL: "web-analytics"}

# Words both languages use: terms of art a German DPO writes as they are ("Website",
# "Cookies", "Waiver"), and English words in the registries' German texts themselves
# (FACTS42's notice: "Like & Share-Button", "Reports über die Websiteaktivitäten"; the company name)
ALLOWED = {"cookies", "plugin", "tracking", "waiver", "website", "like", "share", "reports", "facts", "information",
           "problem",
           # a word of both languages ("also": German for "therefore")
           "also",
           # the organisation id of the bilingual test registry (the help's "Example:" makes it English)
           "example",
           # titles of German publications the English rule documentation cites as they are
           "anbieter", "orientierungshilfe", "telemedien", "hinweise", "muster",
           # a problem's name of one word is a code like the kebab-case ones (RP002 unreadable)
           "unreadable"}


@pytest.mark.parametrize("registry", [FACTS42, BILINGUAL], ids=["facts42", "bilingual"])
@pytest.mark.parametrize("lang", ["de", "en"])
def test_commands_speak_one_language(registry, lang):
    leaks = {}
    for command in COMMANDS:
        args = [a.format(activity=ACTIVITY[registry]) for a in command]
        if command[0] not in ("rules", "explain"):
            args += ["-r", str(registry)] if command[0] != "validate" else [str(registry)]
        result = runner.invoke(app, [*args, "--lang", lang])
        found = _leaks(result.stdout + result.stderr, lang, registry=registry) - ALLOWED
        if found:
            leaks[" ".join(args[:2])] = sorted(found)
    assert leaks == {}


@pytest.mark.parametrize("lang", ["de", "en"])
def test_export_and_fmt_report_in_one_language(lang, tmp_path):
    """The lines `ropa export` and `ropa fmt` print (files written, counts, --check verdicts)."""
    import shutil

    out = tmp_path / "out"
    messy = tmp_path / "messy"
    shutil.copytree(BILINGUAL, messy)
    path = messy / "registry.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n\n", encoding="utf-8")  # not in normal form
    runs = {
        "export": ["export", str(BILINGUAL), "-f", "md", "--out", str(out), "--lang", lang],
        "export again": ["export", str(BILINGUAL), "-f", "md", "--out", str(out), "--lang", lang],
        "export --check": ["export", str(BILINGUAL), "-f", "md,csv", "--out", str(out), "--check", "--lang", lang],
        "fmt --check": ["fmt", "--check", str(messy), "--lang", lang],
        "fmt": ["fmt", str(messy), "--lang", lang],
    }
    leaks, texts = {}, {}
    for name, args in runs.items():
        result = runner.invoke(app, args)
        texts[name] = result.stdout + result.stderr
        found = _leaks(texts[name], lang, registry=BILINGUAL) - ALLOWED
        if found:
            leaks[name] = sorted(found)
    assert leaks == {}
    assert ("(unverändert)" if lang == "de" else "(unchanged)") in texts["export again"]
    assert ("nicht aktuell" if lang == "de" else "not up to date") in texts["export --check"]
    assert ("würde" if lang == "de" else "would reformat") in texts["fmt --check"]
    assert ("neu formatiert" if lang == "de" else "reformatted") in texts["fmt"]


def _export_texts(registry: Path, lang: str, tmp_path: Path) -> dict[str, str]:
    out = tmp_path / "out"
    result = runner.invoke(app, ["export", str(registry), "-f", "md,html,csv,xlsx", "--out", str(out)])
    assert result.exit_code == 0, result.output
    texts = {}
    for path in sorted(out.glob(f"*-{lang}*")):
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as z:
                # docProps/app.xml names the kinds of parts in OOXML's fixed vocabulary ("Worksheets",
                # "Named Ranges"), which no reader sees as text
                xml = "\n".join(z.read(n).decode() for n in z.namelist() if n.endswith(".xml") and n != "docProps/app.xml")
            texts[path.name] = html.unescape(re.sub(r"<[^>]+>", "\n", xml))  # the text, not the markup
        elif path.suffix == ".html":
            page = re.sub(r"<style.*?</style>|<wbr>", "", path.read_text(encoding="utf-8"), flags=re.S)
            texts[path.name] = html.unescape(re.sub(r"<[^>]+>", "\n", page))
        elif path.suffix == ".md":
            page = re.sub(r"\(#[^)]*\)|<a id=[^>]*>", " ", path.read_text(encoding="utf-8"))
            texts[path.name] = re.sub(r"\\([\\`*_{}\[\]()#+.!|-])", r"\1", page).replace("|", "\n")
        else:
            texts[path.name] = path.read_text(encoding="utf-8-sig")
    return texts


@pytest.mark.parametrize("registry", [FACTS42, BILINGUAL], ids=["facts42", "bilingual"])
@pytest.mark.parametrize("lang", ["de", "en"])
def test_exports_speak_one_language(registry, lang, tmp_path):
    texts = _export_texts(registry, lang, tmp_path)
    assert texts
    leaks = {name: sorted(found) for name, text in texts.items() if (found := _leaks(text, lang, cells=name.endswith(".csv"), registry=registry) - ALLOWED)}
    assert leaks == {}


def test_the_stop_hooks_words_are_not_in_the_german_exports(tmp_path):
    texts = _export_texts(FACTS42, "de", tmp_path)
    for name, text in texts.items():
        assert not re.search(r"GDPR|open gap|does not|names no",
                             _strip_marked(text, "en", cells=name.endswith(".csv"))), name


# --- the loader's problems (RP001-RP019) in both languages -----------------------------------------

BROKEN = ROOT / "tests" / "fixtures" / "broken"  # one loader problem after another


def _broken_registry(tmp_path: Path) -> Path:
    """tests/fixtures/broken, plus what git does not keep well: binary files and links."""
    import shutil

    root = tmp_path / "broken"
    shutil.copytree(BROKEN, root)
    (root / "nul.yaml").write_bytes(b"measures: []\n\x00\n")
    (root / "latin1.yaml").write_bytes("measures: [{id: m, name: Ma\xdfnahme}]\n".encode("latin-1"))
    (root / "utf16.yaml").write_bytes("measures: []\n".encode("utf-16"))
    (root / "gone.yaml").symlink_to(root / "missing.yaml")
    (tmp_path / "outside.yaml").write_text("measures: []\n", encoding="utf-8")
    (root / "outside.yaml").symlink_to(tmp_path / "outside.yaml")
    return root


LOADER_CODES = {f"RP{n:03d}" for n in range(2, 20)} - {"RP003"}  # RP003 needs a 16 MiB file


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_loaders_problems_speak_one_language(lang, tmp_path):
    result = runner.invoke(app, ["validate", str(_broken_registry(tmp_path)), "--lang", lang])
    assert result.exit_code == 2
    lines = result.stdout.strip().splitlines()
    assert {line.split()[1] for line in lines[:-1]} == LOADER_CODES
    # the record a finding is about ends its line as `[id]`: an id, not a word
    leaks = {line for line in lines if _leaks(re.sub(r" \[[^\]]+\]$", "", line), lang) - ALLOWED}
    assert leaks == set()
    missing = runner.invoke(app, ["validate", str(tmp_path / "nowhere"), "--lang", lang]).stdout
    assert "RP001" in missing and not _leaks(missing, lang) - ALLOWED


def test_the_loaders_problems_in_german_and_english():
    de = runner.invoke(app, ["validate", str(BROKEN), "--lang", "de"]).stdout
    en = runner.invoke(app, ["validate", str(BROKEN), "--lang", "en"]).stdout
    for english, german in [
        ("'review_due': '2024-02-30' is not a real date (YYYY-MM-DD)",
         "'review_due': '2024-02-30' ist kein gültiges Datum (JJJJ-MM-TT)"),
        ("unknown key 'titel' in activity", "unbekannter Schlüssel 'titel' (Tätigkeit)"),
        ("unknown organisation 'brokn' (did you mean 'broken'?)",
         "Organisation 'brokn' ist nicht bekannt (meinten Sie 'broken'?)"),
        ("'email' must be text, found a list", "'email' muss Text sein, gefunden: eine Liste"),
        ("activity: required field 'organisation' is missing", "Tätigkeit: Pflichtfeld 'organisation' fehlt"),
        ("RP016 warning record: file is empty", "RP016 Warnung Verzeichnis: Datei ist leer"),
    ]:
        assert english in en and english not in de
        assert german in de and german not in en
    # libyaml's own words cannot be translated: shown as they are, marked
    assert "YAML-Syntaxfehler: [en] while scanning" in de and "(zum Einrücken Leerzeichen verwenden" in de


def test_machine_formats_keep_the_loaders_english_and_add_the_german():
    import json

    doc = json.loads(runner.invoke(app, ["validate", str(BROKEN), "-f", "json", "--lang", "de"]).stdout)
    finding = next(f for f in doc["findings"] if f["code"] == "RP012")
    assert finding["message"] == "activity: required field 'name' is missing"
    assert finding["localized"]["message"] == "Tätigkeit: Pflichtfeld 'name' fehlt"
    assert finding["localized"]["reference"] == "Art. 30 Abs. 3 DSGVO"
    sarif = json.loads(runner.invoke(app, ["validate", str(BROKEN), "-f", "sarif", "--lang", "de"]).stdout)
    result = next(r for r in sarif["runs"][0]["results"] if r["ruleId"] == "RP016")
    assert result["message"]["text"] == "Datei ist leer"
    assert result["properties"]["message_en"] == "file is empty"


def test_every_record_kind_has_its_name_in_the_loaders_messages():
    from ropa import model
    from ropa.load import LABELS

    kinds = {cls.__name__ for cls in vars(model).values()
             if isinstance(cls, type) and issubclass(cls, model.Node) and cls is not model.Node}
    assert kinds == set(LABELS)


def test_command_errors_speak_the_commands_language(tmp_path):
    init = runner.invoke(app, ["init", str(tmp_path / "x"), "--id", "acme", "--name", "Acme", "--no-interactive",
                               "--lang", "de"])
    assert init.exit_code == 2 and init.stderr.startswith("Fehler: E-Mail oder Telefon der Organisation angeben")
    diff = runner.invoke(app, ["diff", "nothere", "-r", str(FACTS42), "--lang", "de"])
    assert diff.exit_code == 2
    assert diff.stderr.strip() == "Fehler: 'nothere' ist weder ein Verzeichnis noch eine git-Revision"
    english = runner.invoke(app, ["diff", "nothere", "-r", str(FACTS42), "--lang", "en"])
    assert english.stderr.strip() == "error: 'nothere' is neither a directory nor a git revision"


def test_the_citation_examples_of_i18n_hold():
    """``ropa.i18n``'s documented examples (``cite``: German citation style, Art. 4's numbered
    definitions) are its tests."""
    import doctest

    import ropa.i18n

    result = doctest.testmod(ropa.i18n)
    assert result.attempted >= 5 and result.failed == 0


def _gnu() -> object:
    import gettext

    from ropa import i18n

    with open(Path(i18n.LOCALE_DIR) / "de" / "LC_MESSAGES" / "ropa.mo", "rb") as fh:
        return gettext.GNUTranslations(fh)


def test_the_catalogue_answers_every_entry_as_gnutranslations_does():
    # ropa reads its .mo itself (faster); the standard library's reader is the reference
    from ropa.i18n import _Catalogue, _translations

    ours, gnu = _translations("de"), _gnu()
    assert isinstance(ours, _Catalogue)
    entries = gnu._catalog  # the reference's own table: every entry it read
    assert len(entries) > 1000
    for key in entries:
        if isinstance(key, tuple):  # (singular, form)
            singular, form = key
            n = 1 if form == 0 else 2
            assert ours.ngettext(singular, singular + " (plural)", n) == gnu.ngettext(singular, singular + " (plural)", n)
        elif "\x04" in key:
            context, message = key.split("\x04", 1)
            assert ours.pgettext(context, message) == gnu.pgettext(context, message)
        else:
            assert ours.gettext(key) == gnu.gettext(key)
    for unknown in ("not in the catalogue", "", "a\x04b", "Ä"):
        assert ours.gettext(unknown) == gnu.gettext(unknown)
        assert ours.pgettext("help", unknown) == gnu.pgettext("help", unknown)
        for n in (0, 1, 2):
            assert ours.ngettext(unknown, unknown + "s", n) == gnu.ngettext(unknown, unknown + "s", n)


def test_a_catalogue_of_another_kind_is_read_by_the_standard_library():
    from ropa.i18n import _Catalogue

    data = (Path(__file__).resolve().parents[1] / "ropa" / "locale" / "de" / "LC_MESSAGES" / "ropa.mo").read_bytes()
    assert _Catalogue.read(data) is not None
    assert _Catalogue.read(data.replace(b"charset=utf-8", b"charset=latin1")) is None  # not UTF-8
    assert _Catalogue.read(data.replace(b"plural=(n != 1);", b"plural=(n >= 1);")) is None  # other plurals
    assert _Catalogue.read(b"\x00" * 40) is None  # not a catalogue
    assert _Catalogue.read(data[:5000]) is None  # cut short
    # big-endian, as another machine's msgfmt may write it: the same answers
    import struct
    count, ids_at, texts_at = struct.unpack_from("<3I", data, 8)
    swapped = bytearray(data)
    for at in (0, 4, 8, 12, 16):
        struct.pack_into(">I", swapped, at, struct.unpack_from("<I", data, at)[0])
    for table in (ids_at, texts_at):
        for at in range(table, table + 8 * count, 4):
            struct.pack_into(">I", swapped, at, struct.unpack_from("<I", data, at)[0])
    big, little = _Catalogue.read(bytes(swapped)), _Catalogue.read(data)
    assert big is not None and little is not None
    assert big.gettext("Aborted.") == little.gettext("Aborted.") != "Aborted."
