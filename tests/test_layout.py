"""The package's shape, held by tests: no import cycles, small modules, a short top level.

Every import counts, including those inside functions (a lazy import that closes a cycle is still
a cycle a reader has to untangle); only ``if TYPE_CHECKING:`` blocks are left out, since they never
run.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "django_dlwidget"
FRONTEND = ROOT / "frontend"
MAX_PYTHON_LINES = 300
MAX_TYPESCRIPT_LINES = 250
MAX_TOP_LEVEL_MODULES = 20
GENERATED_TYPESCRIPT = {FRONTEND / "src" / "shared" / "contract.ts"}


def python_modules() -> dict[str, Path]:
    """``{"django_dlwidget.downloads.lifecycle": path, ...}`` without migrations."""
    found: dict[str, Path] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if "migrations" in parts:
            continue
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and _is_type_checking(node):
            yield from (imp for child in node.orelse for imp in _imports(child))
            continue
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        yield from _imports(node)


def import_graph() -> dict[str, set[str]]:
    modules = python_modules()
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in _imports(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                base = package.split(".")
                if node.level:
                    base = base[: len(base) - node.level + 1]
                    source = ".".join([*base, node.module] if node.module else base)
                else:
                    source = node.module or ""
                # ``from package import module`` imports the module; a name, the package.
                targets = [
                    f"{source}.{alias.name}" if f"{source}.{alias.name}" in modules else source
                    for alias in node.names
                ]
            graph[name].update(t for t in targets if t in modules and t != name)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_graph_sees_imports() -> None:
    graph = import_graph()
    assert "django_dlwidget.downloads.lifecycle" in graph["django_dlwidget.downloads.progress"]
    assert "django_dlwidget.live.publish" in graph["django_dlwidget.downloads.lifecycle"]


def test_the_cycle_finder_finds_cycles() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]


def test_no_import_cycles() -> None:
    assert cycles(import_graph()) == []


@pytest.mark.parametrize("name", sorted(python_modules()))
def test_python_modules_are_small(name: str) -> None:
    lines = len(python_modules()[name].read_text().splitlines())
    assert lines <= MAX_PYTHON_LINES, f"{name} has {lines} lines"


def typescript_files() -> list[Path]:
    return sorted(
        path
        for path in FRONTEND.rglob("*.ts")
        if "node_modules" not in path.parts and path not in GENERATED_TYPESCRIPT
    )


def test_typescript_files_are_small() -> None:
    assert typescript_files()
    long = {
        str(path.relative_to(ROOT)): lines
        for path in typescript_files()
        if (lines := len(path.read_text().splitlines())) > MAX_TYPESCRIPT_LINES
    }
    assert long == {}


def test_a_short_top_level() -> None:
    top = sorted(path.name for path in PACKAGE.glob("*.py"))
    assert len(top) <= MAX_TOP_LEVEL_MODULES, top


def test_every_checks_and_receivers_module_is_wired() -> None:
    """A ``checks.py`` or ``receivers.py`` that ``apps.ready`` does not import would register
    nothing, silently."""
    from django_dlwidget.apps import WIRED_MODULES

    wiring = {
        name.removeprefix("django_dlwidget.")
        for name in python_modules()
        if name.rsplit(".", 1)[-1] in ("checks", "receivers")
    }
    assert wiring == set(WIRED_MODULES)
