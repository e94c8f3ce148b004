"""Check that the hledger journal really is the same scenario: month by month, hledger's
historical balance of ``assets:fund`` must equal the ``closing`` of every month that
``mss-runway forecast --format json`` prints (pledged lens).

    python benchmarks/check_equivalence.py                  # a few small scenarios
    python benchmarks/check_equivalence.py --contributions 2000 --costs 50 --seeds 1

Exit 0 when every month of every scenario agrees to the cent, 1 on a difference,
2 when hledger is missing (``apt-get install hledger``).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import shutil
import subprocess
import sys
import tempfile
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import generate, hledger_journal


def mss_runway() -> str:
    """The installed console script beside the running Python."""
    return str(Path(sys.executable).parent / "mss-runway")


def hledger_balances(journal: Path, period: str) -> dict[str, Decimal]:
    """Month ``YYYY-MM`` -> hledger's historical balance of assets:fund at its end."""
    out = subprocess.run(
        [*hledger_journal.balance_argv("hledger", str(journal), period), "-O", "csv"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    rows = list(csv.reader(io.StringIO(out)))
    header = rows[0]
    fund = next(row for row in rows if row[0] == "assets:fund")
    return {month: Decimal(value or "0") for month, value in zip(header[1:], fund[1:], strict=True)}


def mss_closings(scenario: Path) -> dict[str, Decimal]:
    out = subprocess.run(
        [mss_runway(), "forecast", str(scenario), "--format", "json", "--count", "pledged"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    document = json.loads(out, parse_float=Decimal)
    return {row["month"]: Decimal(row["closing"]) for row in document["months"]}


def check(contributions: int, costs: int, months: int, seed: int, work: Path) -> list[str]:
    """Differences between the two for one generated scenario (empty when they agree)."""
    from mss_runway import load_scenario

    paths = generate.write(generate.generate(contributions, costs, months, seed), work / f"s{seed}")
    scenario = load_scenario(paths["inline"])
    journal = work / f"s{seed}.journal"
    journal.write_text(hledger_journal.journal_text(scenario), encoding="utf-8")
    ours = mss_closings(paths["inline"])
    theirs = hledger_balances(journal, hledger_journal.forecast_period(scenario))
    problems = [
        f"seed {seed} {month}: mss-runway {closing}, hledger {theirs.get(month)}"
        for month, closing in ours.items()
        if theirs.get(month) != closing
    ]
    print(
        f"seed {seed}: {contributions} contributions, {costs} cost lines, {months} months: "
        f"{len(ours)} ledger months compared, {len(problems)} differ"
        + (f"; last month {max(ours)} closes at {ours[max(ours)]}" if ours else "")
    )
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--contributions", type=int, default=40)
    parser.add_argument("--costs", type=int, default=12)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--seeds", type=int, default=5, help="how many seeds (1, 2, ...)")
    args = parser.parse_args(argv)
    if shutil.which("hledger") is None:
        print("hledger not found: install it with `apt-get install hledger`", file=sys.stderr)
        return 2
    problems: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        for seed in range(1, args.seeds + 1):
            problems += check(args.contributions, args.costs, args.months, seed, Path(tmp))
    for problem in problems:
        print(problem)
    print("equivalent" if not problems else f"{len(problems)} months differ")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
