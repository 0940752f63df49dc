"""Signals sent by django-dlwidget.

- ``download_ready(sender=Download, download=..., notify=..., email=...)``: a download's file is
  saved and ready. ``notify`` (True, False, or None for ``DLWIDGET["NOTIFY_EMAIL"]``) and
  ``email`` (``send_ready_email`` options) are what ``save_download`` was given.
- ``download_failed(sender=Download, download=...)``: a job failed; the message is in
  ``download.error``.
- ``upload_complete(sender=Upload, upload=..., request=...)``: a resumable upload received its
  last byte.
"""

from __future__ import annotations

from django.dispatch import Signal

download_ready = Signal()
download_failed = Signal()
upload_complete = Signal()
