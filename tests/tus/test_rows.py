"""The plain-SQL row read of every HEAD, PATCH and DELETE loads exactly what the ORM loads."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from django_dlwidget.models import Upload
from django_dlwidget.tus import rows

pytestmark = pytest.mark.django_db


def values(upload: Upload) -> dict[str, object]:
    return {field.attname: getattr(upload, field.attname) for field in Upload._meta.concrete_fields}


def test_a_full_row_reads_as_the_orm_reads_it(user: User) -> None:
    now = timezone.now()
    upload = Upload.objects.create(
        owner=user,
        length=12345,
        offset=678,
        metadata={"filename": "Résumé.pdf", "filetype": "application/pdf", "empty": ""},
        filename="Résumé.pdf",
        is_partial=True,
        complete=False,
        lease_token="abc",
        lease_expires=now + timedelta(seconds=30),
        lease_checksummed=True,
        expires=now + timedelta(days=1),
        reserved_to=9999,
    )
    read = rows.get(upload.pk)
    assert read is not None
    assert values(read) == values(Upload.objects.get(pk=upload.pk))
    assert read._state.adding is False
    assert read._state.db == "default"
    read.offset = 700
    read.save(update_fields=["offset"])  # an instance the ORM can save as its own
    assert Upload.objects.get(pk=upload.pk).offset == 700


def test_nulls_and_an_anonymous_owner_read_as_the_orm_reads_them() -> None:
    upload = Upload.objects.create(
        owner=None, session_key="s" * 32, length=None, parts=[], is_final=True
    )
    read = rows.get(upload.pk)
    assert read is not None
    assert values(read) == values(Upload.objects.get(pk=upload.pk))
    assert read.length is None
    assert read.lease_expires is None
    assert read.owner_id is None


def test_a_missing_row_is_none() -> None:
    assert rows.get(uuid.uuid4()) is None
