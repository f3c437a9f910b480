"""Insights: the interviewer's own figures over a chosen period, each a sentence and a chart.

The figures and their words come from ``followup_desktop.insights`` (no Qt); this page picks
the period, draws the charts with QtCharts (PySide6-Addons, already a dependency; kept in Qt 6
though deprecated since 6.10, and PySide6 is pinned below 6.12) and hands the exports to the
dialog service. It computes when shown and when the period changes: a fraction of a second
for 100,000 debriefs (benchmarks/insights.py).
"""

from __future__ import annotations

import contextlib
import itertools
import math
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from PySide6.QtCharts import (
    QAbstractAxis,
    QBarCategoryAxis,
    QBarSet,
    QCategoryAxis,
    QChart,
    QChartView,
    QHorizontalStackedBarSeries,
    QLineSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QIODevice,
    QMargins,
    QPointF,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QAction, QColor, QFont, QPainter, QPen, QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.context import AppContext
from followup_desktop.files import write_atomic
from followup_desktop.insights import (
    Chart,
    Insights,
    Period,
    Section,
    WorkingDays,
    compute,
    empty_text,
    sections,
)
from followup_desktop.insights.export import write_debrief_rows, write_figures
from followup_desktop.storage import StorageError
from followup_desktop.ui.dialogs import DialogService
from followup_desktop.ui.widgets import STYLE, as_hint, busy, date_text, labelled, roomy

PERIOD_KEY = "insights.period"
CHART_HEIGHT = 230
WIDE = 1500  # from this width, three cards a row (else two, roomier for labels and keys)
LABELS_SHOWN = 7  # at most this many step labels under a line chart; the rest are skipped
STAGE_LABEL_CHARS = 24

# One colour per thing, the same on every chart.
COLOURS = {
    "started": "#1a73e8",
    "finished": "#188038",
    "on_time": "#1a73e8",
    "waiting": "#9aa0a6",
    "overdue": "#d93025",
    "undecided": "#9aa0a6",
    "advance": "#1a73e8",
    "offer": "#188038",
    "reject": "#e8710a",
    "more_info": "#9334e6",
    "on_hold": "#f9ab00",
    "vague": "#e8710a",
    "bias": "#d93025",
    "evidence": "#1a73e8",
    "other": "#9aa0a6",
    "feedback": "#188038",
    "updated": "#9334e6",
}
TEXT_COLOUR = "#3c4043"
GRID_COLOUR = "#e0e0e0"
HEADROOM = 0.25  # of a tick's step, above the top tick


def _font(size: float, *, bold: bool = False) -> QFont:
    font = QFont()
    font.setPointSizeF(size)
    font.setBold(bold)
    return font


def _value_axis(chart: Chart, top: float) -> QValueAxis:
    axis = QValueAxis()
    axis.setMin(0)
    if chart.percent:
        axis.setMax(100)
        axis.setTickCount(6)
        axis.setLabelFormat("%d%%")
    else:
        axis.setMax(max(top, 1.0))
        axis.applyNiceNumbers()
        axis.setLabelFormat("%d" if axis.max() >= 4 else "%.1f")
    # The same ticks, from a fixed anchor, with a little room above the top one: a point on
    # the top line (100%) is drawn whole instead of cut in half by the plot's edge.
    step = axis.max() / (axis.tickCount() - 1)
    axis.setTickType(QValueAxis.TickType.TicksDynamic)
    axis.setTickAnchor(0)
    axis.setTickInterval(step)
    axis.setMax(axis.max() + step * HEADROOM)
    axis.setTitleText(chart.axis)
    return axis


def _style_axis(axis: QAbstractAxis) -> None:
    axis.setLabelsFont(_font(8.5))
    axis.setLabelsColor(QColor(TEXT_COLOUR))
    axis.setTitleFont(_font(8.5))
    axis.setTitleBrush(QColor(TEXT_COLOUR))
    axis.setGridLineColor(QColor(GRID_COLOUR))
    axis.setLinePenColor(QColor("#bdc1c6"))


def _step_axis(categories: Sequence[str]) -> QCategoryAxis:
    """The period's steps under a line chart, each label under its point; with many steps,
    every second (third...) label, so none overlap."""
    axis = QCategoryAxis()
    axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
    axis.setRange(-0.5, len(categories) - 0.5)
    every = max(1, -(-len(categories) // LABELS_SHOWN))
    named = sorted(range(len(categories) - 1, -1, -every))  # the latest step always named
    for index in named:  # in increasing order: QCategoryAxis ignores any other
        axis.append(categories[index], index)
    axis.setGridLineVisible(False)
    return axis


def _add_lines(view: QChart, chart: Chart) -> tuple[QAbstractAxis, QAbstractAxis]:
    """A line per series over the period's steps; a step without data is skipped."""
    values = [v for s in chart.series for v in s.values if v is not None]
    steps = _step_axis(chart.categories)
    amounts = _value_axis(chart, max(values, default=1.0) * 1.1)
    view.addAxis(steps, Qt.AlignmentFlag.AlignBottom)
    view.addAxis(amounts, Qt.AlignmentFlag.AlignLeft)
    for series in chart.series:
        line = QLineSeries()
        line.setName(series.name)
        pen = QPen(QColor(COLOURS.get(series.key, TEXT_COLOUR)))
        pen.setWidthF(2.5)
        line.setPen(pen)
        line.setPointsVisible(True)
        line.setMarkerSize(6)
        line.append([QPointF(i, v) for i, v in enumerate(series.values) if v is not None])
        view.addSeries(line)  # before attaching the axes, as QtCharts wants
        line.attachAxis(steps)
        line.attachAxis(amounts)
    return steps, amounts


def _add_bars(view: QChart, chart: Chart) -> tuple[QAbstractAxis, QAbstractAxis]:
    """Stacked columns ("columns") or stacked rows, the first category on top ("rows")."""
    order = list(range(len(chart.categories)))
    if chart.kind == "rows":  # Qt draws the first row at the bottom
        order.reverse()
    bars = QStackedBarSeries() if chart.kind == "columns" else QHorizontalStackedBarSeries()
    for series in chart.series:
        if not any(series.values):
            continue  # an outcome nobody had: no empty legend entry
        found = QBarSet(series.name)
        found.setColor(QColor(COLOURS.get(series.key, TEXT_COLOUR)))
        found.setBorderColor(QColor("white"))
        found.append([series.values[i] or 0.0 for i in order])
        bars.append(found)
    bars.setBarWidth(0.6)
    view.addSeries(bars)
    steps = QBarCategoryAxis()
    steps.append([_short(chart.categories[index]) for index in order])  # a list: a str is
    # taken as a list of one-letter categories
    steps.setGridLineVisible(False)
    steps.setTitleText(chart.steps_axis)
    totals = [sum(s.values[i] or 0.0 for s in chart.series) for i in order]
    counts = _value_axis(chart, max(totals, default=1.0))
    counts.setLabelFormat("%d")
    top, ticks = _whole_steps(max(totals, default=1.0))
    counts.setRange(0, top)
    counts.setTickCount(ticks)
    columns = chart.kind == "columns"
    view.addAxis(steps, Qt.AlignmentFlag.AlignBottom if columns else Qt.AlignmentFlag.AlignLeft)
    view.addAxis(counts, Qt.AlignmentFlag.AlignLeft if columns else Qt.AlignmentFlag.AlignBottom)
    bars.attachAxis(steps)
    bars.attachAxis(counts)
    return steps, counts


def _whole_steps(top: float) -> tuple[float, int]:
    """A round maximum for counts, and how many ticks: steps of 1, 2 or 5 times a power of
    ten, at most five of them (0 2 4 6 8; 0 2000 4000 6000 8000)."""
    step, growth = 1, itertools.cycle((2.0, 2.5, 2.0))  # 1, 2, 5, 10, 20, 50, 100...
    while top > 5 * step:
        step = round(step * next(growth))
    steps = max(1, math.ceil(top / step))
    return float(steps * step), steps + 1


def _short(name: str) -> str:
    return name if len(name) <= STAGE_LABEL_CHARS else name[: STAGE_LABEL_CHARS - 1] + "…"


def build_chart(chart: Chart) -> QChart:
    """A QChart for ``chart``: titled, axes labelled, a legend only with several series."""
    view = QChart()
    view.setTitle(chart.title)
    view.setTitleFont(_font(10, bold=True))
    view.setTitleBrush(QColor(TEXT_COLOUR))
    view.setBackgroundVisible(False)  # the card's background shows through
    view.setMargins(QMargins(0, 4, 0, 0))
    view.legend().setVisible(len(chart.series) > 1)
    # Rows have many colours and long names beside them: their key goes down the right.
    view.legend().setAlignment(
        Qt.AlignmentFlag.AlignRight if chart.kind == "rows" else Qt.AlignmentFlag.AlignBottom
    )
    view.legend().setFont(_font(8.5))
    axes = _add_lines(view, chart) if chart.kind == "line" else _add_bars(view, chart)
    for axis in axes:
        _style_axis(axis)
    return view


class ChartCard(QFrame):
    """One figure: its title, its sentences and its chart."""

    def __init__(self, section: Section) -> None:
        super().__init__()
        self.setObjectName("card")
        self.section = section
        title = QLabel(section.title)
        title.setObjectName("cardTitle")
        self.sentences = QLabel(" ".join(section.sentences))
        self.sentences.setWordWrap(True)
        self.sentences.setTextFormat(Qt.TextFormat.PlainText)
        self.sentences.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.sentences.setAccessibleName(section.title)
        self.sentences.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 10)
        layout.setSpacing(6)
        layout.addWidget(title)
        # The sentences take what height is left, so that the charts of a row line up.
        self.sentences.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.sentences, 1)
        self.view: QChartView | None = None
        if section.chart.has_data:
            self.view = QChartView(build_chart(section.chart))
            self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
            self.view.setStyleSheet("background: transparent;")
            self.view.setFixedHeight(CHART_HEIGHT)
            self.view.setAccessibleName(section.chart.title)
            self.view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            layout.addWidget(self.view)
        else:
            nothing = as_hint(QLabel("Nothing to draw for this period yet."))
            nothing.setAlignment(Qt.AlignmentFlag.AlignCenter)
            nothing.setMinimumHeight(80)
            layout.addWidget(nothing)

    def png(self) -> bytes | None:
        """The chart as a PNG image, at the size it is shown (None without a chart)."""
        if self.view is None:
            return None
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        self.view.grab().save(buffer, "PNG")
        buffer.close()
        return bytes(data.data())


class InsightsPage(QWidget):
    """Your figures for a period: a sentence and a chart each, compared with the period
    before; exported as CSV and PNG."""

    home_requested = Signal()
    computed = Signal()  # the figures of the chosen period are on screen

    def __init__(
        self, context: AppContext, dialogs: DialogService, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setStyleSheet(
            STYLE
            + "QLabel#cardTitle { font-size: 15px; font-weight: 600; }"
            + "QLabel#subtitle { color: #5f6368; }"
        )
        self.context = context
        self.dialogs = dialogs
        self.insights: Insights | None = None
        self.cards: list[ChartCard] = []
        self._columns = 0
        self._days: WorkingDays | None = None

        title = QLabel("Your insights")
        title.setObjectName("pageTitle")
        self.period = labelled(QComboBox(), "Period")
        for period in Period:
            self.period.addItem(period.label, period.value)
        saved = context.repository.get_preference(PERIOD_KEY)
        index = self.period.findData(saved) if saved else -1
        self.period.setCurrentIndex(index if index >= 0 else 1)  # this quarter
        self.period.currentIndexChanged.connect(self._period_chosen)
        period_label = QLabel("&Period:")
        period_label.setBuddy(self.period)

        self.export_button = QPushButton("E&xport")
        self.export_button.setToolTip(
            "Save the figures or the debrief rows as CSV, or the charts as PNG"
        )
        menu = QMenu(self.export_button)
        self.export_figures_action = QAction("Figures as CSV…", self)
        self.export_figures_action.triggered.connect(self.export_figures)
        self.export_rows_action = QAction("Debrief rows as CSV…", self)
        self.export_rows_action.triggered.connect(self.export_rows)
        self.save_charts_action = QAction("Charts as PNG images…", self)
        self.save_charts_action.triggered.connect(self.save_charts)
        for action in (
            self.export_figures_action,
            self.export_rows_action,
            self.save_charts_action,
        ):
            menu.addAction(action)
        self.export_button.setMenu(menu)
        roomy(self.export_button)
        self.back_button = back = QPushButton("Back to follow-ups")
        back.setToolTip("Ctrl+W")
        back.clicked.connect(self.home_requested)

        top = QHBoxLayout()
        top.addWidget(title)
        top.addSpacing(16)
        top.addWidget(period_label)
        top.addWidget(self.period)
        top.addStretch(1)
        top.addWidget(self.export_button)
        top.addWidget(back)
        self.subtitle = QLabel()
        self.subtitle.setObjectName("subtitle")
        self.status = as_hint(QLabel())
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Export status")

        self.grid_holder = QWidget()
        self.grid = QGridLayout(self.grid_holder)
        self.grid.setContentsMargins(0, 0, 8, 0)
        self.grid.setHorizontalSpacing(14)
        self.grid.setVerticalSpacing(14)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.grid_holder)
        self.empty_title = QLabel()
        self.empty_title.setObjectName("cardTitle")
        self.empty_title.setWordWrap(True)
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        self.empty.setTextFormat(Qt.TextFormat.PlainText)
        self.empty.setAccessibleName("No figures yet")
        empty_card = QFrame()
        empty_card.setObjectName("card")
        empty_card.setFixedWidth(640)  # a known width: the wrapped text gets its height
        empty_layout = QVBoxLayout(empty_card)
        empty_layout.setContentsMargins(24, 20, 24, 20)
        empty_layout.setSpacing(10)
        empty_layout.addWidget(self.empty_title)
        empty_layout.addWidget(self.empty)
        self.empty_state = QWidget()
        across = QHBoxLayout()
        across.addStretch(1)
        across.addWidget(empty_card)
        across.addStretch(1)
        centred = QVBoxLayout(self.empty_state)
        centred.setContentsMargins(0, 40, 0, 0)
        centred.addLayout(across)
        centred.addStretch(1)
        self.working = as_hint(QLabel("Working out your figures…"))
        self.working.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body = QStackedWidget()
        for widget in (self.working, scroll, self.empty_state):
            self.body.addWidget(widget)
        self.cards_area = scroll

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(8)
        layout.addLayout(top)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.body, 1)
        layout.addWidget(self.status)
        QTimer.singleShot(0, self.refresh)  # shown first, figures a moment later

    # -- computing and drawing ------------------------------------------------------------

    def chosen(self) -> Period:
        return Period(str(self.period.currentData()))

    @Slot(int)
    def _period_chosen(self, _index: int) -> None:
        with contextlib.suppress(StorageError):  # only a preference: the figures still change
            self.context.repository.set_preference(PERIOD_KEY, self.chosen().value)
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        """Compute the chosen period's figures and draw them."""
        timeline = self.context.settings.timeline
        if self._days is None or self._days.timeline != timeline:
            self._days = WorkingDays(timeline)
        today = self.context.today()
        try:
            with busy():
                found = compute(self.context.repository, self.chosen(), today, timeline, self._days)
        except StorageError as exc:
            self.dialogs.error("Insights not available", str(exc))
            return
        self.insights = found
        self.status.clear()
        self._show(found)
        self.computed.emit()

    def _show(self, found: Insights) -> None:
        for card in self.cards:
            self.grid.removeWidget(card)
            card.hide()  # at once: deleteLater waits for the event loop
            card.deleteLater()
        self.cards = []
        self.subtitle.setText(_subtitle(found))
        if found.empty:
            earlier = self.context.repository.count_debriefs() > 0
            heading, _, rest = empty_text(found, earlier=earlier).partition("\n\n")
            self.empty_title.setText(heading)
            self.empty.setText(rest)
            self.body.setCurrentWidget(self.empty_state)
        for action in self.export_button.menu().actions():
            action.setEnabled(not found.empty)
        if found.empty:
            return
        self.cards = [ChartCard(section) for section in sections(found)]
        self._place_cards()
        self.body.setCurrentWidget(self.cards_area)

    def _place_cards(self) -> None:
        columns = 3 if self.width() >= WIDE else 2
        for index, card in enumerate(self.cards):
            self.grid.addWidget(card, index // columns, index % columns)
        for column in range(3):
            self.grid.setColumnStretch(column, 1 if column < columns else 0)
        rows = -(-len(self.cards) // columns)
        for row in range(len(self.cards) + 1):
            self.grid.setRowStretch(row, 1 if row == rows else 0)  # room below, not inside
        self._columns = columns

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.cards and (3 if self.width() >= WIDE else 2) != self._columns:
            for card in self.cards:
                self.grid.removeWidget(card)
            self._place_cards()

    def focus_first(self) -> None:
        self.period.setFocus()

    # -- exporting ------------------------------------------------------------------------

    def _file_name(self, what: str, suffix: str) -> str:
        found = self.insights
        assert found is not None
        return f"insights-{what}-{found.period.value}-{found.today.isoformat()}.{suffix}"

    def _ask_csv(self, title: str, what: str) -> Path | None:
        if self.insights is None or self.insights.empty:
            return None
        path = self.dialogs.save_file(title, "CSV files (*.csv)", self._file_name(what, "csv"))
        if path is not None and path.suffix.lower() != ".csv":
            path = path.with_name(path.name + ".csv")
        return path

    @Slot()
    def export_figures(self) -> None:
        """The figures of the period (and of the previous one, and of each chart step) as
        CSV."""
        path = self._ask_csv("Export the figures", "figures")
        if path is None or self.insights is None:
            return
        try:
            rows = write_figures(path, self.insights)
        except OSError as exc:
            self._not_saved(path, exc)
            return
        self.status.setText(f"Saved {rows} figures to {path}.")

    @Slot()
    def export_rows(self) -> None:
        """One row per debrief of the period, with what the figures count (no names, no
        notes) as CSV."""
        path = self._ask_csv("Export the debrief rows", "debriefs")
        if path is None or self.insights is None:
            return
        try:
            with busy():
                rows = write_debrief_rows(
                    path, self.context.repository, self.insights, self.context.settings.timeline
                )
        except (OSError, StorageError) as exc:
            self._not_saved(path, exc)
            return
        self.status.setText(
            f"Saved {rows} debrief{'s' * (rows != 1)} to {path}: dates, stages, outcomes and "
            "timings, without names or notes."
        )

    @Slot()
    def save_charts(self) -> None:
        """Each chart as a PNG image, in a folder the person chooses."""
        if self.insights is None or self.insights.empty:
            return
        folder = self.dialogs.choose_folder("Save the charts as PNG images")
        if folder is None:
            return
        saved: list[str] = []
        for card in self.cards:
            image = card.png()
            if image is None:
                continue
            path = folder / self._file_name(card.section.key, "png")
            try:
                write_atomic(path, image)
            except OSError as exc:
                self._not_saved(path, exc)
                return
            saved.append(path.name)
        self.status.setText(
            f"Saved {len(saved)} chart{'s' * (len(saved) != 1)} to {folder}: {', '.join(saved)}."
            if saved
            else "No chart has anything to draw for this period."
        )

    def _not_saved(self, path: Path, exc: Exception) -> None:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        self.dialogs.error(
            "Not saved",
            f"Could not write {path}: {reason}. Nothing was written there; choose another folder.",
        )


def _range(start: date, last: date) -> str:
    return f"{date_text(start, year=start.year != last.year)} to {date_text(last)}"


def _subtitle(found: Insights) -> str:
    """``1 Jan to 11 Mar 2026 · 48 debriefs · compared with 1 Oct to 31 Dec 2025``."""
    count = found.current.debriefs
    parts = [_range(found.span.start, found.span.last), f"{count:,} debrief{'s' * (count != 1)}"]
    if found.previous is not None:
        parts.append(f"compared with {_range(found.previous.start, found.previous.last)}")
    return " · ".join(parts)
