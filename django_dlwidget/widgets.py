"""``ResumableWidget``: ``<dlw-upload>`` around a native file input and a hidden token input.

Without JavaScript the file input submits the bytes as usual. With it, the element uploads the
file over tus, puts the signed token into the hidden input and removes the file input's
``name``, so the form never sends the bytes a second time. A form re-rendered with errors carries
its finished uploads forward: their tokens in the hidden input, and each token paired with its
file name in ``data-pending`` (JSON), which the element turns back into finished uploads. An
upload the form refused is not carried: its file's name and the form's message go into
``data-refused`` (JSON), which the element shows as a failed upload.

Everything the template puts inside ``<dlw-upload>`` is phrasing content (``<span>``, ``<input>``,
``<label>``), so ``as_p`` keeps the widget whole: a ``<p>`` or ``<div>`` in there would make the
HTML parser close the surrounding paragraph and move the rest out.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .elements.assets import bundle_assets
from .elements.contract import TOKEN_INPUT_SUFFIX
from .uploads.context import element_context
from .uploads.request import current_request

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile
    from django.http import HttpRequest
    from django.utils.datastructures import MultiValueDict


class UploadToken(str):
    """A token posted in the hidden input (as opposed to a file posted the plain way);
    ``field`` is the input's name (with any formset prefix)."""

    field: str

    def __new__(cls, value: str, field: str = "") -> UploadToken:
        token = super().__new__(cls, value)
        token.field = field
        return token


@dataclass(frozen=True)
class PendingFile:
    """One finished upload a re-rendered form carries: its token and the file's name."""

    token: str
    name: str


@dataclass(frozen=True)
class RefusedFile:
    """An upload the form refused: the file's name and the form's message about it."""

    name: str
    message: str


@dataclass(frozen=True)
class PendingUpload:
    """The valid-looking tokens that a re-rendered form carries forward until ``save()``, and the
    uploads it refused (shown as errors, never carried)."""

    files: tuple[PendingFile, ...]
    initial: Any = None
    refused: tuple[RefusedFile, ...] = ()

    @property
    def tokens(self) -> tuple[str, ...]:
        return tuple(file.token for file in self.files)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(file.name for file in self.files)

    def as_json(self) -> str:
        """``[{"token": ..., "name": ...}, ...]``: names may hold any character, commas too."""
        return json.dumps([{"token": file.token, "name": file.name} for file in self.files])

    def refused_json(self) -> str:
        """``[{"name": ..., "error": ...}, ...]``, or "" when the form refused nothing."""
        if not self.refused:
            return ""
        return json.dumps([{"name": file.name, "error": file.message} for file in self.refused])

    def __str__(self) -> str:
        return ", ".join(self.names)


def upload_media() -> forms.Media:
    assets = bundle_assets(("upload",))
    return forms.Media(
        css={"all": [asset.url for asset in assets if asset.kind == "css"]},
        js=[asset.url for asset in assets if asset.kind == "js"],
    )


class ResumableWidget(forms.ClearableFileInput):
    template_name = "django_dlwidget/widgets/resumable.html"
    uploaded_text = _("Uploaded")

    def __init__(
        self,
        attrs: dict[str, Any] | None = None,
        *,
        max_size: int | None = None,
        accept: tuple[str, ...] = (),
        thumbnails: bool = True,
    ) -> None:
        super().__init__(attrs)
        self.max_size = max_size
        self.accept = accept
        #: Whether the element draws a preview of each chosen image (in the browser, never sent).
        self.thumbnails = thumbnails
        # The standalone tag passes its request; forms get it from the middleware.
        self.request: HttpRequest | None = None
        self.css_class = ""

    @property
    def media(self) -> forms.Media:
        # Read from the stats file at render time (its hashed names change with every build).
        return upload_media()

    def token_name(self, name: str) -> str:
        return f"{name}{TOKEN_INPUT_SUFFIX}"

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        pending = value if isinstance(value, PendingUpload) else None
        initial = pending.initial if pending is not None else value
        attrs = dict(attrs or {})
        if self.accept and "accept" not in attrs and "accept" not in self.attrs:
            attrs["accept"] = ",".join(self.accept)
        if pending is not None:
            attrs.pop("required", None)
        context = super().get_context(name, initial, attrs)
        if pending is not None:
            context["widget"]["attrs"].pop("required", None)
        widget = context["widget"]
        widget.update(
            {
                "token_name": self.token_name(name),
                "token": " ".join(pending.tokens) if pending else "",
                "pending_json": pending.as_json() if pending and pending.files else "",
                "refused_json": pending.refused_json() if pending else "",
                "pending_names": str(pending) if pending else "",
                "uploaded_text": self.uploaded_text,
                "element": element_context(
                    self.request or current_request(),
                    max_size=self.max_size,
                    css_class=self.css_class,
                ),
                "multiple": self.allow_multiple_selected,
                "thumbnails": self.thumbnails,
            }
        )
        return context

    def use_required_attribute(self, initial: Any) -> bool:
        if isinstance(initial, PendingUpload):
            return False
        return bool(super().use_required_attribute(initial))

    def value_from_datadict(
        self, data: Any, files: MultiValueDict[str, UploadedFile[Any]], name: str
    ) -> Any:
        value = super().value_from_datadict(data, files, name)
        if value is False or value is forms.widgets.FILE_INPUT_CONTRADICTION or value:
            return value
        raw = data.get(self.token_name(name)) or ""
        tokens = [UploadToken(token, name) for token in str(raw).split() if token]
        if not tokens:
            return value
        if self.allow_multiple_selected:
            return tokens
        return tokens[0]

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return bool(
            super().value_omitted_from_data(data, files, name) and self.token_name(name) not in data
        )


class ResumableMultipleWidget(ResumableWidget):
    allow_multiple_selected = True
