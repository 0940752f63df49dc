"""A background export and its file. The database row is the source of truth."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..downloads.files import download_storage
from ..downloads.status import ACTIVE_STATUSES as ACTIVE_STATUSES
from ..downloads.status import FINISHED_STATUSES as FINISHED_STATUSES
from ..downloads.status import DownloadStatus as DownloadStatus


class Download(models.Model):
    key = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # None for a download nobody owns (made for an e-mail address, a system job): it is in no
    # one's list and only a general signed link serves it.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="dlwidget_downloads",
        verbose_name=_("owner"),
    )
    name = models.CharField(_("name"), max_length=255)
    filename = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=255, default="text/csv")
    status = models.CharField(
        _("status"), max_length=16, choices=DownloadStatus.choices, default=DownloadStatus.PENDING
    )
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    error = models.TextField(_("error"), blank=True)
    file = models.FileField(_("file"), storage=download_storage, max_length=500, blank=True)
    size = models.BigIntegerField(_("size"), null=True, blank=True)
    created = models.DateTimeField(_("created"), default=timezone.now)
    # Set explicitly by every write (conditional .update() calls bypass auto_now).
    updated = models.DateTimeField(_("updated"), default=timezone.now)
    expires = models.DateTimeField(_("expires"), null=True, blank=True)
    # Its own lifetime (``init_download(expires=timedelta)``), waiting for its end: ``expires`` is
    # then that long after the end. None: ``DLWIDGET["EXPIRY"]``, or the moment in ``expires``.
    lifetime = models.DurationField(_("lifetime"), null=True, blank=True)
    heartbeat = models.DateTimeField(_("heartbeat"), null=True, blank=True)
    # The language and time zone of the request that started it, active while its job runs and
    # when its e-mail is written ("" for the project's defaults).
    language = models.CharField(_("language"), max_length=35, blank=True, default="")
    timezone = models.CharField(_("time zone"), max_length=64, blank=True, default="")
    # Which job makes it (a @download_task's dotted path, or the type a registry dispatches on),
    # what that job was asked for (its arguments as text), and a note for the owner.
    kind = models.CharField(_("kind"), max_length=200, blank=True, default="", db_index=True)
    params = models.TextField(_("parameters"), blank=True, default="")
    description = models.TextField(_("description"), blank=True, default="")
    # When it became ready, failed or was cancelled (None while its job is pending or running).
    finished = models.DateTimeField(_("finished"), null=True, blank=True, db_index=True)

    class Meta:
        ordering = ("-created",)
        verbose_name = _("download")
        verbose_name_plural = _("downloads")
        indexes = (
            models.Index(fields=("owner", "-created"), name="dlwidget_dl_owner_created"),
            models.Index(fields=("status", "heartbeat"), name="dlwidget_dl_status_heartbeat"),
            models.Index(fields=("expires",), name="dlwidget_dl_expires"),
        )

    def __str__(self) -> str:
        return f"{self.name} ({self.status})"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED_STATUSES
