"""``inline_or_background`` in every format, and its page for plain HTML forms."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator, Sequence
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.template.response import TemplateResponse

from django_dlwidget import DownloadJob, download_task, inline_or_background
from django_dlwidget.downloads.writers import Rows
from django_dlwidget.models import Download

from .test_inline import body, request_for
from .writers.sheets import read_sheets

pytestmark = pytest.mark.django_db(transaction=True)


@download_task(format="xlsx", header=["id", "name"])
def users_xlsx(job: DownloadJob) -> Iterator[Sequence[Any]]:
    yield from User.objects.order_by("pk").values_list("pk", "username")


@download_task(format="jsonl", header=["id", "name"])
def users_jsonl(job: DownloadJob) -> Iterator[Sequence[Any]]:
    yield from User.objects.order_by("pk").values_list("pk", "username")


@download_task(format="zip")
def users_zip(job: DownloadJob) -> Iterator[tuple[str, Any]]:
    yield "users.csv", Rows(User.objects.values_list("pk", "username"))


def test_xlsx_inline(owner: User) -> None:
    response = inline_or_background(request_for(owner), [[1, "=x"]], users_xlsx, "u.xlsx")
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"].startswith('attachment; filename="u.xlsx"')
    assert response["X-Content-Type-Options"] == "nosniff"
    data = body(response)
    assert response["Content-Length"] == str(len(data))
    header, row = read_sheets(data)["sheet1"]
    assert (header["A"][1], row["B"][:2]) == ("id", ("inlineStr", "=x"))


def test_json_lines_inline(owner: User) -> None:
    response = inline_or_background(request_for(owner), [[1, "a"]], users_jsonl, "u.jsonl")
    assert response["Content-Type"] == "application/jsonl"
    assert body(response) == b'{"id":1,"name":"a"}\n'
    same = inline_or_background(
        request_for(owner), [[1, "a"]], users_jsonl, "u.jsonl", header=None, format="jsonl"
    )
    assert body(same) == b'{"id":1,"name":"a"}\n'  # None means "the task's header"


def test_zip_inline_counts_members(owner: User) -> None:
    members = [("a.csv", Rows([[1]])), ("b.txt", b"b")]
    response = inline_or_background(request_for(owner), members, users_zip, "u.zip", threshold=2)
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(body(response)))
    assert archive.namelist() == ["a.csv", "b.txt"]
    assert not Download.objects.exists()
    big = inline_or_background(request_for(owner), members, users_zip, "u.zip", threshold=1)
    assert big.status_code == 202
    assert Download.objects.get().content_type == "application/zip"


def test_the_format_can_differ_from_the_task(owner: User) -> None:
    response = inline_or_background(
        request_for(owner), [[1, "a"]], users_xlsx, "u.csv", format="csv"
    )
    assert body(response) == b"id,name\r\n1,a\r\n"
    with pytest.raises(ValueError, match="Unknown export format"):
        inline_or_background(request_for(owner), [], users_xlsx, "u", format="pdf")


def test_a_page_for_plain_forms(owner: User, settings: Any) -> None:
    settings.TEMPLATES = [
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "OPTIONS": {
                "loaders": [
                    (
                        "django.template.loaders.locmem.Loader",
                        {"started.html": "{{ download.name }} is {{ download.status }}; {{ to }}"},
                    )
                ]
            },
        }
    ]
    rows = [[1], [2]]
    response = inline_or_background(
        request_for(owner),
        rows,
        users_jsonl,
        "users.jsonl",
        threshold=1,
        template_name="started.html",
        context={"to": "see the download centre"},
    )
    assert isinstance(response, TemplateResponse)
    assert response.status_code == 202
    assert response.render().content == b"users.jsonl is ready; see the download centre"
    with pytest.raises(TypeError, match="not both"):
        inline_or_background(
            request_for(owner), rows, users_jsonl, "x", redirect_to="/", template_name="x.html"
        )
