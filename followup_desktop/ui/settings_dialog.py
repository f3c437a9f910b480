"""Who signs the messages: the first-run welcome card and the Settings dialog."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.settings import DEFAULT_COMPETENCIES, Settings
from followup_desktop.ui.forms import form_layout, plain_text_edit
from followup_desktop.ui.widgets import as_hint, emphasised, labelled, roomy


class SignatureForm(QFrame):
    """Name, title, email, company and signature; a card on Home at first start."""

    finished = Signal()

    def __init__(
        self, settings: Settings, *, welcome: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        self.name = labelled(QLineEdit(settings.interviewer_name), "Your name")
        self.title = labelled(QLineEdit(settings.interviewer_title), "Your job title")
        self.email = labelled(QLineEdit(settings.interviewer_email), "Your email")
        self.company = labelled(QLineEdit(settings.company), "Company")
        self.name.setPlaceholderText("e.g. Priya Raman")
        self.title.setPlaceholderText("e.g. Engineering Manager")
        self.email.setPlaceholderText("where candidates can reach you directly")
        self.company.setPlaceholderText("e.g. Northwind Labs")
        form = form_layout(
            ("Your &name", self.name),
            ("&Job title", self.title),
            ("E&mail", self.email),  # not &E: Home's "S&ent" has it beside the welcome
            ("&Company", self.company),
        )
        layout = QVBoxLayout(self)
        if welcome:
            self.setFrameShape(QFrame.Shape.StyledPanel)
            self.setAutoFillBackground(True)
            palette = self.palette()
            palette.setColor(QPalette.ColorRole.Window, palette.color(QPalette.ColorRole.Base))
            self.setPalette(palette)
            heading = emphasised(QLabel("Welcome to Follow-up Desk"), 1.15)
            intro = QLabel(
                "Messages to candidates are signed by a real person. Tell us who you are once; "
                "you can change it any time in Settings."
            )
            intro.setWordWrap(True)
            self.save_button = roomy(emphasised(QPushButton("Save")))
            self.skip_button = roomy(QPushButton("Skip for now"))
            self.save_button.clicked.connect(self.finished)
            self.skip_button.clicked.connect(self._skip)
            buttons = QHBoxLayout()
            buttons.addStretch(1)
            buttons.addWidget(self.skip_button)
            buttons.addWidget(self.save_button)
            layout.addWidget(heading)
            layout.addWidget(intro)
            layout.addLayout(form)
            layout.addLayout(buttons)
            self.setMaximumWidth(640)
        else:
            layout.setContentsMargins(0, 0, 0, 0)
            layout.addLayout(form)
        self._skipped = False

    def _skip(self) -> None:
        self._skipped = True
        self.finished.emit()

    def settings(self) -> Settings:
        """The settings with this form's values (unchanged ones kept if the user skipped)."""
        if self._skipped:
            return replace(self._settings, welcome_done=True)
        return replace(
            self._settings,
            interviewer_name=self.name.text().strip(),
            interviewer_title=self.title.text().strip(),
            interviewer_email=self.email.text().strip(),
            company=self.company.text().strip(),
            welcome_done=True,
        )


def _parse_roles(text: str) -> dict[str, tuple[str, ...]]:
    roles: dict[str, tuple[str, ...]] = {}
    for line in text.splitlines():
        role, sep, items = line.partition(":")
        names = tuple(item.strip() for item in items.split(",") if item.strip())
        if sep and role.strip() and names:
            roles[role.strip()] = names
    return roles


_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


class SettingsDialog(QDialog):
    """Every setting in one short form."""

    purge_requested = Signal()

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.setMinimumWidth(560)
        self._settings = settings
        self.signature_form = SignatureForm(settings)
        self.signature = plain_text_edit("Signature", settings.signature, lines=3)
        self.signature.setPlaceholderText("Optional closing lines, e.g. a phone number or pronouns")
        self.days = labelled(QSpinBox(), "Respond within business days")
        self.days.setRange(0, 30)
        self.days.setValue(settings.respond_within_days)
        self.days.setSuffix(" business days")
        self.update_days = labelled(QSpinBox(), "Status update every")
        self.update_days.setRange(1, 30)
        self.update_days.setValue(settings.update_every_days)
        self.update_days.setSuffix(" business days")
        self.update_days.setToolTip(
            "While a decision is pending, a candidate should hear from you this often."
        )
        self.working_days = [
            labelled(QCheckBox(name), f"Working day: {name}") for name in _WEEKDAYS
        ]
        working_row = QHBoxLayout()
        for number, box in enumerate(self.working_days):
            box.setChecked(number in settings.working_days)
            working_row.addWidget(box)
        working_row.addStretch(1)
        self.country = labelled(QComboBox(), "Public holidays of")
        self.subdivision = labelled(QComboBox(), "Region")
        self._fill_countries(settings.holiday_country, settings.holiday_subdivision)
        self.country.currentIndexChanged.connect(lambda _index: self._fill_subdivisions(""))
        holidays_row = QHBoxLayout()
        holidays_row.addWidget(self.country, 2)
        holidays_row.addWidget(self.subdivision, 1)
        self.retention = labelled(QSpinBox(), "Keep finished candidates for")
        self.retention.setRange(0, 3650)
        self.retention.setValue(settings.retention_days)
        self.retention.setSuffix(" days")
        self.retention.setSpecialValueText("Forever")
        self.retention.setToolTip(
            "After this many days from a final outcome, the app offers to delete a candidate "
            "and everything about them. 0 keeps them forever."
        )
        purge = QPushButton("&Purge now…")
        purge.setToolTip("Delete the candidates past this period now, after showing who")
        purge.clicked.connect(self.purge_requested)
        retention_row = QHBoxLayout()
        retention_row.addWidget(self.retention, 1)
        retention_row.addWidget(purge)
        self.keep_recent = labelled(QSpinBox(), "Keep every backup of the last days")
        self.keep_daily = labelled(QSpinBox(), "Then one backup a day, for days")
        self.keep_weekly = labelled(QSpinBox(), "Then one backup a week, for weeks")
        backups_row = QHBoxLayout()
        for spin, value, suffix in (
            (self.keep_recent, settings.keep_recent_days, " days: all"),
            (self.keep_daily, settings.keep_daily, " days: daily"),
            (self.keep_weekly, settings.keep_weekly, " weeks: weekly"),
        ):
            spin.setRange(0, 365)
            spin.setValue(value)
            spin.setSuffix(suffix)
            backups_row.addWidget(spin)
        backups_row.addStretch(1)
        self.reading_ease = labelled(QSpinBox(), "Readability hint below")
        self.reading_ease.setRange(0, 100)
        self.reading_ease.setValue(round(settings.reading_ease_min))
        self.reading_ease.setToolTip(
            "The coach notes a message whose Flesch reading ease is below this "
            "(0 hardest, 100 easiest; plain English scores 60 or more)."
        )
        roles = dict(settings.competencies_by_role)
        default = roles.pop("", DEFAULT_COMPETENCIES)
        self.default_competencies = plain_text_edit(
            "Default scorecard", "\n".join(default), lines=4
        )
        self.role_competencies = plain_text_edit(
            "Scorecards by role",
            "\n".join(f"{role}: {', '.join(items)}" for role, items in roles.items()),
            lines=3,
        )
        self.role_competencies.setPlaceholderText(
            "One role per line, e.g.  Backend Engineer: System design, Coding, Communication"
        )
        self.team_folder = labelled(QLineEdit(settings.team_templates_dir), "Team templates folder")
        self.team_folder.setPlaceholderText("Optional: a shared folder of your team's templates")
        choose_folder = QPushButton("Ch&oose…")
        choose_folder.clicked.connect(self._choose_team_folder)
        team_row = QHBoxLayout()
        team_row.addWidget(self.team_folder, 1)
        team_row.addWidget(choose_folder)
        form = form_layout(
            ("&Signature", self.signature),
            ("&Respond within", self.days),
            ("Status &update every", self.update_days),
            ("Working days", working_row),
            ("Public &holidays", holidays_row),
            ("Re&adability hint below", self.reading_ease),
            ("&Default scorecard\n(one per line)", self.default_competencies),
            ("Scorecards b&y role", self.role_competencies),
            ("&Team templates", team_row),
            ("Keep &finished candidates", retention_row),
            ("Keep &backups", backups_row),
        )
        hint = QLabel(
            "The interview is day 0; days off and public holidays are skipped. A candidate "
            "should hear from you within two business days, and every few days while you "
            "decide."
        )
        as_hint(hint)
        hint.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.signature_form)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        self.signature_form.name.setFocus(Qt.FocusReason.OtherFocusReason)

    def _fill_countries(self, country: str, subdivision: str) -> None:
        """Every country the holidays package knows, by name; "None" first."""
        import holidays  # only when the dialog opens
        from babel import Locale

        self._subdivisions = holidays.list_supported_countries()
        names = Locale("en").territories
        self.country.addItem("None (weekends only)", "")
        for code in sorted(
            (code for code in self._subdivisions if len(code) == 2),
            key=lambda code: str(names.get(code, code)),
        ):
            self.country.addItem(f"{names.get(code, code)} ({code})", code)
        self.country.setCurrentIndex(max(0, self.country.findData(country)))
        self._fill_subdivisions(subdivision)

    def _fill_subdivisions(self, chosen: str) -> None:
        self.subdivision.clear()
        codes = self._subdivisions.get(str(self.country.currentData() or ""), [])
        self.subdivision.addItem("Whole country", "")
        for code in codes:
            self.subdivision.addItem(code, code)
        self.subdivision.setCurrentIndex(max(0, self.subdivision.findData(chosen)))
        self.subdivision.setEnabled(bool(codes))

    def _choose_team_folder(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        folder = QFileDialog.getExistingDirectory(
            self, "Team templates folder", self.team_folder.text()
        )
        if folder:
            self.team_folder.setText(folder)

    def settings(self) -> Settings:
        defaults = tuple(
            line.strip()
            for line in self.default_competencies.toPlainText().splitlines()
            if line.strip()
        )
        roles = _parse_roles(self.role_competencies.toPlainText())
        if defaults:
            roles[""] = defaults
        return replace(
            self.signature_form.settings(),
            signature=self.signature.toPlainText().strip(),
            respond_within_days=self.days.value(),
            reading_ease_min=float(self.reading_ease.value()),
            competencies_by_role=roles,
            team_templates_dir=self.team_folder.text().strip(),
            update_every_days=self.update_days.value(),
            working_days=tuple(n for n, box in enumerate(self.working_days) if box.isChecked())
            or self._settings.working_days,
            holiday_country=str(self.country.currentData() or ""),
            holiday_subdivision=str(self.subdivision.currentData() or ""),
            retention_days=self.retention.value(),
            keep_recent_days=self.keep_recent.value(),
            keep_daily=self.keep_daily.value(),
            keep_weekly=self.keep_weekly.value(),
        )
