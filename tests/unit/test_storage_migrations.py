"""Migration mechanics with fake step lists (one transaction per step, backup first), and the
real v1 -> v2 and v2 -> v3 upgrades of files with data."""

from __future__ import annotations

import contextlib
import sqlite3
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from followup_desktop.domain.choices import MessageStatus, Outcome
from followup_desktop.domain.followups import FollowUpState
from followup_desktop.domain.model import Candidate, Debrief, Decision, Interview, Message
from followup_desktop.storage.database import (
    APPLICATION_ID,
    DB_FILENAME,
    latest_version,
    open_database,
)
from followup_desktop.storage.migrations import MIGRATIONS, Migration
from followup_desktop.storage.repository import Repository

WHEN = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
STAMP = WHEN.astimezone().strftime("%Y-%m-%dT%H-%M-%S")  # backups are named in local time


def inspect(path: Path) -> tuple[int, int, set[str]]:
    """(user_version, application_id, table names), read through a read-only connection."""
    with contextlib.closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as conn:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_schema")}
        return (
            conn.execute("PRAGMA user_version").fetchone()[0],
            conn.execute("PRAGMA application_id").fetchone()[0],
            tables,
        )


def create_a(conn: sqlite3.Connection) -> None:
    conn.execute("CREATE TABLE a (x INTEGER)")
    conn.execute("INSERT INTO a (x) VALUES (1)")


def create_b(conn: sqlite3.Connection) -> None:
    conn.execute("CREATE TABLE b (y INTEGER)")


def broken(conn: sqlite3.Connection) -> None:
    conn.execute("CREATE TABLE half (z INTEGER)")
    conn.execute("INSERT INTO a (x) VALUES (2)")
    raise RuntimeError("step failed half-way")


def test_real_migrations_are_counted() -> None:
    assert latest_version() == len(MIGRATIONS) >= 1


def test_each_step_runs_in_its_own_transaction_in_order(tmp_path: Path) -> None:
    path = tmp_path / DB_FILENAME
    seen: list[tuple[str, bool, int]] = []

    def step(name: str) -> Migration:
        def run(conn: sqlite3.Connection) -> None:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            seen.append((name, conn.in_transaction, version))
            conn.execute(f"CREATE TABLE {name} (x)")

        return run

    conn = open_database(path, migrations=[step("one"), step("two"), step("three")])
    conn.close()
    assert seen == [("one", True, 0), ("two", True, 1), ("three", True, 2)]
    assert inspect(path) == (3, APPLICATION_ID, {"one", "two", "three"})


def test_a_failing_step_leaves_the_previous_version(tmp_path: Path) -> None:
    path = tmp_path / DB_FILENAME
    with pytest.raises(RuntimeError, match="half-way"):
        open_database(path, migrations=[create_a, broken])
    version, app_id, tables = inspect(path)
    assert version == 1
    assert app_id == APPLICATION_ID
    assert tables == {"a"}  # no "half": the failed step left nothing behind
    with contextlib.closing(sqlite3.connect(path)) as conn:
        assert conn.execute("SELECT x FROM a").fetchall() == [(1,)]

    # A fixed version of the step then upgrades the same file, backing it up first.
    conn = open_database(path, migrations=[create_a, create_b], now=lambda: WHEN)
    conn.close()
    assert inspect(path) == (2, APPLICATION_ID, {"a", "b"})
    assert [p.name for p in (tmp_path / "backups").iterdir()] == [
        f"followup-before-upgrade-from-v1-{STAMP}.sqlite3"
    ]


def test_a_failing_sql_step_leaves_the_previous_version(tmp_path: Path) -> None:
    def bad_sql(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE c (x)")
        conn.execute("CREATE TABLE a (x)")  # already exists: sqlite3.OperationalError

    path = tmp_path / DB_FILENAME
    with pytest.raises(sqlite3.OperationalError):
        open_database(path, migrations=[create_a, bad_sql])
    assert inspect(path) == (1, APPLICATION_ID, {"a"})


def test_backup_before_upgrading_an_existing_file(tmp_path: Path) -> None:
    path = tmp_path / DB_FILENAME
    conn = open_database(path)  # the real v1 schema
    repo = Repository(conn, path, clock=lambda: WHEN)
    saved = repo.save_debrief(Debrief(started_at=WHEN, candidate=Candidate("Grace Hopper")))
    repo.close()

    def v2(conn: sqlite3.Connection) -> None:
        conn.execute("ALTER TABLE debriefs ADD COLUMN source TEXT NOT NULL DEFAULT ''")

    upgraded = open_database(path, migrations=(*MIGRATIONS, v2), now=lambda: WHEN)
    try:
        assert upgraded.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS) + 1
        row = upgraded.execute("SELECT candidate_name, source FROM debriefs").fetchone()
        assert tuple(row) == ("Grace Hopper", "")
    finally:
        upgraded.close()

    backups = list((tmp_path / "backups").iterdir())
    assert [p.name for p in backups] == [
        f"followup-before-upgrade-from-v{len(MIGRATIONS)}-{STAMP}.sqlite3"
    ]
    version, app_id, _ = inspect(backups[0])
    assert (version, app_id) == (len(MIGRATIONS), APPLICATION_ID)
    with contextlib.closing(sqlite3.connect(backups[0])) as copy:
        columns = {row[1] for row in copy.execute("PRAGMA table_info(debriefs)")}
        assert "source" not in columns
        assert copy.execute("SELECT id, candidate_name FROM debriefs").fetchall() == [
            (saved.id, "Grace Hopper")
        ]


def test_backup_goes_to_the_folder_given(tmp_path: Path) -> None:
    path = tmp_path / DB_FILENAME
    open_database(path, migrations=[create_a]).close()
    elsewhere = tmp_path / "elsewhere"
    open_database(
        path, migrations=[create_a, create_b], backup_dir=elsewhere, now=lambda: WHEN
    ).close()
    assert len(list(elsewhere.iterdir())) == 1
    assert not (tmp_path / "backups").exists()


def test_up_to_date_file_is_not_backed_up(tmp_path: Path) -> None:
    path = tmp_path / DB_FILENAME
    open_database(path, migrations=[create_a, create_b]).close()
    open_database(path, migrations=[create_a, create_b]).close()
    assert not (tmp_path / "backups").exists()


# -- v1 -> v2 on a file with data: candidates, due dates, search; nothing lost ---------------

V1_DEBRIEF = (
    "INSERT INTO debriefs (id, candidate_name, preferred_name, email, role, stage, interview_at,"
    " key_takeaways, strengths, growth_areas, private_notes, outcome, next_steps, started_at,"
    " completed_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
V1_MESSAGE = (
    "INSERT INTO messages (debrief_id, template_id, subject, body, status, created_at,"
    " copied_at, sent_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)


def _iso(day: int, hour: int = 12) -> str:
    return datetime(2026, 3, day, hour, tzinfo=UTC).isoformat()


def make_v1_file(path: Path, *, settings: str | None) -> None:
    """A database as version 1 of the app wrote it (the v1 step never changes)."""
    conn = open_database(path, migrations=MIGRATIONS[:1])
    try:
        rows = [
            # id, name, preferred, email, role, stage, interview, takeaways, strengths,
            # growth, notes, outcome, next steps, started, completed, updated
            (1, "José García", "Pepe", "jose@example.com", "Backend Engineer", "Phone screen",
             _iso(2), "Calm", "Clear thinking", "Scale", "Competing offer", "advance",
             "System design", _iso(2, 13), _iso(2, 14), _iso(2, 14)),
            (2, "Jose Garcia", "", "  JOSE@Example.com ", "Backend Engineer", "Onsite loop",
             _iso(9), "", "", "", "", "reject", "", _iso(9, 13), _iso(9, 14), _iso(9, 15)),
            (3, "Zoë O'Connor", "", "", "Data Scientist", "", _iso(10), "", "", "", "",
             "undecided", "", _iso(10, 13), None, _iso(10, 13)),
            (4, "Zoë O'Connor", "", "", "Data Scientist", "", None, "", "", "", "",
             "on_hold", "", _iso(11, 13), _iso(11, 14), _iso(11, 14)),
            (5, "", "", "", "", "", None, "", "", "", "", "undecided", "", _iso(12, 9), None,
             _iso(12, 9)),
        ]  # fmt: skip
        conn.execute("BEGIN")
        conn.executemany(V1_DEBRIEF, rows)
        conn.execute(
            "INSERT INTO competencies (debrief_id, position, name, rating, evidence)"
            " VALUES (1, 0, 'Communication', 'yes', 'Explained the billing export')"
        )
        conn.executemany(
            V1_MESSAGE,
            [
                (1, "advance", "Next steps", "Hi Pepe, payments team", "sent", _iso(3),
                 _iso(3), _iso(3, 13)),
                (2, "reject", "Your application", "Hi Jose", "copied", _iso(10), _iso(10), None),
                (4, "on_hold", "An update", "Hi Zoë, still deciding", "sent", _iso(11, 15),
                 _iso(11, 15), _iso(11, 16)),
            ],
        )  # fmt: skip
        if settings is not None:
            conn.execute("INSERT INTO preferences (key, value) VALUES ('settings', ?)", (settings,))
        conn.execute("INSERT INTO preferences (key, value) VALUES ('window', 'geometry')")
        conn.execute("COMMIT")
    finally:
        conn.close()


def dump(path: Path, query: str) -> list[tuple[object, ...]]:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        return [tuple(row) for row in conn.execute(query)]


V1_COLUMNS = (
    "id, candidate_name, preferred_name, email, role, stage, interview_at, format,"
    " interviewer, key_takeaways, strengths, growth_areas, private_notes, outcome, next_steps,"
    " next_step_date, share_feedback, invite_reapply, offer_start_date, offer_manager, step,"
    " started_at, completed_at, updated_at"
)


def test_v2_upgrades_a_v1_file_with_data(tmp_path: Path) -> None:
    path = tmp_path / DB_FILENAME
    make_v1_file(path, settings='{"respond_within_days": 3, "company": "Acme"}')
    before = {
        "debriefs": dump(path, f"SELECT {V1_COLUMNS} FROM debriefs ORDER BY id"),
        "competencies": dump(path, "SELECT * FROM competencies"),
        "messages": dump(path, "SELECT * FROM messages ORDER BY id"),
        "preferences": dump(path, "SELECT * FROM preferences ORDER BY key"),
    }
    conn = open_database(path, now=lambda: WHEN)
    repo = Repository(conn, path, clock=lambda: WHEN)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == latest_version()
        # Nothing lost: every v1 column of every row as it was.
        assert dump(path, f"SELECT {V1_COLUMNS} FROM debriefs ORDER BY id") == before["debriefs"]
        assert dump(path, "SELECT * FROM competencies") == before["competencies"]
        messages = dump(path, "SELECT * FROM messages ORDER BY id")
        assert [row[:-1] for row in messages] == before["messages"]
        assert dump(path, "SELECT * FROM preferences ORDER BY key") == before["preferences"]

        # Messages: the outcome of their debrief.
        assert [row[-1] for row in messages] == ["advance", "reject", "on_hold"]

        # Candidates: one per address (case and spaces aside), one per debrief without one.
        links = dict(dump(path, "SELECT id, candidate_id FROM debriefs"))
        assert links[1] == links[2]
        assert len({links[1], links[3], links[4], links[5]}) == 4
        jose = repo.candidate(links[1])
        assert (jose.name, jose.email) == ("Jose Garcia", "JOSE@Example.com")  # latest named
        assert [d.id for d in jose.debriefs] == [2, 1]
        assert [m.subject for _, m in jose.messages] == ["Your application", "Next steps"]
        # Zoë twice without an address: possibly one person ("José" and "Jose" differ).
        assert [(a.id, b.id) for a, b in repo.duplicate_candidates()] == [(links[3], links[4])]

        # Due dates with the saved settings (3 business days), states by the rules.
        rows = {row.id: row for row in repo.list_summaries(show="all")}
        assert rows[1].state is FollowUpState.SENT and rows[1].due_on is None
        assert rows[2].state is FollowUpState.COPIED
        assert rows[2].due_on == date(2026, 3, 12)  # Mon 9 + 3
        assert rows[3].state is FollowUpState.IN_PROGRESS
        assert rows[3].due_on == date(2026, 3, 13)  # Tue 10 + 3
        assert rows[4].state is FollowUpState.WAITING and rows[4].due_on is None  # undated
        assert rows[5].state is FollowUpState.IN_PROGRESS and rows[5].due_on is None
        assert repo.timeline.respond_within_days == 3

        # Search: everything there before is found.
        assert {hit.debrief_id for hit in repo.search("jose")} == {1, 2}
        assert [hit.debrief_id for hit in repo.search("payments")] == [1]
        assert [hit.debrief_id for hit in repo.search("competing off")] == [1]
        assert {hit.debrief_id for hit in repo.search("zoe")} == {3, 4}
        assert repo.check_search()

        # And the upgraded file takes new work as usual.
        saved = repo.save_debrief(
            Debrief(started_at=WHEN, candidate=Candidate("Pepe", email="jose@EXAMPLE.com"))
        )
        assert repo.summary(saved.id or 0).candidate_id == links[1]
    finally:
        repo.close()
    assert len(list((tmp_path / "backups").iterdir())) == 1  # backed up first


def test_v2_without_saved_settings_uses_the_defaults(tmp_path: Path) -> None:
    path = tmp_path / DB_FILENAME
    make_v1_file(path, settings=None)
    conn = open_database(path)
    try:
        due = dict(dump(path, "SELECT id, due_on FROM debriefs"))
        assert due[3] == "2026-03-12"  # Tue 10 + 2
    finally:
        conn.close()


def test_v2_with_a_damaged_or_unknown_setting_still_upgrades(tmp_path: Path) -> None:
    path = tmp_path / DB_FILENAME
    make_v1_file(path, settings='{"respond_within_days": "x", "holiday_country": "XX"}')
    open_database(path).close()
    assert dict(dump(path, "SELECT id, due_on FROM debriefs"))[3] == "2026-03-12"


def test_v2_is_deterministic(tmp_path: Path) -> None:
    results = []
    for name in ("one", "two"):
        folder = tmp_path / name
        folder.mkdir()
        path = folder / DB_FILENAME
        make_v1_file(path, settings='{"working_days": [0, 1, 2, 3, 4, 5]}')
        open_database(path, now=lambda: WHEN).close()
        results.append(
            (
                dump(path, "SELECT * FROM candidates ORDER BY id"),
                dump(path, "SELECT * FROM debriefs ORDER BY id"),
                dump(path, "SELECT * FROM messages ORDER BY id"),
                dump(path, "SELECT rowid FROM search WHERE search MATCH 'jose' ORDER BY rowid"),
            )
        )
    assert results[0] == results[1]


def test_v2_schema_has_the_search_table_and_indexes(tmp_path: Path) -> None:
    path = tmp_path / DB_FILENAME
    open_database(path).close()
    _, _, names = inspect(path)
    assert {"candidates", "search", "search_source"} <= names
    assert {"debriefs_open", "debriefs_sent", "debriefs_archived", "debriefs_by_candidate",
            "candidates_by_email"} <= names  # fmt: skip


# -- v2 -> v3 on a file with data: the Insights facts, filled and then kept by triggers --------


def _local(day: int, hour: int) -> datetime:
    """A local, aware time in March 2026 (local dates are what the facts keep)."""
    return datetime(2026, 3, day, hour).astimezone()


def make_v2_file(path: Path) -> list[int]:
    """A database as version 2 of the app wrote it, through the repository of the time."""
    conn = open_database(path, migrations=MIGRATIONS[:2])
    repo = Repository(conn, path, clock=lambda: WHEN)
    try:
        interviewed = _local(2, 10)
        decided = Debrief(
            started_at=interviewed + timedelta(minutes=90),
            candidate=Candidate("Ada Byron", email="ada@example.com"),
            interview=Interview(role="Engineer", stage="Phone screen", at=interviewed),
            growth_areas="Testing",
            decision=Decision(outcome=Outcome.REJECT, share_feedback=True),
            completed_at=interviewed + timedelta(hours=3),
        )
        update = Message(
            debrief_id=0, template_id="on_hold", subject="Update", body="Hi",
            created_at=_local(3, 9), status=MessageStatus.SENT, copied_at=_local(3, 9),
            sent_at=_local(3, 10), outcome=Outcome.UNDECIDED,
        )  # fmt: skip
        final = replace(
            update, template_id="reject", created_at=_local(5, 9), copied_at=_local(5, 9),
            sent_at=None, status=MessageStatus.COPIED, outcome=Outcome.REJECT,
        )  # fmt: skip
        undated = Debrief(started_at=interviewed, candidate=Candidate("No Date"))
        return repo.import_debriefs([(decided, [update, final]), (undated, [])])
    finally:
        repo.close()


def test_v3_upgrades_a_v2_file_with_data(tmp_path: Path) -> None:
    path = tmp_path / DB_FILENAME
    decided, undated = make_v2_file(path)
    before = dump(path, "SELECT * FROM debriefs ORDER BY id")
    conn = open_database(path, now=lambda: WHEN)
    repo = Repository(conn, path, clock=lambda: WHEN)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 3
        assert dump(path, "SELECT * FROM debriefs ORDER BY id") == before  # nothing changed
        facts = {
            row[0]: row[1:]
            for row in dump(
                path,
                "SELECT debrief_id, interview_on, interview_month, start_tenths,"
                " complete_tenths, outcome, stage, feedback, archived, open, first_word_on,"
                " first_final_on, updates, coach_vague, coach_counted_at FROM debrief_facts",
            )
        }
        assert facts[decided] == (
            "2026-03-02", "2026-03", 15, 30, "reject", "Phone screen", 1, 0, 1,
            "2026-03-03", "2026-03-05", 1, None, None,
        )  # fmt: skip
        # No interview date: no day, no hours; counted as nothing until it has one.
        assert facts[undated][:4] == (None, None, None, None)
        assert repo.coach_counts(decided) is None  # not counted: unknown, not zero

        # The triggers keep the facts from now on: the final message marked sent, a date set.
        [_, final] = repo.messages_for(decided)
        repo.save_message(replace(final, status=MessageStatus.SENT, sent_at=_local(5, 10)))
        repo.save_debrief(repo.get_debrief(undated).with_interview(at=_local(4, 11)))
        rows = dict(dump(path, "SELECT debrief_id, open FROM debrief_facts"))
        assert rows[decided] == 0  # sent: no longer open
        days = dict(dump(path, "SELECT debrief_id, interview_on FROM debrief_facts"))
        assert days[undated] == "2026-03-04"
    finally:
        repo.close()
    backups = [p.name for p in (tmp_path / "backups").iterdir()]
    assert backups == [f"followup-before-upgrade-from-v2-{STAMP}.sqlite3"]


def test_v3_facts_go_with_their_debrief(tmp_path: Path) -> None:
    path = tmp_path / DB_FILENAME
    decided, _ = make_v2_file(path)
    conn = open_database(path)
    repo = Repository(conn, path, clock=lambda: WHEN)
    try:
        repo.save_coach_counts(decided, {"vague": 1})
        repo.delete_debrief(decided)
        assert dump(path, f"SELECT * FROM debrief_facts WHERE debrief_id = {decided}") == []
        assert dump(path, "SELECT count(*) FROM debrief_facts") == [(1,)]
    finally:
        repo.close()
