"""Registry text through the patterns that read it takes time linear in its length (issue 29:
no super-linear backtracking on untrusted input). A registry arrives in a pull request; the
hook must not hang on it.

Each case runs in a subprocess with a generous timeout as a hang guard, never a timed
assertion: on 400 KB of crafted text the linear scanners take milliseconds, the quadratic
patterns they replaced took minutes (RP506's statute pattern 1.2 s on 24 KB; the Art. 4
lookahead of the German citation, one scan of the rest of the text per "Art. 4").
"""

from __future__ import annotations

import subprocess
import sys

import pytest

CASES = {
    # RP506's statute test: "§ 147" again and again, and no "AO" to end the scan
    "rp506-statute": "from ropa.rules.rp506_statutory_period import _STATUTE\n"
                     "assert _STATUTE.search('§ 147 ' * 70_000) is None\n"
                     "assert _STATUTE.search('§ 147 ' * 70_000 + 'AO') is not None\n",
    # the German citation: "Art. 4" again and again, "GDPR" only at the very end, no ";"
    "cite-art-4": "from ropa.i18n import cite\n"
                  "text = 'Art. 4(1) ' * 45_000 + 'GDPR'\n"
                  "out = cite(text, 'de')\n"
                  "assert out.startswith('Art. 4 Nr. 1 Art. 4 Nr. 1') and out.endswith('DSGVO')\n"
                  "out = cite('Art. 4(1) ' * 45_000 + '; GDPR', 'de')\n"
                  "assert out.startswith('Art. 4 Abs. 1')  # a ';' ends the citation before GDPR\n",
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_crafted_registry_text_is_read_in_linear_time(case):
    done = subprocess.run([sys.executable, "-c", CASES[case]], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
