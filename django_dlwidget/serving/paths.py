"""A file by its filesystem path, confined to a root folder the caller names.

The path usually comes from a URL, so it is resolved (``..`` and every symlink followed) before
it is compared with the resolved root: whatever lands outside the root is treated as missing,
never opened. The resolved file is then opened without following a final symlink, so a link
swapped in after the check is refused too.

``name_under`` is the lexical counterpart, for a path that is only named, never opened here (a
file a web server is to send): ``..`` is folded away before the comparison, so no name climbs
out of the folder it is matched against.
"""

from __future__ import annotations

import os
import posixpath
import stat
from pathlib import Path
from typing import Any

from django.core.files import File

# O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer (reads from a
# regular file never block, and the flag is cleared once the file is known to be one).
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)


def open_confined(path: str | os.PathLike[str], root: str | os.PathLike[str] | None) -> File[Any]:
    """``path`` (relative to ``root``, or absolute) opened for reading, as a ``File`` named after
    its last component. Raises ``FileNotFoundError`` for a missing file, a directory, or a path
    that resolves outside ``root``; ``TypeError`` without a root."""
    if root is None:
        raise TypeError(
            "serve_file() needs root= to serve a path: the folder the path must stay in."
        )
    try:
        base = Path(root).resolve(strict=True)
        target = (base / path).resolve(strict=True)
    except (OSError, RuntimeError, ValueError) as exc:  # missing, a symlink loop, a NUL byte
        raise FileNotFoundError(os.fspath(path)) from exc
    if not target.is_relative_to(base):
        raise FileNotFoundError(os.fspath(path))
    try:
        descriptor = os.open(target, _OPEN_FLAGS | _NONBLOCK)
    except OSError as exc:
        raise FileNotFoundError(os.fspath(path)) from exc
    if not stat.S_ISREG(os.fstat(descriptor).st_mode):  # a directory, a FIFO, a device
        os.close(descriptor)
        raise FileNotFoundError(os.fspath(path))
    if _NONBLOCK:
        os.set_blocking(descriptor, True)
    return File(os.fdopen(descriptor, "rb"), name=target.name)


def climbs(name: str | os.PathLike[str]) -> bool:
    """Whether ``name``, a relative path or storage name from a URL, could leave the folder it
    is joined to: it is absolute, has a ``..`` component (with ``/`` or ``\\``), or a NUL
    byte. Check it before joining: ``os.path.join(root, "/etc/passwd")`` is ``/etc/passwd``."""
    text = os.fspath(name)
    parts = text.replace("\\", "/").split("/")
    return (
        "\x00" in text or text.startswith(("/", "\\")) or Path(text).is_absolute() or ".." in parts
    )


def name_under(path: str, root: str) -> str | None:
    """``path`` relative to the folder ``root`` (``/``-separated), compared after both are
    normalized lexically (``..`` and ``.`` folded, no filesystem access); None when ``path`` is
    not inside ``root``, or is ``root`` itself."""
    if not path or not root:
        return None
    path, root = posixpath.normpath(path), posixpath.normpath(root)
    if path == root or posixpath.isabs(path) != posixpath.isabs(root):
        return None
    if posixpath.commonpath([path, root]) != root:
        return None
    return posixpath.relpath(path, root)
