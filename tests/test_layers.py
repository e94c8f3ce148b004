"""The import lines that must never exist (docs/architecture.md, "Layers").

Every ``import`` in the package, at module level or inside a function, is read from the
source with ``ast`` and checked against the layers: the shell (``cli/``, ``output.py``,
``render/``) may use rich, typer and matplotlib; the core may not; nothing imports the
CLI; the pure engine does no file I/O; importers only translate.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "mss_runway"

#: Third-party libraries of the shell: people's output, the command line, drawings.
SHELL_LIBRARIES = {"rich", "typer", "click", "matplotlib"}
#: The pure engine and the analyses built on it: scenarios in, results out, no I/O.
#: (Names of modules not written yet are listed so that they join the rule on arrival.)
ENGINE = {
    "projection",
    "whatif",
    "breakdown",
    "comparison",
    "checks",
    "items",
    "actuals",
    "solve",
    "simulation",
    "sensitivity",
    "attribution",
    "changes",
}
#: What the engine must not import: reading files, writing files, the shell.
NOT_FOR_ENGINE = {
    "os",
    "io",
    "subprocess",
    "tempfile",
    "shutil",
    "mss_runway.loader",
    "mss_runway.yamldoc",
    "mss_runway.donorcsv",
    "mss_runway.outfile",
    "mss_runway.output",
}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """Every module ``path`` imports, as absolute dotted names (``from . import x`` gives
    both the package and ``package.x``, since x may be a module)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = module_name(path).split(".")
    if path.name != "__init__.py":
        here = here[:-1]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here[: len(here) - node.level + 1]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            found.add(target)
            found.update(f"{target}.{alias.name}" for alias in node.names)
    return found


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _roots(names: set[str]) -> set[str]:
    return {name.split(".")[0] for name in names}


def test_the_walk_sees_imports_inside_functions() -> None:
    """The checker itself: function-level and relative imports are found (rich is imported
    only inside functions in render/table.py)."""
    found = imports(PACKAGE / "render" / "table.py")
    assert "rich" in _roots(found)
    assert any(name.startswith("mss_runway.") for name in found)


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_only_the_shell_uses_the_shell_libraries(path: Path) -> None:
    name = module_name(path)
    if name.startswith(("mss_runway.cli", "mss_runway.render")) or name in (
        "mss_runway.output",
        "mss_runway.__main__",
    ):
        return
    assert _roots(imports(path)) & SHELL_LIBRARIES == set()


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_nothing_imports_the_cli(path: Path) -> None:
    name = module_name(path)
    if name.startswith("mss_runway.cli") or name == "mss_runway.__main__":
        return
    assert {i for i in imports(path) if i.startswith("mss_runway.cli")} == set()


@pytest.mark.parametrize(
    "path",
    [p for p in modules() if module_name(p) in {f"mss_runway.{name}" for name in ENGINE}],
    ids=lambda p: str(p.relative_to(PACKAGE)),
)
def test_the_engine_does_no_io_and_knows_no_renderer(path: Path) -> None:
    found = imports(path)
    assert found & NOT_FOR_ENGINE == set()
    assert {i for i in found if i.startswith("mss_runway.render")} == set()
    calls = {
        node.func.id
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    }
    assert "open" not in calls
    assert "print" not in calls


def test_importers_only_translate() -> None:
    """An importer turns other people's files into our contributions; it never projects
    (checked on every module of ``importers/`` once that package exists)."""
    engine = {f"mss_runway.{name}" for name in ENGINE}
    for path in sorted((PACKAGE / "importers").glob("*.py")):
        assert imports(path) & engine == set(), path
