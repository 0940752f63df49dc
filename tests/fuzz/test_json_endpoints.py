"""The download centre's JSON endpoints (list, detail, clear, cancel, file, signed links) and a
project's start view, with hostile methods, keys, tokens, conditional and Range headers."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from django_dlwidget import init_download, save_download
from django_dlwidget.downloads.links import make_token

from .checks import FUZZ, check_answer
from .strategies import bodies, junk

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.fuzz.urls")]


@pytest.fixture
def keys(user: User, other: User) -> dict[str, Any]:
    pending = init_download(user, "pending.csv")
    ready = save_download(init_download(user, "ready.csv").key, file=b"a,b\n1,2\n" * 50)
    theirs = save_download(init_download(other, "theirs.csv").key, file=b"secret\n")
    general = save_download(init_download(None, "anyone.bin").key, file=b"\x00" * 300)
    return {
        "keys": [pending.key.hex, str(ready.key), str(theirs.key), str(uuid.uuid4())],
        "tokens": [
            make_token(ready),
            make_token(theirs),
            make_token(general, user_bound=False),
            make_token(ready)[:-3] + "abc",
        ],
    }


ranges = st.one_of(
    st.sampled_from(["bytes=0-1", "bytes=-5", "bytes=5-", "bytes=0-0,2-3", "bytes=9-1"]),
    st.sampled_from(["bytes=99999999999999999999-", "bytes=-0", "bytes=", "items=0-1"]),
    junk,
)
conditional = st.one_of(st.sampled_from(["*", '"x"', 'W/"x"', '"dlwidget-list"']), junk)
extra_headers = st.fixed_dictionaries(
    {},
    optional={
        "Range": ranges,
        "If-Range": conditional,
        "If-None-Match": conditional,
        "If-Match": conditional,
        "If-Modified-Since": junk,
        "Accept": st.sampled_from(["application/json", "text/html", "*/*", ""]),
        "X-HTTP-Method-Override": st.sampled_from(["DELETE", "GET", "PATCH"]),
    },
)
methods = st.sampled_from(["GET", "GET", "HEAD", "POST", "DELETE", "PUT", "PATCH", "OPTIONS"])


@st.composite
def paths(draw: st.DrawFn, keys: list[str], tokens: list[str]) -> str:
    key = draw(st.one_of(st.sampled_from(keys), junk.map(lambda text: text.replace("/", ""))))
    token = draw(st.one_of(st.sampled_from(tokens), junk.map(lambda text: text.replace("/", ""))))
    return draw(
        st.sampled_from(
            [
                "/dlwidget/downloads/",
                f"/dlwidget/downloads/{key}/",
                f"/dlwidget/downloads/{key}/cancel/",
                f"/dlwidget/downloads/{key}/file/",
                f"/dlwidget/links/{token}/",
                f"/dlwidget/{key}",
                "/start/",
            ]
        )
    )


start_bodies = st.one_of(
    st.fixed_dictionaries(
        {"filename": st.one_of(junk, st.sampled_from(["x.csv.gz", "../a", "", "a" * 400]))},
        optional={"name": st.one_of(junk, st.integers(), st.none())},
    ).map(lambda value: json.dumps(value).encode()),
    bodies,
)


@FUZZ
@given(data=st.data())
def test_json_endpoints_never_fail(
    client: Client, other: User, keys: dict[str, Any], data: st.DataObject
) -> None:
    anonymous = Client(raise_request_exception=False)
    for _ in range(data.draw(st.integers(1, 3), label="requests")):
        method = data.draw(methods, label="method")
        path = data.draw(paths(keys["keys"], keys["tokens"]), label="path")
        query = data.draw(st.one_of(st.just(""), junk), label="query")
        headers = data.draw(extra_headers, label="headers")
        body = data.draw(start_bodies if path == "/start/" else bodies, label="body")
        who = anonymous if data.draw(st.integers(0, 5), label="anonymous") == 5 else client
        response = who.generic(
            method,
            f"{path}?{query}" if query else path,
            body,
            content_type="application/json",
            headers=headers,
        )
        streamed = getattr(response, "streaming_content", ())
        content = b"".join(streamed) if response.streaming else response.content
        check_answer("json", method, response.status_code, response.headers, content)
