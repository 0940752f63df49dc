"""``django_downloadview.utils``: the small helpers the predecessor exposed, same results."""

from __future__ import annotations

import re
from typing import Any

from django.utils.module_loading import import_string

__all__ = ("content_type_to_charset", "import_member", "url_basename")

_CHARSET = re.compile(r"charset=(?P<charset>.+)$", re.IGNORECASE)


def content_type_to_charset(content_type: str) -> str | None:
    """The ``charset`` of a ``Content-Type`` value (``"text/html; charset=utf-8"`` gives
    ``"utf-8"``), or None."""
    match = _CHARSET.search(content_type)
    return match.group("charset") if match else None


def url_basename(url: str, content_type: str | None) -> str:
    """The last segment of ``url``'s path; ``content_type`` is accepted and unused, as before."""
    return url.split("/")[-1]


def import_member(import_string_: str) -> Any:
    """The object a dotted path names (``"package.module.member"``)."""
    return import_string(str(import_string_))
