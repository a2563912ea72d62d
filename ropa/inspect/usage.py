"""Moved to ``ropa.cli._usage``: terminal code belongs to the command line, not to the library.

A transition for branches written against the old place; remove once nothing imports it
(``grep -rn "ropa.inspect.usage" ropa tests`` finds nothing).
"""

from ropa.cli._usage import *  # noqa: F403
