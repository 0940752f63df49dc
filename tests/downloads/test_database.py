from __future__ import annotations

import os

import pytest
from django.db import connection


@pytest.mark.django_db
def test_runs_on_the_configured_database() -> None:
    """``make test-postgres`` really runs these tests on PostgreSQL."""
    expected = "postgresql" if os.environ.get("DLW_TEST_PG_PORT") else "sqlite"
    assert connection.vendor == expected
