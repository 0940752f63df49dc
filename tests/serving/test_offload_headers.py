"""``x_accel_headers`` and ``x_sendfile_headers``: the offload headers for a path known by other
means than a rule (the compat middlewares), with the X-Accel options, ``nosniff``, and ``..``
refused; ``AccelOptions`` refuses what a rule's ``NGINX_*`` keys refuse."""

from __future__ import annotations

import pytest
from django.core.exceptions import SuspiciousFileOperation

from django_dlwidget.serving.offload import x_accel_headers, x_sendfile_headers
from django_dlwidget.serving.rules import AccelOptions


def test_x_accel_headers_encode_the_location_once_and_keep_nosniff() -> None:
    assert x_accel_headers("/internal/a b/é.txt") == {
        "X-Accel-Redirect": "/internal/a%20b/%C3%A9.txt",
        "X-Content-Type-Options": "nosniff",
    }


def test_x_accel_headers_carry_each_option_that_is_set() -> None:
    options = AccelOptions(expires="@1700000000", limit_rate=0, buffering=False, charset="utf-8")
    headers = x_accel_headers("/internal/a.txt", options)
    assert headers["X-Accel-Expires"] == "@1700000000"
    assert headers["X-Accel-Limit-Rate"] == "0"
    assert headers["X-Accel-Buffering"] == "no"
    assert headers["X-Accel-Charset"] == "utf-8"
    only_one = x_accel_headers("/internal/a.txt", AccelOptions(expires="off"))
    assert only_one["X-Accel-Expires"] == "off"
    assert not {"X-Accel-Limit-Rate", "X-Accel-Buffering", "X-Accel-Charset"} & set(only_one)
    assert x_accel_headers("/i/a", AccelOptions(buffering=True))["X-Accel-Buffering"] == "yes"


@pytest.mark.parametrize(
    "options",
    [
        {"expires": -1},
        {"expires": "tomorrow"},
        {"limit_rate": "fast"},
        {"buffering": "yes"},
        {"charset": "utf-8\r\nX-Evil: 1"},
    ],
)
def test_accel_options_refuse_what_the_rules_refuse(options: dict[str, object]) -> None:
    with pytest.raises(ValueError, match="is not a valid NGINX_"):
        AccelOptions(**options)  # type: ignore[arg-type]


@pytest.mark.parametrize("path", ["/internal/../secret", "../x", "/a/b/..", "/a\\..\\b"])
def test_a_path_with_a_parent_segment_is_refused(path: str) -> None:
    with pytest.raises(SuspiciousFileOperation):
        x_accel_headers(path)
    with pytest.raises(SuspiciousFileOperation):
        x_sendfile_headers(path)


def test_x_sendfile_headers_send_the_raw_utf8_path_with_nosniff() -> None:
    headers = x_sendfile_headers("/srv/files/é.txt")
    assert headers["X-Sendfile"].encode("latin-1") == "/srv/files/é.txt".encode()
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert x_sendfile_headers("/srv/a..b.txt")["X-Sendfile"] == "/srv/a..b.txt"  # not a segment
