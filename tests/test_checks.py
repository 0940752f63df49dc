"""The value checks generated from the settings schema (``django_dlwidget.checks``)."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings

from django_dlwidget.checks import check_settings
from django_dlwidget.conf import SCHEMA

ROOT = Path(__file__).resolve().parents[1]

# Values each key's check refuses; every checked key of the schema must be here.
BAD_VALUES: dict[str, list[object]] = {
    "MODE": ["smoke", "", None, 3],
    "POLL_INTERVAL": [0, -1, "5000", 2.5, True, None],
    "POLL_FAST_PATH": ["yes", 1, 0, None],
    "WS_PATH": ["ws/dlwidget", "http://host/ws/", "", 3, None],
    "CACHE": ["", 3, None],
    "STORAGE": ["", ["default"], None],
    "PATH_PREFIX": ["", 3, None],
    "EXPIRY": [-5, 0, timedelta(0), "1 day", True, None],
    "STALE_AFTER": ["10m", timedelta(minutes=-1), None],
    "LIST_LIMIT": ["50", 0, False],
    "SENDFILE": ["apache", "", None],
    "NGINX_PREFIX": ["", b"/protected/", None],
    "SENDFILE_RULES": [
        {"STORAGE": "default"},  # one rule, not a list of them
        [{"STORAGE": ""}],
        [{"STOARGE": "default"}],  # a typo
        [{"SENDFILE": "apache"}],
        [{"NGINX_EXPIRES": -1}],
        [{"NGINX_EXPIRES": "1h"}],
        [{"NGINX_LIMIT_RATE": "fast"}],
        [{"NGINX_BUFFERING": "no"}],
        [{"NGINX_CHARSET": "utf-8\r\nX-Evil: 1"}],
        [{"XSENDFILE_ROOT": "relative/dir"}],
        ["default"],
        None,
    ],
    "LINK_MAX_AGE": [-1.5, "1h", None],
    "SITE_URL": ["example.com", "/relative", "", 42, "ftp://example.com"],
    "NOTIFY_FROM_EMAIL": ["", 3, ["a@example.com"]],
    "NOTIFY_LINK": ["owner", "", None, True],
    "NOTIFY_SENDER": ["nowhere.send", "django_dlwidget.downloads.notifications", "", None],
    "CSS_CLASSES": [{"toggle": 3}, {3: "btn"}, ["toggle"], "btn", None],
    "UPLOAD_TEMP_DIR": [3, "", b"/tmp"],
    "WS_MAX_SOCKETS_PER_USER": [0, -3, "20", 2.5, True, None],
    "MAX_ACTIVE_DOWNLOADS": [0, -1, "10", 1.5, False, None],
    "UPLOAD_STORE": [
        "django_dlwidget.tus.stores.FileSystemStore",  # a path, not a STORAGES-shaped entry
        {"BACKEND": "nowhere.Store"},
        {"BACKEND": "django_dlwidget.tus.stores.get_store"},  # not an UploadStore class
        {"BACKEND": "django_dlwidget.tus.stores.FileSystemStore", "OPTIONS": {"bucket": "x"}},
        {"BACKEND": "django_dlwidget.tus.stores.FileSystemStore", "OPTIONS": ["location"]},
        {"BACKEND": "django_dlwidget.tus.stores.FileSystemStore", "OTPIONS": {}},
        {"OPTIONS": {}},
        None,
    ],
    "UPLOAD_CHUNK_SIZE": [0, -1, "5 MiB", True, 1.5],
    "UPLOAD_MAX_SIZE": [True, 0, -1, "10 GiB", 1.5],
    "UPLOAD_QUOTA": [0, "20", None],
    "UPLOAD_EXPIRY": [0, "never", None],
    # Slow bodies (issue 13).
    "UPLOAD_IDLE_TIMEOUT": [0, -1, "30", None],
    "UPLOAD_MIN_RATE": [0, -5, "1024", 1.5, None],
    "UPLOAD_MAX_CONCURRENT_PER_USER": [0, "4", True, None],
    "UPLOAD_MAX_CONCURRENT_PER_PROCESS": [0, -1, "64", None],
    "UPLOAD_PERMISSION": [
        "nowhere.callable",
        "django_dlwidget.tus.permissions",  # a module, not a callable
        "django_dlwidget.conf.GIB",  # importable, not callable
        "nodots",
        "",
        None,
    ],
    "UPLOAD_MAX_COUNT": [0, -3, "100", 2.5, None],
    "UPLOAD_MAX_PARTS": [0, "64", True, None],
    "UPLOAD_ANONYMOUS_QUOTA": [0, "1 GiB", 1.5, None],
    "UPLOAD_ANONYMOUS_MAX_COUNT": [0, -1, "1000"],
}
# Values each key accepts besides its default.
GOOD_VALUES: dict[str, list[object]] = {
    "MODE": ["poll", "ws", "auto"],
    "POLL_INTERVAL": [1, 60_000],
    "WS_PATH": ["/sockets/", "ws://localhost:8000/ws/", "wss://example.com/ws/dlwidget/"],
    "CACHE": ["other"],  # an unknown alias is the live checks' E008, not a bad value
    "EXPIRY": [60, 0.5, timedelta(hours=2)],
    "SENDFILE": ["nginx", "xsendfile", "redirect"],
    "SENDFILE_RULES": [
        (),
        [{}],
        [
            {"STORAGE": "default", "PREFIX": "a/", "SENDFILE": "nginx", "NGINX_PREFIX": "/a/"},
            {"NGINX_EXPIRES": "off", "NGINX_LIMIT_RATE": 0, "NGINX_BUFFERING": False},
            {"NGINX_EXPIRES": "@1700000000", "NGINX_CHARSET": "utf-8"},
            {"SENDFILE": "xsendfile", "XSENDFILE_ROOT": "/mnt/files"},
        ],
    ],
    "NOTIFY_EMAIL": [True, 1, "yes", None],
    "POLL_FAST_PATH": [True, False],
    "SITE_URL": ["https://example.com", "http://localhost:8000/"],
    "NOTIFY_FROM_EMAIL": ["Reports <reports@example.com>", None],
    "NOTIFY_LINK": ["general", "user"],
    "NOTIFY_SENDER": ["tests.downloads.test_notifications.keep"],
    "CSS_CLASSES": [{"toggle": "btn"}, {"nope": "x"}],  # an unknown role is W030, a warning
    "UPLOAD_TEMP_DIR": ["/shared/tus", None],
    "UPLOAD_STORE": [
        {"BACKEND": "django_dlwidget.tus.stores.FileSystemStore"},
        {"BACKEND": "django_dlwidget.tus.stores.FileSystemStore", "OPTIONS": {"location": "/x"}},
    ],
    "UPLOAD_CHUNK_SIZE": [None, 8 * 1024 * 1024],
    "UPLOAD_PERMISSION": ["django_dlwidget.tus.permissions.allow_anonymous"],
}


def ids(**dlwidget: Any) -> list[str]:
    with override_settings(DLWIDGET=dlwidget):
        return [str(message.id) for message in check_settings()]


def test_defaults_are_clean() -> None:
    assert ids() == []
    assert ids(**{key: setting.default for key, setting in SCHEMA.items()}) == []


def test_every_checked_key_has_bad_values() -> None:
    assert set(BAD_VALUES) == {key for key, setting in SCHEMA.items() if setting.check}


def test_only_notify_email_takes_any_value() -> None:
    """It is read for its truth, as it always was; every other key has a check."""
    assert [key for key, setting in SCHEMA.items() if not setting.check] == ["NOTIFY_EMAIL"]


@pytest.mark.parametrize(
    ("key", "value"), [(key, value) for key, values in BAD_VALUES.items() for value in values]
)
def test_bad_values_raise_the_keys_check(key: str, value: object) -> None:
    assert ids(**{key: value}) == [SCHEMA[key].check]


@pytest.mark.parametrize(
    ("key", "value"), [(key, value) for key, values in GOOD_VALUES.items() for value in values]
)
def test_good_values_pass(key: str, value: object) -> None:
    assert ids(**{key: value}) == []


@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        ({"NOPE": 1}, "django_dlwidget.E002"),
        ({"MODE": "smoke"}, "django_dlwidget.E003"),
        ({"SENDFILE": "apache"}, "django_dlwidget.E005"),
        ({"POLL_INTERVAL": 0}, "django_dlwidget.E006"),
        ({"LIST_LIMIT": "50"}, "django_dlwidget.E006"),
        ({"UPLOAD_MAX_SIZE": True}, "django_dlwidget.E006"),
        ({"EXPIRY": -5}, "django_dlwidget.E007"),
        ({"STALE_AFTER": "10m"}, "django_dlwidget.E007"),
        ({"CSS_CLASSES": {"toggle": 3}}, "django_dlwidget.E010"),
        ({"UPLOAD_PERMISSION": "nowhere.callable"}, "django_dlwidget.E011"),
        ({"WS_PATH": "ws/dlwidget"}, "django_dlwidget.E012"),
        ({"PATH_PREFIX": ""}, "django_dlwidget.E013"),
        ({"UPLOAD_TEMP_DIR": 3}, "django_dlwidget.E013"),
        ({"SITE_URL": "example.com"}, "django_dlwidget.E020"),
    ],
)
def test_bad_values(settings: dict[str, Any], expected: str) -> None:
    """The ids users and docs rely on, written out rather than read from the schema."""
    assert ids(**settings) == [expected]


def test_several_bad_values_are_all_reported() -> None:
    assert ids(NOPE=1, MODE="smoke", EXPIRY=0) == [
        "django_dlwidget.E002",
        "django_dlwidget.E003",
        "django_dlwidget.E007",
    ]


def test_messages_name_the_setting_and_the_fix() -> None:
    with override_settings(DLWIDGET={"MODE": "smoke"}):
        (message,) = check_settings()
    assert message.msg == "DLWIDGET['MODE'] is 'smoke', which is not a mode."
    assert message.hint == "Set DLWIDGET['MODE'] to one of 'poll', 'ws', 'auto'."


@pytest.mark.parametrize(
    ("settings", "msg", "hint"),
    [
        (
            {"UPLOAD_QUOTA": 0},
            "DLWIDGET['UPLOAD_QUOTA'] is 0; it must be a positive integer.",
            "Set DLWIDGET['UPLOAD_QUOTA'] to a whole number above zero, or remove it to use "
            "the default (21474836480).",
        ),
        (
            {"CSS_CLASSES": []},
            "DLWIDGET['CSS_CLASSES'] must map element roles (str) to class names (str).",
            'For example {"toggle": "btn btn-outline-secondary"}.',
        ),
        (
            {"UPLOAD_PERMISSION": "x.y"},
            "DLWIDGET['UPLOAD_PERMISSION'] is 'x.y', which is not an importable callable.",
            "Give the dotted path of a function (request) -> bool, for example "
            "'django_dlwidget.tus.permissions.allow_anonymous'.",
        ),
        (
            {"NOPE": 1},
            "DLWIDGET['NOPE'] is not a known setting.",
            f"Remove it; known keys are: {', '.join(sorted(SCHEMA))}.",
        ),
    ],
)
def test_message_texts(settings: dict[str, Any], msg: str, hint: str) -> None:
    with override_settings(DLWIDGET=settings):
        (message,) = check_settings()
    assert (message.msg, message.hint) == (msg, hint)


def test_not_a_dict() -> None:
    with override_settings(DLWIDGET=["MODE"]):
        (message,) = check_settings()
    assert message.id == "django_dlwidget.E001"
    assert message.msg == "DLWIDGET must be a dict, not list."


def test_site_url_ok_with_notify_email() -> None:
    assert ids(SITE_URL="https://example.com", NOTIFY_EMAIL=True) == []


def manage_check(
    tmp_path: Path, extra_settings: str = "", *args: str
) -> subprocess.CompletedProcess[str]:
    """``manage.py check`` (with ``args``) on the example site, in a real process."""
    (tmp_path / "check_settings.py").write_text(
        f"from demo.settings import *  # noqa\n{extra_settings}\n"
    )
    return subprocess.run(
        [sys.executable, "manage.py", "check", *args],
        cwd=ROOT / "example",
        env={
            "PATH": "/usr/bin:/bin",
            "PYTHONPATH": f"{tmp_path}:{ROOT / 'example'}",
            "DJANGO_SETTINGS_MODULE": "check_settings",
            "DEMO_DB": str(tmp_path / "db.sqlite3"),
        },
        capture_output=True,
        text=True,
        check=False,
    )


def test_manage_check_fails_on_bad_mode(tmp_path: Path) -> None:
    result = manage_check(tmp_path, "DLWIDGET = {'MODE': 'smoke'}")
    assert result.returncode != 0
    assert "django_dlwidget.E003" in result.stderr
    assert "MODE" in result.stderr


def test_manage_check_is_clean_on_the_example_site(tmp_path: Path) -> None:
    """The development setup (LocMem, the in-memory layer, ThreadPoolBackend) warns of nothing,
    with nothing silenced."""
    result = manage_check(tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_manage_check_deploy_names_the_development_pieces(tmp_path: Path) -> None:
    result = manage_check(tmp_path, "", "--deploy")
    for check_id in ("W051", "W052", "W060"):
        assert f"django_dlwidget.{check_id}" in result.stderr, result.stderr


def test_manage_check_fails_on_a_worker_process_with_in_memory_pieces(tmp_path: Path) -> None:
    """django-tasks-db's worker with the demo's LocMem cache and in-memory layer."""
    result = manage_check(
        tmp_path,
        'INSTALLED_APPS = [*INSTALLED_APPS, "django_tasks_db"]\n'
        'TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}',
    )
    assert result.returncode != 0
    assert "django_dlwidget.E050" in result.stderr
    assert "django_dlwidget.E051" in result.stderr
