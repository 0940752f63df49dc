"""Fixtures for the tus unit tests: a temporary UPLOAD_TEMP_DIR, a user and helpers; an S3
server (moto, in a subprocess) and a bucket of each test's own for the S3 store's tests."""

from __future__ import annotations

import base64
import json
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.test.utils import override_settings

from tests.harness.demo_server import DemoServer
from tests.harness.processes import running
from tests.harness.s3 import S3Server
from tests.tus.live import STORAGE_STORE_LOCATION

TUS = {"Tus-Resumable": "1.0.0"}
OCTET = "application/offset+octet-stream"
LIST_URL = "/dlwidget/uploads/"
ANON = {"UPLOAD_PERMISSION": "django_dlwidget.tus.permissions.allow_anonymous"}
GMT = re.compile(r"^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$")


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def error_code(response: Any) -> str:
    return str(response.json()["error"])


def upload_id_of(url: str) -> uuid.UUID:
    return uuid.UUID(url.rstrip("/").rsplit("/", 1)[-1])


@pytest.fixture
def tus_dir(tmp_path: Path) -> Iterator[Path]:
    with override_settings(DLWIDGET={"UPLOAD_TEMP_DIR": str(tmp_path / "uploads")}):
        yield tmp_path / "uploads"


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[S3Server]:
    server = S3Server(tmp_path_factory.mktemp("moto"))
    with running(server):
        yield server


@pytest.fixture(scope="session")
def s3_demo_server(
    s3_server: S3Server, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[DemoServer]:
    """The example site with its partial uploads on the S3 server, one per test session."""
    setting = s3_server.store_setting(s3_server.new_bucket())
    server = DemoServer(
        tmp_path_factory.mktemp("demo-s3"), extra_env={"DEMO_UPLOAD_STORE": json.dumps(setting)}
    )
    with running(server):
        yield server


@pytest.fixture(scope="session")
def storage_demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoServer]:
    """The example site with its partial uploads on its default storage (``StorageStore``)."""
    setting = {"BACKEND": "django_dlwidget.tus.stores.StorageStore",
               "OPTIONS": {"storage": "default", "location": STORAGE_STORE_LOCATION}}  # fmt: skip
    server = DemoServer(
        tmp_path_factory.mktemp("demo-storage"),
        extra_env={"DEMO_UPLOAD_STORE": json.dumps(setting)},
    )
    with running(server):
        yield server


@pytest.fixture(params=["filesystem", "s3", "storage"])
def tus_server(request: pytest.FixtureRequest) -> DemoServer:
    """The live tus tests run against every store: the same demo site on each."""
    name = {"filesystem": "demo_server", "s3": "s3_demo_server"}.get(
        request.param, "storage_demo_server"
    )
    server: DemoServer = request.getfixturevalue(name)
    return server


@dataclass
class S3Site:
    """The S3 store in use for one test: its server, bucket and a boto3 client of the test's."""

    server: S3Server
    bucket: str
    client: Any
    temp_dir: Path  # UPLOAD_TEMP_DIR: nothing may ever be written there

    def key(self, upload_id: uuid.UUID) -> str:
        return f"dlwidget/uploads/{upload_id.hex}"

    def multipart_uploads(self) -> list[dict[str, Any]]:
        return list(self.client.list_multipart_uploads(Bucket=self.bucket).get("Uploads", []))

    def object_keys(self) -> list[str]:
        listing = self.client.list_objects_v2(Bucket=self.bucket)
        return sorted(str(item["Key"]) for item in listing.get("Contents", []))

    def object_bytes(self, upload_id: uuid.UUID) -> bytes:
        body = self.client.get_object(Bucket=self.bucket, Key=self.key(upload_id))["Body"]
        return bytes(body.read())


@pytest.fixture
def s3(s3_server: S3Server, tus_dir: Path) -> Iterator[S3Site]:
    """The S3 store on a fresh bucket (and an UPLOAD_TEMP_DIR that must stay empty); set up
    after ``tus_dir``, so that it wins over that fixture's settings."""
    bucket = s3_server.new_bucket()
    temp_dir = tus_dir
    setting = {"UPLOAD_TEMP_DIR": str(temp_dir), "UPLOAD_STORE": s3_server.store_setting(bucket)}
    with override_settings(DLWIDGET=setting):
        yield S3Site(s3_server, bucket, s3_server.client(), temp_dir)
    assert not temp_dir.exists() or not list(temp_dir.iterdir())


@pytest.fixture
def user(db: Any) -> User:
    return User.objects.create_user("alice", password="pw")


@pytest.fixture
def client(user: User, tus_dir: Path) -> Client:
    client = Client()
    client.force_login(user)
    return client


def create(client: Client, length: int | None = 10, headers: dict[str, str] | None = None) -> Any:
    sent = {**TUS, **(headers or {})}
    if length is not None:
        sent.setdefault("Upload-Length", str(length))
    return client.generic("POST", LIST_URL, b"", headers=sent)


def patch(
    client: Client, url: str, data: bytes, offset: int = 0, headers: dict[str, str] | None = None
) -> Any:
    sent = {**TUS, "Upload-Offset": str(offset), **(headers or {})}
    sent.setdefault("Content-Type", OCTET)
    # Sent even with an empty body, as tus clients do (the test client would drop it).
    return client.generic("PATCH", url, data, content_type=sent["Content-Type"], headers=sent)


def head(client: Client, url: str) -> Any:
    return client.head(url, headers=TUS)


def concat(client: Client, header: str, headers: dict[str, str] | None = None) -> Any:
    """``POST`` a final concatenation with ``Upload-Concat: <header>``."""
    sent = {**TUS, "Upload-Concat": header, **(headers or {})}
    return client.generic("POST", LIST_URL, b"", headers=sent)
