"""Exceptions a background job sees."""

from __future__ import annotations


class DownloadCancelled(Exception):
    """The download was cancelled or cleared by its owner (or failed as stale): stop the job.

    Raised by ``save_download``, ``update_percentage`` and ``set_percentage``. The job should let
    it propagate; ``@download_task`` jobs end quietly when it does.
    """


class DownloadError(Exception):
    """Raise from a job to fail its download with this message, shown to the owner as-is.

    Any other exception fails the download with a generic message (the exception's text when
    ``DEBUG`` is on); its traceback goes to the log, never to the user.
    """
