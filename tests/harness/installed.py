"""A pytest plugin for the matrix (noxfile.py): the run stops unless it tests the installed wheel.

The suites run from the checkout, where ``django_dlwidget/`` sits next to ``tests/``; one stray
``sys.path`` entry and the matrix would test the sources instead of the wheel. The noxfile loads
this plugin (``-p tests.harness.installed``) and names the Django it installed in
``DLW_MATRIX_DJANGO``.
"""

from __future__ import annotations

import os
import sysconfig
from pathlib import Path

import pytest

INSTALLED = pytest.StashKey[str]()  # where django_dlwidget was imported from


def installed_problems(package_file: str, django_version: str, wanted: str) -> list[str]:
    """What is wrong with the imported ``django_dlwidget`` (from ``package_file``) and Django
    (``django_version``, e.g. "6.0.10") for a run that should test the wheel on Django ``wanted``
    (e.g. "6.0")."""
    problems = []
    imported = Path(package_file).resolve()
    site_packages = Path(sysconfig.get_paths()["purelib"]).resolve()
    if not imported.is_relative_to(site_packages):  # the checkout's copy is not under it
        problems.append(f"django_dlwidget comes from {imported.parent}, not from {site_packages}")
    running = ".".join(django_version.split(".")[:2])
    if running != wanted:
        problems.append(f"Django {running} is installed, the session wants {wanted or '(unset)'}")
    return problems


def pytest_configure(config: pytest.Config) -> None:
    import django

    import django_dlwidget

    wanted = os.environ.get("DLW_MATRIX_DJANGO", "")
    problems = installed_problems(django_dlwidget.__file__, django.__version__, wanted)
    if problems:
        raise pytest.UsageError("; ".join(problems))
    config.stash[INSTALLED] = str(Path(django_dlwidget.__file__).resolve().parent)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    import django

    where = terminalreporter.config.stash[INSTALLED]
    terminalreporter.write_line(f"tested django_dlwidget at {where} on Django {django.__version__}")
