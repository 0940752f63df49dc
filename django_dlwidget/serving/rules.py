"""Which offload a stored file gets: the first rule of ``DLWIDGET["SENDFILE_RULES"]`` that matches
its storage and name, over the global ``SENDFILE`` and ``NGINX_PREFIX``.

A rule's ``STORAGE`` is a ``STORAGES`` alias. A file's storage is matched to it by identity, or,
for a storage the field built itself (``FileField(storage=FileSystemStorage(...))``), by its
deconstructed class and arguments, which is how Django itself tells storages apart in migrations.
A rule's ``PREFIX`` is taken off the front of the name before the name is appended to the rule's
``NGINX_PREFIX`` or ``XSENDFILE_ROOT``, as an nginx ``alias`` takes off its location.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.files.storage import InvalidStorageError, Storage, storages

from ..conf import SENDFILE_BACKENDS, dlwidget_settings
from ..conf.kinds import rule_value_accepted
from .source import StoredFile


@dataclass(frozen=True)
class AccelOptions:
    """The ``X-Accel-*`` options sent beside an ``X-Accel-Redirect`` (None: not sent, so nginx's
    own configuration applies): the values a rule's ``NGINX_*`` keys accept."""

    expires: int | str | None = None
    """``X-Accel-Expires``: seconds nginx may cache the file, ``"off"``, or ``"@<Unix time>"``."""
    limit_rate: int | str | None = None
    """``X-Accel-Limit-Rate``: bytes per second, or ``"off"``."""
    buffering: bool | None = None
    """``X-Accel-Buffering``: ``yes`` or ``no``."""
    charset: str | None = None
    """``X-Accel-Charset``: the charset nginx adds to a text file's ``Content-Type``."""

    def __post_init__(self) -> None:
        for key, value in self._by_rule_key().items():
            if value is not None and not rule_value_accepted(key, value):
                raise ValueError(f"{value!r} is not a valid {key} (see docs/settings.md).")

    def _by_rule_key(self) -> dict[str, object]:
        return {
            "NGINX_EXPIRES": self.expires,
            "NGINX_LIMIT_RATE": self.limit_rate,
            "NGINX_BUFFERING": self.buffering,
            "NGINX_CHARSET": self.charset,
        }

    def headers(self) -> dict[str, str]:
        """The ``X-Accel-*`` headers of the options that are set."""
        return {
            header: _header_value(value)
            for header, value in zip(_ACCEL_HEADERS, self._by_rule_key().values(), strict=True)
            if value is not None
        }


_ACCEL_HEADERS = ("X-Accel-Expires", "X-Accel-Limit-Rate", "X-Accel-Buffering", "X-Accel-Charset")


@dataclass(frozen=True)
class Offload:
    """How one stored file is handed to the web server."""

    backend: str
    rest: str
    """The file's name after the rule's ``PREFIX`` (the whole name without one)."""
    nginx_prefix: str
    xsendfile_root: str | None
    accel: AccelOptions


def offload_for(stored: StoredFile, sendfile: str | None = None) -> Offload:
    """The offload of ``stored``; ``sendfile`` (a ``serve_file`` argument) overrides the
    backend. Raises ``ValueError`` for an unknown backend."""
    name = stored.name.lstrip("/")
    rule = next((r for r in dlwidget_settings.SENDFILE_RULES if _matches(r, stored, name)), {})
    backend = sendfile or rule.get("SENDFILE") or dlwidget_settings.SENDFILE
    if backend not in SENDFILE_BACKENDS:
        raise ValueError(f"Unknown sendfile backend {backend!r}")
    prefix = str(rule.get("PREFIX", "")).lstrip("/")
    return Offload(
        backend=backend,
        rest=name[len(prefix) :],
        nginx_prefix=str(rule.get("NGINX_PREFIX") or dlwidget_settings.NGINX_PREFIX),
        xsendfile_root=rule.get("XSENDFILE_ROOT"),
        accel=AccelOptions(
            expires=rule.get("NGINX_EXPIRES"),
            limit_rate=rule.get("NGINX_LIMIT_RATE"),
            buffering=rule.get("NGINX_BUFFERING"),
            charset=rule.get("NGINX_CHARSET"),
        ),
    )


def _matches(rule: Mapping[str, Any], stored: StoredFile, name: str) -> bool:
    if "PREFIX" in rule and not name.startswith(str(rule["PREFIX"]).lstrip("/")):
        return False
    return "STORAGE" not in rule or same_storage(stored.storage, str(rule["STORAGE"]))


def same_storage(storage: Storage, alias: str) -> bool:
    """Whether ``storage`` is the ``STORAGES`` entry ``alias`` (an unknown alias: never)."""
    try:
        configured = storages[alias]
    except InvalidStorageError:
        return False
    if storage is configured or getattr(storage, "_wrapped", None) is configured:
        return True
    try:
        return bool(storage.deconstruct() == configured.deconstruct())  # type: ignore[attr-defined]
    except AttributeError:  # not deconstructible
        return False


def _header_value(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)
