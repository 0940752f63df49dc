"""``bgfiles.toolbox``: add a request, attach its file, make and read its tokens, serve it.

A request is a native download (:class:`~.models.FileRequest`), so ``add_request`` is
``init_download`` (the requester's list shows it at once; ``requester=None`` makes a download
nobody owns) and ``attach_file`` marks it ready through the native transition (its expiry, the
``download_ready`` signal, the requester's list). Tokens are the predecessor's own, signed by
``django.core.signing`` with ``BGFILES_DEFAULT_KEY``, ``_SALT``, ``_SERIALIZER`` and ``_MAX_AGE``,
so links already sent keep working; ``serve`` streams the file through the native ``serve_file``.
"""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.serializers.json import DjangoJSONEncoder
from django.core.signing import BadSignature, dumps, loads
from django.http import Http404, HttpRequest, HttpResponseBase
from django.utils import timezone

from ...downloads.exceptions import DownloadCancelled
from ...downloads.files import delete_file
from ...downloads.lifecycle import init_download, transition
from ...models import Download, DownloadStatus
from ...serving import serve_file
from ...signals import download_ready
from .http import create_content_disposition
from .models import FileRequest

__all__ = [
    "JSONSerializer",
    "Signer",
    "add_request",
    "attach_file",
    "attach_local_file",
    "create_general_token",
    "create_token",
    "decode",
    "get_default_signer",
    "serve",
]


class JSONSerializer:
    """Tokens' serializer: compact JSON that takes UUIDs, dates and decimals."""

    def dumps(self, obj: Any) -> bytes:
        return json.dumps(obj, separators=(",", ":"), cls=DjangoJSONEncoder).encode("latin-1")

    def loads(self, data: bytes) -> Any:
        return json.loads(data.decode("latin-1"))


class Signer:
    """``django.core.signing.dumps``/``loads`` with a key, salt, serializer and maximum age.

    A replacement (``BGFILES_DEFAULT_SIGNER``) needs ``dump``, ``load`` and ``max_age`` only.
    """

    DEFAULT_SALT = "bgfiles"
    DEFAULT_SERIALIZER = JSONSerializer

    def __init__(
        self,
        key: str | None = None,
        salt: str = DEFAULT_SALT,
        serializer: type[Any] = DEFAULT_SERIALIZER,
        compress: bool = False,
        max_age: int | None = None,
    ) -> None:
        self.key = key
        self.salt = salt
        self.serializer = serializer
        self.compress = compress
        self.max_age = max_age

    def load(self, token: str) -> Any:
        """The data in ``token``: ``BadSignature`` or ``SignatureExpired`` when it is not good."""
        return loads(
            token, key=self.key, salt=self.salt, serializer=self.serializer, max_age=self.max_age
        )

    def dump(self, data: Any) -> str:
        """A signed, timestamped token of ``data``."""
        return dumps(
            data, key=self.key, salt=self.salt, serializer=self.serializer, compress=self.compress
        )


def get_default_signer() -> Any:
    """``BGFILES_DEFAULT_SIGNER``, else a :class:`Signer` from the ``BGFILES_DEFAULT_*``
    settings (key ``SECRET_KEY``, salt ``"bgfiles"``, JSON, a day)."""
    signer = getattr(settings, "BGFILES_DEFAULT_SIGNER", None)
    if signer:
        return signer
    return Signer(
        key=getattr(settings, "BGFILES_DEFAULT_KEY", settings.SECRET_KEY),
        salt=getattr(settings, "BGFILES_DEFAULT_SALT", Signer.DEFAULT_SALT),
        serializer=getattr(settings, "BGFILES_DEFAULT_SERIALIZER", Signer.DEFAULT_SERIALIZER),
        max_age=getattr(settings, "BGFILES_DEFAULT_MAX_AGE", 86400),
    )


def add_request(
    criteria: str = "",
    file_type: str = "",
    requester: Any = None,
    content_type: str = "",
    description: str = "",
    language: str | None = None,
    tz: str | None = None,
    *,
    filename: str = "",
) -> FileRequest:
    """A pending request (a download) for ``file_type`` with ``criteria``; ``language`` and
    ``tz`` None record the current ones. ``filename`` (an addition) names the file early, so
    the download centre shows it while it is made; it is shown ``description``, else
    ``file_type``, until then."""
    download = init_download(
        requester,
        filename,
        description or file_type or filename,
        content_type=content_type,
        language=language,
        timezone=tz,
        kind=file_type,
        params=criteria,
        description=description,
    )
    request: FileRequest = FileRequest.objects.get(pk=download.pk)
    return request


def attach_file(
    request: FileRequest,
    contents: Any,
    filename: str | None = None,
    content_type: str | None = None,
    size: int | None = None,
) -> None:
    """Store ``contents`` as the request's file and mark it ready (the request is updated).

    ``DownloadCancelled`` (keeping nothing) when the request is no longer pending: its
    requester cancelled or cleared it, or it has finished already.
    """
    request.attach_file(contents, filename, content_type, size=size)
    stored = str(request.file.name)
    moved = transition(
        request.key,
        DownloadStatus.READY,
        owner_id=request.owner_id,
        file=stored,
        filename=request.filename,
        name=request.name,
        content_type=request.content_type,
        size=request.size if request.size is not None else request.file.storage.size(stored),
        progress=100,
        error="",
        heartbeat=timezone.now(),
    )
    if not moved:
        delete_file(stored)
        raise DownloadCancelled(request.key)
    request.refresh_from_db()
    download_ready.send(sender=Download, download=request)


def attach_local_file(
    request: FileRequest,
    filepath: str,
    filename: str | None = None,
    content_type: str | None = None,
    size: int | None = None,
) -> None:
    """:func:`attach_file` with the file at ``filepath`` (read as bytes)."""
    with Path(filepath).open("rb") as contents:
        attach_file(request, File(contents), filename, content_type, size=size)


def create_token(
    request: FileRequest, data: dict[str, Any] | None = None, signer: Any = None
) -> str:
    """A token of ``request`` bound to its requester (``RuntimeError`` without one), carrying
    ``data`` too; the signer's ``max_age`` becomes the request's expiry."""
    if not request.owner_id:
        raise RuntimeError("A requester token needs a request with a requester")
    return create_general_token(request, {**(data or {}), "requester": request.owner_id}, signer)


def create_general_token(
    request: FileRequest, data: dict[str, Any] | None = None, signer: Any = None
) -> str:
    """A token of ``request`` for whoever holds it, carrying ``data`` too; the signer's
    ``max_age`` becomes the request's expiry."""
    signer = signer or get_default_signer()
    token = str(signer.dump({**(data or {}), "id": request.key}))
    if signer.max_age:
        request.expire_in(timedelta(seconds=signer.max_age))
        FileRequest.objects.filter(pk=request.pk).update(expires=request.expires)
    return token


def decode(
    token: str, require_requester: bool = True, signer: Any = None
) -> tuple[FileRequest, Any]:
    """``(file request, data)`` of ``token``. ``BadSignature``/``SignatureExpired`` for a bad
    token (``BadSignature`` too for one without a requester when ``require_requester``);
    ``FileRequest.DoesNotExist`` when its request is gone or no longer its requester's."""
    signer = signer or get_default_signer()
    data = signer.load(token)
    try:
        filters = {"key": data["id"]}
    except (KeyError, TypeError) as exc:
        raise BadSignature("The token names no file request") from exc
    if "requester" in data:
        filters["owner_id"] = data["requester"]
    elif require_requester:
        raise BadSignature("The token names no requester")
    try:
        return FileRequest.objects.get(**filters), data
    except (ValidationError, ValueError, TypeError) as exc:
        raise FileRequest.DoesNotExist(str(exc)) from exc


def serve(
    request: FileRequest,
    raise_on_missing: type[Exception] | None = Http404,
    default_content_type: str = "application/octet-stream",
    http_request: HttpRequest | None = None,
) -> HttpResponseBase:
    """The request's file as a response (``raise_on_missing`` when it has none), streamed by the
    native ``serve_file``. ``http_request`` (an addition) lets it answer Range and conditional
    requests; without it the answer is the whole file."""
    if not request.file and raise_on_missing:
        raise raise_on_missing()
    if http_request is None:
        http_request = HttpRequest()
        http_request.method = "GET"
    response = serve_file(
        http_request,
        request.file,
        filename=request.filename or None,
        content_type=request.content_type or default_content_type,
    )
    # The predecessor's header: none without a file name.
    if request.filename:
        response["Content-Disposition"] = create_content_disposition(request.filename)
    else:
        del response["Content-Disposition"]
    return response
