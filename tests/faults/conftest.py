"""The fault tests' own PostgreSQL cluster: they stop and start it, so it is theirs alone."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.harness.postgres import PostgresCluster


@pytest.fixture(scope="package")
def pg_cluster() -> Iterator[PostgresCluster]:
    with PostgresCluster() as cluster:
        yield cluster
