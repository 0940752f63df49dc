"""What the package says it supports is what the matrix runs: the classifiers, the README's
requirements line and the per-Django requirement files, all held to ``noxfile.py``'s combinations;
and the matrix's own guard (``tests/harness/installed.py``) really stops a run on the sources."""

from __future__ import annotations

import ast
import re
import sysconfig
import tomllib
from pathlib import Path

import pytest

from tests.harness.installed import installed_problems

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"


def noxfile_constant(name: str) -> object:
    """A literal assigned at the top of noxfile.py (read, not imported: importing it needs nox)."""
    tree = ast.parse((ROOT / "noxfile.py").read_text())
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == name for target in node.targets
        ):
            return ast.literal_eval(node.value)
    raise AssertionError(f"noxfile.py assigns no {name}")


def combinations() -> set[tuple[str, str]]:
    found = noxfile_constant("COMBINATIONS")
    assert isinstance(found, list)
    return {(python, django) for python, django in found}


def classifiers(prefix: str) -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return {
        c.removeprefix(prefix)
        for c in project["classifiers"]
        if c.startswith(prefix) and c.removeprefix(prefix).count(".") == 1
    }


def readme_pairs() -> set[tuple[str, str]]:
    """The (Python, Django) pairs of the README's "Requirements:" sentence, whose clauses read
    "Django A or B with Python X, Y or Z", separated by semicolons."""
    (line,) = [p for p in README.read_text().split("\n\n") if p.startswith("Requirements: ")]
    sentence = " ".join(line.removeprefix("Requirements: ").split()).split("(", 1)[0]
    pairs = set()
    for clause in sentence.split(";"):
        djangos, pythons = clause.split(" with Python ")
        for django in re.findall(r"\d+\.\d+", djangos):
            pairs |= {(python, django) for python in re.findall(r"\d+\.\d+", pythons)}
    return pairs


def test_the_matrix_covers_every_python_django_pair_django_supports() -> None:
    """Django 5.2 runs on 3.10 to 3.14, 6.0 and 6.1 on 3.12 and later; of the Pythons this
    project supports (3.11 to 3.13) every pair Django allows is in the matrix."""
    assert combinations() == {
        ("3.11", "5.2"),
        ("3.12", "5.2"),
        ("3.13", "5.2"),
        ("3.12", "6.0"),
        ("3.13", "6.0"),
        ("3.12", "6.1"),
        ("3.13", "6.1"),
    }


def test_the_classifiers_name_exactly_what_the_matrix_runs() -> None:
    assert classifiers("Framework :: Django :: ") == {d for _, d in combinations()}
    assert classifiers("Programming Language :: Python :: ") == {p for p, _ in combinations()}
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    oldest = min((p for p, _ in combinations()), key=lambda v: tuple(map(int, v.split("."))))
    assert project["requires-python"] == f">={oldest}"


def test_the_readme_requirements_line_names_exactly_what_the_matrix_runs() -> None:
    assert readme_pairs() == combinations()


def test_each_django_of_the_matrix_has_its_pinned_requirements() -> None:
    extras = noxfile_constant("EXTRAS")
    assert isinstance(extras, dict)
    for django in {d for _, d in combinations()}:
        text = (ROOT / "requirements" / f"matrix-django{django}.txt").read_text()
        (pin,) = re.findall(r"^Django==(\S+)$", text, re.M)
        assert pin.startswith(f"{django}."), pin
        # Django 5.2 has no django.tasks: the sessions install the backport as users must.
        assert ("tasks-backport" in extras[django].split(",")) == (django == "5.2")


def test_the_matrix_guard_refuses_the_source_tree() -> None:
    source = str(ROOT / "django_dlwidget" / "__init__.py")
    (problem,) = installed_problems(source, "6.0.10", "6.0")
    assert problem.startswith(f"django_dlwidget comes from {ROOT / 'django_dlwidget'}, not from ")


@pytest.mark.parametrize(("running", "wanted"), [("6.1.3", "6.0"), ("5.2.19", "")])
def test_the_matrix_guard_refuses_another_django(running: str, wanted: str) -> None:
    installed = str(Path(sysconfig.get_paths()["purelib"]) / "django_dlwidget" / "__init__.py")
    (problem,) = installed_problems(installed, running, wanted)
    assert problem.startswith(f"Django {running[:3]} is installed, the session wants ")


def test_the_matrix_guard_passes_the_installed_copy_on_the_wanted_django() -> None:
    installed = str(Path(sysconfig.get_paths()["purelib"]) / "django_dlwidget" / "__init__.py")
    assert installed_problems(installed, "5.2.19", "5.2") == []
