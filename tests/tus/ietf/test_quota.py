"""The quota on the IETF drafts' requests, which are the tus verbs' own: a draft upload of
unknown size is checked on every append, finished ones count, and so does their number."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client
from django.test.utils import override_settings

from ..conftest import error_code
from .conftest import append, create

pytestmark = pytest.mark.django_db


def test_appends_of_unknown_size_count_against_the_quota(
    client: Client, version: str, tus_dir: Path
) -> None:
    setting = {"UPLOAD_TEMP_DIR": str(tus_dir), "UPLOAD_QUOTA": 100}
    with override_settings(DLWIDGET=setting):
        first = create(client, version, b"a" * 60)["Location"]  # no length: deferred
        second = create(client, version)["Location"]
        response = append(client, version, second, b"b" * 60, 0)
        assert response.status_code == 413
        assert error_code(response) == "quota_exceeded"
        response = append(client, version, second, b"b" * 40, 0, complete=True)
        assert response.status_code == 201
        # Finished, the second still counts: the first may not grow.
        assert error_code(append(client, version, first, b"a", 60)) == "quota_exceeded"


def test_the_upload_count_applies(client: Client, version: str, tus_dir: Path) -> None:
    with override_settings(DLWIDGET={"UPLOAD_TEMP_DIR": str(tus_dir), "UPLOAD_MAX_COUNT": 2}):
        assert create(client, version, length=1).status_code == 201
        assert create(client, version, length=1).status_code == 201
        assert error_code(create(client, version, length=1)) == "too_many_uploads"
