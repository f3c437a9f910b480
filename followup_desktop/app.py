"""Composition root: data folder, single-instance lock, database, Qt application, main window."""

from __future__ import annotations

import gc
import sys
from pathlib import Path

from PySide6.QtCore import QEvent, QLockFile, QObject, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from followup_desktop import APP_NAME, __version__
from followup_desktop.context import AppContext, fill_demo, open_context
from followup_desktop.paths import resources_dir
from followup_desktop.storage import StorageError, prepare_data_folder
from followup_desktop.ui.dialogs import DialogService
from followup_desktop.ui.main_window import MainWindow

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
    app.setApplicationName("followup-desktop")
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("followup-desktop")
    if app.platformName() in ("offscreen", "minimal"):
        # Qt's in-process clipboard there crashes at exit while holding our QMimeData;
        # it is not a real clipboard anyway. Real platforms keep the copied message.
        app.aboutToQuit.connect(lambda: QApplication.clipboard().clear())
    icon = resources_dir() / "icons" / "followup-desktop.svg"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    return app


def _lock(data_dir: Path) -> QLockFile | str:
    """Hold the data folder for this process, or say why another copy has it."""
    lock = QLockFile(str(data_dir / LOCK_NAME))
    lock.setStaleLockTime(0)  # a lock is stale only when its process is gone
    if lock.tryLock(200):
        return lock
    if lock.error() == QLockFile.LockError.LockFailedError:
        return (
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


def run(data_dir: Path, *, demo: bool = False, startup_check: bool = False) -> int:
    """Start the app on ``data_dir``; return the process exit status."""
    app = _application()
    dialogs = DialogService()

    def fail(message: str) -> int:
        print(message, file=sys.stderr)
        if not startup_check:
            dialogs.error("Follow-up Desk cannot start", message)
        return 2

    try:
        prepare_data_folder(data_dir)
    except StorageError as exc:
        return fail(str(exc))
    lock = _lock(data_dir)  # before the database: two copies must never migrate it at once
    if isinstance(lock, str):
        return fail(lock)
    try:
        context = open_context(data_dir)
    except StorageError as exc:
        lock.unlock()
        return fail(str(exc))
    try:
        if demo:
            print(fill_demo(context))
        window = open_window(context, dialogs)
        if startup_check:
            window.installEventFilter(_FirstPaint(window))
        else:
            QTimer.singleShot(300, window.prepare_coach)  # after the first paint
            QTimer.singleShot(1500, window.start_reminders)  # once the window has settled
        gc.freeze()  # what start-up built lives on: keep it out of every later collection
        gc.enable()
        status = app.exec()
        window.save_everything()
        return status
    except StorageError as exc:
        return fail(str(exc))
    finally:
        context.close()
        lock.unlock()
