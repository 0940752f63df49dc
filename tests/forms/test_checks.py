from __future__ import annotations

from django.test import override_settings

from django_dlwidget.uploads.checks import check_request_middleware
from django_dlwidget.uploads.request import MIDDLEWARE_PATH


def test_middleware_present_is_clean() -> None:
    assert check_request_middleware() == []


def test_missing_middleware_warns_when_a_model_takes_resumable_uploads() -> None:
    from django.conf import settings as django_settings

    without = [m for m in django_settings.MIDDLEWARE if m != MIDDLEWARE_PATH]
    with override_settings(MIDDLEWARE=without):
        (warning,) = check_request_middleware()
    assert warning.id == "django_dlwidget.W040"
    assert MIDDLEWARE_PATH in warning.msg
