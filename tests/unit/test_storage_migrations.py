"""Migration mechanics with fake step lists: one transaction per step, backup first."""

from __future__ import annotations

import contextlib
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from followup_desktop.domain.model import Candidate, Debrief
from followup_desktop.storage.database import (
    APPLICATION_ID,
    DB_FILENAME,
    latest_version,
    open_database,
)
from followup_desktop.storage.migrations import MIGRATIONS, Migration
from followup_desktop.storage.repository import Repository

WHEN = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


def inspect(path: Path) -> tuple[int, int, set[str]]:
    """(user_version, application_id, table names), read through a read-only connection."""
    with contextlib.closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as conn:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_schema")}
        return (
            conn.execute("PRAGMA user_version").fetchone()[0],
            conn.execute("PRAGMA application_id").fetchone()[0],
            tables,
        )


def create_a(conn: sqlite3.Connection) -> None:
    conn.execute("CREATE TABLE a (x INTEGER)")
    conn.execute("INSERT INTO a (x) VALUES (1)")


def create_b(conn: sqlite3.Connection) -> None:
    conn.execute("CREATE TABLE b (y INTEGER)")


def broken(conn: sqlite3.Connection) -> None:
    conn.execute("CREATE TABLE half (z INTEGER)")
    conn.execute("INSERT INTO a (x) VALUES (2)")
    raise RuntimeError("step failed half-way")


def test_real_migrations_are_counted() -> None:
    assert latest_version() == len(MIGRATIONS) >= 1


def test_each_step_runs_in_its_own_transaction_in_order(tmp_path: Path) -> None:
    path = tmp_path / DB_FILENAME
    seen: list[tuple[str, bool, int]] = []

    def step(name: str) -> Migration:
        def run(conn: sqlite3.Connection) -> None:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            seen.append((name, conn.in_transaction, version))
            conn.execute(f"CREATE TABLE {name} (x)")

        return run

    conn = open_database(path, migrations=[step("one"), step("two"), step("three")])
    conn.close()
    assert seen == [("one", True, 0), ("two", True, 1), ("three", True, 2)]
    assert inspect(path) == (3, APPLICATION_ID, {"one", "two", "three"})


def test_a_failing_step_leaves_the_previous_version(tmp_path: Path) -> None:
    path = tmp_path / DB_FILENAME
    with pytest.raises(RuntimeError, match="half-way"):
        open_database(path, migrations=[create_a, broken])
    version, app_id, tables = inspect(path)
    assert version == 1
    assert app_id == APPLICATION_ID
    assert tables == {"a"}  # no "half": the failed step left nothing behind
    with contextlib.closing(sqlite3.connect(path)) as conn:
        assert conn.execute("SELECT x FROM a").fetchall() == [(1,)]

    # A fixed version of the step then upgrades the same file, backing it up first.
    conn = open_database(path, migrations=[create_a, create_b], now=lambda: WHEN)
    conn.close()
    assert inspect(path) == (2, APPLICATION_ID, {"a", "b"})
    assert [p.name for p in (tmp_path / "backups").iterdir()] == [
        "followup-before-upgrade-from-v1-20260102-030405.sqlite3"
    ]


def test_a_failing_sql_step_leaves_the_previous_version(tmp_path: Path) -> None:
    def bad_sql(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE c (x)")
        conn.execute("CREATE TABLE a (x)")  # already exists: sqlite3.OperationalError

    path = tmp_path / DB_FILENAME
    with pytest.raises(sqlite3.OperationalError):
        open_database(path, migrations=[create_a, bad_sql])
    assert inspect(path) == (1, APPLICATION_ID, {"a"})


def test_backup_before_upgrading_an_existing_file(tmp_path: Path) -> None:
    path = tmp_path / DB_FILENAME
    conn = open_database(path)  # the real v1 schema
    repo = Repository(conn, path, clock=lambda: WHEN)
    saved = repo.save_debrief(Debrief(started_at=WHEN, candidate=Candidate("Grace Hopper")))
    repo.close()

    def v2(conn: sqlite3.Connection) -> None:
        conn.execute("ALTER TABLE debriefs ADD COLUMN source TEXT NOT NULL DEFAULT ''")

    upgraded = open_database(path, migrations=(*MIGRATIONS, v2), now=lambda: WHEN)
    try:
        assert upgraded.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS) + 1
        row = upgraded.execute("SELECT candidate_name, source FROM debriefs").fetchone()
        assert tuple(row) == ("Grace Hopper", "")
    finally:
        upgraded.close()

    backups = list((tmp_path / "backups").iterdir())
    assert [p.name for p in backups] == [
        f"followup-before-upgrade-from-v{len(MIGRATIONS)}-20260102-030405.sqlite3"
    ]
    version, app_id, _ = inspect(backups[0])
    assert (version, app_id) == (len(MIGRATIONS), APPLICATION_ID)
    with contextlib.closing(sqlite3.connect(backups[0])) as copy:
        columns = {row[1] for row in copy.execute("PRAGMA table_info(debriefs)")}
        assert "source" not in columns
        assert copy.execute("SELECT id, candidate_name FROM debriefs").fetchall() == [
            (saved.id, "Grace Hopper")
        ]


def test_backup_goes_to_the_folder_given(tmp_path: Path) -> None:
    path = tmp_path / DB_FILENAME
    open_database(path, migrations=[create_a]).close()
    elsewhere = tmp_path / "elsewhere"
    open_database(
        path, migrations=[create_a, create_b], backup_dir=elsewhere, now=lambda: WHEN
    ).close()
    assert len(list(elsewhere.iterdir())) == 1
    assert not (tmp_path / "backups").exists()


def test_up_to_date_file_is_not_backed_up(tmp_path: Path) -> None:
    path = tmp_path / DB_FILENAME
    open_database(path, migrations=[create_a, create_b]).close()
    open_database(path, migrations=[create_a, create_b]).close()
    assert not (tmp_path / "backups").exists()
