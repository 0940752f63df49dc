"""The live modes against the project (``django_dlwidget.live.checks``)."""

from __future__ import annotations

import ast
from typing import Any

import pytest
from django.test import override_settings

from django_dlwidget.downloads import checks as download_checks
from django_dlwidget.live.checks import (
    check_channel_layers,
    check_version_cache,
    check_ws_mode,
    default_socket_timeout,
)
from django_dlwidget.live.layer_checks import (
    SHARED_LAYER_HINT,
    check_in_memory_layer,
    check_layer_reaches_sockets,
    check_per_process_cache,
    check_websocket_library,
)

REDIS = "channels_redis.core.RedisChannelLayer"
# A shared cache (the check only reads the backend's name; nothing connects).
SHARED_CACHE = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache"}}
LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
IN_MEMORY = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
# Runs the jobs in a db_worker process.
WORKER = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
THREADS = {"default": {"BACKEND": "django_dlwidget.task_backends.ThreadPoolBackend"}}
IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def ids(settings: Any, layer: dict[str, Any]) -> list[str]:
    settings.CHANNEL_LAYERS = {"default": layer}
    return [message.id or "" for message in check_channel_layers()]


def setting_ids(**dlwidget: Any) -> list[str]:
    with override_settings(DLWIDGET=dlwidget):
        return [str(m.id) for check in (check_ws_mode, check_version_cache) for m in check()]


def test_ws_mode_needs_a_channel_layer() -> None:
    with override_settings(CHANNEL_LAYERS={}, CACHES=SHARED_CACHE):
        assert setting_ids(MODE="ws") == ["django_dlwidget.E004"]
        assert setting_ids(MODE="auto") == ["django_dlwidget.W004"]
        assert setting_ids(MODE="poll") == []
        assert setting_ids(MODE="smoke") == []  # E003's
    with override_settings(CACHES=SHARED_CACHE):
        assert setting_ids(MODE="ws") == []
        assert setting_ids(MODE="auto") == []


def test_auto_without_a_layer_says_the_page_polls() -> None:
    with override_settings(CHANNEL_LAYERS={}, DLWIDGET={"MODE": "auto"}):
        (message,) = check_ws_mode()
    assert message.id == "django_dlwidget.W004"  # a warning: the page works, by polling
    assert message.msg == (
        "DLWIDGET['MODE'] is 'auto' but no channel layer is configured: "
        "each socket is closed (code 4503) and the page polls."
    )
    assert "CHANNEL_LAYERS" in str(message.hint)
    assert "'poll'" in str(message.hint)


def test_cache_must_be_an_alias() -> None:
    with override_settings(CACHES=SHARED_CACHE):
        assert setting_ids(CACHE="nope") == ["django_dlwidget.E008"]
        assert setting_ids(CACHE=3) == []  # E013's
        assert setting_ids() == []


BGFILES = "django_dlwidget.compat.bgfiles"


@pytest.fixture
def without_bgfiles(settings: Any) -> None:
    """The test project installs the bgfiles drop-in, whose command runs jobs itself."""
    settings.INSTALLED_APPS = [app for app in settings.INSTALLED_APPS if app != BGFILES]


@pytest.mark.usefixtures("without_bgfiles")
@pytest.mark.parametrize("tasks", [THREADS, IMMEDIATE, {}])
def test_a_per_process_cache_is_quiet_when_the_jobs_run_in_this_process(
    tasks: dict[str, Any],
) -> None:
    """The README's development setup: LocMem, the in-memory layer, ThreadPoolBackend."""
    with override_settings(CACHES=LOCMEM, TASKS=tasks):
        assert setting_ids() == []


def test_a_per_process_cache_with_a_worker_process_is_an_error() -> None:
    with override_settings(CACHES=LOCMEM, TASKS=WORKER):
        assert setting_ids() == ["django_dlwidget.E050"]
        (message,) = check_version_cache()
    assert message.msg == (
        "DLWIDGET['CACHE'] ('default') is a per-process cache, but TASKS['default'] "
        "(django_tasks_db.DatabaseBackend) runs the jobs in another process: their progress "
        "never reaches this process's list and items stay 'Pending'."
    )
    assert str(message.hint).startswith("Point DLWIDGET['CACHE'] at a cache every process shares")


def test_a_shared_cache_with_a_worker_process_passes() -> None:
    with override_settings(CACHES=SHARED_CACHE, TASKS=WORKER):
        assert setting_ids() == []


def test_a_per_process_cache_warns_when_bgfiles_may_run_jobs() -> None:
    with override_settings(CACHES=LOCMEM, TASKS=THREADS):
        assert setting_ids() == ["django_dlwidget.W001"]
        (message,) = check_version_cache()
    assert message.msg == (
        "DLWIDGET['CACHE'] ('default') is a per-process cache, and "
        "django_dlwidget.compat.bgfiles runs jobs in its own command's process."
    )


@pytest.mark.usefixtures("without_bgfiles")
def test_an_unimportable_task_backend_is_left_to_the_framework() -> None:
    with override_settings(CACHES=LOCMEM, TASKS={"default": {"BACKEND": "nowhere.Backend"}}):
        assert setting_ids() == []


def layer_ids(**dlwidget: Any) -> list[str]:
    with override_settings(DLWIDGET=dlwidget):
        return [str(m.id) for m in check_layer_reaches_sockets()]


def test_the_in_memory_layer_with_a_worker_process_is_an_error() -> None:
    with override_settings(CHANNEL_LAYERS=IN_MEMORY, TASKS=WORKER):
        assert layer_ids() == ["django_dlwidget.E051"]
        assert layer_ids(MODE="ws") == ["django_dlwidget.E051"]
        assert layer_ids(MODE="poll") == []  # no socket listens
        (message,) = check_layer_reaches_sockets()
    assert "runs the jobs in another process" in message.msg
    assert "channels_redis" in str(message.hint)


@pytest.mark.parametrize("tasks", [THREADS, IMMEDIATE])
def test_the_in_memory_layer_with_in_process_jobs_passes(tasks: dict[str, Any]) -> None:
    with override_settings(CHANNEL_LAYERS=IN_MEMORY, TASKS=tasks):
        assert layer_ids() == []
    with override_settings(CHANNEL_LAYERS={"default": {"BACKEND": REDIS}}, TASKS=WORKER):
        assert layer_ids() == []


def installed(monkeypatch: pytest.MonkeyPatch, *names: str) -> None:
    """Only ``names`` are importable, as the WebSocket check sees it."""
    monkeypatch.setattr(
        "django_dlwidget.live.layer_checks.importable",
        lambda name: name in names,
    )


def test_uvicorn_without_a_websocket_library_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    installed(monkeypatch, "uvicorn")
    for mode in ("ws", "auto"):
        with override_settings(DLWIDGET={"MODE": mode}):
            (message,) = check_websocket_library()
        assert message.id == "django_dlwidget.E052"
        assert message.msg == (
            f"DLWIDGET['MODE'] is {mode!r} but uvicorn has no WebSocket library: it cannot "
            "accept the download centre's sockets."
        )
        assert message.hint == (
            "Install websockets or wsproto (pip install 'uvicorn[standard]'), "
            "or set DLWIDGET['MODE'] to 'poll'."
        )
    with override_settings(DLWIDGET={"MODE": "poll"}):
        assert check_websocket_library() == []


@pytest.mark.parametrize(
    "names",
    [
        ("uvicorn", "websockets"),
        ("uvicorn", "wsproto"),
        ("uvicorn", "daphne"),  # daphne may be the server, with its own
        ("hypercorn",),
        (),
    ],
)
def test_a_websocket_capable_server_passes(
    monkeypatch: pytest.MonkeyPatch, names: tuple[str, ...]
) -> None:
    installed(monkeypatch, *names)
    assert check_websocket_library() == []


def test_this_environment_has_a_websocket_library() -> None:
    """uvicorn[standard] in the dev requirements: the real lookup finds websockets."""
    pytest.importorskip("websockets")
    assert check_websocket_library() == []


def deploy_ids() -> list[str]:
    checks = (
        check_in_memory_layer,
        check_per_process_cache,
        download_checks.check_in_process_tasks,
    )
    return [str(m.id) for check in checks for m in check()]


def test_deploy_flags_each_development_piece() -> None:
    with override_settings(CACHES=LOCMEM, CHANNEL_LAYERS=IN_MEMORY, TASKS=THREADS):
        assert deploy_ids() == [
            "django_dlwidget.W051",
            "django_dlwidget.W052",
            "django_dlwidget.W060",
        ]
        (tasks,) = download_checks.check_in_process_tasks()
    assert tasks.msg == (
        "TASKS['default'] (django_dlwidget.task_backends.ThreadPoolBackend) runs tasks inside "
        "the web process: a development setup."
    )
    assert "db_worker" in str(tasks.hint)


def test_deploy_passes_a_production_setup() -> None:
    with override_settings(
        CACHES=SHARED_CACHE, CHANNEL_LAYERS={"default": {"BACKEND": REDIS}}, TASKS=WORKER
    ):
        assert deploy_ids() == []
    with override_settings(CACHES=LOCMEM, CHANNEL_LAYERS=IN_MEMORY, DLWIDGET={"MODE": "poll"}):
        assert "django_dlwidget.W051" not in deploy_ids()  # no socket uses the layer


def test_not_a_dict_stands_down() -> None:
    with override_settings(CACHES=LOCMEM, CHANNEL_LAYERS={}, DLWIDGET=[("MODE", "ws")]):
        assert [m for check in (check_ws_mode, check_version_cache) for m in check()] == []


@pytest.mark.parametrize(
    "hosts",
    [
        [{"address": "redis://127.0.0.1:6379/0", "socket_timeout": 5}],
        [{"address": "redis://127.0.0.1:6379/0", "socket_timeout": 2.5}],
    ],
)
def test_a_read_timeout_within_the_blocking_receive_warns(settings: Any, hosts: Any) -> None:
    assert ids(settings, {"BACKEND": REDIS, "CONFIG": {"hosts": hosts}}) == ["django_dlwidget.W050"]


@pytest.mark.parametrize(
    "hosts",
    [
        [{"address": "redis://127.0.0.1:6379/0", "socket_timeout": 15}],
        [{"address": "redis://127.0.0.1:6379/0", "socket_timeout": None}],
    ],
)
def test_a_longer_or_no_read_timeout_passes(settings: Any, hosts: Any) -> None:
    assert ids(settings, {"BACKEND": REDIS, "CONFIG": {"hosts": hosts}}) == []


def test_plain_hosts_follow_redis_pys_default(settings: Any) -> None:
    layer = {"BACKEND": REDIS, "CONFIG": {"hosts": ["redis://127.0.0.1:6379/0"]}}
    default = default_socket_timeout()
    expected = ["django_dlwidget.W050"] if default is not None and default <= 5 else []
    assert ids(settings, layer) == expected


def test_other_layers_are_not_checked(settings: Any) -> None:
    assert ids(settings, {"BACKEND": "channels.layers.InMemoryChannelLayer"}) == []


def test_the_shared_layer_hint_pastes_into_a_setting_that_passes_w050(settings: Any) -> None:
    """The E051/W051 hint's CHANNEL_LAYERS, pasted as written, raises no other warning."""
    written = SHARED_LAYER_HINT.split("CHANNEL_LAYERS = ", 1)[1].rsplit(" (", 1)[0]
    layers = ast.literal_eval(written)
    assert layers["default"]["BACKEND"] == REDIS
    settings.CHANNEL_LAYERS = layers
    assert [message.id for message in check_channel_layers()] == []
