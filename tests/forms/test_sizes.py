"""Sizes in the hint and the form errors: SI decimal units, as the element writes them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.utils import translation

from django_dlwidget.uploads.context import size_hint
from django_dlwidget.uploads.sizes import format_size

# The table the element's formatter (frontend/src/shared/bytes.ts) is held to as well.
CASES = Path(__file__).resolve().parents[2] / "frontend" / "src" / "shared" / "bytes-cases.json"
SHARED: list[tuple[int, str]] = [tuple(case) for case in json.loads(CASES.read_text())["en"]]


@pytest.mark.parametrize(("size", "text"), [*SHARED, (-1, "0 byte")])
def test_sizes_use_powers_of_1000_as_the_element_does(size: int, text: str) -> None:
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
