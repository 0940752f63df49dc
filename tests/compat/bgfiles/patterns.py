"""A pattern the tests register: the numbers 1..``count`` as CSV, delayed above ``limit``."""

from __future__ import annotations

from typing import Any

from django_dlwidget.compat.bgfiles.patterns import FullPattern

FILE_TYPE = "counting"
LIMIT = 5


class CountingReport(FullPattern):
    file_type = FILE_TYPE
    file_description = "Counting <report>"
    content_type = "text/csv"
    delayed_template_name = "bgfiles_tests/delayed.html"
    from_email = "reports@example.com"
    email_subject = "Your file %(filename)s (%(file_type)s) is ready"
    email_text_message = "Get %(description)s at %(download_url)s"
    email_html_message: Any = "<p>Get %(description)s <a href='%(download_url)s'>here</a></p>"
    download_url: Any = "https://files.example.com/files/%(token)s/"
    seen_languages: list[str | None] = []

    def get_items(self, criteria: Any) -> range:
        from django.utils import translation

        self.seen_languages.append(translation.get_language())
        return range(1, int(criteria.raw.get("count", "3")) + 1)

    def evaluate_dataset(self, dataset: Any, http_request: Any) -> None:
        dataset.delay = len(dataset.items) > LIMIT

    def write_bytes(self, dataset: Any, output: Any) -> None:
        output.write(b"n\r\n")
        for n in dataset.items:
            output.write(f"{n}\r\n".encode())
