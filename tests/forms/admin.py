from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import admin

from .models import Attachment, Document, Folder

if TYPE_CHECKING:
    InlineBase = admin.TabularInline[Attachment, Folder]
    FolderAdminBase = admin.ModelAdmin[Folder]
else:
    InlineBase = admin.TabularInline
    FolderAdminBase = admin.ModelAdmin


class AttachmentInline(InlineBase):
    model = Attachment
    extra = 1


@admin.register(Folder)
class FolderAdmin(FolderAdminBase):
    inlines = (AttachmentInline,)


admin.site.register(Document)
