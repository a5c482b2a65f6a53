"""The layers' boundaries, checked with every run of the suite (the contracts are in pyproject.toml).

Imports inside functions count as much as those at the top of a module: a deferred import hides a cycle from
Python at start-up, not from these checks.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import grimp
from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parents[2]


def test_the_import_contracts_hold(capsys):
    """Core without Qt, UI without models, export without models or queries, and the layers' order."""
    status = lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True, no_logo=True)
    report = capsys.readouterr().out
    assert status == 0, report
    assert "4 kept, 0 broken" in report  # every contract was read and checked


def _cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """The module-level import cycles (strongly connected components of two modules or more), Tarjan's way."""
    modules = sorted(graph.modules)
    edges = {m: sorted(graph.find_modules_directly_imported_by(m)) for m in modules}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for other in edges[module]:
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in on_stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for module in modules:
        if module not in index:
            visit(module)
    return found


def test_no_module_imports_itself_back():
    """No import cycle between ward_desk's modules (a package's __init__ counts as a module), so the ones
    untangled (app/ui.context/main_window/settings_screen, db/keys, accounts/audit/settings,
    export.records_workbook/services.records_io, cli/cli.setup) cannot come back."""
    graph = grimp.build_graph("ward_desk", cache_dir=None)
    cycles = _cycles(graph)
    details = [" <-> ".join(cycle) + ": " + "; ".join(
        f"{m} -> {', '.join(sorted(set(graph.find_modules_directly_imported_by(m)) & set(cycle)))}" for m in cycle)
        for cycle in cycles]
    assert not cycles, "\n".join(details)


def test_the_cycle_check_finds_a_cycle():
    """The check above is not vacuous: two modules importing each other are reported."""
    graph = grimp.ImportGraph()
    for module in ("pkg", "pkg.a", "pkg.b", "pkg.c"):
        graph.add_module(module)
    graph.add_import(importer="pkg.a", imported="pkg.b")
    graph.add_import(importer="pkg.b", imported="pkg.a")
    graph.add_import(importer="pkg.c", imported="pkg.a")
    assert _cycles(graph) == [["pkg.a", "pkg.b"]]


def test_the_core_runs_without_qt():
    """Importing every headless part (the CLI with all its commands included) loads no Qt module at run time,
    whatever a static check could miss (``importlib``, the CLI's command discovery)."""
    probe = ("import sys\n"
             "import ward_desk.cli, ward_desk.services, ward_desk.export, ward_desk.db, ward_desk.keys\n"
             "ward_desk.cli.build_parser()\n"
             "import pkgutil, importlib\n"
             "for pkg in (ward_desk.services, ward_desk.export):\n"
             "    for info in pkgutil.iter_modules(pkg.__path__):\n"
             "        importlib.import_module(f'{pkg.__name__}.{info.name}')\n"
             "qt = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'ward_desk.ui')))\n"
             "assert not qt, qt\n")
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
