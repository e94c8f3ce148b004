"""The JSON Schema agrees with ``mss-runway validate``, as the validators people run see it.

Two clients read every file: python-jsonschema on the data a YAML 1.2 core reader gives
(what yaml-language-server in an editor sees: ``1_032`` and ``140_000`` are text, dates are
text), and check-jsonschema (the pre-commit hook) with its own YAML reader. Over every
shipped scenario, every YAML example in the docs and a table of valid and invalid files,
each one's verdict must equal ``validate``'s, except for the rules listed in ``BEYOND``,
which no schema can express (docs/scenario-format.md, "What the editor checks").
"""

from __future__ import annotations

import functools
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from mss_runway.cli import app
from mss_runway.schema import json_schema

from .conftest import ROOT, SCENARIOS

jsonschema = pytest.importorskip("jsonschema")
runner = CliRunner()

BASE = """\
name: Base
start: 2025-01
contributions:
  - {id: a, donor: A, amount: 100, status: pledged, date: 2025-03}
costs:
  - {id: ops, label: Ops, monthly: 10}
"""

HEAD = "name: x\nstart: 2025-01\n"


def contribution(**fields: str) -> str:
    entry = {"donor": "A", "amount": "100", "status": "pledged", "date": "2025-03", **fields}
    return HEAD + "contributions:\n  - {" + ", ".join(f"{k}: {v}" for k, v in entry.items()) + "}\n"


def actuals(entries: str) -> str:
    """A scenario with contribution ``a`` (100) and the given ``actuals`` entries."""
    return contribution(id="a", date="2025-01") + "actuals: [" + entries + "]\n"


def units(value: str) -> str:
    return HEAD + "costs:\n  - {label: Officers, unit_cost: 5, units: {" + value + "}}\n"


# (id, file text, does validate accept it?)
CASES: list[tuple[str, str, bool]] = [
    ("minimal", HEAD, True),
    ("cents-19.99", HEAD + "opening_balance: 19.99\n", True),
    ("cents-0.07", contribution(amount="0.07"), True),
    ("cents-1.15", HEAD + "costs: [{label: a, monthly: 1.15}]\n", True),
    ("cents-4.35", HEAD + "costs: [{label: a, amount: 4.35, date: 2025-02}]\n", True),
    ("money-underscores", HEAD + "opening_balance: 140_000\n", True),
    ("money-text", contribution(amount='"1_250.50"'), True),
    ("money-minus-zero", HEAD + 'opening_balance: "-0"\n', True),
    ("money-limit", HEAD + "opening_balance: 1_000_000_000_000_000\n", True),
    ("units-underscore", units("2025-01: 1_032"), True),
    ("units-quoted", units('2025-01: "1032"'), True),
    ("units-limit", units("2025-01: 10_000_000"), True),
    ("day", contribution(date="2025-02-14"), True),
    ("leap-day", contribution(date="2028-02-29"), True),
    ("fx-text", HEAD + 'fx: {EUR: "0.73"}\n' + "contributions: []\n", True),
    ("costs-uncertainty-text", HEAD + 'costs_uncertainty: "0.1"\n', True),
    ("probability", contribution(probability="0.6", delay_months="[0, 3]"), True),
    ("probability-text", contribution(probability='"0.6"'), True),
    ("label", HEAD + "label: Short\n", True),
    ("variant-remove", "extends: base.yaml\ncontributions: [{id: a, remove: true}]\n", True),
    ("variant-change", "extends: base.yaml\ncosts: [{id: ops, monthly: 20}]\n", True),
    ("amount-negative-text", contribution(amount='"-5"'), False),
    ("amount-negative", contribution(amount="-5"), False),
    ("amount-zero", contribution(amount="0"), False),
    ("amount-zero-text", contribution(amount='"0.00"'), False),
    ("amount-three-decimals-text", contribution(amount='"1.005"'), False),
    ("amount-exponent-text", HEAD + 'opening_balance: "2e3"\n', False),
    ("amount-beyond-limit", HEAD + "opening_balance: 1_000_000_000_000_001\n", False),
    ("amount-bool", contribution(amount="true"), False),
    ("units-month-name", units("January: 3"), False),
    ("units-negative", units("2025-01: -1"), False),
    ("units-exponent", units('2025-01: "1e3"'), False),
    ("units-beyond-limit", units("2025-01: 10_000_001"), False),
    ("contribution-rate", contribution(currency="EUR", rate='"1.08"'), True),
    ("contribution-rate-negative-text", contribution(currency="EUR", rate='"-1"'), False),
    ("fx-negative-text", HEAD + 'fx: {EUR: "-1"}\n', False),
    ("fx-zero", HEAD + "fx: {EUR: 0}\n", False),
    ("fx-lowercase-code", HEAD + "fx: {eur: 1.1}\n", False),
    ("costs-uncertainty-word", HEAD + 'costs_uncertainty: "abc"\n', False),
    ("costs-uncertainty-one", HEAD + "costs_uncertainty: 1\n", False),
    ("costs-uncertainty-five-decimals", HEAD + 'costs_uncertainty: "0.12345"\n', False),
    ("probability-above-one", contribution(probability="1.5"), False),
    ("delay-too-long", contribution(delay_months="[3, 200]"), False),
    ("month-13", "name: x\nstart: 2025-13\n", False),
    ("day-30-february", contribution(date="2025-02-30"), False),
    ("leap-day-not-leap", contribution(date="2100-02-29"), False),
    ("year-1899", "name: x\nstart: 1899-12\n", False),
    ("name-blank", 'name: "   "\nstart: 2025-01\n', False),
    ("name-empty", 'name: ""\nstart: 2025-01\n', False),
    ("label-blank", HEAD + 'label: " "\n', False),
    ("remove-without-extends", HEAD + "contributions: [{id: a, remove: true}]\n", False),
    ("unknown-key", HEAD + "opening: 5\n", False),
    ("missing-start", "name: x\n", False),
    ("unknown-status", contribution(status="promised"), False),
    ("currency-lowercase", HEAD + "currency: usd\n", False),
    ("cost-of-two-kinds", HEAD + "costs: [{label: a, monthly: 1, amount: 2}]\n", False),
    ("actuals", actuals("{month: 2025-01, closing: 40, received: {a: 60}, unplanned: 5}"), True),
    ("actuals-overdrawn", actuals('{month: 2025-01, closing: "-1_200.50", note: late}'), True),
    ("actuals-day", actuals("{month: 2025-01-31, closing: -3}"), True),
    ("overdue-drop", actuals("{month: 2025-01, closing: 0}") + "overdue: drop\n", True),
    ("overdue-word", actuals("{month: 2025-01, closing: 0}") + "overdue: later\n", False),
    ("actuals-no-closing", actuals("{month: 2025-01, received: {a: 5}}"), False),
    ("actuals-closing-text", actuals("{month: 2025-01, closing: none}"), False),
    ("actuals-received-zero", actuals("{month: 2025-01, closing: 1, received: {a: 0}}"), False),
    ("actuals-unplanned-negative", actuals("{month: 2025-01, closing: 1, unplanned: -1}"), False),
    ("actuals-unknown-key", actuals("{month: 2025-01, closing: 1, spent: 4}"), False),
    ("actuals-month-13", actuals("{month: 2025-13, closing: 1}"), False),
]

#: Rules only validate checks: they need other fields, the calendar beyond a pattern, or
#: exact decimals of a number (JSON numbers are binary floats to these validators).
BEYOND: dict[str, str] = {
    "number-three-decimals": HEAD + "opening_balance: 19.999\n",
    "before-start": contribution(date="2024-12"),
    "currency-without-rate": contribution(currency="EUR"),
    "target-before-start": HEAD + "target: 2024-12\n",
    "to-before-from": HEAD + "costs: [{label: a, monthly: 1, from: 2025-05, to: 2025-02}]\n",
    "own-currency-rate": HEAD + "fx: {USD: 1.1}\n",
    "same-month-twice": units("2025-01: 1, 2025-01-15: 2"),
    "actuals-unknown-id": actuals("{month: 2025-01, closing: 1, received: {zz: 5}}"),
    "actuals-gap": actuals("{month: 2025-01, closing: 1}, {month: 2025-03, closing: 1}"),
    "actuals-not-at-start": actuals("{month: 2025-02, closing: 1}"),
    "actuals-above-left": actuals("{month: 2025-01, closing: 1, received: {a: 101}}"),
    "variant-unknown-id": "extends: base.yaml\ncontributions: [{id: zz, remove: true}]\n",
}


# --- a YAML 1.2 core schema reader (the YAML 1.2.2 spec, section 10.3.2) -----------------


class Yaml12Loader(yaml.SafeLoader):
    """PyYAML with the YAML 1.2 core schema's scalars and unique keys."""

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        keys = [self.construct_object(key, deep=deep) for key, _ in node.value]
        if len(keys) != len(set(map(str, keys))):
            raise yaml.constructor.ConstructorError(None, None, "duplicate key", node.start_mark)
        return super().construct_mapping(node, deep=deep)


Yaml12Loader.yaml_implicit_resolvers = {}
for tag, pattern in {
    "null": r"^(?:~|null|Null|NULL|)$",
    "bool": r"^(?:true|True|TRUE|false|False|FALSE)$",
    "int": r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$",
    "float": r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
}.items():
    Yaml12Loader.add_implicit_resolver(
        f"tag:yaml.org,2002:{tag}", re.compile(pattern), [*list("-+0123456789.~nNtTfF"), ""]
    )


def yaml12_int(loader: Yaml12Loader, node: yaml.ScalarNode) -> int:
    """A YAML 1.2 core-schema int: decimal, 0o octal or 0x hex."""
    return int(loader.construct_scalar(node), 0)


Yaml12Loader.add_constructor("tag:yaml.org,2002:int", yaml12_int)


@functools.cache
def validator() -> Any:
    return jsonschema.Draft202012Validator(json_schema())


def python_jsonschema_accepts(path: Path) -> bool:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=Yaml12Loader)
    except (yaml.YAMLError, UnicodeDecodeError):
        return False
    return bool(validator().is_valid(data))


def check_jsonschema_rejects(paths: list[Path], tmp: Path) -> set[Path]:
    """The files check-jsonschema refuses, in one run over all of them."""
    schema = tmp / "mss-runway.schema.json"
    schema.write_text(json.dumps(json_schema()), encoding="utf-8")
    out = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "-o", "json", "--schemafile", str(schema)]
        + [str(p) for p in paths],
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.stdout.startswith("{"), out.stderr[-2000:]
    report = json.loads(out.stdout)
    bad = {e["filename"] for e in report.get("errors", []) + report.get("parse_errors", [])}
    return {p for p in paths if str(p) in bad}


def tool_accepts(paths: list[Path]) -> set[Path]:
    """The files ``mss-runway validate`` accepts, in one run over all of them."""
    # wide enough that no "FILE: ok (name)" line wraps, however deep the temporary folder
    # (pytest-xdist's popen-gwN/ level made some of them wrap at 80 columns)
    result = runner.invoke(app, ["validate", *map(str, paths)], env={"COLUMNS": "1000"})
    assert result.exit_code in {0, 2}, result.output
    ok = {line.split(": ok")[0] for line in result.stdout.splitlines() if ": ok" in line}
    return {p for p in paths if str(p) in ok}


def verdicts(paths: list[Path], tmp: Path) -> dict[Path, tuple[bool, bool, bool]]:
    """validate's, python-jsonschema's and check-jsonschema's verdict on each file."""
    pytest.importorskip("check_jsonschema")
    accepted = tool_accepts(paths)
    rejected = check_jsonschema_rejects(paths, tmp)
    return {p: (p in accepted, python_jsonschema_accepts(p), p not in rejected) for p in paths}


def write_all(folder: Path, files: dict[str, str]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "base.yaml").write_text(BASE, encoding="utf-8")
    paths = []
    for name, text in files.items():
        path = folder / f"{name}.yaml"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def test_the_schema_is_valid_draft_2020_12() -> None:
    jsonschema.Draft202012Validator.check_schema(json_schema())


def test_the_table_is_large_enough() -> None:
    assert len(CASES) >= 30
    assert sum(ok for *_, ok in CASES) >= 10
    assert len({name for name, *_ in CASES}) == len(CASES)


@pytest.fixture(scope="module")
def judged(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Every file of every test below, judged once (one run of each client). Slow (~1.5 s,
    the setup of the first test to use it): check-jsonschema runs as a process."""
    tmp = tmp_path_factory.mktemp("schema")
    table = write_all(tmp / "table", {name: text for name, text, _ in CASES})
    beyond = write_all(tmp / "beyond", BEYOND)
    shipped = sorted(SCENARIOS.glob("*.yaml"))
    docs = docs_examples(tmp / "docs")
    seen = verdicts([*table, *beyond, *shipped, *sorted(docs)], tmp)
    return {"table": table, "beyond": beyond, "shipped": shipped, "docs": docs, "seen": seen}


def test_table_verdicts_agree(judged: dict[str, Any]) -> None:
    """Each file of the table: validate's verdict is as written, and both validators give
    the same one."""
    expected = {name: ok for name, _, ok in CASES}
    wrong = {
        p.stem: (expected[p.stem], *judged["seen"][p])
        for p in judged["table"]
        if judged["seen"][p] != (expected[p.stem],) * 3
    }
    assert wrong == {}, "case: (expected, validate, python-jsonschema, check-jsonschema)"


def test_rules_beyond_a_schema_are_validates_alone(judged: dict[str, Any]) -> None:
    """The rules a schema cannot express: validate refuses, both validators accept (if a
    validator starts refusing one, move the case into CASES)."""
    seen = {p.stem: judged["seen"][p] for p in judged["beyond"]}
    assert seen == dict.fromkeys(BEYOND, (False, True, True))


def test_shipped_scenarios_pass_every_validator(judged: dict[str, Any]) -> None:
    paths = judged["shipped"]
    assert len(paths) >= 7
    seen = {p.name: judged["seen"][p] for p in paths}
    assert seen == {p.name: (True, True, True) for p in paths}


DOCS_BLOCK = re.compile(r"```yaml\n(.*?)\n```", re.S)
#: docs/errors.md examples whose file the tool refuses for a reason beyond a schema.
DOCS_BEYOND = {
    "errors.md#A target before start, or too far",
    "errors.md#A contribution dated before start",
    "errors.md#A range that ends before it begins",
    "errors.md#Two unit counts for one month",
    "errors.md#A currency without an exchange rate",
    "errors.md#A cycle of extends",
    "errors.md#Removing an entry the base does not have",
    "errors.md#A base file that does not exist",
    "errors.md#A contributions file that is missing",
    "errors.md#An unknown column in a contributions file",
    "errors.md#A bad row in a contributions file",
    "errors.md#More than two decimal places",
}
#: Not judged: check-jsonschema expands these aliases for a minute before refusing.
DOCS_SKIPPED = {"errors.md#Aliases that expand too far"}


def docs_examples(tmp: Path) -> dict[Path, str]:
    """Every YAML block of the README and docs/*.md, each in its own folder beside copies
    of the shipped scenarios (so that ``extends: mss-haiti-2024-11.yaml`` resolves), and
    the files an errors.md section names; -> the id of each file."""
    found: dict[Path, str] = {}
    for doc in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        text = doc.read_text(encoding="utf-8")
        pending: dict[str, str] = {}  # files an errors.md section names, for its example
        for n, match in enumerate(DOCS_BLOCK.finditer(text)):
            before = text[: match.start()]
            lines = before.rstrip().splitlines()
            named = re.fullmatch(r"File `(.+)`:", lines[-1]) if lines else None
            if named:
                pending[named[1]] = match[1]
                continue
            if "# saved as Latin-1" in match[1]:
                continue  # bytes, not text: tests/test_docs.py covers it
            section = re.findall(r"^#+ (.+)$", before, re.M)
            folder = tmp / f"{doc.stem}-{n}"
            shutil.copytree(SCENARIOS, folder)
            for name, body in pending.items():
                (folder / name).write_text(body + "\n", encoding="utf-8")
            pending = {}
            ident = f"{doc.name}#{section[-1] if section else ''}"
            if ident in DOCS_SKIPPED:
                continue
            path = folder / "example.yaml"
            path.write_text(match[1] + "\n", encoding="utf-8")
            found[path] = ident
    return found


def test_docs_examples_agree(judged: dict[str, Any]) -> None:
    """Every YAML example in the docs gets the same verdict from the validators as from
    validate (or is one of the documented rules beyond a schema)."""
    examples: dict[Path, str] = judged["docs"]
    assert len(examples) >= 40
    seen = {examples[p]: judged["seen"][p] for p in examples}
    disagree = {k: v for k, v in seen.items() if len(set(v)) > 1 and k not in DOCS_BEYOND}
    assert disagree == {}, "example: (validate, python-jsonschema, check-jsonschema)"
    beyond = {k: v for k, v in seen.items() if k in DOCS_BEYOND}
    assert beyond == dict.fromkeys(DOCS_BEYOND, (False, True, True))
