"""The shape of the code (DESIGN §8, docs/architecture.md): imports run one way and never in a
circle, and no module grows past what a reader can hold.

The import graph is read from the source with ``ast``, imports inside functions included
(they run too, only later); imports under ``if TYPE_CHECKING:`` are left out (they never
run). An import of ``pkg.mod`` is an edge to that module, ``from pkg import name`` an edge to
``pkg.name`` when that is a module, else to ``pkg``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("config", "movement", "clusters", "reports")
# Lower apps first: an app may import only the apps before it (config wires them all).
LAYERS = {"movement": 0, "clusters": 1, "reports": 2}
MAX_LINES = 620


def project_modules(root: Path = ROOT) -> dict[str, Path]:
    modules = {}
    for app in APPS:
        for path in sorted((root / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            parts = list(path.relative_to(root).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            modules[".".join(parts)] = path
    return modules


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    skipped = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                skipped.update(id(n) for n in ast.walk(child))
    return skipped


def import_graph(modules: dict[str, Path]) -> dict[str, set[str]]:
    def known(name: str | None) -> str | None:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        skipped = _type_checking_nodes(tree)
        for node in ast.walk(tree):
            if id(node) in skipped:
                continue
            targets: list[str | None] = []
            if isinstance(node, ast.Import):
                targets = [known(alias.name) for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")[: len(package.split(".")) - node.level + 1]
                    source = ".".join([*base, *([node.module] if node.module else [])])
                else:
                    source = node.module or ""
                for alias in node.names:
                    full = f"{source}.{alias.name}"
                    targets.append(full if full in modules else known(source))
            graph[name].update(t for t in targets if t and t != name)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, edges = work[-1]
            for target in edges:
                if target not in index:
                    index[target] = low[target] = counter
                    counter += 1
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(sorted(graph[target]))))
                    break
                if target in on_stack:
                    low[node] = min(low[node], index[target])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
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
    return found


def upward_imports(graph: dict[str, set[str]]) -> list[str]:
    wrong = []
    for source, targets in graph.items():
        for target in targets:
            low, high = source.split(".")[0], target.split(".")[0]
            if low in LAYERS and high in LAYERS and LAYERS[high] > LAYERS[low]:
                wrong.append(f"{source} → {target}")
    return sorted(wrong)


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    return import_graph(project_modules())


def test_no_module_imports_another_in_a_circle(graph):
    assert cycles(graph) == []


def test_imports_run_from_movement_to_clusters_to_reports(graph):
    assert upward_imports(graph) == []


def test_no_module_grows_past_six_hundred_lines_or_so():
    long = {
        str(path.relative_to(ROOT)): lines
        for path in [*project_modules().values(), *(ROOT / "tests").rglob("*.py")]
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


# The checks themselves, on small trees written for them: each must catch what it is for.


def write_tree(root: Path, files: dict[str, str]) -> dict[str, set[str]]:
    for name, source in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source, encoding="utf-8")
    for app in APPS:
        (root / app).mkdir(exist_ok=True)
        (root / app / "__init__.py").touch()
    return import_graph(project_modules(root))


def test_a_cycle_through_an_import_inside_a_function_is_found(tmp_path):
    graph = write_tree(
        tmp_path,
        {
            "reports/a.py": "from reports import b\n",
            "reports/b.py": "def f():\n    from reports.a import thing\n",
        },
    )
    assert cycles(graph) == [["reports.a", "reports.b"]]


def test_a_relative_import_cycle_is_found_and_type_checking_imports_are_not(tmp_path):
    graph = write_tree(
        tmp_path,
        {
            "movement/models/__init__.py": "",
            "movement/models/units.py": "from .base import Base\n",
            "movement/models/base.py": (
                "from typing import TYPE_CHECKING\n"
                "if TYPE_CHECKING:\n    from movement.models.units import Unit\n"
            ),
            "movement/x.py": "from . import y\n",
            "movement/y.py": "import movement.x\n",
        },
    )
    assert cycles(graph) == [["movement.x", "movement.y"]]


def test_a_lower_app_importing_a_higher_one_is_refused(tmp_path):
    graph = write_tree(
        tmp_path,
        {
            "movement/views.py": "def f():\n    from reports.models import Thing\n",
            "clusters/models.py": "from reports import selectors\nfrom movement import views\n",
            "reports/models.py": "from clusters.models import Cluster\n",
            "reports/selectors.py": "",
        },
    )
    assert upward_imports(graph) == [
        "clusters.models → reports.selectors",
        "movement.views → reports.models",
    ]
