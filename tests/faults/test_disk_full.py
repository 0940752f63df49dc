"""A full disk under the filesystem store: its location is a small tmpfs, partly taken by another
file. The PATCH that runs out of room answers 507 with the JSON error, the bytes written before
it stay and HEAD counts exactly them, and once room is freed the client resumes from there and the
upload finishes with the right sha256."""

from __future__ import annotations

import hashlib
import json
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import cast

import pytest
from tusclient import client as tus_client
from tusclient.exceptions import TusCommunicationError

from tests.harness.demo_server import DemoServer
from tests.harness.processes import running
from tests.tus.live import TUS, login, request
from tests.tus.test_live_clients import make_source

pytestmark = pytest.mark.live

MIB = 1024 * 1024
TMPFS_MIB = 6  # the whole store
FILLER_MIB = 3  # someone else's file on the same disk
UPLOAD_MIB = 5  # more than is left, less than the whole


@pytest.fixture(scope="module")
def small_disk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A tmpfs of ``TMPFS_MIB``, mounted for the module (the tests run as root, here and in CI)."""
    mountpoint = tmp_path_factory.mktemp("small-disk")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={TMPFS_MIB}m,mode=0700", "tmpfs", str(mountpoint)],
        capture_output=True,
        text=True,
        check=False,
    )
    if mounted.returncode:
        pytest.fail(
            "the disk-full test mounts a small tmpfs and needs root (or CAP_SYS_ADMIN): "
            f"mount said {mounted.stderr.strip() or mounted.returncode}"
        )
    try:
        yield mountpoint
    finally:
        subprocess.run(["umount", "-l", str(mountpoint)], check=False)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, small_disk: Path) -> Iterator[DemoServer]:
    store = {
        "BACKEND": "django_dlwidget.tus.stores.FileSystemStore",
        "OPTIONS": {"location": str(small_disk / "uploads")},
    }
    demo = DemoServer(
        tmp_path_factory.mktemp("disk-full"), extra_env={"DEMO_UPLOAD_STORE": json.dumps(store)}
    )
    with running(demo):
        yield demo


def partial(small_disk: Path, url: str) -> Path:
    return small_disk / "uploads" / (url.rstrip("/").rsplit("/", 1)[-1].replace("-", "") + ".part")


@pytest.mark.parametrize("checksums", [False, True], ids=["plain", "checksummed"])
def test_a_full_disk_answers_507_keeps_what_fitted_and_the_upload_resumes_after(
    server: DemoServer, small_disk: Path, tmp_path: Path, checksums: bool
) -> None:
    filler = small_disk / "filler.bin"
    filler.write_bytes(b"\0" * FILLER_MIB * MIB)
    source = tmp_path / "source.bin"
    expected = make_source(source, UPLOAD_MIB * MIB)
    session = login(server.url)

    client = tus_client.TusClient(session.endpoint, headers=session.headers)
    uploader = client.uploader(str(source), chunk_size=MIB, upload_checksum=checksums)
    with pytest.raises(TusCommunicationError) as refused:
        uploader.upload()
    assert refused.value.status_code == 507
    body = json.loads(cast("bytes", refused.value.response_content))
    assert body == {"error": "disk_full", "detail": "The server has no room left for this upload."}
    url = cast("str", uploader.url)

    # What fitted stays, and HEAD says exactly how much that is.
    head = request(session, "HEAD", url, headers=TUS)
    assert head.status == 200
    offset = int(head.getheader("Upload-Offset") or -1)
    kept = partial(small_disk, url).read_bytes()
    assert offset == len(kept)
    assert 0 < offset < UPLOAD_MIB * MIB
    assert kept == source.read_bytes()[:offset]
    if checksums:  # a checksummed PATCH is all-or-nothing: only whole chunks were kept
        assert offset % MIB == 0

    # Room again: the client resumes where HEAD said and finishes.
    filler.unlink()
    resumed = tus_client.TusClient(session.endpoint, headers=session.headers).uploader(
        str(source), chunk_size=MIB, upload_checksum=checksums, url=url
    )
    assert resumed.get_offset() == offset
    resumed.upload()
    done = request(session, "HEAD", url, headers=TUS)
    assert done.getheader("Upload-Offset") == str(UPLOAD_MIB * MIB)
    assert done.getheader("Dlw-Upload-Token")
    digest = hashlib.sha256(partial(small_disk, url).read_bytes()).hexdigest()
    assert digest == expected
    assert request(session, "DELETE", url, headers=TUS).status == 204  # room for the next
