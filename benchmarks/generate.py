"""Generate large, deterministic scenarios for the benchmarks.

    python benchmarks/generate.py --contributions 50000 --costs 500 --months 120 --seed 1 \
        --out benchmarks/data/c50000

writes into ``--out``:

- ``inline.yaml``: a scenario with every contribution written inline (flow mappings,
  one a line);
- ``from-csv.yaml``: the same scenario, its contributions read from
  ``contributions_file: contributions.csv``;
- ``contributions.csv``: those contributions, columns ``donor,amount,status,date,currency,note``
  with a header row (empty cells for an absent optional currency or note).

The scenario starts in 2025-01 and its target is the last of the ``--months`` months.
Contributions have amounts with cents, mixed statuses and dates spread over the months
(a few written as days, ``YYYY-MM-DD``); cost lines are a mix of recurring lines (some with
``from``/``to``), one-off payments and per-unit lines whose count changes. The same seed
always gives the same bytes.

``--uncertain`` makes every contribution committed or pledged (none received), for the
simulate benchmark, where those are the uncertain ones.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
from dataclasses import dataclass, field
from pathlib import Path

START_YEAR = 2025
START_MONTH = 1
STATUSES = ("received", "committed", "pledged")
CSV_COLUMNS = ("donor", "amount", "status", "date", "currency", "note")
CURRENCY = "USD"


@dataclass(frozen=True)
class Contribution:
    donor: str
    amount: str  # decimal text with two places, e.g. "1234.05"
    status: str
    date: str  # YYYY-MM or YYYY-MM-DD
    currency: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Cost:
    """One cost line as the YAML mapping it is written as (keys in file order)."""

    fields: dict[str, object]


@dataclass(frozen=True)
class Generated:
    name: str
    start: str
    target: str
    opening_balance: str
    contributions: list[Contribution]
    costs: list[Cost] = field(default_factory=list)


def month_text(offset: int) -> str:
    """``YYYY-MM`` of the month ``offset`` months after the start (2025-01)."""
    index = START_YEAR * 12 + START_MONTH - 1 + offset
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def money_text(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


def generate(
    contributions: int, costs: int, months: int, seed: int, *, uncertain: bool = False
) -> Generated:
    """A scenario of ``contributions`` contributions and ``costs`` cost lines over ``months``."""
    if not 1 <= months <= 120:
        raise ValueError("months must be 1 to 120 (a ledger holds at most 120 months)")
    rng = random.Random(seed)
    donors = [f"Donor {n:04d}" for n in range(max(1, min(contributions, 400)))]
    statuses = STATUSES[1:] if uncertain else STATUSES
    made = []
    for n in range(contributions):
        offset = rng.randrange(months)
        date = month_text(offset)
        if rng.random() < 0.1:
            date += f"-{rng.randint(1, 28):02d}"
        made.append(
            Contribution(
                donor=rng.choice(donors),
                amount=money_text(rng.randint(1_00, 2_000_000_00)),
                status=rng.choice(statuses),
                date=date,
                currency=CURRENCY if rng.random() < 0.1 else None,
                note=f"batch {n // 1000}" if rng.random() < 0.2 else None,
            )
        )
    # Costs sized so that, on average, they spend about what comes in: the balance
    # moves both ways and some scenarios run out (both paths of the engine run).
    mean_inflow_per_month = contributions * 1_000_000_00 // months
    per_line = max(1_00, mean_inflow_per_month // max(costs, 1))
    lines = [_cost(rng, n, months, per_line) for n in range(costs)]
    return Generated(
        name=f"Generated, {contributions} contributions, {costs} cost lines, {months} months, "
        f"seed {seed}",
        start=month_text(0),
        target=month_text(months - 1),
        opening_balance=money_text(rng.randint(1_00, 3 * max(mean_inflow_per_month, 1_00))),
        contributions=made,
        costs=lines,
    )


def _cost(rng: random.Random, n: int, months: int, per_line: int) -> Cost:
    kind = rng.random()
    label = f"Cost line {n:04d}"
    if kind < 0.5:  # recurring, half of them bounded by from and/or to
        fields: dict[str, object] = {
            "label": label,
            "monthly": money_text(rng.randint(per_line // 2, per_line * 3 // 2)),
        }
        first = rng.randrange(months)
        if rng.random() < 0.5:
            fields["from"] = month_text(first)
        if rng.random() < 0.5:
            fields["to"] = month_text(rng.randrange(first, months))
        return Cost(fields)
    if kind < 0.75:  # one-off
        return Cost(
            {
                "label": label,
                "amount": money_text(rng.randint(per_line, per_line * 6)),
                "date": month_text(rng.randrange(months)),
            }
        )
    # per unit: a count that changes at one to three months
    keys = sorted(rng.sample(range(months), k=min(months, rng.randint(1, 3))))
    unit_cost = rng.randint(max(1, per_line // 200), max(2, per_line // 20))
    fields = {
        "label": label,
        "unit_cost": money_text(unit_cost),
        "units": {month_text(k): rng.randint(0, 40) for k in keys},
    }
    if rng.random() < 0.3:
        fields["to"] = month_text(rng.randrange(keys[-1], months))
    return Cost(fields)


# --- writers ------------------------------------------------------------------------------


def _scalar(value: object) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_scalar(v)}" for k, v in value.items()) + "}"
    return str(value)


def contribution_yaml(c: Contribution) -> str:
    parts = [f"donor: {c.donor}", f"amount: {c.amount}", f"status: {c.status}", f"date: {c.date}"]
    if c.currency is not None:
        parts.append(f"currency: {c.currency}")
    if c.note is not None:
        parts.append(f"note: {c.note}")
    return "  - {" + ", ".join(parts) + "}\n"


def scenario_yaml(scenario: Generated, contributions_file: str | None = None) -> str:
    """The scenario as YAML: contributions inline, or named by ``contributions_file``."""
    out = [
        f"name: {scenario.name}\n",
        f"currency: {CURRENCY}\n",
        f"start: {scenario.start}\n",
        f"target: {scenario.target}\n",
        f"opening_balance: {scenario.opening_balance}\n",
    ]
    if contributions_file is not None:
        out.append(f"contributions_file: {contributions_file}\n")
    elif scenario.contributions:
        out.append("contributions:\n")
        out.extend(contribution_yaml(c) for c in scenario.contributions)
    else:
        out.append("contributions: []\n")
    if scenario.costs:
        out.append("costs:\n")
        out.extend(f"  - {_scalar(cost.fields)}\n" for cost in scenario.costs)
    else:
        out.append("costs: []\n")
    return "".join(out)


def contributions_csv(contributions: list[Contribution]) -> str:
    """The contributions as CSV with a header row; an absent optional field is an empty cell."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for c in contributions:
        writer.writerow([c.donor, c.amount, c.status, c.date, c.currency or "", c.note or ""])
    return buffer.getvalue()


def write(scenario: Generated, out: Path) -> dict[str, Path]:
    """Write the three files into ``out``; returns them by role."""
    out.mkdir(parents=True, exist_ok=True)
    paths = {
        "inline": out / "inline.yaml",
        "from_csv": out / "from-csv.yaml",
        "csv": out / "contributions.csv",
    }
    paths["inline"].write_text(scenario_yaml(scenario), encoding="utf-8")
    paths["from_csv"].write_text(
        scenario_yaml(scenario, contributions_file=paths["csv"].name), encoding="utf-8"
    )
    paths["csv"].write_text(contributions_csv(scenario.contributions), encoding="utf-8")
    return paths


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--contributions", type=int, required=True)
    parser.add_argument("--costs", type=int, required=True)
    parser.add_argument("--months", type=int, default=120)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--uncertain", action="store_true", help="no received contributions")
    parser.add_argument("--out", type=Path, required=True, help="directory to write into")
    args = parser.parse_args(argv)
    scenario = generate(
        args.contributions, args.costs, args.months, args.seed, uncertain=args.uncertain
    )
    for role, path in write(scenario, args.out).items():
        print(f"{role}: {path}")


if __name__ == "__main__":
    main()
