"""The house's shape holds (../shared/STYLE.md, «The shape of this house»).

Arrows between apps point down only: no two apps import each other, even through a third; the
ground floor (`core`) and the 1C seam (`onec`) import no other app, `mail` only `core`; nothing
imports the pages above the domain apps (`cabinet`, `workspace`, `monitoring`). Inside an app no
modules import each other in a loop either (the 1C interface once built its own implementations).
Imports inside functions count: they are how a loop hides. A dotted name in a string counts too
wherever an app must import nothing above it, since `import_module("apps.documents.tasks")` is an
import.
"""

import ast
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

APPS_DIR = Path(__file__).resolve().parent.parent / "apps"
# What each of these may import besides itself; every other app may import any app not above it.
ALLOWED = {"core": set(), "onec": set(), "mail": {"core"}}
TOP = {"cabinet", "workspace", "monitoring"}
DOTTED = re.compile(r"^apps\.(\w+)(\.|$)")


@dataclass(frozen=True)
class Edge:
    source: str  # the importing module, dotted
    target: str  # the imported module (or name), dotted
    where: str  # file:line, for the message
    dynamic: bool = False  # a dotted string, not an import statement


def _module_name(path: Path) -> str:
    parts = path.relative_to(APPS_DIR.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _edges_of(path: Path) -> list[Edge]:
    source, edges = _module_name(path), []
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        where = f"{path.relative_to(APPS_DIR.parent)}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.Import):
            edges += [Edge(source, alias.name, where) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            edges += [Edge(source, f"{node.module}.{alias.name}", where) for alias in node.names]
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and DOTTED.match(node.value):
            edges.append(Edge(source, node.value, where, dynamic=True))
    return [edge for edge in edges if edge.target.startswith("apps.")]


@cache
def all_edges() -> tuple[Edge, ...]:
    files = [p for p in APPS_DIR.rglob("*.py") if "migrations" not in p.parts]
    assert len(files) > 100, "the apps were not found"
    return tuple(edge for path in sorted(files) for edge in _edges_of(path))


def _app(dotted: str) -> str:
    return dotted.split(".")[1]


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one node (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in sorted(graph.get(node, ())):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def app_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for edge in all_edges():
        if not edge.dynamic and _app(edge.source) != _app(edge.target):
            graph.setdefault(_app(edge.source), set()).add(_app(edge.target))
    return graph


def module_graph() -> dict[str, set[str]]:
    modules = {_module_name(p) for p in APPS_DIR.rglob("*.py") if "migrations" not in p.parts}
    graph: dict[str, set[str]] = {}
    for edge in all_edges():
        target = edge.target
        while target and target not in modules:  # `from apps.x.y import name` → apps.x.y
            target = target.rpartition(".")[0]
        same_app = target and _app(target) == _app(edge.source)
        # A package's __init__ is imported on the way to any of its modules: not an edge of its own.
        if not edge.dynamic and same_app and target != edge.source and not edge.source.startswith(target + "."):
            graph.setdefault(edge.source, set()).add(target)
    return graph


def test_the_cycle_finder_finds_a_loop_through_three_and_not_a_diamond():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b", "c"}, "b": {"d"}, "c": {"d"}}) == []


def test_no_two_apps_import_each_other_even_through_a_third():
    graph = app_graph()
    assert {"cabinet", "documents", "clients"} <= set(graph), "the graph is missing apps that import others"
    assert _cycles(graph) == []


@pytest.mark.parametrize("app", sorted(ALLOWED))
def test_the_ground_floor_and_the_1c_seam_import_no_app_above_them(app):
    wrong = [
        f"{edge.where} → {edge.target}"
        for edge in all_edges()
        if _app(edge.source) == app and _app(edge.target) not in ALLOWED[app] | {app}
    ]
    assert wrong == []


def test_nothing_imports_the_pages_above_the_domain_apps():
    wrong = [
        f"{edge.where} → {edge.target}"
        for edge in all_edges()
        if _app(edge.target) in TOP and _app(edge.source) != _app(edge.target) and not edge.dynamic
    ]
    assert wrong == []


def test_no_modules_inside_an_app_import_each_other_in_a_loop():
    graph = module_graph()
    assert "apps.onec.soap" in graph, "the module graph lost the 1C seam"
    assert _cycles(graph) == []


def test_the_1c_interface_knows_no_implementation():
    targets = {edge.target.rsplit(".", 1)[0] for edge in all_edges() if edge.source == "apps.onec.client"}
    assert not targets & {"apps.onec.soap", "apps.onec.fake", "apps.onec.backend"}


def test_no_module_of_the_portal_passes_300_lines():
    """STYLE.md: a module past ~300 lines is split by subject (settings too: project/config/)."""
    root = APPS_DIR.parent
    files = [p for folder in ("apps", "project") for p in (root / folder).rglob("*.py") if "migrations" not in p.parts]
    long = {str(p.relative_to(root)): n for p in files if (n := len(p.read_text(encoding="utf-8").splitlines())) > 300}
    assert long == {}
