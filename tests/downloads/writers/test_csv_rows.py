"""The CSV writer: formula escaping, line ends, and any text encoding, with clear refusals."""

from __future__ import annotations

import io
import zipfile

import pytest

from django_dlwidget import DownloadError
from django_dlwidget.downloads.writers import (
    Content,
    CsvEncodingError,
    Rows,
    charset,
    check_encoding,
    csv_lines,
    write_csv,
    zip_chunks,
)
from django_dlwidget.downloads.writers.formats import stream_rows

ROWS = [["café", "=1+1"], [-5, "€"]]


def written(**kwargs: object) -> bytes:
    spool = write_csv(ROWS, header=["name", "value"], **kwargs)  # type: ignore[arg-type]
    with spool:
        return spool.read()


def test_utf8_by_default_with_escaped_formulas() -> None:
    assert written() == "name,value\r\ncafé,'=1+1\r\n-5,€\r\n".encode()


def test_utf8_sig_writes_one_byte_order_mark() -> None:
    data = written(encoding="utf-8-sig")
    assert data == b"\xef\xbb\xbf" + "name,value\r\ncafé,'=1+1\r\n-5,€\r\n".encode()
    assert b"".join(csv_lines([["a"], ["b"]], encoding="utf-8-sig")) == b"\xef\xbb\xbfa\r\nb\r\n"
    # Empty, too: the mark alone, so Excel still knows the file is UTF-8.
    assert b"".join(csv_lines([], encoding="utf-8-sig")) == b"\xef\xbb\xbf"


@pytest.mark.parametrize(
    ("encoding", "euro"), [("cp1252", b"\x80"), ("utf-16-le", "€".encode("utf-16-le"))]
)
def test_other_encodings(encoding: str, euro: bytes) -> None:
    data = written(encoding=encoding)
    assert data == "name,value\r\ncafé,'=1+1\r\n-5,€\r\n".encode(encoding)
    assert euro in data


def test_a_character_the_encoding_cannot_represent_names_its_line() -> None:
    with pytest.raises(CsvEncodingError) as caught:
        written(encoding="latin-1")
    message = str(caught.value)
    assert message == (
        "Line 3 of the CSV file contains “€”, which the latin-1 encoding cannot represent."
    )
    assert isinstance(caught.value, DownloadError)  # so the owner reads it
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize("encoding", ["klingon", "rot13", "base64", ""])
def test_unknown_or_non_text_encodings_are_refused(encoding: str) -> None:
    with pytest.raises(CsvEncodingError, match=f"The CSV encoding “{encoding}” is unknown."):
        check_encoding(encoding)
    with pytest.raises(CsvEncodingError):
        csv_lines([["a"]], encoding=encoding)  # at once, before a row is read


def test_encoding_must_be_a_name() -> None:
    with pytest.raises(TypeError, match="name of a text encoding"):
        check_encoding(b"utf-8")


def test_charset_of_an_encoding() -> None:
    assert [charset(e) for e in ("UTF8", "utf-8-sig", "cp1252", "Latin-1")] == [
        "utf-8",
        "utf-8",
        "cp1252",
        "iso8859-1",
    ]


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"iterable": [], "format": "xlsx", "encoding": "cp1252"}, "encoding= is for CSV"),
        ({"iterable": [], "format": "jsonl", "encoding": "utf-8"}, "encoding= is for CSV"),
        ({"iterable": [], "format": "zip", "encoding": "cp1252"}, r"Rows\(..., encoding"),
        ({"file": b"x", "encoding": "cp1252"}, "encoding= is for rows"),
    ],
)
def test_content_refuses_an_encoding_where_there_is_none(
    kwargs: dict[str, object], match: str
) -> None:
    with pytest.raises(TypeError, match=match):
        Content(kwargs.pop("iterable", None), kwargs.pop("file", None), **kwargs)  # type: ignore[arg-type]


def test_content_writes_csv_in_its_encoding() -> None:
    with Content([["é"]], None, encoding="cp1252").write() as spool:
        assert spool.read() == b"\xe9\r\n"


def test_a_zip_member_in_its_own_encoding() -> None:
    members = [("a.csv", Rows([["é"]], encoding="cp1252")), ("b.csv", Rows([["é"]]))]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(zip_chunks(members))))
    assert archive.read("a.csv") == b"\xe9\r\n"
    assert archive.read("b.csv") == "é\r\n".encode()
    with pytest.raises(TypeError, match="for CSV"):
        Rows([["a"]], format="xlsx", encoding="cp1252")
    with pytest.raises(CsvEncodingError):
        Rows([["a"]], encoding="klingon")
    with pytest.raises(TypeError, match="for CSV"):
        stream_rows("jsonl", [], encoding="utf-8")
