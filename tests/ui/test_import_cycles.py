"""The UI package has no import cycle: not at run time, not through a lazy import inside a function, not
through a TYPE_CHECKING import. Screens reach the App through `CourseApp` (app/ui/context.py), never by
importing it; docs/architecture.md says which way each import goes."""

from __future__ import annotations

import ast
from pathlib import Path

import coldstart

SOURCE = Path(coldstart.__file__).parent  # app/, installed as the package coldstart


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SOURCE).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(["coldstart", *parts])


def imports_of(path: Path, modules: set[str]) -> set[str]:
    """Every module of `modules` that `path` imports anywhere in its text (every `import` statement counts)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name in modules)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target in modules:
                found.add(target)
            found.update(f"{target}.{alias.name}" for alias in node.names if f"{target}.{alias.name}" in modules)
    return found


def import_graph(package: Path) -> dict[str, set[str]]:
    files = {module_name(path): path for path in package.rglob("*.py")}
    modules = set(files)
    return {name: imports_of(path, modules) - {name} for name, path in files.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan's algorithm), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for following in sorted(graph[node]):
            if following not in index:
                visit(following)
                low[node] = min(low[node], low[following])
            elif following in on_stack:
                low[node] = min(low[node], index[following])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_cycle_finder_finds_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_the_ui_package_has_no_import_cycle() -> None:
    graph = import_graph(SOURCE / "ui")
    assert graph.get("coldstart.ui.app")  # the graph was read
    assert cycles(graph) == []


def test_no_screen_or_widget_imports_the_app() -> None:
    graph = import_graph(SOURCE / "ui")
    importers = sorted(name for name, imported in graph.items() if "coldstart.ui.app" in imported)
    assert importers == ["coldstart.ui.factory"]
