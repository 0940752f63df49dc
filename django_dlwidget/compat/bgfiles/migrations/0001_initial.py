"""``FileRequest``: a proxy of the native ``Download`` (no table of its own).

Named like the predecessor's first migration, so a database that ran that one has nothing to do
here; its old ``bgfiles_filerequest`` table is left alone (docs/migrating.md)."""

from __future__ import annotations

from django.db import migrations


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("dlwidget", "0004_download_owner_optional_kind_params_finished"),
    ]

    operations = [
        migrations.CreateModel(
            name="FileRequest",
            fields=[],
            options={
                "verbose_name": "file request",
                "verbose_name_plural": "file requests",
                "proxy": True,
                "indexes": [],
                "constraints": [],
            },
            bases=("dlwidget.download",),
        ),
    ]
