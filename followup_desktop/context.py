"""The application context: what every part of the app is handed explicitly. No Qt.

Opening it is the start-up path shared by the window, ``--self-test`` and ``--demo``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from followup_desktop.settings import Settings
from followup_desktop.storage import Repository, open_database, prepare_data_folder
from followup_desktop.storage.backup_schedule import BackupPolicy, BackupScheduler

if TYPE_CHECKING:
    from followup_desktop.compose.catalog import Catalog

TEMPLATES_FOLDER = "templates"


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class AppContext:
    """What the window and its pages share: the data folder, the repository, the settings,
    the clock and the backup schedule."""

    data_dir: Path
    repository: Repository
    settings: Settings
    clock: Callable[[], datetime] = field(default=utc_now)
    # When to back up (``open_context`` makes it and hooks it to the repository's writes);
    # the window asks it from a timer and on quit.
    backups: BackupScheduler | None = None
    _catalog: Catalog | None = field(default=None, init=False, repr=False)

    def now(self) -> datetime:
        """The current time, local and aware."""
        return self.clock().astimezone()

    def today(self) -> date:
        return self.now().date()

    @property
    def catalog(self) -> Catalog:
        """The templates: built-in, the interviewer's own (``<data folder>/templates``) and the
        team folder from Settings. Made on first use, so start-up reads no template file, and
        made again when the team folder setting changes."""
        from followup_desktop.compose.catalog import Catalog

        team_dir = self.settings.team_templates_path
        if self._catalog is None or self._catalog.team_dir != team_dir:
            self._catalog = Catalog(self.data_dir / TEMPLATES_FOLDER, team_dir)
        return self._catalog

    def update_settings(self, settings: Settings) -> None:
        self.repository.save_settings(settings)
        self.settings = settings
        if self.backups is not None:
            self.backups.policy = BackupPolicy.from_settings(settings)

    def close(self) -> None:
        self.repository.close()


def open_context(data_dir: Path, *, clock: Callable[[], datetime] = utc_now) -> AppContext:
    """Open (creating if needed) the data folder and its database.

    Raises StorageError with a message for the user; nothing is overwritten or deleted.
    """
    db_path = prepare_data_folder(data_dir)
    repository = Repository(open_database(db_path, now=clock), db_path, clock)
    settings = repository.load_settings()
    backups = BackupScheduler(db_path, policy=BackupPolicy.from_settings(settings), clock=clock)
    repository.on_change = backups.changed
    return AppContext(data_dir, repository, settings, clock, backups)


def fill_demo(context: AppContext) -> str:
    """Fill an empty data folder with sample debriefs; leave a non-empty one alone."""
    from followup_desktop.demo import populate

    if context.repository.count_debriefs():
        return (
            f"The data folder {context.data_dir} already holds debriefs; the demo left it as it "
            "was. Use --demo with an empty folder (--data-dir) for fresh sample data."
        )
    count = populate(context.repository, context.clock())
    context.settings = context.repository.load_settings()
    return f"Added {count} sample debriefs to {context.data_dir}."
