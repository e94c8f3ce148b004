"""Write the hledger journal equivalent to a scenario, for the peer comparison.

    python benchmarks/hledger_journal.py benchmarks/data/c50000/inline.yaml -o fund.journal
    hledger -f fund.journal balance assets:fund --monthly --historical \
        --forecast=2025-01..2035-01 -b 2025-01 -e 2035-01

The journal holds, for the ``pledged`` lens (every contribution counts):

- the opening balance, a transaction on the first day of ``start``;
- each contribution, a transaction on the first day of its month into ``assets:fund``
  from ``income:STATUS``;
- each one-off cost, a transaction on the first day of its month;
- each recurring cost, and each part of a per-unit cost during which its count holds,
  a periodic transaction ``~ monthly from FIRST to AFTER-LAST``, amount = unit cost x
  count (hledger's ``to`` is exclusive).

Every rule is cut to the ledger's longest horizon (120 months from ``start``), as
mss-runway does. hledger then prints the fund's closing balance for each month, which
must equal the ``closing`` of ``mss-runway forecast --format json`` month by month
(``benchmarks/check_equivalence.py`` checks it). Scenarios with foreign-currency
contributions are refused: the equivalent journal would need mss-runway's rounding.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mss_runway import Month, Scenario

#: The longest ledger mss-runway keeps, in months.
HORIZON = 120


def day(month: Month) -> str:
    """The first day of ``month``, as hledger writes dates."""
    return f"{month}-01"


def forecast_period(scenario: Scenario) -> str:
    """The ``--forecast=`` period covering the whole horizon (end exclusive)."""
    return f"{scenario.start}..{scenario.start + HORIZON}"


def balance_argv(hledger: str, journal: str, period: str) -> list[str]:
    """The hledger command that prints the fund's month-end balances over ``period``
    (``START..END``, end exclusive), periodic rules included (``--forecast``)."""
    first, after = period.split("..")
    return [
        hledger, "-f", journal, "balance", "assets:fund", "--monthly", "--historical",
        f"--forecast={period}", "-b", first, "-e", after,
    ]  # fmt: skip


def _posting(account: str, amount: Decimal | None = None) -> str:
    if amount is None:
        return f"    {account}\n"
    return f"    {account:<30}{amount:>20}\n"


def _periods(scenario: Scenario) -> Iterator[tuple[Month, Month, Decimal, str]]:
    """Each recurring part: (first month, month after the last, amount per month, label)."""
    from mss_runway import PerUnitCost, RecurringCost

    start = scenario.start
    end = start + HORIZON  # exclusive
    for cost in scenario.costs:
        if isinstance(cost, RecurringCost):
            first = max(cost.from_ or start, start)
            after = end if cost.to is None else min(cost.to + 1, end)
            if first < after and cost.monthly:
                yield first, after, cost.monthly, cost.label
        elif isinstance(cost, PerUnitCost):
            keys = sorted(cost.units.items())
            for k, (month, count) in enumerate(keys):
                after = keys[k + 1][0] if k + 1 < len(keys) else end
                if cost.to is not None:
                    after = min(after, cost.to + 1)
                first = max(month, start)
                amount = cost.unit_cost * count
                if first < min(after, end) and amount:
                    yield first, min(after, end), amount, f"{cost.label} ({count} units)"


def journal_text(scenario: Scenario) -> str:
    """The hledger journal of ``scenario`` (the pledged lens)."""
    from mss_runway import OneOffCost

    foreign = [c for c in scenario.contributions if c.currency not in (None, scenario.currency)]
    if foreign:
        raise ValueError(
            f"{len(foreign)} contributions are in another currency than {scenario.currency}: "
            "not supported by this journal writer"
        )
    end = scenario.start + HORIZON
    out = [
        f"; {scenario.name}\n",
        "; written by benchmarks/hledger_journal.py: the pledged lens of the scenario\n\n",
        f"{day(scenario.start)} opening balance\n",
        _posting("assets:fund", scenario.opening_balance),
        _posting("equity:opening"),
        "\n",
    ]
    for c in scenario.contributions:
        if c.date < end:
            out += [
                f"{day(c.date)} {c.donor}\n",
                _posting("assets:fund", c.amount),
                _posting(f"income:{c.status}"),
                "\n",
            ]
    for cost in scenario.costs:
        if isinstance(cost, OneOffCost) and cost.date < end and cost.amount:
            out += [
                f"{day(cost.date)} {cost.label}\n",
                _posting("expenses:costs", cost.amount),
                _posting("assets:fund"),
                "\n",
            ]
    for first, after, amount, label in _periods(scenario):
        # two spaces end the period expression; the rest is the description
        out += [
            f"~ monthly from {day(first)} to {day(after)}  {label}\n",
            _posting("expenses:costs", amount),
            _posting("assets:fund"),
            "\n",
        ]
    return "".join(out)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("scenario", type=Path, help="scenario YAML (contributions inline)")
    parser.add_argument("-o", "--output", type=Path, help="journal file (default: stdout)")
    args = parser.parse_args(argv)
    from mss_runway import load_scenario

    text = journal_text(load_scenario(args.scenario))
    if args.output is None:
        sys.stdout.write(text)
    else:
        args.output.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
