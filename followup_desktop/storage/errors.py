"""Problems with the data file that a person can act on.

``str(error)`` is a complete message for them: what happened, which file, what to do.
Anything else that comes out of sqlite3 is a bug and is left to propagate.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path


class StorageError(Exception):
    """A problem with the data folder or database that the user can fix."""

    def __init__(self, message: str, path: Path) -> None:
        super().__init__(message)
        self.path = path


class DataFolderError(StorageError):
    """The data folder cannot be used (it is a file, or cannot be written)."""


class DatabaseRefused(StorageError):
    """The file is not one this version of the app may open; it was left untouched."""


class DatabaseLocked(StorageError):
    """Another program holds the database."""


class DiskFull(StorageError):
    """The disk or the user's quota is full."""


class DatabaseUnwritable(StorageError):
    """The database or its folder is read-only, or the disk reported an I/O error."""


class DatabaseCorrupt(StorageError):
    """SQLite found the file damaged."""


class BackupError(StorageError):
    """A backup could not be made, checked or restored; ``path`` is the file concerned.

    The database itself was not changed, and no older backup was removed.
    """


class BackupSourceDamaged(BackupError, DatabaseCorrupt):
    """The database failed its check, so no backup was made of it (older backups are kept)."""


# Primary result codes (the low byte of an extended code), from sqlite3.h.
_BUSY, _LOCKED, _READONLY, _IOERR, _CORRUPT, _FULL, _CANTOPEN, _NOTADB = 5, 6, 8, 10, 11, 13, 14, 26


def translate(exc: sqlite3.Error, path: Path) -> StorageError | None:
    """The user-facing error for a known SQLite failure, or None for a bug."""
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    where = str(path)
    if primary in (_BUSY, _LOCKED):
        return DatabaseLocked(
            f"The database {where} is in use by another program. Close any other copy of "
            "Follow-up Desk and any program that has this file open (a backup or sync tool), "
            "then try again. Nothing was lost: what you typed is still on screen.",
            path,
        )
    if primary == _FULL:
        return DiskFull(
            f"The disk holding {where} is full. Free some space, then try again. "
            "What you typed is still on screen and will be saved once there is room.",
            path,
        )
    if primary in (_READONLY, _CANTOPEN, _IOERR):
        return DatabaseUnwritable(
            f"Follow-up Desk cannot write to {where} ({exc}). Check that the disk is "
            "connected and that you may write to this file and its folder, or choose another "
            "data folder with --data-dir.",
            path,
        )
    if primary in (_CORRUPT, _NOTADB):
        return DatabaseCorrupt(
            f"The database {where} is damaged ({exc}). It was not changed or deleted. "
            "Keep a copy of the file, then restore a backup from the backups folder next to it "
            "or start with another data folder (--data-dir).",
            path,
        )
    return None
