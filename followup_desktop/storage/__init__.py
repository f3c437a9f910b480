"""Storage: the one SQLite file. The only package that speaks SQL."""

from followup_desktop.storage.database import (
    APPLICATION_ID,
    DB_FILENAME,
    check_file,
    open_database,
    prepare_data_folder,
)
from followup_desktop.storage.errors import (
    DatabaseCorrupt,
    DatabaseLocked,
    DatabaseRefused,
    DatabaseUnwritable,
    DataFolderError,
    DiskFull,
    StorageError,
)
from followup_desktop.storage.repository import NotFound, Repository

__all__ = [
    "APPLICATION_ID",
    "DB_FILENAME",
    "DataFolderError",
    "DatabaseCorrupt",
    "DatabaseLocked",
    "DatabaseRefused",
    "DatabaseUnwritable",
    "DiskFull",
    "NotFound",
    "Repository",
    "StorageError",
    "check_file",
    "open_database",
    "prepare_data_folder",
]
