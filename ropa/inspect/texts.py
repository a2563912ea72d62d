"""The terminal commands' own sentences, in German and English (one table, like ``art30.WORDS``).

``say(key, lang, **values)`` fills one in. The language is the command's ``--lang`` where it
has one, otherwise ``ROPA_LANG`` (default English): ``language()``.
"""

from __future__ import annotations

import os

MESSAGES: dict[str, tuple[str, str]] = {
    # registry discovery
    "no-registry": ("kein Verzeichnis gefunden (keine registry.yaml hier, darüber oder in registry/): "
                    "einen Bestand anlegen mit `ropa init`, oder einen angeben mit -r PFAD",
                    "no registry found (no registry.yaml here, above, or in registry/): start one with "
                    "`ropa init`, or point at one with -r PATH"),
    "two-registries": ("Verzeichnis zweimal angegeben ('{a}' und '{b}'): nur eines, als Argument oder mit -r",
                       "registry given twice ('{a}' and '{b}'): give one, as an argument or with -r"),
    # filters and ids
    "unknown-value": ("{option}: unbekannt: '{value}'{hint}", "{option}: unknown value '{value}'{hint}"),
    "did-you-mean": (" (meinten Sie '{close}'?)", " (did you mean '{close}'?)"),
    "known": ("; bekannt: {known}", "; known: {known}"),
    "see-vocab": ("; siehe `ropa vocab {topic}`", "; see `ropa vocab {topic}`"),
    "not-found": ("keine Tätigkeit, kein Empfänger und keine Organisation mit der Kennung '{ident}'{hint}",
                  "no activity, recipient or organisation '{ident}'{hint}"),
    "no-activity": ("keine Tätigkeit mit der Kennung '{ident}'{hint}", "no activity '{ident}'{hint}"),
    "conflict": ("{a} und {b} schließen einander aus", "{a} and {b} exclude each other"),
    "bad-language": ("unbekannte Sprache '{value}': de oder en", "unknown language '{value}': use de or en"),
    "bad-format": ("unbekanntes Format '{value}': {allowed}", "unknown format '{value}': use one of {allowed}"),
    # counts under tables
    "n-of-activities": ("{n} von {total} Tätigkeiten", "{n} of {total} activities"),
    "n-transfers": ("{n} Drittlandübermittlungen, davon {bad} ohne gültigen Mechanismus ({unrecorded} nicht "
                    "erfasst)",
                    "{n} third-country transfers, {bad} without a valid mechanism ({unrecorded} not recorded)"),
    "n-recipients": ("{n} von {total} Empfängern", "{n} of {total} recipients"),
    "not-stated": ("nicht angegeben", "not stated"),
    # review and edit
    "reviewed": ("überprüft: {ident} am {date} durch {by} ({path})", "reviewed: {ident} on {date} by {by} ({path})"),
    "n-reviewed": ("{n} Tätigkeiten als überprüft eingetragen", "{n} activities recorded as reviewed"),
    "review-by": ("--by NAME angeben: wer hat überprüft", "give --by NAME: who reviewed"),
    "review-needs": ("eine Tätigkeit angeben oder --all", "give an activity id or --all"),
    "review-both": ("eine Tätigkeit oder --all angeben, nicht beides", "give an activity id or --all, not both"),
    "edit-invalid": ("{path} hat {n} Fehler nach dem Speichern:", "{path} has {n} errors after saving:"),
    "edit-again": ("Erneut öffnen, um sie zu beheben?", "Open it again to fix them?"),
    "edit-needs": ("eine Tätigkeit angeben: ropa edit ID [REGISTRY]", "give an activity: ropa edit ID [REGISTRY]"),
    "edit-kept": ("Die Datei bleibt so gespeichert; `ropa validate` zeigt die Fehler.",
                  "The file stays as saved; `ropa validate` shows the errors."),
    "edit-ok": ("{path}: gültig", "{path}: valid"),
    "edit-unchanged": ("{path}: unverändert", "{path}: unchanged"),
    "no-editor": ("kein Editor: $VISUAL oder $EDITOR setzen", "no editor: set $VISUAL or $EDITOR"),
    "editor-failed": ("der Editor endete mit Code {code}; nichts geprüft", "the editor exited with code {code}; "
                      "nothing checked"),
    # import
    "import-needs-into": ("--into VERZEICHNIS angeben (oder --show-mapping)", "give --into DIR (or --show-mapping)"),
    "next-validate": ("weiter: ropa validate {path}", "next: ropa validate {path}"),
    # new
    "created": ("angelegt: {path}", "created {path}"),
    "not-written": ("nichts geschrieben: die neue Tätigkeit hätte {n} Fehler:", "nothing written: the new "
                    "activity would have {n} error(s):"),
    "duration-hint": ("'{value}' ist keine ISO-8601-Dauer; gemeint ist wohl {iso}",
                      "'{value}' is not an ISO 8601 duration; you probably mean {iso}"),
    "duration-bad": ("'{value}' ist keine ISO-8601-Dauer wie P10Y (10 Jahre) oder P30D (30 Tage)",
                     "'{value}' is not an ISO 8601 duration like P10Y (10 years) or P30D (30 days)"),
    "not-a-choice": ("'{value}' steht nicht zur Auswahl{hint}", "'{value}' is not one of the choices{hint}"),
    "id-taken": ("die Kennung '{ident}' ist schon vergeben ({where})", "the id '{ident}' is already used ({where})"),
    "id-bad": ("'{ident}' ist keine gültige Kennung (Kleinbuchstaben, Ziffern, '-', '_', '.')",
               "'{ident}' is not a valid id (lower-case letters, digits, '-', '_', '.')"),
    "required": ("Angabe erforderlich", "an answer is required"),
    # show
    "source": ("Quelle", "Source"),
    "sources": ("Quellen", "Sources"),
    "open-findings": ("Offene Befunde", "Open findings"),
    "waived-findings": ("Ausnahmen (Waiver)", "Waived findings"),
    "kind-activity": ("Tätigkeit", "activity"),
    "kind-recipient": ("Empfänger", "recipient"),
    "kind-organisation": ("Organisation", "organisation"),
    # summary
    "as-of": ("{name}{version}, Stand {date}", "{name}{version}, as of {date}"),
    "summary-head": ("{activities} Tätigkeiten, {recipients} Empfänger, {transfers} Drittlandübermittlungen "
                     "({bad} ohne gültigen Mechanismus, davon {unrecorded} nicht erfasst)",
                     "{activities} activities, {recipients} recipients, {transfers} third-country transfers "
                     "({bad} without a valid mechanism, {unrecorded} of them not recorded)"),
    "by-organisation": ("Tätigkeiten nach Organisation", "Activities by organisation"),
    "left-out": ("Nicht gezählt: Dritte, zur Sorgfaltsprüfung beschrieben, und andere Verzeichnisse "
                 "(eines zeigen: --organisation KENNUNG)",
                 "Left out: third parties described for due diligence, and other records "
                 "(--organisation ID to see one)"),
    "by-status": ("Tätigkeiten nach Status", "Activities by status"),
    "by-basis": ("Tätigkeiten nach Rechtsgrundlage", "Activities by legal basis"),
    "by-country": ("Tätigkeiten nach Drittland", "Activities by third country"),
    "findings": ("Befunde", "Findings"),
    "waived": ("ausgenommen", "waived"),
    "none-listed": ("(keine)", "(none)"),
    "next-reviews": ("Nächste Überprüfungen ({n} überfällig)", "Next reviews due ({n} overdue)"),
    "no-reviews": ("(keine Überprüfungstermine eingetragen)", "(no review dates recorded)"),
    "overdue": ("ÜBERFÄLLIG", "OVERDUE"),
    # new: the questions
    "ask-id": ("Kennung (Kleinbuchstaben, z. B. newsletter)", "Id (lower-case, e.g. newsletter)"),
    "ask-name": ("Bezeichnung", "Name"),
    "ask-name-lang": ("Bezeichnung ({language})", "Name ({language})"),
    "ask-organisation": ("Organisation", "Organisation"),
    "ask-purposes": ("Zwecke (mit ';' trennen)", "Purposes (separate with ';')"),
    "ask-purposes-lang": ("Zwecke ({language}; mit ';' trennen)", "Purposes ({language}; separate with ';')"),
    "same-count": ("so viele Zwecke wie in der ersten Sprache ({n})", "as many purposes as in the first language ({n})"),
    "ask-bases": ("Rechtsgrundlagen", "Legal bases"),
    "ask-interest": ("Verfolgtes berechtigtes Interesse", "Legitimate interest pursued"),
    "ask-consent": ("Wie wird die Einwilligung eingeholt", "How is consent obtained"),
    "ask-withdrawal": ("Wie wird sie widerrufen", "How is consent withdrawn"),
    "ask-statute": ("Rechtsvorschrift, die die Pflicht auferlegt", "Statute imposing the obligation"),
    "ask-subjects": ("Betroffene Personen", "Data subjects"),
    "ask-categories": ("Datenkategorien", "Data categories"),
    "ask-recipients": ("Empfänger (leer: keine)", "Recipients (empty: none)"),
    "ask-mechanism": ("Übermittlungsmechanismus für {recipient} ({country})",
                      "Transfer mechanism for {recipient} ({country})"),
    "ask-module": ("SCC-Modul für {recipient} (1 V-V, 2 V-AV, 3 AV-AV, 4 AV-V)",
                   "SCC module for {recipient} (1 C2C, 2 C2P, 3 P2P, 4 P2C)"),
    "ask-tia": ("Transfer-Folgenabschätzung (TIA) für {recipient}: Fundstelle",
                "Transfer impact assessment (TIA) for {recipient}: reference"),
    "ask-safeguards": ("Garantien nach Art. 49 Abs. 1 UAbs. 2 für {recipient}",
                       "Safeguards under Art. 49(1) second subparagraph for {recipient}"),
    "ask-conditions": ("Warum greift die Ausnahme nach Art. 49 für {recipient} (gelegentlich, erforderlich)?",
                       "Why does the Art. 49 derogation apply to {recipient} (occasional, necessary)?"),
    "ask-retention": ("Löschfrist (ISO 8601, z. B. P2Y; leer: nicht angegeben)",
                      "Retention period (ISO 8601, e.g. P2Y; empty: not stated)"),
    "ask-measures": ("Sicherheitsmaßnahmen (leer: keine)", "Security measures (empty: none)"),
    "ask-dpia": ("Status der DSFA", "DPIA status"),
    "ids-sep": ("Kennungen mit ',' getrennt", "ids separated by ','"),
    "none-to-choose": ("{label}: der Bestand hat keine zur Auswahl", "{label}: the registry has none to choose from"),
    "missing-options": ("es fehlt {options} (oder mit --interactive aufrufen)",
                        "missing {options} (or run with --interactive)"),
    "bad-transfer": ("--transfer '{item}': RECIPIENT=MECHANISMUS[:MODUL] angeben",
                     "--transfer '{item}': write RECIPIENT=MECHANISM[:MODULE]"),
    "bad-module": ("--transfer '{item}': das SCC-Modul ist 1, 2, 3 oder 4",
                   "--transfer '{item}': the SCC module is 1, 2, 3 or 4"),
    "bad-pair": ("{option} '{item}': EMPFÄNGER=TEXT angeben", "{option} '{item}': write RECIPIENT=TEXT"),
    # gaps
    "reviews-overdue": ("Überfällige Überprüfungen", "Reviews overdue"),
    "due": ("fällig {date} (seit {days} Tagen überfällig)", "due {date} ({days} days overdue)"),
    "gaps-summary": ("{open} offene Punkte ({errors} Fehler, {warnings} Warnungen, {infos} Hinweise) bei {targets} "
                     "Einträgen; {waived} ausgenommen; {overdue} Überprüfungen überfällig",
                     "{open} open points ({errors} errors, {warnings} warnings, {infos} infos) in {targets} "
                     "entries; {waived} waived; {overdue} reviews overdue"),
    "validate-filtered": ("{shown} von {total} Befunden gezeigt; insgesamt: {all}",
                          "{shown} of {total} findings shown; in all: {all}"),
}

# column headers of the terminal tables, by table: (German, English) per column
HEADERS: dict[str, tuple[tuple[str, str], ...]] = {
    "transfers": (("Empfänger", "Recipient"), ("Land", "Country"), ("Mechanismus", "Mechanism"),
                  ("Angemessenheit", "Adequacy"), ("TIA", "TIA"), ("Tätigkeiten", "Activities"),
                  ("Status", "Status")),
    "recipients": (("ID", "ID"), ("Name", "Name"), ("Rolle", "Role"), ("Land", "Country"),
                   ("Vertrag", "Contract"), ("Tätigkeiten", "Activities"), ("Datenkategorien", "Data categories")),
    "rules": (("Code", "Code"), ("Name", "Name"), ("Schwere", "Severity"), ("Fundstelle", "Reference")),
    "vocab": (("Code", "Code"), ("Deutsch", "German"), ("Englisch", "English")),
    "adequacy": (("Land", "Country"), ("Beschluss", "Decision"), ("seit", "Since"), ("bis", "Until"),
                 ("Bedingung", "Requires")),
}


def headers(table: str, lang: str | None = None) -> tuple[str, ...]:
    """The column headers of a terminal table in ``lang``."""
    index = 0 if language(lang) == "de" else 1
    return tuple(pair[index] for pair in HEADERS[table])


_chosen: list[str] = []  # the running command's --lang, once it has checked it


def use_language(lang: str | None) -> None:
    """Make ``lang`` the language of the messages of the command being run (None: ``ROPA_LANG``)."""
    _chosen[:] = [lang] if lang else []


def language(lang: str | None = None) -> str:
    """The language for a message: the one given, else the command's --lang, else ``ROPA_LANG``, else English."""
    chosen = lang or (_chosen[0] if _chosen else os.environ.get("ROPA_LANG", "en"))
    return "de" if chosen == "de" else "en"


def say(key: str, lang: str | None = None, **values: object) -> str:
    """The message ``key`` in ``lang``, its ``{placeholders}`` filled in."""
    de, en = MESSAGES[key]
    return (de if language(lang) == "de" else en).format(**values)
