"""Problems as values: each carries the file, line and column it points at."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, and where it is (line and column count from 1)."""

    file: str
    line: int | None
    column: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class ScenarioError(Exception):
    """An input that is not a valid scenario; holds every problem found in it."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(sorted(problems, key=_order))
        super().__init__("\n".join(str(p) for p in self.problems))


def _order(problem: Problem) -> tuple[str, int, int, str]:
    return (problem.file, problem.line or 0, problem.column or 0, problem.path)


def format_path(path: Iterable[str | int]) -> str:
    """``("contributions", 3, "amount")`` -> ``contributions[3].amount``."""
    text = ""
    for part in path:
        if isinstance(part, int) or (text and not part.isidentifier()):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text


class InputError(ValueError):
    """Input that is valid as a file but cannot be used as asked (a what-if that does not
    fit the scenario, scenarios that cannot be compared): exit 2 with the message."""


class OptionError(InputError):
    """A value a command-line option cannot take, its message starting with the option
    (``--since: ...``): a usage error, so the command line adds where to read about it."""
