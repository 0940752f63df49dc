"""``FileRequest``: a proxy of the native ``Download`` (no table of its own).

Not named ``0001_initial``: a database that ran dj-bgfiles has that name recorded (its
``bgfiles_filerequest`` table, left alone: docs/migrating.md), and a recorded migration whose
dependencies are not applied stops ``migrate``. A recorded name no migration has is ignored."""

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
