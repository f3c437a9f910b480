"""Opening the one SQLite file: checks first, then pragmas, then ordered migrations.

A file that is not SQLite, belongs to another program, was written by a newer version of
the app, or is empty is refused before anything writes to it: no pragma that writes, no
journal, no WAL. A new database is made under a temporary name and renamed into place once
it is a valid SQLite file, so a crash while creating it never leaves an empty file behind.

Privacy: where the platform has file modes (POSIX), the data folder is made 0700 and the
database and its ``-wal``/``-shm`` files 0600, at creation and again at every open when they
were looser. Every connection has ``PRAGMA secure_delete = ON``: deleted text is overwritten
with zeros instead of lingering in free space.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
import tempfile
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path

from followup_desktop.files import remove_stale, sync_folder
from followup_desktop.storage.errors import (
    DatabaseCorrupt,
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
SIDECAR_SUFFIXES = ("-wal", "-shm", "-journal")
FOLDER_MODE = 0o700
FILE_MODE = 0o600
_NEW_PREFIX = f".{DB_FILENAME}.new-"  # a database being created, before its rename
_STALE_AFTER_S = 600.0


def latest_version(migrations: Sequence[Migration] = MIGRATIONS) -> int:
    return len(migrations)


def prepare_data_folder(folder: Path) -> Path:
    """Create the data folder if needed (mode 0700; an existing one looser than that is made
    0700: group and others lose access) and prove it can be written; return the DB path."""
    if folder.exists() and not folder.is_dir():
        raise DataFolderError(
            f"The data folder {folder} is a file, not a folder. Move that file away, or choose "
            "another data folder with --data-dir or FOLLOWUP_DATA_DIR.",
            folder,
        )
    try:
        folder.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
        restrict_mode(folder, FOLDER_MODE)
        probe_writable(folder)
    except OSError as exc:
        raise DataFolderError(
            f"Follow-up Desk cannot write to the data folder {folder} ({exc.strerror or exc}). "
            "Make it writable for your user, or choose another data folder with --data-dir or "
            "FOLLOWUP_DATA_DIR.",
            folder,
        ) from exc
    return folder / DB_FILENAME


def restrict_mode(path: Path, allowed: int) -> None:
    """Take away the permission bits of ``path`` outside ``allowed`` (0o700 for a folder,
    0o600 for a file), when it has any; POSIX only (elsewhere, and on file systems without
    modes, nothing happens). A missing file, or one we may not chmod, is left as it is."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        mode = stat.S_IMODE(os.stat(path).st_mode)
        if mode & ~allowed:
            os.chmod(path, mode & allowed)


def restrict_database_files(path: Path) -> None:
    """The database and its sidecar files readable and writable by their owner only."""
    for file in (path, *sidecars(path)):
        restrict_mode(file, FILE_MODE)


def sidecars(path: Path) -> list[Path]:
    """The ``-wal``, ``-shm`` and ``-journal`` files of the database at ``path``."""
    return [path.with_name(path.name + suffix) for suffix in SIDECAR_SUFFIXES]


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
        raise DatabaseCorrupt(
            f"The database {path} is empty (0 bytes): it holds none of your data. Follow-up "
            "Desk never leaves its database empty, so the file was cut short (by a crash, a "
            "full disk or a sync tool). It was not changed or deleted. Restore a backup from "
            "the backups folder next to it, or move the empty file away to start afresh.",
            path,
        )
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


def connect_read_only(path: Path, *, immutable: bool = False) -> sqlite3.Connection:
    """A connection that cannot write to ``path`` (``immutable``: nor lock it, nor make any
    ``-wal``/``-shm`` beside it; for a file nothing else writes, such as a backup)."""
    uri = f"{path.absolute().as_uri()}?mode=ro" + ("&immutable=1" if immutable else "")
    conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA secure_delete = ON")
    except BaseException:
        conn.close()
        raise
    return conn


def problems(conn: sqlite3.Connection, check: str = "quick_check", limit: int = 5) -> list[str]:
    """What ``PRAGMA quick_check`` (or ``integrity_check``) finds wrong; [] when all is well."""
    if check not in ("quick_check", "integrity_check"):
        raise ValueError(f"not an integrity check: {check!r}")
    rows = [str(row[0]) for row in conn.execute(f"PRAGMA {check}({int(limit)})").fetchall()]
    return [] if rows == ["ok"] else rows


def _check_contents(path: Path, migrations: Sequence[Migration], *, full: bool = False) -> int:
    """Judge the file as SQLite sees it, WAL included, through a read-only connection;
    ``full``: then run ``PRAGMA integrity_check`` and ``foreign_key_check`` too.

    The header alone can be stale (a WAL not yet checkpointed). A read-only connection cannot
    checkpoint that WAL into a file we then refuse, so the file stays as it was.
    """
    with _no_sidecars_left_if_refused(path):
        with translated(path), contextlib.closing(connect_read_only(path)) as conn:
            application_id = conn.execute("PRAGMA application_id").fetchone()[0]
            user_version = conn.execute("PRAGMA user_version").fetchone()[0]
            objects = conn.execute("SELECT count(*) FROM sqlite_schema").fetchone()[0]
            _judge(
                path, application_id, user_version, has_schema=objects > 0, migrations=migrations
            )
            found = _integrity_problems(conn) if full else []
        if found:
            raise DatabaseCorrupt(
                f"The database {path} is damaged: {'; '.join(found)}. It was not changed or "
                "deleted. Keep a copy of the file, then restore a backup from the backups "
                "folder next to it or start with another data folder (--data-dir).",
                path,
            )
    return int(user_version)


def _integrity_problems(conn: sqlite3.Connection) -> list[str]:
    found = problems(conn, "integrity_check")
    if not found:
        found = [
            f"a row of {row[0]} (rowid {row[1]}) points to a missing row of {row[2]}"
            for row in conn.execute("PRAGMA foreign_key_check").fetchmany(5)
        ]
    return found


def check_integrity(path: Path, migrations: Sequence[Migration] = MIGRATIONS) -> None:
    """The full check (``--self-test``): refuse the file as ``open_database`` would, then run
    ``PRAGMA integrity_check`` and ``PRAGMA foreign_key_check``, all through a read-only
    connection, so a damaged file is never written to (and no ``-wal``/``-shm`` this check
    made is left beside it). Raises DatabaseCorrupt naming the file and the first problems
    found; a missing file passes (there is nothing to check)."""
    check_file(path, migrations)
    if path.exists():
        _check_contents(path, migrations, full=True)


def _create(path: Path) -> None:
    """Make a new, valid (empty, version 0) database at ``path``: written under a temporary
    name, made mode 0600, and linked into place only when complete, never over a file that
    appeared meanwhile. A crash leaves at most a hidden temporary file, removed next time."""
    folder = path.parent
    # Temporary databases left by a crash while creating one (older than ten minutes).
    remove_stale(folder, f"{_NEW_PREFIX}*", _STALE_AFTER_S)
    handle, name = tempfile.mkstemp(prefix=_NEW_PREFIX, suffix=".sqlite3", dir=folder)
    os.close(handle)  # mkstemp made it 0600: SQLite gives its -wal and -shm the same mode
    temporary = Path(name)
    try:
        with translated(path), contextlib.closing(sqlite3.connect(temporary)) as conn:
            conn.execute("PRAGMA secure_delete = ON")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        with open(temporary, "rb+") as made:  # closing the last connection merged the WAL
            os.fsync(made.fileno())
        try:
            os.link(temporary, path)  # fails if the database appeared meanwhile: keep that one
        except FileExistsError:
            pass
        except OSError:  # a file system without hard links
            if not path.exists():
                os.replace(temporary, path)
    except OSError as exc:
        raise DataFolderError(
            f"Follow-up Desk cannot create its database {path} ({exc.strerror or exc}). Free "
            "some space or make the folder writable, or choose another data folder with "
            "--data-dir.",
            path,
        ) from exc
    finally:
        for leftover in (temporary, *sidecars(temporary)):
            with contextlib.suppress(OSError):
                leftover.unlink()
    sync_folder(folder)


def open_database(
    path: Path,
    *,
    migrations: Sequence[Migration] = MIGRATIONS,
    backup_dir: Path | None = None,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> sqlite3.Connection:
    """Open (or create) the database at ``path`` and bring its schema up to date.

    Before a migration changes an existing file, a verified copy of it is made in
    ``backup_dir`` (default: the ``backups`` folder beside it), named for the data version
    it holds and never rotated out (see ``backups.make_backup``); a file that fails that
    copy's check of the source is not migrated.

    Raises StorageError (with a message for the user) for every file it refuses or cannot
    use; a refused file is left byte-for-byte unchanged.
    """
    check_file(path, migrations)
    if not path.exists():
        _create(path)
    user_version = _check_contents(path, migrations)
    restrict_database_files(path)
    with translated(path):
        conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        with translated(path):
            conn.execute("PRAGMA secure_delete = ON")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA foreign_keys = ON")
        restrict_database_files(path)  # the -wal and -shm this connection may have made
        if 0 < user_version < latest_version(migrations):
            from followup_desktop.storage.backup_schedule import BACKUPS_FOLDER
            from followup_desktop.storage.backups import make_backup

            make_backup(
                conn,
                backup_dir or path.parent / BACKUPS_FOLDER,
                now=now(),
                before_upgrade_from=user_version,
            )
        migrate(conn, path, migrations)
    except BaseException:
        conn.close()
        raise
    return conn


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
    "check_integrity",
    "connect_read_only",
    "open_database",
    "prepare_data_folder",
    "restrict_database_files",
    "restrict_mode",
    "transaction",
    "translated",
]
