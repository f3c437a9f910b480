"""Storage: the one SQLite file. The only package that speaks SQL."""

from followup_desktop.storage.database import (
    APPLICATION_ID,
    DB_FILENAME,
    check_file,
    check_integrity,
    open_database,
    prepare_data_folder,
)
from followup_desktop.storage.errors import (
    BackupError,
    BackupSourceDamaged,
    DatabaseCorrupt,
    DatabaseLocked,
    DatabaseRefused,
    DatabaseUnwritable,
    DataFolderError,
    DiskFull,
    StorageError,
)
from followup_desktop.storage.fulltext import MATCH_END, MATCH_START, SearchHit
from followup_desktop.storage.repository import NotFound, Repository, Show

__all__ = [
    "APPLICATION_ID",
    "DB_FILENAME",
    "MATCH_END",
    "MATCH_START",
    "BackupError",
    "BackupSourceDamaged",
    "DataFolderError",
    "DatabaseCorrupt",
    "DatabaseLocked",
    "DatabaseRefused",
    "DatabaseUnwritable",
    "DiskFull",
    "NotFound",
    "Repository",
    "SearchHit",
    "Show",
    "StorageError",
    "check_file",
    "check_integrity",
    "open_database",
    "prepare_data_folder",
]
