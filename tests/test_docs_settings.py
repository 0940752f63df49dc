"""The docs held to the code: docs/settings.md's table to the schema, docs/checks.md's ids to
the checks."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

from django_dlwidget.conf import SCHEMA

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "django_dlwidget"
DOCS = ROOT / "docs" / "settings.md"
CHECKS = ROOT / "docs" / "checks.md"
README = ROOT / "README.md"
CHECK_ID = re.compile(r"django_dlwidget\.[EW]\d{3}")


def section(path: Path, heading: str) -> str:
    """The text under ``heading`` up to the next heading of the same or a higher level."""
    level = heading.split(" ", 1)[0]
    text = path.read_text()
    start = text.index(f"\n{heading}\n") + len(heading) + 2
    ends = [m.start() for m in re.finditer(rf"^#{{1,{len(level)}}} ", text[start:], re.M)]
    return text[start : start + ends[0]] if ends else text[start:]


def table(text: str) -> list[list[str]]:
    """The cells of every row of the Markdown table(s) in ``text``, without header and rule."""
    rows = [line.strip() for line in text.splitlines() if line.startswith("|")]
    cells = [[cell.strip() for cell in row.strip("|").split(" | ")] for row in rows]
    return [row for row in cells if row[0] not in ("key", "id") and not row[0].startswith("---")]


def schema_rows() -> list[list[str]]:
    return [[f"`{key}`", setting.shown_default, setting.doc] for key, setting in SCHEMA.items()]


def test_the_settings_table_is_the_schema() -> None:
    """Every key in schema order, with its default and its doc line: paste the expected rows."""
    expected = schema_rows()
    documented = table(section(DOCS, "## Settings"))
    assert documented == expected, "\n" + "\n".join(f"| {' | '.join(r)} |" for r in expected)


def test_the_readme_links_the_settings_and_the_checks() -> None:
    readme = README.read_text()
    assert "(docs/settings.md)" in readme
    assert "(docs/checks.md)" in readme


def emitted_ids() -> dict[str, set[str]]:
    """``{module path: {check ids written in it}}`` over the whole package."""
    found: dict[str, set[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(), str(path))
        ids = {
            node.value
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and CHECK_ID.fullmatch(node.value)
        }
        if ids:
            found[str(path.relative_to(ROOT))] = ids
    return found


def documented_ids() -> list[str]:
    return [row[0].strip("`") for row in table(section(CHECKS, "## System checks"))]


def test_the_ids_table_lists_every_id_the_code_can_emit() -> None:
    in_code = set().union(*emitted_ids().values())
    documented = documented_ids()
    assert sorted(in_code - set(documented)) == [], "emitted but not documented"
    assert sorted(set(documented) - in_code) == [], "documented but never emitted"
    assert documented == sorted(documented), "errors first, each kind by number"
    assert len(documented) == len(set(documented))


def test_every_schema_check_is_in_the_ids_table_with_its_keys() -> None:
    rows = {row[0]: row[1] for row in table(section(CHECKS, "## System checks"))}
    for key, setting in SCHEMA.items():
        if setting.check:
            assert f"`{key}`" in rows[f"`{setting.check}`"], (key, setting.check)


def registered_modules() -> set[str]:
    """The modules of the checks Django knows after start-up, in a fresh process: here, a test
    that imported a checks module itself would have registered it."""
    script = (
        "import django; django.setup()\n"
        "from django.core.checks.registry import registry\n"
        "print('\\n'.join(sorted({c.__module__ for c in registry.registered_checks})))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings"},
        capture_output=True,
        text=True,
        check=True,
    )
    return set(result.stdout.split())


def test_every_module_that_emits_ids_registers_its_checks() -> None:
    """apps.ready imports each area's checks module, so ``manage.py check`` runs them."""
    emitting = {
        path.removesuffix(".py").replace("/", ".")
        for path in emitted_ids()
        if not path.startswith("django_dlwidget/conf/")  # the schema's ids: checks.py emits them
    }
    assert "django_dlwidget.checks" in emitting
    assert sorted(emitting - registered_modules()) == []


def test_the_ids_table_lives_in_the_checks_page_only() -> None:
    assert "(checks.md)" in section(DOCS, "## System checks")
    assert not CHECK_ID.search(section(DOCS, "## System checks"))
    assert not CHECK_ID.search(README.read_text()), "the README links the ids table"
