"""``bgfiles.patterns.registry``: which pattern makes which ``file_type``, and ``dispatch``,
which makes one request's file in its requester's language and time zone (the native
``activate_locale``)."""

from __future__ import annotations

import uuid
from typing import Any

from ....downloads.locale import activate_locale

__all__ = ["dispatch", "handlers", "register"]

handlers: dict[str, Any] = {}
"""``file_type`` -> the class whose ``handle(file_request)`` makes its file."""


def register(handler_class: Any, file_types: list[str] | tuple[str, ...]) -> None:
    """``handler_class`` makes the files of each of ``file_types``."""
    for file_type in file_types:
        handlers[file_type] = handler_class


def dispatch(file_request_id: uuid.UUID | str) -> bool:
    """Make the file of the request ``file_request_id`` (locked for the transaction) with the
    handler of its ``file_type``: True if it did, False if the request had finished already.
    ``KeyError`` when no handler is registered for its type."""
    from ..models import FileRequest

    request = FileRequest.objects.select_for_update().get(key=file_request_id)
    if request.finished is not None:
        return False
    handler_class = handlers[request.kind]
    with activate_locale(request.language, request.timezone):
        handler_class.handle(request)
    return True
