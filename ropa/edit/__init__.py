"""Operations that read or write registry files: ``diff`` (two versions), ``fmt``
(normalise layout, keep comments), ``new`` (add an activity) and ``init`` (scaffold a
registry). Round-trip YAML (ruamel.yaml ``typ="rt"``) is imported only here, inside the
functions that need it.
"""
