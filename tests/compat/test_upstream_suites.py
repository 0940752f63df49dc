"""The predecessors' own test suites, with only module names changed, pass against the compat
modules (tools/upstream_suites.py), and every test left out is explained in docs/migrating.md."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tools.upstream_suites import ROOT, SUITES, Suite, rewrite

MIGRATING = ROOT / "docs" / "migrating.md"


@pytest.mark.parametrize("name", sorted(SUITES))
def test_every_exclusion_is_explained_in_the_migration_guide(name: str) -> None:
    text = MIGRATING.read_text(encoding="utf-8")
    missing = [node for node in SUITES[name].excluded if f"`{node}`" not in text]
    assert not missing, f"docs/migrating.md does not list these excluded tests: {missing}"


def test_rewrite_renames_modules_only(tmp_path: Path) -> None:
    suite = Suite(
        dist="x", version="1", sha256="", package="bgfiles", compat="pkg.compat.bgfiles",
        pytest_ini="", rewrites=(("from django.utils import six", "import six"),),
    )  # fmt: skip
    source = tmp_path / "tests" / "test_x.py"
    source.parent.mkdir()
    source.write_text(
        "from bgfiles.models import FileRequest\n"
        "import bgfiles.views, bgfiles\n"
        "from django.utils import six\n"
        "@mock.patch('bgfiles.models.time')\n"
        'APPS = ["bgfiles", "my_bgfiles", "bgfilesx"]\n'
        "TEMPLATE = 'bgfiles/email.txt'\n"
        "call_command('bgfiles', 'process')  # bgfiles in prose stays\n",
        encoding="utf-8",
    )
    (tmp_path / "notes.md").write_text("from bgfiles import x\n", encoding="utf-8")
    assert rewrite(suite, tmp_path) == 1
    assert source.read_text(encoding="utf-8") == (
        "from pkg.compat.bgfiles.models import FileRequest\n"
        "import pkg.compat.bgfiles.views, pkg.compat.bgfiles\n"
        "import six\n"
        "@mock.patch('pkg.compat.bgfiles.models.time')\n"
        'APPS = ["pkg.compat.bgfiles", "my_bgfiles", "bgfilesx"]\n'
        "TEMPLATE = 'bgfiles/email.txt'\n"
        # A command name is a quoted bare name too: suites that call the command by name need a
        # rewrite entry restoring it (none of the pinned ones does).
        "call_command('pkg.compat.bgfiles', 'process')  # bgfiles in prose stays\n"
    )
    assert (tmp_path / "notes.md").read_text(encoding="utf-8") == "from bgfiles import x\n"


@pytest.mark.parametrize("name", sorted(SUITES))
def test_upstream_suite_passes(name: str) -> None:
    """Downloads the pinned sdist from PyPI on first use (cached in .cache/upstream/)."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "upstream_suites.py"), "run", name],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    output = result.stdout + result.stderr
    match = re.search(
        rf"^{name}: (\d+) collected, (\d+) passed, (\d+) failed, (\d+) errors, (\d+) skipped, "
        r"(\d+) excluded$",
        result.stdout,
        re.MULTILINE,
    )
    assert match, output[-4000:]
    collected, passed, failed, errors, skipped, excluded = map(int, match.groups())
    assert (failed, errors) == (0, 0), output[-6000:]
    assert collected == SUITES[name].expected_total, output[-4000:]
    assert passed + skipped + excluded == collected
    assert skipped == 0, output[-4000:]
    assert result.returncode == 0, output[-4000:]


def test_the_resumable_suite_leaves_out_only_its_wire_protocol_tests() -> None:
    """16 tests: the 3 of the form field run; the 13 of ResumableFile (the chunk files of the
    resumable.js protocol) and ResumableUploadView (its chunk requests) are left out."""
    suite = SUITES["resumable"]
    assert suite.expected_total == 16
    classes = {node.split("::")[1] for node in suite.excluded}
    assert classes == {"ResumableFileTest", "ResumableUploadViewTest"}
    assert len(suite.excluded) == 13
    assert not [node for node in suite.excluded if "ResumableFileFieldTest" in node]


def test_moves_and_generated_fixtures(tmp_path: Path) -> None:
    """A suite shipped inside its package is moved out before the package goes; a fixture the
    sdist left out is built by this project's own test helpers."""
    import io
    import tarfile

    from tools.upstream_suites import generate, unpack

    archive = tmp_path / "pkg-1.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        for name, data in {
            "pkg-1/pkg/__init__.py": b"",
            "pkg-1/pkg/tests/t.py": b"x = 1\n",
        }.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    suite = Suite(
        dist="pkg", version="1", sha256="", package="pkg", compat="c", pytest_ini="",
        moves=(("pkg/tests", "pkg_tests"),),
        generated=(("pkg_tests/fixtures/a.ogg", "tests.uploads.samples.ogg_vorbis"),),
    )  # fmt: skip
    top = unpack(suite, archive, tmp_path / "work")
    assert not (top / "pkg").exists()
    assert (top / "pkg_tests" / "t.py").read_text() == "x = 1\n"
    generate(suite, top)
    assert (top / "pkg_tests" / "fixtures" / "a.ogg").read_bytes()[:4] == b"OggS"
