"""``compat.bgfiles.toolbox``: requests are downloads, tokens are the predecessor's."""

from __future__ import annotations

import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.core.signing import BadSignature, SignatureExpired, dumps
from django.http import Http404
from django.test import RequestFactory, override_settings
from django.utils import timezone, translation

from django_dlwidget import DownloadCancelled, clear_download
from django_dlwidget.compat.bgfiles import toolbox
from django_dlwidget.compat.bgfiles.models import FileRequest
from django_dlwidget.downloads.listing import snapshot
from django_dlwidget.models import Download, DownloadStatus
from django_dlwidget.signals import download_ready

pytestmark = pytest.mark.django_db


def test_the_default_signer_follows_the_settings(settings: Any) -> None:
    signer = toolbox.get_default_signer()
    assert (signer.key, signer.salt, signer.max_age) == (settings.SECRET_KEY, "bgfiles", 86400)
    assert signer.serializer is toolbox.JSONSerializer
    assert signer.compress is False
    serializer = type("Mine", (toolbox.JSONSerializer,), {})
    with override_settings(
        BGFILES_DEFAULT_KEY="k" * 50,
        BGFILES_DEFAULT_SALT="salty",
        BGFILES_DEFAULT_SERIALIZER=serializer,
        BGFILES_DEFAULT_MAX_AGE=60,
    ):
        signer = toolbox.get_default_signer()
    assert (signer.key, signer.salt, signer.serializer, signer.max_age) == (
        "k" * 50,
        "salty",
        serializer,
        60,
    )
    mine = toolbox.Signer()
    with override_settings(BGFILES_DEFAULT_SIGNER=mine):
        assert toolbox.get_default_signer() is mine


def test_a_signer_round_trips_and_checks_key_salt_and_age() -> None:
    signer = toolbox.Signer(key="a" * 50, compress=True, max_age=60)
    data = {"a": 1, "id": uuid.UUID(int=5), "www": {"abc": ["y", "z"]}}
    token = signer.dump(data)
    assert signer.load(token) == {**data, "id": str(uuid.UUID(int=5))}
    for other in (toolbox.Signer(key="b" * 50), toolbox.Signer(key="a" * 50, salt="other")):
        with pytest.raises(BadSignature):
            other.load(token)
    with pytest.raises(SignatureExpired):
        toolbox.Signer(key="a" * 50, max_age=-1).load(token)


def test_add_request_records_a_pending_download_in_the_requesters_list(
    requester: User,
) -> None:
    with translation.override("fr"), timezone.override("Europe/Paris"):
        request = toolbox.add_request(
            "a=1",
            file_type="report",
            requester=requester,
            content_type="text/csv",
            description="My report",
        )
    assert isinstance(request, FileRequest)
    assert (request.criteria, request.file_type, request.requester) == ("a=1", "report", requester)
    assert (request.requester_language, request.requester_timezone) == ("fr", "Europe/Paris")
    assert (request.content_type, request.description, request.name) == (
        "text/csv",
        "My report",
        "My report",
    )
    assert request.status == DownloadStatus.PENDING
    assert request.finished_at is None
    assert [d["key"] for d in snapshot(requester.pk)["downloads"]] == [str(request.id)]


def test_add_request_defaults_and_explicit_locale() -> None:
    request = toolbox.add_request(language="de", tz="UTC", filename="x.csv", file_type="t")
    assert (request.criteria, request.requester, request.content_type) == ("", None, "")
    assert (request.requester_language, request.requester_timezone) == ("de", "UTC")
    assert (request.filename, request.name) == ("x.csv", "t")


def test_attach_file_makes_it_ready_and_sends_download_ready(requester: User, media: Path) -> None:
    request = toolbox.add_request("abc", requester=requester)
    seen: list[Any] = []

    def receiver(**kwargs: Any) -> None:
        seen.append(kwargs["download"])

    download_ready.connect(receiver, weak=False, dispatch_uid="bgfiles-test")
    try:
        toolbox.attach_file(request, ContentFile(b"something special"), "s.txt", "text/plain")
    finally:
        download_ready.disconnect(dispatch_uid="bgfiles-test")
    row = Download.objects.get(key=request.key)
    assert (row.status, row.filename, row.content_type) == ("ready", "s.txt", "text/plain")
    assert row.size == 17
    assert row.finished is not None
    assert row.expires is not None
    assert request.status == DownloadStatus.READY
    assert request.expires == row.expires
    assert Path(request.filehandle.path).read_bytes() == b"something special"
    (listed,) = snapshot(requester.pk)["downloads"]
    assert listed["status"] == "ready"
    assert listed["url"]
    assert [download.key for download in seen] == [request.key]


def test_attach_file_to_a_cleared_request_keeps_nothing(requester: User, media: Path) -> None:
    request = toolbox.add_request("abc", requester=requester)
    clear_download(request.key)
    with pytest.raises(DownloadCancelled):
        toolbox.attach_file(request, ContentFile(b"late"), "late.txt")
    assert not any(media.rglob("late.txt"))
    assert not Download.objects.filter(key=request.key).exists()


def test_attach_local_file(tmp_path: Path, media: Path) -> None:
    source = tmp_path / "local.bin"
    source.write_bytes(b"\x00\x01binary")
    request = toolbox.add_request("abc")
    toolbox.attach_local_file(request, str(source), "local.bin", "application/x-thing", size=9)
    assert Path(request.filehandle.path).read_bytes() == b"\x00\x01binary"
    assert (request.content_type, request.size) == ("application/x-thing", 9)


def test_create_token_binds_the_requester_and_sets_the_expiry(requester: User) -> None:
    request = toolbox.add_request("abc", requester=requester)
    extra = {"abc": 123, "z": ["y", 1]}
    before = timezone.now()
    token = toolbox.create_token(request, data=extra)
    assert toolbox.get_default_signer().load(token) == {
        **extra,
        "id": str(request.id),
        "requester": requester.pk,
    }
    assert extra == {"abc": 123, "z": ["y", 1]}  # the caller's dict is left alone
    expires = FileRequest.objects.get(id=request.id).expires_at
    assert before + timedelta(days=1) <= expires <= timezone.now() + timedelta(days=1)
    with pytest.raises(RuntimeError):
        toolbox.create_token(toolbox.add_request("nobody's"))


def test_create_general_token_names_no_requester(requester: User) -> None:
    request = toolbox.add_request("abc", requester=requester)
    signer = toolbox.Signer(max_age=None)
    token = toolbox.create_general_token(request, {"x": 1}, signer=signer)
    assert signer.load(token) == {"x": 1, "id": str(request.id)}
    assert FileRequest.objects.get(id=request.id).expires_at is None  # no max_age, no expiry
    toolbox.create_general_token(toolbox.add_request("no requester"))


def test_decode(requester: User, other: User) -> None:
    request = toolbox.add_request("abc", requester=requester)
    token = toolbox.create_token(request, {"n": 1})
    found, data = toolbox.decode(token)
    assert (found, data["n"]) == (request, 1)
    FileRequest.objects.filter(id=request.id).update(requester=other)
    with pytest.raises(FileRequest.DoesNotExist):
        toolbox.decode(token)
    general = toolbox.create_general_token(request)
    assert toolbox.decode(general, require_requester=False)[0] == request
    with pytest.raises(BadSignature):
        toolbox.decode(general, require_requester=True)
    with pytest.raises(BadSignature):
        toolbox.decode(token + "x")
    request.delete()
    with pytest.raises(FileRequest.DoesNotExist):
        toolbox.decode(general, require_requester=False)


@pytest.mark.parametrize("payload", [{"no": "id"}, ["a", "list"], {"id": "not-a-uuid"}])
def test_decode_of_a_genuine_token_with_a_bad_payload_is_no_500(payload: Any) -> None:
    token = dumps(payload, salt="bgfiles", serializer=toolbox.JSONSerializer)
    with pytest.raises((BadSignature, FileRequest.DoesNotExist)):
        toolbox.decode(token, require_requester=False)


def test_serve_streams_the_file_with_the_predecessors_header(media: Path) -> None:
    request = toolbox.add_request("abc")
    with pytest.raises(Http404):
        toolbox.serve(request)
    with pytest.raises(LookupError):
        toolbox.serve(request, raise_on_missing=LookupError)
    toolbox.attach_file(request, ContentFile(b"something special"), "something.txt")
    response = toolbox.serve(request)
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == 'attachment; filename="something.txt"'
    assert b"".join(response.streaming_content) == b"something special"  # type: ignore[attr-defined]
    request.filename = ""
    response = toolbox.serve(request, default_content_type="text/plain")
    assert response["Content-Type"] == "text/plain"
    assert "Content-Disposition" not in response
    ranged = RequestFactory().get("/", HTTP_RANGE="bytes=0-8")
    partial = toolbox.serve(request, http_request=ranged)
    assert partial.status_code == 206
    assert b"".join(partial.streaming_content) == b"something"  # type: ignore[attr-defined]
