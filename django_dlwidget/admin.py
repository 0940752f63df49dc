"""The admin for downloads and uploads: read-only rows, filters, and actions to remove them.

Deleting (one row or with the bulk action) removes the files too: a download's file and an
upload's partial data go with their row (each area's post_delete receiver does it). An upload's
session binding and lease token are never shown: they are what lets a browser write to it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .downloads.lifecycle import cancel_download
from .models import Download, Upload
from .models.download import ACTIVE_STATUSES
from .uploads.sizes import format_size

if TYPE_CHECKING:
    DownloadModelAdmin = admin.ModelAdmin[Download]
    UploadModelAdmin = admin.ModelAdmin[Upload]
else:  # ModelAdmin is generic only in the type stubs.
    DownloadModelAdmin = UploadModelAdmin = admin.ModelAdmin


@admin.register(Download)
class DownloadAdmin(DownloadModelAdmin):
    list_display = ("name", "owner", "status", "progress", "file_size", "created", "expires")
    list_filter = ("status", "kind", "created", "expires")
    search_fields = ("name", "filename", f"owner__{get_user_model().USERNAME_FIELD}")
    list_select_related = ("owner",)
    date_hierarchy = "created"
    ordering = ("-created",)
    actions = ("expire_now",)
    readonly_fields = (
        "key",
        "owner",
        "name",
        "filename",
        "content_type",
        "status",
        "progress",
        "error",
        "file",
        "size",
        "created",
        "updated",
        "expires",
        "lifetime",
        "heartbeat",
        "language",
        "timezone",
        "kind",
        "params",
        "description",
        "finished",
    )

    @admin.display(description=_("size"), ordering="size")
    def file_size(self, download: Download) -> str:
        return format_size(download.size) if download.size is not None else "-"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description=_("Expire now (cancel running jobs; the cleanup removes them)"))
    def expire_now(self, request: HttpRequest, queryset: QuerySet[Download]) -> None:
        for key in queryset.filter(status__in=ACTIVE_STATUSES).values_list("key", flat=True):
            cancel_download(key)
        count = queryset.update(expires=timezone.now())
        self.message_user(
            request,
            ngettext("%(count)d download expires now.", "%(count)d downloads expire now.", count)
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(Upload)
class UploadAdmin(UploadModelAdmin):
    list_display = ("filename", "owner", "received", "complete", "created", "expires")
    list_filter = ("complete", "is_final", "created", "expires")
    search_fields = ("filename", f"owner__{get_user_model().USERNAME_FIELD}")
    list_select_related = ("owner",)
    date_hierarchy = "created"
    ordering = ("-created",)
    fields = readonly_fields = (
        "id",
        "owner",
        "filename",
        "received",
        "length",
        "offset",
        "complete",
        "metadata",
        "is_partial",
        "is_final",
        "parts",
        "created",
        "updated",
        "expires",
        "lease_expires",
    )

    @admin.display(description=_("received"), ordering="offset")
    def received(self, upload: Upload) -> str:
        done = format_size(upload.offset)
        if upload.length is None:
            return done
        percent = 100 if not upload.length else upload.offset * 100 // upload.length
        return f"{done} / {format_size(upload.length)} ({percent}%)"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
