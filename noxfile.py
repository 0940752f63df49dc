"""The Python x Django test matrix, run against the built wheel (``make matrix``).

Every combination Django itself supports gets a fresh virtualenv with the wheel (built once per nox
run), its extras and ``requirements/matrix-django<X.Y>.txt``, and runs the unit and database suites
there (what ``make test-compat`` selects). The suites run from the checkout, so the source tree must
not shadow the installed package: pytest gets ``--import-mode=append`` and no ``pythonpath``, the
checkout reaches ``sys.path`` through a ``.pth`` file after site-packages, and the plugin
``tests/harness/installed.py`` stops the run unless ``django_dlwidget`` is the installed copy.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import nox

ROOT = Path(__file__).resolve().parent
DIST = ROOT / ".nox" / "matrix-dist"
RESULTS = ROOT / ".nox" / "matrix-results"

# (Python, Django) pairs, from each Django release's Requires-Python: 5.2 takes 3.10 to 3.14, 6.0
# and 6.1 need 3.12 or later. pyproject.toml's classifiers and the README name exactly these.
COMBINATIONS = [
    ("3.11", "5.2"),
    ("3.12", "5.2"),
    ("3.13", "5.2"),
    ("3.12", "6.0"),
    ("3.13", "6.0"),
    ("3.12", "6.1"),
    ("3.13", "6.1"),
]
# Extras installed with the wheel. Django 5.2 has no django.tasks: the backport comes with
# [tasks-backport] (and [db]); on Django 6 the sessions leave it out to show nothing needs it.
EXTRAS = {
    "5.2": "redis,s3,downloadview,tasks-backport,db",
    "6.0": "redis,s3,downloadview",
    "6.1": "redis,s3,downloadview",
}
SUITES = ["-m", "not live and not browser", "--ignore=tests/e2e"]

nox.options.default_venv_backend = "venv"
nox.options.reuse_venv = "yes"
nox.options.error_on_missing_interpreters = True


def _interpreters_on_path() -> None:
    """Puts each wanted interpreter's folder on PATH (pyenv installs are not on it by default),
    so that nox finds ``python3.X``."""
    folders = []
    for version in sorted({python for python, _ in COMBINATIONS}):
        found = subprocess.run(
            [str(ROOT / "tools" / "find-python.sh"), version],
            capture_output=True,
            text=True,
            check=False,
        )
        if found.returncode == 0:
            folders.append(str(Path(found.stdout.strip()).parent))
    os.environ["PATH"] = os.pathsep.join([*folders, os.environ.get("PATH", "")])


_interpreters_on_path()
_built: list[Path] = []


def built_wheel(session: nox.Session) -> Path:
    """The project's wheel, built once per nox run with the project's own build backend."""
    if not _built:
        shutil.rmtree(DIST, ignore_errors=True)
        session.log("building the wheel once for every session")
        subprocess.run(
            [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(DIST)],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        (wheel,) = DIST.glob("django_dlwidget-*.whl")
        _built.append(wheel)
    return _built[0]


@nox.session
@nox.parametrize(
    ("python", "django"),
    COMBINATIONS,
    ids=[f"{python}-django{django}" for python, django in COMBINATIONS],
)
def tests(session: nox.Session, django: str) -> None:
    """The unit and database suites on one Python and one Django, against the wheel."""
    wheel = built_wheel(session)
    requirements = ROOT / "requirements" / f"matrix-django{django}.txt"
    session.install(
        "-r", str(requirements), f"django-dlwidget[{EXTRAS[django]}] @ {wheel.as_uri()}"
    )
    # Same version number on every build: without this a reused virtualenv keeps the last wheel.
    session.install("--force-reinstall", "--no-deps", str(wheel))
    session.run("python", "-m", "pip", "check", silent=True)
    purelib = session.run(
        "python", "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", silent=True
    )
    assert isinstance(purelib, str)
    # After site-packages: `tests` and the example's `demo` import from the checkout, but
    # `django_dlwidget` only from the wheel.
    pth = Path(purelib.strip()) / "dlwidget_checkout.pth"
    pth.write_text(f"{ROOT}\n{ROOT / 'example'}\n")
    RESULTS.mkdir(parents=True, exist_ok=True)
    report = RESULTS / f"{session.python}-django{django}.xml"
    report.unlink(missing_ok=True)
    session.run(
        "pytest",
        "-q",
        "-o",
        "pythonpath=",
        "--import-mode=append",
        "-p",
        "tests.harness.installed",
        f"--junitxml={report}",
        *SUITES,
        *session.posargs,
        env={"DLW_MATRIX_DJANGO": django},
    )
