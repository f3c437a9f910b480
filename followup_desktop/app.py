"""Composition root: data folder, single-instance lock, database, Qt application, main window."""

from __future__ import annotations

import gc
import sys
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

import shiboken6
from PySide6.QtCore import QEvent, QLockFile, QObject, QTimer
from PySide6.QtWidgets import QApplication

from followup_desktop import APP_NAME, __version__
from followup_desktop.context import AppContext, fill_demo, open_context
from followup_desktop.paths import APP_ID
from followup_desktop.storage import (
    DatabaseCorrupt,
    DatabaseLocked,
    DatabaseRefused,
    StorageError,
    prepare_data_folder,
)
from followup_desktop.storage.backup_schedule import backups_folder
from followup_desktop.ui.dialogs import DialogService
from followup_desktop.ui.main_window import MainWindow
from followup_desktop.ui.widgets import app_icon, date_text

LOCK_NAME = "followup.lock"


class _FirstPaint(QObject):
    """Quits the application once the watched window has painted for the first time."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, QApplication.quit)
        return False


def _application() -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(sys.argv[:1])
    # Qt's names come from the app id (io.github.followupdesk.FollowUpDesk): domain
    # followupdesk.github.io, organisation followupdesk, application FollowUpDesk; the
    # desktop file name is the id itself (Wayland's app id, matched to the .desktop entry).
    organisation, _, name = APP_ID.rpartition(".")
    app.setOrganizationDomain(".".join(reversed(organisation.split("."))))
    app.setOrganizationName(organisation.rpartition(".")[2])
    app.setApplicationName(name)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_ID)
    if app.platformName() in ("offscreen", "minimal"):
        # Qt's in-process clipboard there crashes at exit while holding our QMimeData;
        # it is not a real clipboard anyway. Real platforms keep the copied message.
        app.aboutToQuit.connect(lambda: QApplication.clipboard().clear())
    app.setWindowIcon(app_icon())
    return app


class _Owned(NamedTuple):
    """Another running copy holds the data folder."""

    message: str


def _lock(data_dir: Path) -> QLockFile | _Owned | str:
    """Hold the data folder for this process, or say why not: another copy has it, or the
    lock file cannot be made. A lock left by a crashed copy is taken over without asking."""
    lock = QLockFile(str(data_dir / LOCK_NAME))
    lock.setStaleLockTime(0)  # a lock is stale only when its process is gone
    if lock.tryLock(200):
        return lock
    if lock.error() == QLockFile.LockError.LockFailedError:
        return _Owned(
            f"Follow-up Desk is already open with the data folder {data_dir}. Switch to that "
            "window; two copies must not write the same file."
        )
    return (
        f"Follow-up Desk cannot create its lock file in {data_dir}. Check that you may write "
        "there, or choose another data folder with --data-dir."
    )


def open_window(context: AppContext, dialogs: DialogService) -> MainWindow:
    window = MainWindow(context, dialogs)
    window.restore_geometry()
    window.show()
    return window


RESTORE, OTHER_FOLDER, TRY_AGAIN = (
    "Restore the backup",
    "Choose another data folder…",
    "Try again",
)


def _when(moment: datetime) -> str:
    """``Thursday 26 November 2026 at 17:40``."""
    return f"{date_text(moment, weekday=True, long=True)} at {moment:%H:%M}"


def _recover(dialogs: DialogService, data_dir: Path, problem: StorageError) -> Path | None:
    """Ask what to do about a data folder or file the app cannot use: restore the newest
    verified backup (a damaged or foreign file, which is moved aside, never deleted), try
    again (a lock held by another program), or use another folder. The folder to try next,
    or None to quit."""
    from followup_desktop.storage.backups import newest_backup, restore_backup

    backup = None
    if isinstance(problem, DatabaseRefused | DatabaseCorrupt):
        backup = newest_backup(backups_folder(data_dir))
    options = [RESTORE] if backup is not None else []
    if isinstance(problem, DatabaseLocked):
        options.append(TRY_AGAIN)
    options.append(OTHER_FOLDER)
    text = str(problem)
    if backup is not None:
        text += (
            f"\n\nA verified backup from {_when(backup.taken_at)} can replace it. "
            "The file as it is now is kept beside it under a new name."
        )
    choice = dialogs.choose("Follow-up Desk cannot open your data", text, options, cancel="Quit")
    if choice == RESTORE and backup is not None:
        try:
            kept = restore_backup(data_dir, backup.path)
        except (OSError, StorageError) as exc:
            dialogs.error("The backup could not be restored", f"{exc}")
            return data_dir
        aside = f" The file that could not be opened is kept as {kept}." if kept else ""
        dialogs.inform(
            "Backup restored", f"Restored the backup from {_when(backup.taken_at)}.{aside}"
        )
        return data_dir
    if choice == TRY_AGAIN:
        return data_dir
    if choice == OTHER_FOLDER:  # no folder chosen: the same question again
        return dialogs.choose_folder("Choose a data folder", str(data_dir.parent)) or data_dir
    return None


def _open(
    data_dir: Path, dialogs: DialogService, *, startup_check: bool
) -> tuple[AppContext, QLockFile] | int:
    """The data folder's lock and context, after any recovery the person chose; else the
    exit status (0: another copy was brought to the front)."""
    while True:
        try:
            prepare_data_folder(data_dir)
        except StorageError as exc:
            problem: StorageError | str = exc
        else:
            lock = _lock(data_dir)  # before the database: two copies must never migrate it
            if isinstance(lock, _Owned):
                if not startup_check and _show_owner(data_dir):
                    print(
                        f"Follow-up Desk is already open with {data_dir}: brought it to the front."
                    )
                    return 0
                problem = lock.message
            elif isinstance(lock, str):
                problem = lock
            else:
                try:
                    return open_context(data_dir), lock
                except StorageError as exc:
                    lock.unlock()
                    problem = exc
        print(problem, file=sys.stderr)
        if startup_check:
            return 2
        if isinstance(problem, str):
            dialogs.error("Follow-up Desk cannot start", problem)
            return 2
        chosen = _recover(dialogs, data_dir, problem)
        if chosen is None:
            return 2
        data_dir = chosen


def _back_up_on_quit(context: AppContext) -> None:
    """A last backup when something changed since the newest one (the window is gone)."""
    backups = context.backups
    if backups is None or not backups.due_on_quit():
        return
    try:
        backups.backup_now()
    except StorageError as exc:
        print(f"No backup on quit: {exc}", file=sys.stderr)


def _show_owner(data_dir: Path) -> bool:
    from followup_desktop.ui.single_instance import ask_owner_to_show

    return ask_owner_to_show(data_dir)


def run(data_dir: Path, *, demo: bool = False, startup_check: bool = False) -> int:
    """Start the app on ``data_dir``; return the process exit status."""
    app = _application()
    dialogs = DialogService()
    while True:
        opened = _open(data_dir, dialogs, startup_check=startup_check)
        if isinstance(opened, int):
            return opened
        context, lock = opened
        damage: DatabaseCorrupt | None = None
        try:
            if demo:
                print(fill_demo(context))
            window = open_window(context, dialogs)
            if startup_check:
                window.installEventFilter(_FirstPaint(window))
            else:
                QTimer.singleShot(300, window.prepare_coach)  # after the first paint
                QTimer.singleShot(300, window.listen_for_second_launch)
                QTimer.singleShot(300, window.check_data_file)
                QTimer.singleShot(1500, window.start_reminders)  # once the window has settled
                QTimer.singleShot(2500, window.offer_purge)
                window.start_backups()
            gc.freeze()  # what start-up built lives on: keep it out of every later collection
            gc.enable()
            status = app.exec()
            damage = window.damage
            if damage is None:
                window.save_everything()
                _back_up_on_quit(context)
            dialogs.set_parent(None)  # the window goes; dialogs that follow stand alone
            shiboken6.delete(window)
        except StorageError as exc:
            print(exc, file=sys.stderr)
            if not startup_check:
                dialogs.error("Follow-up Desk stopped", str(exc))
            return 2
        finally:
            context.close()
            lock.unlock()
        if damage is None:
            return status
        # The file was found damaged while open: nothing more was written to it. Offer what
        # a damaged file gets at start (the newest backup, another folder), then start again.
        print(damage, file=sys.stderr)
        chosen = _recover(dialogs, data_dir, damage)
        if chosen is None:
            return 2
        data_dir, demo = chosen, False
