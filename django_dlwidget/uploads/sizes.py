"""Byte sizes in messages, in the one convention the upload widget uses too.

SI decimal units (1 kB = 1000 bytes), one decimal above bytes, the number in the active locale's
format and the unit symbol translated ("1,5 Mo" in French), so that a limit reads the same in the
widget's hint, in the browser's refusal and in the form's error. Django's ``filesizeformat``
divides by 1024 while writing "KB", which is why it is not used here.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Final

from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

UNITS: Final[tuple[Promise, ...]] = (
    pgettext_lazy("file size", "%(value)s byte"),
    pgettext_lazy("file size", "%(value)s kB"),
    pgettext_lazy("file size", "%(value)s MB"),
    pgettext_lazy("file size", "%(value)s GB"),
    pgettext_lazy("file size", "%(value)s TB"),
)


def _rounded(value: Decimal, unit: int) -> Decimal:
    return value.quantize(Decimal(1) if unit == 0 else Decimal("0.1"), rounding=ROUND_HALF_UP)


def format_size(size: int) -> str:
    """``size`` bytes for people: "200 byte", "1.5 kB", "2 MB" (no trailing ".0")."""
    value = Decimal(max(0, size))
    unit = 0
    while unit < len(UNITS) - 1 and _rounded(value, unit) >= 1000:
        value /= 1000
        unit += 1
    shown = _rounded(value, unit)
    places = 0 if shown == shown.to_integral_value() else 1
    number = number_format(shown, decimal_pos=places)
    return str(UNITS[unit]) % {"value": number}
