"""Run every measurement of the performance issue side by side and print one table.

    python benchmarks/run.py            # the full run (a few minutes on 2 cores)
    python benchmarks/run.py --quick    # smaller sizes, fewer rounds: a smoke test
    python benchmarks/run.py --repeat 9 # rounds per group

Each measurement is a ratio of two commands timed in the same run: the commands of a
group are run in interleaved rounds (A B C, then C B A, ...), so that a machine that
speeds up or slows down during the run affects both sides alike; the table shows the
median wall time of each command, the ratio, the target and PASS or MISS. Peak memory is
the child's maximum resident set size (``os.wait4``).

mss-runway is run as the console script installed beside this Python
(``python -m pip install -e .`` first). Data is generated into ``benchmarks/data/`` when
missing. hledger comes from the system's package manager (``apt-get install hledger``);
without it the peer comparison is skipped. Commands the installed mss-runway does not have
yet (``check``, ``simulate``, ``contributions_file``) are detected and their rows say so.

This is a benchmark, not a test: it exits 0 whatever it measures (2 on a broken set-up).
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import generate, hledger_journal  # noqa: E402

DATA = ROOT / "benchmarks" / "data"
SHIPPED = ROOT / "scenarios" / "mss-haiti-2024-11.yaml"
SEED = 1


@dataclass(frozen=True)
class Sizes:
    large: int  # contributions of the peer comparison
    large_costs: int
    linear: tuple[int, ...]  # contributions of the linear-growth rows
    linear_months: tuple[int, ...]  # months of the linear-growth rows (at linear[0])
    check_files: int
    uncertain: int  # uncertain contributions of the simulate row
    runs: int  # simulate runs


FULL = Sizes(50_000, 500, (10_000, 50_000, 100_000), (30, 60, 120), 100, 1_000, 10_000)
QUICK = Sizes(5_000, 50, (1_000, 5_000, 10_000), (30, 60, 120), 10, 100, 1_000)


@dataclass
class Command:
    """One command line, run once to check it works, then timed in rounds."""

    label: str
    argv: list[str]
    ok_codes: tuple[int, ...] = (0,)
    times: list[float] = field(default_factory=list)
    peak_kib: int = 0
    error: str | None = None

    @property
    def median(self) -> float:
        return statistics.median(self.times)


@dataclass
class Row:
    name: str
    subject: Command | None
    baseline: Command | None
    target: str  # e.g. "<= 1.00"
    limit: float | None
    skipped: str | None = None
    memory_limit_mib: float | None = None
    value: float | None = None  # set for rows whose number is not subject/baseline
    shown: str = ""  # the number shown for ``value`` rows
    note: str = ""  # shown in the result column of rows without a target


def mss_runway() -> str:
    script = Path(sys.executable).parent / "mss-runway"
    if not script.exists():
        sys.exit(f"{script} not found: install mss-runway first (python -m pip install -e .)")
    return str(script)


def run_once(command: Command, capture: bool = False) -> tuple[float, int, str]:
    """Run ``command``; returns (wall seconds, exit code, stderr when captured)."""
    out = subprocess.PIPE if capture else subprocess.DEVNULL
    began = time.perf_counter()
    process = subprocess.Popen(command.argv, stdout=subprocess.DEVNULL, stderr=out)
    stderr = process.stderr.read().decode(errors="replace") if process.stderr else ""
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - began
    process.returncode = os.waitstatus_to_exitcode(status)
    command.peak_kib = max(command.peak_kib, usage.ru_maxrss)  # KiB on Linux
    return elapsed, process.returncode, stderr


def compile_bytecode(python: str) -> None:
    """Compile mss_runway's bytecode, as ``pip install`` does, so that no run pays for
    compiling it (an editable install under PYTHONDONTWRITEBYTECODE=1 never caches it,
    which costs every run about 15 ms)."""
    where = subprocess.run(
        [python, "-c", "import mss_runway, os; print(os.path.dirname(mss_runway.__file__))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run(
        [python, "-m", "compileall", "-q", where], check=True, env=env, stdout=subprocess.DEVNULL
    )


def works(argv: Sequence[str]) -> bool:
    return subprocess.run(list(argv), capture_output=True, check=False).returncode == 0


def time_group(commands: list[Command], rounds: int) -> None:
    """Check each command once, then time the working ones in interleaved rounds."""
    for command in commands:
        _, code, stderr = run_once(command, capture=True)
        if code not in command.ok_codes:
            lines = stderr.strip().splitlines() or [""]
            command.error = f"exit {code}: {lines[-1][:100]}"
    live = [c for c in commands if c.error is None]
    for n in range(rounds):
        for command in live if n % 2 == 0 else live[::-1]:
            elapsed, _, _ = run_once(command)
            command.times.append(elapsed)
        if sys.stderr.isatty():
            print(f"  round {n + 1}/{rounds}", end="\r", file=sys.stderr, flush=True)


# --- data ---------------------------------------------------------------------------------


def scenario_dir(contributions: int, costs: int, months: int, uncertain: bool = False) -> Path:
    suffix = "-uncertain" if uncertain else ""
    return DATA / f"c{contributions}-k{costs}-m{months}-s{SEED}{suffix}"


def ensure(
    contributions: int, costs: int, months: int, *, uncertain: bool = False, journal: bool = False
) -> Path:
    """The generated scenario's directory, generating it first when missing."""
    # In child processes: a parent that grew while generating would pass its resident
    # pages on to every child it forks, and inflate their peak memory.
    out = scenario_dir(contributions, costs, months, uncertain)
    tools = ROOT / "benchmarks"
    if not (out / "contributions.csv").exists():
        print(f"generating {out.relative_to(ROOT)}", file=sys.stderr)
        flags = ["--contributions", str(contributions), "--costs", str(costs)]
        flags += ["--months", str(months), "--seed", str(SEED), "--out", str(out)]
        flags += ["--uncertain"] if uncertain else []
        subprocess.run(
            [sys.executable, str(tools / "generate.py"), *flags],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    if journal and not (out / "fund.journal").exists():
        print(f"writing {out.relative_to(ROOT)}/fund.journal", file=sys.stderr)
        subprocess.run(
            [
                sys.executable,
                str(tools / "hledger_journal.py"),
                str(out / "inline.yaml"),
                "-o",
                str(out / "fund.journal"),
            ],
            check=True,
        )
    return out


def check_files(count: int) -> list[Path]:
    """``count`` small scenarios (20 contributions, 8 cost lines, 24 months each)."""
    out = DATA / f"check-{count}"
    files = [out / f"scenario-{n:03d}.yaml" for n in range(count)]
    if not all(f.exists() for f in files):
        print(f"generating {out.relative_to(ROOT)}", file=sys.stderr)
        out.mkdir(parents=True, exist_ok=True)
        for n, file in enumerate(files):
            scenario = generate.generate(20, 8, 24, SEED + n)
            file.write_text(generate.scenario_yaml(scenario), encoding="utf-8")
    return files


# --- the measurements -----------------------------------------------------------------------


def ratio_row(name: str, subject: Command, baseline: Command, limit: float, op: str = "<=") -> Row:
    return Row(name, subject, baseline, f"{op} {limit:.2f}", limit)


def measure(sizes: Sizes, rounds_fast: int, rounds_slow: int) -> list[Row]:
    exe = mss_runway()
    py = sys.executable
    rows: list[Row] = []

    # 1. start-up: the shipped scenario and --help against importing the libraries
    imports = Command(
        "python -c 'import typer, rich, pydantic, yaml'",
        [py, "-c", "import typer, rich, pydantic, yaml"],
    )
    json_small = Command(
        "forecast SHIPPED --format json", [exe, "forecast", str(SHIPPED), "--format", "json"]
    )
    table_small = Command("forecast SHIPPED (table)", [exe, "forecast", str(SHIPPED)])
    help_cmd = Command("mss-runway --help", [exe, "--help"])
    group = [imports, json_small, table_small, help_cmd]

    has_check = works([exe, "check", "--help"])
    check_row: Row
    files = check_files(sizes.check_files)
    one_forecast = Command(
        "forecast ONE --format json", [exe, "forecast", str(files[0]), "--format", "json"]
    )
    if has_check:
        check_cmd = Command(
            f"check {len(files)} files", [exe, "check", *map(str, files)], ok_codes=(0, 1)
        )
        group += [one_forecast, check_cmd]
        check_row = ratio_row(
            f"check {len(files)} files / one forecast", check_cmd, one_forecast, 3.0
        )
    else:
        check_row = Row(
            f"check {len(files)} files / one forecast",
            None,
            None,
            "<= 3.00",
            3.0,
            skipped="skipped: no check command",
        )
    print(f"start-up group: {len(group)} commands x {rounds_fast} rounds", file=sys.stderr)
    time_group(group, rounds_fast)
    rows += [
        ratio_row("forecast shipped, json / imports", json_small, imports, 1.0),
        ratio_row("forecast shipped, table / imports", table_small, imports, 1.25),
        ratio_row("--help / imports", help_cmd, imports, 1.0),
        check_row,
    ]

    # 2. large scenario against hledger
    n, k = sizes.large, sizes.large_costs
    large = ensure(n, k, 120, journal=True)
    yaml_cmd = Command(
        f"forecast {n:,} YAML --format json",
        [exe, "forecast", str(large / "inline.yaml"), "--format", "json"],
    )
    csv_cmd = Command(
        f"forecast {n:,} CSV --format json",
        [exe, "forecast", str(large / "from-csv.yaml"), "--format", "json"],
    )
    has_csv = works([exe, "validate", str(large / "from-csv.yaml")])
    group = [yaml_cmd] + ([csv_cmd] if has_csv else [])
    peer: Command | None = None
    hledger = shutil.which("hledger")
    name_yaml = f"{n:,} contributions, YAML / hledger"
    name_csv = f"{n:,} contributions, CSV / hledger"
    if hledger:
        period = f"{generate.month_text(0)}..{generate.month_text(hledger_journal.HORIZON)}"
        peer = Command(
            f"hledger balance --forecast ({n:,})",
            hledger_journal.balance_argv(hledger, str(large / "fund.journal"), period),
        )
        group.append(peer)
    print(f"large group: {len(group)} commands x {rounds_slow} rounds", file=sys.stderr)
    time_group(group, rounds_slow)
    no_peer = "skipped: hledger not installed (apt-get install hledger)"
    rows.append(
        ratio_row(name_yaml, yaml_cmd, peer, 1.0)
        if peer
        else Row(name_yaml, yaml_cmd, None, "<= 1.00", 1.0, skipped=no_peer)
    )
    if not has_csv:
        rows.append(
            Row(
                name_csv,
                None,
                None,
                "<= 0.25",
                0.25,
                skipped="skipped: no contributions_file",
            )
        )
    elif peer:
        rows.append(ratio_row(name_csv, csv_cmd, peer, 0.25))
    else:
        rows.append(Row(name_csv, csv_cmd, None, "<= 0.25", 0.25, skipped=no_peer))

    # 3. simulate against a plain forecast of the same file
    name_sim = f"simulate {sizes.runs:,} runs / forecast"
    if works([exe, "simulate", "--help"]):
        sim_file = ensure(sizes.uncertain, 20, 120, uncertain=True) / "inline.yaml"
        plain = Command(
            "forecast UNCERTAIN --format json", [exe, "forecast", str(sim_file), "--format", "json"]
        )
        simulate = Command(
            f"simulate UNCERTAIN --runs {sizes.runs}",
            [
                exe,
                "simulate",
                str(sim_file),
                "--runs",
                str(sizes.runs),
                "--seed",
                "1",
                "--format",
                "json",
            ],
        )
        print(f"simulate group: 2 commands x {rounds_slow} rounds", file=sys.stderr)
        time_group([plain, simulate], rounds_slow)
        row = ratio_row(name_sim, simulate, plain, 3.0)
        row.memory_limit_mib = 500
        rows.append(row)
    else:
        rows.append(
            Row(name_sim, None, None, "<= 3.00", 3.0, skipped="skipped: no simulate command")
        )

    # 4. linear growth in contributions (120 months) and in months
    growth = [
        Command(
            f"forecast {c:,} contributions",
            [
                exe,
                "forecast",
                str(ensure(c, sizes.large_costs, 120) / "inline.yaml"),
                "--format",
                "json",
            ],
        )
        for c in sizes.linear
    ]
    c0 = sizes.linear[0]
    by_months = [
        growth[0]
        if m == 120
        else Command(
            f"forecast {c0:,} contrib., {m} months",
            [
                exe,
                "forecast",
                str(ensure(c0, sizes.large_costs, m) / "inline.yaml"),
                "--format",
                "json",
            ],
        )
        for m in sizes.linear_months
    ]
    print(
        f"growth group: {len(growth) + len(by_months)} commands x {rounds_slow} rounds",
        file=sys.stderr,
    )
    time_group(growth + [c for c in by_months if all(c is not g for g in growth)], rounds_slow)
    rows += [_linear_row(growth, sizes.linear, "contributions")]
    for command, count in zip(growth, sizes.linear, strict=True):
        rows.append(_size_row(command, count, "contribution"))
    for command, count in zip(by_months, sizes.linear_months, strict=True):
        name = f"forecast {sizes.linear[0]:,} contrib., {count} months"
        rows.append(_size_row(command, count, "month", name))
    rows += [_months_row(by_months, sizes.linear_months)]
    return rows


def _size_row(command: Command, count: int, unit: str, name: str | None = None) -> Row:
    row = Row(name or command.label, command, None, "", None)
    if command.times:
        per = command.median / count
        row.note = (
            f"{per * 1e6:.1f} us per {unit}" if per < 1e-3 else f"{per * 1e3:.2f} ms per {unit}"
        )
    return row


def _months_row(commands: list[Command], months: Sequence[int]) -> Row:
    """At most linear in months: t(longest) / t(shortest) at most longest / shortest."""
    limit = months[-1] / months[0]
    name = f"at most linear in months (t {months[-1]} / t {months[0]} months)"
    if any(c.error or not c.times for c in commands):
        return Row(name, None, None, f"<= {limit:.2f}", limit, skipped="skipped: a command failed")
    value = commands[-1].median / commands[0].median
    shown = f"{_ms(commands[-1].median)} / {_ms(commands[0].median)}"
    return Row(name, None, None, f"<= {limit:.2f}", limit, value=value, shown=shown)


def _linear_row(commands: list[Command], sizes: Sequence[int], unit: str) -> Row:
    """Linear means the marginal cost per item does not grow: (t3 - t2) / (n3 - n2) at most
    1.25 times (t2 - t1) / (n2 - n1)."""
    name = f"linear in {unit} ({sizes[1]:,}->{sizes[2]:,} / {sizes[0]:,}->{sizes[1]:,})"
    if any(c.error or not c.times for c in commands):
        return Row(name, None, None, "<= 1.25", 1.25, skipped="skipped: a command failed")
    t = [c.median for c in commands]
    low = (t[1] - t[0]) / (sizes[1] - sizes[0])
    high = (t[2] - t[1]) / (sizes[2] - sizes[1])
    per = "contribution" if unit == "contributions" else "month"
    shown = (
        f"{high * 1e6:.1f} / {low * 1e6:.1f} us per {per}"
        if unit == "contributions"
        else f"{high * 1e3:.2f} / {low * 1e3:.2f} ms per {per}"
    )
    if low <= 0:  # no measurable growth at all: linear holds trivially
        return Row(name, None, None, "<= 1.25", 1.25, value=0.0, shown=shown)
    return Row(name, None, None, "<= 1.25", 1.25, value=high / low, shown=shown)


# --- the table ------------------------------------------------------------------------------


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms"


def render(rows: list[Row], header: str) -> None:
    from rich import box
    from rich.console import Console
    from rich.table import Table

    table = Table(title=header, box=box.SIMPLE_HEAVY, title_justify="left")
    for column in ("measurement", "median", "baseline", "ratio", "target", "result", "peak RSS"):
        left = column == "measurement"
        table.add_column(column, justify="left" if left else "right", no_wrap=True)
    for row in rows:
        subject, baseline = row.subject, row.baseline
        failed = next((c.error for c in (subject, baseline) if c and c.error), None)
        median = _ms(subject.median) if subject and subject.times else ""
        base = _ms(baseline.median) if baseline and baseline.times else ""
        peak = f"{subject.peak_kib / 1024:,.0f} MiB" if subject and subject.times else ""
        if failed:
            table.add_row(row.name, median, base, "", row.target, f"failed: {failed}", peak)
            continue
        if row.skipped:
            table.add_row(row.name, median, base, "", row.target, row.skipped, peak)
            continue
        if row.value is not None:
            result = "PASS" if row.limit is None or row.value <= row.limit else "MISS"
            table.add_row(row.name, row.shown, "", f"{row.value:.2f}", row.target, result, "")
            continue
        if subject is None or baseline is None or row.limit is None:
            table.add_row(row.name, median, base, "", row.target, row.note, peak)
            continue
        ratio = subject.median / baseline.median
        result = "PASS" if ratio <= row.limit else "MISS"
        if row.memory_limit_mib is not None:
            within = subject.peak_kib / 1024 < row.memory_limit_mib
            peak += f" (< {row.memory_limit_mib:.0f})"
            result = result if within else "MISS (memory)"
        table.add_row(row.name, median, base, f"{ratio:.2f}", row.target, result, peak)
    console = Console(width=None if sys.stdout.isatty() else 250, highlight=False)
    console.print(table)
    console.print(
        "ratio = median / baseline median, both timed in the same interleaved rounds. "
        "linear: the marginal\ncost per item of the larger step over that of the smaller "
        "step (1.00 = exactly linear).\n"
        "Peak RSS: the largest resident set of the command's process over its runs.\n"
        "Commands (paths relative to the checkout):"
    )
    seen: set[int] = set()
    for row in rows:
        for command in (row.subject, row.baseline):
            if command is not None and id(command) not in seen:
                seen.add(id(command))
                argv = [_short(arg) for arg in command.argv]
                if len(argv) > 12:  # check's 100 files
                    argv = [*argv[:3], f"... ({len(argv) - 2} files)"]
                console.print(
                    f"  {command.label}: {shlex.join(argv)}", soft_wrap=True, markup=False
                )


def _short(arg: str) -> str:
    if arg == sys.executable:
        return "python"
    if arg.startswith(str(ROOT) + os.sep):
        return str(Path(arg).relative_to(ROOT))
    return Path(arg).name if arg.endswith("mss-runway") else arg


def describe(rounds_fast: int, rounds_slow: int, quick: bool) -> str:
    hledger = shutil.which("hledger")
    peer = "not installed"
    if hledger:
        peer = subprocess.run(
            [hledger, "--version"], capture_output=True, text=True, check=False
        ).stdout.strip()
    version = subprocess.run(
        [mss_runway(), "--version"], capture_output=True, text=True, check=False
    ).stdout.strip()
    return (
        f"{datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}; {os.cpu_count()} cores "
        f"(nproc {len(os.sched_getaffinity(0))}); Python {platform.python_version()}; "
        f"{version}; {peer}; rounds: {rounds_fast} start-up, {rounds_slow} others"
        + ("; --quick sizes" if quick else "")
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, few rounds")
    parser.add_argument("--repeat", type=int, help="rounds per group (default 21 and 5)")
    args = parser.parse_args(argv)
    sizes = QUICK if args.quick else FULL
    rounds_fast = args.repeat or (5 if args.quick else 21)
    rounds_slow = args.repeat or (2 if args.quick else 5)
    if not shutil.which("hledger"):
        print(
            "hledger not found: the peer comparison is skipped "
            "(install it with `apt-get install hledger`)",
            file=sys.stderr,
        )
    compile_bytecode(sys.executable)
    header = describe(rounds_fast, rounds_slow, args.quick)
    rows = measure(sizes, rounds_fast, rounds_slow)
    render(rows, header)
    return 0


if __name__ == "__main__":
    sys.exit(main())
