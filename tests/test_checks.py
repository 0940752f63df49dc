from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings

from django_dlwidget.checks import check_settings

ROOT = Path(__file__).resolve().parents[1]
# A shared cache (the check only reads the backend's name; nothing connects).
SHARED_CACHE = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache"}}


def ids(**dlwidget: Any) -> list[str]:
    with override_settings(DLWIDGET=dlwidget, CACHES=SHARED_CACHE):
        return [str(message.id) for message in check_settings()]


def test_defaults_are_clean() -> None:
    assert ids() == []


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
        ({"CACHE": "nope"}, "django_dlwidget.E008"),
        ({"STORAGE": "nope"}, "django_dlwidget.E009"),
        ({"CSS_CLASSES": {"toggle": 3}}, "django_dlwidget.E010"),
        ({"UPLOAD_PERMISSION": "nowhere.callable"}, "django_dlwidget.E011"),
        ({"WS_PATH": "ws/dlwidget"}, "django_dlwidget.E012"),
        ({"PATH_PREFIX": ""}, "django_dlwidget.E013"),
        ({"UPLOAD_TEMP_DIR": 3}, "django_dlwidget.E013"),
    ],
)
def test_bad_values(settings: dict[str, Any], expected: str) -> None:
    assert ids(**settings) == [expected]


def test_messages_name_the_setting_and_the_fix() -> None:
    with override_settings(DLWIDGET={"MODE": "smoke"}, CACHES=SHARED_CACHE):
        (message,) = check_settings()
    assert "DLWIDGET['MODE']" in message.msg
    assert "'poll'" in str(message.hint)


def test_not_a_dict() -> None:
    with override_settings(DLWIDGET=["MODE"]):
        assert [m.id for m in check_settings()] == ["django_dlwidget.E001"]


def test_ws_mode_needs_a_channel_layer() -> None:
    with override_settings(CHANNEL_LAYERS={}):
        assert ids(MODE="ws") == ["django_dlwidget.E004"]
        assert ids(MODE="auto") == []


def test_per_process_cache_warns() -> None:
    locmem = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    with override_settings(CACHES=locmem):
        assert [m.id for m in check_settings()] == ["django_dlwidget.W001"]


def test_gzip_middleware_warns(settings: Any) -> None:
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "django.middleware.gzip.GZipMiddleware"]
    assert ids() == ["django_dlwidget.W002"]


def test_manage_check_fails_on_bad_mode(tmp_path: Path) -> None:
    """``manage.py check`` exits non-zero and names the setting (a real process)."""
    (tmp_path / "smoke_settings.py").write_text(
        "from demo.settings import *  # noqa\nDLWIDGET = {'MODE': 'smoke'}\n"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT / "example",
        env={
            "PATH": "/usr/bin:/bin",
            "PYTHONPATH": f"{tmp_path}:{ROOT / 'example'}",
            "DJANGO_SETTINGS_MODULE": "smoke_settings",
            "DEMO_DB": str(tmp_path / "db.sqlite3"),
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "django_dlwidget.E003" in result.stderr
    assert "MODE" in result.stderr
