"""`make demo` without the development toolchain: a lean environment and the committed bundle.

Each test works in a fresh clone of this checkout's commit (no .venv, no node_modules), with
``node``, ``npm`` and ``npx`` replaced by stand-ins that record every call and fail."""

from __future__ import annotations

import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(
    shutil.which("git") is None or not (ROOT / ".git").exists() or shutil.which("make") is None,
    reason="needs git, make and a git checkout",
)


@pytest.fixture
def clone(tmp_path: Path) -> Path:
    target = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(target)], check=True)
    return target


@pytest.fixture
def no_node(tmp_path: Path) -> tuple[dict[str, str], Path]:
    """An environment whose node, npm and npx only record that they were called."""
    shims = tmp_path / "shims"
    shims.mkdir()
    calls = tmp_path / "node-calls.log"
    for tool in ("node", "npm", "npx"):
        shim = shims / tool
        shim.write_text(f'#!/bin/sh\necho "{tool} $*" >> {calls}\nexit 127\n')
        shim.chmod(0o755)
    return {"PATH": f"{shims}:/usr/local/bin:/usr/bin:/bin", "HOME": str(tmp_path)}, calls


def make(clone: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["make", "--no-print-directory", *args],
        cwd=clone,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_demo_builds_a_lean_environment_and_never_node_modules(
    clone: Path, no_node: tuple[dict[str, str], Path]
) -> None:
    env, calls = no_node
    planned = make(clone, env, "-n", "demo", "PORT=18999")
    assert planned.returncode == 0, planned.stderr
    assert "tools/make-venv.sh .venv-demo 3.12 requirements/demo.txt" in planned.stdout
    assert "requirements/dev.txt" not in planned.stdout
    assert "npm ci --no-audit" not in planned.stdout  # the node_modules/.installed recipe
    assert "../.venv-demo/bin/python -m uvicorn" in planned.stdout
    assert not calls.exists()


def test_the_demo_reuses_the_development_environment_when_there_is_one(
    clone: Path, no_node: tuple[dict[str, str], Path]
) -> None:
    env, _calls = no_node
    (clone / ".venv").mkdir()
    for name in ("pyproject.toml", "requirements/dev.txt", "tools/make-venv.sh"):
        (clone / name).touch()
    (clone / ".venv" / ".installed").touch()  # newer than what it was made from
    planned = make(clone, env, "-n", "demo", "PORT=18999")
    assert planned.returncode == 0, planned.stderr
    assert "make-venv.sh" not in planned.stdout
    assert "../.venv/bin/python -m uvicorn" in planned.stdout


def test_the_committed_bundle_is_served_without_node(
    clone: Path, no_node: tuple[dict[str, str], Path]
) -> None:
    env, calls = no_node
    result = make(clone, env, "demo-bundle")
    assert result.returncode == 0, result.stderr
    assert "the committed bundle (django_dlwidget/static/) matches frontend/" in result.stdout
    assert not calls.exists(), calls.read_text()


def test_changed_sources_without_node_say_how_to_rebuild(
    clone: Path, no_node: tuple[dict[str, str], Path]
) -> None:
    env, calls = no_node
    with (clone / "frontend" / "src" / "index.ts").open("a") as source:
        source.write("// changed\n")
    result = make(clone, env, "demo-bundle")
    assert result.returncode != 0
    assert "frontend/ differs from the commit: run 'npm ci' and 'make bundle'" in result.stderr
    assert not calls.exists()


def pins(path: Path) -> dict[str, str]:
    found = {}
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            requirement = Requirement(line)
            found[requirement.name.lower()] = str(requirement.specifier)
    return found


def test_the_demo_requirements_are_the_packages_dependencies_as_dev_pins_them() -> None:
    demo = pins(ROOT / "requirements" / "demo.txt")
    dev = pins(ROOT / "requirements" / "dev.txt")
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    needed = {
        re.split(r"[<>=!~ \[;]", dep, maxsplit=1)[0].lower() for dep in project["dependencies"]
    }
    assert set(demo) == needed | {"uvicorn"}
    assert {name: dev[name] for name in demo} == demo
