"""Form fields for resumable uploads: a token (or, without JavaScript, a plain file) in,
a ``File`` out, checked against size and sniffed-type limits."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.forms.boundfield import BoundField
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .tus.tokens import InvalidUploadToken, verify_token
from .uploads.files import ResumableUploadedFile
from .uploads.request import current_request
from .uploads.sizes import format_size
from .uploads.sniff import normalise_accept
from .uploads.validation import UploadRejected, check_uploaded_file, claim_token
from .widgets import (
    PendingFile,
    PendingUpload,
    RefusedFile,
    ResumableMultipleWidget,
    ResumableWidget,
    UploadToken,
)

__all__ = ["ResumableFormField", "ResumableMultipleFileField", "ResumableUploadedFile"]


def _pending_name(token: str) -> str | None:
    """The file name behind a token of the requester's own finished upload, for re-rendering a
    form with errors; None for a forged token or another user's (whose file name is theirs)."""
    request = current_request()
    if request is None:
        return None
    try:
        upload = verify_token(token, request)
    except InvalidUploadToken:
        return None
    return upload.filename or "?"


class _ResumableBoundField(BoundField):
    """Shows what the form refused: once the form is cleaned, the uploads it had a complaint
    about are re-rendered as refused (with its message), never as finished ones."""

    def value(self) -> Any:
        errors = [str(message) for message in self.errors] if self.form.is_bound else []
        value = super().value()
        if errors and isinstance(value, PendingUpload):
            field = self.field
            if isinstance(field, _ResumableMixin):
                return field.with_refusals(value, errors)
        return value


class _ResumableMixin:
    default_error_messages: ClassVar[dict[str, Any]] = {
        "invalid_token": _("The upload could not be verified. Upload the file again."),
        "incomplete": _("The upload has not finished. Wait for it, or upload the file again."),
        "expired": _("The upload has expired. Upload the file again."),
        "used": _("This upload has already been used. Upload the file again."),
        "too_large": _("The file is %(size)s; files may be at most %(max_size)s."),
        "wrong_type": _("This kind of file (%(type)s) is not accepted here."),
        "duplicate": _("The same upload was sent twice; each file counts once."),
        "no_request": _(
            "Uploads cannot be checked without the request: add "
            "django_dlwidget.middleware.CurrentRequestMiddleware to MIDDLEWARE."
        ),
    }
    error_messages: dict[str, Any]
    max_size: int | None
    accept: tuple[str, ...]
    #: Each refused token with the form's message about it (set by ``clean()``, per form).
    refusals: dict[str, str]
    #: Whether a field-wide error (a form's own ``clean_<field>``) refuses the whole upload.
    refuse_all_on_error: ClassVar[bool] = True

    def __deepcopy__(self, memo: dict[int, Any]) -> Any:
        result = super().__deepcopy__(memo)  # type: ignore[misc]
        result.refusals = {}
        return result

    def get_bound_field(self, form: forms.BaseForm, field_name: str) -> BoundField:
        bound: BoundField = super().get_bound_field(form, field_name)  # type: ignore[misc]
        if type(bound) is not BoundField:
            return bound  # a class of the project's own: left as it is
        return _ResumableBoundField(form, self, field_name)  # type: ignore[arg-type]

    def with_refusals(self, pending: PendingUpload, errors: list[str]) -> PendingUpload:
        """``pending`` with the uploads the form refused moved out of its files."""
        refusals = dict(self.refusals)
        if not refusals and self.refuse_all_on_error:
            refusals = {file.token: " ".join(errors) for file in pending.files}
        kept = tuple(file for file in pending.files if file.token not in refusals)
        refused = tuple(
            RefusedFile(file.name, refusals[file.token])
            for file in pending.files
            if file.token in refusals
        )
        return PendingUpload(kept, pending.initial, pending.refused + refused)

    def _rejection(self, exc: UploadRejected) -> ValidationError:
        code = "invalid_token" if exc.code == "invalid" else exc.code
        params = dict(exc.params)
        for key in ("size", "max_size"):
            if key in params:
                params[key] = format_size(params[key])
        return ValidationError(self.error_messages[code], code=code, params=params)

    def _one(self, value: Any) -> Any:
        try:
            if isinstance(value, UploadToken):
                return claim_token(
                    str(value),
                    current_request(),
                    max_size=self.max_size,
                    accept=self.accept,
                    claimant=value.field or self,
                )
            if isinstance(value, UploadedFile):
                check_uploaded_file(value, max_size=self.max_size, accept=self.accept)
        except UploadRejected as exc:
            error = self._rejection(exc)
            if isinstance(value, UploadToken):
                self.refusals[str(value)] = " ".join(error.messages)
            raise error from None
        return value

    def _to_file(self, data: Any) -> Any:
        if isinstance(data, UploadToken):
            return self._one(data)
        return self._one(forms.FileField.to_python(self, data))  # type: ignore[arg-type]

    def _pending(self, data: Any, initial: Any) -> Any:
        tokens = [data] if isinstance(data, UploadToken) else data
        if not isinstance(tokens, list) or not tokens:
            return None
        if not all(isinstance(token, UploadToken) for token in tokens):
            return None
        files = []
        for token in dict.fromkeys(tokens):  # each token once, in order
            name = _pending_name(str(token))
            if name is not None:
                files.append(PendingFile(str(token), name))
        return PendingUpload(tuple(files), initial) if files else None


class ResumableFormField(_ResumableMixin, forms.FileField):
    """One file: a tus upload token from ``<dlw-upload>``, or a file posted the plain way."""

    widget = ResumableWidget

    def __init__(
        self,
        *,
        max_size: int | None = None,
        accept: str | Iterable[str] | None = None,
        **kwargs: Any,
    ) -> None:
        self.max_size = max_size
        self.accept = normalise_accept(accept)
        self.refusals = {}
        kwargs.setdefault("widget", self.widget(max_size=max_size, accept=self.accept))
        super().__init__(**kwargs)

    def to_python(self, data: Any) -> Any:
        return self._to_file(data)

    def bound_data(self, data: Any, initial: Any) -> Any:
        return self._pending(data, initial) or initial

    def has_changed(self, initial: Any, data: Any) -> bool:
        return not self.disabled and data is not None


class ResumableMultipleFileField(_ResumableMixin, forms.FileField):
    """Several files (each uploaded separately); ``cleaned_data`` holds a list of files."""

    widget = ResumableMultipleWidget
    # An error about the list (too many files) does not say which upload is wrong.
    refuse_all_on_error = False

    def __init__(
        self,
        *,
        max_size: int | None = None,
        accept: str | Iterable[str] | None = None,
        max_files: int | None = None,
        **kwargs: Any,
    ) -> None:
        self.max_size = max_size
        self.accept = normalise_accept(accept)
        self.max_files = max_files
        self.refusals = {}
        kwargs.setdefault("widget", self.widget(max_size=max_size, accept=self.accept))
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        items = data if isinstance(data, list | tuple) else ([data] if data else [])
        if not items:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return []
        if self.max_files is not None and len(items) > self.max_files:
            raise ValidationError(
                ngettext(
                    "Upload at most %(count)d file.",
                    "Upload at most %(count)d files.",
                    self.max_files,
                )
                % {"count": self.max_files},
                code="max_files",
            )
        tokens = [str(item) for item in items if isinstance(item, UploadToken)]
        if len(set(tokens)) != len(tokens):
            # Refused before any is claimed: the second copy could never be stored.
            raise ValidationError(self.error_messages["duplicate"], code="duplicate")
        errors: list[ValidationError] = []
        files: list[Any] = []
        for item in items:
            try:
                files.append(self._to_file(item))
            except ValidationError as exc:
                errors.append(exc)
        if errors:
            raise ValidationError(errors)
        return files

    def bound_data(self, data: Any, initial: Any) -> Any:
        return self._pending(data, initial) or initial
