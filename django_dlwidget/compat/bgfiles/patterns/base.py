"""``bgfiles.patterns.base``: answer a file request at once, or record it and make it later.

``respond_to(http_request)`` returns ``(delayed, response)``. At once: ``write_bytes`` fills a
buffer that the native ``serve_file`` sends. Delayed: ``toolbox.add_request`` records a download
(the requester's centre shows it pending), ``schedule`` may start a worker, and
``create_delayed_response`` answers; later ``handle``/``create_file`` (from ``registry.dispatch``,
``manage.py bgfiles process`` or a task) writes the file, attaches it (the download is ready)
and notifies. The e-mail and template parts are in :mod:`.mixins`.
"""

from __future__ import annotations

from io import BytesIO
from typing import Any

from django.core.files.base import ContentFile
from django.http import HttpRequest

from ....serving import serve_file
from .. import toolbox
from .criteria import (
    Criteria,
    Dataset,
    InvalidCriteria,
    InvalidForm,
    QueryDictCriteria,
    QueryDictCriteriaWithRequester,
)
from .mixins import DelayedTemplateResponseMixin, EmailNotificationMixin

__all__ = [
    "Criteria",
    "Dataset",
    "DelayedTemplateResponseMixin",
    "EmailNotificationMixin",
    "FullPattern",
    "InvalidCriteria",
    "InvalidForm",
    "QueryDictCriteria",
    "QueryDictCriteriaWithRequester",
    "SimplePattern",
    "WriterPattern",
]


class SimplePattern:
    """``build_dataset``, then ``respond_with_file`` or, when the dataset says delay,
    ``respond_with_delay``."""

    def respond_to(self, http_request: Any) -> tuple[bool, Any]:
        """``(delayed, response)``."""
        dataset = self.build_dataset(http_request)
        if not dataset.delay:
            return False, self.respond_with_file(http_request, dataset)
        return True, self.respond_with_delay(http_request, dataset)

    def build_dataset(self, http_request: Any) -> Dataset:
        raise NotImplementedError()

    def respond_with_file(self, http_request: Any, dataset: Any) -> Any:
        raise NotImplementedError()

    def respond_with_delay(self, http_request: Any, dataset: Any) -> Any:
        raise NotImplementedError()


class WriterPattern(SimplePattern):
    """Writes the file with ``write_bytes``, at once or later; implement ``get_items``,
    ``evaluate_dataset`` and ``write_bytes``. ``schedule``, ``send_notification`` and
    ``create_delayed_response`` do nothing here (see :class:`FullPattern`)."""

    criteria_class: type[Criteria] = QueryDictCriteriaWithRequester
    file_type: str | None = None
    file_description: str | None = None
    content_type: str | None = None
    buffer_class: Any = BytesIO
    requester_only = True
    signer: Any = None
    content_as_attachment = True

    def __init__(self, filename: str | None = None) -> None:
        self.filename = filename

    def build_dataset(self, http_request: Any) -> Dataset:
        criteria = self.criteria_class.build(http_request)
        dataset = Dataset(criteria, items=self.get_items(criteria))
        self.evaluate_dataset(dataset, http_request)
        return dataset

    def write_to_buffer(self, dataset: Any) -> bytes:
        """The file's bytes: ``write_bytes`` into a fresh ``get_buffer_class()``."""
        buffer = self.get_buffer_class()()
        try:
            self.write_bytes(dataset, buffer)
            return bytes(buffer.getvalue())
        finally:
            buffer.close()

    def respond_with_file(self, http_request: HttpRequest, dataset: Any) -> Any:
        """The file, written now, served by the native ``serve_file``."""
        return serve_file(
            http_request,
            self.write_to_buffer(dataset),
            filename=self.get_filename(),
            content_type=self.content_type,
            as_attachment=self.content_as_attachment,
        )

    def respond_with_delay(self, http_request: Any, dataset: Any) -> Any:
        file_request = toolbox.add_request(**self.get_file_request_data(http_request, dataset))
        schedule = self.schedule(file_request, http_request, dataset)
        return self.create_delayed_response(file_request, http_request, dataset, schedule)

    def get_items(self, criteria: Any) -> Any:
        raise NotImplementedError()

    def evaluate_dataset(self, dataset: Any, http_request: Any) -> None:
        """Set ``dataset.delay``."""
        raise NotImplementedError()

    def schedule(self, file_request: Any, http_request: Any, dataset: Any) -> Any:
        """Nothing: ``manage.py bgfiles process`` (or your own task) makes the file."""
        return None

    def write_bytes(self, dataset: Any, output: Any) -> None:
        raise NotImplementedError()

    def create_file(self, file_request: Any) -> Any:
        """Make the file of ``file_request``, attach it, and notify with a token (bound to the
        requester when ``is_requester_only()``); returns ``send_notification``'s result."""
        criteria = self.criteria_class.restore_from(file_request)
        dataset = Dataset(criteria, self.get_items(criteria))
        contents = ContentFile(self.write_to_buffer(dataset))
        toolbox.attach_file(file_request, contents, self.get_filename(), self.get_content_type())
        data = self.get_token_data(file_request)
        if self.is_requester_only():
            token = toolbox.create_token(file_request, data=data, signer=self.get_signer())
        else:
            token = toolbox.create_general_token(file_request, data=data, signer=self.get_signer())
        return self.send_notification(file_request, token)

    def send_notification(self, file_request: Any, token: str) -> Any:
        return None

    def get_file_request_data(self, http_request: Any, dataset: Any) -> dict[str, Any]:
        """``add_request``'s arguments; ``filename`` (an addition) names the file early. An
        anonymous visitor is no requester (the download then has no owner)."""
        user = getattr(http_request, "user", None)
        return {
            "criteria": dataset.criteria.marshall(),
            "file_type": self.get_file_type() or "",
            "description": self.get_file_description() or "",
            "requester": user if getattr(user, "is_authenticated", False) else None,
            "content_type": self.get_content_type() or "",
            "filename": self.get_filename() or "",
        }

    def get_token_data(self, file_request: Any) -> dict[str, Any]:
        return {}

    def get_content_type(self) -> str | None:
        return self.content_type

    def get_file_type(self) -> str | None:
        return self.file_type

    def get_file_description(self) -> str | None:
        return self.file_description

    def get_filename(self) -> str | None:
        return self.filename

    def is_requester_only(self) -> bool:
        return self.requester_only

    def get_buffer_class(self) -> Any:
        return self.buffer_class

    def get_signer(self) -> Any:
        return self.signer or None

    def create_delayed_response(
        self, file_request: Any, http_request: Any, dataset: Any, schedule: Any
    ) -> Any:
        return None

    @classmethod
    def restore(cls, file_request: Any) -> WriterPattern:
        """The pattern for ``file_request``, made with its file name."""
        return cls(file_request.filename)

    @classmethod
    def handle(cls, file_request: Any) -> Any:
        """``restore`` and ``create_file``: what ``registry.dispatch`` calls."""
        return cls.restore(file_request).create_file(file_request)


class FullPattern(DelayedTemplateResponseMixin, EmailNotificationMixin, WriterPattern):
    """A template page when delayed and an e-mail when the file is ready; implement
    ``get_items``, ``evaluate_dataset`` and ``write_bytes``."""
