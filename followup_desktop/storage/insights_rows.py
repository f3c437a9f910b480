"""What the Insights page reads: the ``debrief_facts`` rows (migration v3), summed per day.

Every debrief has one narrow facts row, kept in step with the debrief and its messages by
triggers (see ``migrations._v3_insight_facts``), plus the coach's counts of findings in its
notes, which the app writes after a review (``save_coach_counts``). The figures are computed
from sums per interview day: one pass over one narrow index per kind of figure, in the order
that index keeps, so 100,000 debriefs cost tens of milliseconds and never a full read of the
debriefs. Days are local ISO dates (text order is date order); a span is [start, end).

The functions take an open connection; ``Repository`` calls them (with its error
translation) and is what the rest of the app uses.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date

# The coach's categories a debrief's notes are counted in (the notes' rules are vague, bias
# and evidence ones; anything else a rule file may add is "other").
COACH_CATEGORIES = ("vague", "bias", "evidence", "other")
PENDING = ("undecided", "on_hold")

Day = str  # a local ISO date, "2026-03-04"


@dataclass(frozen=True)
class FactSums:
    """The facts of the debriefs interviewed in one span, summed per interview day.

    Each list holds tuples in day order (a day appears once per combination of the other
    keys). Debriefs without an interview date are in none of them.
    """

    # (day, outcome, feedback shared 0/1, debriefs, debriefs counted by the coach,
    #  then the coach's findings in them: vague, bias, evidence, other)
    decisions: list[tuple[Day, str, int, int, int, float, float, float, float]]
    # (day, day of the first message copied or sent or None, debriefs); archived debriefs
    # that never had one are left out (the candidate may have heard some other way)
    words: list[tuple[Day, Day | None, int]]
    # (day, tenths of an hour from the interview until the debrief was started, debriefs);
    # with ``monthly``, the month ("YYYY-MM") in place of the day
    started: list[tuple[Day, int, int]]
    # (day or month, tenths of an hour until it was completed, debriefs); completed ones only
    completed: list[tuple[Day, int, int]]
    # Decisions that were or are pending: still undecided or on hold (not archived), or a
    # status update was sent. (day, day of the first final message or None, still pending
    # now 0/1, status update sent 0/1, debriefs)
    pending: list[tuple[Day, Day | None, int, int, int]]
    # Open follow-ups (not sent, not archived): (day, overdue today 0/1, debriefs)
    open: list[tuple[Day, int, int]]
    # (stage, outcome, debriefs), the whole span
    stages: list[tuple[str, str, int]]


_SPAN = "interview_on >= :start AND interview_on < :end"
_PENDING_SQL = "('undecided', 'on_hold')"

# Each query is a range of the index named beside it, grouped in that index's order (EXPLAIN
# QUERY PLAN shows a covering index search and no temporary b-tree; tests check it).
QUERIES: dict[str, tuple[str, str]] = {
    "decisions": (
        "debrief_facts_decisions",
        # total(), not sum(): a float, but half the time of coalesce(sum(x), 0)
        "SELECT interview_on, outcome, feedback, count(*), count(coach_vague),"
        " total(coach_vague), total(coach_bias), total(coach_evidence), total(coach_other)"
        f" FROM debrief_facts WHERE {_SPAN} GROUP BY interview_on, outcome, feedback",
    ),
    "words": (
        "debrief_facts_words",
        "SELECT interview_on, first_word_on, count(*) FROM debrief_facts"
        f" WHERE {_SPAN} AND NOT (archived AND first_word_on IS NULL)"
        " GROUP BY interview_on, first_word_on",
    ),
    "pending": (
        "debrief_facts_pending",
        "SELECT interview_on, first_final_on,"
        f" outcome IN {_PENDING_SQL} AND NOT archived AS still, updates > 0 AS updated,"
        " count(*) FROM debrief_facts"
        f" WHERE {_SPAN} AND (outcome IN {_PENDING_SQL} OR updates > 0)"
        " GROUP BY interview_on, first_final_on, still, updated",
    ),
    "open": (
        "debrief_facts_open",
        "SELECT interview_on, due_on IS NOT NULL AND due_on < :today AS overdue, count(*)"
        f" FROM debrief_facts WHERE {_SPAN} AND open GROUP BY interview_on, overdue",
    ),
    "stages": (
        "debrief_facts_stages",
        # The whole index, filtered, in its order: SQLite would rather range over another
        # index and sort, which reads every facts row (150 ms at 100,000 debriefs, not 16 ms).
        "SELECT stage, outcome, count(*) FROM debrief_facts INDEXED BY debrief_facts_stages"
        f" WHERE {_SPAN} GROUP BY stage, outcome",
    ),
}


_MONTHS = (
    "interview_month >= substr(:start, 1, 7) AND interview_month <= substr(:last, 1, 7)"
    f" AND {_SPAN}"
)


def _hours(column: str, index: str, key: str) -> tuple[str, str]:
    """Hours to start or complete, by day or (``key`` interview_month) by month, from one
    index by month: by month in its order; by day it sorts the rows of the few weeks a chart
    by week covers (a few milliseconds at 100,000 debriefs)."""
    return (
        index,
        # Named: by day, SQLite would rather range over another index by day and read
        # every facts row of the span.
        f"SELECT {key}, {column}, count(*) FROM debrief_facts INDEXED BY {index}"
        f" WHERE {_MONTHS} AND {column} IS NOT NULL GROUP BY {key}, {column}",
    )


QUERIES.update(
    started=_hours("start_tenths", "debrief_facts_started", "interview_on"),
    completed=_hours("complete_tenths", "debrief_facts_completed", "interview_on"),
)
# ``started`` and ``completed`` by month instead of by day ("YYYY-MM" in place of the day):
# for charts whose steps are whole months, a few hundred rows instead of tens of thousands.
MONTHLY: dict[str, tuple[str, str]] = {
    "started": _hours("start_tenths", "debrief_facts_started", "interview_month"),
    "completed": _hours("complete_tenths", "debrief_facts_completed", "interview_month"),
}


def _params(start: date, end: date, today: date) -> dict[str, str]:
    return {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "last": date.fromordinal(max(start.toordinal(), end.toordinal() - 1)).isoformat(),
        "today": today.isoformat(),
    }


def fact_sums(
    conn: sqlite3.Connection, start: date, end: date, today: date, *, monthly: bool = False
) -> FactSums:
    """The sums for debriefs interviewed from ``start`` up to (not including) ``end``;
    ``today`` decides which open follow-ups are overdue. ``monthly``: the hours by month of
    the interview ("YYYY-MM") rather than by day."""
    params = _params(start, end, today)
    cursor = conn.cursor()
    cursor.row_factory = None  # plain tuples: a Row per row costs a third more here
    queries = {**QUERIES, **MONTHLY} if monthly else QUERIES
    found = {name: cursor.execute(query, params).fetchall() for name, (_, query) in queries.items()}
    return FactSums(**found)


def first_interview_day(conn: sqlite3.Connection) -> date | None:
    """The local date of the earliest interview on record (None: no dated debrief)."""
    row = conn.execute("SELECT min(interview_on) FROM debrief_facts").fetchone()
    return None if row is None or row[0] is None else date.fromisoformat(row[0])


ROW_COLUMNS = (
    "interview_on", "stage", "outcome", "start_tenths", "complete_tenths", "first_word_on",
    "first_final_on", "updates", "feedback", "open", "archived", "due_on", "coach_vague",
    "coach_bias", "coach_evidence", "coach_other",
)  # fmt: skip


def fact_rows(conn: sqlite3.Connection, start: date, end: date) -> Iterator[tuple[object, ...]]:
    """Each debrief interviewed in [start, end), oldest first, as a tuple of ``ROW_COLUMNS``
    (no names, no notes): read from the cursor as they are used, never all at once."""
    cursor = conn.cursor()
    cursor.row_factory = None
    yield from cursor.execute(
        f"SELECT {', '.join(ROW_COLUMNS)} FROM debrief_facts WHERE {_SPAN}"
        " ORDER BY interview_on, debrief_id",
        _params(start, end, start),
    )


def save_coach_counts(
    conn: sqlite3.Connection, debrief_id: int, counts: Mapping[str, int], counted_at: str
) -> bool:
    """Store the coach's counts for one debrief's notes (categories outside
    ``COACH_CATEGORIES`` add to "other"); False when the debrief is gone."""
    values = dict.fromkeys(COACH_CATEGORIES, 0)
    for category, count in counts.items():
        key = category if category in values else "other"
        values[key] += int(count)
    cursor = conn.execute(
        "UPDATE debrief_facts SET coach_vague = ?, coach_bias = ?, coach_evidence = ?,"
        " coach_other = ?, coach_counted_at = ? WHERE debrief_id = ?",
        (*values.values(), counted_at, debrief_id),
    )
    return cursor.rowcount == 1


def uncounted(conn: sqlite3.Connection, limit: int) -> list[int]:
    """Up to ``limit`` debriefs whose notes the coach has not counted yet, newest first."""
    rows = conn.execute(
        "SELECT debrief_id FROM debrief_facts INDEXED BY debrief_facts_uncounted"
        " WHERE coach_counted_at IS NULL ORDER BY debrief_id DESC LIMIT ?",
        (limit,),
    )
    return [int(row[0]) for row in rows]


def coach_counts(conn: sqlite3.Connection, debrief_id: int) -> dict[str, int] | None:
    """The stored counts of one debrief (None: not counted yet, or no such debrief)."""
    row = conn.execute(
        "SELECT coach_vague, coach_bias, coach_evidence, coach_other FROM debrief_facts"
        " WHERE debrief_id = ?",
        (debrief_id,),
    ).fetchone()
    if row is None or row[0] is None:
        return None
    return dict(zip(COACH_CATEGORIES, (int(value) for value in row), strict=True))
