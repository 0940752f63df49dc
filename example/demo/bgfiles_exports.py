"""The quick report as a dj-bgfiles pattern (``django_dlwidget.compat.bgfiles``, installed
with ``DEMO_BGFILES=1``): the view records a request, ``manage.py bgfiles process`` makes the
file, and the requester's download centre shows it ready. Imported by ``DemoConfig.ready`` so
the command's process has the pattern registered too."""

from __future__ import annotations

import csv
import io
from typing import Any

from django_dlwidget.compat.bgfiles.patterns import FullPattern, registry

from .exports import quick_rows

FILE_TYPE = "demo-quick"
DEFAULT_ROWS = 500
INLINE_ROWS = 100


class QuickReport(FullPattern):
    """The quick CSV: inline for at most ``INLINE_ROWS`` rows, else made by the command."""

    file_type = FILE_TYPE
    file_description = "Quick report (bgfiles)"
    content_type = "text/csv"
    delayed_template_name = "demo/bgfiles_delayed.html"
    email_subject = "Your file %(filename)s is ready"
    email_text_message = "Download it here: %(download_url)s"

    def get_items(self, criteria: Any) -> list[tuple[int, int, str]]:
        count = int(criteria.raw.get("rows", DEFAULT_ROWS))
        return list(quick_rows(count))

    def evaluate_dataset(self, dataset: Any, http_request: Any) -> None:
        dataset.delay = len(dataset.items) > INLINE_ROWS

    def write_bytes(self, dataset: Any, output: Any) -> None:
        text = io.TextIOWrapper(output, encoding="utf-8", newline="", write_through=True)
        writer = csv.writer(text)
        writer.writerow(["n", "square", "label"])
        for n, square, label in dataset.items:
            writer.writerow([n, square, "'" + label if label.startswith("=") else label])
        text.detach()


registry.register(QuickReport, [FILE_TYPE])
