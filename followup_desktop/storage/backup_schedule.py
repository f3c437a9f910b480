"""When to back up, and which backups to keep: plain rules, apart from the file work in
``backups`` (loaded on the first backup, not at start-up)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from followup_desktop.storage.errors import StorageError

if TYPE_CHECKING:
    from followup_desktop.settings import Settings
    from followup_desktop.storage.backups import BackupInfo

BACKUPS_FOLDER = "backups"
BACKUP_INTERVAL = timedelta(minutes=30)

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


def backups_folder(data_dir: Path) -> Path:
    return data_dir / BACKUPS_FOLDER


@dataclass(frozen=True)
class BackupPolicy:
    """Which regular backups to keep (the rest are deleted after each new backup):

    - every backup taken in the last ``keep_recent_days`` days (counted from now);
    - then the newest backup of each (local) day, for the ``keep_daily`` latest days whose
      newest is not kept already;
    - then the newest backup of each ISO week, for the ``keep_weekly`` latest weeks whose
      newest is not kept already.

    (As borg's and restic's ``--keep-within/--keep-daily/--keep-weekly``, which count the
    same way.) Only days and weeks that have a backup count, so a pause in use never thins
    the history; with the defaults a backup a day reaches back about 10 weeks. The newest
    backup is always kept. Negative numbers count as 0.
    """

    keep_recent_days: int = 2
    keep_daily: int = 10
    keep_weekly: int = 8

    @classmethod
    def from_settings(cls, settings: Settings) -> BackupPolicy:
        return cls(settings.keep_recent_days, settings.keep_daily, settings.keep_weekly)


class BackupScheduler:
    """When to back up: at most once per ``interval`` (30 minutes) while there are changes,
    and on quit when something changed since the last backup. Plain Python; the app calls
    ``changed`` from the repository's ``on_change`` hook, ``due`` from a timer, and
    ``backup_now`` when it is due (on a worker thread if it likes: it opens its own read-only
    connection; ``changed`` may be called meanwhile, and those changes stay pending).

    A failed backup is not tried again for ``interval`` (so a timer does not report the same
    failure every minute); ``last_error`` keeps it.
    """

    def __init__(
        self,
        database: Path,
        *,
        folder: Path | None = None,
        policy: BackupPolicy | None = None,
        clock: Clock = utc_now,
        interval: timedelta = BACKUP_INTERVAL,
    ) -> None:
        self.database = database
        self.folder = folder if folder is not None else backups_folder(database.parent)
        self.policy = policy or BackupPolicy()
        self.interval = interval
        self._clock = clock
        self._lock = threading.Lock()
        self._one_at_a_time = threading.Lock()
        self._changes = 0  # changes noted so far
        self._saved = 0  # of which the last backup holds this many
        self._last_backup_at: datetime | None = None
        self._folder_read = False  # the newest backup is looked up on first use
        self.last_attempt_at: datetime | None = None
        self.last_error: StorageError | None = None

    @property
    def last_backup_at(self) -> datetime | None:
        """When the newest backup was taken (the folder is read the first time)."""
        with self._lock:
            if not self._folder_read:
                from followup_desktop.storage.backups import newest_backup

                newest = newest_backup(self.folder)
                self._last_backup_at = None if newest is None else newest.taken_at
                self._folder_read = True
            return self._last_backup_at

    def changed(self, now: datetime | None = None) -> None:
        """Note a committed change (the repository's ``on_change``)."""
        del now  # when does not matter: a change is pending until a backup holds it
        with self._lock:
            self._changes += 1

    @property
    def pending(self) -> bool:
        """Whether something changed since the last backup began."""
        with self._lock:
            return self._changes > self._saved

    def due(self, now: datetime | None = None) -> bool:
        """Whether to back up now: something changed, and the last backup (or failed
        attempt) is ``interval`` or more ago."""
        if not self.pending:
            return False
        moment = now if now is not None else self._clock()
        last = max(
            (at for at in (self.last_backup_at, self.last_attempt_at) if at is not None),
            default=None,
        )
        return last is None or moment - last >= self.interval

    def due_on_quit(self) -> bool:
        """Whether to back up before quitting: anything changed since the last backup."""
        return self.pending

    @property
    def running(self) -> bool:
        """Whether a backup is being made (on another thread) right now."""
        return self._one_at_a_time.locked()

    def backup_now(self, now: datetime | None = None) -> BackupInfo:
        """Back up (and rotate) now, whatever ``due`` says; raises StorageError as
        ``make_backup`` does, keeping the changes pending. One at a time: a second call
        waits for the one running (on quit, say, while a timer's backup is being made)."""
        with self._one_at_a_time:
            moment = now if now is not None else self._clock()
            with self._lock:
                mark = self._changes
            self.last_attempt_at = moment  # ``due`` is False while this one runs
            try:
                from followup_desktop.storage.backups import make_backup

                info = make_backup(self.database, self.folder, now=moment, policy=self.policy)
            except StorageError as exc:
                self.last_error = exc
                raise
            with self._lock:
                self._saved = max(self._saved, mark)
                self._last_backup_at, self._folder_read = moment, True
            self.last_error = None
            return info
