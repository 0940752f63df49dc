from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from django_dlwidget import DownloadCancelled, init_download, update_percentage
from django_dlwidget.downloads.cleanup import run_cleanup
from django_dlwidget.downloads.stale import sweep_stale
from django_dlwidget.models import Download, DownloadStatus

pytestmark = pytest.mark.django_db(transaction=True)


def make_stale(key: uuid.UUID, minutes: int = 11) -> None:
    Download.objects.filter(key=key).update(heartbeat=timezone.now() - timedelta(minutes=minutes))


def test_stale_job_is_failed_and_stops(owner: User) -> None:
    key = init_download(owner, "a.csv").key
    update_percentage(key, 10, 4)
    fresh = init_download(owner, "b.csv").key
    update_percentage(fresh, 10, 4)
    make_stale(key)
    assert sweep_stale() == 1
    failed = Download.objects.get(key=key)
    assert failed.status == DownloadStatus.FAILED
    assert "stopped responding" in failed.error
    assert failed.expires is not None
    assert Download.objects.get(key=fresh).status == DownloadStatus.RUNNING
    # The worker was only slow: its next write finds the download failed and stops.
    with pytest.raises(DownloadCancelled):
        update_percentage(key, 10, 9)
    assert sweep_stale() == 0


def test_lost_pending_job(owner: User) -> None:
    key = init_download(owner, "a.csv").key
    Download.objects.filter(key=key).update(created=timezone.now() - timedelta(days=2))
    assert sweep_stale() == 1
    assert Download.objects.get(key=key).status == DownloadStatus.FAILED


def test_list_request_sweeps(owner_client: Client, owner: User) -> None:
    key = init_download(owner, "a.csv").key
    update_percentage(key, 10, 4)
    url = reverse("dlwidget:download-list")
    etag = owner_client.get(url)["ETag"]
    make_stale(key)
    response = owner_client.get(url)
    item = response.json()["downloads"][0]
    assert item["status"] == "failed"
    assert response["ETag"] != etag
    assert response.json()["version"] == int(response["ETag"].strip('"').split("-")[1])


def test_cleanup_sweeps(owner: User) -> None:
    key = init_download(owner, "a.csv").key
    update_percentage(key, 10, 4)
    make_stale(key)
    assert run_cleanup()["stale"] == 1


def test_the_stale_message_is_in_each_downloads_language(owner: User) -> None:
    german = init_download(owner, "de.csv", language="de").key
    french = init_download(owner, "fr.csv", language="fr").key
    default = init_download(owner, "en.csv", language="").key
    for key in (german, french, default):
        update_percentage(key, 10, 4)
        make_stale(key)
    assert sweep_stale() == 3
    errors = dict(Download.objects.values_list("key", "error"))
    assert errors[german] == "Der Export reagierte nicht mehr und wurde aufgegeben."
    assert errors[french] == "L\u2019export ne répondait plus et a été abandonné."
    assert errors[default] == "The export stopped responding and was abandoned."
