"""Shared test helpers and settings."""

from __future__ import annotations

import functools
import os
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import typer.main
import typer.testing
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci", max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", max_examples=60, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

ROOT = Path(__file__).resolve().parent.parent


def plain_id(value: object, width: int = 70) -> str:
    """A test id of printable ASCII with no backslash, whitespace runs made one space.

    pytest escapes other characters in ids (a newline becomes a backslash and n), and a
    second collection in the same process (mutmut collects, then runs) escapes them
    again, so such a test is then "not found" (pytest's exit code 4)."""
    text = " ".join(str(value).split())
    return "".join(c if " " <= c <= "~" and c != "\\" else "?" for c in text)[:width]


SCENARIOS = ROOT / "scenarios"


def pytest_make_parametrize_id(config: pytest.Config, val: object, argname: str) -> str | None:
    """Text parameters get plain ids (see plain_id); other values pytest's own."""
    return plain_id(val, 1000) if isinstance(val, str) else None


@pytest.fixture(autouse=True, scope="session")
def _command_built_once() -> Iterator[None]:
    """typer's ``CliRunner.invoke`` builds the click command from the app at every call
    (``typer.main.get_command`` reads every command's signature and type hints: ~30 ms for
    mss-runway), which was most of the time of the CLI tests: the damaged-files property
    test spent 33 of its 36 s there. The app's commands are fixed once imported, so build
    the command once per app and run each invoke on it. (``_get_command`` is typer's
    private name: typer is pinned to 0.29, and a rename fails here, loudly.)"""
    with pytest.MonkeyPatch.context() as patch:
        built = functools.cache(typer.main.get_command)
        patch.setattr(typer.testing, "_get_command", built)  # raising=True: it must exist
        yield


@pytest.fixture(autouse=True)
def _no_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    """Output for people follows COLUMNS when piped: tests set it where they mean to."""
    monkeypatch.delenv("COLUMNS", raising=False)


@pytest.fixture
def write(tmp_path: Path) -> Callable[..., Path]:
    """Write dedented text to a file in tmp_path and return its path."""

    def _write(text: str, name: str = "scenario.yaml") -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return _write


@pytest.fixture
def saved_figures(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Every matplotlib Figure a command saves, caught as it is saved: what the PNG, SVG
    or PDF holds is what these figures hold (their lines' data, their texts and where
    they point), read exactly rather than recovered from the file's drawing coordinates."""
    pytest.importorskip("matplotlib")
    from matplotlib.figure import Figure

    figures: list[Any] = []
    save = Figure.savefig

    def savefig(self: Figure, *args: Any, **kwargs: Any) -> None:
        figures.append(self)
        save(self, *args, **kwargs)

    monkeypatch.setattr(Figure, "savefig", savefig)
    return figures
