"""The Python side of the front-end contract, and the docs' lists of it (docs/elements.md,
docs/upload-widget.md)."""

from __future__ import annotations

import re
from pathlib import Path

from django.utils import translation

from django_dlwidget.elements.contract import (
    CENTRE_STRINGS,
    DOWNLOAD_CENTRE_ROLES,
    DOWNLOAD_STATUSES,
    UPLOAD_ROLES,
    UPLOAD_STRINGS,
    translated,
)

DOCS = Path(__file__).resolve().parent.parent.parent / "docs"
ELEMENTS = DOCS / "elements.md"
UPLOAD_WIDGET = DOCS / "upload-widget.md"


def roles_listed_after(marker: str, document: Path = ELEMENTS) -> tuple[str, ...]:
    """The backticked roles of the docs paragraph that starts at ``marker``."""
    text = document.read_text()
    paragraph = text[text.index(marker) :].split("\n\n", 1)[0]
    return tuple(re.findall(r"`([a-z][a-z-]*)`", paragraph.split(marker, 1)[1]))


def test_the_docs_list_every_download_centre_role() -> None:
    listed = roles_listed_after("The download centre's roles:")
    assert listed[: len(DOWNLOAD_CENTRE_ROLES)] == DOWNLOAD_CENTRE_ROLES


def test_the_styling_page_lists_every_download_centre_role() -> None:
    listed = roles_listed_after("Roles of the download centre:", DOCS / "styling.md")
    assert listed == DOWNLOAD_CENTRE_ROLES


def test_the_docs_list_every_upload_role() -> None:
    listed = roles_listed_after('`DLWIDGET["CSS_CLASSES"]` (`upload`')
    assert ("upload", *listed) == UPLOAD_ROLES


def test_the_upload_widget_page_lists_every_upload_role() -> None:
    assert roles_listed_after("Every role, in order:", UPLOAD_WIDGET) == UPLOAD_ROLES


def test_every_status_has_a_centre_string() -> None:
    assert set(DOWNLOAD_STATUSES) <= set(CENTRE_STRINGS)


def test_strings_are_translated_in_the_active_language() -> None:
    with translation.override("de"):
        german = translated(UPLOAD_STRINGS)
    with translation.override(None):
        english = translated(UPLOAD_STRINGS)
    assert english["pause"] == "Pause"
    assert german["cancel"] != english["cancel"]
    assert set(german) == set(english)
