from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import admin

from .models import Attachment, Document, Folder

if TYPE_CHECKING:
    DocumentAdminBase = admin.ModelAdmin[Document]
    FolderAdminBase = admin.ModelAdmin[Folder]
    AttachmentInlineBase = admin.TabularInline[Attachment, Folder]
else:
    DocumentAdminBase = FolderAdminBase = admin.ModelAdmin
    AttachmentInlineBase = admin.TabularInline


@admin.register(Document)
class DocumentAdmin(DocumentAdminBase):
    list_display = ("title", "owner", "file", "created")


class AttachmentInline(AttachmentInlineBase):
    model = Attachment
    extra = 0


@admin.register(Folder)
class FolderAdmin(FolderAdminBase):
    inlines = (AttachmentInline,)
