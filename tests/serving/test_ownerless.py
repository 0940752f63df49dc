"""Downloads nobody owns: in no one's list, served by general signed links only; and the extra
data, key and salt a link token can carry."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import signing
from django.test import Client

from django_dlwidget.downloads.links import (
    SALT,
    LinkInvalid,
    make_link,
    make_token,
    read_token,
)
from django_dlwidget.downloads.listing import snapshot
from django_dlwidget.live.versions import get_version
from django_dlwidget.models import Download

from .conftest import BODY, MakeDownload

pytestmark = pytest.mark.django_db


@pytest.fixture
def orphan(make_download: MakeDownload) -> Download:
    download = make_download()
    Download.objects.filter(key=download.key).update(owner=None)
    download.refresh_from_db()
    assert download.owner_id is None
    return download


def test_a_general_link_serves_it_to_anyone(orphan: Download, client: Client) -> None:
    response = client.get(make_link(orphan, user_bound=False))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == BODY  # type: ignore[attr-defined]


def test_a_user_bound_link_is_a_clear_error(orphan: Download) -> None:
    with pytest.raises(ValueError, match="no owner"):
        make_link(orphan)
    with pytest.raises(ValueError, match="user_bound=False"):
        make_token(orphan, user_bound=True)


def test_no_user_bound_endpoint_serves_it(
    orphan: Download, owner_client: Client, owner: User
) -> None:
    for path in (f"/dlwidget/downloads/{orphan.key}/", f"/dlwidget/downloads/{orphan.key}/file/"):
        assert owner_client.get(path).status_code == 404
    assert owner_client.post(f"/dlwidget/downloads/{orphan.key}/cancel/").status_code == 404
    assert owner_client.delete(f"/dlwidget/downloads/{orphan.key}/").status_code == 404
    assert Download.objects.filter(key=orphan.key).exists()
    # A user-bound token naming "None" as its user is refused like any other user's.
    forged = signing.TimestampSigner(salt=SALT).sign_object(
        {"k": orphan.key.hex, "m": 3600, "u": "None"}, compress=True
    )
    assert owner_client.get(f"/dlwidget/links/{forged}/").status_code == 404


def test_it_is_in_no_ones_list(orphan: Download, owner: User) -> None:
    assert snapshot(owner.pk)["downloads"] == []
    assert snapshot(None)["downloads"] == []


def test_its_changes_publish_nothing(
    owner: User, django_capture_on_commit_callbacks: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django_dlwidget.downloads.lifecycle import clear_download, init_download, save_download
    from django_dlwidget.live import publish

    published: list[Any] = []
    monkeypatch.setattr(publish, "publish_now", lambda *args, **kwargs: published.append(args))
    before = get_version(None)
    with django_capture_on_commit_callbacks(execute=True):
        download = init_download(None, "nobody.csv")
        save_download(download.key, [[1, 2]])
        clear_download(download.key)
    assert published == []
    assert get_version(None) == before
    with django_capture_on_commit_callbacks(execute=True):
        init_download(owner, "owned.csv")
    assert len(published) == 1  # the same path publishes an owned download


def test_token_data_key_and_salt(make_download: MakeDownload) -> None:
    download = make_download()
    token = make_token(download, data={"report": "a", "n": [1, 2]})
    link = read_token(token)
    assert (link.key, link.owner_id, dict(link.data)) == (
        download.key,
        str(download.owner_id),
        {"report": "a", "n": [1, 2]},
    )
    assert read_token(make_token(download)).data == {}  # tokens without data read as before
    own = make_token(download, user_bound=False, key="k" * 50, salt="mine", max_age=timedelta(1))
    assert read_token(own, key="k" * 50, salt="mine").owner_id is None
    for kwargs in ({}, {"key": "k" * 50}, {"salt": "mine"}, {"key": "x" * 50, "salt": "mine"}):
        with pytest.raises(LinkInvalid):
            read_token(own, **kwargs)


def test_tokens_made_before_data_existed_stay_valid(make_download: MakeDownload) -> None:
    download = make_download()
    old = signing.TimestampSigner(salt=SALT).sign_object(
        {"k": download.key.hex, "m": 3600, "u": str(download.owner_id)}, compress=True
    )
    assert read_token(old).key == download.key


def test_data_that_is_not_an_object_is_invalid(make_download: MakeDownload) -> None:
    download = make_download()
    bad = signing.TimestampSigner(salt=SALT).sign_object(
        {"k": download.key.hex, "m": 3600, "d": [1]}, compress=True
    )
    with pytest.raises(LinkInvalid):
        read_token(bad)
