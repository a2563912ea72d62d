"""Moved to ``ropa.cli._terminal``: terminal code belongs to the command line, not to the library.

A transition for branches written against the old place; remove once nothing imports it
(``grep -rn "ropa.inspect.terminal" ropa tests`` finds nothing).
"""

from ropa.cli._terminal import *  # noqa: F403
