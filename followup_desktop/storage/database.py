"""Opening the one SQLite file: checks first, then pragmas, then ordered migrations.

A file that is not SQLite, belongs to another program, or was written by a newer version of
the app is refused before anything writes to it: no pragma that writes, no journal, no WAL.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path

from followup_desktop.storage.errors import (
    DatabaseRefused,
    DataFolderError,
    StorageError,
    translate,
)
from followup_desktop.storage.migrations import MIGRATIONS, Migration

DB_FILENAME = "followup.sqlite3"
APPLICATION_ID = 0x46555044  # "FUPD"
SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 3000


def latest_version(migrations: Sequence[Migration] = MIGRATIONS) -> int:
    return len(migrations)


def prepare_data_folder(folder: Path) -> Path:
    """Create the data folder if needed and prove it can be written; return the DB path."""
    if folder.exists() and not folder.is_dir():
        raise DataFolderError(
            f"The data folder {folder} is a file, not a folder. Move that file away, or choose "
            "another data folder with --data-dir or FOLLOWUP_DATA_DIR.",
            folder,
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe_writable(folder)
    except OSError as exc:
        raise DataFolderError(
            f"Follow-up Desk cannot write to the data folder {folder} ({exc.strerror or exc}). "
            "Make it writable for your user, or choose another data folder with --data-dir or "
            "FOLLOWUP_DATA_DIR.",
            folder,
        ) from exc
    return folder / DB_FILENAME


def probe_writable(folder: Path) -> None:
    """Raise OSError unless a file can be created (and removed) in ``folder``."""
    probe = folder / f".write-test-{os.getpid()}"
    os.close(os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
    probe.unlink()


def _header(path: Path) -> bytes:
    with path.open("rb") as handle:
        return handle.read(100)


def _refuse(path: Path, why: str) -> DatabaseRefused:
    return DatabaseRefused(
        f"{path} {why} Follow-up Desk left it exactly as it was. Choose another data folder "
        "with --data-dir, or move this file out of the data folder.",
        path,
    )


def check_file(path: Path, migrations: Sequence[Migration] = MIGRATIONS) -> None:
    """Refuse a file the app must not touch, judging by its header alone."""
    if not path.exists():
        return
    if path.is_dir():
        raise _refuse(path, "is a folder, where the database file should be.")
    try:
        header = _header(path)
    except OSError as exc:
        raise DataFolderError(
            f"Follow-up Desk cannot read {path} ({exc.strerror or exc}). Check that you may read "
            "it, or choose another data folder with --data-dir.",
            path,
        ) from exc
    if not header:
        return  # an empty file is an empty database
    if not header.startswith(SQLITE_MAGIC) or len(header) < 100:
        raise _refuse(path, "is not a Follow-up Desk database (it is not an SQLite file).")
    user_version = int.from_bytes(header[60:64], "big")
    application_id = int.from_bytes(header[68:72], "big")
    _judge(
        path,
        application_id,
        user_version,
        has_schema=header[40:44] != bytes(4),
        migrations=migrations,
    )


def _judge(
    path: Path,
    application_id: int,
    user_version: int,
    *,
    has_schema: bool,
    migrations: Sequence[Migration],
) -> None:
    if application_id not in (0, APPLICATION_ID) or (
        application_id == 0 and (user_version or has_schema)
    ):
        raise _refuse(path, "belongs to another program (it is an SQLite file, but not ours).")
    if user_version > latest_version(migrations):
        raise _refuse(
            path,
            f"was written by a newer version of Follow-up Desk (data version {user_version}; "
            f"this version knows up to {latest_version(migrations)}). Install the newer version "
            "to open it.",
        )


@contextlib.contextmanager
def translated(path: Path) -> Iterator[None]:
    """Turn known SQLite failures into StorageError; let bugs through."""
    try:
        yield
    except sqlite3.Error as exc:
        error = translate(exc, path)
        if error is None:
            raise
        raise error from exc


@contextlib.contextmanager
def transaction(conn: sqlite3.Connection, path: Path) -> Iterator[sqlite3.Connection]:
    """One write transaction: BEGIN IMMEDIATE ... COMMIT, rolled back on any error."""
    with translated(path):
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:  # SQLITE_FULL, IOERR, ... may have rolled back already
                conn.execute("ROLLBACK")
            raise


@contextlib.contextmanager
def _no_sidecars_left_if_refused(path: Path) -> Iterator[None]:
    """Opening a WAL-mode file, even read-only, makes an empty ``-wal`` and an ``-shm``
    beside it (SQLite removes them when the last connection that may write closes). When the
    file is then refused, no such connection follows: remove the two this check made (the
    ``-wal`` only while empty), so the folder is left as it was."""
    wal, shm = (path.with_name(path.name + suffix) for suffix in ("-wal", "-shm"))
    ours = not wal.exists() and not shm.exists()
    try:
        yield
    except StorageError:
        if ours:
            with contextlib.suppress(OSError):
                if wal.exists() and wal.stat().st_size == 0:
                    wal.unlink()
                if not wal.exists():
                    shm.unlink(missing_ok=True)
        raise


def _check_contents(path: Path, migrations: Sequence[Migration]) -> int:
    """Judge the file as SQLite sees it, WAL included, through a read-only connection.

    The header alone can be stale (a WAL not yet checkpointed). A read-only connection cannot
    checkpoint that WAL into a file we then refuse, so the file stays as it was.
    """
    with _no_sidecars_left_if_refused(path):
        with translated(path):
            uri = f"{path.absolute().as_uri()}?mode=ro"
            with contextlib.closing(
                sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
            ) as conn:
                conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
                application_id = conn.execute("PRAGMA application_id").fetchone()[0]
                user_version = conn.execute("PRAGMA user_version").fetchone()[0]
                objects = conn.execute("SELECT count(*) FROM sqlite_schema").fetchone()[0]
        _judge(path, application_id, user_version, has_schema=objects > 0, migrations=migrations)
    return int(user_version)


def open_database(
    path: Path,
    *,
    migrations: Sequence[Migration] = MIGRATIONS,
    backup_dir: Path | None = None,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> sqlite3.Connection:
    """Open (or create) the database at ``path`` and bring its schema up to date.

    Raises StorageError (with a message for the user) for every file it refuses or cannot
    use; a refused file is left byte-for-byte unchanged.
    """
    check_file(path, migrations)
    user_version = _check_contents(path, migrations) if path.exists() else 0
    with translated(path):
        conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        with translated(path):
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA foreign_keys = ON")
        if 0 < user_version < latest_version(migrations):
            backup(conn, path, (backup_dir or path.parent / "backups"), user_version, now())
        migrate(conn, path, migrations)
    except BaseException:
        conn.close()
        raise
    return conn


def backup(
    conn: sqlite3.Connection, path: Path, folder: Path, version: int, when: datetime
) -> Path:
    """Copy the whole database aside before an upgrade changes it."""
    stamp = when.strftime("%Y%m%d-%H%M%S")
    target = folder / f"{path.stem}-before-upgrade-from-v{version}-{stamp}.sqlite3"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with translated(target), contextlib.closing(sqlite3.connect(target)) as copy:
            conn.backup(copy)
    except OSError as exc:
        raise DataFolderError(
            f"Follow-up Desk must back up {path} before upgrading it, but cannot write "
            f"{target} ({exc.strerror or exc}). Free some space or make the folder writable.",
            target,
        ) from exc
    return target


def migrate(conn: sqlite3.Connection, path: Path, migrations: Sequence[Migration]) -> None:
    """Apply each missing step in its own transaction, bumping user_version with it."""
    while True:
        with transaction(conn, path):
            # Read inside the transaction: another process may have migrated meanwhile.
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version >= len(migrations):
                return
            migrations[version](conn)
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version = {version + 1}")


__all__ = [
    "APPLICATION_ID",
    "DB_FILENAME",
    "StorageError",
    "check_file",
    "open_database",
    "prepare_data_folder",
    "transaction",
    "translated",
]
