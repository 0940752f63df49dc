"""The list's conditional GET: which ``If-None-Match`` values answer 304, that a 304 costs only the
authentication's queries, and that the ETag moves with everything the list shows."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from django_dlwidget import init_download, save_download
from django_dlwidget.downloads.lifecycle import clear_download
from django_dlwidget.downloads.views import etag_matches, list_etag
from django_dlwidget.models import Download

pytestmark = pytest.mark.django_db(transaction=True)


def list_url() -> str:
    return reverse("dlwidget:download-list")


def etag_of(client: Client) -> str:
    response = client.get(list_url())
    assert response.status_code == 200
    return str(response["ETag"])


@pytest.mark.parametrize(
    "header",
    [
        "{etag}",
        "W/{etag}",  # a compressing proxy weakens the ETag the client is given
        ' "other", {etag} ',
        '"other", W/{etag}',
        "*",
    ],
)
def test_these_if_none_match_values_answer_304(
    owner_client: Client, owner: User, header: str
) -> None:
    init_download(owner, "a.csv")
    etag = etag_of(owner_client)
    response = owner_client.get(list_url(), HTTP_IF_NONE_MATCH=header.format(etag=etag))
    assert response.status_code == 304
    assert response["ETag"] == etag
    assert response.content == b""


@pytest.mark.parametrize("header", ["", '"other"', "{bare}", "{etag}x", "garbage", "W/"])
def test_other_if_none_match_values_get_the_list(
    owner_client: Client, owner: User, header: str
) -> None:
    init_download(owner, "a.csv")
    etag = etag_of(owner_client)
    sent = header.format(etag=etag, bare=etag.strip('"'))
    response = owner_client.get(list_url(), HTTP_IF_NONE_MATCH=sent)
    assert response.status_code == 200
    assert response.json()["downloads"][0]["name"] == "a.csv"


def test_etag_matches_is_exact_apart_from_weakness() -> None:
    etag = list_etag(7, 12)
    assert etag == list_etag(7, 12)
    assert etag_matches(etag, etag)
    assert etag_matches(f"W/{etag}", etag)
    assert not etag_matches(list_etag(7, 13), etag)
    assert not etag_matches(list_etag(8, 12), etag)  # the same version of another user's list
    assert not etag_matches(None, etag)


def test_a_304_runs_only_the_authentication_queries(owner_client: Client, owner: User) -> None:
    init_download(owner, "a.csv")
    etag = etag_of(owner_client)
    with CaptureQueriesContext(connection) as queries:
        response = owner_client.get(list_url(), HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    sql = [q["sql"] for q in queries.captured_queries]
    # The session and its user, read; nothing written (no session save), no download row read.
    assert len(sql) == 2, sql
    assert all(s.lstrip().upper().startswith("SELECT") for s in sql), sql
    assert any("django_session" in s for s in sql)
    assert any("auth_user" in s for s in sql)
    assert "sessionid" not in response.cookies


def test_the_etag_moves_with_a_new_a_finished_and_a_cleared_download(
    owner_client: Client, owner: User
) -> None:
    seen = {etag_of(owner_client)}
    key = init_download(owner, "a.csv").key  # a new download
    seen.add(etag_of(owner_client))
    save_download(key, [[1]])  # finished: status, size, url
    seen.add(etag_of(owner_client))
    assert clear_download(key, owner.pk)  # removed
    seen.add(etag_of(owner_client))
    assert len(seen) == 4
    assert owner_client.get(list_url()).json()["downloads"] == []


def test_the_etag_moves_when_cleanup_deletes_an_expired_download(
    owner_client: Client, owner: User
) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from django_dlwidget.downloads.cleanup import cleanup_expired_downloads

    key = save_download(init_download(owner, "a.csv").key, [[1]]).key
    etag = etag_of(owner_client)
    Download.objects.filter(key=key).update(expires=timezone.now() - timedelta(seconds=1))
    assert cleanup_expired_downloads() == 1
    response = owner_client.get(list_url(), HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response.json()["downloads"] == []


def test_the_list_is_the_same_in_every_language(owner_client: Client, owner: User) -> None:
    """Nothing in the list is translated, so one ETag may serve every language: a translated
    field would have to become part of the ETag first."""
    key = init_download(owner, "a.csv").key
    save_download(key, [[1]])
    answers = []
    for language in ("en", "de", "fr"):
        with translation.override(language):
            response = owner_client.get(list_url())
        answers.append((response["ETag"], response.content))
    assert answers[0] == answers[1] == answers[2]
