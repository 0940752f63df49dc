"""``bgfiles.patterns`` criteria: what a request was asked for, stored as the download's
``params`` (``FileRequest.criteria``) and read back when its file is made."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, QueryDict

__all__ = [
    "Criteria",
    "Dataset",
    "InvalidCriteria",
    "InvalidForm",
    "QueryDictCriteria",
    "QueryDictCriteriaWithRequester",
]


class InvalidCriteria(Exception):
    """The criteria a pattern was given are not valid."""


class InvalidForm(InvalidCriteria):
    """Invalid criteria from a form; the form is on ``.form`` (keyword ``form=``, required)."""

    def __init__(self, *args: Any, form: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.form = form


class Criteria:
    """Criteria that can be stored on a request (``marshall``) and read back (``restore_from``)."""

    def __init__(self, raw: Any) -> None:
        self.raw = raw

    def marshall(self) -> str:
        raise NotImplementedError()

    @classmethod
    def restore_from(cls, file_request: Any) -> Criteria:
        raise NotImplementedError()

    @classmethod
    def build(cls, http_request: HttpRequest) -> Criteria:
        raise NotImplementedError()


class QueryDictCriteria(Criteria):
    """The request's ``GET`` or ``POST`` (by its method), stored URL-encoded."""

    def marshall(self) -> str:
        return str(self.sanitize(self.raw).urlencode())

    @classmethod
    def sanitize(cls, raw: Any) -> Any:
        """What of ``raw`` is stored; everything by default."""
        return raw

    @classmethod
    def restore_from(cls, file_request: Any) -> QueryDictCriteria:
        return cls(cls.criteria_query_dict(file_request))

    @classmethod
    def build(cls, http_request: HttpRequest) -> QueryDictCriteria:
        return cls(cls.http_query_dict(http_request))

    @classmethod
    def criteria_query_dict(cls, file_request: Any) -> QueryDict:
        """The stored criteria as a ``QueryDict`` (encoded first with
        ``BG_FILES_CRITERIA_ENCODING`` when that is set)."""
        encoding = getattr(settings, "BG_FILES_CRITERIA_ENCODING", None)
        criteria: str | bytes = file_request.criteria
        if encoding:
            criteria = str(criteria).encode(encoding)
        return QueryDict(query_string=criteria)

    @classmethod
    def http_query_dict(cls, http_request: HttpRequest) -> QueryDict:
        """``POST`` for a POST, ``GET`` for a GET; ``RuntimeError`` for any other method."""
        if http_request.method == "POST":
            return http_request.POST
        if http_request.method == "GET":
            return http_request.GET
        raise RuntimeError("Only GET and POST requests carry QueryDict criteria")


class QueryDictCriteriaWithRequester(QueryDictCriteria):
    """:class:`QueryDictCriteria` and the user (the requester; not stored in the criteria)."""

    def __init__(self, raw: Any, user: Any) -> None:
        super().__init__(raw)
        self.user = user

    @classmethod
    def restore_from(cls, file_request: Any) -> QueryDictCriteriaWithRequester:
        return cls(cls.criteria_query_dict(file_request), file_request.requester)

    @classmethod
    def build(cls, http_request: HttpRequest) -> QueryDictCriteriaWithRequester:
        return cls(cls.http_query_dict(http_request), getattr(http_request, "user", None))


class Dataset:
    """The criteria, the items they select, and whether making the file is delayed."""

    def __init__(self, criteria: Any, items: Any = None, delay: bool = False) -> None:
        self.criteria = criteria
        self.items = items
        self.delay = delay
