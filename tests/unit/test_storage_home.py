"""Home's lists over a fixed clock: order, filters, counts, states, reminders, calendar,
archive, rescheduling when the deadlines change, and query plans that use the indexes."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from followup_desktop.domain.choices import MessageStatus, Outcome
from followup_desktop.domain.followups import FollowUpState
from followup_desktop.domain.model import Candidate, Debrief, Decision, Interview, Message
from followup_desktop.domain.timeline import Timeline
from followup_desktop.settings import Settings
from followup_desktop.storage.database import DB_FILENAME, open_database
from followup_desktop.storage.repository import NotFound, Repository

TODAY = date(2026, 3, 11)  # a Wednesday


def moment(day: date, hour: int = 12) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = moment(TODAY, 15)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def repo(tmp_path: Path, clock: Clock) -> Iterator[Repository]:
    path = tmp_path / DB_FILENAME
    repository = Repository(open_database(path), path, clock=clock)
    yield repository
    repository.close()


def _back(count: int) -> date:
    """The weekday ``count`` business days before TODAY."""
    day, left = TODAY, count
    while left:
        day -= timedelta(days=1)
        if day.weekday() < 5:
            left -= 1
    return day


def add(
    repo: Repository,
    name: str,
    interview: date | None,
    *,
    outcome: Outcome = Outcome.ADVANCE,
    completed: bool = True,
    sent: list[tuple[date, Outcome]] | None = None,
    copied: date | None = None,
    role: str = "Backend Engineer",
    email: str = "",
    notes: str = "",
) -> int:
    saved = repo.save_debrief(
        Debrief(
            started_at=moment(interview or TODAY),
            candidate=Candidate(name, email=email),
            interview=Interview(
                role=role,
                stage="Technical interview",
                at=None if interview is None else moment(interview),
            ),
            private_notes=notes,
            decision=Decision(outcome=outcome),
            completed_at=moment(interview or TODAY, 13) if completed else None,
        )
    )
    assert saved.id is not None
    for day, under in sent or []:
        repo.save_message(
            Message(saved.id, "t", "s", "b", moment(day, 9), status=MessageStatus.SENT,
                    copied_at=moment(day, 9), sent_at=moment(day, 10), outcome=under)
        )  # fmt: skip
    if copied is not None:
        repo.save_message(
            Message(saved.id, "t", "s", "b", moment(copied, 9), status=MessageStatus.COPIED,
                    copied_at=moment(copied, 10))
        )  # fmt: skip
    return saved.id


@pytest.fixture
def home(repo: Repository, clock: Clock) -> dict[str, int]:
    ids = {
        "overdue": add(repo, "Olga Overdue", _back(6)),  # due Thu 5 Mar
        "today": add(repo, "Tara Today", _back(2)),  # due today
        "soon": add(repo, "Sami Soon", TODAY, completed=False),  # due Friday
        "undated": add(repo, "Uma Undated", None),
        "waiting": add(
            repo, "Wes Waiting", _back(3), outcome=Outcome.UNDECIDED,
            sent=[(_back(1), Outcome.UNDECIDED)],
        ),  # due 2 business days from now
        "late": add(
            repo, "Lea Late", _back(12), outcome=Outcome.ON_HOLD,
            sent=[(_back(10), Outcome.ON_HOLD), (_back(5), Outcome.ON_HOLD)],
        ),  # update promised 2 business days ago
        "copied": add(repo, "Cole Copied", _back(1), copied=TODAY),  # due tomorrow
        "sent_old": add(repo, "Sia Sent", _back(20), outcome=Outcome.REJECT,
                        sent=[(_back(18), Outcome.REJECT)]),
        "sent_new": add(repo, "Noor New", _back(4), outcome=Outcome.OFFER,
                        sent=[(_back(2), Outcome.OFFER)], email="noor@example.com"),
    }  # fmt: skip
    archived_open = add(repo, "Abe Archived", _back(9))
    archived_sent = add(repo, "Ada Archived", _back(9), outcome=Outcome.REJECT,
                        sent=[(_back(8), Outcome.REJECT)])  # fmt: skip
    clock.now = moment(TODAY, 16)
    repo.set_archived(archived_open, True)
    clock.now = moment(TODAY, 17)
    repo.set_archived(archived_sent, True)
    ids.update(archived_open=archived_open, archived_sent=archived_sent)
    return ids


def names(rows: list) -> list[str]:  # type: ignore[type-arg]
    return [row.candidate_name.split()[0] for row in rows]


def test_open_list_overdue_first_then_soonest_undated_last(
    repo: Repository, home: dict[str, int]
) -> None:
    rows = repo.list_summaries(show="open")
    # Sami and Wes are both due on Friday: the older row first.
    assert names(rows) == ["Olga", "Lea", "Tara", "Cole", "Sami", "Wes", "Uma"]
    assert [row.days_overdue(TODAY) for row in rows] == [6, 2, 0, 0, 0, 0, 0]  # calendar days
    assert all(not row.archived and row.state.is_open for row in rows)
    assert repo.list_summaries() == rows  # "open" is the default


def test_states_and_words(repo: Repository, home: dict[str, int]) -> None:
    rows = {row.candidate_name.split()[0]: row for row in repo.list_summaries(show="all")}
    assert {name: row.state for name, row in rows.items()} == {
        "Olga": FollowUpState.TO_SEND,
        "Tara": FollowUpState.TO_SEND,
        "Sami": FollowUpState.IN_PROGRESS,
        "Uma": FollowUpState.TO_SEND,
        "Wes": FollowUpState.WAITING,
        "Lea": FollowUpState.WAITING,
        "Cole": FollowUpState.COPIED,
        "Sia": FollowUpState.SENT,
        "Noor": FollowUpState.SENT,
    }
    words = {name: row.due_text(TODAY) for name, row in rows.items()}
    assert words["Olga"] == "Overdue by 6 days"
    assert words["Tara"] == "Due today"
    assert words["Sami"] == "Due Fri 13 Mar"
    assert words["Uma"] == "No interview date"
    assert words["Wes"] == "Undecided — update due Fri 13 Mar"
    assert words["Lea"] == "Update overdue by 2 days"
    assert words["Cole"] == "Copied Wed 11 Mar, not marked sent"
    assert words["Noor"] == "Sent Mon 9 Mar"
    assert rows["Lea"].is_late_decision(TODAY)
    assert not rows["Wes"].is_late_decision(TODAY)
    assert rows["Noor"].email == "noor@example.com"
    assert rows["Noor"].last_sent_at == moment(_back(2), 10)
    assert rows["Wes"].due_on == date(2026, 3, 13)
    assert rows["Wes"].respond_by == Timeline().respond_by(moment(_back(3)))


def test_sent_all_and_archived_lists(repo: Repository, home: dict[str, int]) -> None:
    assert names(repo.list_summaries(show="sent")) == ["Noor", "Sia"]  # newest sent first
    everything = repo.list_summaries(show="all")
    assert names(everything) == ["Olga", "Lea", "Tara", "Cole", "Sami", "Wes", "Uma", "Noor", "Sia"]
    archived = repo.list_summaries(show="archived")
    assert names(archived) == ["Ada", "Abe"]  # last archived first
    assert all(row.archived for row in archived)
    assert archived[1].due_text(TODAY).startswith("Archived")
    assert archived[1].days_overdue(TODAY) == 0
    with pytest.raises(ValueError, match="show"):
        repo.list_summaries(show="everything")  # type: ignore[arg-type]


@pytest.mark.parametrize("show", ["open", "sent", "all", "archived"])
def test_pages_join_up_and_counts_agree(repo: Repository, home: dict[str, int], show: str) -> None:
    whole = repo.list_summaries(show=show)  # type: ignore[arg-type]
    for size in (1, 2, 3, 5):
        pages = [
            repo.list_summaries(show=show, offset=start, limit=size)  # type: ignore[arg-type]
            for start in range(0, len(whole) + size, size)
        ]
        assert [row for page in pages for row in page] == whole
    assert repo.count_summaries(show=show) == len(whole)  # type: ignore[arg-type]


def test_counts(repo: Repository, home: dict[str, int]) -> None:
    assert repo.count_summaries() == 7
    assert repo.count_summaries(show="all") == 9
    assert repo.count_overdue(TODAY) == 2  # Olga and Lea; due today is not overdue yet
    assert repo.count_overdue(TODAY + timedelta(days=1)) == 3
    assert repo.count_overdue(TODAY - timedelta(days=30)) == 0
    assert repo.count_due(TODAY) == 3  # and Tara, due today
    assert repo.count_due(TODAY) == len(repo.reminders(TODAY))
    assert repo.count_due(TODAY - timedelta(days=30)) == 0


def test_reminders_are_due_today_or_earlier_most_overdue_first(
    repo: Repository, home: dict[str, int]
) -> None:
    assert names(repo.reminders(TODAY)) == ["Olga", "Lea", "Tara"]
    assert names(repo.reminders(TODAY, limit=1)) == ["Olga"]
    assert repo.reminders(TODAY - timedelta(days=30)) == []


def test_calendar_has_open_dates_and_recently_closed(
    repo: Repository, home: dict[str, int]
) -> None:
    items = repo.calendar_items(since=_back(3))
    assert names(items) == ["Olga", "Lea", "Tara", "Cole", "Sami", "Wes", "Noor"]
    assert items[-1].state is FollowUpState.SENT
    assert "Sia" in names(repo.calendar_items(since=TODAY - timedelta(days=60)))


def test_one_summary(repo: Repository, home: dict[str, int]) -> None:
    row = repo.summary(home["waiting"])
    assert row.candidate_name == "Wes Waiting"
    with pytest.raises(NotFound):
        repo.summary(12345)


def test_archive_and_back(repo: Repository, home: dict[str, int], clock: Clock) -> None:
    overdue = home["overdue"]
    clock.now = moment(TODAY, 18)
    repo.set_archived(overdue, True)
    repo.set_archived(overdue, True)  # twice: still archived, still the first time
    assert "Olga" not in names(repo.list_summaries())
    assert names(repo.list_summaries(show="archived"))[0] == "Olga"
    assert repo.count_overdue(TODAY) == 1
    assert "Olga" not in names(repo.reminders(TODAY))
    repo.set_archived(overdue, False)
    assert names(repo.list_summaries())[0] == "Olga"
    with pytest.raises(NotFound):
        repo.set_archived(999, True)


def test_saving_keeps_state_and_due_date_in_step(repo: Repository, home: dict[str, int]) -> None:
    debrief_id = home["waiting"]
    decided = repo.get_debrief(debrief_id).with_decision(outcome=Outcome.REJECT)
    repo.save_debrief(decided)
    row = repo.summary(debrief_id)
    assert row.state is FollowUpState.TO_SEND  # the update sent before does not close it
    assert row.due_on == date(2026, 3, 13)  # the later of respond-by and the promised date
    repo.save_message(
        Message(debrief_id, "reject", "s", "b", moment(TODAY), status=MessageStatus.SENT,
                sent_at=moment(TODAY))
    )  # fmt: skip
    row = repo.summary(debrief_id)
    assert (row.state, row.due_on) == (FollowUpState.SENT, None)
    assert "Wes" in names(repo.list_summaries(show="sent"))


def test_new_deadlines_reschedule_open_rows_only(
    repo: Repository, home: dict[str, int], tmp_path: Path, clock: Clock
) -> None:
    before = {row.id: row for row in repo.list_summaries(show="all")}
    slower = Timeline(respond_within_days=5, update_every_days=3)
    changed = repo.reschedule(slower)
    assert repo.timeline == slower
    after = {row.id: row for row in repo.list_summaries(show="all")}
    assert after[home["overdue"]].due_on == slower.respond_by(moment(_back(6)))
    assert after[home["waiting"]].due_on == before[home["waiting"]].due_on  # from the update
    old, new = before[home["sent_old"]], after[home["sent_old"]]
    assert (new.state, new.due_on) == (old.state, old.due_on) == (FollowUpState.SENT, None)
    moved = [i for i in after if after[i].due_on != before[i].due_on]
    assert changed == len(moved) >= 4
    assert repo.reschedule(slower) == 0  # nothing left to change

    # Saving settings with other deadlines reschedules as well; a reopened repository reads
    # the saved deadlines.
    repo.save_settings(Settings(respond_within_days=1, working_days=(0, 1, 2, 3, 4, 5, 6)))
    assert repo.summary(home["overdue"]).due_on == _back(6) + timedelta(days=1)
    path = tmp_path / DB_FILENAME
    again = Repository(open_database(path), path, clock=clock)
    try:
        assert again.timeline == Timeline(respond_within_days=1, working_days=frozenset(range(7)))
    finally:
        again.close()


def test_an_archived_row_catches_up_with_new_deadlines_when_it_comes_back(
    repo: Repository, home: dict[str, int]
) -> None:
    archived = home["archived_open"]
    repo.save_settings(Settings(respond_within_days=6))
    repo.set_archived(archived, False)
    assert repo.summary(archived).due_on == Timeline(respond_within_days=6).respond_by(
        moment(_back(9))
    )


def test_holidays_move_due_dates(repo: Repository) -> None:
    repo.save_settings(Settings(holiday_country="DE"))
    debrief_id = add(repo, "Emil Easter", date(2026, 4, 2))  # Thursday before Easter
    assert repo.summary(debrief_id).due_on == date(2026, 4, 8)  # Good Friday, Easter Monday off


def test_settings_without_new_deadlines_do_not_reschedule(repo: Repository) -> None:
    add(repo, "Olga Overdue", _back(6))
    statements: list[str] = []
    repo._conn.set_trace_callback(statements.append)
    try:
        repo.save_settings(Settings(company="Acme"))
    finally:
        repo._conn.set_trace_callback(None)
    assert not any("UPDATE debriefs" in statement for statement in statements)


# -- the plans: one index range in display order, no sort, no full scan --------------------


def plan(conn: sqlite3.Connection, statement: str) -> list[str]:
    return [row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + statement)]


@pytest.mark.parametrize(
    ("call", "index"),
    [
        (lambda r: r.list_summaries(show="open", limit=100), "debriefs_open"),
        (lambda r: r.list_summaries(show="sent", limit=100), "debriefs_sent"),
        (lambda r: r.list_summaries(show="archived", limit=100), "debriefs_archived"),
        (lambda r: r.list_summaries(show="all", limit=100), "debriefs_open"),
        (lambda r: r.count_overdue(TODAY), "debriefs_open"),
        (lambda r: r.count_due(TODAY), "debriefs_open"),
        (lambda r: r.count_summaries(show="open"), "debriefs_open"),
        (lambda r: r.count_summaries(show="sent"), "debriefs_sent"),
        (lambda r: r.reminders(TODAY), "debriefs_open"),
        (lambda r: r.calendar_items(TODAY), "debriefs_sent"),
    ],
)
def test_home_queries_use_their_index(
    repo: Repository, call: Callable[[Repository], object], index: str
) -> None:
    repo.import_debriefs(
        (
            Debrief(
                started_at=moment(TODAY),
                candidate=Candidate(f"Person {n}", email=f"p{n}@example.com"),
                interview=Interview(role="Engineer", at=moment(TODAY - timedelta(days=n))),
                decision=Decision(outcome=Outcome.REJECT if n % 3 else Outcome.ADVANCE),
            ),
            [
                Message(
                    0,
                    "t",
                    "s",
                    "b",
                    moment(TODAY),
                    status=MessageStatus.SENT,
                    sent_at=moment(TODAY),
                )
            ]
            if n % 3
            else [],
        )
        for n in range(300)
    )
    for n in range(0, 300, 7):
        repo.set_archived(n + 1, True)
    statements: list[str] = []
    repo._conn.set_trace_callback(statements.append)
    try:
        call(repo)
    finally:
        repo._conn.set_trace_callback(None)
    reads = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert reads
    steps = [step for statement in reads for step in plan(repo._conn, statement)]
    assert any(index in step for step in steps), steps
    assert not any("TEMP B-TREE" in step for step in steps), steps
    full_scans = [s for s in steps if s.startswith("SCAN debriefs") and "INDEX" not in s]
    assert not full_scans, steps
