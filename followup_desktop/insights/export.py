"""The Insights figures, and the per-debrief rows behind them, as CSV files. No Qt.

UTF-8, comma-separated, a header row, written atomically (``files.write_atomic``). Text that
a spreadsheet would read as a formula (a stage typed as "=HYPERLINK(...)", "+1", "-", "@")
gets a leading apostrophe, the usual guard against CSV injection. The rows file holds no
names and no notes: only what the figures count.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Protocol

from followup_desktop.domain.choices import Outcome
from followup_desktop.domain.timeline import Timeline
from followup_desktop.files import write_atomic
from followup_desktop.insights.figures import Insights, Measures, Value, WorkingDays
from followup_desktop.insights.wording import COACH_WORDS
from followup_desktop.storage.insights_rows import COACH_CATEGORIES, ROW_COLUMNS

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

FIGURES: tuple[tuple[str, str, str, Callable[[Measures], Value]], ...] = (
    ("debriefs", "Debriefs", "debriefs", lambda m: Value(float(m.debriefs), m.debriefs)),
    ("notes_started", "Notes started after the interview (median)", "hours",
     lambda m: m.started),
    ("notes_finished", "Notes finished after the interview (median)", "hours",
     lambda m: m.finished),
    ("reply_days", "First message to the candidate after the interview (median)",
     "business days", lambda m: m.reply_days),
    ("on_time", "Follow-ups sent by the respond-by date", "%", lambda m: m.on_time),
    ("decided", "Interviews with a decision", "%", lambda m: m.decided),
    ("feedback", "Rejections with specific feedback", "%", lambda m: m.feedback),
    ("late_updated", "Late decisions with a status update", "%", lambda m: m.updated),
    *(
        (f"coach_{name}", f"Coach: {COACH_WORDS[name][1]} per debrief", "per debrief",
         lambda m, name=name: m.coach.get(name, Value(None)))
        for name in COACH_CATEGORIES
    ),
    ("coach_not_counted", "Debriefs not counted by the coach yet", "debriefs",
     lambda m: Value(float(m.coach_unknown), m.coach_unknown)),
)  # fmt: skip

FIGURES_HEADER = (
    "figure", "description", "unit", "period", "from", "to", "value", "based on",
    "previous value", "previous from", "previous to", "previous based on",
)  # fmt: skip
ROWS_HEADER = (
    "interview date", "stage", "outcome", "hours to notes started", "hours to notes finished",
    "first message on", "business days to first message", "respond-by date",
    "sent by respond-by date", "status updates sent", "specific feedback shared", "open",
    "overdue", "archived", *(f"coach: {COACH_WORDS[name][1]}" for name in COACH_CATEGORIES),
)  # fmt: skip


def safe_cell(value: object) -> object:
    """``value`` as a spreadsheet should show it: text starting like a formula is quoted."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _amount(value: float | None) -> str:
    if value is None:
        return ""
    return str(round(value, 2)).removesuffix(".0")


def _write(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    written = 0
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
        written += 1
    write_atomic(path, buffer.getvalue())
    return written


def figure_rows(insights: Insights) -> Iterator[tuple[object, ...]]:
    """The figures of the period (with the previous period's), then each chart step's, then
    the open follow-ups and the outcomes by stage."""
    span, previous, before = insights.span, insights.previous, insights.before
    name = insights.period.label.lower()
    for key, label, unit, pick in FIGURES:
        now = pick(insights.current)
        then = pick(before) if before is not None else None
        yield (
            key, label, unit, name, span.start.isoformat(), span.last.isoformat(),
            _amount(now.value), now.count,
            "" if then is None else _amount(then.value),
            "" if previous is None else previous.start.isoformat(),
            "" if previous is None else previous.last.isoformat(),
            "" if then is None else then.count,
        )  # fmt: skip
    for bucket, measures in zip(insights.buckets, insights.steps, strict=True):
        last = date.fromordinal(bucket.end.toordinal() - 1).isoformat()
        for key, label, unit, pick in FIGURES:
            value = pick(measures)
            yield (key, label, unit, bucket.label, bucket.start.isoformat(), last,
                   _amount(value.value), value.count, "", "", "", "")  # fmt: skip
    found = insights.open
    today = insights.today.isoformat()
    for key, label, unit, amount in (
        ("open", "Open follow-ups", "follow-ups", found.count),
        ("open_overdue", "Open follow-ups that are overdue", "follow-ups", found.overdue),
        ("open_oldest_days", "Days since the oldest open interview", "days", found.oldest_days),
    ):
        shown = "" if amount is None else amount
        yield (key, label, unit, "today", today, today, shown, found.count, "", "", "", "")
    for stage, counts in insights.stages:
        for outcome, count in counts:
            yield ("outcome_by_stage", f"{stage}: {outcome.label}", "interviews", name,
                   span.start.isoformat(), span.last.isoformat(), count, count,
                   "", "", "", "")  # fmt: skip


def write_figures(path: Path, insights: Insights) -> int:
    """Write the figures CSV; return how many rows (besides the header)."""
    return _write(path, FIGURES_HEADER, figure_rows(insights))


class RowSource(Protocol):
    def insight_rows(self, start: date, end: date) -> Iterator[tuple[object, ...]]: ...


def _yes(flag: object) -> str:
    return "yes" if flag else "no"


def debrief_rows(
    source: RowSource, insights: Insights, timeline: Timeline
) -> Iterator[tuple[object, ...]]:
    """One row per debrief of the period, oldest first, read as they are written."""
    days = WorkingDays(timeline)
    today = insights.today
    for raw in source.insight_rows(insights.span.start, insights.span.end):
        row = dict(zip(ROW_COLUMNS, raw, strict=True))
        interview = date.fromisoformat(str(row["interview_on"]))
        deadline = timeline.business_days_after(interview, timeline.respond_within_days)
        word_on = row["first_word_on"]
        word = None if word_on is None else date.fromisoformat(str(word_on))
        if word is not None:
            on_time = _yes(word <= deadline)
        elif row["archived"]:
            on_time = "archived without a message"
        else:
            on_time = "no" if deadline < today else "not due yet"
        due = row["due_on"]
        overdue = bool(row["open"]) and due is not None and str(due) < today.isoformat()
        started, finished = row["start_tenths"], row["complete_tenths"]
        yield (
            interview.isoformat(),
            str(row["stage"]),
            Outcome(str(row["outcome"])).label,
            "" if started is None else _amount(int(str(started)) / 10),
            "" if finished is None else _amount(int(str(finished)) / 10),
            "" if word is None else word.isoformat(),
            "" if word is None else days.between(interview, word),
            deadline.isoformat(),
            on_time,
            row["updates"],
            _yes(row["feedback"]) if row["outcome"] == Outcome.REJECT.value else "",
            _yes(row["open"]),
            _yes(overdue),
            _yes(row["archived"]),
            *("" if row[f"coach_{name}"] is None else row[f"coach_{name}"]
              for name in COACH_CATEGORIES),
        )  # fmt: skip


def write_debrief_rows(
    path: Path, source: RowSource, insights: Insights, timeline: Timeline
) -> int:
    """Write the per-debrief CSV for the period of ``insights``; return how many rows."""
    return _write(path, ROWS_HEADER, debrief_rows(source, insights, timeline))
