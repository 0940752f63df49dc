"""The admin for downloads: read-only rows, filters, and actions to expire or delete them.

Deleting (one row or with the bulk action) removes the files too: the post_delete receiver does it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .downloads.lifecycle import cancel_download
from .models import Download
from .models.download import ACTIVE_STATUSES

if TYPE_CHECKING:
    DownloadModelAdmin = admin.ModelAdmin[Download]
else:  # ModelAdmin is generic only in the type stubs.
    DownloadModelAdmin = admin.ModelAdmin


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
        return filesizeformat(download.size) if download.size is not None else "-"

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
