"""Small but real media files, built byte by byte for the sniffing tests.

Each is what its format's specification says a file starts with: Ogg pages with a correct CRC
around a Vorbis (or Opus, or Theora) identification header, an EBML header with its DocType
and a Segment, an ISO base media ``ftyp`` box with its brands. ``file`` (libmagic) names each
of them as the format it is (tests/uploads/test_samples.py), so they are not just bytes that
happen to please our own sniffer. tools/upstream_suites.py writes ``ogg_vorbis()`` as the
django-resumable suite's audio fixture.
"""

from __future__ import annotations

import struct


def _ogg_crc(data: bytes) -> int:
    """Ogg's CRC-32: polynomial 0x04C11DB7, initial 0, no reflection, no final XOR."""
    crc = 0
    for byte in data:
        crc ^= byte << 24
        for _ in range(8):
            crc = ((crc << 1) ^ 0x04C11DB7) if crc & 0x80000000 else crc << 1
            crc &= 0xFFFFFFFF
    return crc


def ogg_page(packet: bytes, *, sequence: int, first: bool = False, last: bool = False,
             granule: int = 0, serial: int = 0x1D1E) -> bytes:  # fmt: skip
    """One Ogg page holding one whole packet (at most 255 * 255 bytes)."""
    lacing = [255] * (len(packet) // 255) + [len(packet) % 255]
    flags = (0x02 if first else 0) | (0x04 if last else 0)
    header = b"OggS" + struct.pack("<BBqIIIB", 0, flags, granule, serial, sequence, 0, len(lacing))
    page = header + bytes(lacing) + packet
    crc = _ogg_crc(page)
    return page[:22] + struct.pack("<I", crc) + page[26:]


def vorbis_identification(channels: int = 1, rate: int = 44100) -> bytes:
    # Version 0, channels, rate, bitrates (max, nominal, min), blocksizes 256/2048, framing bit.
    return (
        b"\x01vorbis" + struct.pack("<IBIiii", 0, channels, rate, 0, 96000, 0) + bytes([0xB8, 0x01])
    )


def vorbis_comment(vendor: bytes = b"django-dlwidget tests") -> bytes:
    return b"\x03vorbis" + struct.pack("<I", len(vendor)) + vendor + struct.pack("<I", 0) + b"\x01"


def ogg_vorbis(padding: int = 4096) -> bytes:
    """An Ogg Vorbis stream's first pages: identification header, comments, then audio pages
    (``padding`` bytes of packet data, so the file is larger than the sniffer's head)."""
    pages = [
        ogg_page(vorbis_identification(), sequence=0, first=True),
        ogg_page(vorbis_comment(), sequence=1),
    ]
    chunk = 255 * 64
    for number, start in enumerate(range(0, padding, chunk), start=2):
        size = min(chunk, padding - start)
        pages.append(ogg_page(b"\x00" * size, sequence=number, granule=start + size,
                              last=start + size >= padding))  # fmt: skip
    return b"".join(pages)


def ogg_opus() -> bytes:
    head = b"OpusHead" + struct.pack("<BBHIhB", 1, 2, 312, 48000, 0, 0)
    tags = b"OpusTags" + struct.pack("<I", 4) + b"test" + struct.pack("<I", 0)
    return ogg_page(head, sequence=0, first=True) + ogg_page(tags, sequence=1)


def ogg_theora() -> bytes:
    # Identification header: version 3.2.1, a 1x1-macroblock frame of 16x16 pixels at 25 fps.
    body = (
        b"\x80theora"
        + bytes([3, 2, 1])
        + struct.pack(">HH", 1, 1)
        + (16).to_bytes(3, "big") * 2
        + bytes([0, 0])
        + struct.pack(">II", 25, 1)
        + (1).to_bytes(3, "big") * 2
        + bytes([0])
        + (0).to_bytes(3, "big")
        + struct.pack(">H", 0x0C00)
    )
    return ogg_page(body, sequence=0, first=True)


def _ebml_element(element_id: bytes, payload: bytes) -> bytes:
    assert len(payload) < 0x7F
    return element_id + bytes([0x80 | len(payload)]) + payload


def ebml(doctype: str) -> bytes:
    """An EBML header for ``doctype`` ("webm" or "matroska") and a Segment of unknown size
    holding an empty SeekHead."""
    header = b"".join(
        (
            _ebml_element(b"\x42\x86", b"\x01"),  # EBMLVersion
            _ebml_element(b"\x42\xf7", b"\x01"),  # EBMLReadVersion
            _ebml_element(b"\x42\xf2", b"\x04"),  # EBMLMaxIDLength
            _ebml_element(b"\x42\xf3", b"\x08"),  # EBMLMaxSizeLength
            _ebml_element(b"\x42\x82", doctype.encode("ascii")),  # DocType
            _ebml_element(b"\x42\x87", b"\x04"),  # DocTypeVersion
            _ebml_element(b"\x42\x85", b"\x02"),  # DocTypeReadVersion
        )
    )
    segment = b"\x18\x53\x80\x67" + b"\x01\xff\xff\xff\xff\xff\xff\xff"
    return _ebml_element(b"\x1a\x45\xdf\xa3", header) + segment + b"\x11\x4d\x9b\x74\x80"


def iso_media(major: bytes, compatible: tuple[bytes, ...]) -> bytes:
    """An ``ftyp`` box with these brands, then an empty ``free`` box and a small ``mdat``."""
    brands = major + struct.pack(">I", 0x200) + b"".join(compatible)
    ftyp = struct.pack(">I", 8 + len(brands)) + b"ftyp" + brands
    return ftyp + struct.pack(">I", 8) + b"free" + struct.pack(">I", 24) + b"mdat" + b"\x00" * 16


def mp4() -> bytes:
    return iso_media(b"isom", (b"isom", b"iso2", b"mp41"))


def m4a() -> bytes:
    return iso_media(b"M4A ", (b"M4A ", b"mp42", b"isom"))


def quicktime() -> bytes:
    return iso_media(b"qt  ", (b"qt  ",))
