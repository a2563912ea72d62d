"""The record at work: answers built from the record for questions a controller is asked.

* ``ropa.use.access``: what the record says about one group of data subjects, arranged as the
  content of an answer to an access request under Art. 15(1)(a)-(h) and 15(2) (``ropa subject``);
* ``ropa.use.impact``: what the record says about a recipient, a data category or a measure,
  arranged as the facts of a breach notification under Art. 33(3) (``ropa impact``).

Each reads the loaded registry and the findings of ``ropa.check`` (the same model and the one
transfer assessment, ``ropa.transfer``, as ``ropa validate``) and states nothing the registry
does not state: every line carries the registry sources it comes from, and what the record
lacks is a gap line, never a sentence made up to fill it. The drafts (``ropa.use.draft``) are
plain values a Python user can call without typer or rich; the command line renders them. The
data-flow map (``ropa map``) is drawn by ``ropa.flow`` in the core, because the record's own
html and PDF show it too.
"""
