"""Where rendered output goes: stdout, the terminal, or a file written atomically.

A renderer returns either text (JSON, CSV, Markdown) or a :data:`Drawing` for people,
which draws on a rich console: the terminal's own width and colour, or plain text
:data:`PLAIN_WIDTH` columns wide when written to a pipe or a file.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Final

from .errors import InputError

if TYPE_CHECKING:
    from rich.console import Console

Drawing = Callable[["Console"], None]
"""A renderer for people: draws on a rich console."""

#: Width of tables written to a file or a pipe (a terminal uses its own width).
PLAIN_WIDTH: Final = 120


def emit(out: Drawing | str, output: Path | None) -> None:
    """Write rendered output to ``output`` atomically, or to stdout."""
    if output is not None:
        _write(output, lambda: out if isinstance(out, str) else plain_text(out))
    elif isinstance(out, str):
        sys.stdout.write(out)
    else:
        from rich.console import Console

        terminal = sys.stdout.isatty()
        out(Console(width=None if terminal else PLAIN_WIDTH, highlight=False))


def append(path: Path, text: str) -> None:
    """Append ``text`` to ``path`` atomically: the old content and the new are written
    to a temporary file that then replaces it."""
    _write(path, lambda: (path.read_text(encoding="utf-8") if path.exists() else "") + text)


def plain_text(draw: Drawing) -> str:
    """What ``draw`` shows, as plain text without colour codes."""
    import io

    from rich.console import Console

    buffer = io.StringIO()
    draw(Console(file=buffer, width=PLAIN_WIDTH, color_system=None, highlight=False))
    return buffer.getvalue()


def _write(path: Path, text: Callable[[], str]) -> None:
    from .outfile import write_text_atomic  # tempfile: only when writing a file

    try:
        write_text_atomic(path, text())
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise InputError(f"{path}: cannot write: {reason}") from None
