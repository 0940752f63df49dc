"""A resumable (tus) upload. The row is the source of truth; the bytes live in a partial file."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Upload(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="dlwidget_uploads",
        verbose_name=_("owner"),
    )
    # Anonymous uploads are bound to a random id kept in the session (it survives login).
    session_key = models.CharField(_("session binding"), max_length=64, blank=True, db_index=True)
    # None while the length is deferred (creation-defer-length).
    length = models.BigIntegerField(_("length"), null=True, blank=True)
    offset = models.BigIntegerField(_("offset"), default=0)
    # While its length is deferred: the offset up to which a running PATCH holds its owner's
    # quota (tus/quota.py); 0 when none does.
    reserved_to = models.BigIntegerField(_("reserved up to"), default=0)
    metadata = models.JSONField(_("metadata"), default=dict, blank=True)
    filename = models.CharField(_("file name"), max_length=255, blank=True)
    is_partial = models.BooleanField(_("partial (concatenation)"), default=False)
    is_final = models.BooleanField(_("final (concatenation)"), default=False)
    parts = models.JSONField(_("parts"), default=list, blank=True)
    complete = models.BooleanField(_("complete"), default=False)
    created = models.DateTimeField(_("created"), default=timezone.now)
    updated = models.DateTimeField(_("updated"), default=timezone.now)
    expires = models.DateTimeField(_("expires"), null=True, blank=True)
    # One writer at a time: a short lease taken with a conditional UPDATE and renewed while
    # streaming. ``lease_checksummed`` marks a writer whose bytes are unverified until it ends,
    # so that a crash leaves nothing of them behind.
    lease_token = models.CharField(_("lease token"), max_length=32, blank=True)
    lease_expires = models.DateTimeField(_("lease expires"), null=True, blank=True)
    lease_checksummed = models.BooleanField(_("lease checksummed"), default=False)

    class Meta:
        ordering = ("-created",)
        verbose_name = _("upload")
        verbose_name_plural = _("uploads")
        indexes = (
            models.Index(fields=("owner", "complete"), name="dlwidget_up_owner_complete"),
            models.Index(fields=("expires",), name="dlwidget_up_expires"),
        )

    def __str__(self) -> str:
        return f"{self.filename or self.id} ({self.offset}/{self.length})"

    @property
    def is_expired(self) -> bool:
        return not self.complete and self.expires is not None and self.expires <= timezone.now()
