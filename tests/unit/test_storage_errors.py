"""Known SQLite failures become messages a person can act on, and nothing is lost."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

import pytest

from followup_desktop.domain.model import Candidate, Debrief
from followup_desktop.storage import database
from followup_desktop.storage.database import DB_FILENAME, open_database
from followup_desktop.storage.errors import (
    DatabaseCorrupt,
    DatabaseLocked,
    DatabaseUnwritable,
    DiskFull,
    StorageError,
    translate,
)
from followup_desktop.storage.repository import Repository

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def sqlite_error(code: int, message: str = "simulated") -> sqlite3.OperationalError:
    error = sqlite3.OperationalError(message)
    error.sqlite_errorcode = code  # type: ignore[attr-defined]
    return error


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        (5, DatabaseLocked),  # SQLITE_BUSY
        (5 | (2 << 8), DatabaseLocked),  # SQLITE_BUSY_SNAPSHOT (extended)
        (6, DatabaseLocked),  # SQLITE_LOCKED
        (13, DiskFull),  # SQLITE_FULL
        (8, DatabaseUnwritable),  # SQLITE_READONLY
        (10 | (4 << 8), DatabaseUnwritable),  # SQLITE_IOERR_WRITE
        (14, DatabaseUnwritable),  # SQLITE_CANTOPEN
        (11, DatabaseCorrupt),  # SQLITE_CORRUPT
        (26, DatabaseCorrupt),  # SQLITE_NOTADB
    ],
)
def test_translate_known_failures(tmp_path: Path, code: int, kind: type[StorageError]) -> None:
    path = tmp_path / DB_FILENAME
    error = translate(sqlite_error(code), path)
    assert isinstance(error, kind)
    assert error.path == path
    assert str(path) in str(error)


def test_disk_full_message(tmp_path: Path) -> None:
    path = tmp_path / DB_FILENAME
    error = translate(sqlite_error(13, "database or disk is full"), path)
    assert isinstance(error, DiskFull)
    assert "full" in str(error)
    assert "Free some space" in str(error)


@pytest.mark.parametrize("code", [1, 19, 20, 21, 25])  # ERROR, CONSTRAINT, MISMATCH, MISUSE, RANGE
def test_translate_leaves_bugs_alone(tmp_path: Path, code: int) -> None:
    assert translate(sqlite_error(code), tmp_path / DB_FILENAME) is None


def test_translate_without_error_code(tmp_path: Path) -> None:
    assert translate(sqlite3.ProgrammingError("closed"), tmp_path / DB_FILENAME) is None


def test_a_bug_is_not_dressed_up_as_a_storage_error(tmp_path: Path) -> None:
    path = tmp_path / DB_FILENAME
    conn = open_database(path)
    try:
        with pytest.raises(sqlite3.OperationalError), database.translated(path):
            conn.execute("SELECT no_such_column FROM debriefs")
    finally:
        conn.close()


# -- through the repository ---------------------------------------------------------------


class FaultyConnection:
    """A connection that fails writes with a chosen SQLite error while ``fault`` is set."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        object.__setattr__(self, "_conn", conn)
        object.__setattr__(self, "fault", None)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "fault":
            object.__setattr__(self, name, value)
        else:
            setattr(self._conn, name, value)

    def _check(self, sql: str) -> None:
        if self.fault is not None and sql.lstrip().upper().startswith(("INSERT", "UPDATE")):
            raise self.fault

    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
        self._check(sql)
        return self._conn.execute(sql, *args)

    def executemany(self, sql: str, *args: Any) -> sqlite3.Cursor:
        self._check(sql)
        return self._conn.executemany(sql, *args)


@pytest.fixture
def faulty(tmp_path: Path) -> Iterator[tuple[Repository, FaultyConnection]]:
    path = tmp_path / DB_FILENAME
    conn = FaultyConnection(open_database(path))
    repo = Repository(cast(sqlite3.Connection, conn), path, clock=lambda: NOW)
    yield repo, conn
    repo.close()


def debrief(name: str = "Ada Lovelace") -> Debrief:
    return Debrief(started_at=NOW, candidate=Candidate(name), private_notes="Keep this. " * 50)


def test_disk_full_through_repository(faulty: tuple[Repository, FaultyConnection]) -> None:
    repo, conn = faulty
    kept = repo.save_debrief(debrief("Kept Already"))
    conn.fault = sqlite_error(13, "database or disk is full")
    with pytest.raises(DiskFull) as caught:
        repo.save_debrief(debrief())
    assert str(repo.path) in str(caught.value)
    with pytest.raises(DiskFull):
        repo.save_settings(repo.load_settings())
    assert not conn.in_transaction
    assert repo.count_debriefs() == 1  # nothing half-written
    assert repo.get_debrief(kept.id or 0) == kept  # nothing lost
    conn.fault = None
    saved = repo.save_debrief(debrief())  # once there is room, the same save works
    assert repo.get_debrief(saved.id or 0) == saved
    assert repo.count_debriefs() == 2


def test_real_sqlite_full_error(tmp_path: Path) -> None:
    """SQLite itself reports SQLITE_FULL (max_page_count) and rolls the transaction back."""
    path = tmp_path / DB_FILENAME
    conn = open_database(path)
    repo = Repository(conn, path, clock=lambda: NOW)
    try:
        kept = repo.save_debrief(debrief("Kept Already"))
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages}")
        big = Debrief(started_at=NOW, private_notes="x" * 200_000)
        with pytest.raises(DiskFull):
            repo.save_debrief(big)
        assert not conn.in_transaction
        assert repo.count_debriefs() == 1
        conn.execute("PRAGMA max_page_count = 1073741823")
        saved = repo.save_debrief(big)
        assert repo.get_debrief(saved.id or 0) == saved
        assert repo.get_debrief(kept.id or 0) == kept
    finally:
        repo.close()


def test_write_while_another_program_holds_the_write_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 50)
    path = tmp_path / DB_FILENAME
    repo = Repository(open_database(path), path, clock=lambda: NOW)
    other = sqlite3.connect(path, isolation_level=None)
    try:
        first = repo.save_debrief(debrief("First Saved"))
        other.execute("BEGIN IMMEDIATE")
        other.execute("INSERT INTO preferences (key, value) VALUES ('other', 'theirs')")
        wanted = debrief()
        with pytest.raises(DatabaseLocked) as caught:
            repo.save_debrief(wanted)
        assert str(path) in str(caught.value)
        with pytest.raises(DatabaseLocked):
            repo.save_debrief(first.with_candidate(name="Renamed"))
        assert repo.count_debriefs() == 1  # reads still work under WAL
        other.execute("COMMIT")

        saved = repo.save_debrief(wanted)  # the same save, once the lock is gone
        assert repo.get_debrief(saved.id or 0) == saved
        assert repo.get_debrief(first.id or 0) == first
        assert repo.get_preference("other") == "theirs"
        assert repo.count_debriefs() == 2
    finally:
        other.close()
        repo.close()
