"""Signals sent by django-dlwidget.

- ``download_ready(sender=Download, download=...)``: a download's file is saved and ready.
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
