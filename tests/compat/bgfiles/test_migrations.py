"""``migrate`` works on a database that ran dj-bgfiles: its recorded ``bgfiles.0001_initial`` (and
the old table) do not stop the compat app's own migration."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def migrate(database: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DEMO_BGFILES": "1", "DEMO_DB": str(database)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [sys.executable, str(ROOT / "example" / "manage.py"), "migrate", "--no-input"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def applied(database: Path, app: str) -> list[str]:
    with sqlite3.connect(database) as connection:
        rows = connection.execute("SELECT name FROM django_migrations WHERE app = ?", (app,))
        return sorted(name for (name,) in rows)


def test_migrate_on_a_database_that_ran_dj_bgfiles(tmp_path: Path) -> None:
    database = tmp_path / "old.sqlite3"
    with sqlite3.connect(database) as connection:
        connection.executescript(
            """
            CREATE TABLE django_migrations (id integer PRIMARY KEY AUTOINCREMENT,
                app varchar(255) NOT NULL, name varchar(255) NOT NULL, applied datetime NOT NULL);
            INSERT INTO django_migrations (app, name, applied)
                VALUES ('bgfiles', '0001_initial', '2020-01-01 00:00:00');
            CREATE TABLE bgfiles_filerequest (id char(32) PRIMARY KEY, criteria text);
            INSERT INTO bgfiles_filerequest VALUES ('0123456789abcdef0123456789abcdef', 'x=1');
            """
        )
    result = migrate(database)
    assert result.returncode == 0, result.stderr[-3000:]
    assert applied(database, "bgfiles") == ["0001_initial", "0002_filerequest_proxy"]
    assert "0004_download_owner_optional_kind_params_finished" in applied(database, "dlwidget")
    with sqlite3.connect(database) as connection:  # the old table is left alone
        assert connection.execute("SELECT criteria FROM bgfiles_filerequest").fetchall() == [
            ("x=1",)
        ]


def test_migrate_on_a_new_database(tmp_path: Path) -> None:
    database = tmp_path / "new.sqlite3"
    result = migrate(database)
    assert result.returncode == 0, result.stderr[-3000:]
    assert applied(database, "bgfiles") == ["0002_filerequest_proxy"]
