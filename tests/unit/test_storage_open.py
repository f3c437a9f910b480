"""Opening the database: pragmas, refusing files we must not touch, bad data folders, locks."""

from __future__ import annotations

import contextlib
import hashlib
import os
import random
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from followup_desktop.storage import database
from followup_desktop.storage.database import (
    APPLICATION_ID,
    DB_FILENAME,
    SQLITE_MAGIC,
    latest_version,
    open_database,
    prepare_data_folder,
)
from followup_desktop.storage.errors import (
    DatabaseCorrupt,
    DatabaseLocked,
    DatabaseRefused,
    DataFolderError,
    StorageError,
)

SIDECARS = ("-wal", "-shm", "-journal")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def sidecars(path: Path) -> list[Path]:
    return [p for s in SIDECARS if (p := path.with_name(path.name + s)).exists()]


def _sqlite_file(path: Path, *, application_id: int, user_version: int, table: bool) -> None:
    conn = sqlite3.connect(path)
    try:
        if table:
            conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
            conn.execute("INSERT INTO notes (body) VALUES ('somebody else''s data')")
        conn.execute(f"PRAGMA application_id = {application_id}")
        conn.execute(f"PRAGMA user_version = {user_version}")
        conn.commit()
    finally:
        conn.close()


def too_new(path: Path) -> None:
    _sqlite_file(path, application_id=APPLICATION_ID, user_version=latest_version() + 1, table=True)


def text_file(path: Path) -> None:
    path.write_text("Dear diary,\nthis is not a database.\n", encoding="utf-8")


def random_bytes(path: Path) -> None:
    path.write_bytes(random.Random(1234).randbytes(8192))


def short_sqlite_magic(path: Path) -> None:
    path.write_bytes(SQLITE_MAGIC + b"\x10\x00\x01\x01")


def other_program(path: Path) -> None:
    _sqlite_file(path, application_id=0, user_version=0, table=True)


def other_program_with_version(path: Path) -> None:
    _sqlite_file(path, application_id=0, user_version=1, table=False)


def other_application_id(path: Path) -> None:
    _sqlite_file(path, application_id=0x12345678, user_version=1, table=True)


REFUSED: dict[str, Callable[[Path], None]] = {
    "too_new": too_new,
    "text_file": text_file,
    "random_bytes": random_bytes,
    "short_sqlite_magic": short_sqlite_magic,
    "other_program": other_program,
    "other_program_with_version": other_program_with_version,
    "other_application_id": other_application_id,
}


# -- a new database -----------------------------------------------------------------------


def pragma(conn: sqlite3.Connection, name: str) -> object:
    return conn.execute(f"PRAGMA {name}").fetchone()[0]


def test_new_database_is_migrated_and_configured(tmp_path: Path) -> None:
    path = prepare_data_folder(tmp_path / "data")
    assert path == tmp_path / "data" / DB_FILENAME
    conn = open_database(path)
    try:
        assert pragma(conn, "user_version") == latest_version() >= 1
        assert pragma(conn, "application_id") == APPLICATION_ID == 0x46555044
        assert pragma(conn, "journal_mode") == "wal"
        assert pragma(conn, "foreign_keys") == 1
        assert pragma(conn, "synchronous") == 2  # FULL
        tables = {
            row[0] for row in conn.execute("SELECT name FROM sqlite_schema WHERE type='table'")
        }
        assert {"debriefs", "competencies", "messages", "preferences"} <= tables
        assert not conn.in_transaction
    finally:
        conn.close()
    assert path.read_bytes().startswith(SQLITE_MAGIC)
    assert not (path.parent / "backups").exists()  # nothing to back up in a new file


def test_an_empty_file_is_refused_as_damaged_and_kept(tmp_path: Path) -> None:
    """The app never leaves its database empty (it is made under a temporary name and renamed
    when valid), so a 0-byte file was cut short: refused, with what to do, and kept."""
    path = tmp_path / DB_FILENAME
    path.touch()
    with pytest.raises(DatabaseCorrupt) as caught:
        open_database(path)
    assert str(path) in str(caught.value) and "empty" in str(caught.value)
    assert path.stat().st_size == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [DB_FILENAME]


def test_a_new_database_appears_whole_and_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[list[str]] = []
    real_link = database.os.link

    def watch(source: object, target: object) -> None:
        seen.append(sorted(p.name for p in tmp_path.iterdir()))
        real_link(source, target)  # type: ignore[arg-type]

    monkeypatch.setattr(database.os, "link", watch)
    open_database(tmp_path / DB_FILENAME).close()
    assert DB_FILENAME not in seen[0]  # the database is not there until it is a valid file
    assert sorted(p.name for p in tmp_path.iterdir()) == [DB_FILENAME]


def test_a_stale_temporary_database_from_a_crash_is_removed(tmp_path: Path) -> None:
    stale = tmp_path / f".{DB_FILENAME}.new-abc.sqlite3"
    stale.write_bytes(b"half")
    os.utime(stale, (1, 1))
    fresh = tmp_path / f".{DB_FILENAME}.new-def.sqlite3"  # perhaps another process's
    fresh.write_bytes(b"half")
    open_database(tmp_path / DB_FILENAME).close()
    assert not stale.exists() and fresh.exists()


def test_reopening_keeps_data_and_makes_no_backup(tmp_path: Path) -> None:
    path = tmp_path / DB_FILENAME
    conn = open_database(path)
    conn.execute("INSERT INTO preferences (key, value) VALUES ('k', 'v')")
    conn.close()
    conn = open_database(path)
    try:
        assert conn.execute("SELECT value FROM preferences WHERE key='k'").fetchone()[0] == "v"
        assert pragma(conn, "user_version") == latest_version()
    finally:
        conn.close()
    assert not (tmp_path / "backups").exists()


# -- files we refuse ----------------------------------------------------------------------


@pytest.mark.parametrize("make", REFUSED.values(), ids=REFUSED.keys())
def test_refused_file_is_left_untouched(tmp_path: Path, make: Callable[[Path], None]) -> None:
    path = tmp_path / DB_FILENAME
    make(path)
    before = sha256(path)
    assert sidecars(path) == []
    with pytest.raises(DatabaseRefused) as caught:
        open_database(path)
    assert str(path) in str(caught.value)
    assert caught.value.path == path
    assert sha256(path) == before
    assert sidecars(path) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == [DB_FILENAME]


def test_too_new_message_says_what_to_do(tmp_path: Path) -> None:
    path = tmp_path / DB_FILENAME
    too_new(path)
    with pytest.raises(DatabaseRefused, match="newer version"):
        open_database(path)


def test_refused_file_refused_again_on_second_try(tmp_path: Path) -> None:
    path = tmp_path / DB_FILENAME
    other_program(path)
    before = sha256(path)
    for _ in range(2):
        with pytest.raises(DatabaseRefused, match="another program"):
            open_database(path)
    assert sha256(path) == before


def test_folder_where_the_database_should_be_is_refused(tmp_path: Path) -> None:
    path = tmp_path / DB_FILENAME
    path.mkdir()
    (path / "keep.txt").write_text("keep me")
    with pytest.raises(DatabaseRefused) as caught:
        open_database(path)
    assert str(path) in str(caught.value)
    assert (path / "keep.txt").read_text() == "keep me"


# -- the data folder ----------------------------------------------------------------------


def test_data_folder_is_created(tmp_path: Path) -> None:
    folder = tmp_path / "a" / "b" / "data"
    assert prepare_data_folder(folder) == folder / DB_FILENAME
    assert folder.is_dir()
    assert list(folder.iterdir()) == []  # the write probe cleans up after itself


def test_data_folder_that_is_a_file(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.write_bytes(b"precious bytes\x00\x01")
    before = sha256(folder)
    with pytest.raises(DataFolderError) as caught:
        prepare_data_folder(folder)
    assert str(folder) in str(caught.value)
    assert caught.value.path == folder
    assert folder.is_file()
    assert sha256(folder) == before


def test_data_folder_below_a_file(tmp_path: Path) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("not a folder")
    with pytest.raises(DataFolderError) as caught:
        prepare_data_folder(blocker / "inner")
    assert str(blocker / "inner") in str(caught.value)
    assert blocker.read_text() == "not a folder"


def test_unwritable_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests run as root, where file modes do not stop writes: inject the failure instead.
    def refuse(folder: Path) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(database, "probe_writable", refuse)
    folder = tmp_path / "data"
    with pytest.raises(DataFolderError) as caught:
        prepare_data_folder(folder)
    message = str(caught.value)
    assert str(folder) in message
    assert "Permission denied" in message
    assert "--data-dir" in message
    assert isinstance(caught.value.__cause__, PermissionError)


def test_probe_writable_leaves_nothing(tmp_path: Path) -> None:
    database.probe_writable(tmp_path)
    assert list(tmp_path.iterdir()) == []


# -- locks --------------------------------------------------------------------------------


@pytest.fixture
def quick_busy_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 50)


@pytest.mark.usefixtures("quick_busy_timeout")
def test_open_while_another_program_holds_the_database(tmp_path: Path) -> None:
    path = tmp_path / DB_FILENAME
    open_database(path).close()
    other = sqlite3.connect(path, isolation_level=None)
    try:
        other.execute("BEGIN EXCLUSIVE")
        with pytest.raises(DatabaseLocked) as caught:
            open_database(path)
        assert str(path) in str(caught.value)
        assert caught.value.path == path
    finally:
        other.close()
    open_database(path).close()  # works again once released


@pytest.mark.usefixtures("quick_busy_timeout")
def test_open_new_file_while_another_connection_holds_exclusive_lock(tmp_path: Path) -> None:
    # A plain rollback-journal file (not yet WAL) locked exclusively: even reads wait.
    path = tmp_path / DB_FILENAME
    with contextlib.closing(sqlite3.connect(path)) as made:
        made.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    other = sqlite3.connect(path, isolation_level=None)
    try:
        other.execute("BEGIN EXCLUSIVE")
        with pytest.raises(DatabaseLocked):
            open_database(path)
    finally:
        other.close()


def test_too_new_file_with_unsaved_wal_is_left_untouched(tmp_path: Path) -> None:
    """A newer version crashed: its data version bump is still in the WAL, not in the header."""
    live = tmp_path / "live" / DB_FILENAME
    live.parent.mkdir()
    conn = open_database(live)
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute(f"PRAGMA user_version = {latest_version() + 1}")
    conn.execute("INSERT INTO preferences (key, value) VALUES ('from', 'the future')")
    crashed = tmp_path / "crashed"
    crashed.mkdir()
    for suffix in ("", "-wal"):  # the files a crash leaves behind
        source = live.with_name(live.name + suffix)
        (crashed / source.name).write_bytes(source.read_bytes())
    conn.close()

    path = crashed / DB_FILENAME
    data_before, wal_before = sha256(path), sha256(path.with_name(path.name + "-wal"))
    with pytest.raises(DatabaseRefused, match="newer version"):
        open_database(path)
    assert sha256(path) == data_before
    assert sha256(path.with_name(path.name + "-wal")) == wal_before


def _damaged_in_wal_mode(path: Path) -> None:
    """Ours (WAL mode, the real schema, which spans more than the first page) with garbage
    after the first page."""
    open_database(path).close()
    data = bytearray(path.read_bytes())
    data[4096:] = bytes((index * 7) % 256 for index in range(4096, len(data)))
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("make", [_damaged_in_wal_mode, too_new])
def test_a_refused_wal_mode_file_leaves_no_sidecar_files(
    tmp_path: Path, make: Callable[[Path], None]
) -> None:
    """The read-only check opens a WAL-mode file, which makes an -shm and an empty -wal;
    refusing the file removes them again, so the folder is as it was."""
    path = tmp_path / DB_FILENAME
    make(path)
    if make is too_new:
        with contextlib.closing(sqlite3.connect(path)) as conn:
            conn.execute("PRAGMA journal_mode = WAL")
    before = sha256(path)
    with pytest.raises(StorageError):
        open_database(path)
    assert sha256(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [DB_FILENAME]


def test_sidecar_files_that_were_there_are_kept(tmp_path: Path) -> None:
    path = tmp_path / DB_FILENAME
    _damaged_in_wal_mode(path)
    shm = path.with_name(path.name + "-shm")
    shm.write_bytes(bytes(32768))
    with pytest.raises(StorageError):
        open_database(path)
    assert shm.exists()


# -- the full check (--self-test) -------------------------------------------------------------


def test_check_integrity_passes_a_sound_file_and_a_missing_one(tmp_path: Path) -> None:
    path = tmp_path / DB_FILENAME
    database.check_integrity(path)
    open_database(path).close()
    database.check_integrity(path)


def test_check_integrity_finds_a_row_pointing_nowhere(tmp_path: Path) -> None:
    path = tmp_path / DB_FILENAME
    open_database(path).close()
    with contextlib.closing(sqlite3.connect(path)) as conn:  # foreign keys off: nothing stops it
        conn.execute(
            "INSERT INTO competencies (debrief_id, position, name) VALUES (42, 0, 'Orphan')"
        )
        conn.commit()
    before = sha256(path)
    with pytest.raises(DatabaseCorrupt, match=r"competencies .* missing row of debriefs") as caught:
        database.check_integrity(path)
    assert str(path) in str(caught.value)
    assert sha256(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [DB_FILENAME]
