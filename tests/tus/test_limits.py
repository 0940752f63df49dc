"""The caps on upload bodies written at once: per process and per user (429 + Retry-After),
and the system check of their values (issue 13, finding 1)."""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta
from pathlib import Path

import django.db
import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client
from django.test.utils import override_settings
from django.utils import timezone

from django_dlwidget.models import Upload
from django_dlwidget.tus import asgi, limits
from django_dlwidget.tus import bridge as bridge_module
from django_dlwidget.tus.checks import check_concurrency_caps

from .conftest import LIST_URL, OCTET, TUS, create, error_code, head, patch, upload_id_of

pytestmark = pytest.mark.django_db


def cap(**values: int) -> override_settings:
    return override_settings(DLWIDGET={**getattr(settings, "DLWIDGET", {}), **values})


def hold_lease(upload_id: uuid.UUID) -> None:
    """As if another request were writing that upload right now."""
    Upload.objects.filter(pk=upload_id).update(
        lease_token="f" * 32, lease_expires=timezone.now() + timedelta(seconds=30)
    )


def test_a_full_process_answers_429_and_keeps_the_upload(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = create(client, 6)["Location"]
    with cap(UPLOAD_MAX_CONCURRENT_PER_PROCESS=2):
        monkeypatch.setattr(limits, "_writing", 2)  # two bodies being written already
        response = patch(client, url, b"abc")
        monkeypatch.setattr(limits, "_writing", 1)
        assert patch(client, url, b"abc").status_code == 204
    assert response.status_code == 429
    assert error_code(response) == "too_many_at_once"
    assert response["Retry-After"] == "5"
    assert response["Tus-Resumable"] == "1.0.0"
    assert head(client, url)["Upload-Offset"] == "3"


def test_the_process_slot_is_given_back_after_success_and_failure(client: Client) -> None:
    url = create(client, 3)["Location"]
    assert patch(client, url, b"abcdef").status_code == 413  # past the end: refused
    assert limits.writing_now() == 0
    assert patch(client, url, b"abc").status_code == 204
    assert limits.writing_now() == 0


def test_a_user_with_live_writers_at_the_cap_gets_429(client: Client, user: User) -> None:
    busy = [upload_id_of(create(client, 6)["Location"]) for _ in range(2)]
    url = create(client, 6)["Location"]
    for upload_id in busy:
        hold_lease(upload_id)
    with cap(UPLOAD_MAX_CONCURRENT_PER_USER=2):
        response = patch(client, url, b"abc")
        assert response.status_code == 429
        assert error_code(response) == "too_many_at_once"
        assert response["Retry-After"] == "5"
        # The refused request gave its lease back: the client may retry at once.
        assert Upload.objects.get(pk=upload_id_of(url)).lease_token == ""
        # An expired lease is a dead writer's: it no longer counts.
        Upload.objects.filter(pk=busy[0]).update(
            lease_expires=timezone.now() - timedelta(seconds=1)
        )
        assert patch(client, url, b"abc").status_code == 204


def test_other_users_writers_do_not_count(client: Client, tus_dir: Path) -> None:
    other = Client()
    other.force_login(User.objects.create_user("bob", password="pw"))
    for _ in range(2):
        hold_lease(upload_id_of(create(other, 6)["Location"]))
    url = create(client, 6)["Location"]
    with cap(UPLOAD_MAX_CONCURRENT_PER_USER=1):
        assert patch(client, url, b"abc").status_code == 204


def test_a_creation_with_upload_past_the_cap_creates_without_the_body(client: Client) -> None:
    hold_lease(upload_id_of(create(client, 6)["Location"]))
    with cap(UPLOAD_MAX_CONCURRENT_PER_USER=1):
        response = client.generic(
            "POST",
            LIST_URL,
            b"abc",
            content_type=OCTET,
            headers={**TUS, "Upload-Length": "6", "Content-Type": OCTET},
        )
        # Created (no upload left behind unknown to the client), the body not taken: the
        # client PATCHes it, and is told to retry while the user is at the cap.
        assert response.status_code == 201
        assert response["Upload-Offset"] == "0"
        url = response["Location"]
        assert patch(client, url, b"abc").status_code == 429
    assert patch(client, url, b"abc").status_code == 204


@pytest.mark.parametrize(
    ("per_user", "per_process", "ids"),
    [(4, 64, []), (64, 64, []), (65, 64, ["django_dlwidget.W042"]), (0, 64, [])],
)
def test_a_per_user_cap_above_the_process_cap_warns(
    per_user: int, per_process: int, ids: list[str]
) -> None:
    values = {
        "UPLOAD_MAX_CONCURRENT_PER_USER": per_user,
        "UPLOAD_MAX_CONCURRENT_PER_PROCESS": per_process,
    }
    with override_settings(DLWIDGET=values):
        assert [message.id for message in check_concurrency_caps()] == ids


class FakeConnection:
    def __init__(self, *, in_atomic_block: bool, open_: bool = True) -> None:
        self.in_atomic_block = in_atomic_block
        self.connection: object | None = object() if open_ else None
        self.closed = False

    def close(self) -> None:
        self.closed = True


def test_release_connections_closes_those_outside_a_transaction(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    idle = FakeConnection(in_atomic_block=False)
    atomic = FakeConnection(in_atomic_block=True)
    unopened = FakeConnection(in_atomic_block=False, open_=False)
    monkeypatch.setattr(
        django.db.connections, "all", lambda initialized_only=False: [idle, atomic, unopened]
    )
    limits.release_connections()
    assert (idle.closed, atomic.closed, unopened.closed) == (True, False, False)


def test_the_asgi_wrapper_gives_the_bridge_the_limits(monkeypatch: pytest.MonkeyPatch) -> None:

    made: list[dict[str, object]] = []
    real = bridge_module.BodyBridge

    def bridge(loop: asyncio.AbstractEventLoop, **kwargs: object) -> bridge_module.BodyBridge:
        made.append(kwargs)
        return real(loop, **kwargs)  # type: ignore[arg-type]

    async def app(scope: object, receive: object, send: object) -> None:
        return None

    async def receive() -> dict[str, object]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: object) -> None:
        return None

    monkeypatch.setattr(asgi, "BodyBridge", bridge)
    scope = {"type": "http", "method": "PATCH", "path": f"/dlwidget/uploads/{uuid.uuid4()}/"}
    with cap(UPLOAD_IDLE_TIMEOUT=7, UPLOAD_MIN_RATE=300):
        asyncio.run(asgi.TusUploadMiddleware(app)(scope, receive, send))
    assert made == [{"idle_timeout": 7.0, "min_rate": 300, "on_wait": limits.release_connections}]


def test_wsgi_bodies_give_back_the_connection_before_each_read(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []
    monkeypatch.setattr(limits, "release_connections", lambda: calls.append(1))
    url = create(client, 3)["Location"]
    assert patch(client, url, b"abc").status_code == 204
    assert calls  # before the blocking read of the body (and again at its end)
