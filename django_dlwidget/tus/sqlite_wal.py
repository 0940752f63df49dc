"""SQLite in WAL mode, one connection per request: no checkpoint on close, no recovery on open.

Under ASGI, Django opens a connection for every request (each runs in a thread of its own) and
closes it at the end. SQLite treats the first connection to a database in WAL mode, when no
other is open, and the last one to close, specially:

- the last to close checkpoints the log into the database and syncs both files (one or more
  ``fsync`` per request, tens of milliseconds on a busy disk). With
  ``SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE`` (Python 3.12+) a closing connection skips that; the log is
  still checkpointed by SQLite as it grows (every 1000 pages by default), and durability is what
  ``PRAGMA synchronous`` says, as before;
- the first to open, finding no other, rebuilds the log's index by reading the whole log (up to
  those 1000 pages): milliseconds for every request that queries.

So each process also keeps one idle connection of its own to each such database file
(:func:`keep_open`, from the ``connection_created`` receiver): no request's connection is then
the first or the last. It holds no transaction, so it blocks no writer and no checkpoint. It is
kept per process (one inherited over ``fork`` is left alone, never used or closed), opened again
when the file is replaced (a test database made anew), and at most ``KEPT`` files are kept.
In-memory databases and other journal modes get none.
"""

from __future__ import annotations

import collections
import os
import sqlite3
import threading
from pathlib import Path
from typing import Final, NamedTuple

NO_CHECKPOINT_ON_CLOSE = getattr(sqlite3, "SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE", None)
KEPT: Final = 8


class _Kept(NamedTuple):
    pid: int
    inode: tuple[int, int]
    connection: sqlite3.Connection | None  # None: not in WAL mode, nothing to keep


_lock = threading.Lock()
_kept: collections.OrderedDict[str, _Kept] = collections.OrderedDict()
# Connections a parent process opened before a fork: referenced so that they are never closed
# (and never used) in the child.
_inherited: list[sqlite3.Connection] = []


def no_checkpoint_on_close(connection: sqlite3.Connection) -> None:
    if NO_CHECKPOINT_ON_CLOSE is not None:
        connection.setconfig(NO_CHECKPOINT_ON_CLOSE, True)


def database_file(name: object) -> str | None:
    """The file behind Django's SQLite ``NAME``; None for an in-memory or URI database."""
    text = os.fspath(name) if isinstance(name, str | os.PathLike) else ""
    if not text or text == ":memory:" or text.startswith("file:"):
        return None
    return str(Path(text).resolve())


def keep_open(name: object) -> None:
    """Hold an idle connection to the database ``name`` in this process, if it is a file in WAL
    mode and none is held yet."""
    path = database_file(name)
    if path is None:
        return
    try:
        found = Path(path).stat()
    except OSError:
        return
    inode, pid = (found.st_dev, found.st_ino), os.getpid()
    kept = _kept.get(path)
    if kept is not None and kept.pid == pid and kept.inode == inode:
        return
    with _lock:
        kept = _kept.pop(path, None)
        if kept is not None and not (kept.pid == pid and kept.inode == inode):
            _let_go(kept)
            kept = None
        _kept[path] = kept or _Kept(pid, inode, _open(path))
        while len(_kept) > KEPT:
            _let_go(_kept.popitem(last=False)[1])


def _open(path: str) -> sqlite3.Connection | None:
    try:
        connection = sqlite3.connect(path, check_same_thread=False)
    except sqlite3.Error:
        return None
    try:
        no_checkpoint_on_close(connection)
        (mode,) = connection.execute("PRAGMA journal_mode").fetchone()
        # A first read opens the log's index, which this connection then holds.
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error:
        mode = None
    if mode != "wal":
        connection.close()
        return None
    return connection


def _let_go(kept: _Kept) -> None:
    if kept.connection is None:
        return
    if kept.pid == os.getpid():
        kept.connection.close()
    else:
        _inherited.append(kept.connection)
