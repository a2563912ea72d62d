"""The loader's problem codes (RP001-RP019) and the limits they enforce.

One table: the loader reports these, `ropa rules` and docs/rules.md list them.
"""

from __future__ import annotations

from ropa.findings import Finding, Severity
from ropa.model import Span

MAX_FILE_BYTES = 16 * 1024 * 1024  # a registry file larger than this is rejected unread
MAX_DEPTH = 64  # nesting deeper than any registry needs
MAX_NODES = 500_000  # values in one file (50 activities take about 8,000): bounds time and memory

# code: (short name, severity, fatal, description). Fatal problems mean the input could
# not be read at all: the command exits with 2.
PROBLEMS: dict[str, tuple[str, Severity, bool, str]] = {
    "RP001": ("path-not-found", Severity.ERROR, True, "The registry path does not exist."),
    "RP002": ("unreadable", Severity.ERROR, True,
              "A file or directory cannot be read (permissions, deleted while reading, I/O error)."),
    "RP003": ("file-too-large", Severity.ERROR, True,
              f"A registry file is larger than {MAX_FILE_BYTES // 2**20} MiB and is not read, or holds "
              f"more than {MAX_NODES:,} values."),
    "RP004": ("not-text", Severity.ERROR, True, "A registry file is binary (contains NUL bytes)."),
    "RP005": ("bad-encoding", Severity.ERROR, True,
              "A registry file is not valid UTF-8 (or is UTF-16/UTF-32)."),
    "RP006": ("yaml-syntax", Severity.ERROR, True,
              "A registry file is not well-formed YAML (including tabs used for indentation)."),
    "RP007": ("anchor-or-alias", Severity.ERROR, True,
              "YAML anchors (&) and aliases (*) are not allowed: they hide repeated facts and "
              "can expand exponentially (alias bombs)."),
    "RP008": ("custom-tag", Severity.ERROR, True,
              "YAML tags other than the standard ones (!!str, !!int ...) are not allowed."),
    "RP009": ("duplicate-key", Severity.ERROR, False, "A mapping has the same key twice."),
    "RP010": ("unknown-key", Severity.ERROR, False,
              "A key the format does not define (prefix your own fields with `x-`)."),
    "RP011": ("wrong-type", Severity.ERROR, False,
              "A value has the wrong type (e.g. a list where text is expected)."),
    "RP012": ("missing-field", Severity.ERROR, False, "A required field is missing."),
    "RP013": ("invalid-value", Severity.ERROR, False,
              "A value is not allowed: not one of the choices, not a real date, not an ISO "
              "country code, not a valid id or duration."),
    "RP014": ("duplicate-id", Severity.ERROR, False, "Two entries of one kind share an id."),
    "RP015": ("unresolved-reference", Severity.ERROR, False,
              "A reference to an id (recipient, category, organisation, document, legal "
              "basis, mechanism ...) that does not exist."),
    "RP016": ("empty-file", Severity.WARNING, False, "A registry file contains no data."),
    "RP017": ("multiple-documents", Severity.ERROR, True,
              "A registry file contains more than one YAML document (`---`)."),
    "RP018": ("outside-registry", Severity.ERROR, True,
              "A symbolic link in the registry points outside the registry directory."),
    "RP019": ("too-deep", Severity.ERROR, True, f"Nesting deeper than {MAX_DEPTH} levels."),
}


# The legal reference of every loader problem, in the one wording every report, table and
# `ropa explain` uses: a record that cannot be read is not kept "in writing".
REFERENCE = "Art. 30(3) GDPR"


def problem(code: str, message: str, span: Span, target: str | None = None) -> Finding:
    _name, severity, fatal, _doc = PROBLEMS[code]
    return Finding(code=code, severity=severity, message=message, span=span, target=target,
                   reference=REFERENCE, fatal=fatal)
