"""What the questionnaire asks, in the controller's terms, and its words.

The eight blocks (``BLOCKS``) and their titles, which block a field belongs to
(``FIELD_BLOCKS``, ``block_of``), the question each field asks (``FIELD_QUESTIONS``: what to
supply, the lawful options where the law gives a choice; never "confirm that there is none" for
something the law requires), the fallback per kind (``KIND_QUESTIONS``) and the words of the
questionnaire's text and tables (``WORDS``). All of them catalogue texts (``N_``), read in the
reader's language through ``ropa.i18n.gettext``.
"""

from __future__ import annotations

from ropa import answers, labels
from ropa.i18n import N_, gettext

# The eight blocks of the questionnaire, in the order they are asked.
BLOCKS: tuple[str, ...] = ("controller", "scope", "lawfulness", "recipients", "transfers", "retention",
                           "security", "content")
BLOCK_TITLES: dict[str, str] = {
    "controller": N_("Controller, contact details and supervisory authority"),
    "scope": N_("Scope of the record: processing not yet recorded"),
    "lawfulness": N_("Legal bases, consent and access to users' devices"),
    "recipients": N_("Recipients, their roles and contracts"),
    "transfers": N_("Transfers to third countries"),
    "retention": N_("Erasure time limits"),
    "security": N_("Security measures and data protection impact assessment"),
    "content": N_("Purposes, data, data subjects and the state of the documents"),
}
FIELD_BLOCKS: dict[str, str] = {
    "legal_bases": "lawfulness", "consent": "lawfulness", "mechanism": "lawfulness", "withdrawal": "lawfulness",
    "interest": "lawfulness", "statute": "lawfulness", "cookies": "lawfulness", "profiling": "lawfulness",
    "cross_device_tracking": "lawfulness", "automated_decision": "lawfulness",
    "recipients": "recipients", "contract": "recipients", "role": "recipients", "joint_controllers": "recipients",
    "processor_of": "recipients", "controllers": "recipients", "sub_processors": "recipients",
    "services": "recipients", "record": "recipients",
    "transfers": "transfers", "country": "transfers", "storage": "transfers", "certifications": "transfers",
    "retention": "retention",
    "measures": "security", "dpia": "security",
    "activities": "scope",
}

# What each field asks of the controller, in the controller's terms: the decision or fact, and
# the lawful options where the law gives a choice. Never "confirm there is none" for what the
# law requires (a legal basis, a contract, a transfer instrument).
FIELD_QUESTIONS: dict[str, str] = {
    "legal_bases": N_(
        "On which legal basis do you carry out this processing? The law gives these options: consent "
        "(Art. 6(1)(a) GDPR); performance of a contract with the data subject or steps at their request "
        "before one (Art. 6(1)(b)); a legal obligation, naming the statute (Art. 6(1)(c)); legitimate "
        "interests after a documented balancing of interests (Art. 6(1)(f)). If none of them carries the "
        "processing, it must stop."),
    "consent": N_(
        "How is consent obtained (form, consent banner, wording) before the processing starts, where is "
        "it documented, and how can it be withdrawn as easily as it was given?"),
    "interest": N_(
        "Which legitimate interest do you pursue, and where is the balancing of interests documented? If "
        "the data subjects' interests prevail, the options are consent or not processing."),
    "statute": N_(
        "Which statute obliges you to this processing (act and section, e.g. § 257 HGB, § 147 AO)?"),
    "cookies": N_(
        "Does this service store or read information on the visitor's device (cookies, pixels, local "
        "storage, device data)? If so, the law leaves two options (§ 25 TDDDG): the access is strictly "
        "necessary for the service the visitor asked for, or you obtain consent before it happens. "
        "Otherwise the service must be removed. Which applies?"),
    "cross_device_tracking": N_(
        "Does the provider link visits to a profile across websites or devices? Please answer from the "
        "provider's documentation or your configuration."),
    "profiling": N_("Are the data used to evaluate or predict personal aspects (profiling, Art. 4(4) GDPR)?"),
    "automated_decision": N_(
        "Is a decision with legal or similarly significant effect taken solely by automated means "
        "(Art. 22 GDPR)? If so, on which exception of Art. 22(2) does it rest?"),
    "recipients": N_(
        "To whom are these data disclosed (service providers, other companies, authorities)? Categories of "
        "recipients suffice. Authorities that receive data in a single inquiry are not recipients "
        "(Art. 4(9) sentence 2 GDPR). If nobody receives the data, please say so."),
    "contract": N_(
        "Which contract governs this recipient's work: a processing agreement (Art. 28(3) GDPR), an "
        "arrangement between joint controllers (Art. 26), or none because the recipient decides itself "
        "as a controller? Please give its date and where it is filed. A processor must not work without "
        "a processing agreement."),
    "role": N_(
        "In which role does this recipient act: as your processor on your instructions (Art. 28 GDPR), "
        "as joint controller with you (Art. 26), or as a controller of its own? Please answer from the "
        "contract."),
    "processor_of": N_("For whom does this sub-processor work, according to your processor's contract?"),
    "joint_controllers": N_(
        "Do you decide jointly with this provider on purposes and means (Art. 26 GDPR)? If so, the "
        "arrangement between you must be in writing and its essence available to data subjects; "
        "otherwise the service can be run only as your processor's or be removed. Which applies?"),
    "controllers": N_("On whose behalf (which controllers) do you carry out this processing as a processor?"),
    "name": N_("Which legal entity is meant (name and seat as in the contract or register)?"),
    "country": N_("In which country is this recipient established, and in which countries are the data stored?"),
    "storage": N_("In which countries are the data stored or accessed?"),
    "transfers": N_(
        "Are these data transferred to a country outside the EU/EEA (including access from there)? If so: "
        "to whom, to which country, and on which transfer instrument (an adequacy decision, e.g. the EU-US "
        "Data Privacy Framework for a certified US company; standard contractual clauses)? Without one, "
        "the transfer must stop."),
    "certifications": N_("Is the US recipient listed under the EU-US Data Privacy Framework, and on which "
                         "date was the listing checked?"),
    "retention": N_(
        "When are these data erased? Please give for each kind of data a period or the event that ends "
        "storage (e.g. \"6 years from the end of the calendar year, § 257 HGB\"), or where your erasure "
        "concept states it."),
    "measures": N_(
        "Which technical and organisational measures protect these data (Art. 32 GDPR)? A reference to "
        "your security concept (TOM document) suffices."),
    "dpia": N_(
        "Have you carried out a data protection impact assessment for this processing (Art. 35 GDPR), or "
        "assessed that none is required? Please give the result and its date."),
    "purposes": N_("For which purposes exactly are these data processed?"),
    "data_categories": N_("Which data are processed here (categories of personal data)?"),
    "data_subjects": N_("Whose data are these (categories of data subjects)?"),
    "data_source": N_("Where do these data come from?"),
    "email": N_("Please give the e-mail address to be recorded."),
    "website": N_("Please give the web address to be recorded."),
    "phone": N_("Please give the telephone number to be recorded."),
    "address": N_("Please give the current postal address to be recorded."),
    "employees": N_("How many people does the organisation employ (Art. 30(5) GDPR)?"),
    "dpo_required": N_(
        "Is the designation of a data protection officer mandatory for you (Art. 37 GDPR; § 38 BDSG: as a "
        "rule at least 20 persons constantly processing personal data), or voluntary?"),
    "supervisory_authority": N_("Which supervisory authority is competent for you?"),
    "status": N_("Is this processing still carried out?"),
    "ceased": N_("Is this service still used? The provider has shut it down: if it is no longer on your "
                 "website, the notice must say so."),
    "reviewed": N_("When was this record last reviewed, and by whom?"),
}
KIND_QUESTIONS: dict[str, str] = {
    "gap": N_("The documents do not say. Please supply it, with its source (contract, decision, internal "
              "document)."),
    "conflict": N_("The documents say different things. Which applies? The document that says otherwise must "
                   "be corrected."),
    "interpretation": N_("The record reads this into the documents; they do not state it. Does this reading "
                         "apply? If not, what applies?"),
    "error": N_("Please supply what the finding says is missing, with its source."),
    "warning": N_("Please supply what the finding says is missing, with its source."),
}
LEADS: dict[str, str] = {  # before a field's question, for the kinds that need saying why
    "conflict": N_("The documents say different things on this."),
    "interpretation": N_("The record reads this into the documents; please confirm or correct it."),
}

WORDS: dict[str, str] = {
    "title": N_("Questions for the controller"),
    "about": N_("About this questionnaire"),
    "intro-documents": N_(
        "This record of processing activities rests on the documents named in it. What they do not say "
        "(gaps), where they contradict each other (conflicts), what the record reads into them "
        "(interpretations) and what the validator reports only the controller can answer. Each question "
        "asks for one decision or fact and names the activities it concerns. Please answer in the column "
        "\"Answer\", with your name and the date, and with evidence where there is any. Your answers "
        "become part of the record as your statements, with this questionnaire as their source; "
        "unanswered questions stay open."),
    "intro-interview": N_(
        "This record of processing activities was built from your organisation's answers. What it does "
        "not yet say and what the validator reports only the controller can answer. Each question asks "
        "for one decision or fact and names the activities it concerns. Please answer in the column "
        "\"Answer\", with your name and the date, and with evidence where there is any. Your answers "
        "become part of the record as your statements, with this questionnaire as their source; "
        "unanswered questions stay open."),
    "organisation": N_("Organisation"),
    "activity": N_("Processing activity"),
    "recipient": N_("Recipient"),
    "registry": N_("Registry"),
    "count": N_("Questions"),
    "answered": N_("Answered"),
    "none": N_("No open questions."),
    "no": N_("No."),
    "block": N_("Block"),
    "concerns": N_("Concerns"),
    "kind": N_("Kind"),
    "point": N_("Entry (Art. 30)"),
    "question": N_("Question"),
    "finding": N_("Why it is asked"),
    "options": N_("Options"),
    "source": N_("Source"),
    "location": N_("In the registry"),
    "also": N_("Validator reports"),
    "answer": answers.ANSWER,
    "answered-by": answers.ANSWERED_BY,
    "answer-date": answers.ANSWER_DATE,
    "key": answers.KEY,
    "concerns-ids": answers.CONCERNS_IDS,
    "gap": N_("Gap"),
    "conflict": N_("Conflict"),
    "interpretation": N_("Interpretation"),
    "error": N_("Validator error"),
    "warning": N_("Validator warning"),
    "statement": N_("Statement of the controller"),
}


def word(key: str, lang: str) -> str:
    return labels.label(WORDS, key, lang)


def field_question(field: str, kind: str, lang: str) -> str:
    """The question for ``field`` (its last dotted part, then its first), in ``lang``."""
    parts = field.split(".")
    for name in (parts[-1], parts[0]):
        if name in FIELD_QUESTIONS:
            lead = LEADS.get(kind)
            text = gettext(FIELD_QUESTIONS[name], lang)
            return f"{gettext(lead, lang)} {text}" if lead else text
    return gettext(KIND_QUESTIONS[kind], lang)


def block_of(group: str, field: str) -> str:
    if group == "organisation":
        return "controller"
    parts = field.split(".")
    for name in (parts[-1], parts[0]):
        if name in FIELD_BLOCKS:
            return FIELD_BLOCKS[name]
    return "recipients" if group == "recipient" else "content"



def block_title(block: str, lang: str) -> str:
    return labels.label(BLOCK_TITLES, block, lang)

