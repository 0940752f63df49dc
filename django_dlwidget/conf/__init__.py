"""The ``DLWIDGET`` settings schema: one declaration per key, read lazily.

Each key is declared once, as a ``Setting`` on ``DlwidgetSettings``: its default, its ``Kind``
(``kinds.py``: the values it accepts, the typed value its accessor returns, the id and words of the
system check that refuses a bad value) and its line in the settings table of docs/settings.md. The
value checks in ``checks.py`` are generated from ``SCHEMA``; tests/test_docs_settings.py holds the
docs to it. A new key is one more ``Setting`` line here and one more row in docs/settings.md.

Values are read from ``django.conf.settings`` on every access, never cached at import, so
``override_settings(DLWIDGET=...)`` works in tests.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any, Final, Generic, TypeVar, overload

from django.conf import settings

from .kinds import (
    BYTES,
    CLASS_MAP,
    DIRECTORY,
    DOTTED_CALLABLE,
    DURATION,
    FILESYSTEM_STORE,
    FLAG,
    GIB,
    MESSAGE_SENDER,
    OPTIONAL_BYTES,
    OPTIONAL_TEXT,
    ORIGIN,
    POSITIVE_INT,
    SLASHLESS_TEXT,
    SOCKET_PATH,
    SWITCH,
    TEXT,
    UPLOAD_STORE_KIND,
    Kind,
    as_timedelta,
    choice,
    sendfile_rules,
)

__all__ = [
    "DEFAULTS",
    "GIB",
    "LINK_KINDS",
    "MODES",
    "SCHEMA",
    "SENDFILE_BACKENDS",
    "DlwidgetSettings",
    "Kind",
    "Setting",
    "as_timedelta",
    "dlwidget_settings",
    "get",
    "user_settings",
]

T = TypeVar("T")

MODES: Final = ("poll", "ws", "auto")
SENDFILE_BACKENDS: Final = ("django", "nginx", "xsendfile", "redirect")
LINK_KINDS: Final = ("user", "general")


def user_settings() -> Mapping[str, Any]:
    """The project's raw ``DLWIDGET`` value (validated by the system checks, not here)."""
    value = getattr(settings, "DLWIDGET", None)
    return value if isinstance(value, Mapping) else {}


def get(key: str) -> Any:
    """One setting as the project wrote it, or its default (not coerced)."""
    if key not in SCHEMA:
        raise KeyError(f"Unknown DLWIDGET setting {key!r}")
    return user_settings().get(key, SCHEMA[key].default)


class Setting(Generic[T]):
    """One ``DLWIDGET`` key; on an instance of ``DlwidgetSettings`` it reads as its typed value."""

    key: str

    def __init__(self, default: object, kind: Kind[T], doc: str, *, unit: str = "") -> None:
        self.default = default
        self.kind = kind
        self.check = kind.check
        self.doc = doc  # the "meaning" cell of the docs' settings table
        self.unit = unit  # shown after the default there

    def __set_name__(self, owner: type, name: str) -> None:
        self.key = name

    @overload
    def __get__(self, instance: None, owner: type | None = None) -> Setting[T]: ...
    @overload
    def __get__(self, instance: object, owner: type | None = None) -> T: ...
    def __get__(self, instance: object, owner: type | None = None) -> T | Setting[T]:
        if instance is None:
            return self
        return self.kind.coerce(get(self.key))

    @property
    def shown_default(self) -> str:
        """The "default" cell of the docs' settings table."""
        shown = self.kind.show(self.default)
        return f"{shown} ({self.unit})" if self.unit else shown


class DlwidgetSettings:
    """The schema: typed, lazy accessors for every ``DLWIDGET`` key, in the docs' order."""

    MODE = Setting("auto", choice("django_dlwidget.E003", MODES, "mode"), "`poll`, `ws` or `auto`")
    POLL_INTERVAL = Setting(
        5000, POSITIVE_INT, "idle polling interval; faster while a job runs", unit="ms"
    )
    POLL_FAST_PATH = Setting(
        True,
        SWITCH,
        "`DlwidgetMiddleware` answers an unchanged list's poll (304) before the middleware chain",
    )
    WS_PATH = Setting(
        "/ws/dlwidget/",
        SOCKET_PATH,
        "socket path rendered into the page (or an absolute `ws(s)://` URL)",
    )
    CACHE = Setting(
        "default", TEXT, "cache alias for per-user versions (must be shared across processes)"
    )
    STORAGE = Setting("default", TEXT, "`STORAGES` alias for generated files")
    PATH_PREFIX = Setting("dlwidget/downloads", SLASHLESS_TEXT, "folder in that storage")
    EXPIRY = Setting(
        timedelta(days=1), DURATION, "how long a finished download is kept, counted from its end"
    )
    STALE_AFTER = Setting(
        timedelta(minutes=10), DURATION, "heartbeat age after which a running job is failed"
    )
    LIST_LIMIT = Setting(50, POSITIVE_INT, "most downloads returned by the list")
    SENDFILE = Setting(
        "django",
        choice("django_dlwidget.E005", SENDFILE_BACKENDS, "backend"),
        "`django`, `nginx`, `xsendfile`, `redirect`",
    )
    NGINX_PREFIX = Setting("/protected/", TEXT, "internal location for X-Accel-Redirect")
    SENDFILE_RULES = Setting(
        [],
        sendfile_rules("django_dlwidget.E023", SENDFILE_BACKENDS),
        "offload per storage or name prefix: the first matching rule's backend, X-Accel "
        "location and options, X-Sendfile root (see Offload rules below)",
    )
    LINK_MAX_AGE = Setting(timedelta(days=1), DURATION, "signed link lifetime")
    NOTIFY_EMAIL = Setting(False, FLAG, "e-mail the owner when a download is ready")
    SITE_URL = Setting(
        None,
        ORIGIN,
        'origin of links in e-mails (`"https://example.com"`); `None` uses `https://` + the '
        "`django.contrib.sites` domain",
    )
    NOTIFY_FROM_EMAIL = Setting(
        None, OPTIONAL_TEXT, "sender of the ready e-mail; `None` uses `DEFAULT_FROM_EMAIL`"
    )
    NOTIFY_LINK = Setting(
        "user",
        choice("django_dlwidget.E030", LINK_KINDS, "link kind"),
        "link in the ready e-mail: `user` (only the owner can open it) or `general` (anyone "
        "holding it); a download without an owner always gets a general link",
    )
    NOTIFY_SENDER = Setting(
        "django_dlwidget.downloads.notifications.send_message",
        MESSAGE_SENDER,
        "dotted path to a callable `(message, download)` that sends the ready e-mail (an "
        "`EmailMultiAlternatives`); the default calls `message.send()`",
    )
    CSS_CLASSES = Setting({}, CLASS_MAP, "element role -> extra classes")
    UPLOAD_TEMP_DIR = Setting(
        None,
        DIRECTORY,
        "partial upload data of the filesystem store (its default `location`); shared by all "
        "server processes",
    )
    UPLOAD_STORE = Setting(
        {"BACKEND": FILESYSTEM_STORE, "OPTIONS": {}},
        UPLOAD_STORE_KIND,
        "where partial upload data lives: a `STORAGES`-shaped entry naming an upload store "
        "and its options (see Upload stores below)",
    )
    UPLOAD_CHUNK_SIZE = Setting(
        None,
        OPTIONAL_BYTES,
        "most bytes one PATCH from the widget carries; `None`: the whole file (a multiple of "
        "the part size with the S3 store)",
    )
    UPLOAD_MAX_SIZE = Setting(10 * GIB, BYTES, "`Tus-Max-Size`")
    UPLOAD_QUOTA = Setting(
        20 * GIB,
        BYTES,
        "bytes per user in uploads that no form has used yet, finished or not (deferred-length "
        "ones by their offset, checked on every PATCH)",
    )
    UPLOAD_EXPIRY = Setting(
        timedelta(days=1), DURATION, "unfinished uploads expire after this idle time"
    )
    # Upload quotas and concatenation (issue 13): what one owner may hold, and what anonymous
    # uploaders hold together.
    UPLOAD_MAX_COUNT = Setting(
        100, POSITIVE_INT, "uploads per user that no form has used yet, finished or not"
    )
    UPLOAD_MAX_PARTS = Setting(
        64, POSITIVE_INT, "partial uploads one final concatenation may join, each once"
    )
    UPLOAD_ANONYMOUS_QUOTA = Setting(
        20 * GIB,
        BYTES,
        "bytes that all anonymous uploaders together may hold in uploads (on top of "
        "`UPLOAD_QUOTA` for each)",
    )
    UPLOAD_ANONYMOUS_MAX_COUNT = Setting(
        1000,
        POSITIVE_INT,
        "uploads that all anonymous uploaders together may hold (on top of `UPLOAD_MAX_COUNT` "
        "for each)",
    )
    UPLOAD_PERMISSION = Setting(
        "django_dlwidget.tus.permissions.is_authenticated",
        DOTTED_CALLABLE,
        "dotted path to a callable `(request) -> bool`; "
        "`django_dlwidget.tus.permissions.allow_anonymous` allows anonymous uploads bound to "
        "the session",
    )
    # Limits of sockets and exports (issue 13: WebSockets and running exports).
    WS_MAX_SOCKETS_PER_USER = Setting(
        20, POSITIVE_INT, "most download centre sockets one user holds open at once"
    )
    MAX_ACTIVE_DOWNLOADS = Setting(
        20, POSITIVE_INT, "most pending or running downloads per user; one more is refused"
    )
    # Slow bodies (issue 13): how long, how slow and how many upload bodies at once.
    UPLOAD_IDLE_TIMEOUT = Setting(
        timedelta(seconds=30),
        DURATION,
        "a body that sends nothing for this long is ended (the bytes received are kept)",
    )
    UPLOAD_MIN_RATE = Setting(
        1024,
        POSITIVE_INT,
        "slowest average a body may keep once it has run for `UPLOAD_IDLE_TIMEOUT`; slower ones "
        "are ended (the bytes received are kept)",
        unit="bytes/s",
    )
    UPLOAD_MAX_CONCURRENT_PER_USER = Setting(
        4, POSITIVE_INT, "upload bodies one user may send at once; more get 429 and retry"
    )
    UPLOAD_MAX_CONCURRENT_PER_PROCESS = Setting(
        64, POSITIVE_INT, "upload bodies one server process writes at once; more get 429 and retry"
    )


SCHEMA: Final[Mapping[str, Setting[Any]]] = {
    key: value for key, value in vars(DlwidgetSettings).items() if isinstance(value, Setting)
}
DEFAULTS: Final[Mapping[str, Any]] = {key: setting.default for key, setting in SCHEMA.items()}

dlwidget_settings: Final = DlwidgetSettings()
