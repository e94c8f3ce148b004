"""Small git repositories in a temporary folder, for the tests of ``diff REV:PATH`` and
``history``. git is a test dependency (README); where it is missing these tests skip
and say so. CI has it (/usr/bin/git on the CI image)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mss_runway.cli import app

GIT = shutil.which("git")
needs_git = pytest.mark.skipif(
    GIT is None, reason="git is not installed: the tests of diff REV:PATH and history need it"
)


class Repo:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.count = 0
        self.git("init", "-q", "-b", "main")

    def git(self, *args: str) -> str:
        env = {
            **os.environ,
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_AUTHOR_NAME": "Test",
            "GIT_AUTHOR_EMAIL": "test@example.org",
            "GIT_COMMITTER_NAME": "Test",
            "GIT_COMMITTER_EMAIL": "test@example.org",
            "GIT_AUTHOR_DATE": f"2025-0{1 + self.count % 9}-01T12:00:00Z",
            "GIT_COMMITTER_DATE": f"2025-0{1 + self.count % 9}-01T12:00:00Z",
        }
        assert GIT is not None
        done = subprocess.run(
            [GIT, *args], cwd=self.root, env=env, capture_output=True, text=True, check=True
        )
        return done.stdout

    def write(self, files: dict[str, str], message: str) -> None:
        """Write ``files`` (path -> text) and commit everything as one commit."""
        for name, text in files.items():
            path = self.root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message)
        self.count += 1


def run(*args: str) -> tuple[int, str, str]:
    """The CLI, 120 columns wide: exit code, stdout, stderr."""
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": "120"})
    return result.exit_code, result.stdout, result.stderr
