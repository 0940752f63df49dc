"""The built wheel works on its own: no node, no source tree, the bundle inside the package."""

from __future__ import annotations

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

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


def test_wheel_installs_and_renders_without_node(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    (wheel,) = dist.glob("django_dlwidget-*.whl")
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
