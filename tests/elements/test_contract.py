"""The Python side of the front-end contract, and the docs' lists of it."""

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

ROOT = Path(__file__).resolve().parent.parent.parent
README = ROOT / "README.md"
UPLOAD_WIDGET_DOC = ROOT / "docs" / "upload-widget.md"


def roles_listed_after(marker: str, document: Path = README) -> tuple[str, ...]:
    """The backticked roles of the document's paragraph that starts at ``marker``."""
    text = document.read_text()
    paragraph = text[text.index(marker) :].split("\n\n", 1)[0]
    return tuple(re.findall(r"`([a-z][a-z-]*)`", paragraph.split(marker, 1)[1]))


STYLING = README.parent / "docs" / "styling.md"


def test_the_styling_docs_list_every_download_centre_role() -> None:
    text = STYLING.read_text()
    marker = "Roles of the download centre:"
    paragraph = text[text.index(marker) :].split("\n\n", 1)[0]
    assert tuple(re.findall(r"`([a-z][a-z-]*)`", paragraph)) == DOWNLOAD_CENTRE_ROLES


def test_the_upload_widget_page_lists_every_upload_role() -> None:
    listed = roles_listed_after("Every role, in order:", UPLOAD_WIDGET_DOC)
    assert listed == UPLOAD_ROLES


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
