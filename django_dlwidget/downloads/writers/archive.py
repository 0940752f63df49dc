"""ZIP archives of several files, streamed member by member through zipstream-ng.

Members are ``(name, content)`` pairs (or a mapping of names to contents), taken one at a time:
a generator of members opens each file only when its turn comes. Content is ``bytes``, a binary
file object (read from where it stands, in blocks, and closed once written), an iterable of
``bytes`` chunks, or ``Rows(...)`` to write in a row format. Nothing is held whole: each member's
bytes are compressed and passed on as they arrive, so memory stays flat for any number and size of
members. Members of unknown size carry ZIP64 sizes, which every current unzip tool reads.

Names are cleaned like every file name here (``http.safe_filename``, per ``/``-separated part:
no control or formatting characters, no ``..``, no leading ``/``); a name that is empty once
cleaned, or that two members share, is an error. Members whose names say they are compressed
already (``.zip``, ``.xlsx``, ``.gz``, images, video...) are stored, the others deflated.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping
from typing import IO, Any

from zipstream import ZipStream

from ...http import safe_filename
from .formats import Rows, format_for_name, stream_rows
from .spool import Cadence, file_blocks

# Compressed already: deflating them again costs time and gains nothing.
STORED_SUFFIXES = (
    *(".zip", ".gz", ".tgz", ".bz2", ".xz", ".zst", ".7z", ".rar", ".jar", ".whl", ".epub"),
    *(".xlsx", ".docx", ".pptx", ".odt", ".ods", ".odp"),
    *(".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".heic"),
    *(".mp3", ".m4a", ".ogg", ".opus", ".mp4", ".m4v", ".mov", ".mkv", ".webm"),
)

Member = tuple[str, Any]


def zip_chunks(
    members: Iterable[Member] | Mapping[str, Any], cadence: Cadence | None = None
) -> Iterator[bytes]:
    """The archive's bytes, member after member; ``cadence`` ticks once per chunk."""
    stream = ZipStream(compress_type=zipfile.ZIP_DEFLATED)
    seen: set[str] = set()
    pairs = members.items() if isinstance(members, Mapping) else members
    for member in pairs:
        name, content = _pair(member)
        arcname = member_name(name, seen)
        data, size, close = member_data(arcname, content)
        stored = arcname.lower().endswith(STORED_SUFFIXES)
        try:
            stream.add(
                data,
                arcname,
                size=size,
                compress_type=zipfile.ZIP_STORED if stored else None,
            )
            for chunk in stream.all_files():
                yield chunk
                if cadence is not None:
                    cadence.tick()
        finally:
            close()
    yield from stream.footer()


def _pair(member: object) -> Member:
    if not isinstance(member, tuple | list) or len(member) != 2:
        raise TypeError(f"A ZIP member is a (name, content) pair, not {member!r:.80}.")
    return member[0], member[1]


def member_name(name: object, seen: set[str]) -> str:
    """The cleaned name of a member; a ``ValueError`` for an empty or repeated one."""
    if not isinstance(name, str):
        raise TypeError(f"A ZIP member's name is a string, not {type(name).__name__}.")
    parts = [part for part in name.replace("\\", "/").split("/") if part.strip(" .")]
    cleaned = "/".join(safe_filename(part) for part in parts)
    if not cleaned:
        raise ValueError(f"The ZIP member name {name!r} is empty once cleaned.")
    if cleaned in seen:
        raise ValueError(f"Two ZIP members are named {cleaned!r}.")
    seen.add(cleaned)
    return cleaned


def member_data(arcname: str, content: Any) -> tuple[Any, int | None, Callable[[], None]]:
    """What zipstream-ng is given for ``content``: data, its size when known, and what closes it."""
    if isinstance(content, Rows):
        format = content.format or format_for_name(arcname)
        chunks = stream_rows(format, content.rows, header=content.header, encoding=content.encoding)
        return chunks, None, getattr(chunks, "close", _nothing)
    if isinstance(content, bytes | bytearray | memoryview):
        return bytes(content), None, _nothing
    if isinstance(content, io.TextIOBase | str):
        raise TypeError(f"ZIP member {arcname!r}: give bytes or a binary file, not text.")
    if hasattr(content, "read"):
        return file_blocks(content, close=False), _remaining(content), content.close
    if isinstance(content, Iterable):
        chunks = checked_chunks(content, arcname)
        return chunks, None, chunks.close
    raise TypeError(
        f"ZIP member {arcname!r}: content is bytes, a binary file, an iterable of bytes or "
        f"Rows(...), not {type(content).__name__}."
    )


def checked_chunks(chunks: Iterable[Any], what: str) -> Generator[bytes]:
    """``chunks`` as ``bytes``, with a clear error for anything else (text, a number)."""
    for chunk in chunks:
        if isinstance(chunk, bytes):
            yield chunk
        elif isinstance(chunk, bytearray | memoryview):
            yield bytes(chunk)
        else:
            raise TypeError(f"{what}: chunks must be bytes, not {type(chunk).__name__}.")


def _remaining(file: IO[bytes]) -> int | None:
    """Bytes from the file's position to its end, when it can tell (a sized member needs no
    ZIP64 sizes)."""
    try:
        if not file.seekable():
            return None
        here = file.tell()
        end = file.seek(0, io.SEEK_END)
        file.seek(here)
    except (AttributeError, OSError, ValueError):
        return None
    return end - here


def _nothing() -> None:
    return None
