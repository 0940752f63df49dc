"""Exceptions a background job sees, and the one a start gets past the cap."""

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


class TooManyDownloads(Exception):
    """The user already has ``MAX_ACTIVE_DOWNLOADS`` pending or running downloads: nothing was
    created. Raised by ``init_download`` and so by ``@download_task(...).start``;
    ``inline_or_background`` answers it with a 429 JSON error. ``limit`` is the cap.
    """

    def __init__(self, limit: int) -> None:
        super().__init__(f"the user already has {limit} pending or running downloads")
        self.limit = limit
