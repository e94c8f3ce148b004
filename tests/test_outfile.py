"""Where output goes: atomic files that respect links and devices, and a stdout that fails."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from mss_runway.outfile import write_text_atomic

from .conftest import SCENARIOS

MINIMAL = str(SCENARIOS / "minimal.yaml")
RUN = [sys.executable, "-c", "from mss_runway.cli import main; main()"]


def test_a_symbolic_link_stays_a_link(tmp_path: Path) -> None:
    """Writing to a link replaces the file it points to; the link itself stays."""
    target = tmp_path / "report.txt"
    target.write_text("old")
    link = tmp_path / "latest.txt"
    link.symlink_to(target.name)
    write_text_atomic(link, "new")
    assert link.is_symlink()
    assert target.read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["latest.txt", "report.txt"]


def test_a_named_pipe_is_written_to_not_replaced(tmp_path: Path) -> None:
    """A FIFO (like /dev/null or /dev/stdout) cannot be replaced: it is written to."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[str] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_text()), daemon=True)
    reader.start()
    write_text_atomic(fifo, "through the pipe")
    reader.join(timeout=10)
    assert received == ["through the pipe"]
    assert stat.S_ISFIFO(fifo.stat().st_mode)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
def test_a_full_stdout_is_an_input_error_not_a_bug() -> None:
    """stdout on a full device: a plain message and exit 2, not an internal error."""
    with open("/dev/full", "w") as full:
        proc = subprocess.run(
            [*RUN, "forecast", MINIMAL, "-f", "json"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    assert proc.returncode == 2
    assert proc.stderr == "error: stdout: cannot write: No space left on device\n"


def test_a_closed_stdout_says_to_use_output() -> None:
    """Started with stdout closed (>&-): exit 2, and the advice to use --output."""
    proc = subprocess.run(
        [*RUN, "forecast", MINIMAL],
        stderr=subprocess.PIPE,
        text=True,
        check=False,
        preexec_fn=lambda: os.close(1),  # the child starts with its stdout closed
    )
    assert proc.returncode == 2
    assert "stdout is closed: give --output FILE" in proc.stderr
