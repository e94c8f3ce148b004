"""Monte Carlo simulation of the money that is not yet in (``mss-runway simulate``).

Each run draws, for every committed or pledged contribution the lens counts (``--count``;
``pledged``, all of them, by default), whether it arrives at all and, if it does, how many
whole months late; and, when ``costs_uncertainty`` is u > 0, one cost factor for the run.
It then runs the ledger exactly as ``forecast`` does under that lens, with the
contributions that arrived at their drawn months (same ledger range, same extension past
the target). Received money is certain.

Sampling (see docs/uncertainty.md):

* One 32-bit random integer V per run and contribution, drawn in run order. With
  T = round(probability x 2**32), the contribution arrives when V < T, so its chance is
  T / 2**32, within 2**-33 of the probability asked for. Given that it arrives, V is
  uniform on [0, T) and the delay is min + floor(V x w / T) with w = max - min + 1: each
  of the w delays has a chance within 1/T of 1/w.
* The cost factor is k / 10000 with k a uniform whole number in
  [10000 x (1 - u), 10000 x (1 + u)]: the factor is discretized to steps of 0.0001 (u
  has at most four decimals, so both ends are on the grid). All cost factors of a
  simulation are drawn before the contributions.

Money is integer cents (int64) from end to end, never floating point. The one rounding
point: a cost's price times k / 10000, rounded to the cent half to even (the same as
:func:`mss_runway.money.multiply`), where the price is a recurring line's ``monthly``, a
one-off's ``amount`` or a per-unit line's ``unit_cost`` (then times its count): the rule
``--scale-costs`` and ``solve`` use (``whatif.scaled_costs``).
Amounts whose sum could come near the int64 range are refused
(:class:`SimulationTooLarge`).

Each run's lowest closing balance is kept (through the target; without one, through the
run's own ledger) and reported by percentile. With a ``reserve``, a run stays above it
when every closing balance that long is at or above the month's reserve; a reserve of N
months of costs is N times the month's *planned* cost lines (as ``forecast`` computes it,
rounded half to even), not the run's drawn costs: the floor is set by the plan.

Percentiles of exhaustion months and shortfalls use the "lower" (nearest-rank from
below) method: the p-th percentile of n sorted outcomes is the one at 0-based position
floor(p x (n - 1) / 100), so it is always an outcome that happened, exact to the cent.
An exhaustion month of "never" (not exhausted within the ledger) counts as later than
any month.

Balances are the other way round. The lowest balance is the shortfall seen from the
other side, so its percentiles take the mirror position, ceil(p x (n - 1) / 100)
(:func:`low_tail_percentiles`): its p-th percentile is minus the shortfall's (100 - p)-th
whenever every run ends short at its lowest point, and at least p% of runs fall to it or
lower. The fan chart's closing balances take the same positions, so its target month
agrees with both.

numpy is imported inside functions only (start-up time of the other commands).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal
from typing import TYPE_CHECKING, Any, Final

from .actuals import Recorded
from .assumptions import Uncertainty, status_defaults, uncertainty_of
from .breakdown import Item, breakdown
from .fields import MAX_LEDGER_MONTHS
from .money import as_cents, from_cents
from .months import Month
from .projection import DEFAULT_LENS, Lens
from .projection import counts as counted
from .scenario import Scenario

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Ints = npt.NDArray[np.int64]

DEFAULT_RUNS: Final = 10_000
#: Most runs one simulation may have (the closing balances of every run are kept for the
#: fan chart: 100,000 runs x 120 months x 8 bytes = 96 MB).
MAX_RUNS: Final = 100_000
PERCENTILES: Final = (10, 50, 90)
#: Random draws per chunk of runs: bounds memory (about 40 bytes per draw at peak).
CHUNK_DRAWS: Final = 1 << 20
#: Factor steps per unit: the cost factor is k / FACTOR_SCALE.
FACTOR_SCALE: Final = 10_000
#: Largest total amount, in cents, that integer arithmetic may meet (well inside int64).
MAX_TOTAL_CENTS: Final = 1 << 62
_BITS: Final = 1 << 32

Progress = Callable[[int, int], None]
"""Called with (runs done, runs in all) after each chunk of runs."""


class SimulationTooLarge(ValueError):
    """Amounts too large for exact 64-bit integer cents."""


@dataclass(frozen=True, slots=True)
class FanRow:
    """The 10th, 50th and 90th percentile closing balance of one month."""

    month: Month
    p10: Decimal
    p50: Decimal
    p90: Decimal


@dataclass(frozen=True, slots=True)
class Simulation:
    """What ``simulate`` found. ``exhausted`` and ``shortfall`` map 10, 50, 90 to the
    percentile; ``shortfall`` and ``through_target`` are None without a target."""

    scenario: Scenario
    runs: int
    seed: int
    through_target: int | None  # runs with no negative closing from start through target
    exhausted: dict[int, Month | None]
    shortfall: dict[int, Decimal] | None
    months: tuple[FanRow, ...]
    uncertain: int  # contributions drawn in each run
    defaults: dict[str, Uncertainty]
    warnings: tuple[str, ...]
    #: percentiles of each run's lowest closing balance, through the target (without one,
    #: through the run's ledger)
    lowest: dict[int, Decimal] = field(default_factory=dict)
    #: runs whose every closing balance through the target (without one, through the run's
    #: ledger) is at or above the reserve; None without a reserve
    above_reserve: int | None = None

    @property
    def p_above_reserve(self) -> Decimal | None:
        """Share of runs that stay at or above the reserve, to four decimals."""
        return None if self.above_reserve is None else _share(self.above_reserve, self.runs)

    @property
    def p_through_target(self) -> Decimal | None:
        """Share of runs lasting through the target, to four decimals (half to even)."""
        if self.through_target is None:
            return None
        return _share(self.through_target, self.runs)


def _share(count: int, runs: int) -> Decimal:
    """``count / runs`` to four decimals, half to even."""
    return (Decimal(count) / runs).quantize(Decimal("0.0001"), rounding=ROUND_HALF_EVEN)


@dataclass(frozen=True)
class _Model:
    """The scenario as integer arrays: what each run starts from."""

    opening: int
    certain: Ints  # received money by month, cents
    fixed_end: int  # last month named by start, target, costs and received money
    amounts: Ints  # each uncertain contribution, cents
    first: Ints  # its earliest month: date + min delay
    width: Ints  # how many delays are possible: max - min + 1
    threshold: Ints  # arrives when a 32-bit draw is below this
    cost_amounts: Ints  # the distinct monthly amounts of the cost lines, cents
    cost_counts: Ints  # months x distinct amounts: how many lines pay that amount then
    outflow: Ints  # unscaled outflow by month, cents
    recorded_out: Ints  # the actual months' outflow (never scaled), cents; 0 after them
    factor: tuple[int, int]  # the cost factor's range, in 1/FACTOR_SCALE
    target_index: int | None
    reserve: Ints | None  # each month's reserve, cents (from the planned costs)


def simulate(
    scenario: Scenario,
    runs: int = DEFAULT_RUNS,
    seed: int = 0,
    progress: Progress | None = None,
    lens: Lens = DEFAULT_LENS,
) -> Simulation:
    """Simulate ``runs`` runs of ``scenario`` with random numbers from ``seed``, drawing
    only the contributions ``lens`` counts (the others are left out, as ``forecast
    --count`` leaves them out of its ledger: they still stretch its range)."""
    import numpy as np

    if not 1 <= runs <= MAX_RUNS:
        raise ValueError(f"runs must be from 1 to {MAX_RUNS:,}, got {runs}")
    parts = breakdown(scenario)
    model = _model(scenario, parts.items, parts.fixed_end, lens, parts.flow.reserve, parts.recorded)
    horizon = MAX_LEDGER_MONTHS
    rng = np.random.default_rng(seed)
    low, high = model.factor
    factors = (
        rng.integers(low, high + 1, size=runs, dtype=np.int64)
        if low != high
        else np.full(runs, low, dtype=np.int64)
    )
    closings = np.empty((runs, horizon), dtype=np.int64)
    exhausted = np.empty(runs, dtype=np.int64)
    lengths = np.empty(runs, dtype=np.int64)
    lowest = np.empty(runs, dtype=np.int64)
    above = np.empty(runs, dtype=bool)
    step = max(1, min(runs, CHUNK_DRAWS // max(1, len(model.amounts))))
    for begin in range(0, runs, step):
        end = min(runs, begin + step)
        _run_chunk(
            model,
            rng,
            factors[begin:end],
            closings[begin:end],
            exhausted[begin:end],
            lengths[begin:end],
            lowest[begin:end],
            above[begin:end],
        )
        if progress is not None:
            progress(end, runs)

    target = model.target_index
    return Simulation(
        scenario=scenario,
        runs=runs,
        seed=seed,
        through_target=None if target is None else int(np.count_nonzero(lowest >= 0)),
        exhausted={
            p: (None if int(v) >= horizon else scenario.start + int(v))
            for p, v in _lower_percentiles(exhausted).items()
        },
        shortfall=None
        if target is None
        else {p: from_cents(int(v)) for p, v in _lower_percentiles(np.maximum(-lowest, 0)).items()},
        months=_fan(closings[:, : int(lengths.max())], scenario.start),
        uncertain=len(model.amounts),
        defaults=status_defaults(scenario.assumptions),
        warnings=parts.flow.warnings,
        lowest={p: from_cents(v) for p, v in low_tail_percentiles(lowest).items()},
        above_reserve=None if model.reserve is None else int(np.count_nonzero(above)),
    )


def _model(
    scenario: Scenario,
    items: tuple[Item, ...],
    fixed_end: int,
    lens: Lens,
    reserve: list[Decimal] | None,
    recorded: Recorded | None = None,
) -> _Model:
    """``items`` and ``fixed_end`` as :func:`mss_runway.breakdown.breakdown` gives them;
    with actuals (``recorded``) the actual months are fixed: their inflow certain, their
    outflow as recorded (never scaled), the cost lines counted from the month after."""
    import numpy as np

    from .projection import segments

    horizon = MAX_LEDGER_MONTHS
    actual = 0 if recorded is None else recorded.months
    certain = [0] * horizon
    recorded_out = [0] * horizon
    for i in range(actual):
        assert recorded is not None
        certain[i] = as_cents(recorded.inflows[i])
        recorded_out[i] = as_cents(recorded.outflows[i])
    fixed = fixed_end
    drawn: list[tuple[int, int, int, int]] = []
    for item in items:
        c = item.contribution
        how = uncertainty_of(c.status, c.probability, c.delay_months, scenario.assumptions)
        cents = as_cents(item.amount)
        if not counted(c.status, lens):
            fixed = max(fixed, item.month)
            continue
        if c.status == "received":
            certain[item.month] += cents
            fixed = max(fixed, item.month)
            continue
        threshold = int((how.probability * _BITS).to_integral_value(rounding=ROUND_HALF_EVEN))
        if threshold:  # a chance below 2**-33 is no chance: it never arrives
            low, high = how.delay
            drawn.append((cents, item.month + low, high - low + 1, threshold))

    amounts: dict[int, int] = {}
    counts: list[dict[int, int]] = [{} for _ in range(horizon)]
    for cost in scenario.costs:
        # Columns are prices (a line's monthly amount, or a unit cost) and counts their
        # quantities, so a scaled per-unit line costs round(unit cost x factor) x units,
        # as --scale-costs and solve scale it (whatif.scaled_costs).
        for first, final, price, quantity in segments(cost, scenario.start):
            cents = as_cents(price)
            if not cents or not quantity or first >= horizon:
                continue
            column = amounts.setdefault(cents, len(amounts))
            stop = horizon if final is None else min(final + 1, horizon)
            for month in range(max(first, actual), stop):
                counts[month][column] = counts[month].get(column, 0) + quantity
    values = list(amounts)
    outflow = [sum(values[column] * n for column, n in row.items()) for row in counts]
    total = (
        as_cents(scenario.opening_balance)
        + sum(certain)
        + sum(d[0] for d in drawn)
        + sum(map(abs, recorded_out))
    )
    if total + 2 * sum(outflow) >= MAX_TOTAL_CENTS:
        raise SimulationTooLarge(
            "the amounts in this scenario are too large to simulate exactly in 64-bit cents "
            f"(their total must stay below {from_cents(MAX_TOTAL_CENTS):,})"
        )
    cost_counts = np.zeros((horizon, max(1, len(values))), dtype=np.int64)
    for month, row in enumerate(counts):
        for column, count in row.items():
            cost_counts[month, column] = count
    cost_amounts = np.zeros(cost_counts.shape[1], dtype=np.int64)
    cost_amounts[: len(values)] = values
    spread = int(scenario.costs_uncertainty * FACTOR_SCALE)
    columns = list(zip(*drawn, strict=True)) if drawn else [(), (), (), ()]
    return _Model(
        opening=as_cents(scenario.opening_balance),
        certain=np.array(certain, dtype=np.int64),
        fixed_end=fixed,
        amounts=np.array(columns[0], dtype=np.int64),
        first=np.array(columns[1], dtype=np.int64),
        width=np.array(columns[2], dtype=np.int64),
        threshold=np.array(columns[3], dtype=np.int64),
        cost_amounts=cost_amounts,
        cost_counts=cost_counts,
        outflow=np.array(outflow, dtype=np.int64) + np.array(recorded_out, dtype=np.int64),
        recorded_out=np.array(recorded_out, dtype=np.int64),
        factor=(FACTOR_SCALE - spread, FACTOR_SCALE + spread),
        target_index=None if scenario.target is None else scenario.target - scenario.start,
        # A month's reserve may pass the int64 range (up to 120 months of costs); no
        # balance reaches MAX_TOTAL_CENTS, so one at or above it is never met either way.
        reserve=None
        if reserve is None
        else np.array([min(as_cents(r), MAX_TOTAL_CENTS) for r in reserve], np.int64),
    )


def scale_cents(amounts: Ints, factors: Ints) -> Ints:
    """``amounts[j] * factors[r] / FACTOR_SCALE`` rounded to the cent, half to even, as a
    runs x amounts array: exact integer arithmetic (amounts >= 0, factors >= 0)."""
    import numpy as np

    whole, rest = np.divmod(amounts, FACTOR_SCALE)
    product = whole[None, :] * factors[:, None]
    above, part = np.divmod(rest[None, :] * factors[:, None], FACTOR_SCALE)
    product += above
    twice = 2 * part
    up = (twice > FACTOR_SCALE) | ((twice == FACTOR_SCALE) & (product % 2 == 1))
    result: Ints = product + up
    return result


def _run_chunk(
    model: _Model,
    rng: Any,
    factors: Ints,
    closings: Ints,
    exhausted: Ints,
    lengths: Ints,
    lowest: Ints,
    above: npt.NDArray[np.bool_],
) -> None:
    """Draw and project ``len(factors)`` runs, writing each run's closing balances, first
    negative month within its ledger (or the horizon), ledger length, lowest closing
    balance through the target (without one, through its ledger) and whether it stays at
    or above the reserve that long into the arrays given."""
    import numpy as np

    horizon = MAX_LEDGER_MONTHS
    runs = len(factors)
    count = len(model.amounts)
    months = np.arange(horizon)

    # Where each contribution lands in each run; a column past the horizon holds what did
    # not arrive, or arrived too late for any ledger.
    landed = np.full(runs, -1, dtype=np.int64)
    inflow = np.zeros((runs, horizon + 1), dtype=np.int64)
    if count:
        draws = rng.integers(0, _BITS, size=(runs, count), dtype=np.uint32).astype(np.int64)
        missed = draws >= model.threshold
        at = draws
        at *= model.width
        at //= model.threshold
        at += model.first
        np.putmask(at, missed, horizon)
        np.minimum(at, horizon, out=at)
        landed = np.where(at < horizon, at, -1).max(axis=1)
        at += (np.arange(runs, dtype=np.int64) * (horizon + 1))[:, None]
        np.add.at(inflow.reshape(-1), at.reshape(-1), np.tile(model.amounts, runs))
    net = inflow[:, :horizon]
    net += model.certain
    if model.factor[0] == model.factor[1] == FACTOR_SCALE:
        outflow = np.broadcast_to(model.outflow, (runs, horizon))
    else:
        outflow = scale_cents(model.cost_amounts, factors) @ model.cost_counts.T
        outflow += model.recorded_out
    net -= outflow
    np.cumsum(net, axis=1, out=closings)
    closings += model.opening

    base = np.maximum(landed, model.fixed_end) + 1
    # forecast's ledger: through `base` months; past them only while the previous month
    # closed at or above zero and the month costs money.
    negative = closings < 0
    first_negative = np.where(negative.any(axis=1), negative.argmax(axis=1), horizon)
    idle = (outflow == 0) & (months >= base[:, None])
    first_idle = np.where(idle.any(axis=1), idle.argmax(axis=1), horizon)
    exhausted[:] = np.where(first_negative < first_idle, first_negative, horizon)
    lengths[:] = np.where(first_negative < base, base, np.minimum(first_idle, first_negative + 1))
    reserve = model.reserve
    if model.target_index is not None:
        through = closings[:, : model.target_index + 1]
        lowest[:] = through.min(axis=1)
        if reserve is not None:
            above[:] = (through >= reserve[: model.target_index + 1]).all(axis=1)
    else:
        inside = months[None, :] < lengths[:, None]
        lowest[:] = np.where(inside, closings, np.iinfo(np.int64).max).min(axis=1)
        if reserve is not None:
            above[:] = ((closings >= reserve) | ~inside).all(axis=1)


def _lower_percentiles(values: Ints) -> dict[int, int]:
    """The 10th, 50th and 90th percentile by the "lower" method (see module docstring)."""
    import numpy as np

    ranks = [p * (len(values) - 1) // 100 for p in PERCENTILES]
    ordered = np.partition(values, ranks)
    return {p: int(ordered[k]) for p, k in zip(PERCENTILES, ranks, strict=True)}


def _balance_ranks(n: int) -> list[int]:
    """Where the 10th, 50th and 90th percentile of n balances stand when sorted:
    ceil(p x (n - 1) / 100), the mirror of the "lower" method (see module docstring)."""
    return [-(-p * (n - 1) // 100) for p in PERCENTILES]


def low_tail_percentiles(values: Ints) -> dict[int, int]:
    """The 10th, 50th and 90th percentile of balances (each run's lowest): percentile p
    of ``values`` is minus the "lower" percentile 100 - p of ``-values`` (the shortfall's
    when every run ends short), and at least p% of runs fall to it or lower."""
    import numpy as np

    ranks = _balance_ranks(len(values))
    ordered = np.partition(values, ranks)
    return {p: int(ordered[k]) for p, k in zip(PERCENTILES, ranks, strict=True)}


def _fan(closings: Ints, start: Month) -> tuple[FanRow, ...]:
    import numpy as np

    ranks = _balance_ranks(len(closings))
    ordered = np.partition(closings, ranks, axis=0)
    return tuple(
        FanRow(start + m, *(from_cents(int(ordered[k, m])) for k in ranks))
        for m in range(closings.shape[1])
    )
