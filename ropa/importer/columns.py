"""Which field a spreadsheet column (or a form label) holds: headers matched by meaning.

A header is normalised (case, line breaks, numbering such as ``1.`` or ``a)``, an Art. 30
reference in parentheses, punctuation) and looked up among the wordings of each field:
the labels of ``ropa.art30``'s columns in German and English (what ``ropa export`` writes)
and the wordings of the supervisory authorities' templates (``../shared/REFERENCE.md``):
the DSK *Muster Verzeichnis von Verarbeitungstätigkeiten* (German), the ICO documentation
template (English) and the CNIL *registre* (French). A header that matches no wording
exactly is compared with all of them; a single close match (a small variation, a typo) is
taken and shown as approximate by ``ropa import --show-mapping``; anything else is not
guessed: the column is kept verbatim as an own field (``x-...``) of the activity.

Table kinds: ``activities`` (one row per activity), ``recipients``, ``measures``,
``transfers`` and ``findings`` (ropa's own sheets; findings are not imported: the validator
makes them anew), ``cover`` (the organisation, a form of label | value rows).
"""

from __future__ import annotations

import difflib
import re

from ropa import art30
from ropa.model import Value

_set = object.__setattr__

KEEP = "_keep"
# a running number ("Nr." in ropa's exports and many templates): no stable id; kept as `x-nr`
# where the table has no id column
NUMBER = ("Nr.", "Nr", "No.", "No", "N°", "Numéro", "Lfd. Nr.", "laufende Nummer", "#")
# field key -> wordings (any language); the art30 labels are added below
ACTIVITY_WORDINGS: dict[str, tuple[str, ...]] = {
    "id": ("Ref.", "Ref", "ID", "Kennung", "Referenz", "Reference", "Référence", "Identifiant"),
    "nr": NUMBER,
    "activity": ("Bezeichnung der Verarbeitungstätigkeit", "Verarbeitungstätigkeit", "Bezeichnung",
                 "Name der Verarbeitung", "Processing activity", "Name of the processing activity",
                 "Activity", "Nom du traitement", "Nom / sigle du traitement", "Activité de traitement",
                 "Nom de l'activité", "Traitement", "Intitulé du traitement",
                 # DSK and Bitkom wordings, the old BDSG "Verfahrensverzeichnis" (§ 4e BDSG a.F.)
                 "Bezeichnung der Verarbeitung", "Name der Verarbeitungstätigkeit",
                 "Bezeichnung des Verfahrens", "Name des Verfahrens", "Verfahrensbezeichnung", "Verfahren",
                 "Bezeichnung der Verarbeitungstätigkeit bzw. des Verfahrens", "Verarbeitungsvorgang",
                 "Bezeichnung des Verarbeitungsvorgangs", "Name der Verarbeitungstätigkeit / des Verfahrens",
                 # ICO, GRC-tool and CNIL wordings
                 "Processing activity name", "Name of processing activity", "Name of the processing",
                 "Processing operation", "Name of processing", "Activity name",
                 "Dénomination du traitement", "Nom du traitement / de l'activité", "Activité"),
    "owner": ("Verantwortliche Fachabteilung / Ansprechpartner", "verantwortliche Fachabteilung",
              "Fachabteilung", "Ansprechpartner", "Business function", "Department",
              "Service chargé de la mise en oeuvre", "Service responsable", "Direction / service"),
    "description": ("Beschreibung", "Beschreibung der Verarbeitung", "Description",
                    "Description of the processing", "Description du traitement"),
    "controller": ("Name und Kontaktdaten des Verantwortlichen", "Verantwortlicher", "Controller",
                   "Name and contact details of the controller", "Responsable du traitement",
                   "Nom et coordonnées du responsable du traitement"),
    "joint_controllers": ("Gemeinsam Verantwortliche", "gemeinsam Verantwortlicher", "Joint controller",
                          "Name and contact details of joint controller",
                          "Joint controllers", "Responsable conjoint", "Responsables conjoints",
                          "Nom et coordonnées du responsable conjoint",
                          "Nom du responsable conjoint du traitement"),
    "representative": ("Vertreter", "Vertreter des Verantwortlichen", "Representative",
                       "Représentant", "Représentant du responsable"),
    "dpo": ("Datenschutzbeauftragter", "Datenschutzbeauftragte", "Data protection officer", "DPO",
            "Délégué à la protection des données", "DPO / délégué"),
    "purposes": ("Zwecke der Verarbeitung", "Zweck der Verarbeitung", "Zweck", "Zwecke",
                 "Purpose of processing", "Purposes of processing", "Purpose", "Purposes",
                 "Finalité", "Finalités", "Finalité du traitement", "Finalité(s) du traitement effectué",
                 "Objectifs poursuivis", "Finalité principale"),
    "legal_bases": ("Rechtsgrundlage", "Rechtsgrundlagen", "Rechtsgrundlage der Verarbeitung",
                    "Lawful basis", "Article 6 lawful basis", "Lawful basis for processing",
                    "Legal basis", "Article 6 lawful basis for processing personal data",
                    "Article 9 condition", "Article 9 basis for processing special category data",
                    "Article 9 condition for processing special category data",
                    "Base légale", "Base juridique", "Base légale du traitement", "Fondement juridique"),
    "interest": ("Legitimate interests", "Legitimate interests for the processing", "Legitimate interest",
                 "Berechtigte Interessen", "Berechtigtes Interesse", "Intérêt légitime", "Intérêts légitimes"),
    "data_subjects": ("Kategorien betroffener Personen", "Betroffene Personen", "Betroffene",
                      "Categories of individuals", "Categories of data subjects", "Data subjects",
                      "Catégories de personnes concernées", "Personnes concernées"),
    "data_categories": ("Kategorien personenbezogener Daten", "Datenkategorien",
                        "Kategorien personenbezogener Daten inkl. besonderer Kategorien",
                        "Categories of personal data", "Personal data", "Data categories",
                        "Catégories de données", "Catégories de données collectées",
                        "Catégories de données personnelles", "Données collectées"),
    "recipients": ("Kategorien von Empfängern", "Empfänger", "Kategorien von Empfängern intern extern Drittland",
                   "Categories of recipients", "Recipients", "Catégories de destinataires",
                   "Destinataires", "Catégories de destinataires des données", "Destinataires des données",
                   "Sub-processors and recipients", "Unterauftragsverarbeiter und Empfänger"),
    "recipients_internal": ("Destinataires internes", "Interne Empfänger", "Internal recipients"),
    "processors": ("Sous-traitants", "Auftragsverarbeiter", "Processors"),
    "transfers": ("Drittlandübermittlung", "Drittlandtransfer", "Übermittlung in Drittländer",
                  "Übermittlungen an ein Drittland oder eine internationale Organisation",
                  "Names of third countries or international organisations",
                  "Names of third countries or international organisations that personal data are transferred to",
                  "Third country transfers", "International transfers",
                  "Transferts hors UE", "Transferts de données hors UE", "Transferts des données hors UE",
                  "Transferts vers un pays tiers",
                  "Übermittlungen von personenbezogenen Daten an ein Drittland oder an eine internationale "
                  "Organisation", "Drittland oder internationale Organisation"),
    "safeguards": ("Dokumentation geeigneter Garantien", "Geeignete Garantien", "Garantien",
                   "Safeguards for exceptional transfers of personal data to third countries or international "
                   "organisations", "Safeguards", "Garanties", "Type de garanties", "Garanties appropriées"),
    "retention": ("Fristen für die Löschung", "Löschfristen", "Löschfrist", "Aufbewahrungsfrist",
                  "Speicherdauer", "Retention schedule", "Retention period", "Retention",
                  "Durée de conservation", "Durées de conservation",
                  "Durées de conservation des catégories de données"),
    "measures": ("Technische und organisatorische Maßnahmen", "TOM", "TOMs",
                 "Allgemeine Beschreibung der technischen und organisatorischen Maßnahmen",
                 "General description of technical and organisational security measures",
                 "Technical and organisational security measures", "Security measures",
                 "Mesures de sécurité", "Mesures de sécurité techniques et organisationnelles",
                 "Beschreibung der technischen und organisatorischen Maßnahmen"),
    "dpia": ("Datenschutz-Folgenabschätzung", "DSFA", "DPIA", "DPIA required", "Analyse d'impact",
             "Data Protection Impact Assessment required", "DSFA erforderlich",
             "AIPD", "Analyse d'impact relative à la protection des données"),
    "data_source": ("Herkunft der Daten", "Datenquelle", "Source of the personal data", "Source of personal data",
                    "Source des données", "Origine des données"),
    "sources": ("Belege", "Belege (Quelldokumente)", "Evidence (source documents)", "Evidence"),
    "open_points": ("Offene Punkte (Lücken, Widersprüche, Auslegungen)",
                    "Open points (gaps, conflicts, interpretations)", "Offene Punkte", "Open points"),
    "status": ("Status", "Statut"),
    "created": ("Datum der Anlegung", "Angelegt am", "Date created", "Date de création",
                "Date de création de la fiche"),
    "updated": ("Datum der letzten Änderung", "Letzte Änderung", "Date last changed", "Last updated",
                "Date de dernière mise à jour", "Date de dernière mise à jour de la fiche", "Mise à jour",
                "Datum der letzten Aktualisierung", "Zuletzt geändert", "Änderungsdatum"),
    "reviewed": ("Datum der letzten Überprüfung", "Date last reviewed", "Last review"),
    "review_due": ("Nächste Überprüfung", "Next review due", "Next review"),
    "processing": ("Kategorien von Verarbeitungen im Auftrag",
                   "Categories of processing carried out on behalf of each controller"),
    "controllers": ("Verantwortliche, in deren Auftrag verarbeitet wird",
                    "Controllers on whose behalf the processor is acting"),
    # template columns the model has no field for: recognised, so that no close wording claims
    # them, and kept verbatim as the activity's own fields (`x-...`)
    KEEP: ("Link to contract with processor", "Link to record of legitimate interests assessment",
           "Link to LIA", "Rights available to individuals",
           "Existence of automated decision-making including profiling",
           "Link to record of consent", "Location of personal data",
           "Data Protection Impact Assessment progress", "DPIA progress",
           "Link to Data Protection Impact Assessment", "Link to DPIA", "Personal data breach",
           "Nom du logiciel ou de l'application", "Logiciel", "Données sensibles",
           "Mesures de sécurité spécifiques"),
}

RECIPIENT_WORDINGS: dict[str, tuple[str, ...]] = {
    "nr": NUMBER,
    "id": ("Ref.", "ID"),
    "name": ("Empfänger", "Recipient", "Name", "Destinataire"),
    "category": ("Kategorie", "Category", "Catégorie"),
    "role": ("Rolle", "Role", "Rôle"),
    "country": ("Sitzland", "Country", "Land", "Pays"),
    "services": ("Dienste", "Services"),
    "contract": ("Vertrag", "Contract", "Contrat"),
    "storage": ("Speicherorte", "Storage locations"),
    "processor_of": ("Unterauftragsverarbeiter von", "Sub-processor of"),
    "sub_processors": ("Unterauftragsverarbeiter", "Sub-processors"),
    "ceased": ("Eingestellt am", "Ceased"),
    "certifications": ("Zertifizierungen", "Certifications"),
}

MEASURE_WORDINGS: dict[str, tuple[str, ...]] = {
    "nr": NUMBER,
    "id": ("Ref.", "ID"),
    "name": ("Maßnahme", "Measure", "Mesure"),
    "kind": ("Art", "Kind", "Type"),
    "description": ("Beschreibung", "Description"),
    "art32": ("Ziele nach Art. 32 Abs. 1 DSGVO", "Art. 32(1) GDPR goals"),
}

# the organisation: labels of a cover sheet or a form's header block
COVER_WORDINGS: dict[str, tuple[str, ...]] = {
    "name": ("Name", "Name des Verantwortlichen", "Firma", "Organisation", "Organization", "Company",
             "Name of controller", "Controller name", "Nom", "Organisme", "Raison sociale", "Nom de l'organisme"),
    "street": ("Straße", "Strasse", "Straße und Hausnummer", "Street", "Adresse", "Rue"),
    "postal_code": ("PLZ", "Postleitzahl", "Postcode", "Postal code", "ZIP", "Code postal", "CP"),
    "city": ("Ort", "Stadt", "City", "Town", "Ville", "Commune"),
    "address": ("Anschrift", "Address", "Adresse postale"),
    "phone": ("Telefon", "Tel.", "Telephone", "Phone", "Téléphone"),
    "email": ("E-Mail", "E-Mail-Adresse", "Email", "E-mail", "Email address", "Courriel", "Adresse e-mail"),
    "website": ("Internet-Adresse", "Internet", "Website", "Webseite", "Site internet", "Site web"),
    "management": ("Gesetzliche Vertreter (Geschäftsführung)", "Geschäftsführung", "Gesetzliche Vertreter",
                   "Management", "Direction"),
}

# a label without a value that starts the contact block of one of these
COVER_SECTIONS: dict[str, tuple[str, ...]] = {
    "controller": ("Angaben zum Verantwortlichen", "Verantwortlicher", "Controller", "Controller details",
                   "Responsable du traitement", "Organisme"),
    "dpo": ("Datenschutzbeauftragter", "Angaben zum Datenschutzbeauftragten", "Data protection officer",
            "DPO", "Délégué à la protection des données", "DPO / délégué"),
    "eu_representative": ("Vertreter", "Vertreter des Verantwortlichen", "Vertreter in der Union (Art. 27 DSGVO)",
                          "Representative", "Representative in the Union (Art. 27 GDPR)", "Représentant"),
    "supervisory_authority": ("Zuständige Aufsichtsbehörde", "Supervisory authority", "Autorité de contrôle"),
}


# words that name one activity field wherever they stand in a long label (the DSK form's
# "Allgemeine Beschreibung der technischen und organisatorischen Maßnahmen (TOM) gemäß Art. 32
# Abs. 1 DSGVO"); a label with words of two fields is not guessed. Data categories have none:
# other fields' labels name them ("Fristen für die Löschung der verschiedenen Datenkategorien").
ACTIVITY_KEYWORDS: dict[str, tuple[str, ...]] = {
    "measures": ("technischen und organisatorischen", "technische und organisatorische", "tom", "toms",
                 "technical and organisational", "technical and organizational", "mesures de sécurité"),
    "retention": ("löschfrist", "löschfristen", "löschung", "aufbewahrungsfrist", "aufbewahrungsfristen",
                  "speicherdauer", "retention", "durée de conservation", "durées de conservation"),
    "recipients": ("empfänger", "empfängern", "recipients", "destinataires"),
    "transfers": ("drittland", "drittländer", "drittlandübermittlung", "third country", "third countries",
                  "hors ue", "pays tiers"),
    "legal_bases": ("rechtsgrundlage", "rechtsgrundlagen", "lawful basis", "legal basis", "base légale"),
    "data_subjects": ("betroffene personen", "betroffenen personen", "data subjects", "personnes concernées"),
    "purposes": ("zweck", "zwecke", "purpose", "purposes", "finalité", "finalités"),
}

# ropa's own transfers and findings sheets: recognised (so that they are not taken for a record
# table); the transfers sheet adds what the record's cells do not show (notes, data categories)
TRANSFER_WORDINGS: dict[str, tuple[str, ...]] = {"nr": NUMBER, **{c.key: () for c in art30.TRANSFER_COLUMNS}}
FINDING_WORDINGS: dict[str, tuple[str, ...]] = {"nr": NUMBER, **{c.key: () for c in art30.FINDING_COLUMNS}}


def _art30_wordings() -> None:
    """Add the labels ropa's own exports write (both languages, with and without the Art. 30 point)."""
    tables = ((ACTIVITY_WORDINGS, art30.CONTROLLER_COLUMNS + art30.PROCESSOR_COLUMNS),
              (RECIPIENT_WORDINGS, art30.RECIPIENT_COLUMNS), (MEASURE_WORDINGS, art30.MEASURE_COLUMNS),
              (TRANSFER_WORDINGS, art30.TRANSFER_COLUMNS), (FINDING_WORDINGS, art30.FINDING_COLUMNS))
    for wordings, columns in tables:
        for column in columns:
            if column.key not in wordings:
                continue
            extra = tuple(w for lang in ("de", "en") for w in (column.label(lang), column.heading(lang)))
            wordings[column.key] = wordings[column.key] + extra


_art30_wordings()

KINDS: dict[str, dict[str, tuple[str, ...]]] = {
    "activities": ACTIVITY_WORDINGS, "recipients": RECIPIENT_WORDINGS, "measures": MEASURE_WORDINGS,
    "transfers": TRANSFER_WORDINGS, "findings": FINDING_WORDINGS,
}
# a table of this kind must have this column
KEY_COLUMN = {"activities": ("activity", "purposes"), "recipients": ("name",), "measures": ("name",), "transfers": ("mechanism",),
              "findings": ("code",)}
# fields a --map file may name, by kind
FIELDS = {kind: tuple(k for k in wordings if k != KEEP) for kind, wordings in KINDS.items()}
IGNORE = "ignore"

_NUMBERING = re.compile(r"^\s*(?:\(?\d+(?:\.\d+)*[.)]?|\(?[a-hA-H][.)]|[IVX]+\.)\s+")
# the start of a parenthesised article reference in a header, "(Art. 30 Abs. 1 lit. b DSGVO)"
_ARTICLE_HEAD = re.compile(r"(?:art\.?|article|artikel)\s*\d", re.IGNORECASE)


def _drop_parentheses(text: str, head: re.Pattern[str] | None = None) -> str:
    """``text`` with each ``(...)`` (up to the first ``)``) replaced by a space; with ``head``,
    only those whose text starts with a match of ``head``: what ``re.sub(r"\\([^)]*\\)", " ", text)``
    does, in linear time (the pattern rescans to the end from every ``(`` that has no ``)``
    after it: quadratic on a crafted header)."""
    out: list[str] = []
    done = 0  # text[:done] is in ``out``
    start = 0  # where to look for the next "("
    close = -1  # the first ")" after the last "(" seen
    while True:
        opening = text.find("(", start)
        if opening < 0:
            break
        if close <= opening:
            close = text.find(")", opening + 1)
            if close < 0:
                break  # no ")" after this "(": none after any later one either
        if head is None or head.match(text, opening + 1, close):
            out.append(text[done:opening])
            out.append(" ")
            done = start = close + 1
        else:
            start = opening + 1
    out.append(text[done:])
    return "".join(out)
_PUNCT = re.compile(r"[\s:*._/,;–—\-'’\"?!]+")


def normalise(header: str) -> str:
    """A header in a comparable form: ``"3. Zwecke der\\nVerarbeitung:*"`` -> ``zwecke der verarbeitung``."""
    text = " ".join(str(header).split())
    text = _NUMBERING.sub("", text)
    text = _drop_parentheses(text, _ARTICLE_HEAD)
    text = text.casefold().replace("ß", "ss").replace("œ", "oe")
    return _PUNCT.sub(" ", text).strip()


def _bare(normalised: str) -> str:
    return " ".join(_drop_parentheses(normalised).split())


class Match(Value):
    """How one header was understood: ``field`` (None: not recognised), ``how``: ``exact``,
    ``approximate`` (a close wording), ``map`` (the --map file), ``keep`` (a template column
    without a model field, kept verbatim) or ``none``."""

    __slots__ = ("header", "field", "how", "wording")

    header: str
    field: str | None
    how: str
    wording: str

    def __init__(self, header: str, field: str | None, how: str, wording: str = "") -> None:
        _set(self, "header", header)
        _set(self, "field", field)
        _set(self, "how", how)
        _set(self, "wording", wording)


class Matcher:
    """Looks headers up among the wordings of one table kind (and the user's --map entries)."""

    def __init__(self, wordings: dict[str, tuple[str, ...]], user: dict[str, str] | None = None,
                 keywords: dict[str, tuple[str, ...]] | None = None) -> None:
        self.exact: dict[str, tuple[str, str]] = {}
        ambiguous: set[str] = set()
        for key, words in wordings.items():
            for word in words:
                for form in {normalise(word), _bare(normalise(word))}:
                    if not form:
                        continue
                    known = self.exact.get(form)
                    if known is not None and known[0] != key:
                        ambiguous.add(form)
                    self.exact.setdefault(form, (key, word))
        for form in ambiguous:  # a wording two fields share says nothing about either
            del self.exact[form]
        # long labels: a known wording of two words or more followed by more words
        # ("Kategorien von Empfängern, gegenüber denen ..."), and the words that name one field
        # only (``KEYWORDS``) where the label names no other field's
        self.prefixes = sorted(((form, hit) for form, hit in self.exact.items()
                                if " " in form and hit[0] != KEEP), key=lambda x: -len(x[0])) if keywords else []
        self.keywords = [(normalise(w), key) for key, words in (keywords or {}).items() for w in words]
        self.user = {normalise(k): v for k, v in (user or {}).items()}
        self._known: dict[tuple[str, bool], Match] = {}

    def match(self, header: str, exact: bool = False) -> Match:
        """How ``header`` is understood; ``exact``: without the (slower) close-match search."""
        key = (header, exact)
        found = self._known.get(key)
        if found is None:
            found = self._known[key] = self._match(header, exact)
        return found

    def _prefix(self, form: str) -> tuple[str, str] | None:
        """The field of the longest wording ``form`` starts with (whole words), if one."""
        for wording, hit in self.prefixes:
            if form.startswith(wording + " "):
                return hit
        return None

    def _keyword(self, form: str) -> tuple[str, str] | None:
        """The one field whose keywords ``form`` contains (whole words); None for none or several."""
        padded = f" {form} "
        found = {key: word for word, key in self.keywords if f" {word} " in padded}
        if len(found) != 1:
            return None
        key, word = next(iter(found.items()))
        return key, word

    def _match(self, header: str, exact: bool) -> Match:
        form = normalise(header)
        if not form:
            return Match(header, None, "none")
        if form in self.user:
            target = self.user[form]
            return Match(header, None if target == IGNORE else target, "map")
        for candidate in (form, _bare(form)):
            hit = self.exact.get(candidate)
            if hit is not None:
                return Match(header, None, "keep", hit[1]) if hit[0] == KEEP else Match(header, hit[0], "exact", hit[1])
        if exact or len(form) > 400:
            return Match(header, None, "none")
        hit = self._prefix(form) or self._keyword(form)
        if hit is not None:
            return Match(header, hit[0], "approximate", hit[1])
        if len(form) > 160:
            return Match(header, None, "none")
        close = difflib.get_close_matches(form, list(self.exact), n=2, cutoff=0.88)
        if close and (len(close) == 1 or self.exact[close[0]][0] == self.exact[close[1]][0]):
            key, word = self.exact[close[0]]
            return Match(header, None, "keep", word) if key == KEEP else Match(header, key, "approximate", word)
        return Match(header, None, "none")
