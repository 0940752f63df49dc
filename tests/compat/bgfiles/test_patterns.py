"""``compat.bgfiles.patterns``: inline or recorded, then made, attached and e-mailed."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.core.signing import BadSignature
from django.test import Client, RequestFactory, override_settings
from django.utils import translation

from django_dlwidget.compat.bgfiles import toolbox
from django_dlwidget.compat.bgfiles.models import FileRequest
from django_dlwidget.compat.bgfiles.patterns import (
    Criteria,
    Dataset,
    FullPattern,
    InvalidCriteria,
    InvalidForm,
    QueryDictCriteria,
    QueryDictCriteriaWithRequester,
    SimplePattern,
    WriterPattern,
)
from django_dlwidget.compat.bgfiles.patterns.celery import ScheduleWithCeleryPattern
from django_dlwidget.downloads.links import read_token
from django_dlwidget.models import DownloadStatus

from .patterns import FILE_TYPE, CountingReport

pytestmark = pytest.mark.django_db


def test_criteria_and_exceptions(requester: User) -> None:
    assert issubclass(InvalidForm, InvalidCriteria)
    form = object()
    assert InvalidForm("bad", form=form).form is form
    get = RequestFactory().get("/?abc=def&x=1&x=2")
    get.user = requester
    criteria = QueryDictCriteriaWithRequester.build(get)
    assert criteria.user == requester
    stored = FileRequest(requester=requester, criteria=criteria.marshall())  # type: ignore[misc]
    back = QueryDictCriteriaWithRequester.restore_from(stored)
    assert (back.raw.getlist("x"), back.user) == (["1", "2"], requester)
    post = RequestFactory().post("/", {"a": "b"})
    assert QueryDictCriteria.build(post).raw == post.POST
    assert QueryDictCriteria.restore_from(FileRequest(criteria="a=b")).raw["a"] == "b"  # type: ignore[misc]
    with pytest.raises(RuntimeError):
        QueryDictCriteria.build(RequestFactory().delete("/"))
    with pytest.raises(NotImplementedError):
        Criteria({}).marshall()
    with pytest.raises(NotImplementedError):
        Criteria.restore_from(FileRequest())
    with pytest.raises(NotImplementedError):
        Criteria.build(get)
    with override_settings(BG_FILES_CRITERIA_ENCODING="utf-8"):  # encoded before parsing
        restored = QueryDictCriteria.restore_from(FileRequest(criteria="name=caf%C3%A9&b=1"))  # type: ignore[misc]
    assert (restored.raw["name"], restored.raw["b"]) == ("café", "1")
    dataset = Dataset("c")
    assert (dataset.criteria, dataset.items, dataset.delay) == ("c", None, False)


def test_simple_and_writer_patterns_leave_the_work_to_you() -> None:
    for method, args in (
        ("build_dataset", (None,)),
        ("respond_with_file", (None, None)),
        ("respond_with_delay", (None, None)),
    ):
        with pytest.raises(NotImplementedError):
            getattr(SimplePattern(), method)(*args)
    writer = WriterPattern("a.csv")
    for method, args in (
        ("get_items", (None,)),
        ("evaluate_dataset", (None, None)),
        ("write_bytes", (None, None)),
    ):
        with pytest.raises(NotImplementedError):
            getattr(writer, method)(*args)
        with pytest.raises(NotImplementedError):
            getattr(FullPattern(), method)(*args)
    assert writer.schedule(None, None, None) is None
    assert writer.send_notification(None, "t") is None
    assert writer.create_delayed_response(None, None, None, None) is None
    assert (writer.get_filename(), writer.get_signer(), writer.get_token_data(None)) == (
        "a.csv",
        None,
        {},
    )
    assert writer.is_requester_only()
    assert writer.content_as_attachment


def test_a_small_export_is_served_at_once(requester: User) -> None:
    client = Client()
    client.force_login(requester)
    response = client.get("/report/", {"count": "3"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv"
    assert response["Content-Disposition"].startswith('attachment; filename="numbers.csv"')
    assert b"".join(response.streaming_content) == b"n\r\n1\r\n2\r\n3\r\n"  # type: ignore[attr-defined]
    assert not FileRequest.objects.exists()
    inline = type("Inline", (CountingReport,), {"content_as_attachment": False})
    http_request = RequestFactory().get("/", {"count": "1"})
    http_request.user = requester
    delayed, response = inline("n.csv").respond_to(http_request)
    assert not delayed
    assert response["Content-Disposition"].startswith("inline;")


def test_a_large_export_is_recorded_and_the_delayed_page_rendered(requester: User) -> None:
    client = Client()
    client.force_login(requester)
    response = client.post("/report/", {"count": "9"})
    request = FileRequest.objects.get()
    assert response.status_code == 200
    assert response.content.decode().strip() == f"Delayed {FILE_TYPE} {request.id} None"
    assert (request.file_type, request.requester, request.description) == (
        FILE_TYPE,
        requester,
        "Counting <report>",
    )
    assert (request.criteria, request.content_type, request.filename) == (
        "count=9",
        "text/csv",
        "numbers.csv",
    )
    assert request.status == DownloadStatus.PENDING


def test_handle_makes_attaches_and_emails(requester: User, media: Path) -> None:
    with translation.override("de"):
        request = toolbox.add_request(
            "count=7",
            FILE_TYPE,
            requester,
            "text/csv",
            "Counting <report>",
            filename="numbers.csv",
        )
    assert CountingReport.handle(request) == 1
    request.refresh_from_db()
    assert request.status == DownloadStatus.READY
    assert Path(request.filehandle.path).read_bytes() == b"n\r\n" + b"".join(
        f"{n}\r\n".encode() for n in range(1, 8)
    )
    (message,) = mail.outbox
    assert message.to == ["req@example.com"]
    assert message.from_email == "reports@example.com"
    assert message.subject == f"Your file numbers.csv ({FILE_TYPE}) is ready"
    url = message.body.split(" at ")[1].strip()
    token = url.removeprefix("https://files.example.com/files/").strip("/")
    found, data = toolbox.decode(token)
    assert found == request
    assert data["requester"] == requester.pk
    assert message.body.startswith("Get Counting <report> at https://files.example.com/")
    assert isinstance(message, EmailMultiAlternatives)
    html, mimetype = message.alternatives[0]
    assert isinstance(html, str)
    assert mimetype == "text/html"
    assert "Counting &lt;report&gt;" in html  # values are escaped in the HTML part
    assert "<a href='https://files.example.com/files/" in html


def test_general_tokens_token_data_and_a_native_link(requester: User, media: Path) -> None:
    class Shared(CountingReport):
        requester_only = False
        download_url = None
        email_html_message = None

        def get_token_data(self, file_request: Any) -> dict[str, Any]:
            return {"report": "shared"}

        def send_notification(self, file_request: Any, token: str) -> int:
            sent.append(token)
            return super().send_notification(file_request, token)

    sent: list[str] = []

    request = toolbox.add_request("count=2", FILE_TYPE, requester, filename="s.csv")
    Shared.handle(request)
    data = toolbox.get_default_signer().load(sent[0])
    assert data == {"report": "shared", "id": str(request.id)}
    (message,) = mail.outbox
    assert not getattr(message, "alternatives", [])
    link = message.body.split(" at ")[1].strip()
    assert link.startswith("https://files.example.com/dlwidget/links/")
    native = read_token(link.rstrip("/").rsplit("/", 1)[1])
    assert (native.key, native.owner_id) == (request.key, None)  # a general native link


def test_a_request_without_a_requester_is_made_without_an_email(media: Path) -> None:
    request = toolbox.add_request("count=2", FILE_TYPE, filename="n.csv")

    class General(CountingReport):
        requester_only = False

    assert General.handle(request) == 0
    assert FileRequest.objects.get(id=request.id).status == DownloadStatus.READY
    assert mail.outbox == []


def test_the_celery_pattern_schedules_the_task(requester: User) -> None:
    calls: list[dict[str, Any]] = []

    class FakeTask:
        def apply_async(self, **kwargs: Any) -> str:
            calls.append(kwargs)
            return "scheduled"

    class Celeried(ScheduleWithCeleryPattern):
        task = FakeTask()
        seen_languages: list[str | None] = []
        file_type = FILE_TYPE
        delayed_template_name = "bgfiles_tests/delayed.html"
        get_items = CountingReport.get_items
        evaluate_dataset = CountingReport.evaluate_dataset

        def get_task_kwargs(self, *args: Any) -> dict[str, Any]:
            return {"priority": 1}

    http_request = RequestFactory().get("/", {"count": "8"})
    http_request.user = AnonymousUser()
    delayed, response = Celeried("n.csv").respond_to(http_request)
    request = FileRequest.objects.get()
    assert delayed
    assert request.requester is None  # an anonymous visitor is no requester
    assert calls == [{"args": [request.id], "kwargs": {"priority": 1}}]
    assert isinstance(request.id, uuid.UUID)
    assert response.content.decode().strip() == f"Delayed {FILE_TYPE} {request.id} scheduled"


def test_a_patterns_buffer_signer_and_delayed_context(requester: User, media: Path) -> None:
    import io

    written: list[type] = []
    sent: list[str] = []
    signer = toolbox.Signer(key="p" * 50, salt="reports")

    class Buffer(io.BytesIO):
        def __init__(self) -> None:
            super().__init__()
            written.append(type(self))

    class Custom(CountingReport):
        buffer_class = Buffer

        def get_signer(self) -> Any:
            return signer

        def get_delayed_context_data(self, **kwargs: Any) -> dict[str, Any]:
            return {**kwargs, "extra": "more"}

        def send_notification(self, file_request: Any, token: str) -> int:
            sent.append(token)
            return 0

    http_request = RequestFactory().get("/", {"count": "6"})
    http_request.user = requester
    delayed, response = Custom("n.csv").respond_to(http_request)
    assert delayed
    assert response.content.decode().strip().endswith("None more")
    request = FileRequest.objects.get()
    Custom.handle(request)
    assert written == [Buffer]
    found, _data = toolbox.decode(sent[0], signer=signer)  # signed with the pattern's signer
    assert found == request
    with pytest.raises(BadSignature):
        toolbox.decode(sent[0])


urlpatterns: list[Any] = []  # a site that includes neither django_dlwidget.urls nor a SITE_URL


def test_an_absolute_download_url_needs_no_site_url_nor_native_urls(
    requester: User, media: Path, settings: Any
) -> None:
    settings.DLWIDGET = {}
    settings.ROOT_URLCONF = __name__
    request = toolbox.add_request("count=1", FILE_TYPE, requester, filename="o.csv")
    assert CountingReport.handle(request) == 1
    (message,) = mail.outbox
    assert " at https://files.example.com/files/" in message.body
