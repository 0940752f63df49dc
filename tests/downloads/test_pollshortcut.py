"""``DlwidgetMiddleware``'s 304 shortcut: which polls it answers itself, and that everything else
reaches Django untouched."""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from django.conf import settings
from django.contrib.auth import HASH_SESSION_KEY
from django.contrib.auth.decorators import user_passes_test
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.db import OperationalError, connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import path, reverse
from django.utils.module_loading import import_string

from django_dlwidget import init_download
from django_dlwidget.asgi import DlwidgetMiddleware
from django_dlwidget.downloads import pollshortcut
from django_dlwidget.downloads.pollshortcut import unchanged_etag
from django_dlwidget.urls import LIST_VIEW

pytestmark = pytest.mark.django_db(transaction=True)

LIST = "/dlwidget/downloads/"


class Inner:
    """The wrapped application: records what reached it, answers 200."""

    def __init__(self) -> None:
        self.scopes: list[dict[str, Any]] = []

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        self.scopes.append(scope)
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"django"})


def call(
    inner: Inner,
    *,
    cookie: str | None,
    etag: str | None,
    method: str = "GET",
    path: str = LIST,
    root_path: str = "",
    headers: list[tuple[bytes, bytes]] | None = None,
    host: str | None = "testserver",
    scheme: str = "http",
) -> tuple[int, dict[bytes, bytes], bytes]:
    """One request through the wrapper: its status, headers and body."""
    headers = list(headers or [])
    if host is not None:
        headers.append((b"host", host.encode()))
    if cookie is not None:
        headers.append((b"cookie", cookie.encode()))
    if etag is not None:
        headers.append((b"if-none-match", etag.encode()))
    scope = {
        "type": "http",
        "method": method,
        "path": path,
        "root_path": root_path,
        "scheme": scheme,
        "headers": headers,
        "query_string": b"",
    }
    sent: list[MutableMapping[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: MutableMapping[str, Any]) -> None:
        sent.append(message)

    async_to_sync(DlwidgetMiddleware(inner))(scope, receive, send)
    start, body = sent[0], sent[1]
    return start["status"], dict(start["headers"]), body["body"]


@pytest.fixture
def cookie(owner_client: Client) -> str:
    name = settings.SESSION_COOKIE_NAME
    return f"{name}={owner_client.cookies[name].value}"


@pytest.fixture
def etag(owner_client: Client, owner: User) -> str:
    init_download(owner, "a.csv")
    response = owner_client.get(reverse("dlwidget:download-list"))
    assert response.status_code == 200
    return str(response["ETag"])


@pytest.fixture
def inner() -> Inner:
    return Inner()


def answered_by_django(inner: Inner, **request: Any) -> bool:
    status, _, body = call(inner, **request)
    return status == 200 and body == b"django" and len(inner.scopes) == 1


@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_an_unchanged_list_is_answered_304_without_django(
    inner: Inner, cookie: str, etag: str, method: str
) -> None:
    status, headers, body = call(inner, cookie=f"csrftoken=x; {cookie}", etag=etag, method=method)
    assert (status, body, inner.scopes) == (304, b"", [])
    assert headers == {
        b"etag": etag.encode(),
        b"cache-control": b"private, no-cache",
        b"vary": b"Cookie",
    }


def test_the_304_carries_what_the_view_sends(
    inner: Inner, cookie: str, owner_client: Client, etag: str
) -> None:
    response = owner_client.get(reverse("dlwidget:download-list"), HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    _, headers, _ = call(inner, cookie=cookie, etag=etag)
    assert headers == {
        b"etag": response["ETag"].encode(),
        b"cache-control": response["Cache-Control"].encode(),
        b"vary": response["Vary"].encode(),
    }


def test_cookies_and_etags_in_repeated_headers(inner: Inner, cookie: str, etag: str) -> None:
    """HTTP/2 sends each cookie in a header of its own; a list of ETags may come in several."""
    headers = [
        (b"cookie", b"csrftoken=x"),
        (b"Cookie", cookie.encode()),
        (b"if-none-match", b'"other"'),
        (b"if-none-match", etag.encode()),
    ]
    status, _, _ = call(inner, cookie=None, etag=None, headers=headers)
    assert (status, inner.scopes) == (304, [])


def test_under_a_root_path_and_with_a_weak_etag(inner: Inner, cookie: str, etag: str) -> None:
    weak = f"W/{etag}"
    status, _, _ = call(inner, cookie=cookie, etag=weak, path=f"/app{LIST}", root_path="/app")
    assert (status, inner.scopes) == (304, [])


def test_a_changed_list_goes_to_django(inner: Inner, cookie: str, etag: str, owner: User) -> None:
    init_download(owner, "b.csv")
    assert answered_by_django(inner, cookie=cookie, etag=etag)


@pytest.mark.parametrize(
    "request_args",
    [
        {"etag": None},
        {"cookie": None},
        {"cookie": "csrftoken=x"},
        {"cookie": f"{settings.SESSION_COOKIE_NAME}=no-such-session"},
        {"etag": '"other"'},
        {"etag": "*"},  # matches any list: it shows no knowledge of this user's ETag
        {"host": None},
        {"host": "evil.example"},  # Django answers 400 (ALLOWED_HOSTS)
        {"method": "POST"},
        {"method": "DELETE"},
        {"path": "/dlwidget/downloads/all/"},
        {"path": "/elsewhere/"},
    ],
)
def test_other_requests_go_to_django(
    inner: Inner, cookie: str, etag: str, request_args: dict[str, Any]
) -> None:
    assert answered_by_django(inner, **{"cookie": cookie, "etag": etag, **request_args})


def test_a_logged_out_session_goes_to_django(
    inner: Inner, cookie: str, etag: str, owner_client: Client
) -> None:
    owner_client.logout()
    assert answered_by_django(inner, cookie=cookie, etag=etag)


def test_an_inactive_user_goes_to_django(inner: Inner, cookie: str, etag: str, owner: User) -> None:
    User.objects.filter(pk=owner.pk).update(is_active=False)
    assert answered_by_django(inner, cookie=cookie, etag=etag)


def test_after_a_password_change_the_session_is_left_to_django(
    inner: Inner, cookie: str, etag: str, owner: User
) -> None:
    owner.set_password("changed")
    owner.save()
    assert answered_by_django(inner, cookie=cookie, etag=etag)
    # The shortcut wrote nothing: flushing the stale session is Django's, on its own path.
    assert Session.objects.count() == 1


def test_a_session_of_an_unlisted_backend_goes_to_django(
    inner: Inner, cookie: str, etag: str
) -> None:
    backends = ["django.contrib.auth.backends.AllowAllUsersModelBackend"]
    with override_settings(AUTHENTICATION_BACKENDS=backends):
        assert answered_by_django(inner, cookie=cookie, etag=etag)


@pytest.mark.parametrize(
    "overrides",
    [
        {"DLWIDGET": {"POLL_FAST_PATH": False}},
        {"SESSION_SAVE_EVERY_REQUEST": True},
        {"MIDDLEWARE": [m for m in settings.MIDDLEWARE if "AuthenticationMiddleware" not in m]},
        {
            "MIDDLEWARE": [
                *settings.MIDDLEWARE,
                "django.contrib.auth.middleware.RemoteUserMiddleware",
            ]
        },
    ],
)
def test_the_shortcut_is_off_where_it_would_skip_what_the_host_needs(
    inner: Inner, cookie: str, etag: str, overrides: dict[str, Any]
) -> None:
    with override_settings(**overrides):
        assert answered_by_django(inner, cookie=cookie, etag=etag)


def test_a_database_error_goes_to_django(
    inner: Inner, cookie: str, etag: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def down(owner_id: Any) -> int:
        raise OperationalError("the database is down")

    monkeypatch.setattr(pollshortcut, "get_version", down)
    assert answered_by_django(inner, cookie=cookie, etag=etag)


def test_an_unexpected_error_goes_to_django_and_is_logged(
    inner: Inner, cookie: str, etag: str, monkeypatch: pytest.MonkeyPatch, caplog: Any
) -> None:
    def broken(owner_id: Any) -> int:
        raise RuntimeError("a bug")

    monkeypatch.setattr(pollshortcut, "get_version", broken)
    assert answered_by_django(inner, cookie=cookie, etag=etag)
    assert "list poll shortcut failed" in caplog.text


def test_the_304_costs_the_session_and_user_reads_only(owner_client: Client, etag: str) -> None:
    key = owner_client.cookies[settings.SESSION_COOKIE_NAME].value
    with CaptureQueriesContext(connection) as queries:
        assert unchanged_etag(key, etag) == etag
    tables = [query["sql"].split(" FROM ")[1].split()[0].strip('"') for query in queries]
    assert tables == ["django_session", "auth_user"]


def test_under_force_script_name(inner: Inner, cookie: str, etag: str) -> None:
    with override_settings(FORCE_SCRIPT_NAME="/app"):
        status, _, _ = call(inner, cookie=cookie, etag=etag, path=f"/app{LIST}")
    assert (status, inner.scopes) == (304, [])


def test_plain_http_under_ssl_redirect_goes_to_django(inner: Inner, cookie: str, etag: str) -> None:
    with override_settings(SECURE_SSL_REDIRECT=True):
        assert answered_by_django(inner, cookie=cookie, etag=etag)
        status, _, _ = call(Inner(), cookie=cookie, etag=etag, scheme="https")
    assert status == 304


def test_a_forwarded_host_counts_only_when_the_site_trusts_it(
    inner: Inner, cookie: str, etag: str
) -> None:
    forwarded = [(b"x-forwarded-host", b"evil.example")]
    status, _, _ = call(inner, cookie=cookie, etag=etag, headers=forwarded)
    assert status == 304  # ignored, as Django ignores it
    with override_settings(USE_X_FORWARDED_HOST=True):
        assert answered_by_django(inner, cookie=cookie, etag=etag, headers=forwarded)


def test_another_users_session_with_the_owners_etag_goes_to_django(inner: Inner, etag: str) -> None:
    other = Client()
    other.force_login(User.objects.create_user("other", password="pw-other"))
    name = settings.SESSION_COOKIE_NAME
    assert answered_by_django(inner, cookie=f"{name}={other.cookies[name].value}", etag=etag)


def test_a_session_without_its_hash_goes_to_django(
    inner: Inner, cookie: str, etag: str, owner_client: Client
) -> None:
    session = owner_client.session
    del session[HASH_SESSION_KEY]
    session.save()
    assert answered_by_django(inner, cookie=cookie, etag=etag)


def test_a_session_of_a_fallback_secret_key_is_left_to_django_to_rekey(
    inner: Inner, cookie: str, etag: str
) -> None:
    """Logged in under the old key: Django re-keys the session (a write); the shortcut must not
    answer for it, nor change it."""
    old, new = settings.SECRET_KEY, "a-newer-secret-key-" + "y" * 40
    before = set(Session.objects.values_list("session_key", "session_data"))
    with override_settings(SECRET_KEY=new, SECRET_KEY_FALLBACKS=[old]):
        assert answered_by_django(inner, cookie=cookie, etag=etag)
    assert set(Session.objects.values_list("session_key", "session_data")) == before


def test_the_projects_decorators_around_the_list_are_not_skipped(
    inner: Inner, cookie: str, etag: str
) -> None:
    """A project that routes the list under a check of its own (staff only, here) keeps it:
    the shortcut answers only for the list as this package routes it."""
    with override_settings(ROOT_URLCONF="tests.downloads.test_pollshortcut"):
        assert answered_by_django(inner, cookie=cookie, etag=etag, path="/staff/downloads/")


def test_a_broken_urlconf_goes_to_django_and_is_logged(
    inner: Inner, cookie: str, etag: str, caplog: Any
) -> None:
    with override_settings(ROOT_URLCONF="tests.no_such_urlconf"):
        assert answered_by_django(inner, cookie=cookie, etag=etag)
    assert "list poll shortcut failed" in caplog.text


urlpatterns = [
    path(
        "staff/downloads/",
        user_passes_test(lambda user: user.is_staff)(LIST_VIEW),
    ),
]


def test_a_request_that_is_no_poll_is_passed_on_before_any_settings_work(
    inner: Inner, cookie: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    looked: list[bool] = []
    real = pollshortcut.enabled

    def counted() -> bool:
        looked.append(True)
        return real()

    monkeypatch.setattr(pollshortcut, "enabled", counted)
    assert answered_by_django(inner, cookie=cookie, etag=None)
    assert answered_by_django(Inner(), cookie=None, etag='"x"')
    assert looked == []


def test_the_middleware_classes_are_imported_once_per_list(
    inner: Inner, cookie: str, etag: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    imported: list[str] = []

    def counted(path: str) -> Any:
        imported.append(path)
        return import_string(path)

    pollshortcut._middleware_classes.cache_clear()
    monkeypatch.setattr("django_dlwidget.downloads.pollshortcut.import_string", counted)
    for _ in range(3):
        assert call(Inner(), cookie=cookie, etag=etag)[0] == 304
    assert sorted(imported) == sorted(settings.MIDDLEWARE)
    # A changed list is seen: the RemoteUserMiddleware added here turns the shortcut off.
    remote = "django.contrib.auth.middleware.RemoteUserMiddleware"
    with override_settings(MIDDLEWARE=[*settings.MIDDLEWARE, remote]):
        assert answered_by_django(inner, cookie=cookie, etag=etag)
    assert imported.count(remote) == 1
