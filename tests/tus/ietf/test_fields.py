"""The draft's header fields: which requests are draft requests, Booleans, representation
metadata."""

from __future__ import annotations

import base64

import pytest
from django.test import RequestFactory

from django_dlwidget.tus.errors import TusError
from django_dlwidget.tus.ietf.fields import Draft, draft_of, flag, representation_metadata


def test_a_draft_request_names_an_interop_version_and_no_tus_version() -> None:
    factory = RequestFactory()
    assert draft_of(factory.post("/", headers={"Upload-Draft-Interop-Version": "6"})) == Draft("6")
    both = {"Upload-Draft-Interop-Version": "6", "Tus-Resumable": "1.0.0"}
    assert draft_of(factory.post("/", headers=both)) is None
    assert draft_of(factory.post("/")) is None
    assert not Draft("3").supported
    assert Draft("5").supported
    assert not Draft("5").has_limits
    assert Draft("6").has_limits


@pytest.mark.parametrize(("value", "expected"), [("?1", True), ("?0", False), (" ?1 ", True)])
def test_booleans(value: str, expected: bool) -> None:
    assert flag({"upload-complete": value}, "Upload-Complete") is expected


@pytest.mark.parametrize("value", ["1", "true", "?", "?2", ""])
def test_anything_else_is_not_a_boolean(value: str) -> None:
    with pytest.raises(TusError) as caught:
        flag({"upload-complete": value}, "Upload-Complete")
    assert caught.value.status == 400


def test_absent_is_none() -> None:
    assert flag({}, "Upload-Complete") is None


def decoded(metadata: dict[str, str]) -> dict[str, str]:
    return {key: base64.b64decode(value).decode() for key, value in metadata.items()}


def test_the_file_name_and_type_come_from_the_representation() -> None:
    headers = {
        "content-type": "Image/PNG; charset=binary",
        "content-disposition": "attachment; filename*=utf-8''na%C3%AFve.png",
    }
    assert decoded(representation_metadata(headers)) == {
        "filetype": "image/png",
        "filename": "naïve.png",
    }
    assert representation_metadata({"content-type": "application/partial-upload"}) == {}
    assert representation_metadata({}) == {}


@pytest.mark.parametrize(
    "value", ["attachment; filename*=bogus''abc", "attachment; filename=" + "a" * 20_000, ";;"]
)
def test_an_unreadable_disposition_names_nothing(value: str) -> None:
    assert representation_metadata({"content-disposition": value}) == {}
