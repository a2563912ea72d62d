"""The garbage collector's settings for a ropa command-line process, and only for one.

Library functions (``ropa.load.load``, ``ropa.check.check``, the views and exporters) never
touch the collector: a program that imports ropa keeps its own settings (a test checks it).
A ``ropa`` command is a short process that builds hundreds of thousands of small objects
without reference cycles (nodes, the model, findings) and then exits; CPython's collector
would traverse them again and again while they are built (about half of the time of
loading 1,000 activities) and once more while the interpreter is finalised. The command
line (``ropa.cli.main``) calls ``for_command_line`` once, before it runs a command.
"""

from __future__ import annotations

import atexit
import gc

# young collections once this many container objects are allocated net (CPython's default
# is 700): each collection then walks a large batch once instead of many small ones
YOUNG_THRESHOLD = 100_000
# The middle generation keeps CPython's default (10 young collections): at 100 the xlsx export
# of 10,000 activities peaked at 471 instead of 345 MiB (each workbook written is freed by a
# collection, and waited for it ten times as long) for 0.7 s less CPU; validate, which gained
# by it, now runs with the collector off (``WITHOUT_COLLECTOR``)


# Commands whose work builds no reference cycles, so the collector would only walk what they
# build, again and again, and free nothing: it is off for their process. validate's run leaves
# no cyclic garbage (tests/test_library_side_effects.py checks it); at 10,000 activities its
# young collections cost 0.45 s of a 7 s run.
WITHOUT_COLLECTOR = frozenset({"validate"})


def for_command_line(command: str | None = None) -> None:
    """Tune the collector of this process for one ropa command; never call it from a library.

    - everything alive now (the imported modules) is frozen (``gc.freeze``): never traversed
      again, still freed by reference counting;
    - the young generation is collected every ``YOUNG_THRESHOLD`` allocations, not 700;
    - at exit, everything alive is frozen again before CPython's final collections, which
      would otherwise walk the whole registry after the report is printed. Frozen objects
      are still freed by reference counting as the modules are torn down; only garbage in
      reference cycles is left to the operating system;
    - for a command of ``WITHOUT_COLLECTOR`` (``command``: the command the process runs), the
      collector is off.

    Calling it again changes nothing more (the exit hook is registered once).
    """
    gc.freeze()
    if command in WITHOUT_COLLECTOR:
        gc.disable()
    _young, middle, old = gc.get_threshold()
    gc.set_threshold(max(YOUNG_THRESHOLD, _young), middle, old)
    atexit.unregister(gc.freeze)
    atexit.register(gc.freeze)
