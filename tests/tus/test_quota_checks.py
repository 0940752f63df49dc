"""The system check of upload limits that contradict each other (W041)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test.utils import override_settings

from django_dlwidget.tus.checks import check_upload_limits


def ids(**dlwidget: Any) -> list[str]:
    with override_settings(DLWIDGET=dlwidget):
        return [str(message.id) for message in check_upload_limits()]


def test_the_defaults_agree() -> None:
    assert ids() == []


@pytest.mark.parametrize(
    "limits",
    [
        {"UPLOAD_MAX_SIZE": 200, "UPLOAD_QUOTA": 100},
        {"UPLOAD_QUOTA": 1024**3},  # under the default UPLOAD_MAX_SIZE of 10 GiB
        {"UPLOAD_MAX_PARTS": 10, "UPLOAD_MAX_COUNT": 9},
    ],
)
def test_contradicting_limits_warn(limits: dict[str, int]) -> None:
    assert ids(**limits) == ["django_dlwidget.W041"]


def test_bad_values_are_left_to_their_own_check() -> None:
    assert ids(UPLOAD_QUOTA="lots", UPLOAD_MAX_COUNT=0) == []
    assert ids(UPLOAD_MAX_SIZE=100, UPLOAD_QUOTA=100, UPLOAD_MAX_PARTS=3, UPLOAD_MAX_COUNT=3) == []
