"""The package layout has no import circles, and the runtime never loads the simulator.

The graph is read from the source (every ``import`` anywhere in a module: top level, inside
functions, under ``TYPE_CHECKING``), so a cycle hidden behind a late import still fails here.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("intercom", "intercom_sandbox")


def module_files() -> dict[str, tuple[Path, bool]]:
    """Dotted module name -> (file, is a package's __init__)."""
    found: dict[str, tuple[Path, bool]] = {}
    for package in PACKAGES:
        for file in sorted((ROOT / package).rglob("*.py")):
            parts = list(file.relative_to(ROOT).with_suffix("").parts)
            is_package = parts[-1] == "__init__"
            if is_package:
                parts.pop()
            found[".".join(parts)] = (file, is_package)
    return found


class ImportCollector(ast.NodeVisitor):
    """Every import of a module, resolved to known modules, each marked as in a function or not."""

    def __init__(self, name: str, is_package: bool, known: set[str]) -> None:
        self.package = name if is_package else name.rpartition(".")[0]
        self.known = known
        self.depth = 0
        self.imports: list[tuple[str, bool]] = []  # (target, inside a function)

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        self.depth += 1
        self.generic_visit(node)
        self.depth -= 1

    visit_AsyncFunctionDef = visit_FunctionDef  # type: ignore[assignment]

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self._add(self._nearest_known(alias.name))

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.level:
            parts = self.package.split(".")
            base_parts = parts[: len(parts) - (node.level - 1)]
            base = ".".join([*base_parts, *([node.module] if node.module else [])])
        else:
            base = node.module or ""
        for alias in node.names:
            submodule = f"{base}.{alias.name}"
            self._add(submodule if submodule in self.known else self._nearest_known(base))

    def _nearest_known(self, name: str) -> str | None:
        while name and name not in self.known:
            name = name.rpartition(".")[0]
        return name or None

    def _add(self, target: str | None) -> None:
        if target is None:
            return
        # Importing a.b.c from outside package a.b first runs a.b's __init__: that is an edge too.
        parts = target.split(".")
        for size in range(1, len(parts)):
            ancestor = ".".join(parts[:size])
            if ancestor in self.known and not f"{self.package}.".startswith(f"{ancestor}."):
                self.imports.append((ancestor, self.depth > 0))
        self.imports.append((target, self.depth > 0))


def import_edges() -> dict[str, list[tuple[str, bool]]]:
    files = module_files()
    known = set(files)
    edges: dict[str, list[tuple[str, bool]]] = {}
    for name, (file, is_package) in files.items():
        collector = ImportCollector(name, is_package, known)
        collector.visit(ast.parse(file.read_text(), str(file)))
        edges[name] = collector.imports
    return edges


def cycle_in(graph: dict[str, set[str]]) -> list[str] | None:
    try:
        TopologicalSorter(graph).prepare()
    except CycleError as exc:
        return list(reversed(exc.args[1]))
    return None


def graphs_to_check(edges: dict[str, list[tuple[str, bool]]]) -> dict[str, dict[str, set[str]]]:
    """The module graph, and for every package the graph between its direct children.

    A child stands for everything under it, so ``intercom.host.x -> intercom.webhooks.y`` is the
    edge host -> webhooks of package ``intercom``. The two top-level packages are not compared
    with each other: the CLI's `demo` and `sandbox` commands load the simulator lazily.
    """
    modules = {name: {target for target, _ in targets if target != name} for name, targets in edges.items()}
    graphs = {"modules": modules}
    packages = {name for name in edges if any(other.startswith(name + ".") for other in edges)}
    for package in sorted(packages):
        prefix = package + "."

        def child(module: str, prefix: str = prefix) -> str:
            return prefix + module[len(prefix):].split(".")[0]

        graph: dict[str, set[str]] = {}
        for source, targets in modules.items():
            if not source.startswith(prefix):
                continue
            for target in targets:
                if target.startswith(prefix) and child(source) != child(target):
                    graph.setdefault(child(source), set()).add(child(target))
        graphs[f"package {package}"] = graph
    return graphs


def test_no_module_or_package_imports_in_a_circle() -> None:
    edges = import_edges()
    assert "intercom.cli" in edges and "intercom_sandbox" in edges  # the layout this test reads
    cycles = {
        name: " -> ".join(cycle)
        for name, graph in graphs_to_check(edges).items()
        if (cycle := cycle_in(graph)) is not None
    }
    assert cycles == {}


def test_cycle_finder_names_the_circle() -> None:
    graph = {"intercom.a": {"intercom.b"}, "intercom.b": {"intercom.c"}, "intercom.c": {"intercom.a"}}
    cycle = cycle_in(graph)
    assert cycle is not None and cycle[0] == cycle[-1] and set(cycle) == set(graph)
    assert cycle_in({"intercom.a": {"intercom.b"}, "intercom.b": set()}) is None


def test_collector_resolves_relative_late_and_type_checking_imports() -> None:
    known = {"intercom", "intercom.host", "intercom.host.bundle", "intercom.server", "intercom.server.app",
             "intercom.server.runtime", "intercom_sandbox"}
    source = (
        "from typing import TYPE_CHECKING\n"
        "from . import runtime\n"
        "from ..host import Bundle\n"
        "if TYPE_CHECKING:\n"
        "    from .app import X\n"
        "def later():\n"
        "    import intercom_sandbox.demo\n"
    )
    collector = ImportCollector("intercom.server.pages", False, known)
    collector.visit(ast.parse(source))
    assert collector.imports == [
        ("intercom.server.runtime", False),
        ("intercom.host", False),
        ("intercom.server.app", False),
        ("intercom_sandbox", True),
    ]
    outside = ImportCollector("intercom.webhooks.inbox", False, known)
    outside.visit(ast.parse("from ..host.bundle import Bundle\n"))
    assert outside.imports == [("intercom.host", False), ("intercom.host.bundle", False)]


def test_the_connector_never_imports_the_simulator_at_module_level() -> None:
    offending = [
        f"{source} imports {target}"
        for source, targets in import_edges().items()
        if source.split(".")[0] == "intercom"
        for target, in_function in targets
        if target.split(".")[0] == "intercom_sandbox" and not in_function
    ]
    assert offending == []


LOAD_RUNTIME = """
import json, sys
import intercom, intercom.host, intercom.kit, intercom.client, intercom.webhooks
import intercom.server, intercom.storage, intercom.cli
from intercom.host import Bundle
handlers = [component.handler for component in Bundle.load().components]
print(json.dumps({"handlers": len(handlers),
                  "sandbox": sorted(m for m in sys.modules if m.split(".")[0] == "intercom_sandbox")}))
"""


def test_runtime_and_every_handler_load_without_the_simulator() -> None:
    done = subprocess.run([sys.executable, "-c", LOAD_RUNTIME], cwd=ROOT, capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    loaded = json.loads(done.stdout)
    assert loaded["handlers"] > 0
    assert loaded["sandbox"] == []


def test_the_package_and_the_bundle_carry_one_version() -> None:
    """What `pip show` and the User-Agent name is the version the runtime loads."""
    import intercom

    bundle = json.loads((ROOT / "bundle.json").read_text())
    assert intercom.__version__ == bundle["version"]
    assert bundle["version"] == max(bundle["changelog"], key=lambda v: tuple(int(p) for p in v.split(".")))
