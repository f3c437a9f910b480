"""The main window: layout and wiring only. Pages do the work; the controller holds the state."""

from __future__ import annotations

import base64
import contextlib
import threading
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QMainWindow, QStackedWidget

from followup_desktop import APP_NAME, __version__
from followup_desktop.context import AppContext
from followup_desktop.storage import NotFound, StorageError
from followup_desktop.ui.dialogs import DialogService
from followup_desktop.ui.home import HomePage

if TYPE_CHECKING:
    from collections.abc import Callable

    from followup_desktop.ui.coach_view import Reviewer
    from followup_desktop.ui.controller import DebriefController
    from followup_desktop.ui.debrief_page import DebriefPage
    from followup_desktop.ui.template_editor import TemplateEditor

GEOMETRY_KEY = "ui.window_geometry"


class MainWindow(QMainWindow):
    coach_ready = Signal(list)  # problems in the coach's rule files, as sentences

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
        self.pages = QStackedWidget()
        self.pages.addWidget(self.home)
        self.setCentralWidget(self.pages)
        self.debrief_page: DebriefPage | None = None
        self._reviewer: Reviewer | None = None  # the coach's worker, made with the first page
        self.template_editor: TemplateEditor | None = None
        self._build_menus()
        self.home.focus_list()
        self.coach_ready.connect(self.report_rule_problems)

    def prepare_coach(self) -> None:
        """Load and compile the coach's rules in the background, once the window is up, so
        the first check while typing does not wait on them; report a broken rule file."""

        def work() -> None:  # on a thread of its own: reviews go on meanwhile
            from followup_desktop.coach import default_coach

            coach = default_coach()
            problems = [str(problem) for problem in coach.problems()]
            coach.warm_up()
            with contextlib.suppress(RuntimeError):  # the window may be gone by then
                self.coach_ready.emit(problems)

        threading.Thread(target=work, name="coach warm-up", daemon=True).start()

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
        file_menu = self.menuBar().addMenu("&File")
        for text, keys, slot in (
            ("&New debrief", QKeySequence.StandardKey.New, self.new_debrief),
            ("&Close debrief", QKeySequence("Ctrl+W"), self.show_home),
            ("&Templates…", QKeySequence("Ctrl+T"), self.edit_templates),
            ("&Settings…", QKeySequence("Ctrl+,"), self.edit_settings),
            ("&Quit", QKeySequence.StandardKey.Quit, self.close),
        ):
            action = QAction(text, self)
            action.setShortcut(keys)
            action.triggered.connect(slot)
            file_menu.addAction(action)
            if text == "&Settings…":
                file_menu.addSeparator()
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
        if dialog.exec():
            try:
                self.context.update_settings(dialog.settings())
            except StorageError as exc:
                self.dialogs.error("Settings not saved", str(exc))
                return
            if self.debrief_page is None:
                self.home.refresh()

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
        saved = self.context.repository.get_preference(GEOMETRY_KEY)
        if saved and self.restoreGeometry(QByteArray(base64.b64decode(saved))):
            return
        self.resize(1180, 760)

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
