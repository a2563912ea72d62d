"""Write a synthetic, valid registry of N activities, split over many files.

The registry looks like a large group's: several organisations, a catalogue of recipients
(processors in and outside the EEA), shared vocabularies, and activities of about 25 fields
each, with several recipients, transfers, legal bases, retention rules and sources. Every
reference resolves, so ``ropa validate`` reports nothing fatal and the loader no errors.

    python bench/generate.py 1000 bench/data/reg-1000

Deterministic: the same N always gives the same bytes.
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

ACTIVITIES_PER_FILE = 50
ORGANISATIONS = 8
RECIPIENTS = 200
CATEGORIES = 60
SUBJECTS = 20
MEASURES = 40
DOCUMENTS = 30

EEA = ["DE", "FR", "NL", "IE", "AT", "SE", "PL", "ES", "IT", "DK"]
THIRD = ["US", "IN", "GB", "CH", "JP", "BR", "AU", "CA"]
BASES = ["art6-1-a", "art6-1-b", "art6-1-c", "art6-1-f"]
WORDS = ("customer order invoice payroll newsletter support ticket analytics backup "
         "recruiting travel expense contract supplier webshop loyalty fraud audit "
         "training video access badge telephony crm marketing survey event").split()
DE = ("Kunden Bestellung Rechnung Lohnabrechnung Newsletter Support Ticket Analyse Sicherung "
      "Bewerbung Reise Spesen Vertrag Lieferant Webshop Bonusprogramm Betrugsprävention Prüfung "
      "Schulung Video Zutritt Ausweis Telefonie Kundenverwaltung Marketing Umfrage Veranstaltung").split()


def q(text: str) -> str:
    """A double-quoted YAML scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def words(rng: random.Random, n: int, de: bool = False) -> str:
    pool = DE if de else WORDS
    return " ".join(rng.choice(pool) for _ in range(n))


def header(n: int) -> str:
    return (f"registry:\n  name: Synthetic group registry ({n} activities)\n  version: \"bench\"\n"
            f"  date: 2024-06-30\n  languages: [de, en]\n")


def organisations() -> str:
    out = ["organisations:"]
    for i in range(ORGANISATIONS):
        out += [f"  - id: org-{i}", f"    name: Group Company {i} GmbH",
                f"    address: {{street: Hauptstraße {i + 1}, postal_code: \"1{i:04d}\", city: Berlin, country: DE}}",
                f"    email: privacy{i}@example.com", "    management: [Erika Mustermann, Max Muster]",
                "    dpo:", "      name: Dana Schutz", "      email: dpo@example.com", "      external: false",
                f"    employees: {100 + 37 * i}"]
    return "\n".join(out) + "\n"


def vocabularies(rng: random.Random) -> str:
    out = ["documents:"]
    for i in range(DOCUMENTS):
        out += [f"  - id: doc-{i}", f"    title: {{de: {q('Richtlinie ' + str(i))}, en: {q('Policy ' + str(i))}}}",
                f"    date: 2023-{1 + i % 12:02d}-15", "    language: de"]
    out.append("data_subjects:")
    for i in range(SUBJECTS):
        out += [f"  - id: subj-{i}", f"    name: {{de: {q(words(rng, 2, True))}, en: {q(words(rng, 2))}}}"]
    out.append("data_categories:")
    for i in range(CATEGORIES):
        out += [f"  - id: cat-{i}", f"    name: {{de: {q(words(rng, 2, True))}, en: {q(words(rng, 2))}}}",
                f"    description: {q(words(rng, 8))}"]
    out.append("measures:")
    for i in range(MEASURES):
        kind = "technical" if i % 2 else "organisational"
        out += [f"  - id: tom-{i}", f"    name: {q('Measure ' + str(i))}", f"    kind: {kind}",
                "    art32: [confidentiality, integrity]"]
    return "\n".join(out) + "\n"


def recipient_country(i: int) -> str:
    return THIRD[i % len(THIRD)] if i % 3 == 0 else EEA[i % len(EEA)]


def recipients() -> str:
    out = ["recipients:"]
    for i in range(RECIPIENTS):
        country = recipient_country(i)
        out += [f"  - id: rcpt-{i}", f"    name: Service Provider {i} Ltd.", "    role: processor",
                f"    country: {country}", "    category: {de: IT-Dienstleister, en: IT service provider}",
                f"    services: [Service {i}a, Service {i}b]",
                f"    contract: {{type: dpa, reference: AVV-{i:04d}, date: 2022-{1 + i % 12:02d}-01}}",
                f"    storage: [{country}]"]
    return "\n".join(out) + "\n"


def activity(rng: random.Random, n: int) -> str:
    cats = sorted(rng.sample(range(CATEGORIES), 4))
    subjects = sorted(rng.sample(range(SUBJECTS), 2))
    measures = sorted(rng.sample(range(MEASURES), 3))
    eea = [r for r in rng.sample(range(RECIPIENTS), 12) if r % 3][:3]
    third = [r for r in rng.sample(range(RECIPIENTS), 12) if r % 3 == 0][:2]
    basis = rng.choice(BASES)
    name_en = words(rng, 3)
    lines = [
        f"  - id: act-{n:05d}",
        f"    name: {{de: {q(words(rng, 3, True))}, en: {q(name_en)}}}",
        f"    organisation: org-{n % ORGANISATIONS}",
        f"    owner: Department {n % 17}",
        f"    description: {q('Processing for ' + words(rng, 12))}",
        "    purposes:",
        f"      - {{de: {q(words(rng, 5, True))}, en: {q(words(rng, 5))}}}",
        f"      - {q(words(rng, 6))}",
        "    legal_bases:",
        f"      - basis: {basis}",
    ]
    if basis == "art6-1-a":
        lines += ["        consent:", "          mechanism: {de: Checkbox im Formular, en: Checkbox in the form}",
                  "          withdrawal: {de: Abmeldelink, en: Unsubscribe link}"]
    elif basis == "art6-1-c":
        lines.append("        statute: § 147 AO")
    elif basis == "art6-1-f":
        lines += [f"        interest: {q('Interest in ' + words(rng, 4))}", f"        lia: LIA-{n:05d}"]
    lines += [
        f"    data_subjects: [{', '.join(f'subj-{s}' for s in subjects)}]",
        f"    data_categories: [{', '.join(f'cat-{c}' for c in cats)}]",
        "    data_source: {de: Direkt erhoben, en: Collected from the data subject}",
        "    recipients:",
    ]
    for r in eea:
        lines += [f"      - recipient: rcpt-{r}", f"        purpose: {q('Hosting of ' + words(rng, 2))}",
                  f"        data_categories: [cat-{cats[0]}, cat-{cats[1]}]"]
    for r in third:
        lines.append(f"      - rcpt-{r}")
    lines.append("    transfers:")
    for r in third:
        lines += [f"      - recipient: rcpt-{r}", f"        country: {recipient_country(r)}", "        mechanism: scc",
                  "        scc_module: 2",
                  f"        tia: {{date: 2023-0{1 + r % 9}-10, reference: TIA-{r:04d}, outcome: Acceptable}}",
                  f"        safeguards: {q('Encryption at rest and in transit; ' + words(rng, 3))}",
                  f"        data_categories: [cat-{cats[2]}]"]
    lines += [
        "    retention:",
        f"      - {{period: P{1 + n % 10}Y, trigger: {{de: Vertragsende, en: End of contract}}}}",
        f"      - data_categories: [cat-{cats[3]}]",
        f"        period: P{30 + n % 60}D",
        "        statute: § 257 HGB",
        f"    measures: [{', '.join(f'tom-{m}' for m in measures)}]",
        f"    cookies: {rng.choice(['none', 'necessary'])}",
        f"    profiling: {'true' if n % 11 == 0 else 'false'}",
        "    dpia: {status: not-required, date: 2023-11-02}",
        f"    created: 2021-{1 + n % 12:02d}-{1 + n % 28:02d}",
        f"    updated: 2024-{1 + n % 6:02d}-{1 + n % 28:02d}",
        "    reviewed: 2024-03-01",
        "    review_due: 2026-03-01",
        "    sources:",
        f"      - {{document: doc-{n % DOCUMENTS}, section: \"{1 + n % 9}.{n % 7}\", line: {1 + n % 400}}}",
        f"      - document: doc-{(n + 7) % DOCUMENTS}",
        f"        quote: {q(words(rng, 10))}",
        f"    notes: {q(words(rng, 6))}",
    ]
    return "\n".join(lines) + "\n"


def generate(n: int, out: Path, per_file: int = ACTIVITIES_PER_FILE) -> Path:
    """Write a registry of ``n`` activities to ``out`` (replaced if it exists)."""
    rng = random.Random(n)
    if out.exists():
        shutil.rmtree(out)
    (out / "activities").mkdir(parents=True)
    (out / "registry.yaml").write_text(header(n) + organisations(), encoding="utf-8")
    (out / "vocabulary.yaml").write_text(vocabularies(rng), encoding="utf-8")
    (out / "recipients.yaml").write_text(recipients(), encoding="utf-8")
    for start in range(0, n, per_file):
        group = out / "activities" / f"unit-{start // (per_file * 20):03d}"
        group.mkdir(exist_ok=True)
        body = "".join(activity(rng, i) for i in range(start, min(n, start + per_file)))
        (group / f"activities-{start:05d}.yaml").write_text(
            f"# activities {start}-{min(n, start + per_file) - 1}\nactivities:\n" + body, encoding="utf-8")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of activities")
    parser.add_argument("out", type=Path, help="directory to write (replaced)")
    args = parser.parse_args()
    generate(args.n, args.out)


if __name__ == "__main__":
    main()
