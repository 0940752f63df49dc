"""The sample files are what they claim to be, by parsers that are not ours."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.uploads import samples


def test_the_ogg_crc_is_ogg_s() -> None:
    # The check value of CRC-32 (poly 0x04C11DB7, init 0, unreflected, no XOR out).
    assert samples._ogg_crc(b"123456789") == 0x89A1897F


def test_ogg_pages_carry_their_crc() -> None:
    page = samples.ogg_page(samples.vorbis_identification(), sequence=0, first=True)
    stored = int.from_bytes(page[22:26], "little")
    assert stored == samples._ogg_crc(page[:22] + b"\0\0\0\0" + page[26:])
    assert page[26] == 1  # one segment...
    assert page[27] == 30  # ...the 30-byte identification packet


FILES = {
    "vorbis.ogg": (samples.ogg_vorbis, "Ogg data, Vorbis audio, mono, 44100 Hz"),
    "opus.opus": (samples.ogg_opus, "Ogg data, Opus audio"),
    "theora.ogv": (samples.ogg_theora, "Ogg data, Theora video"),
    "a.webm": (lambda: samples.ebml("webm"), "WebM"),
    "a.mkv": (lambda: samples.ebml("matroska"), "Matroska data"),
    "a.mp4": (samples.mp4, "ISO Media, MP4 Base Media"),
    "a.m4a": (samples.m4a, "ISO Media, Apple iTunes ALAC/AAC-LC (.M4A) Audio"),
    "a.mov": (samples.quicktime, "ISO Media, Apple QuickTime movie"),
}


@pytest.mark.skipif(shutil.which("file") is None, reason="needs file(1)")
@pytest.mark.parametrize("name", sorted(FILES))
def test_libmagic_names_each_sample(name: str, tmp_path: Path) -> None:
    build, expected = FILES[name]
    path = tmp_path / name
    path.write_bytes(build())
    output = subprocess.run(
        ["file", "-b", str(path)], capture_output=True, text=True, check=True
    ).stdout
    assert output.startswith(expected), output
