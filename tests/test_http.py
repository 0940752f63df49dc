from __future__ import annotations

import pytest

from django_dlwidget.http import content_disposition, safe_filename
from django_dlwidget.testing import content_disposition_filename

HOSTILE = [
    ('quote"d.csv', 'quote"d.csv', "quote_d.csv"),
    ("back\\slash.csv", "slash.csv", "slash.csv"),
    ("../../etc/passwd", "passwd", "passwd"),
    ("C:\\Users\\x\\evil.exe", "evil.exe", "evil.exe"),
    ("line\r\nSet-Cookie: a=b.csv", "line Set-Cookie: a=b.csv", "line Set-Cookie_ a=b.csv"),
    ("nul\x00byte.csv", "nul byte.csv", "nul byte.csv"),
    ("résumé.pdf", "résumé.pdf", "resume.pdf"),
    ("отчёт.csv", "отчёт.csv", "download.csv"),
    ("報告 2024.xlsx", "報告 2024.xlsx", "2024.xlsx"),
    ("invoice\u202egpj.exe", "invoicegpj.exe", "invoicegpj.exe"),
    ("100%.csv", "100%.csv", "100_.csv"),
    ("a;b=c.csv", "a;b=c.csv", "a_b=c.csv"),
    ("", "download", "download"),
    ("...", "download", "download"),
    ("/", "download", "download"),
    ("emoji 🎉.txt", "emoji 🎉.txt", "emoji.txt"),
    ("..hidden", "hidden", "hidden"),
    ("報告", "報告", "download"),
]


@pytest.mark.parametrize(("raw", "safe", "fallback"), HOSTILE)
def test_hostile_names(raw: str, safe: str, fallback: str) -> None:
    header = content_disposition(raw)
    assert safe_filename(raw) == safe
    assert header.startswith("attachment; ")
    assert f'filename="{fallback}"' in header
    # One header line of visible ASCII: nothing can split or inject.
    assert all(0x20 <= ord(c) < 0x7F for c in header)
    assert header.count('"') == 2
    assert content_disposition_filename(header) == safe


def test_plain_name() -> None:
    assert content_disposition("report.csv") == (
        "attachment; filename=\"report.csv\"; filename*=UTF-8''report.csv"
    )


def test_inline() -> None:
    assert content_disposition("a.pdf", as_attachment=False).startswith("inline; ")


def test_long_names_keep_their_extension() -> None:
    name = safe_filename("x" * 500 + ".csv")
    assert len(name) <= 200
    assert name.endswith(".csv")
