"""The walk of issue 26, through a pseudo-terminal, in German: a DPO starts a registry for a
bakery with `ropa init`, adds recipients with `ropa add` and four activities with `ropa new`,
without writing YAML by hand, without losing an answer, and without reading English.

Each step runs the real ``ropa`` process on a pseudo-terminal (standard library ``pty``), types
the answers one prompt at a time, and waits for each prompt with a bound (no timed
assertions: a prompt that never comes fails the test with the screen so far).
"""

from __future__ import annotations

import os
import re
import select
import signal
import subprocess
import sys
from pathlib import Path

import pytest

# the pseudo-terminal walks run one after another on one xdist worker (``-n auto --dist
# loadgroup`` in pyproject.toml): each waits for its prompts with a bound, never a timed assertion
pytestmark = [pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX"),
              pytest.mark.xdist_group("pty")]

WAIT = 60.0  # seconds a prompt may take to appear (a loaded 2-core machine)
ENGLISH = re.compile(r"\[Y/n\]|\[y/N\]|Aborted|Error|\berror:|\bEnter\b|Name of|Purposes|Legal bases|\bRecipients\b|"
                     r"Retention|\bis not\b|\binvalid\b|\bcreated\b|\badded\b|Continue|\banswer\b")
CHOICE = re.compile(r"^\s+(?:\d+|\+|-)  \S")


class Terminal:
    """One ``ropa`` process on a pseudo-terminal: ``expect`` a prompt, ``send`` an answer."""

    def __init__(self, args: list[str], cwd: Path, env: dict[str, str]) -> None:
        import pty

        import fcntl
        import struct
        import termios

        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 80, 0, 0))  # 80 columns, as in the walk
        os.set_blocking(master, False)
        self.master = master
        self.proc = subprocess.Popen([sys.executable, "-m", "ropa", *args], cwd=cwd, env=env, stdin=slave,
                                     stdout=slave, stderr=slave, close_fds=True, start_new_session=True)
        os.close(slave)
        self.screen = ""
        self.seen = 0

    def read(self, until: float) -> bool:
        import time

        left = until - time.monotonic()
        if left <= 0:
            return False
        ready, _, _ = select.select([self.master], [], [], min(left, 1.0))
        if ready:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:  # the process ended: the other side is closed
                return False
            self.screen += chunk.decode("utf-8", "replace").replace("\r\n", "\n")
        return True

    def expect(self, text: str) -> None:
        import time

        until = time.monotonic() + WAIT
        while True:
            found = self.screen.find(text, self.seen)
            if found >= 0:
                self.seen = found + len(text)
                return
            if not self.read(until) and (self.proc.poll() is not None or time.monotonic() >= until):
                if self.screen.find(text, self.seen) < 0:
                    pytest.fail(f"no {text!r} on the screen:\n{self.screen[-3000:]}")

    def send(self, line: str) -> None:
        os.write(self.master, (line + "\r").encode("utf-8"))

    def answer(self, prompt: str, line: str) -> None:
        self.expect(prompt)
        self.send(line)

    def finish(self) -> int:
        import time

        until = time.monotonic() + WAIT
        while self.proc.poll() is None and time.monotonic() < until:
            self.read(until)
        if self.proc.poll() is None:
            self.proc.kill()
            pytest.fail(f"ropa did not end:\n{self.screen[-3000:]}")
        while self.read(time.monotonic() + 0.2):
            pass
        os.close(self.master)
        return self.proc.returncode


@pytest.fixture()
def env(tmp_path: Path) -> dict[str, str]:
    home = tmp_path / "home"
    home.mkdir()
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "PYTHONPATH", "SYSTEMROOT")}
    return {**keep, "HOME": str(home), "ROPA_LANG": "de", "COLUMNS": "80", "LINES": "40", "TERM": "dumb",
            "LANG": "C.UTF-8", "PYTHONUTF8": "1", "XDG_CACHE_HOME": str(home / ".cache")}


def run(args: list[str], cwd: Path, env: dict[str, str], steps: list[tuple[str, str]]) -> Terminal:
    term = Terminal(args, cwd, env)
    for prompt, line in steps:
        term.answer(prompt, line)
    return term


def new_activity(ident: str, name: str, purposes: str, bases: str, rest: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [("Kennung (Kleinbuchstaben", ident), ("Bezeichnung", name), ("Zwecke", purposes),
            ("Rechtsgrundlagen (IDs", bases), *rest]


def test_the_bakery_walk_in_german(tmp_path: Path, env: dict[str, str]) -> None:
    screens: list[str] = []
    init = run(["init", "baeckerei"], tmp_path, env, [
        ("Name der Organisation", "Bäckerei Müller GmbH"),
        ("Kennung der Organisation [baeckerei-mueller]", "bäckerei"),  # refused at once, with the German proposal
        ("zum Beispiel 'baeckerei'", ""),  # Enter takes the proposal [baeckerei-mueller]
        ("Straße und Hausnummer", "Hauptstraße 5"),
        ("Land (ISO-Code) [DE]", ""),
        ("Postleitzahl", "8033"),  # four digits: not a German postal code
        ("keine Postleitzahl in DE", "80331"),
        ("Ort", "München"),
        ("Kontakt-E-Mail", "info(at)baeckerei-mueller.de"),
        ("keine E-Mail-Adresse", "info@baeckerei-mueller.de"),
        ("Anzahl der Beschäftigten", "12"),
        ("Name des/der Datenschutzbeauftragten", "Erika Berater"),
        ("extern (ein Dienstleister)? [j/n]", "vielleicht"),
        ("bitte mit j (ja) oder n (nein) antworten", "ja"),
        ("Unternehmen des externen", "DSB Beratung GmbH"),
        ("E-Mail des/der Datenschutzbeauftragten", "dsb@dsb-beratung.de"),
    ])
    assert init.finish() == 0, init.screen
    screens.append(init.screen)
    project = tmp_path / "baeckerei"
    registry = project / "registry"
    text = (registry / "registry.yaml").read_text(encoding="utf-8")
    assert "id: baeckerei-mueller" in text and "employees: 12" in text and "external: true" in text
    assert 'postal_code: "80331"' in text
    assert text.startswith("# Verzeichnis von Verarbeitungstätigkeiten von Bäckerei Müller GmbH")

    add = run(["add", "recipient"], project, env, [
        ("Name des Rechtsträgers", "Steuerberater Huber"),
        ("ID [steuerberater-huber]", ""),
        ("Rolle (ID oder Nummer)", "1"),
        ("Land (ISO-Code, z. B. DE, US) [DE]", ""),
        ("Kategorie des Empfängers", "Steuerberater"),
        ("Vertrag mit dem Empfänger", "dpa"),
        ("Datum des Vertragsschlusses", "2023-02-30"),  # no such day
        ("kein Datum wie", "2023-03-01"),
    ])
    assert add.finish() == 0, add.screen
    screens.append(add.screen)

    payroll = run(["new"], project, env, new_activity(
        "lohnabrechnung", "Lohnabrechnung", "Berechnung und Auszahlung der Löhne; Meldungen an die Sozialversicherung",
        "2, 3", [
            ("Rechtsvorschrift", "§ 41 EStG, § 28a SGB IV"),
            ("Betroffene Personen", "employees"),
            ("Datenkategorien", "contact-data, payroll-data"),
            ("Empfänger (IDs", "steuerberater-huber, +"),  # one from the catalogue, one added here
            ("Name des Rechtsträgers", "DATEV eG"),
            ("ID [datev]", ""),
            ("Rolle (ID oder Nummer)", "sub-processor"),
            ("Land (ISO-Code, z. B. DE, US) [DE]", ""),
            ("Kategorie des Empfängers", "Rechenzentrum"),
            ("Vertrag mit dem Empfänger", "1"),
            ("Datum des Vertragsschlusses", ""),
            ("Drittland (außerhalb des EWR) übermittelt? [j/n]", "n"),
            ("Löschfrist", "10 Jahre"),  # refused with the ISO form
            ("P10Y", "P10Y"),
            ("Ab welchem Ereignis", "Ende des Kalenderjahres"),
            ("TOM (IDs", "+"),
            ("Name", "Zugriffskontrolle"),
            ("ID [zugriffskontrolle]", ""),
            ("Art der Maßnahme", "1"),
            ("Beschreibung", ""),
            ("Ziele nach Art. 32", "3"),
            ("DSFA", "1"),
        ]))
    assert payroll.finish() == 0, payroll.screen
    screens.append(payroll.screen)

    applications = run(["new"], project, env, new_activity(
        "bewerbungen", "Bewerbungen", "Durchführung des Bewerbungsverfahrens", "bdsg-26", [
            # § 26 BDSG alone is no Art. 6(1) basis (RP201): refused at the prompt, not at the end
            ("allein ist keine", "2, bdsg-26"),
            ("Betroffene Personen", "+"),
            ("Name", "Bewerberinnen und Bewerber"),
            ("ID [bewerberinnen-und-bewerber]", "bewerber"),
            ("Beschreibung", ""),
            ("Datenkategorien", "contact-data"),
            ("Empfänger (IDs", "-"),  # said: there are none
            ("Löschfrist", "P6M"),
            ("Ab welchem Ereignis", "Abschluss des Verfahrens"),
            ("TOM (IDs", "zugriffskontrolle"),
            ("DSFA", "not-required"),
        ]))
    assert applications.finish() == 0, applications.screen
    screens.append(applications.screen)

    orders = run(["new"], project, env, new_activity(
        "kundenbestellungen", "Kundenbestellungen", "Annahme und Abwicklung von Bestellungen", "2", [
            ("Betroffene Personen", "+"),
            ("Name", "Kunden"),
            ("ID [kunden]", ""),
            ("Beschreibung", ""),
            ("Datenkategorien", "1"),
            ("Empfänger (IDs", ""),  # left empty: asked again, never taken for "none"
            ("Angabe erforderlich", "steuerberater-huber"),
            ("Drittland (außerhalb des EWR) übermittelt? [j/n]", "ja"),  # then the transfers stay "not stated"
            ("Löschfrist", "P10Y"),
            ("Ab welchem Ereignis", ""),
            ("TOM (IDs", "zugriffskontrolle"),
            ("DSFA", ""),  # the default [unknown]
        ]))
    assert orders.finish() == 0, orders.screen
    screens.append(orders.screen)

    video = run(["new"], project, env, new_activity(
        "videoueberwachung", "Videoüberwachung", "Schutz vor Einbruch und Diebstahl", "art6-1-f", [
            ("Verfolgtes berechtigtes Interesse", "Schutz des Eigentums"),
            ("Betroffene Personen", "kunden, employees"),
            ("Datenkategorien", "+"),
            ("Name", "Videoaufnahmen"),
            ("ID [videoaufnahmen]", ""),
            ("Beschreibung", ""),
            ("Besondere Kategorie", ""),
            ("Empfänger (IDs", "-"),
            ("Löschfrist", "P3D"),
            ("Ab welchem Ereignis", ""),
            ("TOM (IDs", "zugriffskontrolle"),
            ("DSFA", "required"),
        ]))
    assert video.finish() == 0, video.screen
    screens.append(video.screen)

    for screen in screens:  # the codes in the lists of choices (`1  not-required  nicht erforderlich`) are codes
        text = "\n".join(line for line in screen.splitlines() if not CHOICE.match(line))
        english = ENGLISH.findall(text)
        assert not english, f"English on the German screen: {english}\n{screen}"

    from ropa.check import check
    from ropa.load import load

    loaded = load(registry)
    assert not loaded.fatal
    reg = loaded.registry
    assert list(reg.activities) == ["bewerbungen", "kundenbestellungen", "lohnabrechnung", "videoueberwachung"]
    payroll_activity = reg.activities["lohnabrechnung"]
    assert [r.recipient for r in payroll_activity.recipients] == ["steuerberater-huber", "datev"]
    assert payroll_activity.transfers == ()  # the DPO said no third country
    assert reg.activities["bewerbungen"].recipients == ()  # said: none
    assert reg.activities["bewerbungen"].transfers == ()
    assert reg.activities["kundenbestellungen"].transfers is None  # a third country named but not recorded yet
    assert [str(f) for f in check(loaded).findings if f.severity.value == "error" and f.fatal] == []
    fmt = subprocess.run([sys.executable, "-m", "ropa", "fmt", "--check"], cwd=project, env=env,
                         capture_output=True, text=True)
    assert fmt.returncode == 0, fmt.stdout + fmt.stderr


def test_ctrl_c_and_a_closed_input_in_german(tmp_path: Path, env: dict[str, str]) -> None:
    term = run(["init", "x"], tmp_path, env, [("Name der Organisation", "Bäckerei Müller GmbH")])
    term.expect("Kennung der Organisation")
    import time

    until = time.monotonic() + WAIT
    while term.proc.poll() is None and "Abgebrochen." not in term.screen and time.monotonic() < until:
        # again if the first came between the prompt and the read that waits for the answer
        os.killpg(term.proc.pid, signal.SIGINT)
        term.read(time.monotonic() + 2)
    assert term.finish() == 130
    assert "Abgebrochen." in term.screen and "Aborted" not in term.screen
    assert not (tmp_path / "x").exists()
    closed = subprocess.run([sys.executable, "-m", "ropa", "init", "y", "--interactive"], cwd=tmp_path, env=env,
                            stdin=subprocess.DEVNULL, capture_output=True, text=True)
    assert closed.returncode == 2
    assert "die Eingabe endete" in closed.stderr and "Traceback" not in closed.stderr
    made = subprocess.run([sys.executable, "-m", "ropa", "init", "z", "--id", "z", "--name", "Z GmbH", "--email",
                           "info@z.example", "--no-interactive"], cwd=tmp_path, env=env, capture_output=True)
    assert made.returncode == 0
    for stdin in ("eof", "closed"):  # `new` with stdin at its end, and with no stdin at all (fd 0 closed)
        new = subprocess.run(
            [sys.executable, "-m", "ropa", "new", "--interactive"], cwd=tmp_path / "z", env=env, capture_output=True,
            text=True, stdin=subprocess.DEVNULL if stdin == "eof" else None,
            preexec_fn=(lambda: os.close(0)) if stdin == "closed" else None)
        assert new.returncode == 2, (stdin, new.stderr)
        assert "die Eingabe endete" in new.stderr and "Traceback" not in new.stderr


def test_a_failed_final_check_keeps_the_answers(tmp_path: Path, env: dict[str, str]) -> None:
    """Every answer passed, but the registry changed meanwhile (another process wrote an activity
    with the same id): the answers are kept in a draft and asked again with each as the default."""
    from ropa.edit.drafts import DIRECTORY

    project = tmp_path / "p"
    made = subprocess.run([sys.executable, "-m", "ropa", "init", str(project), "--id", "p", "--name", "P GmbH",
                           "--email", "info@p.example", "--no-interactive"], env=env, capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    subprocess.run([sys.executable, "-m", "ropa", "add", "measure", "--id", "backup", "--name", "Datensicherung",
                    "--kind", "technical", "--no-interactive", "-r", str(project / "registry")], env=env, check=True,
                   capture_output=True)
    term = run(["new"], project, env, new_activity("lohn", "Lohn", "Abrechnung", "2", [
        ("Betroffene Personen", "employees")]))
    term.expect("Datenkategorien")
    (project / "registry" / "activities").mkdir()
    (project / "registry" / "activities" / "lohn.yaml").write_text(
        "activities:\n  - id: lohn\n    name: Lohn\n    organisation: p\n    purposes: [x]\n"
        "    legal_bases:\n      - basis: art6-1-b\n    data_subjects: [employees]\n"
        "    data_categories: [contact-data]\n    recipients: []\n    retention:\n      - period: P1Y\n"
        "    measures: [backup]\n", encoding="utf-8")
    term.send("contact-data")
    for prompt, line in [("Empfänger (IDs", "-"), ("Löschfrist", "P10Y"), ("Ab welchem Ereignis", ""),
                         ("TOM (IDs", "backup"), ("DSFA", "")]:
        term.answer(prompt, line)
    term.expect("Ihre Antworten sind in")
    drafts = list((project / "registry" / DIRECTORY).glob("new-*.json"))
    assert [d.name for d in drafts] == ["new-lohn.json"]
    term.answer("Antworten jetzt korrigieren", "j")
    term.answer("Kennung (Kleinbuchstaben, z. B. newsletter) [lohn]", "lohn2")  # only the id changes
    for prompt in ("Bezeichnung [Lohn]", "Zwecke (mit ';' trennen) [Abrechnung]", "[art6-1-b]", "[employees]",
                   "[contact-data]", "[-]", "[P10Y]", "Ab welchem Ereignis", "[backup]", "[unknown]"):
        term.answer(prompt, "")  # Enter keeps each earlier answer
    assert term.finish() == 0, term.screen
    text = (project / "registry" / "activities" / "lohn2.yaml").read_text(encoding="utf-8")
    assert "name: Lohn\n" in text and "      - Abrechnung\n" in text and "recipients: []" in text
    assert not list((project / "registry" / DIRECTORY).glob("new-*.json"))
