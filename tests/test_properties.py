"""Laws a finance officer takes for granted, checked on generated scenarios.

The number of examples per law is set in conftest.py: 500 in CI (CI=true), 60 locally.
"""

from __future__ import annotations

import copy
import itertools
import json
from decimal import Decimal
from typing import Any

from hypothesis import assume, given
from hypothesis import strategies as st
from typer.testing import CliRunner

from mss_runway import Month, Scenario, forecast, project
from mss_runway.cli import app
from mss_runway.money import ZERO, multiply
from mss_runway.projection import LENSES, Lens, Summary
from mss_runway.render.document import forecast_document
from mss_runway.render.jsontext import dumps

from .strategies import amounts, money, month, scenarios

COUNTED = {
    "received": {"received"},
    "committed": {"received", "committed"},
    "pledged": {"received", "committed", "pledged"},
}


def build(data: dict[str, Any]) -> Scenario:
    return Scenario.model_validate(data)


def naive_outflow(cost: dict[str, Any], m: Month, start: Month) -> Decimal:
    """A cost line's amount in month m, straight from the format's wording."""
    if "date" in cost:
        return Decimal(cost["amount"]) if Month.parse(cost["date"]) == m else ZERO
    to = Month.parse(cost["to"]) if "to" in cost else None
    if to is not None and m > to:
        return ZERO
    if "monthly" in cost:
        first = Month.parse(cost["from"]) if "from" in cost else start
        return Decimal(cost["monthly"]) if m >= first else ZERO
    units: dict[str, int] = cost["units"]
    in_force = [(Month.parse(k), n) for k, n in units.items() if Month.parse(k) <= m]
    if not in_force:
        return ZERO
    return Decimal(cost["unit_cost"]) * max(in_force)[1]


@given(scenarios(), st.sampled_from(LENSES))
def test_conservation_and_flows_match_the_format(data: dict[str, Any], lens: Lens) -> None:
    """Every month: opening + inflow - outflow = closing, exactly; the next month opens
    with it; inflow and outflow are what the format's rules give month by month; and the
    last closing is the opening balance plus all counted inflows minus all outflows.
    Slow under CI (~2-3 s): 500 generated scenarios, and generating them is most of it."""
    scenario = build(data)
    rows = project(scenario, lens).rows
    start = scenario.start
    assert rows[0].opening == scenario.opening_balance
    for before, row in itertools.pairwise(rows):
        assert row.opening == before.closing
    for row in rows:
        assert row.opening + row.inflow - row.outflow == row.closing
        expected_in = sum(
            (
                multiply(Decimal(c["amount"]), Decimal(data["fx"]["EUR"]))
                if c.get("currency") == "EUR"
                else Decimal(c["amount"])
                for c in data["contributions"]
                if c["status"] in COUNTED[lens] and Month.parse(c["date"]) == row.month
            ),
            ZERO,
        )
        assert row.inflow == expected_in
        assert row.outflow == sum((naive_outflow(c, row.month, start) for c in data["costs"]), ZERO)
    total = scenario.opening_balance + sum(r.inflow for r in rows) - sum(r.outflow for r in rows)
    assert rows[-1].closing == total


def runway(summary: Summary) -> float:
    return float("inf") if summary.runway_months is None else summary.runway_months


@given(
    scenarios(),
    st.sampled_from(LENSES),
    amounts,
    st.integers(0, 40),
    st.sampled_from(["received", "committed", "pledged"]),
)
def test_adding_a_contribution_never_hurts(
    data: dict[str, Any], lens: Lens, amount: str, offset: int, status: str
) -> None:
    """A new contribution never makes the money run out earlier nor the shortfall larger.
    Slow under CI (~2-3 s): 500 generated scenarios, and generating them is most of it."""
    more = copy.deepcopy(data)
    start = Month.parse(data["start"])
    more["contributions"].append(
        {"donor": "New", "amount": amount, "status": status, "date": month(start.index + offset)}
    )
    before, after = project(build(data), lens).summary, project(build(more), lens).summary
    assert runway(after) >= runway(before)
    if before.shortfall is not None:
        assert after.shortfall is not None
        assert after.shortfall <= before.shortfall


@given(scenarios(), st.sampled_from(LENSES), st.integers(1, 10**8), st.integers(0, 40))
def test_adding_a_cost_never_helps(
    data: dict[str, Any], lens: Lens, cents: int, offset: int
) -> None:
    """A new cost never makes the money last longer nor the shortfall smaller.
    Slow under CI (~2-3 s): 500 generated scenarios, and generating them is most of it."""
    more = copy.deepcopy(data)
    start = Month.parse(data["start"])
    more["costs"].append(
        {"label": "new", "amount": money(cents), "date": month(start.index + offset)}
    )
    before, after = project(build(data), lens).summary, project(build(more), lens).summary
    assert runway(after) <= runway(before)
    if before.shortfall is not None:
        assert after.shortfall is not None
        assert after.shortfall >= before.shortfall


@given(scenarios(target=True), st.sampled_from(LENSES), st.integers(1, 24))
def test_a_later_target_never_lowers_the_shortfall(
    data: dict[str, Any], lens: Lens, extra: int
) -> None:
    """Moving the target later never lowers the shortfall.
    Slow under CI (~2-3 s): 500 generated scenarios, and generating them is most of it."""
    later = copy.deepcopy(data)
    later["target"] = month(Month.parse(data["target"]).index + extra)
    before = project(build(data), lens).summary.shortfall
    after = project(build(later), lens).summary.shortfall
    assert before is not None
    assert after is not None
    assert after >= before


@given(scenarios())
def test_lenses_are_ordered(data: dict[str, Any]) -> None:
    """The runway counting received money is never longer than counting committed money,
    nor that longer than counting pledges.
    Slow under CI (~2-3 s): 500 generated scenarios, and generating them is most of it."""
    result = forecast(build(data))
    received, committed, pledged = (runway(result.projections[lens].summary) for lens in LENSES)
    assert received <= committed <= pledged


def shifted(data: dict[str, Any], k: int) -> dict[str, Any]:
    out = copy.deepcopy(data)

    def move(text: str) -> str:
        return month(Month.parse(text).index + k)

    out["start"] = move(out["start"])
    if "target" in out:
        out["target"] = move(out["target"])
    for c in out["contributions"]:
        c["date"] = move(c["date"])
    for c in out["costs"]:
        for key in ("date", "from", "to"):
            if key in c:
                c[key] = move(c[key])
        if "units" in c:
            c["units"] = {move(key): n for key, n in c["units"].items()}
    return out


@given(scenarios(), st.integers(-120, 120))
def test_shifting_every_month_shifts_the_result(data: dict[str, Any], k: int) -> None:
    """Moving every month of a scenario by k moves every month of the result by k and
    changes no amount.
    Slow under CI (~2-3 s): 500 generated scenarios, and generating them is most of it."""
    a, b = forecast(build(data)), forecast(build(shifted(data, k)))
    for lens in LENSES:
        rows_a, rows_b = a.projections[lens].rows, b.projections[lens].rows
        assert [r.month + k for r in rows_a] == [r.month for r in rows_b]
        assert [(r.opening, r.inflow, r.outflow, r.closing) for r in rows_a] == [
            (r.opening, r.inflow, r.outflow, r.closing) for r in rows_b
        ]
        sa, sb = a.projections[lens].summary, b.projections[lens].summary
        assert (sa.exhausted and sa.exhausted + k) == sb.exhausted
        assert (sa.shortfall, sa.balance_at_target, sa.months_short, sa.runway_months) == (
            sb.shortfall,
            sb.balance_at_target,
            sb.months_short,
            sb.runway_months,
        )


@given(scenarios(), st.data())
def test_splitting_a_contribution_changes_nothing(
    data: dict[str, Any], draw: st.DataObject
) -> None:
    """Two contributions of the same date, donor and status that add up to one change nothing.
    (Only for the scenario's own currency: a foreign amount is rounded contribution by
    contribution, so splitting it may move a cent, as documented.)
    Slow under CI (~2-3 s): 500 generated scenarios, and generating them is most of it."""
    own = [i for i, c in enumerate(data["contributions"]) if "currency" not in c]
    assume(own)
    i = draw.draw(st.sampled_from(own))
    cents = int(Decimal(data["contributions"][i]["amount"]) * 100)
    assume(cents >= 2)
    part = draw.draw(st.integers(1, cents - 1))
    split = copy.deepcopy(data)
    first = split["contributions"][i]
    second = {**first, "amount": money(cents - part)}
    first["amount"] = money(part)
    split["contributions"].append(second)
    a, b = forecast(build(data)), forecast(build(split))
    for lens in LENSES:
        assert a.projections[lens] == b.projections[lens]


@given(scenarios(), st.sampled_from(LENSES))
def test_json_round_trips_every_amount_to_the_cent(data: dict[str, Any], lens: Lens) -> None:
    """The JSON output parses, and every amount reads back exactly as computed.
    Slow under CI (~2-3 s): 500 generated scenarios, and generating them is most of it."""
    result = forecast(build(data), lens)
    doc = json.loads(dumps(forecast_document(result, "f.yaml")), parse_float=Decimal)
    for row, out in zip(result.chosen.rows, doc["months"], strict=True):
        assert out["month"] == str(row.month)
        for key in ("opening", "inflow", "outflow", "closing"):
            assert Decimal(str(out[key])) == getattr(row, key)
    summary = result.chosen.summary
    for key in ("shortfall", "balance_at_target"):
        value = getattr(summary, key)
        assert (None if doc[key] is None else Decimal(str(doc[key]))) == value


runner = CliRunner()


@st.composite
def mutated_texts(draw: st.DrawFn) -> str:
    """A valid scenario written as YAML (block style), then damaged a few times."""
    import yaml

    text = yaml.safe_dump(draw(scenarios(max_contributions=3, max_costs=3)), sort_keys=False)
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["delete", "insert", "replace", "swap", "dup"]))
        lines = text.splitlines(keepends=True)
        if kind == "swap" and len(lines) > 1:
            i = draw(st.integers(0, len(lines) - 2))
            lines[i], lines[i + 1] = lines[i + 1], lines[i]
            text = "".join(lines)
        elif kind == "dup" and lines:
            i = draw(st.integers(0, len(lines) - 1))
            text = "".join([*lines[: i + 1], lines[i], *lines[i + 1 :]])
        else:
            at = draw(st.integers(0, len(text)))
            junk = draw(
                st.sampled_from(
                    [
                        "-",
                        ":",
                        " ",
                        "\t",
                        "'",
                        "[",
                        "{",
                        "&a",
                        "*a",
                        "!!",
                        "9",
                        "e",
                        ".",
                        "\n",
                        "#",
                        "\x00",
                        "é",
                        "1e999",
                        "<<: *a",
                    ]
                )
                | st.text(max_size=4)
            )
            size = 0 if kind == "insert" else draw(st.integers(1, 6))
            text = text[:at] + ("" if kind == "delete" else junk) + text[at + size :]
    return text


COMMANDS = (
    ["forecast", "{path}", "-f", "json", "--delay", "pledged=2", "--scale-costs", "1.1"],
    ["check", "{path}"],
    ["compare", "{path}", "{path}", "-f", "json"],
    ["simulate", "{path}", "--runs", "20", "--seed", "1", "-f", "json"],
    ["solve", "{path}", "-f", "json"],
    ["sensitivity", "{path}", "-f", "json"],
)


@given(mutated_texts(), st.sampled_from(COMMANDS))
def test_damaged_files_never_crash(tmp_path_factory: Any, text: str, command: list[str]) -> None:
    """A damaged file gives exit 0, 1 or 2, never a traceback: through validate and one
    other command per example (all commands are drawn). Slow under CI (~4 s): 500
    files, each run through two commands (1000 CliRunner invokes; the command is built
    once, by conftest.py, or it would be 35 s)."""
    path = tmp_path_factory.mktemp("m") / "s.yaml"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    for args in (["validate", str(path)], [a.format(path=path) for a in command]):
        result = runner.invoke(app, args)
        assert result.exit_code in (0, 1, 2), (result.exit_code, result.output, text)
        assert "Traceback" not in result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)
