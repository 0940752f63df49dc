"""The package's lazy public API: one export map, held against the type checkers' imports."""

from __future__ import annotations

import ast
from pathlib import Path

import django_dlwidget

INIT = Path(django_dlwidget.__file__)


def type_checking_imports() -> dict[str, str]:
    """``{name: module}`` of the ``if TYPE_CHECKING:`` block of ``__init__.py``."""
    tree = ast.parse(INIT.read_text())
    block = next(
        node
        for node in tree.body
        if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING"
    )
    found: dict[str, str] = {}
    for node in block.body:
        assert isinstance(node, ast.ImportFrom)
        assert node.module
        for alias in node.names:
            assert alias.asname == alias.name, "re-export explicitly: `name as name`"
            found[alias.name] = node.module
    return found


def test_type_checkers_see_exactly_the_export_map() -> None:
    assert type_checking_imports() == django_dlwidget._EXPORTS


def test_every_export_resolves_to_its_module() -> None:
    for name, module in django_dlwidget._EXPORTS.items():
        value = getattr(django_dlwidget, name)
        assert value.__module__ == f"django_dlwidget.{module}", name


def test_all_and_dir() -> None:
    assert set(django_dlwidget.__all__) == {"__version__", *django_dlwidget._EXPORTS}
    assert dir(django_dlwidget) == sorted(django_dlwidget.__all__)
