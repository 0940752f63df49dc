"""``decorators._signature_is_valid``, as the predecessor's own signature tests call it (a request
with ``path`` and ``GET``), and the deliberate difference: a value signed by a plain
``TimestampSigner()`` (any other code's signature) is not a download URL's signature."""

from __future__ import annotations

from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied
from django.core.signing import TimestampSigner

from django_dlwidget.compat.downloadview.decorators import _signature_is_valid
from django_dlwidget.compat.downloadview.storage import SignedURLMixin


class Plain:
    def url(self, name: str) -> str:
        return f"https://example.com/{name}"


class Signed(SignedURLMixin, Plain):
    pass


def fake_request(path: str, signature: str | None) -> mock.MagicMock:
    request = mock.MagicMock()
    request.path = path
    request.GET = {} if signature is None else {"X-Signature": signature}
    return request


def test_a_storage_signature_is_valid_for_its_path() -> None:
    url = Signed().url("test")
    assert "https://example.com/test?X-Signature=" in url
    signature = url.split("X-Signature=", 1)[1]
    _signature_is_valid(fake_request("/test", signature))  # no PermissionDenied


@pytest.mark.parametrize("signature", [None, "", "not-valid"])
def test_no_or_a_bad_signature_is_denied(signature: str | None) -> None:
    with pytest.raises(PermissionDenied):
        _signature_is_valid(fake_request("test", signature))


def test_deliberately_a_default_timestamp_signer_signature_is_denied() -> None:
    """The predecessor accepted ``TimestampSigner().sign(path)``, which any code in the project
    may produce for its own purposes; here the signature has a salt of its own."""
    with pytest.raises(PermissionDenied, match="Signature invalid"):
        _signature_is_valid(fake_request("test", TimestampSigner().sign("test")))
