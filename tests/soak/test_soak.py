"""The soak, shortened for ``make test`` (``make soak`` runs it at full size): sockets and pollers
through nginx to both app servers of the production stack while exports run, with no error."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.harness.stack import Stack

pytest.importorskip("websockets")  # with uvicorn[standard]; not in the compat pass

from .load import Load
from .run import raise_open_files, report, run, soak_stack

pytestmark = pytest.mark.live

SHORT = Load(sockets=200, pollers=50, seconds=10, exports=5)


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    raise_open_files()  # before the stack starts: its processes inherit the limit
    with soak_stack(Path(tmp_path_factory.mktemp("soak")), SHORT) as started:
        yield started


def test_sockets_and_pollers_through_nginx_while_exports_run_without_an_error(
    stack: Stack,
) -> None:
    result = run(stack, SHORT)
    print(report(SHORT, result))  # the figures, memory included (pytest -s shows them)
    assert result.errors == []
    assert result.sockets_open == SHORT.sockets
    assert result.ready == SHORT.exports
    assert set(result.polls) <= {200, 304}
    assert sum(result.polls.values()) >= SHORT.pollers  # each poller was answered
    assert len(result.rss_kib) == 2
    assert all(start > 0 and peak >= start for start, peak, _end in result.rss_kib.values())
