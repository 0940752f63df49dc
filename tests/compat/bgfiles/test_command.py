"""``manage.py bgfiles process|clean`` with its options."""

from __future__ import annotations

import itertools
import time as command_time  # the module the command reads its clock and sleep from
from collections.abc import Iterator
from datetime import timedelta
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from django_dlwidget import init_download
from django_dlwidget.compat.bgfiles import toolbox
from django_dlwidget.compat.bgfiles.models import FileRequest
from django_dlwidget.compat.bgfiles.patterns import registry
from django_dlwidget.models import Download, DownloadStatus

from .patterns import FILE_TYPE, CountingReport

pytestmark = pytest.mark.django_db


class Broken(CountingReport):
    def write_bytes(self, dataset: Any, output: Any) -> None:
        raise OSError("disk on fire")


@pytest.fixture(autouse=True)
def registered() -> Iterator[None]:
    saved = dict(registry.handlers)
    registry.register(CountingReport, [FILE_TYPE])
    registry.register(Broken, ["broken"])
    yield
    registry.handlers.clear()
    registry.handlers.update(saved)


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("bgfiles", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def add(file_type: str = FILE_TYPE) -> FileRequest:
    from django.contrib.auth.models import User

    requester, _ = User.objects.get_or_create(username="req", email="req@example.com")
    return toolbox.add_request("count=2", file_type, requester, filename="n.csv")


def test_process_handles_the_outstanding_requests_oldest_first(media: Path) -> None:
    first, second = add(), add()
    native = init_download(None, "native.csv", kind="myapp.exports.native")  # a task's job
    out, err = run("process")
    assert out.splitlines() == [
        f"Handled request {first.id}",
        f"Handled request {second.id}",
        "Handled 2 requests",
    ]
    assert err == ""
    assert set(Download.objects.filter(status="ready").values_list("key", flat=True)) == {
        first.id,
        second.id,
    }
    assert Download.objects.get(key=native.key).status == DownloadStatus.PENDING
    assert run("process")[0] == "Handled 0 requests\n"


def test_process_items_sleep_and_timeout(media: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    slept: list[float] = []
    monkeypatch.setattr(command_time, "sleep", slept.append)
    for _ in range(3):
        add()
    assert run("process", "--items", "1", "--sleep", "0.5")[0].endswith("Handled 1 requests\n")
    assert slept == [0.5]
    # A clock that moves 10 s each time it is read: past the timeout after the first request.
    monkeypatch.setattr(command_time, "time", itertools.count(0.0, 10.0).__next__)
    out, _ = run("process", "--timeout", "5")
    assert "Reached timeout. Stopping processing" in out
    assert out.endswith("Handled 1 requests\n")


def test_a_failing_handler_fails_its_request_and_the_run_goes_on(media: Path) -> None:
    broken, good = add("broken"), add()
    out, err = run("process")
    assert f"Request {broken.id} failed" in err
    assert f"Handled request {good.id}" in out
    failed = Download.objects.get(key=broken.id)
    assert (failed.status, failed.error) == (DownloadStatus.FAILED, "The export failed.")
    assert failed.finished is not None  # not retried on the next run
    assert run("process")[0] == "Handled 0 requests\n"


def test_clean_removes_expired_requests_after_the_leeway() -> None:
    now = timezone.now()
    for hours in (3, 2, 0.5):
        FileRequest.objects.create(expires_at=now - timedelta(hours=hours))
    FileRequest.objects.create(expires_at=None)
    assert run("clean", "--items", "1")[0] == "Stopped short because of max items: 1/2\n"
    assert run("clean")[0] == "Removed all 1 expired files\n"
    assert FileRequest.objects.count() == 2  # within the default hour of leeway, and no expiry
    assert run("clean", "--leeway", "0")[0] == "Removed all 1 expired files\n"


def test_clean_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    for _ in range(2):
        FileRequest.objects.create(expires_at=timezone.now() - timedelta(days=1))
    monkeypatch.setattr(command_time, "time", itertools.count(0.0, 10.0).__next__)
    assert run("clean", "--timeout", "5")[0] == "Stopped short because of timeout: 1/2\n"


def test_an_unknown_action_is_refused() -> None:
    with pytest.raises(CommandError):
        call_command("bgfiles", "nothing")
