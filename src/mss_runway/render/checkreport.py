"""``mss-runway check`` results as text for people and for CI systems: one line per
scenario, GitHub Actions annotations, a GitHub step summary (Markdown) and JUnit XML."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..checks import Verdict
from ..comparison import distinct_headings
from .labels import what_if_line
from .markdown import md_table, md_text

if TYPE_CHECKING:
    from rich.console import Console


def lines(verdicts: Sequence[Verdict], what_if: Sequence[str] = ()) -> str:
    """``PASS  file (name): why`` for each scenario, after a what-if line if any."""
    out = [what_if_line(what_if)] if what_if else []
    for v in verdicts:
        named = f"{v.file} ({v.name})" if v.name else v.file
        out.append(f"{v.status:<7} {named}: {v.message}")
    return "\n".join(out) + "\n"


def print_lines(console: Console, verdicts: Sequence[Verdict], what_if: Sequence[str] = ()) -> None:
    """:func:`lines` for people: each wrapped at spaces to the console's width, its later
    lines under the text after the status, so that no number is split."""
    from .sentences import print_hanging

    if what_if:
        print_hanging(console, "", what_if_line(what_if))
    for v in verdicts:
        named = f"{v.file} ({v.name})" if v.name else v.file
        print_hanging(console, f"{v.status:<7} ", f"{named}: {v.message}")


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotations(verdicts: Sequence[Verdict]) -> str:
    """GitHub Actions ``::error`` workflow commands: one per failing scenario, at its
    ``target:`` line (its ``reserve:`` line when only the reserve fails it), and one per
    problem of an invalid file, at the problem."""
    out = []
    for v in verdicts:
        if v.status == "FAIL":
            file, line = v.where
            out.append(
                f"::error file={_property(file)},line={line},"
                f"title={_property('mss-runway check: ' + v.name)}::{_data(v.message)}"
            )
        for p in v.problems:
            place = f"file={_property(p.file)}"
            if p.line is not None:
                place += f",line={p.line}"
                if p.column is not None:
                    place += f",col={p.column}"
            message = f"{p.path}: {p.message}" if p.path else p.message
            out.append(f"::error {place},title=invalid scenario::{_data(message)}")
    return "".join(line + "\n" for line in out)


def step_summary(verdicts: Sequence[Verdict], lens: str, what_if: Sequence[str] = ()) -> str:
    """A Markdown section for ``$GITHUB_STEP_SUMMARY``."""
    icons = {"PASS": "✅ PASS", "FAIL": "❌ FAIL", "INVALID": "⚠️ INVALID"}
    rows = [[icons[v.status], *map(md_text, (v.name, v.file, v.message))] for v in verdicts]
    failed = sum(v.status != "PASS" for v in verdicts)
    head = f"## mss-runway check (counting {lens})\n\n"
    tally = f"{len(verdicts) - failed} of {len(verdicts)} scenarios pass.\n\n"
    if what_if:
        tally = f"> **{md_text(what_if_line(what_if))}**\n\n" + tally
    return head + tally + md_table(["Result", "Scenario", "File", "Why"], rows, [False] * 4) + "\n"


#: Characters XML 1.0 cannot hold at all, not even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _xml(text: str) -> str:
    """Text XML 1.0 can hold: each character it cannot is written as ``\\xNN``."""
    return _NOT_XML.sub(lambda m: f"\\x{ord(m[0]):02x}", text)


def junit_xml(verdicts: Sequence[Verdict]) -> str:
    """JUnit XML as the Jenkins xUnit plugin's junit-10.xsd defines it: one test case per
    scenario, named by the scenario (the file name added where names repeat, so that CI
    systems that key a case on its name keep every one), the file in its system-out; a
    failure or an error element when it does not pass."""
    names = distinct_headings([(v.name or v.file, v.file) for v in verdicts])
    suite = ET.Element(
        "testsuite",
        name="mss-runway check",
        tests=str(len(verdicts)),
        failures=str(sum(v.status == "FAIL" for v in verdicts)),
        errors=str(sum(v.status == "INVALID" for v in verdicts)),
    )
    for v, name in zip(verdicts, names, strict=True):
        case = ET.SubElement(suite, "testcase", classname="mss-runway.check", name=_xml(name))
        message = _xml(v.message)
        if v.status == "FAIL":
            ET.SubElement(case, "failure", message=message, type="shortfall").text = message
        elif v.status == "INVALID":
            details = _xml("\n".join(str(p) for p in v.problems))
            ET.SubElement(case, "error", message=message, type="invalid").text = details
        ET.SubElement(case, "system-out").text = _xml(f"file: {v.file}")
    root = ET.Element("testsuites")
    root.append(suite)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
