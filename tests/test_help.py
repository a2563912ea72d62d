"""The help and typer's usage errors in the chosen language (issue 12).

* every command's help (``ropa COMMAND -h``) and the root's, rendered in German, contains no
  word only ropa's English texts use (the checker of ``test_i18n``), and in English no word
  only its German texts use;
* the language comes from ``--lang``/``-l`` anywhere on the command line, else
  ``$ROPA_LANG``; ``-l`` before the command is the command's language too;
* typer's usage errors (unknown option or command, missing argument, invalid value ...)
  are German in German and typer's own English otherwise;
* every help text has its German in the catalogue.
"""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from ropa.cli import app, command_name
from test_i18n import ALLOWED, FACTS42, _leaks, tool

runner = CliRunner()
COMMANDS = [command_name(info) for info in app.registered_commands]
# "example" is allowed in the commands' output (the test registry's organisation id); a help
# page has no registry text, so "Example:" left in English is a leak here.
HELP_ALLOWED = ALLOWED - {"example"}


def invoke(args: list[str], **env: str):
    return runner.invoke(app, args, env={"ROPA_LANG": None, **env})


def leaks(text: str, lang: str) -> set[str]:
    """Words of ropa's texts in the other language, in a help page or an error.

    Codes are left out: command names (the list of commands, `ropa list`), and the default
    values in ``[default: ...]`` (``exports``, ``recorded``), the choices of a metavar
    (``error|warning|info``); a word the help re-wraps at its
    hyphen (``in-`` / ``progress``) is joined again.
    """
    text = re.sub(r"(?m)^  [a-z][a-z-]*(?= {2,}|$)", " ", text)
    text = " ".join(re.sub(r"(?<=\w)-\n\s+", "-", text).split())
    text = re.sub(r"\bropa [a-z-]+|\[(?:default|Vorgabe): [^];]*|\w+(?:\|\w+)+", " ", text)
    return _leaks(text, lang) - HELP_ALLOWED


@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_the_help_speaks_one_language(command: str) -> None:
    # before the command: `ropa -l de fmt -h` (fmt and schema have no --lang of their own)
    german = invoke(["-l", "de", *[command][:len(command)], "-h"])
    english = invoke(["-l", "en", *[command][:len(command)], "-h"])
    assert german.exit_code == english.exit_code == 0, german.output
    assert german.stdout.startswith(f"Aufruf: ropa {command}".rstrip() + " [OPTIONEN]")
    assert "\nOptionen:\n" in german.stdout and "Diese Hilfe zeigen und beenden." in german.stdout
    assert english.stdout.startswith("Usage: ropa") and "\nOptions:\n" in english.stdout
    assert leaks(german.stdout, "de") == set()
    assert leaks(english.stdout, "en") == set()


def test_the_root_help_lists_the_commands_in_german() -> None:
    out = invoke(["-h"], ROPA_LANG="de").stdout
    assert "\nBefehle:\n" in out and "Aufruf: ropa [OPTIONEN] BEFEHL [ARGUMENTE]..." in out
    assert "Tätigkeiten mit Rechtsgrundlagen, Empfängern, Drittländern." in out  # list's short help
    assert "Rückgabewerte: 0 in Ordnung" in out  # the epilog


@pytest.mark.parametrize("args, env", [
    (["validate", "-h", "--lang", "de"], {}),
    (["validate", "--lang=de", "-h"], {}),
    (["validate", "-h", "-lde"], {}),
    (["-l", "de", "validate", "-h"], {}),
    (["validate", "-h"], {"ROPA_LANG": "de"}),
], ids=["--lang de", "--lang=de", "-lde", "before the command", "ROPA_LANG"])
def test_the_language_of_the_help(args: list[str], env: dict[str, str]) -> None:
    out = invoke(args, **env).stdout
    assert out.startswith("Aufruf: ropa validate [OPTIONEN] [PFADE]...")
    assert "--today JJJJ-MM-TT" in out and "[Vorgabe: text]" in out and "[Umgebungsvariable: ROPA_LANG]" in out


def test_lang_on_the_command_line_wins_over_the_environment() -> None:
    assert invoke(["validate", "-h", "-l", "en"], ROPA_LANG="de").stdout.startswith("Usage: ropa validate")


def test_lang_before_the_command_is_the_commands_language() -> None:
    out = invoke(["-l", "de", "validate", str(FACTS42), "--severity", "error"]).stdout
    assert out.rstrip().endswith("in 9 Dateien")
    out = invoke(["-l", "de", "validate", str(FACTS42), "--severity", "error", "-l", "en"]).stdout
    assert out.rstrip().endswith("in 9 files")
    bad = invoke(["-l", "fr", "validate"])
    assert bad.exit_code == 2 and "unknown language 'fr'" in bad.stderr


# (arguments, the German error line, typer's English one)
USAGE_ERRORS = [
    (["validate", "--nope"], "Fehler: Unbekannte Option: --nope (mögliche Optionen: --ignore)",
     "Error: No such option: --nope (Possible options: --ignore)"),
    (["validate", "--zzz"], "Fehler: Unbekannte Option: --zzz", "Error: No such option: --zzz"),
    (["valdate"], "Fehler: Unbekannter Befehl 'valdate'. Gemeint: 'validate'?",
     "Error: No such command 'valdate'. Did you mean 'validate'?"),
    (["xyzzy"], "Fehler: Unbekannter Befehl 'xyzzy'.", "Error: No such command 'xyzzy'."),
    (["show"], "Fehler: Argument 'ID' fehlt.", "Error: Missing argument 'ID'."),
    (["validate", "--today", "x"],
     "Fehler: Ungültiger Wert für '--today': 'x' passt zu keinem der Formate '%Y-%m-%d'.",
     "Error: Invalid value for '--today': 'x' does not match the formats '%Y-%m-%d'."),
    (["validate", "-f", "bogus"],
     "Fehler: Ungültiger Wert für '--format' / '-f': 'bogus' ist keines von text, json, sarif, github",
     "Error: Invalid value for '--format' / '-f': 'bogus' is not one of text, json, sarif, github"),
    (["rules", "x1"], "Fehler: Unerwartete zusätzliche Argumente (x1)",
     "Error: Got unexpected extra argument(s) (x1)"),
    (["list", "-s"], "Fehler: Option '-s' braucht einen Wert.", "Error: Option '-s' requires an argument."),
    (["validate", "--strict=1"], "Fehler: Option '--strict' nimmt keinen Wert.",
     "Error: Option '--strict' does not take a value."),
]


@pytest.mark.parametrize("args, german, english", USAGE_ERRORS, ids=lambda a: " ".join(a) if isinstance(a, list) else "")
def test_typers_usage_errors_in_german(args: list[str], german: str, english: str) -> None:
    de = invoke([args[0], "-l", "de", *args[1:]])
    en = invoke([args[0], "-l", "en", *args[1:]])
    assert de.exit_code == en.exit_code == 2
    assert german in de.stderr.splitlines(), de.stderr
    assert english in en.stderr.splitlines(), en.stderr
    assert leaks(de.stderr, "de") == set()
    assert leaks(en.stderr, "en") == set()


def test_a_usage_error_shows_the_usage_line_and_where_to_find_help_in_german() -> None:
    de = invoke(["validate", "--nope"], ROPA_LANG="de")
    assert de.stderr.splitlines()[:2] == ["Aufruf: ropa validate [OPTIONEN] [PFADE]...", "Hilfe: 'ropa validate -h'."]
    en = invoke(["validate", "--nope"])
    assert en.stderr.splitlines()[:2] == ["Usage: ropa validate [OPTIONS] [PATHS]...", "Try 'ropa validate -h' for help."]


def test_a_missing_command_in_german() -> None:
    de, en = invoke(["-l", "de"]), invoke(["-l", "en"])
    assert de.exit_code == en.exit_code == 2
    assert de.stderr.splitlines()[-1] == "Fehler: Befehl fehlt."
    assert en.stderr.splitlines()[-1] == "Error: Missing command."


def test_ropas_own_usage_errors_are_german_too() -> None:
    result = invoke(["list", "-l", "de", "--status", "bogus", "-r", str(FACTS42)])
    assert result.exit_code == 2 and result.stderr.startswith("Fehler: --status")
    assert leaks(result.stderr, "de") == set()


def test_every_help_text_has_german() -> None:
    catalog = tool.read()
    missing = [text for context, text in tool.help_texts()
               if not getattr(catalog.get(text, context=context), "string", "")]
    assert missing == [], "run `python tools/catalogue.py update` and write the German"
