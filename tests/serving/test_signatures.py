"""``serving.signatures``: a URL's path signed in its query, checked by the view it reaches;
the signature expires, has its own salt, and signs one path only."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock
from urllib.parse import quote

import pytest
from django.core.signing import TimestampSigner
from django.test import RequestFactory, override_settings

from django_dlwidget.serving.signatures import (
    PARAMETER,
    SignatureExpired,
    SignatureInvalid,
    SignatureMissing,
    check_signature,
    check_signature_forever,
    sign_url,
)


@pytest.mark.parametrize(
    "name", ["/media/a.txt", "/media/a b & c#1.txt", "/media/é/ü.pdf", "/media/100%.txt"]
)
def test_a_signed_url_passes_at_its_own_path(rf: RequestFactory, name: str) -> None:
    url = sign_url(quote(name))
    assert f"?{PARAMETER}=" in url
    check_signature(rf.get(url))


def test_the_signature_covers_the_path_not_the_host(rf: RequestFactory) -> None:
    url = sign_url("https://cdn.example.com/media/a.txt")
    assert url.startswith("https://cdn.example.com/media/a.txt?X-Signature=")
    check_signature(rf.get(url.removeprefix("https://cdn.example.com")))


def test_an_existing_query_is_kept(rf: RequestFactory) -> None:
    url = sign_url("/media/a.txt?v=2")
    assert url.startswith("/media/a.txt?v=2&X-Signature=")
    request = rf.get(url)
    check_signature(request)
    assert request.GET["v"] == "2"


def test_another_path_or_an_altered_signature_is_invalid(rf: RequestFactory) -> None:
    signature = sign_url("/media/a.txt").split("?", 1)[1]
    with pytest.raises(SignatureInvalid):
        check_signature(rf.get(f"/media/b.txt?{signature}"))
    with pytest.raises(SignatureInvalid):
        check_signature(rf.get(f"/media/a.txt?{signature}x"))


def test_a_value_signed_for_another_purpose_is_invalid(rf: RequestFactory) -> None:
    """The default salt's signature of the same path: what any other code may have signed."""
    foreign = TimestampSigner().sign("/media/a.txt")
    with pytest.raises(SignatureInvalid):
        check_signature(rf.get("/media/a.txt", {PARAMETER: foreign}))


def test_no_signature_is_missing(rf: RequestFactory) -> None:
    with pytest.raises(SignatureMissing):
        check_signature(rf.get("/media/a.txt"))
    with pytest.raises(SignatureMissing):
        check_signature_forever(rf.get("/media/a.txt?X-Signature="))


def test_a_signature_expires_after_link_max_age_or_max_age(rf: RequestFactory) -> None:
    with mock.patch("django.core.signing.time.time", return_value=1_000_000.0):
        url = sign_url("/media/a.txt")
    request = rf.get(url)
    later = 1_000_000.0 + timedelta(days=1).total_seconds() + 1
    with mock.patch("django.core.signing.time.time", return_value=later):
        with pytest.raises(SignatureExpired):
            check_signature(request)
        check_signature(request, max_age=timedelta(days=2))
        with override_settings(DLWIDGET={"LINK_MAX_AGE": timedelta(days=3)}):
            check_signature(request)
        with pytest.raises(SignatureExpired):
            check_signature(request, max_age=60)
        check_signature_forever(request)  # only where a project chose URLs that never expire
