"""Each process keeps one idle connection to each SQLite file in WAL mode, so that no request's
connection is the first to open it (and rebuilds the log's index) or the last to close it (and
checkpoints)."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from django_dlwidget.tus import sqlite_wal


@pytest.fixture(autouse=True)
def nothing_kept() -> Iterator[None]:
    saved = sqlite_wal._kept.copy()
    sqlite_wal._kept.clear()
    yield
    for kept in sqlite_wal._kept.values():
        sqlite_wal._let_go(kept)
    sqlite_wal._kept.clear()
    sqlite_wal._kept.update(saved)


def database(path: Path, mode: str = "wal") -> Path:
    connection = sqlite3.connect(path)
    connection.execute(f"PRAGMA journal_mode={mode}")
    connection.execute("CREATE TABLE t (n INTEGER)")
    connection.commit()
    connection.close()
    return path


def write_and_close(path: Path) -> None:
    """What a request does: open, write, close (with SQLite's default close)."""
    connection = sqlite3.connect(path)
    connection.execute("INSERT INTO t VALUES (1)")
    connection.commit()
    connection.close()


def test_without_a_kept_connection_the_last_close_checkpoints_and_removes_the_log(
    tmp_path: Path,
) -> None:
    path = database(tmp_path / "db.sqlite3")
    write_and_close(path)
    assert not Path(f"{path}-wal").exists()


def test_with_one_kept_no_close_is_the_last(tmp_path: Path) -> None:
    path = database(tmp_path / "db.sqlite3")
    sqlite_wal.keep_open(str(path))
    write_and_close(path)
    log = Path(f"{path}-wal")
    assert log.exists()
    assert log.stat().st_size > 0  # not checkpointed away on close
    other = sqlite3.connect(path)
    assert other.execute("SELECT count(*) FROM t").fetchone() == (1,)
    other.close()


def test_one_connection_per_file_and_process(tmp_path: Path) -> None:
    path = database(tmp_path / "db.sqlite3")
    sqlite_wal.keep_open(str(path))
    first = sqlite_wal._kept[str(path)].connection
    assert first is not None
    sqlite_wal.keep_open(path)  # a path object names the same file
    sqlite_wal.keep_open(str(tmp_path / "." / "db.sqlite3"))
    assert len(sqlite_wal._kept) == 1
    assert sqlite_wal._kept[str(path)].connection is first


def test_a_replaced_file_gets_a_new_connection(tmp_path: Path) -> None:
    path = database(tmp_path / "db.sqlite3")
    sqlite_wal.keep_open(str(path))
    first = sqlite_wal._kept[str(path)].connection
    assert first is not None
    for name in os.listdir(tmp_path):
        os.remove(tmp_path / name)
    database(path)
    sqlite_wal.keep_open(str(path))
    second = sqlite_wal._kept[str(path)].connection
    assert second is not None
    assert second is not first
    with pytest.raises(sqlite3.ProgrammingError):  # closed
        first.execute("SELECT 1")


def test_other_journal_modes_and_in_memory_databases_keep_nothing(tmp_path: Path) -> None:
    path = database(tmp_path / "db.sqlite3", mode="delete")
    sqlite_wal.keep_open(str(path))
    assert sqlite_wal._kept[str(path)].connection is None
    for name in (":memory:", "", "file:memorydb_default?mode=memory&cache=shared", None):
        sqlite_wal.keep_open(name)
    sqlite_wal.keep_open(str(tmp_path / "missing.sqlite3"))
    assert list(sqlite_wal._kept) == [str(path)]


def test_at_most_kept_files_the_oldest_let_go(tmp_path: Path) -> None:
    paths = [database(tmp_path / f"db{n}.sqlite3") for n in range(sqlite_wal.KEPT + 1)]
    for path in paths:
        sqlite_wal.keep_open(str(path))
    assert list(sqlite_wal._kept) == [str(path) for path in paths[1:]]


def test_a_connection_inherited_over_fork_is_never_closed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = database(tmp_path / "db.sqlite3")
    sqlite_wal.keep_open(str(path))
    parents = sqlite_wal._kept[str(path)].connection
    assert parents is not None
    inherited = len(sqlite_wal._inherited)
    monkeypatch.setattr(os, "getpid", lambda: -1)  # as in a forked child
    sqlite_wal.keep_open(str(path))
    childs = sqlite_wal._kept[str(path)].connection
    assert childs is not None
    assert childs is not parents
    assert sqlite_wal._inherited[inherited:] == [parents]
    assert parents.execute("SELECT count(*) FROM t").fetchone() == (0,)  # still open
    sqlite_wal._inherited.pop()
    parents.close()
