"""The ``mss-runway`` command line: parse arguments, call the core, pick a renderer,
map errors to exit codes. Nothing here computes a number.

One module per group of commands, all registered on the one typer app of ``app``:
``forecast`` (forecast, validate, schema), ``compare`` (compare, check, chart),
``decide`` (simulate, solve, sensitivity), ``data`` (import fts, import iati) and
``change`` (diff, history). The order of the imports below is the order of the commands in
``--help``.
"""

from __future__ import annotations

# isort: off
from . import forecast, compare, decide, data, change  # noqa: F401  (registers the commands, in this order)

# isort: on
from .app import EXIT_BUG, EXIT_INVALID, EXIT_OK, EXIT_SHORTFALL, app, main
from .decide import MAX_RUNS

__all__ = ["EXIT_BUG", "EXIT_INVALID", "EXIT_OK", "EXIT_SHORTFALL", "MAX_RUNS", "app", "main"]
