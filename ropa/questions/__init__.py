"""The questionnaire: what the record cannot answer from its sources, as questions to the controller.

One question per decision the controller must take. The recorded gaps, conflicts and
interpretations of one organisation's record (the organisation, its DPO, representative and
authority contacts, its activities and the recipients they use) and the validator's open
findings (errors and warnings) on them are collected into questions by their key
(``ropa.answers``):

* points that name the same ``decision`` of the organisation are one question, asked in the
  decision's own words with its lawful options;
* the same note recorded on several activities (same kind, field and wording) is one question;
* the same finding (rule code, the field it judges, its message with the target's id taken out)
  on several activities is one question;
* a finding on a target and Art. 30 entry that a recorded point asks already is listed under
  that point's question ("Validator reports") instead of being asked again.

Every question names the activities, recipients or organisation it concerns, asks in the
controller's terms (``FIELD_QUESTIONS``: what to supply, the lawful options where the law
gives a choice; never "confirm that there is none" for something the law requires), shows
why it is asked (the notes, with their kind, and the findings), the source passages and where
the registry records it. Questions fall into eight blocks (``BLOCKS``: controller, scope,
lawfulness, recipients, transfers, retention, security, content), in that order; within a
block, conflicts and errors come before gaps, gaps before interpretations and warnings, and
a question concerning more activities before one concerning fewer.

Questions the controller has answered (a ``Statement`` of a returned questionnaire,
``ropa questions --answers``) are not asked again: ``Questionnaire.answered`` lists them.

A part of the core: ``ropa questions`` asks it, the review report lists it and ``ropa.answers``
reads the answers back by its keys. The modules: ``words`` (what is asked, in the controller's
terms, and the questionnaire's words), ``build`` (points and findings grouped into questions
and ordered), ``text`` (plain text lines); the export document is ``ropa.export.questionnaire``.

API::

    q = questionnaire(snap, "de")     # snap: a ropa.export Snapshot (one organisation's record)
    text_lines(q, width=80)           # plain text, what the terminal shows
    ropa.export.questionnaire.document(q)  # an export Document: md, html and xlsx renderers take it
"""

from __future__ import annotations

from ropa.questions.build import Question, Questionnaire, questionnaire
from ropa.questions.text import text_lines
from ropa.questions.words import BLOCKS, block_of, field_question, word

__all__ = ["BLOCKS", "Question", "Questionnaire", "block_of", "field_question", "questionnaire", "text_lines",
           "word"]
