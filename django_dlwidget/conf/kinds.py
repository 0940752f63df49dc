"""The kinds of value a ``DLWIDGET`` key may take, for the schema in ``django_dlwidget.conf``.

A ``Kind`` says which values are accepted, what the typed accessor returns for them, how the system
check that refuses one reads, and how a default is shown in the docs' settings table. Several keys
share a kind (every positive integer is checked alike, as ``django_dlwidget.E006``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path
from typing import Any, Final, Generic, TypeGuard, TypeVar

from django.conf import settings
from django.utils.module_loading import import_string

T = TypeVar("T")

GIB: Final = 1024**3


def as_timedelta(value: object) -> timedelta:
    """Durations may be given as a ``timedelta`` or as a number of seconds."""
    if isinstance(value, timedelta):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return timedelta(seconds=value)
    raise TypeError(f"Expected a timedelta or seconds, got {value!r}")


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _code(value: object) -> str:
    return f'`"{value}"`' if isinstance(value, str) else f"`{value!r}`"


@dataclass(frozen=True)
class Kind(Generic[T]):
    """What values a setting accepts, what its accessor returns, and how a refusal reads.

    ``problem`` and ``fix``, the check's message and hint, are ``str.format`` templates with the
    fields ``setting`` (``DLWIDGET['KEY']``), ``value`` (the bad one) and ``default``.
    """

    check: str | None  # the id of the system check that refuses a value; None: any value goes
    accepts: Callable[[object], bool]
    coerce: Callable[[Any], T]
    problem: str = ""
    fix: str = ""
    show: Callable[[Any], str] = _code  # the default as the docs' table shows it
    # Why a value is refused, for ``problem``'s ``reason`` field (a kind whose values are
    # checked by building something says what building it raised).
    reason: Callable[[object], str] = lambda value: ""


def choice(check: str, choices: tuple[str, ...], noun: str) -> Kind[str]:
    """One of a few strings (``noun`` says what they are: "mode", "backend")."""
    return Kind(
        check,
        lambda value: value in choices,
        str,
        f"{{setting}} is {{value!r}}, which is not a {noun}.",
        f"Set {{setting}} to one of {', '.join(map(repr, choices))}.",
    )


def _show_bytes(value: int) -> str:
    for size, unit in ((GIB, "GiB"), (1024**2, "MiB"), (1024, "KiB")):
        if value % size == 0:
            return f"{value // size} {unit}"
    return f"`{value}` bytes"


def _show_duration(value: timedelta) -> str:
    seconds = int(value.total_seconds())
    for size, unit in ((86400, "day"), (3600, "hour"), (60, "min"), (1, "s")):
        if seconds % size == 0:
            count = seconds // size
            return f"{count} {unit}{'s' if count != 1 and unit in ('day', 'hour') else ''}"
    return f"`{value!r}`"


def _is_positive_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def _is_positive_duration(value: object) -> bool:
    if not (isinstance(value, timedelta) or _is_number(value)):
        return False
    return as_timedelta(value) > timedelta(0)


def _is_text(value: object) -> TypeGuard[str]:
    return isinstance(value, str) and bool(value)


def _is_class_map(value: object) -> bool:
    return isinstance(value, Mapping) and all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    )


def _is_callable_path(value: object) -> bool:
    try:
        return isinstance(value, str) and callable(import_string(value))
    except ImportError:
        return False


def _upload_temp_dir(value: object) -> str:
    if value:
        return str(value)
    # As Django's FileSystemStorage reads MEDIA_ROOT: an empty one is the current folder, never "/".
    return str(Path(settings.MEDIA_ROOT).absolute() / "dlwidget" / "uploads")


POSITIVE_INT: Final = Kind(
    "django_dlwidget.E006",
    _is_positive_int,
    int,
    "{setting} is {value!r}; it must be a positive integer.",
    "Set {setting} to a whole number above zero, or remove it to use the default ({default}).",
)
BYTES: Final = replace(POSITIVE_INT, show=_show_bytes)
DURATION: Final = Kind(
    "django_dlwidget.E007",
    _is_positive_duration,
    as_timedelta,
    "{setting} is {value!r}; it must be a positive duration.",
    "Set {setting} to a datetime.timedelta or a number of seconds.",
    _show_duration,
)
TEXT: Final = Kind(
    "django_dlwidget.E013",
    _is_text,
    str,
    "{setting} is {value!r}; it must be a non-empty string.",
    "Set {setting} to a string, or remove it to use the default.",
)
SLASHLESS_TEXT: Final = replace(TEXT, coerce=lambda value: str(value).strip("/"))
SOCKET_PATH: Final = Kind(
    "django_dlwidget.E012",
    lambda value: isinstance(value, str) and value.startswith(("/", "ws://", "wss://")),
    str,
    "{setting} is {value!r}; it must be a path or a ws(s):// URL.",
    "Use a path such as '/ws/dlwidget/' (the browser adds the scheme and host), "
    "or an absolute 'wss://host/ws/dlwidget/'.",
)
ORIGIN: Final[Kind[str | None]] = Kind(
    "django_dlwidget.E020",
    lambda value: value is None or (_is_text(value) and value.startswith(("http://", "https://"))),
    lambda value: str(value).rstrip("/") if value else None,
    "{setting} is {value!r}; it must be an absolute http(s) URL.",
    "Set it to the site's origin, for example 'https://example.com', "
    "or remove it to use django.contrib.sites.",
)
DIRECTORY: Final = Kind(
    "django_dlwidget.E013",
    lambda value: value is None or _is_text(value),
    _upload_temp_dir,
    "{setting} is {value!r}; it must be a directory path.",
    "Set it to a directory every server process shares, or remove it "
    "to use MEDIA_ROOT/dlwidget/uploads.",
    lambda value: f"`{value}`" if value else "`MEDIA_ROOT/dlwidget/uploads`",
)
CLASS_MAP: Final[Kind[Mapping[str, str]]] = Kind(
    "django_dlwidget.E010",
    _is_class_map,
    lambda value: value if isinstance(value, Mapping) else {},
    "{setting} must map element roles (str) to class names (str).",
    'For example {{"toggle": "btn btn-outline-secondary"}}.',
)
DOTTED_CALLABLE: Final = Kind(
    "django_dlwidget.E011",
    _is_callable_path,
    str,
    "{setting} is {value!r}, which is not an importable callable.",
    "Give the dotted path of a function (request) -> bool, for example "
    "'django_dlwidget.tus.permissions.allow_anonymous'.",
)
FLAG: Final = Kind(None, lambda value: True, bool)  # any value, read for its truth
SWITCH: Final = Kind(
    "django_dlwidget.E014",
    lambda value: isinstance(value, bool),
    bool,
    "{setting} is {value!r}; it must be True or False.",
    "Set {setting} to True or False, or remove it to use the default ({default}).",
)
OPTIONAL_TEXT: Final[Kind[str | None]] = Kind(
    "django_dlwidget.E013",
    lambda value: value is None or _is_text(value),
    lambda value: str(value) if value else None,
    "{setting} is {value!r}; it must be a non-empty string or None.",
    "Set {setting} to a string, or remove it to use the default.",
)
MESSAGE_SENDER: Final = replace(
    DOTTED_CALLABLE,
    fix="Give the dotted path of a function (message, download) that sends the message, for "
    "example 'django_dlwidget.downloads.notifications.send_message'.",
)
OPTIONAL_BYTES: Final[Kind[int | None]] = Kind(
    "django_dlwidget.E006",
    lambda value: value is None or _is_positive_int(value),
    lambda value: None if value is None else int(value),
    "{setting} is {value!r}; it must be a positive integer or None.",
    "Set {setting} to a number of bytes above zero, or None for no limit.",
    lambda value: "`None`" if value is None else _show_bytes(value),
)
FILESYSTEM_STORE: Final = "django_dlwidget.tus.stores.FileSystemStore"


def _store_problem(value: object) -> str:
    """Why ``value`` is not an upload store ("" when it is one)."""
    if not isinstance(value, Mapping) or not set(value) <= {"BACKEND", "OPTIONS"}:
        return "it must be a dict with the keys BACKEND and OPTIONS (OPTIONS optional)"
    options = value.get("OPTIONS", {})
    if not _is_text(value.get("BACKEND")):
        return "its BACKEND must be the dotted path of an upload store class"
    if not isinstance(options, Mapping):
        return "its OPTIONS must be a dict"
    build = import_string("django_dlwidget.tus.stores.build_store")
    try:
        build(value)
    except Exception as exc:  # whatever the backend raises for its options (or a failing import)
        return f"{value['BACKEND']} raised {type(exc).__name__}: {exc}"
    return ""


def _is_store(value: object) -> bool:
    """A ``STORAGES``-shaped entry whose backend is an upload store built from its options."""
    return not _store_problem(value)


UPLOAD_STORE_KIND: Final[Kind[Mapping[str, Any]]] = Kind(
    "django_dlwidget.E040",
    _is_store,
    lambda value: value if isinstance(value, Mapping) else {"BACKEND": FILESYSTEM_STORE},
    # Never the OPTIONS themselves: they may hold a secret key.
    "{setting} is not an upload store with valid options: {reason}.",
    "Set its BACKEND to django_dlwidget.tus.stores.FileSystemStore, "
    "django_dlwidget.tus.stores.S3Store or another subclass of "
    "django_dlwidget.tus.stores.UploadStore, and its OPTIONS to ones that backend accepts "
    '(see docs/settings.md, "Upload stores").',
    lambda value: f"`{value['BACKEND'].rsplit('.', 1)[-1]}`",
    _store_problem,
)


def _is_count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


_TOKEN = re.compile(r"[A-Za-z0-9._-]+")
_RULE_VALUES: Final[Mapping[str, Callable[[object], bool]]] = {
    "STORAGE": _is_text,
    "PREFIX": _is_text,
    "NGINX_PREFIX": _is_text,
    # X-Accel-Expires: seconds, "off", or "@" + a Unix time; X-Accel-Limit-Rate: bytes per second.
    "NGINX_EXPIRES": lambda v: _is_count(v) or v == "off" or bool(re.fullmatch(r"@\d+", str(v))),
    "NGINX_LIMIT_RATE": lambda v: _is_count(v) or v == "off",
    "NGINX_BUFFERING": lambda v: isinstance(v, bool),
    "NGINX_CHARSET": lambda v: isinstance(v, str) and bool(_TOKEN.fullmatch(v)),
    "XSENDFILE_ROOT": lambda v: _is_text(v) and v.startswith("/"),
}
RULE_KEYS: Final = ("SENDFILE", *_RULE_VALUES)


def rule_value_accepted(key: object, value: object) -> bool:
    """Whether ``value`` is one that the ``SENDFILE_RULES`` key ``key`` accepts."""
    return isinstance(key, str) and key in _RULE_VALUES and _RULE_VALUES[key](value)


def sendfile_rules(check: str, backends: tuple[str, ...]) -> Kind[tuple[Mapping[str, Any], ...]]:
    """A list of offload rules: dicts of ``RULE_KEYS`` (``SENDFILE`` one of ``backends``)."""

    def accepts_rule(rule: object) -> bool:
        return isinstance(rule, Mapping) and all(
            value in backends if key == "SENDFILE" else rule_value_accepted(key, value)
            for key, value in rule.items()
        )

    return Kind(
        check,
        lambda value: isinstance(value, list | tuple) and all(map(accepts_rule, value)),
        lambda value: tuple(value) if isinstance(value, list | tuple) else (),
        "{setting} is {value!r}, which is not a list of offload rules.",
        f"Each rule is a dict of {', '.join(RULE_KEYS)} (see docs/settings.md, "
        '"Offload rules"), for example {{"STORAGE": "reports", "NGINX_PREFIX": "/reports/"}}.',
        lambda value: f"`{list(value)!r}`",
    )
