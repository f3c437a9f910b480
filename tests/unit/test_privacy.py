"""Privacy: file modes, secure_delete, the retention rule, purging a person so that nothing of
them is left in the database files, and exporting everything held about one person."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from followup_desktop.domain.candidates import ExpiredCandidate
from followup_desktop.domain.choices import MessageStatus, Outcome, Rating
from followup_desktop.domain.model import (
    Candidate,
    Competency,
    Debrief,
    Decision,
    Interview,
    Message,
)
from followup_desktop.storage.backups import make_backup
from followup_desktop.storage.database import DB_FILENAME, open_database, prepare_data_folder
from followup_desktop.storage.repository import NotFound, Repository

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
TODAY = NOW.astimezone().date()
posix_only = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock(NOW)


@pytest.fixture
def repo(tmp_path: Path, clock: Clock) -> Iterator[Repository]:
    path = prepare_data_folder(tmp_path / "data")
    repository = Repository(open_database(path), path, clock=clock)
    yield repository
    repository.close()


def person(
    repo: Repository,
    clock: Clock,
    name: str,
    *,
    days_ago: int,
    outcome: Outcome = Outcome.REJECT,
    sent: bool = True,
    archived: bool = False,
    words: str = "",
) -> Debrief:
    """A debrief interviewed, written and (``sent``) answered ``days_ago`` days ago."""
    clock.now = NOW - timedelta(days=days_ago)
    debrief = repo.save_debrief(
        Debrief(
            started_at=clock.now,
            candidate=Candidate(name, email=f"{name.split()[0].lower()}@example.com"),
            interview=Interview(role="Engineer", stage="Onsite", at=clock.now),
            competencies=(Competency("Communication", Rating.YES, f"explained {words}"),),
            key_takeaways=f"takeaways {words}",
            private_notes=f"private {words}",
            decision=Decision(outcome=outcome, next_steps=f"next {words}"),
            completed_at=clock.now,
        )
    )
    assert debrief.id is not None
    if sent:
        repo.save_message(
            Message(
                debrief_id=debrief.id,
                template_id="reject",
                subject=f"Your interview {words}",
                body=f"Dear {name}, {words}",
                created_at=clock.now,
                status=MessageStatus.SENT,
                sent_at=clock.now,
            )
        )
    if archived:
        repo.set_archived(debrief.id, True)
    clock.now = NOW
    return debrief


def candidate_id(repo: Repository, debrief: Debrief) -> int:
    assert debrief.id is not None
    return repo.summary(debrief.id).candidate_id


# -- file modes and secure_delete -----------------------------------------------------------


@posix_only
def test_a_new_data_folder_and_database_are_private(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    path = prepare_data_folder(folder)
    assert mode(folder) == 0o700
    conn = open_database(path)
    try:
        conn.execute("INSERT INTO preferences (key, value) VALUES ('k', 'v')")
        wal, shm = (path.with_name(path.name + suffix) for suffix in ("-wal", "-shm"))
        assert wal.exists() and shm.exists()
        assert (mode(path), mode(wal), mode(shm)) == (0o600, 0o600, 0o600)
        assert conn.execute("PRAGMA secure_delete").fetchone()[0] == 1
    finally:
        conn.close()


@posix_only
def test_looser_modes_are_fixed_at_open(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    path = prepare_data_folder(folder)
    open_database(path).close()
    make_backup(path, folder / "backups", now=NOW)
    os.chmod(folder, 0o755)
    os.chmod(path, 0o644)
    os.chmod(folder / "backups", 0o777)
    prepare_data_folder(folder)
    assert mode(folder) == 0o700
    conn = open_database(path)
    try:
        assert mode(path) == 0o600
        for suffix in ("-wal", "-shm"):
            assert mode(path.with_name(path.name + suffix)) == 0o600
    finally:
        conn.close()
    backup = make_backup(path, folder / "backups", now=NOW + timedelta(hours=1))
    assert mode(folder / "backups") == 0o700
    assert mode(backup.path) == 0o600


@posix_only
def test_stricter_modes_are_left_alone(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    path = prepare_data_folder(folder)
    open_database(path).close()
    os.chmod(path, 0o400 | 0o200)  # 0600 already; and a folder the owner keeps at 0700
    os.chmod(folder, 0o700)
    open_database(path).close()
    assert mode(path) == 0o600 and mode(folder) == 0o700


# -- who is due for purging -----------------------------------------------------------------


def test_due_for_purge_takes_finished_and_idle_candidates_only(
    repo: Repository, clock: Clock
) -> None:
    sent = person(repo, clock, "Ana Sent", days_ago=200)
    rejected = person(repo, clock, "Bo Archived", days_ago=200, sent=False, archived=True)
    offered = person(
        repo, clock, "Cy Offer", days_ago=300, outcome=Outcome.OFFER, sent=False, archived=True
    )
    person(repo, clock, "Di Undecided", days_ago=400, outcome=Outcome.UNDECIDED, archived=True)
    person(repo, clock, "Ed Recent", days_ago=100)
    person(repo, clock, "Fay Unsent", days_ago=400, sent=False)  # rejected, never told
    # Two interviews, one of them still open: kept, however old.
    old = person(repo, clock, "Gus Twice", days_ago=400)
    clock.now = NOW - timedelta(days=390)
    repo.save_debrief(
        Debrief(
            started_at=clock.now,
            candidate=Candidate("Gus Twice", email="gus@example.com"),
            interview=Interview(at=clock.now),
        )
    )
    clock.now = NOW
    assert old.id is not None

    due = repo.due_for_purge(TODAY, 180)
    assert [item.name for item in due] == ["Cy Offer", "Ana Sent", "Bo Archived"]  # idlest first
    first = due[0]
    assert isinstance(first, ExpiredCandidate)
    assert first.id == candidate_id(repo, offered)
    assert first.last_activity is not None
    assert first.last_activity.date() == (NOW - timedelta(days=300)).astimezone().date()
    assert [summary.id for summary in first.debriefs] == [offered.id]
    assert {item.id for item in due} == {
        candidate_id(repo, debrief) for debrief in (sent, rejected, offered)
    }
    assert repo.due_for_purge(TODAY, 0) == []  # 0: kept forever
    assert [item.name for item in repo.due_for_purge(TODAY, 250)] == ["Cy Offer"]


def test_any_later_activity_restarts_the_period(repo: Repository, clock: Clock) -> None:
    debrief = person(repo, clock, "Ana Lima", days_ago=200)
    assert debrief.id is not None
    assert len(repo.due_for_purge(TODAY, 180)) == 1
    clock.now = NOW - timedelta(days=10)
    repo.save_message(
        Message(
            debrief_id=debrief.id,
            template_id="note",
            subject="One more thing",
            body="A draft written lately",
            created_at=clock.now,
        )
    )
    assert repo.due_for_purge(TODAY, 180) == []


def test_the_period_counts_whole_days(repo: Repository, clock: Clock) -> None:
    person(repo, clock, "Ana Lima", days_ago=0)
    # Last active today: due once today is more than ``days`` days later.
    assert repo.due_for_purge(TODAY + timedelta(days=180), 180) == []
    assert len(repo.due_for_purge(TODAY + timedelta(days=181), 180)) == 1


# -- purging: nothing left in the files -----------------------------------------------------

VICTIM, SURVIVOR = "zqxvictimmarker", "zqxsurvivormarker"


def raw_files(repo: Repository) -> dict[str, bytes]:
    """The bytes of the database and every file beside it that SQLite made (-wal, -shm)."""
    folder = repo.path.parent
    return {
        path.name: path.read_bytes()
        for path in folder.iterdir()
        if path.name.startswith(DB_FILENAME) and path.is_file()
    }


def found_in(files: dict[str, bytes], marker: str) -> list[str]:
    needles = {marker.encode("utf-8"), marker.upper().encode("utf-8")}
    return [name for name, data in files.items() if any(n in data for n in needles)]


@pytest.mark.parametrize("how", ["purge", "delete"])
def test_a_purged_person_is_in_no_byte_of_the_database_files(
    repo: Repository, clock: Clock, how: str
) -> None:
    # Enough other people that the pages are shared, the index has several segments.
    for n in range(40):
        person(repo, clock, f"Other{n} Person", days_ago=30, words=f"filler{n} " * 20)
    victim = person(repo, clock, f"Vic {VICTIM.upper()}", days_ago=400, words=VICTIM)
    person(repo, clock, f"Sur {SURVIVOR}", days_ago=400, outcome=Outcome.OFFER, words=SURVIVOR)
    assert repo.search(VICTIM) and repo.search(SURVIVOR)
    before = raw_files(repo)
    assert found_in(before, VICTIM)  # the test can see it before

    changes: list[int] = []
    repo.on_change = lambda: changes.append(1)
    victim_id = candidate_id(repo, victim)
    if how == "purge":
        due = repo.due_for_purge(TODAY, 180)
        assert {item.name for item in due} == {f"Vic {VICTIM.upper()}", f"Sur {SURVIVOR}"}
        assert repo.purge_candidates([victim_id, 99999]) == 1
    else:
        assert repo.delete_candidate(victim_id)
        assert not repo.delete_candidate(victim_id)  # gone already
    assert changes

    after = raw_files(repo)
    assert found_in(after, VICTIM) == []
    assert found_in(after, SURVIVOR)  # the other person is still there
    assert after.get(f"{DB_FILENAME}-wal", b"") == b""  # checkpointed and truncated
    # And the app goes on as before: search, counts, the index agrees with the rows.
    assert repo.search(VICTIM) == [] and repo.search(SURVIVOR)
    assert repo.check_search()
    assert repo.count_debriefs() == 41
    with pytest.raises(NotFound):
        repo.candidate(victim_id)
    counts = [
        repo.connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        for table in ("messages", "competencies", "candidates")
    ]
    assert counts == [41, 41, 41]


def test_purging_nobody_changes_nothing(repo: Repository, clock: Clock) -> None:
    person(repo, clock, "Ana Lima", days_ago=400)
    assert repo.purge_candidates([]) == 0
    assert repo.purge_candidates([424242]) == 0
    assert repo.count_debriefs() == 1


# -- exporting one person -------------------------------------------------------------------


def test_export_holds_everything_about_one_person(
    repo: Repository, clock: Clock, tmp_path: Path
) -> None:
    first = person(repo, clock, "Zoë Ångström", days_ago=20, words="første")
    assert first.id is not None
    clock.now = NOW - timedelta(days=5)
    second = repo.save_debrief(
        Debrief(
            started_at=clock.now,
            candidate=Candidate("Zoë Ångström", email="zoë@example.com"),
            interview=Interview(role="Lead", stage="Final", at=clock.now),
            private_notes="only for me",
            decision=Decision(outcome=Outcome.OFFER, share_feedback=True),
        )
    )
    assert second.id is not None
    repo.save_message(
        Message(
            debrief_id=second.id,
            template_id="offer",
            subject="Draft offer",
            body="Not sent yet",
            created_at=clock.now,
        )
    )
    clock.now = NOW
    person(repo, clock, "Someone Else", days_ago=3, words="unrelated")

    data = repo.export_candidate(candidate_id(repo, first))
    assert json.loads(json.dumps(data)) == data  # JSON as it is
    assert data["candidate"]["name"] == "Zoë Ångström"
    assert data["candidate"]["email"] == "zoë@example.com"
    assert [item["id"] for item in data["debriefs"]] == [first.id, second.id]  # oldest first
    one, two = data["debriefs"]
    assert one["private_notes"] == "private første"
    assert one["key_takeaways"] == "takeaways første"
    assert one["competencies"] == [
        {"position": 0, "name": "Communication", "rating": "yes", "evidence": "explained første"}
    ]
    assert [m["subject"] for m in one["messages"]] == ["Your interview første"]
    assert one["messages"][0]["status"] == "sent" and one["messages"][0]["edited"] is False
    assert two["private_notes"] == "only for me" and two["share_feedback"] is True
    assert two["messages"][0]["status"] == "draft"
    assert datetime.fromisoformat(one["interview_at"]) == NOW - timedelta(days=20)
    assert data["exported_at"] == NOW.isoformat()
    assert "unrelated" not in json.dumps(data)
    columns = {row[1] for row in repo.connection.execute("PRAGMA table_info(debriefs)")}
    assert columns <= set(one)  # every stored field

    target = tmp_path / "export.json"
    repo.write_candidate_export(target, candidate_id(repo, first))
    text = target.read_text(encoding="utf-8")
    assert "Zoë Ångström" in text  # ensure_ascii=False
    assert json.loads(text) == data
    if os.name == "posix":
        assert mode(target) == 0o600
    with pytest.raises(NotFound):
        repo.export_candidate(424242)
