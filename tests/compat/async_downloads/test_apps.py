"""``compat.async_downloads.apps``: the app installs under the predecessor's label."""

from __future__ import annotations

import pytest
from django.apps import apps

from .conftest import COMPAT_APP


@pytest.mark.usefixtures("compat_app")
def test_the_app_installs_under_the_predecessors_label() -> None:
    assert apps.get_app_config("async_downloads").name == COMPAT_APP
