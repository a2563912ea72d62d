"""Answers to a DPO's questions, as plain data: pure functions from a ``Registry`` and a
``Report`` to rows that the terminal commands render (``ropa.cli.list_activities``, ``show``, ``gaps``,
``transfers``, ``recipients``, ``summary``) and that tests check directly.

Nothing here prints or reads files; ``ropa.cli._terminal`` holds what the commands share.
"""
