from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from django_dlwidget import init_download, save_download, update_percentage
from django_dlwidget.models import Download, DownloadStatus

pytestmark = pytest.mark.django_db(transaction=True)


def list_url() -> str:
    return reverse("dlwidget:download-list")


def detail_url(key: object) -> str:
    return reverse("dlwidget:download-detail", args=[key])


def cancel_url(key: object) -> str:
    return reverse("dlwidget:download-cancel", args=[key])


def csrf_client(user: User | None) -> Client:
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)
    return client


def with_token(client: Client) -> dict[str, str]:
    """A real CSRF cookie and the matching header, as the front end sends them."""
    from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
    from django.utils.crypto import get_random_string

    secret = get_random_string(CSRF_SECRET_LENGTH, CSRF_ALLOWED_CHARS)
    client.cookies["csrftoken"] = secret
    return {"X-CSRFToken": secret}


# (who, csrf token?) -> expected status, for every endpoint and method.
Requester = Callable[[Client, uuid.UUID, dict[str, str]], int]
ENDPOINTS: dict[str, Requester] = {
    "list GET": lambda c, k, h: c.get(list_url(), headers=h).status_code,
    "detail GET": lambda c, k, h: c.get(detail_url(k), headers=h).status_code,
    "detail DELETE": lambda c, k, h: c.delete(detail_url(k), headers=h).status_code,
    "cancel POST": lambda c, k, h: c.post(cancel_url(k), headers=h).status_code,
}
EXPECTED = {
    # endpoint: (owner with token, owner without token, other user with token, anonymous)
    "list GET": (200, 200, 200, 403),
    "detail GET": (200, 200, 404, 403),
    "detail DELETE": (204, 403, 404, 403),
    "cancel POST": (202, 403, 404, 403),
}


@pytest.mark.parametrize("endpoint", sorted(ENDPOINTS))
@pytest.mark.parametrize("who", ["owner", "owner-no-csrf", "other", "anonymous"])
def test_access_matrix(endpoint: str, who: str, owner: User, other: User) -> None:
    download = init_download(owner, "secret.csv")
    user = {"owner": owner, "owner-no-csrf": owner, "other": other, "anonymous": None}[who]
    client = csrf_client(user)
    headers = with_token(client) if who != "owner-no-csrf" else {}
    column = ["owner", "owner-no-csrf", "other", "anonymous"].index(who)
    expected = EXPECTED[endpoint][column]
    response_status = ENDPOINTS[endpoint](client, download.key, headers)
    assert response_status == expected
    row = Download.objects.filter(key=download.key).first()
    if who != "owner" or endpoint in ("list GET", "detail GET"):
        # Nobody but the owner, with a valid token, changed anything.
        assert row is not None
        assert row.status == DownloadStatus.PENDING
    if who == "other" and endpoint == "list GET":
        assert csrf_client(other).get(list_url()).json()["downloads"] == []


@pytest.mark.parametrize(
    ("method", "url_name"),
    [
        ("post", "list"),
        ("put", "detail"),
        ("patch", "detail"),
        ("get", "cancel"),
        ("delete", "list"),
    ],
)
def test_wrong_method_is_json_405(
    owner_client: Client, owner: User, method: str, url_name: str
) -> None:
    key = init_download(owner, "a.csv").key
    url = {"list": list_url(), "detail": detail_url(key), "cancel": cancel_url(key)}[url_name]
    response = getattr(owner_client, method)(url)
    assert response.status_code == 405
    assert response.json()["error"] == "method_not_allowed"
    assert response["Allow"]


def test_errors_are_json(owner_client: Client, other: User) -> None:
    for response in (
        owner_client.get(detail_url(uuid.uuid4())),
        Client().get(list_url()),
        csrf_client(other).post(cancel_url(uuid.uuid4())),
    ):
        assert response["Content-Type"] == "application/json"
        assert set(response.json()) == {"error", "detail"}
    assert owner_client.get("/dlwidget/downloads/not-a-uuid/").status_code == 404


def test_list_shape_order_and_limit(
    owner_client: Client, owner: User, other: User, settings: object
) -> None:
    keys = [init_download(owner, f"{i}.csv").key for i in range(4)]
    init_download(other, "theirs.csv")
    response = owner_client.get(list_url())
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("private")
    assert "Cookie" in response["Vary"]
    body = response.json()
    assert isinstance(body["version"], int)
    assert [d["key"] for d in body["downloads"]] == [str(k) for k in reversed(keys)]
    assert set(body["downloads"][0]) == {
        "key", "name", "description", "filename", "status", "progress", "error", "size",
        "content_type", "url", "created", "updated", "finished", "expires",
    }  # fmt: skip
    settings.DLWIDGET = {"LIST_LIMIT": 2}  # type: ignore[attr-defined]
    assert len(owner_client.get(list_url()).json()["downloads"]) == 2


def test_ready_download_has_url(owner_client: Client, owner: User, media: Path) -> None:
    download = save_download(init_download(owner, "a.csv").key, [[1]])
    item = owner_client.get(detail_url(download.key)).json()
    assert item["status"] == "ready"
    assert item["url"] == reverse("dlwidget:download-file", args=[download.key])


def test_304_without_touching_download_tables(owner_client: Client, owner: User) -> None:
    init_download(owner, "a.csv")
    first = owner_client.get(list_url())
    etag = first["ETag"]
    with CaptureQueriesContext(connection) as queries:
        again = owner_client.get(list_url(), HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again["ETag"] == etag
    assert again["Cache-Control"].startswith("private")
    assert not [q for q in queries.captured_queries if "dlwidget" in q["sql"]]


def test_etag_changes_with_state(owner_client: Client, owner: User) -> None:
    key = init_download(owner, "a.csv").key
    etag = owner_client.get(list_url())["ETag"]
    update_percentage(key, 10, 5)
    response = owner_client.get(list_url(), HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response["ETag"] != etag
    assert response.json()["downloads"][0]["progress"] == 50


def test_cache_flush_never_freezes_a_client(owner_client: Client, owner: User) -> None:
    key = init_download(owner, "a.csv").key
    first = owner_client.get(list_url())
    cache.clear()  # the version is gone ...
    update_percentage(key, 10, 5)  # ... and then the state changes
    response = owner_client.get(list_url(), HTTP_IF_NONE_MATCH=first["ETag"])
    assert response.status_code == 200
    assert response.json()["version"] > first.json()["version"]
    cache.clear()  # a flush alone also moves the version forward
    third = owner_client.get(list_url(), HTTP_IF_NONE_MATCH=response["ETag"])
    assert third.status_code == 200


def test_etag_is_per_user(owner: User, other: User) -> None:
    a, b = csrf_client(owner), csrf_client(other)
    etag = a.get(list_url())["ETag"]
    assert b.get(list_url(), HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_delete_cancels_running_job_and_removes_file(
    owner_client: Client, owner: User, media: Path
) -> None:
    running = init_download(owner, "a.csv")
    update_percentage(running.key, 10, 1)
    assert owner_client.delete(detail_url(running.key)).status_code == 204
    assert not Download.objects.filter(key=running.key).exists()
    ready = save_download(init_download(owner, "b.csv").key, [[1]])
    path = media / str(ready.file.name)
    assert path.exists()
    assert owner_client.delete(detail_url(ready.key)).status_code == 204
    assert not path.exists()
    assert owner_client.delete(detail_url(ready.key)).status_code == 404


def test_cancel(owner_client: Client, owner: User) -> None:
    key = init_download(owner, "a.csv").key
    response = owner_client.post(cancel_url(key))
    assert response.status_code == 202
    assert response.json()["status"] == "cancelled"
    again = owner_client.post(cancel_url(key))
    assert again.status_code == 409
    assert again.json()["error"] == "already_finished"
    assert owner_client.post(cancel_url(uuid.uuid4())).status_code == 404


def test_csrf_refusal_is_json(owner: User) -> None:
    key = init_download(owner, "a.csv").key
    client = csrf_client(owner)
    for response in (client.delete(detail_url(key)), client.post(cancel_url(key))):
        assert response.status_code == 403
        assert response.json()["error"] == "csrf_failed"
