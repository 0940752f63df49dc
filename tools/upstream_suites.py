"""Run a predecessor's own test suite against its compat module.

The compat modules promise that a predecessor's users change import lines and nothing else. This
tool holds them to it with the predecessor's own tests: it downloads the pinned source release
from PyPI (checked against its SHA-256), unpacks it into a temporary directory, deletes the
predecessor's own package (so nothing of it can be imported), rewrites the names of modules in
the remaining files (import lines and the settings strings that name modules, nothing else), and
runs the suite with pytest and pytest-django in a subprocess.

Tests of behaviour this package refuses on purpose (insecure ones) are listed in ``EXCLUDED``
with the reason; docs/migrating.md lists each of them too (tests/compat/test_upstream_suites.py
holds the two lists together).

Usage::

    python tools/upstream_suites.py list
    python tools/upstream_suites.py run downloadview [pytest options, e.g. -x -k Range]
    python tools/upstream_suites.py run bgfiles --keep /tmp/bgfiles-suite

``run`` exits with pytest's status and prints one summary line:
``<suite>: <n> collected, <n> passed, <n> failed, <n> errors, <n> skipped, <n> excluded``.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".cache" / "upstream"


@dataclass(frozen=True)
class Suite:
    dist: str
    version: str
    sha256: str
    package: str
    """The predecessor's own package directory, deleted before the run."""
    compat: str
    """The module path its name is rewritten to."""
    pytest_ini: str
    """The pytest configuration the suite runs with (the predecessor's own, in pytest's terms)."""
    pythonpath: tuple[str, ...] = (".",)
    conftest: str = ""
    """Glue for a suite whose own runner configured settings in code (written as conftest.py)."""
    rewrites: tuple[tuple[str, str], ...] = ()
    """Further literal replacements: imports of APIs Django itself moved, INSTALLED_APPS lines."""
    make_dirs: tuple[str, ...] = ()
    moves: tuple[tuple[str, str], ...] = ()
    """Folders moved out of the package before it is deleted (a suite shipped inside it)."""
    generated: tuple[tuple[str, str], ...] = ()
    """Fixture files the sdist left out: path -> the dotted name of a function in this project's
    tests that builds their bytes (real files, made the way our own tests make them)."""
    excluded: dict[str, str] = field(default_factory=dict)
    """pytest node id -> why this package does not do what the test expects."""
    expected_total: int = 0
    """How many tests the pinned release collects (a run that finds fewer lost some)."""


# django-resumable's resumable.js wire protocol: chunks named <total>_<name>_part_<n> on a
# storage, and the GET/POST chunk endpoint. The widget uploads over tus instead (acceptance of
# the compat layer: its own tests pass except these; docs/migrating.md lists each).
_CHUNK_FILES = (
    "tests files.ResumableFile, the server half of the resumable.js chunk protocol (chunks "
    "named <total size>_<name>_part_<n> on a storage); uploads arrive over tus, and the upload "
    "store keeps their chunks (tests/tus/stores/test_storage.py)"
)
_CHUNK_REQUESTS = (
    "sends resumable.js chunk requests (GET/POST with resumableChunkNumber...) to "
    "ResumableUploadView; the compat view is the native tus endpoint, which answers tus requests "
    "(tests/compat/resumable/test_views.py)"
)

SUITES: dict[str, Suite] = {
    "downloadview": Suite(
        dist="django-downloadview",
        version="2.5.0",
        sha256="3bf0b0694711cadb4a9c1173cb21055a3f3be14c092e132ec3d69f14b4d8fdfe",
        package="django_downloadview",
        compat="django_dlwidget.compat.downloadview",
        # Its tox.ini ran pytest on tests/*.py (with doctests) and the Django runner on the
        # demo project; here both run under pytest-django with the demo's settings.
        pytest_ini=(
            "[pytest]\n"
            "DJANGO_SETTINGS_MODULE = demoproject.settings\n"
            "addopts = --doctest-modules --ignore=docs/ --ignore=setup.py --ignore=demo/setup.py\n"
            "python_files = tests/*.py tests.py\n"
        ),
        pythonpath=(".", "demo"),
        make_dirs=("var/media", "var/static"),
        rewrites=(
            # tests/api.py names the module it imported in code, not in an import line.
            (
                "reload(django_downloadview.nginx.settings)",
                "reload(django_dlwidget.compat.downloadview.nginx.settings)",
            ),
        ),
        excluded={
            "tests/response.py::DownloadResponseTestCase::test_content_disposition_escaping": (
                'expects the quote and backslash of a name escaped in filename="..."; names are '
                "sanitized instead: a backslash is a path separator, so only the last part is kept"
            ),
            "tests/signature.py::SignatureValidatorTestCase::test_verify_signature": (
                "signs the path with a plain TimestampSigner() and expects it to pass; the "
                "compat signatures have a salt of their own, so a value any other code signed "
                "never opens a file"
            ),
            "tests/packaging.py::VersionTestCase::test_version_match": (
                "compares with the installed django-downloadview distribution's metadata; "
                "the compat module is part of django-dlwidget's"
            ),
            "demo/demoproject/http/tests.py::SimpleURLTestCase::test_download_response": (
                "downloads a file from GitHub: needs the public internet (HTTPDownloadView is "
                "tested against a local server in tests/compat/downloadview)"
            ),
            "demo/demoproject/http/tests.py::AvatarTestCase::test_download_response": (
                "downloads an avatar from GitHub: needs the public internet (as above)"
            ),
        },
        expected_total=68,
    ),
    "bgfiles": Suite(
        dist="dj-bgfiles",
        version="0.6.0",
        sha256="7feb47ac055149cc8dbead968a8f213444ed1ea68fb8ba4cdf5b10233a4ffe99",
        package="bgfiles",
        compat="django_dlwidget.compat.bgfiles",
        pytest_ini="[pytest]\npython_files = test_*.py\ntestpaths = tests\n",
        # Its runtests.py called settings.configure(); importing it does the same before
        # pytest-django sets Django up.
        conftest="import runtests  # noqa: F401\n",
        rewrites=(
            # django.utils.six left Django in 3.0; the six it was is the same module.
            ("from django.utils import six", "import six"),
            # unittest's assertEquals alias left Python in 3.12.
            ("self.assertEquals(", "self.assertEqual("),
            # Its runner configured no SECRET_KEY: Django before 3.2 signed with an empty one,
            # today's refuses to (the compat signer's default key is SECRET_KEY, as before).
            ("DEBUG=True,\n", "DEBUG=True,\n        SECRET_KEY='upstream-suite',\n"),
            # The compat app stands on the native one.
            (
                '"django_dlwidget.compat.bgfiles",',
                '"django_dlwidget", "django_dlwidget.compat.bgfiles",',
            ),
        ),
        excluded={
            "tests/test_toolbox.py::ServeTest::test": (
                "reads response.content: toolbox.serve streams the file in blocks (Range, "
                "offloading) where the predecessor read it whole into memory, so one large file "
                "could exhaust a worker; the same assertions on streaming_content pass in "
                "tests/compat/bgfiles/test_toolbox.py"
            ),
        },
        expected_total=50,
    ),
    "resumable": Suite(
        dist="django-resumable",
        version="0.2.0",
        sha256="d19b95b4d6cf8eb2b92cf288acfc232219544284ad2b06a9af389f55362e3855",
        package="resumable",
        compat="django_dlwidget.compat.resumable",
        # Its tests shipped inside the package (run by django-admin test with its settings).
        moves=(("resumable/tests", "resumable_tests"),),
        pytest_ini=(
            "[pytest]\n"
            "DJANGO_SETTINGS_MODULE = resumable_tests.settings\n"
            "python_files = tests.py\n"
            "testpaths = resumable_tests\n"
        ),
        # The sdist left its fixtures out: the chunk folder the tests list, and the Ogg Vorbis
        # file the form test posts (built as the sniffing tests build theirs).
        make_dirs=("resumable_tests/fixtures/files/chunks",),
        generated=(
            (
                "resumable_tests/fixtures/files/147292_seagull.ogg",
                "tests.uploads.samples.ogg_vorbis",
            ),
        ),
        rewrites=(
            # jeanphix's fields.ResumableFileField was a form field: the compat one is in forms
            # (compat fields holds the forks' model field of the same name).
            (
                "from django_dlwidget.compat.resumable.fields import",
                "from django_dlwidget.compat.resumable.forms import",
            ),
            ("django_dlwidget.compat.resumable.tests", "resumable_tests"),
            # django.core.urlresolvers left Django in 2.0, django.conf.urls.url in 4.0.
            ("from django.core.urlresolvers import reverse", "from django.urls import reverse"),
            ("from django.conf.urls import url", "from django.urls import re_path as url"),
            # The compat app stands on the native one (and its models on auth's).
            (
                "    'django_dlwidget.compat.resumable',\n",
                "    'django.contrib.contenttypes',\n    'django.contrib.auth',\n"
                "    'django_dlwidget',\n    'django_dlwidget.compat.resumable',\n",
            ),
            # Its test module was an app only for its templates (left out of the sdist too);
            # importing it while apps load would import the native models before they are ready.
            ("    'resumable_tests.app',\n", ""),
        ),
        excluded={
            "resumable_tests/tests.py::ResumableFileTest::test_chunks_partial": _CHUNK_FILES,
            "resumable_tests/tests.py::ResumableFileTest::test_chunks_complete": _CHUNK_FILES,
            "resumable_tests/tests.py::ResumableFileTest::test_chunk_exists_existing": _CHUNK_FILES,
            "resumable_tests/tests.py::ResumableFileTest::test_chunk_exists_missing": _CHUNK_FILES,
            "resumable_tests/tests.py::ResumableFileTest::test_filename": _CHUNK_FILES,
            "resumable_tests/tests.py::ResumableFileTest::test_is_complete_complete": _CHUNK_FILES,
            "resumable_tests/tests.py::ResumableFileTest::test_is_complete_partial": _CHUNK_FILES,
            "resumable_tests/tests.py::ResumableFileTest::test_process_chunk": _CHUNK_FILES,
            "resumable_tests/tests.py::ResumableFileTest::test_size_complete": _CHUNK_FILES,
            "resumable_tests/tests.py::ResumableFileTest::test_size_partial": _CHUNK_FILES,
            "resumable_tests/tests.py::ResumableUploadViewTest::test_get_existing": _CHUNK_REQUESTS,
            "resumable_tests/tests.py::ResumableUploadViewTest::test_get_missing": _CHUNK_REQUESTS,
            "resumable_tests/tests.py::ResumableUploadViewTest::test_post_missing": _CHUNK_REQUESTS,
        },
        expected_total=16,
    ),
}


def fetch(suite: Suite) -> Path:
    """The pinned sdist, downloaded once into .cache/upstream/ and checked."""
    CACHE.mkdir(parents=True, exist_ok=True)
    found = sorted(CACHE.glob(f"{suite.dist.replace('-', '?')}-{suite.version}.tar.gz"))
    if not found:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
             "--no-binary", ":all:", "--dest", str(CACHE), f"{suite.dist}=={suite.version}"],
            check=True,
        )  # fmt: skip
        found = sorted(CACHE.glob(f"{suite.dist.replace('-', '?')}-{suite.version}.tar.gz"))
    if not found:
        raise SystemExit(f"pip did not download {suite.dist} {suite.version}")
    digest = hashlib.sha256(found[0].read_bytes()).hexdigest()
    if digest != suite.sha256:
        found[0].unlink()
        raise SystemExit(f"{found[0].name}: sha256 {digest}, expected {suite.sha256}")
    return found[0]


def unpack(suite: Suite, archive: Path, into: Path) -> Path:
    with tarfile.open(archive) as tar:
        tar.extractall(into, filter="data")
    (top,) = [p for p in into.iterdir() if p.is_dir()]
    for source, target in suite.moves:
        shutil.move(top / source, top / target)
    shutil.rmtree(top / suite.package)
    for egg in top.glob("*.egg-info"):
        shutil.rmtree(egg)
    return top


def rewrite(suite: Suite, top: Path) -> int:
    """Rename the predecessor's modules in every remaining Python and config file; the number of
    files changed."""
    package = re.escape(suite.package)
    # In import lines: the package name as a word, not part of a longer dotted name.
    in_import = re.compile(rf"(?<![\w.]){package}(?=[.\s,]|$)")
    # In strings: a dotted path that starts with it ("bgfiles.models.time") or the bare app name.
    in_string = re.compile(rf"(['\"]){package}(?=[.'\"])")
    changed = 0
    for path in top.rglob("*"):
        if path.suffix not in {".py", ".cfg", ".ini"} or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        lines = []
        for line in text.splitlines(keepends=True):
            if line.lstrip().startswith(("import ", "from ")):
                line = in_import.sub(suite.compat, line)
            lines.append(in_string.sub(lambda m: m.group(1) + suite.compat, line))
        new = "".join(lines)
        for old, replacement in suite.rewrites:
            new = new.replace(old, replacement)
        if new != text:
            path.write_text(new, encoding="utf-8")
            changed += 1
    return changed


def generate(suite: Suite, top: Path) -> None:
    import importlib

    if suite.generated and str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    for relative, builder in suite.generated:
        module, name = builder.rsplit(".", 1)
        data = getattr(importlib.import_module(module), name)()
        (top / relative).parent.mkdir(parents=True, exist_ok=True)
        (top / relative).write_bytes(data)


def run(suite_name: str, pytest_args: list[str], keep: Path | None) -> int:
    suite = SUITES[suite_name]
    archive = fetch(suite)
    work = Path(tempfile.mkdtemp(prefix=f"upstream-{suite_name}-"))
    try:
        top = unpack(suite, archive, work)
        if keep is not None:
            shutil.rmtree(keep, ignore_errors=True)
            shutil.copytree(top, keep)
            top = keep
        rewrite(suite, top)
        for directory in suite.make_dirs:
            (top / directory).mkdir(parents=True, exist_ok=True)
        generate(suite, top)
        (top / "pytest.ini").write_text(suite.pytest_ini, encoding="utf-8")
        if suite.conftest:
            (top / "conftest.py").write_text(suite.conftest, encoding="utf-8")
        report = top / "junit.xml"
        (top / f"{EXCLUDER}.py").write_text(_excluder(suite), encoding="utf-8")
        command = [
            sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", EXCLUDER, "-q",
            "-rfE", f"--junitxml={report}", "--rootdir", str(top), "-c", str(top / "pytest.ini"),
            *pytest_args,
        ]  # fmt: skip
        env = _environment(top, suite)
        status = subprocess.run(command, cwd=top, env=env, check=False).returncode
        print(summary(suite_name, report, len(suite.excluded)))
        return status
    finally:
        shutil.rmtree(work, ignore_errors=True)


EXCLUDER = "dlwidget_excluded"


def _excluder(suite: Suite) -> str:
    """A pytest plugin that deselects exactly the excluded node ids (``--deselect`` takes
    prefixes: ``test_verify_signature`` would take ``test_verify_signature_invalid`` too)."""
    return (
        f"EXCLUDED = {sorted(suite.excluded)!r}\n\n\n"
        "def pytest_collection_modifyitems(config, items):\n"
        "    kept = [item for item in items if item.nodeid not in EXCLUDED]\n"
        "    config.hook.pytest_deselected(items=[i for i in items if i.nodeid in EXCLUDED])\n"
        "    items[:] = kept\n"
    )


def _environment(top: Path, suite: Suite) -> dict[str, str]:
    import os

    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "PYTHONPATH"}}
    env["PYTHONPATH"] = os.pathsep.join(str(top / p) for p in suite.pythonpath)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def counts(report: Path) -> dict[str, int]:
    """Tests, failures, errors and skips in a JUnit XML report (zeros when there is none)."""
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    if not report.exists():
        return totals
    root = ET.parse(report).getroot()  # noqa: S314 (the report pytest just wrote here)
    for suite in [root] if root.tag == "testsuite" else root.iter("testsuite"):
        for key in totals:
            totals[key] += int(suite.get(key, "0"))
    return totals


def summary(name: str, report: Path, excluded: int) -> str:
    c = counts(report)
    passed = c["tests"] - c["failures"] - c["errors"] - c["skipped"]
    return (
        f"{name}: {c['tests'] + excluded} collected, {passed} passed, {c['failures']} failed, "
        f"{c['errors']} errors, {c['skipped']} skipped, {excluded} excluded"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("list", help="the suites, their releases and exclusions")
    runner = sub.add_parser("run", help="run one suite; other options go to pytest")
    runner.add_argument("suite", choices=sorted(SUITES))
    runner.add_argument("--keep", type=Path, help="leave the rewritten suite in this directory")
    args, rest = parser.parse_known_args(argv)
    if args.command == "list":
        for key, suite in SUITES.items():
            print(f"{key}: {suite.dist} {suite.version} -> {suite.compat}")
            for node, reason in suite.excluded.items():
                print(f"  excluded {node}: {reason}")
        return 0
    return run(args.suite, rest, args.keep)


if __name__ == "__main__":
    raise SystemExit(main())
