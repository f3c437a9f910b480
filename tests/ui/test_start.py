"""Starting on a data folder the app cannot use as it is: another copy owns it, the file is
damaged (restore the newest backup, the damaged file kept), or the person picks another one."""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QLockFile
from pytestqt.qtbot import QtBot

from followup_desktop.app import LOCK_NAME, OTHER_FOLDER, RESTORE, _open
from followup_desktop.context import AppContext, open_context
from followup_desktop.domain import Candidate, Debrief
from followup_desktop.storage import DB_FILENAME
from followup_desktop.ui.single_instance import InstanceServer, ask_owner_to_show
from tests.fresh_python import modules_loaded_by
from tests.ui.conftest import NOW, FakeDialogs


def _opened(result: tuple[AppContext, QLockFile] | int) -> AppContext:
    assert not isinstance(result, int), result
    context, lock = result
    lock.unlock()
    return context


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_second_launch_brings_the_first_window_forward(qtbot: QtBot, tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    server = InstanceServer(data)
    assert server.listening
    with qtbot.waitSignal(server.raise_requested, timeout=3000):
        assert ask_owner_to_show(data)
    assert not ask_owner_to_show(tmp_path / "another")  # nobody owns that folder


def test_a_folder_owned_by_a_copy_that_does_not_answer_is_said(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    owner = QLockFile(str(data / LOCK_NAME))
    assert owner.tryLock(0)
    dialogs = FakeDialogs()
    try:
        assert _open(data, dialogs, startup_check=False) == 2  # type: ignore[arg-type]
    finally:
        owner.unlock()
    assert "already open" in dialogs.errors[-1][1]


def test_a_damaged_file_can_be_swapped_for_the_newest_backup(tmp_path: Path) -> None:
    from followup_desktop.storage.backups import make_backup

    data = tmp_path / "data"
    context = open_context(data, clock=lambda: NOW)
    context.repository.save_debrief(Debrief(started_at=NOW, candidate=Candidate("Ana Lima")))
    make_backup(context.repository.connection, data / "backups", now=NOW)
    context.close()
    database = data / DB_FILENAME
    damaged = b"this is not a database any more" * 100
    database.write_bytes(damaged)

    dialogs = FakeDialogs()
    dialogs.choice = RESTORE
    context = _opened(_open(data, dialogs, startup_check=False))  # type: ignore[arg-type]
    try:
        assert context.repository.count_debriefs() == 1
    finally:
        context.close()
    kept = [p for p in data.iterdir() if p.name.startswith(f"{DB_FILENAME}.damaged")]
    assert len(kept) == 1 and kept[0].read_bytes() == damaged  # moved aside, never deleted
    assert dialogs.told and "Restored the backup" in dialogs.told[-1][1]


def test_without_a_backup_another_folder_or_quit(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    foreign = data / DB_FILENAME
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE songs (title TEXT)")
    before = _sha(foreign)

    dialogs = FakeDialogs()
    dialogs.choice = None  # Quit
    assert _open(data, dialogs, startup_check=False) == 2  # type: ignore[arg-type]
    assert dialogs.choices_offered[-1] == [OTHER_FOLDER]  # no backup to offer; or Quit
    assert _sha(foreign) == before

    dialogs.choice = OTHER_FOLDER
    dialogs.path = tmp_path / "elsewhere"
    context = _opened(_open(data, dialogs, startup_check=False))  # type: ignore[arg-type]
    try:
        assert context.data_dir == tmp_path / "elsewhere"
    finally:
        context.close()
    assert _sha(foreign) == before


def test_the_startup_check_never_asks(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / DB_FILENAME).write_bytes(b"\0" * 10)
    dialogs = FakeDialogs()
    assert _open(data, dialogs, startup_check=True) == 2  # type: ignore[arg-type]
    assert dialogs.questions == [] and dialogs.errors == []


def test_a_damaged_page_found_after_start_stops_writing_and_says_so(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from followup_desktop.storage import DatabaseCorrupt
    from followup_desktop.ui.main_window import MainWindow

    data = tmp_path / "data"
    context = open_context(data, clock=lambda: NOW)
    context.repository.add_debriefs(
        Debrief(started_at=NOW, candidate=Candidate(f"Candidate {n}"), private_notes="x" * 900)
        for n in range(300)
    )
    context.close()
    database = data / DB_FILENAME
    with database.open("r+b") as handle:  # a data page in the middle, overwritten
        handle.seek(4096 * (database.stat().st_size // 4096 // 2))
        handle.write(b"\xde\xad\xbe\xef" * 1024)
    damaged = _sha(database)

    quits: list[bool] = []
    monkeypatch.setattr(
        "followup_desktop.ui.main_window.QApplication.quit", lambda: quits.append(True)
    )
    context = _opened(_open(data, FakeDialogs(), startup_check=False))  # type: ignore[arg-type]
    window = MainWindow(context, FakeDialogs())  # type: ignore[arg-type]
    try:
        window.check_data_file()
        qtbot.waitUntil(lambda: window.damage is not None, timeout=10000)
        assert isinstance(window.damage, DatabaseCorrupt)
        assert str(database) in str(window.damage)
        assert quits == [True] and not window.isVisible()
    finally:
        shiboken6.delete(window)
        context.close()
    assert _sha(database) == damaged  # nothing was written to it


def test_the_window_icon_is_the_apps_own_at_every_size(qtbot: QtBot) -> None:
    from followup_desktop.ui.widgets import app_icon

    icon = app_icon()
    assert not icon.isNull()
    assert {size.width() for size in icon.availableSizes()} >= {16, 32, 48, 256}
    assert not icon.pixmap(32, 32).isNull()


def test_start_up_loads_only_what_the_first_screen_needs(tmp_path: Path) -> None:
    """Home's first screen reads summaries: the debrief's dataclasses, the coach, the composer
    and the other pages load when first used (each module costs start-up time)."""
    context = open_context(tmp_path)
    context.update_settings(replace(context.settings, welcome_done=True))  # not a first start
    context.repository.save_debrief(Debrief(started_at=NOW, candidate=Candidate("Ana Lima")))
    context.close()
    code = (
        "import sys\n"
        "from followup_desktop.cli import main\n"
        f"status = main(['--startup-check', '--data-dir', {str(tmp_path)!r}])\n"
        "assert status == 0, status\n"
    )
    loaded = modules_loaded_by(code)
    assert "followup_desktop.ui.home" in loaded  # the check did open the window
    not_needed = {
        "followup_desktop.domain.model",
        "followup_desktop.domain.candidates",
        "followup_desktop.storage.backups",  # the scheduler reads the folder when first asked
        "followup_desktop.coach",
        "followup_desktop.compose",
        "followup_desktop.insights",
        "followup_desktop.ui.debrief_page",
        "followup_desktop.ui.forms",
        "followup_desktop.ui.insights_page",
        "PySide6.QtCharts",
    }
    assert not_needed.isdisjoint(loaded), sorted(not_needed & loaded)


def test_the_first_window_fits_a_small_screen(
    qtbot: QtBot, context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    from followup_desktop.ui import main_window

    window = main_window.MainWindow(context, FakeDialogs())  # type: ignore[arg-type]
    qtbot.addWidget(window)
    window.restore_geometry()
    assert (window.width(), window.height()) == main_window.FIRST_SIZE  # no real screen here
    # Taken as a real screen, the offscreen one (800 by 600) has no room for 1180 by 760.
    monkeypatch.setattr(main_window, "HEADLESS_PLATFORMS", ())
    window.restore_geometry()
    room = window.screen().availableGeometry()
    assert window.width() <= room.width() - main_window.FRAME_ROOM[0]
    assert window.height() <= room.height() - main_window.FRAME_ROOM[1]
    assert window.width() >= window.minimumWidth() and window.height() >= window.minimumHeight()
