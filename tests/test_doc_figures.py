"""The figures README.md and docs/*.md quote are the figures the tool prints now.

tests/test_docs.py runs every example command and checks its exit code; this file checks
what the reader is told the commands print. Three lists say how each figure is checked:

- CLAIMS: a phrase of a document with holes (``{}``), each filled from what the tool
  prints now (JSON where there is one), formatted here by hand as the prose writes it
  (``March 2025``, ``$64.7M``, ``10,000.00``); the filled phrase must be in the
  document. A changed figure on either side fails.
- PASSAGES: a worked example computed by hand in the document; every amount in it must be
  among the numbers the tool prints for that example, or among the inputs of its file.
- SKIPPED: figures that are not the tool's (a sourced background fact, a limit of the
  format, a measurement), each with its reason.

A census then finds every amount, percentage and "Month YYYY" in the prose of every
document and fails on one that none of the three accounts for, so that a figure added to
the docs must be checked or given a reason. Output blocks (```text, ```console) are
accounted for the same way in BLOCKS: compared here, compared exactly by another test, or
holding nothing the tool prints.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import re
import shlex
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from mss_runway.cli import app

from .conftest import ROOT, plain_id
from .gitrepo import needs_git
from .test_backtest import ACTUAL as BACKTEST_ACTUAL
from .test_backtest import PLAN as BACKTEST_PLAN

runner = CliRunner()
DOCUMENTS = ["README.md", *sorted(f"docs/{p.name}" for p in (ROOT / "docs").glob("*.md"))]
FENCE = re.compile(r"^[ \t]*```(?P<lang>\w*)\n(?P<text>.*?)^[ \t]*```[ \t]*$", re.S | re.M)
MONTHS = "January February March April May June July August September October November December"
MONTH_NAMES = MONTHS.split()
#: The minus sign the hand-computed tables use.
MINUS = "\u2212"
#: What the census counts as a figure: an amount in dollars ($85M, -$122.2M), a number
#: grouped by thousands (10,000, 1,460,000.00), an amount with cents (0.05), a
#: percentage (25.7%), a month and year (March 2025).
FIGURE = re.compile(
    r"-?\$[\d.,]*\d[MkB]?"
    rf"|[{MINUS}-]?\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?"
    rf"|[{MINUS}-]?(?<![\d.])\d+\.\d\d(?![\d.])"
    r"|\d+(?:\.\d+)?%"
    rf"|\b(?:{MONTHS.replace(' ', '|')}) \d{{4}}\b"
)
#: A number in a passage of hand arithmetic: grouped or with cents, signed.
AMOUNT = re.compile(
    rf"[{MINUS}-]?(?<![\d.,])(?:\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+\.\d\d)(?![\d.])"
)


def text_of(document: str) -> str:
    return (ROOT / document).read_text(encoding="utf-8")


def fenced(document: str) -> list[tuple[int, int]]:
    return [m.span() for m in FENCE.finditer(text_of(document))]


def phrase(text: str, hole: str = "{}") -> re.Pattern[str]:
    """``text`` as it may be wrapped in the document (any run of blanks for a space), with
    each ``{}`` standing for ``hole``."""
    parts = [re.escape(part) for part in text.split("{}")]
    joined = hole.join(parts)
    return re.compile(re.sub(r"(?:\\ |\\\n)+", r"\\s+", joined))


def fill(text: str, figures: tuple[str, ...]) -> str:
    """``text`` with its holes filled in order (not str.format: the docs hold braces)."""
    parts = text.split("{}")
    assert len(parts) == len(figures) + 1, (text, figures)
    return "".join(part + figure for part, figure in zip(parts, (*figures, ""), strict=True))


# --- running the tool -----------------------------------------------------------------


def yaml_block(document: str, first_line: str) -> str:
    """The ```yaml block of ``document`` whose first line is ``first_line``."""
    for block in FENCE.finditer(text_of(document)):
        if block["lang"] == "yaml" and block["text"].startswith(first_line):
            return block["text"]
    raise AssertionError(f"{document}: no yaml block starting {first_line!r}")


#: Files the commands below name as {NAME}: taken from a document's YAML block (so the
#: example run is the example shown), or written here for an example the prose describes.
FILES: dict[str, Callable[[], str]] = {
    "actuals-worked.yaml": lambda: yaml_block("docs/actuals.md", "name: Worked example"),
    "format-worked.yaml": lambda: yaml_block("docs/scenario-format.md", "name: Worked example"),
    "full.yaml": lambda: yaml_block("docs/scenario-format.md", "# Every field"),
    # docs/scenario-format.md, "What the summary means", as the prose describes it
    "summary.yaml": lambda: (
        "name: Summary example\nstart: 2025-01\ntarget: 2025-04\nopening_balance: 0\n"
        "contributions: [{donor: A, amount: 500, status: pledged, date: 2025-03}]\n"
        "costs: [{label: Running, monthly: 100}]\n"
    ),
    # docs/scenario-format.md, "Per unit": the example the prose says forecast verified
    "units.yaml": lambda: (
        "name: Units example\nstart: 2025-03\ntarget: 2025-10\n"
        "costs:\n  - label: Officers\n    unit_cost: 10\n"
        "    units: {2025-05: 2, 2025-01: 5, 2025-07-20: 0, 2025-08: 1, 2026-01: 9}\n"
        "    to: 2025-09\n"
    ),
    # docs/scenario-format.md, "Reserve": the Haiti file's first month, 1.5 months kept
    "haiti-reserve.yaml": lambda: (
        f"extends: {ROOT / 'scenarios' / 'mss-haiti-2024-11.yaml'}\n"
        "reserve: {months_of_costs: 1.5}\n"
    ),
    "cents.yaml": lambda: (
        "name: Cents\nstart: 2025-01\nopening_balance: 1\nreserve: {months_of_costs: 1.5}\n"
        "costs: [{label: Stamps, monthly: 0.05}]\n"
    ),
    "fx.yaml": lambda: (
        "name: Rates\nstart: 2025-01\ncurrency: USD\nfx: {EUR: 1.08}\n"
        "contributions: [{donor: A, amount: 100, currency: EUR, status: received, date: 2025-01}]\n"
    ),
    "backtest-plan.yaml": lambda: BACKTEST_PLAN,
    "backtest-actual.yaml": lambda: BACKTEST_ACTUAL,
    # docs/uncertainty.md's solve examples are those of tests/test_solve.py and
    # tests/test_reserve.py, as the prose describes them
    "solve.yaml": lambda: (
        "name: Solve example\nstart: 2025-01\ntarget: 2025-04\nopening_balance: 100\n"
        "contributions: [{donor: A, amount: 40, status: pledged, date: 2025-03}]\n"
        "costs: [{label: Running, monthly: 60}]\n"
    ),
    "solve-reserve.yaml": lambda: (
        "name: Reserve example\nstart: 2025-01\ntarget: 2025-03\nopening_balance: 100\n"
        "reserve: 40\ncosts: [{label: Running, monthly: 50}]\n"
    ),
}


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("doc-files")
    for name, text in FILES.items():
        (folder / name).write_text(text(), encoding="utf-8")
    return folder


@functools.cache
def printed(command: str, folder: Path) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of ``mss-runway COMMAND`` run from the repository
    root; {NAME} names a file of FILES, {>NAME} a file the command writes, whose text then
    stands for stdout."""
    args, written = [], None
    for word in shlex.split(command):
        if word.startswith("{>"):
            written = folder / word[2:-1]
            word = str(written)
        elif word.startswith("{"):
            word = str(folder / word[1:-1])
        args.append(word)
    with chdir(ROOT):
        result = runner.invoke(app, args)
    out = written.read_text(encoding="utf-8") if written else result.stdout
    return result.exit_code, out, result.stderr


@contextlib.contextmanager
def chdir(folder: Path) -> Iterator[None]:
    """contextlib.chdir, which is Python 3.11 and later."""
    back = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(back)


def output_of(command: str, folder: Path) -> Any:
    """What the command prints on stdout: parsed when it is JSON (money as Decimal), else
    the text."""
    code, out, err = printed(command, folder)
    assert code in (0, 1), (command, err)
    if out.lstrip().startswith(("{", "[")):
        return json.loads(out, parse_float=Decimal)
    return out


# --- formatting as the prose writes it --------------------------------------------------


def cents(value: Any) -> str:
    """10,000.00"""
    return f"{Decimal(value):,.2f}"


def whole(value: Any) -> str:
    """25,000"""
    return f"{Decimal(value):,.0f}"


def millions(value: Any, places: int = 1) -> str:
    """$64.7M; -$122.2M; $17M with places=0."""
    amount = Decimal(value) / 10**6
    sign = "-" if amount < 0 else ""
    return f"{sign}${abs(amount):.{places}f}M"


def month_year(month: str) -> str:
    """2025-03 -> March 2025"""
    year, number = month.split("-")
    return f"{MONTH_NAMES[int(number) - 1]} {year}"


def month_name(month: str) -> str:
    """2025-07 -> July"""
    return MONTH_NAMES[int(month.split("-")[1]) - 1]


def percent(share: Any) -> str:
    """0.6 -> 60%"""
    return f"{Decimal(share) * 100:.0f}%"


def words(count: int) -> str:
    return ["zero", "one", "two", "three", "four", "five", "six", "seven"][count]


def same(*values: str) -> str:
    """The one value when all agree, else a text no document holds."""
    return values[0] if len(set(values)) == 1 else f"<they differ: {values}>"


def lens(doc: Any, name: str) -> Any:
    return doc["lenses"][name]


# --- the prose figures: claims ----------------------------------------------------------


Figures = Callable[[Any], tuple[str, ...]]


def diff_row(side: str) -> Figures:
    """The first six closings, the shortfall and the balance at target of one side, in $k."""

    def figures(d: Any) -> tuple[str, ...]:
        values = (
            *(m["closing"] for m in d[side]["months"][:6]),
            d[side]["shortfall"],
            d[side]["balance_at_target"],
        )
        return tuple(whole(Decimal(value) / 1000) for value in values)

    return figures


def lens_row(key: str, show: Callable[[Any], str]) -> Figures:
    """One summary field under each lens, shown as the table shows it."""

    def figures(d: Any) -> tuple[str, ...]:
        return tuple(show(lens(d, k)[key]) for k in LENSES)

    return figures


def assumption_row(status: str) -> Figures:
    """A status's probability and its delay range, as simulate's assumptions say."""

    def figures(d: Any) -> tuple[str, ...]:
        assumed = d["assumptions"][status]
        return (str(assumed["probability"]), *(str(n) for n in assumed["delay_months"]))

    return figures


@dataclass(frozen=True)
class Claim:
    """``text`` (holes ``{}``) is in ``document`` with the holes filled by ``figures``
    applied to what ``command`` prints. With ``within``: one hole, a number the document
    rounds by hand; the tool's figure must be within ``within`` of it."""

    document: str
    text: str
    command: str
    figures: Callable[[Any], tuple[str, ...]]
    within: Decimal | None = None

    def __str__(self) -> str:
        return f"{self.document}: {self.text[:60]}"


FORECAST_MINIMAL = "forecast scenarios/minimal.yaml -f json"
SIMULATE_MINIMAL = "simulate scenarios/minimal.yaml --seed 1 -f json"
LENSES = ("received", "committed", "pledged")
HAITI = "forecast scenarios/mss-haiti-2024-11.yaml -f json"
DRY = "forecast scenarios/mss-haiti-dry-by-march.yaml -f json"
ACTUALS = "forecast scenarios/mss-haiti-actuals.yaml -f json"
BACKTEST_HAITI = (
    "backtest scenarios/mss-haiti-actuals.yaml scenarios/mss-haiti-2024-11.yaml "
    "scenarios/mss-haiti-dry-by-march.yaml -f json"
)
DIFF = "diff docs/examples/diff-old.yaml docs/examples/diff-new.yaml -f json"


def _backtest_figures(d: Any) -> tuple[str, ...]:
    headline, dry = d["forecasts"]
    actual = headline["months"][-1]["actual"]
    return (
        words(len(headline["months"])),
        millions(headline["mean_absolute_error"]),
        millions(headline["bias"]),
        millions(dry["mean_absolute_error"]),
        month_year(headline["predicted_exhausted"]),
        month_year(dry["predicted_exhausted"]),
        month_year(d["last_actual"]),
        millions(actual),
    )


def _actual_months(d: Any) -> list[Any]:
    return [m for m in d["months"] if m["actual"]]


CLAIMS = [
    # README.md, the tour: scenarios/minimal.yaml
    Claim(
        "README.md",
        "counting it, the fund reaches {} with {} left and runs out in {}; counting only "
        "money received, it runs out in {}, {} short.",
        FORECAST_MINIMAL,
        lambda d: (
            month_name(d["target"]),
            cents(lens(d, "pledged")["balance_at_target"]),
            month_name(lens(d, "pledged")["exhausted"]),
            month_name(lens(d, "received")["exhausted"]),
            cents(lens(d, "received")["shortfall"]),
        ),
    ),
    Claim(
        "README.md",
        "(and, with `costs_uncertainty`, the costs) {} times",
        SIMULATE_MINIMAL,
        lambda d: (whole(d["runs"]),),
    ),
    Claim(
        "README.md",
        "the fund lasts through {} only if the {} pledge arrives",
        FORECAST_MINIMAL,
        lambda d: (month_name(d["target"]), whole(sum(m["inflow"] for m in d["months"]))),
    ),
    Claim(
        "README.md",
        "pledge arrives ({}) at most two months late (3 of its {} equally likely delays)",
        SIMULATE_MINIMAL,
        lambda d: (
            percent(d["assumptions"]["pledged"]["probability"]),
            str(d["assumptions"]["pledged"]["delay_months"][1] + 1),
        ),
    ),
    Claim(
        "README.md",
        "0.6 x 3/7 = {}, and the simulation says about that",
        "simulate scenarios/minimal.yaml --runs 50000 --seed 1 -f json",
        lambda d: (str(d["p_through_target"] * 100),),
        within=Decimal(1),  # percentage points: 4 standard errors at 50,000 runs
    ),
    # README.md, the MSS Haiti case
    Claim(
        "README.md",
        "(about {} a month at November's strength) and so **runs dry in {}** under every lens",
        HAITI,
        lambda d: (
            millions(d["months"][0]["outflow"]),
            same(*(month_year(lens(d, k)["exhausted"]) for k in d["lenses"])),
        ),
    ),
    Claim(
        "README.md",
        "$85M lasting November to March is a burn of about {} a month",
        DRY,
        lambda d: (millions(d["months"][0]["outflow"], places=0),),
    ),
    Claim(
        "README.md",
        "Counting the money received, it runs dry in **{}**; counting Germany's pledge too, in {}.",
        DRY,
        lambda d: (
            month_year(lens(d, "received")["exhausted"]),
            month_year(lens(d, "pledged")["exhausted"]),
        ),
    ),
    Claim(
        "README.md",
        "records what is known of the fund from {} to {}",
        ACTUALS,
        lambda d: (
            month_year(_actual_months(d)[0]["month"]),
            month_year(_actual_months(d)[-1]["month"]),
        ),
    ),
    Claim(
        "README.md",
        "It ends {} with about {} usable, where the headline plan had it {} overdrawn",
        ACTUALS,
        lambda d: (
            month_year(_actual_months(d)[-1]["month"]),
            millions(_actual_months(d)[-1]["closing"]),
            millions(-d["variance"][-1]["planned_closing"]),
        ),
    ),
    Claim(
        "README.md",
        "Germany's pledge (due {}) shows as overdue",
        ACTUALS,
        lambda d: (same(*(month_year(o["due"]) for o in d["overdue"] if o["id"] == "germany")),),
    ),
    Claim(
        "README.md",
        "After March it projects the headline plan's costs again, so it runs out in {};",
        ACTUALS,
        lambda d: (month_year(d["exhausted"]),),
    ),
    Claim(
        "README.md",
        "over the {} recorded months the headline forecast's closing balance was off by {} on "
        "average (too gloomy: bias {}), the dry-by-March reading by {}. The headline said the "
        "money would run out in {}, the dry-by-March reading (counting pledges) in {}; at the "
        "end of {} the fund still held about {}.",
        BACKTEST_HAITI,
        _backtest_figures,
    ),
    # docs/actuals.md, the worked example
    Claim(
        "docs/actuals.md",
        "the money runs out in **{}**. Counting committed (c, a pledge, not counted): March "
        "90 + 40 - 30 = 100, runs out in {}; counting only received money: March 60, runs "
        "out in {}.",
        "forecast {actuals-worked.yaml} -f json",
        lambda d: tuple(lens(d, k)["exhausted"] for k in ("pledged", "committed", "received")),
    ),
    Claim(
        "docs/actuals.md",
        "March 90 + 40 + 20 - 30 = {}; then 30 a month less: April {}, May {}, June {}, "
        "July {}, August {}:",
        "forecast {actuals-worked.yaml} -f json",
        lambda d: tuple(whole(m["closing"]) for m in d["months"][2:8]),
    ),
    Claim(
        "docs/actuals.md",
        "With `--overdue drop` (pledged): March {}, runs out in {}.",
        "forecast {actuals-worked.yaml} --overdue drop -f json",
        lambda d: (whole(d["months"][2]["closing"]), d["exhausted"]),
    ),
    Claim(
        "docs/actuals.md",
        "mean absolute error 100 / 3 = {}, bias 90 / 3 = {} (too hopeful); it predicted "
        "running out in {} (60, 30, 0, -30), and the fund ran out in {}",
        "backtest {backtest-actual.yaml} {backtest-plan.yaml} -f json",
        lambda d: (
            cents(d["forecasts"][0]["mean_absolute_error"]),
            cents(d["forecasts"][0]["bias"]),
            d["forecasts"][0]["predicted_exhausted"],
            d["actual_exhausted"],
        ),
    ),
    Claim(
        "docs/actuals.md",
        "forecast {}, {}, {} for January to March; had the fund closed at {}, {} and {}, the "
        "errors are {}, {} and {}:",
        "backtest {backtest-actual.yaml} {backtest-plan.yaml} -f json",
        lambda d: tuple(
            whole(m[key])
            for key in ("forecast", "actual", "error")
            for m in d["forecasts"][0]["months"]
        ),
    ),
    # docs/diff.md
    Claim(
        "docs/diff.md",
        "the month without it is the month the fund goes negative: the slip now costs {}. "
        "Shapley splits that {} interaction",
        DIFF,
        lambda d: (
            whole(d["new"]["shortfall"] - d["changes"][1]["alone"]["shortfall"]),
            whole(d["new"]["shortfall"] - d["changes"][1]["alone"]["shortfall"]),
        ),
    ),
    Claim(
        "docs/diff.md",
        "the slip comes first and adds {}, and the costs add all {}.",
        DIFF + " --method sequential",
        lambda d: tuple(whole(c["effect"]["shortfall"]) for c in d["changes"]),
    ),
    *(
        Claim(
            "docs/diff.md",
            f"| {row} | {{}} | {{}} | {{}} | {{}} | {{}} | {{}} | {{}} | {{}} |",
            DIFF,
            diff_row(side),
        )
        for row, side in (("old", "old"), ("new (a and b)", "new"))
    ),
    Claim(
        "docs/diff.md",
        "the old scenario runs out in {}, the new one in {}.",
        DIFF,
        lambda d: (month_name(d["old"]["exhausted"]), month_name(d["new"]["exhausted"])),
    ),
    # docs/import.md
    Claim(
        "docs/import.md",
        "Afghanistan 2021 ({}; {} flows, {} shared)",
        "import fts tests/data/real/fts-flow-afghanistan-2021.json --report {>afg.json}",
        lambda d: (whole(d["fts_totals"]["flows_fundingTotal"]), str(d["read"]), _shared(d)),
    ),
    Claim(
        "docs/import.md",
        "the occupied Palestinian territory 2021 ({}; {} flows, of which {} internal and {} shared",
        "import fts tests/data/real/fts-flow-opt-2021.json --report {>opt.json}",
        lambda d: (
            whole(d["fts_totals"]["flows_fundingTotal"]),
            str(d["read"]),
            str(_dropped(d, "boundary internal")),
            _shared(d),
        ),
    ),
    Claim(
        "docs/import.md",
        "Jordan 2021 ({}; {} flows, {} shared, six of those not zero, {} in all)",
        "import fts tests/data/real/fts-flow-jordan-2021.json --report {>jordan.json}",
        lambda d: (
            whole(d["fts_totals"]["flows_fundingTotal"]),
            str(d["read"]),
            _shared(d),
            millions(
                sum(
                    Decimal(amount)
                    for reason, totals in d["dropped_total"].items()
                    if reason.startswith("onBoundary shared")
                    for amount in totals.values()
                )
            ),
        ),
    ),
    Claim(
        "docs/import.md",
        "The import drops the {} received in April 2024 as before `--since`",
        "import fts scenarios/mss-haiti-fts-layout.csv --since 2024-11 --original-currency "
        "-o {>imported.csv} --report {>import-report.json}",
        lambda d: (millions(d["received_before_since"]),),
    ),
    Claim(
        "docs/import.md",
        "writes Canada's C{} pledge in CAD with its own `rate`",
        "import fts scenarios/mss-haiti-fts-layout.csv --since 2024-11 --original-currency",
        lambda csv_text: (
            same(
                *(
                    millions(line.split(",")[3], places=0)
                    for line in csv_text.splitlines()
                    if "Canada" in line and ",CAD," in line
                )
            ),
        ),
    ),
    # docs/output.md
    Claim(
        "docs/output.md",
        "(`shortfall {}, {} months short`;",
        HAITI,
        lambda d: (millions(d["shortfall"]), str(d["months_short"])),
    ),
    Claim(
        "docs/output.md",
        "`{}` reads `MSS",
        "forecast scenarios/mss-haiti-us-freeze.yaml -f json",
        lambda d: (d["name"],),
    ),
    # docs/scenario-format.md
    Claim(
        "docs/scenario-format.md",
        "the line costs {} in March and April (5 officers from January, in force at start), {} "
        "in May and June, {} in July, {} in August and September",
        "forecast {units.yaml} -f json",
        lambda d: tuple(
            same(*(whole(d["months"][i]["outflow"]) for i in months))
            for months in ((0, 1), (2, 3), (4,), (5, 6))
        ),
    ),
    Claim(
        "docs/scenario-format.md",
        "With `months_of_costs: 1.5`, a month costing {} has a reserve of {};",
        "forecast {haiti-reserve.yaml} -f json",
        lambda d: (cents(d["months"][0]["outflow"]), cents(d["months"][0]["reserve"])),
    ),
    Claim(
        "docs/scenario-format.md",
        "one costing {} has 0.075, rounded to {}.",
        "forecast {cents.yaml} -f json",
        lambda d: (cents(d["months"][0]["outflow"]), cents(d["months"][0]["reserve"])),
    ),
    Claim(
        "docs/scenario-format.md",
        "With `currency: USD` and `fx: {EUR: 1.08}`, EUR 100 counts as USD {}.",
        "forecast {fx.yaml} -f json",
        lambda d: (cents(d["months"][0]["inflow"]),),
    ),
    Claim(
        "docs/scenario-format.md",
        "The closing balances are {}, {}, {}, {}. `forecast` reports `exhausted` {} (the start, "
        "so `funded_through` is null and `runway_months` is {}), `shortfall` {}, "
        "`balance_at_target` {} and `months_short` {}.",
        "forecast {summary.yaml} -f json",
        lambda d: (
            *(whole(m["closing"]).replace("-", MINUS) for m in d["months"]),
            d["exhausted"],
            str(d["runway_months"]),
            cents(d["shortfall"]),
            cents(d["balance_at_target"]),
            str(d["months_short"]),
        ),
    ),
    *(
        Claim(
            "docs/scenario-format.md",
            f"| {row} | {{}} | {{}} | {{}} |",
            "forecast {format-worked.yaml} -f json",
            lens_row(key, show),
        )
        for row, key, show in (
            ("exhausted", "exhausted", str),
            ("funded_through", "funded_through", str),
            ("runway_months", "runway_months", str),
            ("shortfall", "shortfall", cents),
            ("balance_at_target", "balance_at_target", lambda v: cents(v).replace("-", MINUS)),
            ("months_short", "months_short", str),
        )
    ),
    # docs/uncertainty.md
    *(
        Claim(
            "docs/uncertainty.md",
            f"| {status} | {{}} | [{{}}, {{}}] |",
            SIMULATE_MINIMAL,
            assumption_row(status),
        )
        for status in ("committed", "pledged")
    ),
    Claim(
        "docs/uncertainty.md",
        "**Pledged: {}, up to {} months late.**",
        SIMULATE_MINIMAL,
        lambda d: (
            str(d["assumptions"]["pledged"]["probability"]),
            str(d["assumptions"]["pledged"]["delay_months"][1]),
        ),
    ),
    Claim(
        "docs/uncertainty.md",
        "**Committed: {}, up to {} months late.**",
        SIMULATE_MINIMAL,
        lambda d: (
            str(d["assumptions"]["committed"]["probability"]),
            str(d["assumptions"]["committed"]["delay_months"][1]),
        ),
    ),
    Claim(
        "docs/uncertainty.md",
        "exact for the default {} runs",
        SIMULATE_MINIMAL,
        lambda d: (whole(d["runs"]),),
    ),
    Claim(
        "docs/uncertainty.md",
        "closings {}, {}, {}, {}, so",
        "forecast {solve.yaml} -f json",
        lambda d: tuple(whole(m["closing"]) for m in d["months"][:4]),
    ),
    Claim(
        "docs/uncertainty.md",
        "lump sum {}; monthly top-up max(20/2, 40/3, 100/4) = {}; a top-up of 100 must arrive "
        "by {}; cost factor {} (April",
        "solve {solve.yaml} --top-up 100 -f json",
        lambda d: (
            cents(d["lump_sum"]),
            cents(d["monthly_top_up"]),
            month_name(d["latest_top_up_month"]),
            str(d["cost_factor"]),
        ),
    ),
    Claim(
        "docs/uncertainty.md",
        "so lump sum {} (by {}), monthly top-up {}, cost factor {} (50",
        "solve {solve-reserve.yaml} -f json",
        lambda d: (
            cents(d["lump_sum"]),
            month_name(d["lump_sum_by"]),
            cents(d["monthly_top_up"]),
            str(d["cost_factor"]),
        ),
    ),
    Claim(
        "docs/uncertainty.md",
        "(50 x 0.4001 = 20.005 rounds half to even to {})",
        "forecast {solve-reserve.yaml} --scale-costs 0.4001 -f json",
        lambda d: (cents(d["months"][0]["outflow"]),),
    ),
    # docs/variants.md
    Claim(
        "docs/variants.md",
        "E.g. `0.05 x 1.5 = 0.075 -> {}`.",
        "forecast {cents.yaml} --scale-costs 1.5 -f json",
        lambda d: (cents(d["months"][0]["outflow"]),),
    ),
]


def _dropped(report: Any, reason: str) -> int:
    return sum(n for why, n in report["dropped"].items() if why.startswith(reason))


def _shared(report: Any) -> str:
    return str(_dropped(report, "onBoundary shared"))


def filled_claim(claim: Claim, files: Path) -> str:
    """The claim's phrase filled with the figures the tool prints now."""
    return fill(claim.text, claim.figures(output_of(claim.command, files)))


@pytest.mark.parametrize("claim", CLAIMS, ids=plain_id)
def test_the_figures_in_the_prose_are_what_the_tool_prints(claim: Claim, files: Path) -> None:
    """Each claim's phrase, filled from the tool's output now, is in its document, once
    (so a figure cannot hide behind another)."""
    text = text_of(claim.document)
    if claim.within is None:
        filled = filled_claim(claim, files)
        found = phrase(filled).findall(text)
        assert len(found) == 1, f"{claim.document} should say, once: {filled}"
        return
    got = claim.figures(output_of(claim.command, files))
    match = phrase(claim.text, r"(\S+?)").search(text)
    assert match, claim
    written = Decimal(match[1].rstrip("%"))
    assert abs(written - Decimal(got[0])) <= claim.within, (written, got)


# --- worked examples computed by hand: passages -----------------------------------------


@dataclass(frozen=True)
class Passage:
    """From ``start`` to ``end`` in ``document`` (code blocks left out), every amount is
    one the commands print (as a number, in any of them) or one their input files hold."""

    document: str
    start: str
    end: str
    commands: tuple[str, ...]
    inputs: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.document}: {self.start[:50]}"

    def span(self) -> tuple[int, int]:
        text = text_of(self.document)
        first = text.index(self.start)
        return first, text.index(self.end, first)


PASSAGES = [
    Passage(
        "docs/actuals.md",
        "**Actual months** (the same under every lens):",
        "## Backtest: scoring past forecasts",
        ("forecast {actuals-worked.yaml} -f json",),
        ("{actuals-worked.yaml}",),
    ),
    Passage(
        "docs/diff.md",
        "[`docs/examples/diff-old.yaml`]",
        "## The JSON contract",
        (DIFF,),
        ("docs/examples/diff-old.yaml", "docs/examples/diff-new.yaml"),
    ),
    Passage(
        "docs/output.md",
        "By hand, counting every pledge:",
        "<!-- docs:itemised-csv -->",
        ("forecast docs/examples/itemised.yaml --itemize -f json",),
        ("docs/examples/itemised.yaml",),
    ),
    Passage(
        "docs/scenario-format.md",
        "Reading the ledger against the file:",
        "## Top-level fields",
        ("forecast {full.yaml} --itemize -f json",),
        ("{full.yaml}",),
    ),
    Passage(
        "docs/scenario-format.md",
        "Half to even means a value exactly halfway",
        "**By the tool.**",
        tuple(f"forecast {{format-worked.yaml}} -c {k} --itemize -f json" for k in LENSES),
        ("{format-worked.yaml}",),
    ),
]


def numbers(text: str) -> set[Decimal]:
    """Every number in a text (commas between digits dropped, a minus sign read as -)."""
    text = text.replace(MINUS, "-").replace("_", "")
    return {Decimal(n) for n in re.findall(r"-?\d+(?:\.\d+)?", re.sub(r"(?<=\d),(?=\d)", "", text))}


@pytest.mark.parametrize("passage", PASSAGES, ids=plain_id)
def test_worked_examples_agree_with_the_tool(passage: Passage, files: Path) -> None:
    """Every amount of a worked example (outside its code blocks and skipped phrases) is
    printed by the tool for it, or is written in its file."""
    start, end = passage.span()
    text = text_of(passage.document)
    blocks = fenced(passage.document)
    skipped = list(skipped_spans(passage.document))
    printed_numbers: set[Decimal] = set()
    for command in passage.commands:
        code, out, err = printed(command, files)
        assert code in (0, 1), (command, err)
        printed_numbers |= numbers(out)
    given: set[Decimal] = set()
    for name in passage.inputs:
        path = files / name[1:-1] if name.startswith("{") else ROOT / name
        given |= numbers(path.read_text(encoding="utf-8"))
    amounts = [
        m
        for m in AMOUNT.finditer(text, start, end)
        if not inside(m.span(), blocks) and not inside(m.span(), skipped)
    ]
    assert len(amounts) >= 5, passage  # the pattern still finds the example's figures
    wrong = [m[0] for m in amounts if numbers(m[0]).pop() not in printed_numbers | given]
    assert wrong == [], f"{passage}: not printed by {passage.commands} nor in the inputs"


# --- what is not the tool's: skipped, with the reason ---------------------------------


@dataclass(frozen=True)
class Skip:
    document: str
    text: str
    reason: str


SOURCED = "a sourced background fact (the scenarios' comments give the source), not computed"
LIMIT = "a limit or rule of the format, not a result (docs/errors.md checks the messages)"
SKIPPED_DOCUMENTS = {
    "docs/performance.md": "measurements of one benchmark run on one machine "
    "(benchmarks/run.py reproduces them), not output of mss-runway",
    "docs/testing.md": "measurements of the suite and of a mutation run "
    "(benchmarks/mutation.py reproduces them), not output of mss-runway",
}
SKIPPED = [
    # README.md
    Skip("README.md", "$85M", SOURCED + "; the scenarios' opening_balance"),
    Skip("README.md", "estimated $600M a year", SOURCED),
    Skip("README.md", "~$600M-a-year", SOURCED),
    Skip("README.md", "keep operating until October 2025", SOURCED + " (the mandate's end)"),
    Skip("README.md", "the end of its mandate in October 2025", SOURCED),
    Skip("README.md", "the fund in fact lasted to October 2025", SOURCED),
    Skip("README.md", "Python 3.10+", "a Python version"),
    Skip("README.md", "In November 2024 the Kenyan president said", SOURCED),
    Skip("README.md", '"could run out by March 2025"', "a quotation"),
    Skip("README.md", '"dry by March 2025"', "a quotation"),
    Skip("README.md", "over $300M of US bilateral support by September 2024", SOURCED),
    Skip("README.md", "$16M a month of operations", "the scenario's ASSUMPTION, an input"),
    Skip("README.md", "the US freeze of $13.3M", SOURCED),
    Skip("README.md", "the $7.2M reimbursed", SOURCED),
    # docs/ci.md and docs/scenario-format.md
    *(
        Skip(
            document,
            "at most 1,250,000.00 USD under it",
            "the wording of the reserve message, on no shipped file; "
            "tests/test_reserve.py pins the wording",
        )
        for document in ("docs/ci.md", "docs/scenario-format.md")
    ),
    # docs/diff.md
    Skip("docs/diff.md", "(4,096 projections)", "2^12, the subsets of 12 changes"),
    Skip("docs/diff.md", "about 2 seconds: 4,096 projections", "a timing; 2^12 subsets"),
    # docs/errors.md
    Skip("docs/errors.md", "more than 5,000,000 values", LIMIT),
    Skip("docs/errors.md", '`"1000.00"`', "how to write an amount, an input"),
    Skip("docs/errors.md", "from 0 to 10,000,000", LIMIT),
    Skip("docs/errors.md", "`fx: {CAD: 0.73}`", "a rate to write, an input"),
    # docs/import.md
    Skip("docs/import.md", "received in April 2024", "the date of that row of the input file"),
    Skip("docs/import.md", "scenario's $85M opening balance", SOURCED),
    Skip("docs/import.md", "standard 2.01\u20132.03", "IATI standard versions"),
    Skip("docs/import.md", "from standard 2.03 on", "an IATI standard version"),
    Skip("docs/import.md", "activity, standard 2.03:", "an IATI standard version"),
    # docs/output.md
    Skip(
        "docs/output.md",
        "**70,368,744,177,664.00** (2^46)",
        "a bound of double precision; tests/test_json_numbers.py reads it from this page",
    ),
    Skip("docs/output.md", "`70368744177664.01` reads back as `70368744177664.02`", "the same"),
    Skip("docs/output.md", '"12345678901234567.89"', "an example number in a JavaScript comment"),
    Skip("docs/output.md", "(90,071,992,547,409.91)", "2^53 cents, arithmetic"),
    Skip("docs/output.md", "below\n  70,368,744,177,664.00", "the bound above"),
    Skip(
        "docs/output.md",
        "`MSS … 2024, with the US freeze of February 2025`",
        "a name shortened; tests/test_names.py checks this shortening",
    ),
    Skip("docs/output.md", "0.36 in taller", "a layout constant of render/chart.py"),
    Skip(
        "docs/output.md",
        "(`$460.6M`, `$50k`)",
        "label formats; the claim above checks $460.6M, tests/test_chart.py both labels",
    ),
    Skip(
        "docs/output.md",
        "(`-$400M`, `$1.05M`, `$0.05`)",
        "axis formats; tests/test_chart.py's money axis test pins the format",
    ),
    Skip("docs/output.md", "(`-20000.00`)", "how a CSV number is written"),
    # docs/scenario-format.md
    Skip("docs/scenario-format.md", "`750000.50`", "how to write an amount, an input"),
    Skip("docs/scenario-format.md", "`0.10` is exactly ten cents", "an input"),
    Skip("docs/scenario-format.md", '`"1_000.50"`', "how to write an amount, an input"),
    Skip(
        "docs/scenario-format.md",
        'Commas do not: `"1,000"` gives\n  `expected an amount of money such as '
        "1_250.50, got '1,000'`",
        "an input refused, and the message quoting it",
    ),
    Skip("docs/scenario-format.md", "1,000,000,000,000,000 (one quadrillion)", LIMIT),
    Skip("docs/scenario-format.md", '(`"0.73"`)', "how to write a rate, an input"),
    Skip("docs/scenario-format.md", "at most 1,000,000.", LIMIT),
    Skip("docs/scenario-format.md", "from 0 to 10,000,000", LIMIT),
    Skip("docs/scenario-format.md", "more than 5,000,000 values", LIMIT),
    Skip("docs/scenario-format.md", "16,777,216 bytes", LIMIT),
    Skip("docs/scenario-format.md", "`multipleOf: 0.01`", "a JSON Schema keyword"),
    Skip("docs/scenario-format.md", "(rounding half up would give 125.03)", "the rule not used"),
    Skip(
        "docs/scenario-format.md",
        "(`19.99`; about one in nine from 0.00 to\n999.99",
        "a fact about JSON Schema validators (tests/test_schema_validators.py)",
    ),
    # docs/testing.md
    Skip("docs/testing.md", "0.00", "the boundary a pinned test names, not a result"),
    Skip("docs/testing.md", "`-0.00`", "a value a mutation would print"),
    # docs/uncertainty.md
    Skip("docs/uncertainty.md", "through December 2025 if", "the command's --target 2025-12"),
    Skip("docs/uncertainty.md", "$85M of the $110.3M pledged", SOURCED),
    Skip("docs/uncertainty.md", "United States' $15M committed", SOURCED),
    Skip("docs/uncertainty.md", "had $13.3M frozen", SOURCED),
    Skip(
        "docs/uncertainty.md",
        "The cost factor is k / 10,000 with k a uniform whole number in\n  [10,000 x (1 - u), "
        "10,000 x (1 + u)]",
        "the sampling method (simulation.py)",
    ),
    Skip(
        "docs/uncertainty.md",
        "With 10,000 runs: positions 999, 4,999 and 8,999",
        "arithmetic of the rank rule; tests/test_pinned_boundaries.py pins the ranks",
    ),
    Skip(
        "docs/uncertainty.md",
        "with 10,000 runs: 1,000, 5,000 and 9,000",
        "arithmetic of the rank rule; tests/test_pinned_boundaries.py pins the ranks",
    ),
    Skip("docs/uncertainty.md", '"10% of runs fall to X or lower"', "the wording of a rule"),
    Skip("docs/uncertainty.md", "p10 is the pessimistic end: 10% of runs", "a definition"),
    Skip("docs/uncertainty.md", "At most 100,000 runs", LIMIT),
    Skip("docs/uncertainty.md", "a cost's price times k / 10,000", "the sampling method"),
    Skip("docs/uncertainty.md", "any count that divides 10,000", "arithmetic"),
    Skip(
        "docs/uncertainty.md",
        "10,000 runs of a scenario\nwith 1,000 uncertain contributions",
        "a performance statement (docs/performance.md)",
    ),
    # docs/variants.md
    Skip("docs/variants.md", "(`1.234,50` is\n  1234.50", "a reading rule, an input"),
    Skip("docs/variants.md", "`money.parse_money`: `1234.50`", "an input"),
    Skip(
        "docs/variants.md",
        "(Excel may store 1234.57\n  as 1234.5699999999999)",
        "how a spreadsheet stores an input",
    ),
    Skip(
        "docs/variants.md",
        "the number 1234.567 is not a whole number of\n  cents",
        "an error message (tests/test_spreadsheets.py)",
    ),
]


def occurrences(document: str, text: str) -> list[tuple[int, int]]:
    return [m.span() for m in phrase(text).finditer(text_of(document))]


def skipped_spans(document: str) -> Iterator[tuple[int, int]]:
    for skip in SKIPPED:
        if skip.document == document:
            yield from occurrences(document, skip.text)


def claim_spans(document: str, files: Path) -> Iterator[tuple[int, int]]:
    """Where the claims sit (filled with the tool's figures: a claim that no longer
    holds leaves its figures uncovered, too)."""
    for claim in CLAIMS:
        if claim.document != document:
            continue
        if claim.within:  # the figure is the document's, near the tool's
            yield from (m.span() for m in phrase(claim.text, r"\S+?").finditer(text_of(document)))
        else:
            yield from occurrences(document, filled_claim(claim, files))


def inside(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(start <= span[0] and span[1] <= end for start, end in spans)


@pytest.mark.parametrize("skip", SKIPPED, ids=lambda s: plain_id(f"{s.document}: {s.text}"))
def test_each_skipped_figure_is_still_in_its_document(skip: Skip) -> None:
    assert occurrences(skip.document, skip.text), skip


@pytest.mark.parametrize("document", DOCUMENTS)
def test_every_figure_in_the_prose_is_checked_or_skipped_with_a_reason(
    document: str, files: Path
) -> None:
    """The census: every amount, percentage and month-and-year outside code blocks is in
    a claim, in a skipped phrase, or (an amount) in a worked-example passage."""
    if document in SKIPPED_DOCUMENTS:
        return
    text = text_of(document)
    blocks = fenced(document)
    covered = [*skipped_spans(document), *claim_spans(document, files)]
    passages = [p.span() for p in PASSAGES if p.document == document]
    loose = [
        (text.count("\n", 0, m.start()) + 1, m[0])
        for m in FIGURE.finditer(text)
        if not inside(m.span(), blocks)
        and not inside(m.span(), covered)
        and not (AMOUNT.fullmatch(m[0]) and inside(m.span(), passages))
    ]
    assert not loose, f"{document}: figures neither checked nor skipped (line, figure): {loose}"


# --- output blocks ----------------------------------------------------------------------

HERE = "compared here: "
#: Every ```text and ```console block (by its document and first line): how it is
#: checked, or why it holds nothing the tool prints. docs/errors.md's examples are the
#: catalogue tests/test_docs.py reproduces; the test below finds each block there.
BLOCKS = {
    ("README.md", "error: docs/examples/bad.yaml:8:13:"): HERE + "test_readme_validate_output",
    ("README.md", "mss-runway history"): "a command (outside ```sh: it needs git history)",
    ("README.md", "bash (~/.bashrc):"): "shell start-up lines",
    ("docs/actuals.md", '"overdue": [{"id": "c"'): HERE + "test_actuals_overdue_json",
    ("docs/actuals.md", "mss-runway backtest FILE"): "a usage synopsis",
    ("docs/architecture.md", " scenario.yaml ──read──▶"): "a diagram",
    ("docs/ci.md", "mss-runway check FILE..."): "a usage synopsis",
    ("docs/ci.md", "FAIL    scenarios/minimal.yaml"): HERE + "test_ci_check_lines",
    ("docs/ci.md", "FAIL    scenarios/base.yaml"): HERE + "test_ci_baseline_lines",
    ("docs/diff.md", "mss-runway diff OLD NEW"): "a usage synopsis",
    ("docs/diff.md", "Old: docs/examples/diff-old.yaml"): (
        "compared exactly by tests/test_diff_cli.py::"
        "test_the_worked_example_in_the_docs_is_real_output"
    ),
    ("docs/diff.md", '  "total": {'): HERE + "test_diff_json_excerpt",
    ("docs/errors.md", "error: --runs:"): HERE + "test_errors_misuse_example",
    ("docs/import.md", "mss-runway import fts flows.json"): "two commands (on files not shipped)",
    ("docs/import.md", "mss-runway import fts FILE"): "a usage synopsis",
    ("docs/import.md", "mss-runway import iati FILE.xml"): "a usage synopsis",
    ("docs/output.md", "$ mss-runway forecast docs/examples/itemised.yaml"): (
        "compared exactly by tests/test_items.py::test_the_documented_worked_example_reproduces"
    ),
    ("docs/performance.md", "2026-11-29 09:43 UTC"): SKIPPED_DOCUMENTS["docs/performance.md"],
    ("docs/testing.md", "python -m pip install -e '.[dev]' mutmut"): (
        "the mutation run's commands, not mss-runway's"
    ),
    ("docs/scenario-format.md", "$ mss-runway validate full.yaml"): (
        "compared exactly by tests/test_golden.py::test_scenario_format_example_is_real_output"
    ),
    ("docs/scenario-format.md", "error: scenario.yaml:5:28:"): HERE + "test_reserve_error",
    ("docs/scenario-format.md", "warning: late.yaml:"): HERE + "test_late_warnings",
    ("docs/scenario-format.md", "$ mss-runway forecast worked.yaml"): HERE
    + "test_format_console_blocks",
    ("docs/scenario-format.md", "error: file:line:col:"): "the shape of a message",
    ("docs/scenario-format.md", "$ mss-runway validate bad.yaml"): HERE
    + "test_format_console_blocks",
}
OUTPUT_LANGS = ("text", "console", "")


def output_blocks() -> list[tuple[str, str]]:
    """(document, text) of every ```text, ```console and bare ``` block (a block in a
    list item, its fence indented, dedented)."""
    return [
        (document, textwrap.dedent(block["text"]) if block[0][0] != "`" else block["text"])
        for document in DOCUMENTS
        for block in FENCE.finditer(text_of(document))
        if block["lang"] in OUTPUT_LANGS
    ]


def block(document: str, first_line: str) -> str:
    found = [
        text for doc, text in output_blocks() if doc == document and text.startswith(first_line)
    ]
    assert len(found) == 1, (document, first_line)
    return found[0]


def test_every_output_block_is_accounted_for() -> None:
    """Each block is in BLOCKS (or is an example of the error catalogue), each entry still
    names a block, and each test an entry names exists."""
    from .test_docs import examples

    catalogue = {expected for _, _, expected in examples()}
    unlisted = [
        (document, text.partition("\n")[0])
        for document, text in output_blocks()
        if not any(document == d and text.startswith(first) for d, first in BLOCKS)
        and not (document == "docs/errors.md" and text.rstrip("\n") in catalogue)
    ]
    assert unlisted == []
    for document, first_line in BLOCKS:
        block(document, first_line)
    here = Path(__file__).read_text(encoding="utf-8")
    for how in BLOCKS.values():
        if how.startswith(HERE):
            assert f"def {how.removeprefix(HERE)}(" in here, how
        for file, name in re.findall(r"tests/(\w+\.py)::(\w+)", how):
            assert f"def {name}(" in (ROOT / "tests" / file).read_text(encoding="utf-8"), how


def test_readme_validate_output(monkeypatch: pytest.MonkeyPatch) -> None:
    """The README's validate example prints the block under it, and exits 2."""
    monkeypatch.chdir(ROOT)
    result = runner.invoke(app, ["validate", "docs/examples/bad.yaml"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == block("README.md", "error: docs/examples/bad.yaml:8:13:")


def test_errors_misuse_example(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = runner.invoke(app, ["simulate", "scenarios/minimal.yaml", "--runs", "abc"])
    assert result.exit_code == 2
    assert result.stderr == block("docs/errors.md", "error: --runs:")


def test_actuals_overdue_json(files: Path) -> None:
    """docs/actuals.md's overdue list is the one forecast prints for its worked example."""
    shown = block("docs/actuals.md", '"overdue": [{"id": "c"')
    expected = json.loads("{" + shown + "}", parse_float=Decimal)["overdue"]
    assert output_of("forecast {actuals-worked.yaml} -f json", files)["overdue"] == expected


def test_diff_json_excerpt(files: Path) -> None:
    """docs/diff.md's excerpt of the JSON is a piece of what diff prints, as printed."""
    code, out, _ = printed(DIFF, files)
    assert code == 0
    assert block("docs/diff.md", '  "total": {') in out


def test_reserve_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The bad reserve of docs/scenario-format.md at line 5, column 28 of its file."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "scenario.yaml").write_text(
        "name: R\nstart: 2025-01\nopening_balance: 100\ncosts: [{label: Rent, monthly: 1}]\n"
        "reserve: {months_of_costs: 0}\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["validate", "scenario.yaml"])
    assert result.exit_code == 2
    shown = block("docs/scenario-format.md", "error: scenario.yaml:5:28:")
    assert result.stderr == shown + "error: validate: 1 of 1 files invalid\n"


def test_late_warnings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """docs/scenario-format.md's two warnings of items past the ledger, from a file that
    has them (a pledge in 2036-01, a per-unit line whose count changes in 2035-03)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "late.yaml").write_text(
        "name: Late\nstart: 2025-01\nopening_balance: 100\n"
        "contributions: [{donor: Late, amount: 5, status: pledged, date: 2036-01}]\n"
        "costs: [{label: later, unit_cost: 1, units: {2025-01: 1, 2035-03: 2}}]\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["forecast", "late.yaml"])
    assert result.exit_code == 0
    shown = block("docs/scenario-format.md", "warning: late.yaml:")
    assert result.stderr == shown


def test_ci_check_lines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """docs/ci.md's three check lines: the shipped minimal.yaml, and the two files the
    page names made here (Rich: minimal's pledge committed; bad: one problem)."""
    folder = tmp_path / "scenarios"
    folder.mkdir()
    minimal = (ROOT / "scenarios" / "minimal.yaml").read_text(encoding="utf-8")
    (folder / "minimal.yaml").write_text(minimal, encoding="utf-8")
    (folder / "rich.yaml").write_text(
        minimal.replace("Minimal example", "Rich").replace("pledged", "committed"),
        encoding="utf-8",
    )
    (folder / "bad.yaml").write_text("name: Bad\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    names = ["scenarios/minimal.yaml", "scenarios/rich.yaml", "scenarios/bad.yaml"]
    result = runner.invoke(app, ["check", *names])
    assert result.exit_code == 2  # one file is invalid
    assert result.stdout == block("docs/ci.md", "FAIL    scenarios/minimal.yaml")


@needs_git
def test_ci_baseline_lines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """docs/ci.md's --baseline lines, from a repository where they hold: Base was 20,000
    short on main (costs 20,000 a month from 100,000: -20,000 in June) and is 50,000
    short on the branch (25,000 a month: -25,000 in May, -50,000 in June); New is new."""
    from .gitrepo import Repo

    base = (
        "name: Base\nstart: 2025-01\ntarget: 2025-06\nopening_balance: 100_000\n"
        "costs: [{label: Running, monthly: 20_000}]\n"
    )
    repo = Repo(tmp_path)
    repo.write({"scenarios/base.yaml": base}, "the plan")
    repo.git("checkout", "-q", "-b", "change")
    new = base.replace("Base", "New").replace("100_000", "130_000")
    repo.write(
        {"scenarios/base.yaml": base.replace("20_000", "25_000"), "scenarios/new.yaml": new},
        "costs up; a new scenario",
    )
    monkeypatch.chdir(tmp_path)
    names = ["scenarios/base.yaml", "scenarios/new.yaml"]
    result = runner.invoke(app, ["check", *names, "--baseline", "main"])
    assert result.exit_code == 1
    assert result.stdout == block("docs/ci.md", "FAIL    scenarios/base.yaml")


def console(text: str) -> Iterator[tuple[str, str]]:
    """(command, what it printed) for each ``$ `` line of a console block."""
    command, shown = None, ""
    for line in text.splitlines(keepends=True):
        if line.startswith("$ "):
            if command is not None:
                yield command, shown
            command, shown = line[2:].rstrip("\n"), ""
        else:
            shown += line
    if command is not None:
        yield command, shown


@pytest.mark.parametrize(
    ("first_line", "files_from"),
    [
        ("$ mss-runway forecast worked.yaml", {"worked.yaml": "name: Worked example"}),
        ("$ mss-runway validate bad.yaml", {"bad.yaml": "name: Bad example"}),
    ],
)
def test_format_console_blocks(
    first_line: str, files_from: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each command of the block, run on the page's own YAML block, prints what follows
    it (stdout, then stderr); ``| head -N`` keeps N lines; ``echo $?`` is the exit code."""
    for name, first in files_from.items():
        text = yaml_block("docs/scenario-format.md", first)
        (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code = None
    steps = list(console(block("docs/scenario-format.md", first_line)))
    assert len(steps) >= 2
    for command, shown in steps:
        if command == "echo $?":
            assert shown == f"{code}\n"
            continue
        command, _, head = command.partition(" | head -")
        result = runner.invoke(app, shlex.split(command)[1:])
        code = result.exit_code
        assert code == (2 if "bad.yaml" in command else 0), command
        got = result.stdout + result.stderr
        if head:
            got = "".join(got.splitlines(keepends=True)[: int(head)])
        assert got == shown, command
