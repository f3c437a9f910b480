"""The main window: layout and wiring only. Pages do the work; the controller holds the state."""

from __future__ import annotations

import base64
import contextlib
import gc
import threading
from datetime import timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QMainWindow, QStackedWidget, QVBoxLayout, QWidget

from followup_desktop import APP_NAME, __version__
from followup_desktop.context import AppContext
from followup_desktop.domain import Outcome
from followup_desktop.storage import DatabaseCorrupt, NotFound, StorageError
from followup_desktop.ui.dialogs import DialogService
from followup_desktop.ui.home import HomePage
from followup_desktop.ui.widgets import HEADLESS_PLATFORMS, busy

if TYPE_CHECKING:
    from collections.abc import Callable

    from followup_desktop.calendar_export import CalendarItem
    from followup_desktop.domain.followups import DebriefSummary
    from followup_desktop.ui.backfill import CoachBackfill
    from followup_desktop.ui.candidate_page import CandidatePage
    from followup_desktop.ui.coach_view import Reviewer
    from followup_desktop.ui.controller import DebriefController
    from followup_desktop.ui.debrief_page import DebriefPage
    from followup_desktop.ui.insights_page import InsightsPage
    from followup_desktop.ui.notifier import Notifier
    from followup_desktop.ui.quiet import QuietGate
    from followup_desktop.ui.template_editor import TemplateEditor

    MenuEntry = tuple[str, QKeySequence | None, Callable[[], object]]  # text, keys, action

GEOMETRY_KEY = "ui.window_geometry"
FIRST_SIZE = (1180, 760)  # the window at first start, where the screen has room
FRAME_ROOM = (40, 80)  # what a window's frame and title bar take, and a little more
DATA_ID_KEY = "calendar.data_id"
REMIND_EVERY_MS = 60 * 60 * 1000
WARM_UP_QUIET_S = 1.5  # how long the app is left alone before the coach warms up
CALENDAR_CANCELLED_DAYS = 60  # sent follow-ups this recent come out as cancelled events
BACKUP_CHECK_MS = 60 * 1000
PURGE_OFFERED_KEY = "privacy.purge_offered_on"  # the day (ordinal) the purge was last offered
PURGE_OFFER_EVERY = 7  # days between offers at start-up, when the person said no


class MainWindow(QMainWindow):
    coach_ready = Signal(list)  # problems in the coach's rule files, as sentences
    backup_failed = Signal(str)  # from the backup thread: why no backup was made
    file_damaged = Signal(str)  # from the integrity check: what is wrong with the file

    def __init__(self, context: AppContext, dialogs: DialogService) -> None:
        super().__init__()
        self.context = context
        self.dialogs = dialogs
        dialogs.set_parent(self)
        self.setWindowTitle(APP_NAME)
        self.setMinimumSize(720, 520)
        self.home = HomePage(context)
        self.home.new_requested.connect(self.new_debrief)
        self.home.open_requested.connect(self.open_debrief)
        self.home.counts_changed.connect(self._show_overdue)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.home)
        central = self._central = QWidget()
        self._central_layout = QVBoxLayout(central)
        self._central_layout.setContentsMargins(0, 0, 0, 0)
        self._central_layout.setSpacing(0)
        self._central_layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        self.debrief_page: DebriefPage | None = None
        self.candidate_page: CandidatePage | None = None
        self.insights_page: InsightsPage | None = None
        self.notifier: Notifier | None = None
        self._reviewer: Reviewer | None = None  # the coach's worker, made with the first page
        self.backfill: CoachBackfill | None = None  # counting old debriefs, once the coach is up
        self.template_editor: TemplateEditor | None = None
        self._build_menus()
        self._show_overdue(self.home.overdue)
        self.home.focus_list()
        self.coach_ready.connect(self.report_rule_problems)
        self.damage: DatabaseCorrupt | None = None  # set when the open file proved damaged
        self.file_damaged.connect(self._stop_for_damage)

    def prepare_coach(self) -> None:
        """Load and compile the coach's rules in the background, once the window is up, so
        the first check while typing does not wait on them; report a broken rule file.

        The warm-up takes several seconds of the interpreter, so it goes in short steps and
        only while the person leaves the app alone (``QuietGate``): their keys are handled,
        and saved, as promptly as without it. Collections of the garbage collector, each a
        long pause over everything compiled so far, are held off while it works; what it
        built is then frozen out of later collections (as start-up's is). Then, the same way,
        the coach counts the findings of debriefs written before their counts were kept."""
        from followup_desktop.ui.quiet import QuietGate

        gate = QuietGate(WARM_UP_QUIET_S, self)
        self.coach_ready.connect(
            lambda _problems: self._count_old_debriefs(gate),
            Qt.ConnectionType.SingleShotConnection,
        )

        def pause() -> None:  # between steps, on the warm-up thread
            if gate.in_use():
                gc.freeze()
                gc.enable()
                gate.wait()
            gc.disable()

        def work() -> None:  # on a thread of its own: reviews go on meanwhile
            from followup_desktop.coach import default_coach

            try:
                coach = default_coach()
                coach.warm_up(pause)
                problems = [str(problem) for problem in coach.problems()]
            finally:
                gc.freeze()
                gc.enable()
            with contextlib.suppress(RuntimeError):  # the window may be gone by then
                self.coach_ready.emit(problems)

        threading.Thread(target=work, name="coach warm-up", daemon=True).start()

    def _count_old_debriefs(self, gate: QuietGate) -> None:
        from followup_desktop.ui.backfill import CoachBackfill

        backfill = self.backfill = CoachBackfill(
            self.context.repository, self.reviewer(), gate, parent=self
        )
        backfill.finished.connect(gate.deleteLater)
        backfill.start()

    def reviewer(self) -> Reviewer:
        """The coach's worker thread, made on first use."""
        if self._reviewer is None:
            from followup_desktop.ui.coach_view import Reviewer

            self._reviewer = Reviewer(self)
        return self._reviewer

    @Slot(list)
    def report_rule_problems(self, problems: list[str]) -> None:
        if problems:
            self.statusBar().showMessage(
                "Some coach rules could not be read, the others work: " + "; ".join(problems)
            )

    def _build_menus(self) -> None:
        menus: tuple[tuple[str, tuple[MenuEntry, ...]], ...] = (
            (
                "&File",
                (
                    ("&New debrief", QKeySequence(QKeySequence.StandardKey.New), self.new_debrief),
                    ("&Close debrief", QKeySequence("Ctrl+W"), self.show_home),
                    ("&Templates…", QKeySequence("Ctrl+T"), self.edit_templates),
                    ("Export follow-up &dates (.ics)…", None, self.export_calendar),
                    ("&Settings…", QKeySequence("Ctrl+,"), self.edit_settings),
                    ("&Quit", QKeySequence(QKeySequence.StandardKey.Quit), self.close),
                ),
            ),
            (
                "&View",
                (("&Insights", QKeySequence("Ctrl+Shift+I"), self.show_insights),),
            ),
            (
                "&Debrief",
                (
                    ("Candidate &history", QKeySequence("Ctrl+I"), self.show_candidate),
                    ("&Archive or unarchive", QKeySequence("Ctrl+Shift+A"), self.toggle_archive),
                    ("&Delete…", QKeySequence("Ctrl+Shift+Delete"), self.delete_debrief),
                ),
            ),
        )
        for title, entries in menus:
            menu = self.menuBar().addMenu(title)
            for text, keys, slot in entries:
                action = QAction(text, self)
                if keys is not None:
                    action.setShortcut(keys)
                action.triggered.connect(slot)
                menu.addAction(action)
                if text in ("&Close debrief", "&Settings…"):
                    menu.addSeparator()
        help_menu = self.menuBar().addMenu("&Help")
        about = QAction("&About Follow-up Desk", self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)

    # -- pages ----------------------------------------------------------------------------

    def _open_page(self, make: Callable[[], DebriefController]) -> None:
        from followup_desktop.ui.debrief_page import DebriefPage  # loaded on first use

        if not self.show_home():
            return
        try:
            controller = make()
        except (StorageError, NotFound) as exc:
            self.dialogs.error("Cannot open the debrief", str(exc))
            return
        page = DebriefPage(controller, self.dialogs, self.reviewer())
        page.home_requested.connect(self.show_home)
        page.follow_up.copied.connect(
            lambda: self.statusBar().showMessage("Copied: paste it into your email.", 6000)
        )
        self.debrief_page = page
        if self.notifier is not None:
            self.notifier.clear()  # seen to: the next hourly check reminds again if need be
        self.pages.addWidget(page)
        self.pages.setCurrentWidget(page)
        page.focus_step()

    @Slot()
    def new_debrief(self) -> None:
        from followup_desktop.ui.controller import DebriefController

        self._open_page(lambda: DebriefController.new(self.context))

    @Slot(int)
    def open_debrief(self, debrief_id: int) -> None:
        from followup_desktop.ui.controller import DebriefController

        self._open_page(lambda: DebriefController.open(self.context, debrief_id))

    @Slot()
    def show_home(self) -> bool:
        """Close the open debrief (saving it) and show Home; False if it could not be saved."""
        for side_page in (self.candidate_page, self.insights_page):
            if side_page is not None:
                self.pages.removeWidget(side_page)
                side_page.deleteLater()
        self.candidate_page = self.insights_page = None
        page = self.debrief_page
        if page is not None:
            if not page.controller.flush():
                self.dialogs.error(
                    "Not saved yet",
                    "Your latest changes could not be saved, so the debrief stays open. "
                    + page.save_label.text(),
                )
                return False
            page.detach()
            self.pages.removeWidget(page)
            page.deleteLater()
            self.debrief_page = None
        self.home.refresh()
        self.pages.setCurrentWidget(self.home)
        self.home.focus_list()
        return True

    # -- the selected debrief: its candidate, archive, delete -------------------------------------

    def _selected(self) -> DebriefSummary | None:
        """The debrief the Debrief menu acts on: the open one, else Home's selected row."""
        if self.debrief_page is not None:
            debrief_id = self.debrief_page.controller.debrief.id
            if debrief_id is None:
                return None
            return self.context.repository.summary(debrief_id)
        if self.candidate_page is not None or self.insights_page is not None:
            return None
        return self.home.current_summary()

    @Slot()
    def show_candidate(self) -> None:
        """Every interview and message of the selected debrief's candidate."""
        from followup_desktop.ui.candidate_page import CandidatePage

        selected = self._selected()
        if selected is None or not self.show_home():
            return
        page = self.candidate_page = CandidatePage(
            self.context, self.dialogs, selected.candidate_id
        )
        page.open_requested.connect(self.open_debrief)
        self._show_side_page(page)

    @Slot()
    def show_insights(self) -> None:
        """The interviewer's own figures over time (View → Insights)."""
        from followup_desktop.ui.insights_page import InsightsPage

        if not self.show_home():
            return
        self.insights_page = InsightsPage(self.context, self.dialogs)
        self._show_side_page(self.insights_page)

    def _show_side_page(self, page: CandidatePage | InsightsPage) -> None:
        """Show a page whose Back button (or Ctrl+W) returns to Home."""
        page.home_requested.connect(self.show_home)
        self.pages.addWidget(page)
        self.pages.setCurrentWidget(page)
        page.focus_first()

    @Slot()
    def toggle_archive(self) -> None:
        """Archive the selected debrief (off the to-do list, still searchable), or bring an
        archived one back."""
        selected = self._selected()
        if selected is None or not self.show_home():
            return
        try:
            self.context.repository.set_archived(selected.id, not selected.archived)
        except StorageError as exc:
            self.dialogs.error("Not archived", str(exc))
            return
        name = selected.candidate_name or "The debrief"
        self.statusBar().showMessage(
            f"{name} is back on the list."
            if selected.archived
            else f"Archived {name}: find it under Archived or by searching (Ctrl+Shift+A undoes).",
            8000,
        )
        self.home.refresh()

    @Slot()
    def delete_debrief(self) -> None:
        selected = self._selected()
        if selected is None:
            return
        name = selected.candidate_name or "this candidate"
        if (
            not self.dialogs.confirm(
                "Delete the debrief?",
                f"The debrief for {name} ({selected.role or 'no role'}), with its notes and "
                "messages, is removed for good. To take it off the list but keep it, archive it "
                "instead (Ctrl+Shift+A).",
                action="Delete",
            )
            or not self.show_home()
        ):
            return
        try:
            self.context.repository.delete_debrief(selected.id)
        except StorageError as exc:
            self.dialogs.error("Not deleted", str(exc))
            return
        self.statusBar().showMessage(f"Deleted the debrief for {name}.", 8000)
        self.home.refresh()

    @Slot(int)
    def _show_overdue(self, overdue: int) -> None:
        self.setWindowTitle(f"{APP_NAME} — {overdue} overdue" if overdue else APP_NAME)

    def listen_for_second_launch(self) -> None:
        """A later launch on the same data folder brings this window to the front."""
        from followup_desktop.ui.single_instance import InstanceServer

        self._instance_server = InstanceServer(self.context.data_dir, self)
        self._instance_server.raise_requested.connect(self.come_forward)

    @Slot()
    def come_forward(self) -> None:
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()

    # -- the data file -------------------------------------------------------------------------

    def check_data_file(self) -> None:
        """Check the whole database in the background (a full check takes a second at
        100,000 debriefs, too long to wait for at start). If it is damaged, stop at once:
        nothing more is written to it, and start-up offers the newest backup."""
        from followup_desktop.storage.database import check_integrity

        path = self.context.repository.path

        def work() -> None:
            try:
                check_integrity(path)
            except DatabaseCorrupt as exc:
                with contextlib.suppress(RuntimeError):  # the window may be gone by then
                    self.file_damaged.emit(str(exc))
            except StorageError:
                pass  # locked or unreadable for a moment: saving reports real trouble

        threading.Thread(target=work, name="integrity check", daemon=True).start()

    @Slot(str)
    def _stop_for_damage(self, message: str) -> None:
        self.damage = DatabaseCorrupt(message, self.context.repository.path)
        self.hide()
        QApplication.quit()  # not close(): closing would save to the damaged file

    # -- backups -------------------------------------------------------------------------------

    def start_backups(self) -> None:
        """Check every minute whether a backup is due (30 minutes after changes began); make
        it on a worker thread with its own read-only connection, so typing never waits."""
        self._backup_timer = QTimer(self, interval=BACKUP_CHECK_MS)
        self._backup_timer.timeout.connect(self.back_up_if_due)
        self._backup_timer.start()
        self.backup_failed.connect(self._report_backup_problem)

    @Slot()
    def back_up_if_due(self) -> None:
        backups = self.context.backups
        if backups is None or backups.running or not backups.due():
            return

        def work() -> None:
            try:
                backups.backup_now()
            except StorageError as exc:
                with contextlib.suppress(RuntimeError):  # the window may be gone by then
                    self.backup_failed.emit(str(exc))

        threading.Thread(target=work, name="backup", daemon=True).start()

    @Slot(str)
    def _report_backup_problem(self, message: str) -> None:
        self.statusBar().showMessage(f"No backup was made: {message}")

    # -- privacy -------------------------------------------------------------------------------

    def offer_purge(self, *, asked: bool = False) -> None:
        """Offer to delete the candidates whose final outcome is older than the retention
        period. At start-up (``asked`` False) at most once a week, and only when someone is
        due; from Settings whenever asked."""
        repository = self.context.repository
        today = self.context.today()
        days = self.context.settings.retention_days
        if not asked:
            offered = repository.get_preference(PURGE_OFFERED_KEY)
            if days <= 0 or (offered and today.toordinal() - int(offered) < PURGE_OFFER_EVERY):
                return
        due = repository.due_for_purge(today, days) if days > 0 else []
        if not due:
            if asked:
                self.dialogs.inform(
                    "Nobody to purge",
                    "No candidate's final outcome is older than the retention period"
                    + (f" ({days} days)." if days > 0 else " (candidates are kept forever)."),
                )
            return
        if not asked:
            repository.set_preference(PURGE_OFFERED_KEY, str(today.toordinal()))
        names = ", ".join(item.name or "(no name)" for item in due[:5])
        more = f" and {len(due) - 5} more" if len(due) > 5 else ""
        if not self.dialogs.confirm(
            "Delete candidates past the retention period?",
            f"{len(due)} candidate{'s' * (len(due) != 1)} finished more than {days} days ago: "
            f"{names}{more}. Deleting removes them, their interviews, messages and your notes "
            "from this computer for good. Backups made before now keep them until they rotate "
            "out. (Settings → Keep finished candidates.)",
            action="Delete them",
        ):
            return
        try:
            with busy():
                repository.purge_candidates([item.id for item in due])
        except StorageError as exc:
            self.dialogs.error("Not deleted", str(exc))
            return
        self.statusBar().showMessage(
            f"Deleted {len(due)} candidate{'s' * (len(due) != 1)} past the retention period.",
            8000,
        )
        self.home.refresh()

    # -- reminders and the calendar ------------------------------------------------------------

    def start_reminders(self) -> None:
        """Remind now and every hour of follow-ups due today or overdue: a tray notification
        where there is a tray, else a banner in the window. Clicking it opens the debrief."""
        from followup_desktop.ui.notifier import make_notifier

        notifier = make_notifier(self._central)
        if isinstance(notifier, QWidget):
            self._central_layout.insertWidget(0, notifier)
        notifier.on_open = self.open_debrief
        self.notifier = notifier
        self._reminder_timer = QTimer(self, interval=REMIND_EVERY_MS)
        self._reminder_timer.timeout.connect(self.remind)
        self._reminder_timer.start()
        self.remind()

    @Slot()
    def remind(self) -> None:
        if self.notifier is None:
            return
        today = self.context.today()
        repository = self.context.repository
        try:
            shown = repository.reminders(today, limit=2)  # the most urgent, named
            due, late = repository.count_due(today), repository.count_overdue(today)
        except StorageError:
            return  # the next hour tries again; saving reports disk trouble itself
        if not shown:
            self.notifier.clear()
            return
        first = shown[0]

        def state(item: DebriefSummary) -> str:
            text = item.due_text(today)
            return text[0].lower() + text[1:]

        if due == 1:
            title = f"Follow-up for {first.candidate_name or 'a candidate'}: {state(first)}"
            where = ", ".join(part for part in (first.role, first.stage) if part)
            text = f"{where + '. ' if where else ''}Open it to write the follow-up."
        else:
            title = f"{due} follow-ups due" + (f", {late} overdue" if late else " today")
            named = [f"{item.candidate_name or '(no name)'} ({state(item)})" for item in shown]
            more = f" and {due - len(shown)} more" if due > len(shown) else ""
            text = f"{', '.join(named)}{more}. Open shows the most urgent one."
        self.notifier.notify(title, text, first.id)

    @Slot()
    def export_calendar(self) -> None:
        """Save the follow-up dates as an .ics file: one event per open follow-up (stable ids,
        so importing again updates them) and cancelled events for the ones sent since."""
        from followup_desktop.calendar_export import CalendarItem, save_calendar

        path = self.dialogs.save_file(
            "Export follow-up dates", "Calendar files (*.ics)", "follow-ups.ics"
        )
        if path is None:
            return
        if path.suffix.lower() != ".ics":
            path = path.with_name(path.name + ".ics")
        now = self.context.now()
        try:
            items = [
                item
                for summary in self.context.repository.calendar_items(
                    since=now.date() - timedelta(days=CALENDAR_CANCELLED_DAYS)
                )
                if (item := _calendar_item(summary, CalendarItem)) is not None
            ]
            save_calendar(path, items, now=now, data_id=self._data_id())
        except (OSError, StorageError) as exc:
            self.dialogs.error("Calendar not saved", f"Could not write {path}: {exc}")
            return
        self.statusBar().showMessage(
            f"Saved {len(items)} follow-up date{'s' * (len(items) != 1)} to {path}. Import it "
            "into your calendar; importing a newer export updates the same events.",
            10000,
        )

    def _data_id(self) -> str:
        """A random id for this data folder, made once: calendar events keep their identity."""
        saved = self.context.repository.get_preference(DATA_ID_KEY)
        if saved:
            return saved
        import secrets  # not at start-up: uuid and platform cost a few ms there

        made = secrets.token_hex(16)
        self.context.repository.set_preference(DATA_ID_KEY, made)
        return made

    @Slot()
    def edit_templates(self) -> None:
        """Show the template editor (one window, kept while the app runs)."""
        if self.template_editor is None:
            from followup_desktop.ui.template_editor import TemplateEditor

            self.template_editor = TemplateEditor(
                self.context,
                self.dialogs,
                lambda: self.debrief_page.controller.debrief if self.debrief_page else None,
                self,
            )
            self.template_editor.templates_changed.connect(self._templates_changed)
        else:
            self.template_editor.fill_preview_choices()
        self.template_editor.show()
        self.template_editor.raise_()
        self.template_editor.activateWindow()

    @Slot()
    def _templates_changed(self) -> None:
        if self.debrief_page is not None:
            self.debrief_page.templates_changed()

    @Slot()
    def edit_settings(self) -> None:
        from followup_desktop.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.context.settings, self)
        dialog.purge_requested.connect(lambda: self.offer_purge(asked=True))
        if dialog.exec():
            try:
                self.context.update_settings(dialog.settings())
            except StorageError as exc:
                self.dialogs.error("Settings not saved", str(exc))
                return
            if self.debrief_page is None:
                self.home.refresh()
            if self.insights_page is not None:  # business days and holidays may have changed
                self.insights_page.refresh()

    @Slot()
    def _about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.about(
            self,
            f"About {APP_NAME}",
            f"<b>{APP_NAME}</b> {__version__}<p>Evidence-based interview notes and prompt, "
            f"personal follow-ups. Everything stays on this computer, in "
            f"{self.context.repository.path}.</p>",
        )

    # -- window state ---------------------------------------------------------------------

    def restore_geometry(self) -> None:
        """Where the window was last time (Qt moves it onto a screen that is there now), or
        the first-start size."""
        saved = self.context.repository.get_preference(GEOMETRY_KEY)
        if saved and self.restoreGeometry(QByteArray(base64.b64decode(saved))):
            return
        self.resize(self._first_size())

    def _first_size(self) -> QSize:
        """1180 by 760, or less where the screen has no room for that with the window's frame
        and the desktop's panels (a 1366 by 768 laptop)."""
        wanted = QSize(*FIRST_SIZE)
        if QApplication.platformName() in HEADLESS_PLATFORMS:
            return wanted  # no real screen: its stand-in size means nothing
        screen = self.screen()
        if screen is None:
            return wanted
        room = screen.availableGeometry().size() - QSize(*FRAME_ROOM)
        return wanted.boundedTo(room).expandedTo(self.minimumSize())

    def save_everything(self) -> bool:
        """Save the open debrief and the window's place; False if the disk refused."""
        saved = self.debrief_page is None or self.debrief_page.controller.flush()
        if self.template_editor is not None:
            saved = self.template_editor.save_now() and saved
        geometry = base64.b64encode(bytes(self.saveGeometry().data())).decode("ascii")
        with contextlib.suppress(StorageError):  # not worth blocking a close over
            self.context.repository.set_preference(GEOMETRY_KEY, geometry)
        return saved

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.save_everything():
            if self.debrief_page is not None:
                self.debrief_page.detach()
            event.accept()
            return
        keep_open = not self.dialogs.confirm(
            "Quit without saving?",
            "Your latest changes could not be saved. "
            + (self.debrief_page.save_label.text() if self.debrief_page else "")
            + " If you quit now, they are lost.",
            action="Quit anyway",
        )
        if keep_open:
            event.ignore()
        else:
            event.accept()
            QApplication.quit()


def _calendar_item(summary: DebriefSummary, make: type[CalendarItem]) -> CalendarItem | None:
    """A follow-up as a calendar event: on its due date while open; a sent one keeps the date
    it was due (or went out), marked done. None when there is no date to put it on."""
    sent_on = summary.last_sent_at.date() if summary.last_sent_at else None
    due = summary.due_on or summary.respond_by or sent_on
    if due is None:
        return None
    changes = [when for when in (summary.state_changed_at, summary.last_sent_at) if when]
    return make(
        debrief_id=summary.id,
        candidate=summary.candidate_name,
        role=summary.role,
        stage=summary.stage,
        due=due,
        open=summary.is_open,
        changed_at=max(changes) if changes else None,
        waiting=summary.outcome in (Outcome.UNDECIDED, Outcome.ON_HOLD),
    )
