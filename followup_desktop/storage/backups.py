"""Backups of the one database file: verified copies in ``<data folder>/backups/``, rotated.

A backup is made through SQLite's online backup API, so it is a consistent copy even while
the app writes (WAL included). Each one:

1. checks the source first (``PRAGMA quick_check``): a damaged database is never copied, and
   BackupSourceDamaged (a DatabaseCorrupt) is raised, so the good older backups stay;
2. copies it into a hidden temporary file in the backups folder (``.followup-backup-*.partial``,
   never mistaken for a backup: a crash mid-copy leaves no half file that looks like one);
3. checks the copy through its own connection (``quick_check``, and the same data version
   and application id as the source); a copy that fails is deleted and reported
   (BackupError), never kept;
4. fsyncs it and renames it to its final name; only then are older backups rotated out.

So every file named like a backup of ours passed its check: that is what ``verified``
means in BackupInfo (the names of copies made before this module are listed unverified).

Names, by exact pattern (nothing else in the folder is ever deleted):

- ``followup-2026-11-26T17-40-05.sqlite3``: a regular backup, local time (a ``-2`` etc. is
  added for a second one in the same second). Rotated by BackupPolicy.
- ``followup-before-upgrade-from-v2-2026-11-26T17-40-05.sqlite3``: the copy made before a
  migration changed the file, holding data version 2. Never rotated out.

Backups are copies of everything, deleted candidates included: a candidate purged from the
database stays in the backups made before the purge until they rotate out (at most
``keep_weekly`` weeks with the default policy, longer for pre-upgrade copies, which are kept
until deleted by hand).

Files are made 0600 in a 0700 folder (POSIX). No Qt: the app's timer and quit handler call
BackupScheduler.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import re
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from followup_desktop.files import remove_stale, sync_folder
from followup_desktop.storage.backup_schedule import BackupPolicy, utc_now
from followup_desktop.storage.database import (
    DB_FILENAME,
    FILE_MODE,
    FOLDER_MODE,
    check_file,
    connect_read_only,
    problems,
    restrict_mode,
    sidecars,
    translated,
)
from followup_desktop.storage.errors import (
    BackupError,
    BackupSourceDamaged,
    DatabaseCorrupt,
    DatabaseRefused,
    StorageError,
)

_STEM = Path(DB_FILENAME).stem  # "followup"
_STAMP_FORMAT = "%Y-%m-%dT%H-%M-%S"
_STAMP = r"(\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d)"
_REGULAR = re.compile(rf"{_STEM}-{_STAMP}(?:-(\d+))?\.sqlite3")
_BEFORE_UPGRADE = re.compile(rf"{_STEM}-before-upgrade-from-v(\d+)-{_STAMP}(?:-(\d+))?\.sqlite3")
# Copies made before this module (not checked when they were made).
_LEGACY = re.compile(rf"{_STEM}-before-upgrade-from-v(\d+)-(\d{{8}}-\d{{6}})\.sqlite3")
_PARTIAL_PREFIX = f".{_STEM}-backup-"
_PARTIAL_SUFFIX = ".partial"
_STALE_PARTIAL_S = 3600.0


@dataclass(frozen=True)
class BackupInfo:
    """One backup file. ``taken_at`` is aware local time (read from the name, so it is when
    the copy was taken, whatever the file's modification time says). ``before_upgrade_from``
    is the data version held by a copy made before a migration (None for regular backups)."""

    path: Path
    taken_at: datetime
    size: int
    verified: bool
    before_upgrade_from: int | None = None


def _parse(path: Path) -> BackupInfo | None:
    """The backup a file name describes, or None for any other file."""
    name = path.name
    version: int | None = None
    verified = True
    if match := _REGULAR.fullmatch(name):
        stamp, sequence = match[1], match[2]
    elif match := _BEFORE_UPGRADE.fullmatch(name):
        version, stamp, sequence = int(match[1]), match[2], match[3]
    elif match := _LEGACY.fullmatch(name):
        version, stamp, sequence, verified = int(match[1]), match[2], None, False
    else:
        return None
    try:
        if verified:
            taken = datetime.strptime(stamp, _STAMP_FORMAT)
        else:
            taken = datetime.strptime(stamp, "%Y%m%d-%H%M%S").replace(tzinfo=UTC)
        size = path.stat().st_size
    except (ValueError, OSError):
        return None
    del sequence  # two in the same second: _newest_first orders them by name
    return BackupInfo(path, taken.astimezone(), size, verified, version)


def list_backups(folder: Path) -> list[BackupInfo]:
    """Every backup in ``folder`` (regular and pre-upgrade ones), newest first; [] when the
    folder does not exist."""
    try:
        entries = list(folder.iterdir())
    except OSError:
        return []
    found = [info for entry in entries if (info := _parse(entry)) is not None]
    return _newest_first(found)


def _newest_first(backups: Iterable[BackupInfo]) -> list[BackupInfo]:
    """By time taken; in the same second, ``-2`` after none, ``-10`` after ``-9``."""
    return sorted(
        backups,
        key=lambda info: (info.taken_at, len(info.path.name), info.path.name),
        reverse=True,
    )


def newest_backup(folder: Path) -> BackupInfo | None:
    """The newest verified backup in ``folder`` (regular or pre-upgrade), or None."""
    return next((info for info in list_backups(folder) if info.verified), None)


def _stamp(when: datetime) -> str:
    return when.astimezone().strftime(_STAMP_FORMAT)


def _database_path(conn: sqlite3.Connection) -> Path:
    row = conn.execute("PRAGMA database_list").fetchone()
    return Path(row[2]) if row and row[2] else Path(DB_FILENAME)


def _fsync(path: Path) -> None:
    descriptor = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _unlink_quietly(*paths: Path) -> None:
    for path in paths:
        with contextlib.suppress(OSError):
            path.unlink()


def _folder_error(folder: Path, exc: OSError, doing: str) -> BackupError:
    return BackupError(
        f"Follow-up Desk could not {doing} in {folder} ({exc.strerror or exc}). Your "
        "database was not changed and no older backup was removed. Free some space or make "
        "the folder writable, then try again.",
        folder,
    )


def _check_source(conn: sqlite3.Connection, path: Path) -> None:
    try:
        with translated(path):
            found = problems(conn)
    except DatabaseCorrupt as exc:  # damage the check could not even read past
        found = [str(exc.__cause__ or exc)]
    if found:
        raise BackupSourceDamaged(
            f"The database {path} failed its check ({'; '.join(found)}), so no backup was made "
            "of it: the older backups were kept as they are. Restore the newest backup, or "
            "keep a copy of the file and ask for help.",
            path,
        )


def _copy_into(source: sqlite3.Connection, target: Path) -> None:
    """The whole database, through the online backup API, into the (new) file ``target``,
    in rollback-journal mode, so the copy is one self-contained file."""
    with contextlib.closing(sqlite3.connect(target, isolation_level=None)) as copy:
        copy.execute("PRAGMA secure_delete = ON")
        copy.execute("PRAGMA journal_mode = OFF")  # a new file: nothing to roll back to
        copy.execute("PRAGMA synchronous = OFF")  # fsynced once, below
        source.backup(copy)
        copy.execute("PRAGMA journal_mode = DELETE")  # the source's header said WAL


def _check_copy(copy: Path, source: sqlite3.Connection) -> list[str]:
    """What is wrong with the copy, read back through its own connection; [] if nothing."""
    names = ("application_id", "user_version")
    expected = [source.execute(f"PRAGMA {name}").fetchone()[0] for name in names]
    try:
        with contextlib.closing(connect_read_only(copy, immutable=True)) as conn:
            found = problems(conn)
            actual = [conn.execute(f"PRAGMA {name}").fetchone()[0] for name in names]
    except sqlite3.Error as exc:
        return [str(exc)]
    if not found and actual != expected:
        found = [f"application id and data version {actual}, not {expected}"]
    return found


def _free_name(folder: Path, base: str) -> Path:
    """``base``.sqlite3 in ``folder``, or ``base``-2.sqlite3, ... when it is taken."""
    for number in itertools.count(1):
        candidate = folder / (f"{base}.sqlite3" if number == 1 else f"{base}-{number}.sqlite3")
        if not candidate.exists():
            return candidate
    raise AssertionError("unreachable")


def make_backup(
    source: sqlite3.Connection | Path,
    folder: Path,
    *,
    now: datetime | None = None,
    policy: BackupPolicy | None = None,
    before_upgrade_from: int | None = None,
) -> BackupInfo:
    """Make a verified backup of the database in ``folder``; return it.

    ``source`` is an open connection to the database (used on the calling thread) or the
    database's path (a read-only connection of its own is opened, so this can run on a
    worker thread while the app goes on writing). ``now`` (default: the current time) names
    the file. With ``policy``, older regular backups are rotated out afterwards (see
    BackupPolicy). ``before_upgrade_from``: the copy made before a migration, holding that
    data version; named apart and never rotated out.

    Raises BackupSourceDamaged when the database fails its check (nothing is copied),
    BackupError when the copy cannot be written or fails its check (it is deleted), and the
    usual StorageError (DatabaseLocked, ...) for the source. The database is never changed.
    """
    when = now if now is not None else utc_now()
    if isinstance(source, Path):
        path = source
        check_file(path)
        with translated(path):
            conn = connect_read_only(path)
        with contextlib.closing(conn):
            return _make_backup(conn, path, folder, when, policy, before_upgrade_from)
    return _make_backup(source, _database_path(source), folder, when, policy, before_upgrade_from)


def _make_backup(
    conn: sqlite3.Connection,
    path: Path,
    folder: Path,
    when: datetime,
    policy: BackupPolicy | None,
    before_upgrade_from: int | None,
) -> BackupInfo:
    _check_source(conn, path)
    try:
        folder.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
        restrict_mode(folder, FOLDER_MODE)
        # Temporary copies left by a crash mid-backup (an hour old: none is still being made).
        remove_stale(folder, f"{_PARTIAL_PREFIX}*{_PARTIAL_SUFFIX}", _STALE_PARTIAL_S)
        handle, name = tempfile.mkstemp(
            prefix=_PARTIAL_PREFIX, suffix=_PARTIAL_SUFFIX, dir=folder
        )  # 0600
        os.close(handle)
    except OSError as exc:
        raise _folder_error(folder, exc, "start a backup") from exc
    partial = Path(name)
    try:
        try:
            with translated(partial):
                _copy_into(conn, partial)
        except StorageError as exc:
            if isinstance(exc, DatabaseCorrupt):  # the copy, or a page of the source
                raise BackupError(
                    f"The backup copy {partial.name} in {folder} could not be written "
                    f"({exc.__cause__ or exc}); it was deleted. Your database was not "
                    "changed and no older backup was removed. Check the disk, then try again.",
                    folder,
                ) from exc
            raise
        found = _check_copy(partial, conn)
        if found:
            raise BackupError(
                f"The backup copy made in {folder} failed its check ({'; '.join(found)}) and "
                "was deleted. Your database was not changed and no older backup was removed. "
                "Check the disk (it may be failing or full), then try again.",
                folder,
            )
        _fsync(partial)
        restrict_mode(partial, FILE_MODE)
        base = f"{_STEM}-{_stamp(when)}"
        if before_upgrade_from is not None:
            base = f"{_STEM}-before-upgrade-from-v{before_upgrade_from}-{_stamp(when)}"
        target = _free_name(folder, base)
        os.replace(partial, target)
    except OSError as exc:
        raise _folder_error(folder, exc, "write a backup") from exc
    finally:
        _unlink_quietly(partial, *sidecars(partial))
    sync_folder(folder)
    info = _parse(target)
    assert info is not None
    if policy is not None:
        rotate_backups(folder, now=when, policy=policy)
    return info


def _to_remove(backups: list[BackupInfo], now: datetime, policy: BackupPolicy) -> list[Path]:
    """The regular backups ``policy`` does not keep (``backups`` newest first)."""
    if not backups:
        return []
    keep = {backups[0].path}  # the newest, always
    recent_since = now.astimezone() - timedelta(days=max(0, policy.keep_recent_days))
    keep.update(info.path for info in backups if info.taken_at >= recent_since)

    def newest_per(period: Callable[[date], object], count: int) -> None:
        kept, last = 0, None
        for info in backups:
            if kept >= count:
                return
            current = period(info.taken_at.date())
            if current == last:
                continue  # not the newest of its period
            last = current
            if info.path not in keep:
                keep.add(info.path)
                kept += 1

    newest_per(lambda day: day, policy.keep_daily)
    newest_per(lambda day: day.isocalendar()[:2], policy.keep_weekly)
    return [info.path for info in backups if info.path not in keep]


def rotate_backups(
    folder: Path, *, now: datetime | None = None, policy: BackupPolicy | None = None
) -> list[Path]:
    """Delete the regular backups ``policy`` does not keep; return them. Pre-upgrade copies,
    unverified copies and every other file are left alone."""
    regular = [
        info for info in list_backups(folder) if info.verified and info.before_upgrade_from is None
    ]
    removed = []
    for path in _to_remove(regular, now or utc_now(), policy or BackupPolicy()):
        try:
            path.unlink()
        except FileNotFoundError:
            continue
        except OSError:
            continue  # kept one more round; the next backup tries again
        removed.append(path)
    return removed


# -- restoring --------------------------------------------------------------------------------


def _check_backup(backup: Path) -> None:
    """Refuse a backup that is not a sound database of ours (it is left as it is)."""
    try:
        check_file(backup)
    except DatabaseRefused as exc:
        raise BackupError(f"The backup {backup} cannot be restored: {exc}", backup) from exc
    except DatabaseCorrupt as exc:
        raise BackupError(f"The backup {backup} cannot be restored: {exc}", backup) from exc
    if not backup.is_file():
        raise BackupError(f"The backup {backup} does not exist (any more).", backup)
    try:
        with contextlib.closing(connect_read_only(backup, immutable=True)) as conn:
            found = problems(conn)
    except sqlite3.Error as exc:
        found = [str(exc)]
    if found:
        raise BackupError(
            f"The backup {backup} failed its check ({'; '.join(found)}), so it was not "
            "restored; nothing was changed. Choose an older backup.",
            backup,
        )


def restore_backup(
    data_dir: Path, backup_path: Path, *, now: datetime | None = None
) -> Path | None:
    """Put the backup at ``backup_path`` in place of the database in ``data_dir``.

    The backup is checked first (refused with BackupError if it fails). It is copied into the
    data folder under a temporary name, fsynced and checked again; only then is the database
    there (a damaged one, say), with its ``-wal``, ``-shm`` and ``-journal`` files, moved
    aside to ``followup.sqlite3.damaged-<time>`` (its sidecars keep their suffixes, so the
    set still opens together) and the copy renamed into place. Nothing is deleted.

    Call it with the database closed. Returns where the old database went, or None when
    there was none. The restored file is opened (and migrated if it is older) by
    ``open_database`` as usual.
    """
    when = now if now is not None else utc_now()
    database = data_dir / DB_FILENAME
    _check_backup(backup_path)
    try:
        handle, name = tempfile.mkstemp(prefix=f".{DB_FILENAME}.restore-", dir=data_dir)
        os.close(handle)
    except OSError as exc:
        raise _folder_error(data_dir, exc, "restore the backup") from exc
    temporary = Path(name)
    try:
        with open(backup_path, "rb") as source, open(temporary, "wb") as target:
            shutil.copyfileobj(source, target, 1024 * 1024)
            target.flush()
            os.fsync(target.fileno())
        restrict_mode(temporary, FILE_MODE)
        _check_backup(temporary)
        moved = _move_aside(database, when)
        os.replace(temporary, database)
    except OSError as exc:
        raise _folder_error(data_dir, exc, "restore the backup") from exc
    finally:
        _unlink_quietly(temporary, *sidecars(temporary))
    sync_folder(data_dir)
    return moved


def _move_aside(database: Path, when: datetime) -> Path | None:
    """Rename the database and its sidecar files to ``<name>.damaged-<time>[-wal|-shm|...]``;
    None when there is no database (its stray sidecars are moved all the same)."""
    files = [file for file in (database, *sidecars(database)) if file.exists()]
    if not files:
        return None
    stamp = _stamp(when)
    suffixes = [file.name[len(database.name) :] for file in files]  # "", "-wal", ...
    for number in itertools.count(1):
        aside = database.with_name(
            f"{database.name}.damaged-{stamp}" + ("" if number == 1 else f"-{number}")
        )
        if not any(aside.with_name(aside.name + suffix).exists() for suffix in suffixes):
            break
    for file, suffix in zip(files, suffixes, strict=True):
        file.rename(aside.with_name(aside.name + suffix))
    return aside if database in files else None


# -- when to back up --------------------------------------------------------------------------


__all__ = [
    "BackupError",
    "BackupInfo",
    "BackupSourceDamaged",
    "list_backups",
    "make_backup",
    "newest_backup",
    "restore_backup",
    "rotate_backups",
]
