"""Container formats are sniffed by what they hold and match their family's names; nothing else
gets through that did not before."""

from __future__ import annotations

import gzip
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from django_dlwidget.uploads.sniff import normalise_accept, sniff_stream, type_accepted
from django_dlwidget.uploads.validation import UploadRejected, check_uploaded_file
from tests.uploads import samples

SAMPLES = {
    "vorbis": (samples.ogg_vorbis(), "audio/ogg"),
    "opus": (samples.ogg_opus(), "audio/ogg"),
    "theora": (samples.ogg_theora(), "video/ogg"),
    "webm": (samples.ebml("webm"), "video/webm"),
    "matroska": (samples.ebml("matroska"), "video/x-matroska"),
    "mp4": (samples.mp4(), "video/mp4"),
    "m4a": (samples.m4a(), "audio/mp4"),
    "quicktime": (samples.quicktime(), "video/quicktime"),
}


def sniffed(name: str) -> str:
    return sniff_stream(io.BytesIO(SAMPLES[name][0]))


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_each_container_is_named_by_what_it_holds(name: str) -> None:
    assert sniffed(name) == SAMPLES[name][1]


def test_an_ogg_stream_of_an_unknown_codec_stays_application_ogg() -> None:
    unknown = samples.ogg_page(b"\x02unknown-codec", sequence=0, first=True)
    assert sniff_stream(io.BytesIO(unknown)) == "application/ogg"
    assert not type_accepted("application/ogg", "x.ogg", ("audio/ogg",))
    assert not type_accepted("application/ogg", "x.ogg", ("audio/*",))
    assert type_accepted("application/ogg", "x.ogg", ("application/ogg",))


ACCEPTED = [
    ("vorbis", "audio/ogg"),
    ("vorbis", ".ogg"),
    ("vorbis", ".oga"),
    ("vorbis", "audio/*"),
    ("vorbis", "application/ogg"),
    ("opus", "audio/ogg"),
    ("theora", "video/ogg"),
    ("theora", ".ogv"),
    ("theora", "video/*"),
    ("webm", "video/webm"),
    ("webm", "audio/webm"),
    ("webm", ".webm"),
    ("webm", ".mkv"),
    ("webm", "video/*"),
    ("webm", "audio/*"),
    ("matroska", ".mkv"),
    ("matroska", "video/x-matroska"),
    ("matroska", "video/*"),
    ("mp4", "video/mp4"),
    ("mp4", "audio/mp4"),
    ("mp4", ".m4a"),
    ("mp4", ".mov"),
    ("mp4", "video/quicktime"),
    ("m4a", ".m4a"),
    ("m4a", "audio/*"),
    ("m4a", "video/mp4"),
    ("quicktime", ".mov"),
    ("quicktime", "video/quicktime"),
    ("quicktime", ".mp4"),
]


@pytest.mark.parametrize(("name", "accept"), ACCEPTED)
def test_a_container_matches_every_name_of_its_family(name: str, accept: str) -> None:
    assert type_accepted(sniffed(name), f"upload{accept if accept[0] == '.' else ''}", (accept,))


REFUSED = [
    ("vorbis", "video/*"),
    ("vorbis", "video/ogg"),
    ("vorbis", ".ogv"),
    ("vorbis", "audio/webm"),
    ("vorbis", "audio/mp4"),
    ("vorbis", "image/*"),
    ("theora", "audio/ogg"),
    ("theora", "audio/*"),
    ("webm", "audio/ogg"),
    ("webm", "video/mp4"),
    ("webm", ".ogg"),
    ("matroska", "video/webm"),
    ("matroska", ".webm"),
    ("mp4", "video/webm"),
    ("mp4", "audio/ogg"),
    ("mp4", ".ogg"),
    ("m4a", "image/*"),
    ("quicktime", ".webm"),
]


@pytest.mark.parametrize(("name", "accept"), REFUSED)
def test_a_container_is_refused_outside_its_family(name: str, accept: str) -> None:
    # The file's own name never helps: a Vorbis file named .ogv is still audio.
    filename = f"upload{accept}" if accept.startswith(".") else "upload.bin"
    assert not type_accepted(sniffed(name), filename, normalise_accept(accept))


def test_a_name_alone_never_makes_other_content_a_container() -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    mime = sniff_stream(io.BytesIO(png))
    assert mime == "image/png"
    for accept in ("audio/ogg", ".ogg", "audio/*", ".webm", "video/mp4", ".mov"):
        assert not type_accepted(mime, "song.ogg", (accept,))
    # Markup behind an Ogg signature is markup: active content never passes as a container.
    html = sniff_stream(io.BytesIO(b"OggS<!doctype html><script>alert(1)</script>"))
    assert html == "text/html"
    assert not type_accepted(html, "x.ogg", ("audio/ogg", ".ogg", "audio/*"))


def test_markup_disguised_behind_a_container_signature_is_still_active() -> None:
    disguised = samples.ebml("webm") + b"<svg onload=alert(1)>"
    assert sniff_stream(io.BytesIO(disguised)) == "image/svg+xml"
    assert not type_accepted("image/svg+xml", "x.webm", ("video/webm",))


def test_a_real_ogg_vorbis_file_passes_a_field_that_accepts_audio_ogg() -> None:
    file = SimpleUploadedFile("seagull.ogg", samples.ogg_vorbis(), "application/octet-stream")
    check_uploaded_file(file, max_size=None, accept=("audio/ogg",))
    assert file.content_type == "audio/ogg"
    with pytest.raises(UploadRejected) as refused:
        check_uploaded_file(file, max_size=None, accept=("video/*",))
    assert refused.value.code == "wrong_type"


def test_archives_pass_their_extension_and_type() -> None:
    """A ZIP is sniffed as whatever puremagic names first (a Word file), a gzip file as
    ``application/x-gzip``: each still matches ``.zip`` and ``.gz``."""
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w") as archive:
        archive.writestr("a.txt", "hi")
    zipped = sniff_stream(io.BytesIO(packed.getvalue()))
    for accept in (".zip", "application/zip", ".docx"):
        assert type_accepted(zipped, "a.zip", (accept,)), accept
    gzipped = sniff_stream(io.BytesIO(gzip.compress(b"a,b\n1,2\n")))
    for accept in (".gz", "application/gzip", "application/x-gzip"):
        assert type_accepted(gzipped, "a.csv.gz", (accept,)), accept
    assert not type_accepted(gzipped, "a.csv.gz", (".csv",))
    assert not type_accepted(sniff_stream(io.BytesIO(b"\x00\x01\x02")), "a.xyz", (".xyz",))
