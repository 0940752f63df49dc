"""Sizes in the hint and the form errors: SI decimal units, as the element writes them."""

from __future__ import annotations

import pytest
from django.utils import translation

from django_dlwidget.uploads.context import size_hint
from django_dlwidget.uploads.sizes import format_size


@pytest.mark.parametrize(
    ("size", "text"),
    [
        (0, "0 byte"),
        (999, "999 byte"),
        (1000, "1 kB"),
        (1024, "1 kB"),
        (1536, "1.5 kB"),
        (2048, "2 kB"),
        (999_940, "999.9 kB"),
        (999_950, "1 MB"),
        (30_000_000, "30 MB"),
        (5 * 1024**3, "5.4 GB"),
        (2_500_000_000_000, "2.5 TB"),
        (-1, "0 byte"),
    ],
)
def test_sizes_use_powers_of_1000(size: int, text: str) -> None:
    with translation.override("en"):
        assert format_size(size) == text


def test_the_number_and_the_symbol_follow_the_language() -> None:
    with translation.override("de"):
        assert format_size(1_500_000) == "1,5 MB"
    with translation.override("fr"):
        assert format_size(1_500_000) == "1,5 Mo"
        assert format_size(20) == "20 o"


def test_the_hint_uses_the_same_units() -> None:
    with translation.override("en"):
        assert size_hint(2048) == "Up to 2 kB."
        assert size_hint(None) == ""
