"""The harness starts real servers: a quick check that each one answers."""

from __future__ import annotations

import socket

import pytest

from tests.harness.redis import RedisServer

pytestmark = pytest.mark.live


def redis_ping(port: int) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(b"PING\r\n")
        return sock.recv(64)


def test_redis_server_answers_and_restarts(redis_server: RedisServer) -> None:
    assert redis_ping(redis_server.port) == b"+PONG\r\n"
    redis_server.restart()
    assert redis_ping(redis_server.port) == b"+PONG\r\n"
