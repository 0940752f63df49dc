"""Finished uploads made directly (as the tus server leaves them), for the form tests."""

from __future__ import annotations

import io
import zlib
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.contrib.sessions.backends.db import SessionStore
from django.http import HttpRequest
from django.test import RequestFactory
from django.utils import timezone

from django_dlwidget.models import Upload
from django_dlwidget.tus import partial
from django_dlwidget.tus.tokens import make_token
from django_dlwidget.uploads.request import bound_request

PDF = b"%PDF-1.4\n" + b"0" * 2000 + b"\n%%EOF\n"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
    + zlib.compress(b"\x00\x00\x00\x00")
)
CSV = b"name,size\nalpha,1\nbeta,2\n"
SVG = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>\n'
HTML = b"<!doctype html><html><body><script>alert(1)</script></body></html>\n"


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def user(db: None) -> User:
    return User.objects.create_user("ada", password="pw", is_staff=True, is_superuser=True)


@pytest.fixture
def other(db: None) -> User:
    return User.objects.create_user("bob", password="pw")


def request_for(user: User | None) -> HttpRequest:
    request = RequestFactory().post("/")
    request.session = SessionStore()
    if user is not None:
        request.user = user
    else:
        from django.contrib.auth.models import AnonymousUser

        request.user = AnonymousUser()
    return request


@pytest.fixture
def as_user(user: User) -> Iterator[HttpRequest]:
    with bound_request(request_for(user)) as request:
        yield request


MakeUpload = Callable[..., tuple[Upload, str]]


@pytest.fixture
def make_upload(user: User) -> MakeUpload:
    def make(
        data: bytes = PDF,
        filename: str = "report.pdf",
        *,
        owner: User | None = None,
        complete: bool = True,
        written: int | None = None,
        expires: timedelta = timedelta(days=1),
    ) -> tuple[Upload, str]:
        now = timezone.now()
        upload = Upload(
            owner=owner or user,
            length=len(data),
            offset=len(data) if written is None else written,
            filename=filename,
            complete=complete,
            created=now,
            updated=now,
            expires=now + expires,
        )
        partial.create(upload.id)
        partial.path_for(upload.id).write_bytes(data if written is None else data[:written])
        upload.save(force_insert=True)
        return upload, make_token(upload)

    return make


def multipart(data: bytes, name: str) -> io.BytesIO:
    buffer = io.BytesIO(data)
    buffer.name = name
    return buffer
