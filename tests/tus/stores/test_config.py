"""The store interface's plumbing: choosing a store, building it once, the filesystem store's
``location`` option, and which errors count as a store being unavailable."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client, override_settings

from django_dlwidget.tus import partial
from django_dlwidget.tus.stores import FileSystemStore, UploadStore, build_store, get_store

from ..conftest import create, patch, upload_id_of

FILESYSTEM = "django_dlwidget.tus.stores.FileSystemStore"


def test_the_default_is_the_filesystem_store_in_upload_temp_dir(tus_dir: Path) -> None:
    store = get_store()
    assert isinstance(store, FileSystemStore)
    assert store.locks
    assert store.chunk_size is None  # the widget sends a whole file
    assert partial.temp_dir() == tus_dir


def test_a_store_is_built_once_per_setting(tmp_path: Path) -> None:
    first = {"BACKEND": FILESYSTEM, "OPTIONS": {"location": str(tmp_path / "a")}}
    with override_settings(DLWIDGET={"UPLOAD_STORE": first}):
        store = get_store()
        assert get_store() is store
    second = {"BACKEND": FILESYSTEM, "OPTIONS": {"location": str(tmp_path / "b")}}
    with override_settings(DLWIDGET={"UPLOAD_STORE": second}):
        assert get_store() is not store


@pytest.mark.django_db
def test_the_location_option_wins_over_upload_temp_dir(
    client: Client, tus_dir: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    setting = {
        "UPLOAD_TEMP_DIR": str(tus_dir),
        "UPLOAD_STORE": {"BACKEND": FILESYSTEM, "OPTIONS": {"location": str(elsewhere)}},
    }
    with override_settings(DLWIDGET=setting):
        url = create(client, 3)["Location"]
        assert patch(client, url, b"abc").status_code == 204
    assert (elsewhere / f"{upload_id_of(url).hex}.part").read_bytes() == b"abc"
    assert not tus_dir.exists() or not list(tus_dir.iterdir())


def test_build_store_refuses_what_is_not_an_upload_store() -> None:
    with pytest.raises(TypeError):
        build_store({"BACKEND": "django_dlwidget.tus.stores.get_store"})
    with pytest.raises(TypeError):
        build_store({"BACKEND": FILESYSTEM, "OPTIONS": {"bucket_name": "x"}})
    with pytest.raises(ImportError):
        build_store({"BACKEND": "nowhere.Store"})
    assert isinstance(build_store({"BACKEND": FILESYSTEM}), UploadStore)


def test_s3_errors_that_mean_retry_later() -> None:
    from botocore.exceptions import ClientError, EndpointConnectionError

    from django_dlwidget.tus.stores import S3Store

    store = S3Store(bucket_name="any", endpoint_url="http://127.0.0.1:9", region_name="us-east-1")

    def client_error(status: int, code: str) -> ClientError:
        response = {"Error": {"Code": code}, "ResponseMetadata": {"HTTPStatusCode": status}}
        return ClientError(response, "UploadPart")

    assert store.unavailable(EndpointConnectionError(endpoint_url="http://127.0.0.1:9"))
    assert store.unavailable(client_error(503, "SlowDown"))
    assert store.unavailable(client_error(500, "InternalError"))
    assert not store.unavailable(client_error(403, "AccessDenied"))  # a deployment error: a 500
    assert not store.unavailable(ValueError("bug"))
    assert not FileSystemStore().unavailable(OSError("disk"))
    # The deployment errors: answered as a JSON 500 (store_refused), not an HTML page.
    assert store.refused(client_error(403, "AccessDenied"))
    assert store.refused(client_error(403, "SignatureDoesNotMatch"))
    assert store.refused(client_error(404, "NoSuchBucket"))
    assert not store.refused(client_error(503, "SlowDown"))
    assert not store.refused(EndpointConnectionError(endpoint_url="http://127.0.0.1:9"))
    assert not store.refused(ValueError("bug"))
    assert not FileSystemStore().refused(OSError("disk"))


def test_e040_says_why_a_store_is_refused_and_never_shows_its_options() -> None:
    from django_dlwidget.checks import check_settings

    def messages(store: object) -> list[str]:
        with override_settings(DLWIDGET={"UPLOAD_STORE": store}):
            return [m.msg for m in check_settings() if m.id == "django_dlwidget.E040"]

    s3 = "django_dlwidget.tus.stores.S3Store"
    small = {"bucket_name": "b", "part_size": 1024, "secret_key": "s3cr3t-value"}
    [message] = messages({"BACKEND": s3, "OPTIONS": small})
    assert "part_size must be 5 MiB to 5 GiB" in message
    assert "s3cr3t-value" not in message
    [message] = messages({"BACKEND": s3, "OPTIONS": {"bucket": "b"}})
    assert "unexpected keyword argument 'bucket'" in message
    [message] = messages({"BACKEND": "nowhere.Store"})
    assert "nowhere.Store raised ModuleNotFoundError" in message
    [message] = messages({"BACKEND": FILESYSTEM, "OPTIONS": []})
    assert "OPTIONS must be a dict" in message
    assert messages({"BACKEND": FILESYSTEM}) == []
