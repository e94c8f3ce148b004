"""Mutation testing of the core (issue 15): mutmut 3 over the modules named in pyproject.toml's
[tool.mutmut] `only_mutate`, each mutant run against the suite as CI runs it (CI=true: the
hypothesis "ci" profile).

    python -m pip install mutmut==3.8.1      # a developer's tool, not a dependency
    python benchmarks/mutation.py            # run (resumes where it stopped) and print the table
    python benchmarks/mutation.py --report   # print the table from the last run only
    python benchmarks/mutation.py --write-docs   # also put it in docs/testing.md

Not part of CI: a whole run takes about two hours on a 2-core machine. mutmut keeps its work in
`mutants/` (ignored by git); delete that folder to start again from nothing.

A surviving mutant is either killed by a new test or listed in
benchmarks/mutation_equivalent/MODULE.txt (e.g. `importers.fts.txt`), one per line, as
`NAME: why no test can tell it apart`; `#` starts a comment line.
The score of a module is killed / (tried - equivalent); a mutant that times out counts as
killed (the suite noticed: it never finished), one no test reaches counts as survived.
The command exits 1 when a module scores under 95%, or when the list of equivalent mutants
names one that is not a survivor any more (so the list cannot go stale).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EQUIVALENT = ROOT / "benchmarks" / "mutation_equivalent"
DOCS = ROOT / "docs" / "testing.md"
BEGIN, END = "<!-- mutation:begin -->", "<!-- mutation:end -->"
BAR = 95.0

# mutmut's exit codes (mutmut/stats.py), in our words
KILLED = {1, 3}  # a test failed (3: pytest's internal error, a crash, also a kill)
TIMEOUT = {36, 24, -24, 152, 255}
SURVIVED = {0}
NO_TESTS = {5, 33}
TYPE_CHECK = {37}


@dataclass
class Module:
    name: str
    results: dict[str, int | None] = field(default_factory=dict)

    def count(self, codes: set[int]) -> int:
        return sum(1 for code in self.results.values() if code in codes)

    @property
    def unchecked(self) -> int:
        return sum(1 for code in self.results.values() if code is None)

    def survivors(self) -> list[str]:
        return sorted(k for k, c in self.results.items() if c in SURVIVED | NO_TESTS)


def read_results() -> dict[str, Module]:
    modules: dict[str, Module] = {}
    base = ROOT / "mutants" / "src"
    for meta in sorted(base.rglob("*.py.meta")):
        name = str(meta.relative_to(base / "mss_runway"))[: -len(".py.meta")]
        data = json.loads(meta.read_text(encoding="utf-8"))
        modules[name] = Module(name, dict(data["exit_code_by_key"]))
    return modules


def read_equivalent() -> dict[str, str]:
    reasons: dict[str, str] = {}
    for path in sorted(EQUIVALENT.glob("*.txt")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            name, sep, reason = line.partition(": ")
            if not sep or not reason.strip():
                sys.exit(f"error: {path.name}:{number}: expected `NAME: reason`")
            reasons[name.strip()] = reason.strip()
    return reasons


def diff_of(name: str) -> str:
    """The changed lines of one mutant, as `mutmut show` prints them."""
    shown = subprocess.run(
        ["mutmut", "show", name], cwd=ROOT, capture_output=True, text=True, check=False
    ).stdout
    minus = [line[1:].strip() for line in shown.splitlines() if re.match(r"-[^-]", line)]
    plus = [line[1:].strip() for line in shown.splitlines() if re.match(r"\+[^+]", line)]
    return f"`{' '.join(minus)}` → `{' '.join(plus)}`"


def report(modules: dict[str, Module], equivalent: dict[str, str]) -> tuple[str, list[str]]:
    problems: list[str] = []
    lines = [
        "| Module | Mutants | Killed | Timed out | Survived | No test reaches | Equivalent "
        "| Not checked | Score |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    totals: Counter[str] = Counter()
    for module in modules.values():
        tried = len(module.results)
        killed = module.count(KILLED | TYPE_CHECK)
        timeout = module.count(TIMEOUT)
        survived = module.count(SURVIVED)
        no_tests = module.count(NO_TESTS)
        equal = sum(1 for name in module.survivors() if name in equivalent)
        counted = tried - equal - module.unchecked
        score = 100.0 * (killed + timeout) / counted if counted else 0.0
        shown = f"{score:.1f}%" if counted else "not run"
        if module.unchecked:
            plural = "" if module.unchecked == 1 else "s"
            problems.append(f"{module.name}: {module.unchecked} mutant{plural} not checked yet")
        if counted and score < BAR:
            problems.append(f"{module.name}: {score:.1f}% killed, under {BAR:.0f}%")
        lines.append(
            f"| `{module.name}` | {tried} | {killed} | {timeout} | {survived} | {no_tests} "
            f"| {equal} | {module.unchecked} | {shown} |"
        )
        totals.update(
            tried=tried,
            killed=killed,
            timeout=timeout,
            survived=survived,
            no_tests=no_tests,
            equal=equal,
            unchecked=module.unchecked,
            counted=counted,
        )
    total = 100.0 * (totals["killed"] + totals["timeout"]) / max(totals["counted"], 1)
    lines.append(
        f"| all | {totals['tried']} | {totals['killed']} | {totals['timeout']} "
        f"| {totals['survived']} | {totals['no_tests']} | {totals['equal']} "
        f"| {totals['unchecked']} | {total:.1f}% |"
    )
    survivors = {name for m in modules.values() for name in m.survivors()}
    unchecked = {n for m in modules.values() for n, code in m.results.items() if code is None}
    for name in sorted(set(equivalent) - survivors - unchecked):
        problems.append(f"{EQUIVALENT.name}/: {name} is not a surviving mutant")
    for name in sorted(survivors - set(equivalent)):
        problems.append(f"survived, not known to be equivalent: {name}")
    lines += ["", "Equivalent mutants (no test can tell them from the code):", ""]
    lines += ["| Mutant | Change | Why it is equivalent |", "|---|---|---|"]
    for name in sorted(survivors & set(equivalent)):
        short = name.removeprefix("mss_runway.")
        change, reason = (cell.replace("|", "\\|") for cell in (diff_of(name), equivalent[name]))
        lines.append(f"| `{short}` | {change} | {reason} |")
    return "\n".join(lines), problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--report", action="store_true", help="only report the last run")
    parser.add_argument("--write-docs", action="store_true", help="update docs/testing.md")
    parser.add_argument("--max-children", default=str(os.cpu_count() or 2))
    args = parser.parse_args()
    if not args.report:
        env = dict(os.environ, CI="true")  # the suite as CI runs it: hypothesis "ci" profile
        run = ["mutmut", "run", "--max-children", args.max_children]
        subprocess.run(run, cwd=ROOT, env=env, check=False)
    table, problems = report(read_results(), read_equivalent())
    print(table)
    for problem in problems:
        print(f"problem: {problem}", file=sys.stderr)
    if args.write_docs:
        text = DOCS.read_text(encoding="utf-8")
        start, end = text.index(BEGIN) + len(BEGIN), text.index(END)
        DOCS.write_text(text[:start] + "\n" + table + "\n" + text[end:], encoding="utf-8")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
