"""The form tests' finished uploads and request, for the tests that store what they sniff."""

from __future__ import annotations

from tests.forms.conftest import as_user, make_upload, media, user

__all__ = ["as_user", "make_upload", "media", "user"]
