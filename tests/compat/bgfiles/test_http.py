"""``compat.bgfiles.http``: the predecessor's header, without control characters."""

from __future__ import annotations

import pytest

from django_dlwidget.compat.bgfiles.http import attempt_decode, create_content_disposition


@pytest.mark.parametrize(
    ("name", "attachment", "header"),
    [
        ("report.pdf", True, b'attachment; filename="report.pdf"'),
        (b"report.pdf", False, b'inline; filename="report.pdf"'),
        (
            "Fußball.pdf",
            True,
            b"attachment; filename=\"Fuball.pdf\"; filename*=UTF-8''Fu%C3%9Fball.pdf",
        ),
        ('a/b\\c"d;e.txt', True, b'attachment; filename="a b c d e.txt"'),
        ("bad\r\nSet-Cookie: x\x00.txt", True, b'attachment; filename="badSet-Cookie: x.txt"'),
        (None, True, b'attachment; filename=""'),
    ],
)
def test_create_content_disposition(
    name: str | bytes | None, attachment: bool, header: bytes
) -> None:
    assert create_content_disposition(name, attachment=attachment) == header


def test_attempt_decode() -> None:
    assert attempt_decode(b"abc", "ascii") == "abc"
    assert attempt_decode("é".encode(), "ascii") is None
