"""The built wheel works on its own: no node, no source tree, the bundle inside the package."""

from __future__ import annotations

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest
from packaging.requirements import Requirement

pytestmark = pytest.mark.live
ROOT = Path(__file__).resolve().parents[1]

RENDER_SCRIPT = r"""
import re, shutil, sys
from pathlib import Path
import django
from django.conf import settings

assert shutil.which("node") is None, "node must not be on PATH"
settings.configure(
    INSTALLED_APPS=["django.contrib.staticfiles", "webpack_loader", "django_dlwidget"],
    TEMPLATES=[{"BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True}],
    STATIC_URL="/static/",
)
django.setup()
from django.contrib.staticfiles import finders
from django.template import Context, Template
import django_dlwidget

html = Template("{% load dlwidget %}{% dlwidget_assets %}").render(Context())
print(html)
urls = re.findall(r'(?:src|href)="/static/([^"]+)"', html)
assert "<script" in html and "<link" in html, html
package = Path(django_dlwidget.__file__).parent
for url in urls:
    found = finders.find(url)
    assert found, url
    assert Path(found).is_relative_to(package), found
print("OK", len(urls))
"""


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    (built,) = dist.glob("django_dlwidget-*.whl")
    return built


def installed_by(metadata: str, extra: str, python: str) -> list[str]:
    """The names that ``pip install 'django-dlwidget[<extra>]'`` adds on ``python``, from a
    wheel's METADATA."""
    environment = {"extra": extra, "python_version": python, "python_full_version": f"{python}.0"}
    requirements = [
        Requirement(line.split(": ", 1)[1])
        for line in metadata.splitlines()
        if line.startswith("Requires-Dist: ")
    ]
    return sorted(
        r.name
        for r in requirements
        if r.marker is not None and "extra" in str(r.marker) and r.marker.evaluate(environment)
    )


@pytest.mark.parametrize("python", ["3.11", "3.12", "3.13"])
def test_the_tasks_extras_install_the_backport_on_every_supported_python(
    wheel: Path, python: str
) -> None:
    """Django 5.2 runs on Python 3.12 and 3.13 too, where it needs the backport just as much;
    the worker extra brings it along (django-tasks-db imports it on 5.2)."""
    with zipfile.ZipFile(wheel) as archive:
        (name,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        metadata = archive.read(name).decode()
    assert installed_by(metadata, "tasks-backport", python) == ["django-tasks"]
    assert installed_by(metadata, "db", python) == ["django-tasks", "django-tasks-db"]


def test_wheel_installs_and_renders_without_node(tmp_path: Path, wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "django_dlwidget/py.typed" in names
    assert "django_dlwidget/static/django_dlwidget/webpack-stats.json" in names
    assert "django_dlwidget/migrations/__init__.py" in names
    for lang in ("de", "fr"):
        assert f"django_dlwidget/locale/{lang}/LC_MESSAGES/django.mo" in names
    assert any(
        n.startswith("django_dlwidget/static/django_dlwidget/download-centre.") for n in names
    )
    assert not [
        n for n in names if n.startswith(("frontend/", "node_modules/")) or n.endswith(".ts")
    ]

    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", str(wheel)],
        check=True,
        capture_output=True,
    )
    result = subprocess.run(
        [str(python), "-c", RENDER_SCRIPT],
        cwd=tmp_path,  # not the source tree: the installed package must be used
        env={"PATH": str(env_dir / "bin")},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "OK 4" in result.stdout
