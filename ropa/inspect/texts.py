"""Moved to ``ropa.cli._texts``: terminal code belongs to the command line, not to the library.

A transition for branches written against the old place; remove once nothing imports it
(``grep -rn "ropa.inspect.texts" ropa tests`` finds nothing).
"""

from ropa.cli._texts import *  # noqa: F403
