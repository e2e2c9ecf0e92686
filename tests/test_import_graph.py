"""The package's import graph has no cycle, and the claim kernel reaches no printing.

The graph is built with :mod:`ast` from the source of every module of the installed package
(``gradproof.*``, including ``gradproof.proofs`` and ``gradproof.numerics``, which live in
``proofs/`` and ``numerics/``). Every import that can run counts: module-level ones and those
inside functions, relative ones, and ``from gradproof import x`` where ``x`` is a submodule
(an edge to ``gradproof.x``; ``from gradproof import name`` of any other name is an edge to
``gradproof``). Imports under ``if TYPE_CHECKING:`` never run and do not count. An edge goes to the
module an import statement names; the parent packages Python initialises first are not edges
(``gradproof.x`` importing ``gradproof.y`` is not ``gradproof.x`` importing ``gradproof``).
"""

from __future__ import annotations

import ast
import importlib.util
import pkgutil
from collections.abc import Iterator
from pathlib import Path

import pytest

import gradproof

PACKAGE = "gradproof"

#: the claim kernel: what states and checks claims; it must not reach any printing or the checker
KERNEL_MODULES = (
    "gradproof.claims",
    "gradproof.logic",
    "gradproof.derivation",
    "gradproof.registry",
    "gradproof.runner",
)
KERNEL_PACKAGES = ("gradproof.core",)
#: what the kernel must not reach (module, or package with everything under it)
FORBIDDEN_MODULES = (
    "gradproof.display",
    "gradproof.render",
    "gradproof.typeset",
    "gradproof.figures",
    "gradproof.cli",
)
FORBIDDEN_PACKAGES = ("gradproof.checker", "gradproof.commands")


#: sub-packages that live outside gradproof/ in the source tree (pyproject's package-dir); an
#: editable install finds them through its import hook, not on ``gradproof.__path__``
MAPPED_PACKAGES = ("gradproof.proofs", "gradproof.numerics")


def _package_modules() -> dict[str, Path]:
    """Every module of the installed package, by dotted name, with its source file."""
    modules: dict[str, Path] = {PACKAGE: Path(gradproof.__file__)}
    packages = [(PACKAGE, list(gradproof.__path__))]
    for name in MAPPED_PACKAGES:
        spec = importlib.util.find_spec(name)
        assert spec is not None and spec.origin is not None, name
        modules[name] = Path(spec.origin)
        packages.append((name, list(spec.submodule_search_locations or ())))
    for package, path in packages:
        for info in pkgutil.walk_packages(path, prefix=f"{package}."):
            spec = importlib.util.find_spec(info.name)
            assert spec is not None and spec.origin is not None, info.name
            modules[info.name] = Path(spec.origin)
    return modules


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    """Every import statement that can run: all of them except those under ``if TYPE_CHECKING:``
    (the ``else:`` branch of such an ``if`` runs, so it counts)."""
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
            continue
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            stack.extend(node.orelse)
            continue
        stack.extend(ast.iter_child_nodes(node))


def _resolve(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    """The absolute module name an ``from … import`` statement imports from."""
    if node.level == 0:
        return node.module or ""
    parts = module.split(".")
    base = parts if is_package else parts[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def import_edges(module: str, source: str, is_package: bool, known: set[str]) -> set[str]:
    """The package modules that importing (or running any function of) ``module`` imports."""
    targets: set[str] = set()

    def add(name: str) -> None:
        if name in known and name != module:
            targets.add(name)

    for node in _imports(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                add(alias.name)
        else:
            base = _resolve(module, is_package, node)
            for alias in node.names:
                # `from package import name`: the submodule if name is one, else the package
                add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base)
    return targets


def build_graph(modules: dict[str, Path]) -> dict[str, set[str]]:
    known = set(modules)
    return {
        name: import_edges(
            name, path.read_text(encoding="utf-8"), path.name == "__init__.py", known
        )
        for name, path in modules.items()
    }


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (or a self-import), each
    sorted: every import cycle lies inside one of them (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[list[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work: list[tuple[str, Iterator[str]]] = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in graph:
                    continue
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1 or node in graph[node]:
                        components.append(sorted(component))
    return components


def cycle_path(graph: dict[str, set[str]], component: list[str]) -> list[str]:
    """One concrete cycle through the component's first module (for the failure message)."""
    members = set(component)
    start = component[0]
    previous: dict[str, str] = {}
    frontier = [start]
    while frontier:
        nxt = []
        for node in frontier:
            for child in sorted(graph[node] & members):
                if child == start:
                    path = [node]
                    while path[-1] != start:
                        path.append(previous[path[-1]])
                    return [*reversed(path), start]
                if child not in previous:
                    previous[child] = node
                    nxt.append(child)
        frontier = nxt
    return component  # pragma: no cover - a component always has a cycle through each member


def reachable(graph: dict[str, set[str]], start: str) -> dict[str, str]:
    """Every module reachable from ``start``, mapped to the module that imports it on one path."""
    via: dict[str, str] = {}
    frontier = [start]
    while frontier:
        nxt = []
        for node in frontier:
            for child in sorted(graph.get(node, ())):
                if child not in via and child != start:
                    via[child] = node
                    nxt.append(child)
        frontier = nxt
    return via


def _path(via: dict[str, str], start: str, end: str) -> list[str]:
    path = [end]
    while path[-1] != start:
        path.append(via[path[-1]])
    return path[::-1]


def _in(name: str, modules: tuple[str, ...], packages: tuple[str, ...]) -> bool:
    return name in modules or any(name == p or name.startswith(p + ".") for p in packages)


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    return build_graph(_package_modules())


def test_the_graph_covers_the_whole_package(graph: dict[str, set[str]]) -> None:
    for name in (
        "gradproof.claims",
        "gradproof.core.rules",
        "gradproof.checker.core",
        "gradproof.commands.show",
        "gradproof.proofs.sigmoid",
        "gradproof.numerics.formulas",
        "gradproof.display",
    ):
        assert name in graph
    assert "gradproof.numerics.formulas" in graph["gradproof"]
    # every package pyproject declares is in the graph (when the tests run from a source tree)
    pyproject = Path(__file__).resolve().parent.parent / "pyproject.toml"
    if pyproject.is_file():
        import tomllib

        declared = tomllib.loads(pyproject.read_text(encoding="utf-8"))["tool"]["setuptools"]
        assert set(declared["packages"]) <= set(graph)


def test_no_import_cycle(graph: dict[str, set[str]]) -> None:
    cycles = find_cycles(graph)
    assert not cycles, "import cycles in gradproof:\n" + "\n".join(
        f"  {' → '.join(cycle_path(graph, c))}   (component: {', '.join(c)})" for c in cycles
    )


def test_the_claim_kernel_reaches_no_printing_and_no_checker(graph: dict[str, set[str]]) -> None:
    kernel = [name for name in graph if _in(name, KERNEL_MODULES, KERNEL_PACKAGES)]
    assert set(KERNEL_MODULES) <= set(kernel)
    bad = []
    for start in sorted(kernel):
        via = reachable(graph, start)
        for target in sorted(via):
            if _in(target, FORBIDDEN_MODULES, FORBIDDEN_PACKAGES):
                bad.append(" → ".join(_path(via, start, target)))
    assert not bad, "the claim kernel reaches printing or the checker:\n  " + "\n  ".join(bad)


# -- the finder itself can fail ----------------------------------------------------------------


def _edges(source: str, module: str = "gradproof.a", is_package: bool = False) -> set[str]:
    known = {
        "gradproof",
        "gradproof.a",
        "gradproof.b",
        "gradproof.c",
        "gradproof.sub",
        "gradproof.sub.d",
    }
    return import_edges(module, source, is_package, known)


def test_the_finder_detects_a_planted_cycle() -> None:
    planted = {
        "gradproof.a": _edges("def f():\n    from gradproof import b\n"),
        "gradproof.b": _edges("from . import c\n", module="gradproof.b"),
        "gradproof.c": _edges("import gradproof.a\n", module="gradproof.c"),
        "gradproof.sub.d": set(),
    }
    (cycle,) = find_cycles(planted)
    assert cycle == ["gradproof.a", "gradproof.b", "gradproof.c"]
    assert cycle_path(planted, cycle) == [
        "gradproof.a",
        "gradproof.b",
        "gradproof.c",
        "gradproof.a",
    ]
    # break one edge and the cycle is gone
    planted["gradproof.c"] = set()
    assert find_cycles(planted) == []


def test_which_imports_count() -> None:
    # function-level, relative and `from package import submodule` imports count
    assert _edges("def f():\n    from .b import x\n") == {"gradproof.b"}
    assert _edges("from gradproof import b, c\n") == {"gradproof.b", "gradproof.c"}
    assert _edges("from gradproof import b, __version__\n") == {"gradproof", "gradproof.b"}
    assert _edges("from ..a import y\n", module="gradproof.sub.d") == {"gradproof.a"}
    assert _edges("from . import d\n", module="gradproof.sub", is_package=True) == {
        "gradproof.sub.d"
    }
    assert _edges("import gradproof.sub.d\n") == {"gradproof.sub.d"}
    # TYPE_CHECKING-only imports never run; their else branch does
    source = (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from gradproof import b\nelse:\n    from gradproof import c\n"
    )
    assert _edges(source) == {"gradproof.c"}
    assert _edges("import typing\nif typing.TYPE_CHECKING:\n    import gradproof.b\n") == set()


def test_the_shared_leaves_import_nothing_from_gradproof(graph: dict[str, set[str]]) -> None:
    # the presenters registry (display attaches through it), Outcome, σ and the check options
    for leaf in ("gradproof.presenters", "gradproof.outcome", "gradproof.networks"):
        assert graph[leaf] == set(), (leaf, graph[leaf])
    assert graph["gradproof.expressions"] == set()
