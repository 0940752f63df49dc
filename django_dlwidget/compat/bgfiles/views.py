"""``bgfiles.views``: check a token, then serve its request's file.

``serve_file`` answers through the native download serving (Range, validators, offloading,
410 for an expired request, 404 for one that has no file yet). What a token may do is the
predecessor's: ``require_requester`` refuses a token that names no requester, and
``verify_requester`` refuses a user who is not the request's requester.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.core.signing import BadSignature, SignatureExpired
from django.http import Http404, HttpRequest, HttpResponseBase

from ...downloads.views import serve_download
from . import toolbox
from .models import FileRequest

__all__ = [
    "SignatureHasExpired",
    "SuspiciousToken",
    "UserIsNotRequester",
    "evaluate_request",
    "serve_file",
]


class SuspiciousToken(SuspiciousOperation):
    """A token that is not genuine, or lacks the requester it must name (Django answers 400)."""


class SignatureHasExpired(PermissionDenied):
    """A genuine token older than the signer's ``max_age`` (403)."""


class UserIsNotRequester(PermissionDenied):
    """The current user is not the request's requester (403)."""


def evaluate_request(
    request: HttpRequest,
    token: str,
    require_requester: bool = True,
    verify_requester: bool = True,
    signer: Any = None,
) -> tuple[FileRequest, Any]:
    """``(file request, token data)`` once the token and the user pass; ``Http404``,
    ``SignatureHasExpired``, ``SuspiciousToken`` or ``UserIsNotRequester`` otherwise."""
    try:
        file_request, data = toolbox.decode(
            token, require_requester=require_requester, signer=signer
        )
    except FileRequest.DoesNotExist as exc:
        raise Http404 from exc
    except SignatureExpired as exc:
        raise SignatureHasExpired(exc) from exc
    except BadSignature as exc:
        raise SuspiciousToken(exc) from exc
    if verify_requester and not _is_requester(request, file_request):
        raise UserIsNotRequester()
    return file_request, data


def _is_requester(request: HttpRequest, file_request: FileRequest) -> bool:
    user = getattr(request, "user", None)
    return (
        file_request.owner_id is not None
        and user is not None
        and user.is_authenticated
        and user.pk == file_request.owner_id
    )


def serve_file(
    request: HttpRequest,
    token: str,
    require_requester: bool = True,
    verify_requester: bool = True,
    signer: Any = None,
) -> HttpResponseBase:
    """The file of the request in ``token`` (see :func:`evaluate_request` for the checks)."""
    file_request, _data = evaluate_request(
        request,
        token,
        require_requester=require_requester,
        verify_requester=verify_requester,
        signer=signer,
    )
    return serve_download(request, file_request)
