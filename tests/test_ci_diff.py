"""The CI jobs of docs/ci.md that post ``diff`` as Markdown: their shell steps, run as
written in a small git repository with a target branch and a pull-request branch."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from .conftest import ROOT
from .gitrepo import Repo, needs_git

pytestmark = needs_git
CI_DOC = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
BLOCKS = [yaml.safe_load(b) for b in re.findall(r"```yaml\n(.*?)\n```", CI_DOC, re.S)]
BASH = shutil.which("bash")
#: mss-runway as installed beside this Python (the venv CI and developers run the tests in).
CLI = Path(sys.executable).parent / "mss-runway"


def github_step() -> str:
    workflow: dict[str, Any] = next(b for b in BLOCKS if b.get("name") == "runway-diff")
    steps = workflow["jobs"]["diff"]["steps"]
    step = next(s for s in steps if s.get("name", "").startswith("Diff every changed"))
    assert step["env"] == {"BASE": "origin/${{ github.base_ref }}"}
    return str(step["run"])


def gitlab_loop() -> str:
    job: dict[str, Any] = next(b for b in BLOCKS if "runway-diff" in b)["runway-diff"]
    return next(str(line) for line in job["script"] if "mss-runway diff" in str(line))


@pytest.fixture
def pull_request(tmp_path: Path) -> Repo:
    """main has a.yaml and b.yaml; the branch changes a.yaml's opening balance, adds
    c.yaml and leaves b.yaml alone."""
    if BASH is None or not CLI.exists():
        pytest.skip(f"needs bash and mss-runway installed beside {sys.executable}")
    repo = Repo(tmp_path)
    text = "name: A\nstart: 2025-01\ntarget: 2025-03\nopening_balance: 100\n"
    text += "costs: [{label: Ops, monthly: 50}]\n"
    repo.write({"scenarios/a.yaml": text, "scenarios/b.yaml": text}, "main")
    repo.git("checkout", "-q", "-b", "feature")
    repo.write(
        {"scenarios/a.yaml": text.replace("100", "130"), "scenarios/c.yaml": text}, "feature"
    )
    return repo


@pytest.mark.parametrize("script", ["github", "gitlab"])
def test_the_diff_step_writes_one_comment_per_changed_scenario(
    pull_request: Repo, tmp_path: Path, script: str
) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("", encoding="utf-8")
    env = {
        **os.environ,
        "BASE": "main",
        "GITHUB_STEP_SUMMARY": str(summary),
        "PATH": f"{CLI.parent}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    text = github_step() if script == "github" else gitlab_loop()
    assert BASH is not None
    subprocess.run(
        [BASH, "-euo", "pipefail", "-c", text], cwd=pull_request.root, env=env, check=True
    )
    comment = (pull_request.root / "runway-diff.md").read_text(encoding="utf-8")
    # a.yaml only: b.yaml did not change, c.yaml is new. Shortfall: 100 - 150 = -50
    # before, 130 - 150 = -20 after: opening_balance +30 takes it all.
    assert comment.count("### Forecast diff:") == 1
    assert "### Forecast diff: main:scenarios/a.yaml → scenarios/a.yaml\n" in comment
    assert "| opening\\_balance 100.00 → 130.00 | -30.00 | +30.00 |" in comment
    if script == "github":
        assert summary.read_text(encoding="utf-8") == comment
