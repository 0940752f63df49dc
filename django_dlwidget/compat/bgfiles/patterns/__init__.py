"""``bgfiles.patterns``: the predecessor's patterns (see :mod:`.base`), the ``registry`` and
the Celery variant (:mod:`.celery`)."""

from __future__ import annotations

from .base import (
    Criteria,
    Dataset,
    DelayedTemplateResponseMixin,
    EmailNotificationMixin,
    FullPattern,
    InvalidCriteria,
    InvalidForm,
    QueryDictCriteria,
    QueryDictCriteriaWithRequester,
    SimplePattern,
    WriterPattern,
)

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
