"""Where rendered output goes: stdout, the terminal, or a file written atomically.

A renderer returns either text (JSON, CSV, Markdown) or a :data:`Drawing` for people,
which draws on a rich console: the terminal's own width and colour, or plain text when
written to a pipe or a file, as wide as ``COLUMNS`` says (:data:`PLAIN_WIDTH` without it),
with no trailing spaces on its lines.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Final, TextIO

from .errors import InputError

if TYPE_CHECKING:
    from rich.console import Console

Drawing = Callable[["Console"], None]
"""A renderer for people: draws on a rich console."""

#: Width of tables written to a file or a pipe when ``COLUMNS`` does not say (a terminal
#: uses its own width).
PLAIN_WIDTH: Final = 120


#: Width of sentences (``check``, ``validate``) written to a pipe or a file when ``COLUMNS``
#: does not say: so wide that each stays on one line, as a log reader greps it.
UNWRAPPED: Final = 10_000


def plain_width(default: int = PLAIN_WIDTH) -> int:
    """The width of output for people written to a pipe or a file: ``COLUMNS`` if it is
    a positive whole number, else ``default``."""
    import os

    columns = os.environ.get("COLUMNS", "").strip()
    return int(columns) if columns.isdigit() and int(columns) > 0 else default


def emit(out: Drawing | str, output: Path | None, width: int = PLAIN_WIDTH) -> None:
    """Write rendered output to ``output`` atomically, or to stdout; a drawing written to
    a file or a pipe is ``width`` columns wide unless ``COLUMNS`` says otherwise."""
    if output is not None:
        _write(output, lambda: out if isinstance(out, str) else plain_text(out, width))
    elif isinstance(out, str):
        write_stdout(out)
    elif not sys.stdout or not sys.stdout.isatty():
        write_stdout(plain_text(out, width))
    else:
        from rich.console import Console

        _stdout()  # refuse a closed stdout before drawing

        class _Stdout(Console):
            def on_broken_pipe(self) -> None:
                # rich would exit 1, which means a shortfall here: go quiet instead, and
                # let the command end with the exit code its result calls for
                self.quiet = True
                silence_stdout()

        try:
            # no markup: a name with [brackets] is printed as written (renderers style
            # with rich.text.Text), and no highlighter guessing at numbers
            out(_Stdout(markup=False, highlight=False, emoji=False))
        except OSError as exc:  # a full disk, a device that refuses: not a bug
            raise _cannot_write(exc) from None


def write_stdout(text: str) -> None:
    """Write to stdout; if the reader has gone (``| head``), stop writing quietly. The
    command still ends with the exit code its result calls for (a shortfall, a failed
    check), and still writes its files (``--junit``)."""
    stream = _stdout()
    try:
        stream.write(text)
        stream.flush()
    except BrokenPipeError:
        silence_stdout()
    except OSError as exc:  # a full disk, a device that refuses: not a bug
        raise _cannot_write(exc) from None


def _stdout() -> TextIO:
    if sys.stdout is None:  # started with stdout closed (>&-)
        raise InputError("stdout is closed: give --output FILE to write the output to a file")
    return sys.stdout


def _cannot_write(exc: OSError) -> InputError:
    silence_stdout()  # what is still buffered must not fail again at exit
    return InputError(f"stdout: cannot write: {exc.strerror or exc}")


def silence_stdout() -> None:
    """Send the rest of stdout to /dev/null, so nothing raises when it is flushed again."""
    import io
    import os

    try:
        fd = sys.stdout.fileno()
    except (AttributeError, ValueError, io.UnsupportedOperation):
        return  # not a real file (a test's capture): nothing to silence
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)


def append(path: Path, text: str) -> None:
    """Append ``text`` to ``path`` atomically: the old content and the new are written
    to a temporary file that then replaces it."""
    _write(path, lambda: (path.read_text(encoding="utf-8") if path.exists() else "") + text)


def plain_text(draw: Drawing, width: int = PLAIN_WIDTH) -> str:
    """What ``draw`` shows, as plain text without colour codes or trailing spaces, as
    wide as ``COLUMNS`` says, else ``width`` columns."""
    import io

    from rich.console import Console

    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=plain_width(width),
        color_system=None,
        markup=False,
        highlight=False,
        emoji=False,
    )
    draw(console)
    return "\n".join(line.rstrip() for line in buffer.getvalue().split("\n"))


def _write(path: Path, text: Callable[[], str]) -> None:
    from .outfile import write_text_atomic  # tempfile: only when writing a file

    try:
        write_text_atomic(path, text())
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise InputError(f"{path}: cannot write: {reason}") from None
