"""Validators and preconditions: ``ETag``, ``Last-Modified``, ``If-*`` and ``If-Range``."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.cache import get_conditional_response
from django.utils.http import parse_http_date_safe


def precondition_response(
    request: HttpRequest, headers: HttpResponse, etag: str | None, modified: datetime | None
) -> HttpResponseBase | None:
    """304 or 412 when ``If-Match``, ``If-Unmodified-Since``, ``If-None-Match`` or
    ``If-Modified-Since`` say so (RFC 9110, 13.2.2), else None. ``headers`` carries the
    validators and cache headers a 304 must repeat."""
    last_modified = int(modified.timestamp()) if modified else None
    response = get_conditional_response(
        request, etag=etag, last_modified=last_modified, response=headers
    )
    return None if response is headers else response


def if_range_passes(request: HttpRequest, etag: str | None, modified: datetime | None) -> bool:
    """Whether a ``Range`` may be honoured: no ``If-Range``, or one naming the current
    representation. An entity tag must match strongly; a date must equal ``Last-Modified``
    exactly (RFC 9110, 13.1.5)."""
    value = request.headers.get("If-Range")
    if value is None:
        return True
    value = value.strip()
    if value.startswith('"') or value.startswith("W/"):
        return etag is not None and not value.startswith("W/") and value == etag
    date = parse_http_date_safe(value)
    return date is not None and modified is not None and date == int(modified.timestamp())
