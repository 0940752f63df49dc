"""Hostile request parts: header values that are almost right, plainly wrong, huge, empty or
not text at all, for the tus headers (core protocol, extensions, the IETF draft) and others."""

from __future__ import annotations

import base64
import uuid

from hypothesis import strategies as st

UPLOADS = "/dlwidget/uploads/"
OCTET = "application/offset+octet-stream"

# Header values a real client never sends but an attacker may: latin-1 only (what HTTP carries).
junk = st.text(st.characters(min_codepoint=32, max_codepoint=255), max_size=40)
small = st.integers(0, 70).map(str)
numbers = st.one_of(
    small,
    small,
    small,
    st.integers(-3, 5000).map(str),
    st.integers(-(2**70), 2**70).map(str),
    st.sampled_from(["", " 5", "5 ", "1.0", "0x10", "1e3", "+5", "-0", "05", "9" * 40]),
    junk,
)


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


metadata_pair = st.one_of(
    st.tuples(
        st.sampled_from(["filename", "filetype", "name", "type", "x", ""]),
        st.one_of(
            st.binary(max_size=40).map(_b64),
            st.sampled_from(["../../etc/passwd", "a.html", "\x00.txt", "x" * 300]).map(
                lambda name: _b64(name.encode("utf-8"))
            ),
            junk,
        ),
    ).map(" ".join),
    junk,
)
metadata = st.lists(metadata_pair, max_size=4).map(",".join)
checksums = st.one_of(
    st.tuples(
        st.sampled_from(["sha1", "md5", "crc32", "sha256", "SHA1", "", "nope"]),
        st.one_of(st.binary(min_size=0, max_size=32).map(_b64), junk),
    ).map(" ".join),
    junk,
)
interop = st.one_of(st.sampled_from(["3", "4", "5", "6", "7", "0", "-1", "99"]), junk)
structured_bool = st.one_of(st.sampled_from(["?0", "?1", "?2", "1", "0", "true", ""]), junk)


def known(urls: list[str]) -> st.SearchStrategy[str]:
    """One of ``urls`` (the uploads created so far), drawn the same way whatever they are: the
    choices must not depend on what the server answered, or a replayed example would differ."""
    return st.integers(0, 7).map(lambda index: urls[index % len(urls)] if urls else UPLOADS)


def concat(urls: list[str]) -> st.SearchStrategy[str]:
    """``partial``, or ``final;`` with known, unknown, repeated or malformed parts."""
    part = st.one_of(
        known(urls),
        st.uuids().map(lambda value: f"{UPLOADS}{value}/"),
        st.just("http://elsewhere.example/dlwidget/uploads/x/"),
        junk,
    )
    final = st.lists(part, max_size=6).map(lambda parts: "final;" + " ".join(parts))
    return st.one_of(st.just("partial"), final, junk)


def hostile(urls: list[str]) -> dict[str, st.SearchStrategy[str]]:
    """Each header a tus (or IETF draft) server reads, with hostile values."""
    return {
        "Tus-Resumable": st.one_of(st.sampled_from(["0.2.2", "", "1.0"]), junk),
        "Upload-Length": numbers,
        "Upload-Offset": numbers,
        "Upload-Defer-Length": st.one_of(st.just("1"), numbers),
        "Upload-Metadata": metadata,
        "Upload-Concat": concat(urls),
        "Upload-Checksum": checksums,
        "Upload-Complete": structured_bool,
        "Upload-Incomplete": structured_bool,
        "Upload-Draft-Interop-Version": interop,
        "Content-Type": st.sampled_from([OCTET, "application/partial-upload", "text/plain", ""]),
        "X-HTTP-Method-Override": st.sampled_from(
            ["PATCH", "DELETE", "HEAD", "GET", "OPTIONS", "PUT", "patch", ""]
        ),
        "Upload-Expires": junk,
    }


@st.composite
def tus_headers(draw: st.DrawFn, urls: list[str]) -> dict[str, str]:
    """A plausible request (tus 1.0.0, or the IETF draft without Tus-Resumable) with up to
    four of its headers replaced or added with hostile values, and sometimes all at random."""
    bad = hostile(urls)
    if draw(st.integers(0, 9), label="fully random") == 9:
        chosen = draw(st.lists(st.sampled_from(sorted(bad)), unique=True, max_size=8))
        return {name: draw(bad[name], label=name) for name in chosen}
    size = draw(small, label="length")
    if draw(st.booleans(), label="draft"):
        headers = {"Upload-Draft-Interop-Version": draw(st.sampled_from(["5", "6", "6", "3"]))}
        headers["Upload-Complete"] = draw(st.sampled_from(["?0", "?1"]))
    else:
        headers = {"Tus-Resumable": "1.0.0", "Upload-Length": size}
    headers["Content-Type"] = OCTET
    headers["Upload-Offset"] = draw(st.sampled_from(["0", size]), label="offset")
    for name in draw(st.lists(st.sampled_from(sorted(bad)), unique=True, max_size=4)):
        headers[name] = draw(bad[name], label=name)
    return headers


def targets(urls: list[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        known(urls),
        known(urls),
        st.just(UPLOADS),
        st.uuids().map(lambda value: f"{UPLOADS}{value}/"),
        st.sampled_from([f"{UPLOADS}not-a-uuid/", f"{UPLOADS}{uuid.UUID(int=7)}/extra/"]),
    )


methods = st.sampled_from(["HEAD", "PATCH", "DELETE", "OPTIONS", "POST", "GET", "PUT"])
bodies = st.binary(max_size=64)
