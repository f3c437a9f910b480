"""Backups: verified copies (source checked first, copy checked before it gets its name),
rotation by the policy, pre-upgrade copies kept, the scheduler, restoring a damaged file."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from followup_desktop.domain.model import Candidate, Debrief
from followup_desktop.storage import backups
from followup_desktop.storage.backup_schedule import BackupPolicy, BackupScheduler
from followup_desktop.storage.backups import (
    BackupError,
    BackupSourceDamaged,
    list_backups,
    make_backup,
    newest_backup,
    restore_backup,
    rotate_backups,
)
from followup_desktop.storage.database import DB_FILENAME, open_database
from followup_desktop.storage.errors import DatabaseCorrupt
from followup_desktop.storage.migrations import MIGRATIONS
from followup_desktop.storage.repository import Repository

NOW = datetime(2026, 11, 26, 17, 40, 5, tzinfo=UTC)


def stamp(when: datetime) -> str:
    return when.astimezone().strftime("%Y-%m-%dT%H-%M-%S")


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def quick_check(path: Path) -> str:
    uri = f"{path.as_uri()}?mode=ro&immutable=1"
    with contextlib.closing(sqlite3.connect(uri, uri=True)) as conn:
        return str(conn.execute("PRAGMA quick_check").fetchone()[0])


def candidate_names(path: Path) -> list[str]:
    uri = f"{path.as_uri()}?mode=ro&immutable=1"
    with contextlib.closing(sqlite3.connect(uri, uri=True)) as conn:
        return [row[0] for row in conn.execute("SELECT name FROM candidates ORDER BY id")]


@pytest.fixture
def data(tmp_path: Path) -> Iterator[tuple[Repository, Path]]:
    """A data folder with a database holding two debriefs; (repository, backups folder)."""
    folder = tmp_path / "data"
    folder.mkdir()
    path = folder / DB_FILENAME
    repo = Repository(open_database(path), path, clock=lambda: NOW)
    for name in ("Ana Lima", "Bo Chen"):
        repo.save_debrief(Debrief(started_at=NOW, candidate=Candidate(name)))
    yield repo, folder / "backups"
    repo.close()


def damage_a_page(path: Path, where: float = 0.5) -> None:
    """Junk over one page of a (closed, checkpointed) database: by default one in the middle;
    ``where`` from 0 (the second page: the first holds the header) to 1 (the last)."""
    raw = bytearray(path.read_bytes())
    pages = len(raw) // 4096
    start = (1 + round(where * (pages - 2))) * 4096
    raw[start : start + 4096] = bytes((index * 7 + 3) % 256 for index in range(4096))
    path.write_bytes(bytes(raw))


# -- making one -----------------------------------------------------------------------------


@pytest.mark.parametrize("through", ["connection", "path"])
def test_a_backup_is_a_verified_self_contained_copy(
    data: tuple[Repository, Path], through: str
) -> None:
    repo, folder = data
    source = repo.connection if through == "connection" else repo.path
    info = make_backup(source, folder, now=NOW)
    assert info.path == folder / f"followup-{stamp(NOW)}.sqlite3"
    assert info.verified and info.before_upgrade_from is None
    assert info.taken_at == NOW.replace(tzinfo=None).replace(tzinfo=UTC).astimezone()
    assert info.size == info.path.stat().st_size > 0
    assert names(folder) == [info.path.name]  # no temporary file, no -wal or -journal
    assert info.path.read_bytes()[18:20] == b"\x01\x01"  # rollback journal: one file
    assert quick_check(info.path) == "ok"
    assert candidate_names(info.path) == ["Ana Lima", "Bo Chen"]
    assert list_backups(folder) == [info] and newest_backup(folder) == info
    if os.name == "posix":
        assert stat.S_IMODE(info.path.stat().st_mode) == 0o600
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_a_second_backup_in_the_same_second_gets_its_own_name(
    data: tuple[Repository, Path],
) -> None:
    repo, folder = data
    first = make_backup(repo.connection, folder, now=NOW)
    second = make_backup(repo.connection, folder, now=NOW)
    assert second.path.name == f"followup-{stamp(NOW)}-2.sqlite3"
    assert [info.path for info in list_backups(folder)] == [second.path, first.path]


@pytest.mark.parametrize("where", [0.0, 0.25, 0.5, 0.75, 1.0])
def test_a_damaged_database_is_never_backed_up(data: tuple[Repository, Path], where: float) -> None:
    repo, folder = data
    good = make_backup(repo.connection, folder, now=NOW - timedelta(days=30))
    repo.close()
    damage_a_page(repo.path, where)  # a table's, an index's or the schema's page alike
    with pytest.raises(BackupSourceDamaged) as caught:
        make_backup(repo.path, folder, now=NOW, policy=BackupPolicy(0, 0, 0))
    assert isinstance(caught.value, DatabaseCorrupt)  # the app's "restore a backup" path
    assert str(repo.path) in str(caught.value)
    assert names(folder) == [good.path.name]  # nothing new; the old one not rotated out


def test_a_copy_that_fails_its_check_is_deleted_and_reported(
    data: tuple[Repository, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    repo, folder = data
    old = make_backup(repo.connection, folder, now=NOW - timedelta(days=30))
    real = backups._copy_into

    def copy_then_spoil(source: sqlite3.Connection, target: Path) -> None:
        real(source, target)
        damage_a_page(target)

    monkeypatch.setattr(backups, "_copy_into", copy_then_spoil)
    with pytest.raises(BackupError, match="failed its check") as caught:
        make_backup(repo.connection, folder, now=NOW, policy=BackupPolicy(0, 0, 0))
    assert not isinstance(caught.value, DatabaseCorrupt)  # the database itself is fine
    assert names(folder) == [old.path.name]


def test_a_crash_mid_copy_leaves_nothing_that_looks_like_a_backup(
    data: tuple[Repository, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    repo, folder = data

    def crash(source: sqlite3.Connection, target: Path) -> None:
        target.write_bytes(b"SQLite format 3\x00half a copy")
        raise KeyboardInterrupt

    monkeypatch.setattr(backups, "_copy_into", crash)
    with pytest.raises(KeyboardInterrupt):
        make_backup(repo.connection, folder, now=NOW)
    assert list_backups(folder) == [] and newest_backup(folder) is None
    # A partial file a real crash (a killed process) left behind: never listed, and swept
    # once it is an hour old.
    folder.mkdir(exist_ok=True)
    left = folder / ".followup-backup-x1y2.partial"
    left.write_bytes(b"half")
    assert list_backups(folder) == []
    os.utime(left, (1, 1))
    monkeypatch.undo()
    made = make_backup(repo.connection, folder, now=NOW)
    assert names(folder) == [made.path.name]


def test_a_full_disk_is_reported_and_leaves_no_partial_file(
    data: tuple[Repository, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    repo, folder = data

    def full(path: Path) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backups, "_fsync", full)
    with pytest.raises(BackupError, match="No space left") as caught:
        make_backup(repo.connection, folder, now=NOW)
    assert str(folder) in str(caught.value)
    assert names(folder) == []


def test_the_backup_before_an_upgrade_is_verified_named_apart_and_never_rotated(
    tmp_path: Path,
) -> None:
    path = tmp_path / DB_FILENAME
    repo = Repository(open_database(path), path, clock=lambda: NOW)
    repo.save_debrief(Debrief(started_at=NOW, candidate=Candidate("Grace Hopper")))
    repo.close()

    def v_next(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE extra (x)")

    open_database(path, migrations=(*MIGRATIONS, v_next), now=lambda: NOW).close()
    folder = tmp_path / "backups"
    (before,) = list_backups(folder)
    version = len(MIGRATIONS)
    assert before.path.name == f"followup-before-upgrade-from-v{version}-{stamp(NOW)}.sqlite3"
    assert before.verified and before.before_upgrade_from == version
    assert quick_check(before.path) == "ok"
    assert candidate_names(before.path) == ["Grace Hopper"]
    # Regular backups come and go; the pre-upgrade copy stays.
    later = NOW + timedelta(days=400)
    with contextlib.closing(sqlite3.connect(path)) as conn:
        make_backup(conn, folder, now=later, policy=BackupPolicy(0, 0, 0))
    assert before.path.exists()
    assert newest_backup(folder) is not None and newest_backup(folder) != before


def test_a_damaged_file_is_not_upgraded(tmp_path: Path) -> None:
    path = tmp_path / DB_FILENAME
    repo = Repository(open_database(path), path, clock=lambda: NOW)
    repo.add_debriefs(
        Debrief(started_at=NOW, candidate=Candidate(f"P{n}"), strengths="words " * 80)
        for n in range(150)
    )
    repo.close()
    damage_a_page(path)
    before = path.read_bytes()

    def v_next(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE extra (x)")

    with pytest.raises(DatabaseCorrupt):
        open_database(path, migrations=(*MIGRATIONS, v_next), now=lambda: NOW)
    assert path.read_bytes() == before
    assert list_backups(tmp_path / "backups") == []


# -- listing and rotation -------------------------------------------------------------------


def fake_backup(folder: Path, when: datetime, prefix: str = "followup-") -> Path:
    """An (empty) file named as a backup taken at ``when`` (aware, or naive local time)."""
    folder.mkdir(exist_ok=True)
    wall = when if when.tzinfo is None else when.astimezone()
    path = folder / f"{prefix}{wall:%Y-%m-%dT%H-%M-%S}.sqlite3"
    path.write_bytes(b"x")
    return path


def test_newest_backup_skips_copies_not_checked_when_made(tmp_path: Path) -> None:
    assert newest_backup(tmp_path / "missing") is None
    folder = tmp_path / "backups"
    checked = fake_backup(folder, NOW - timedelta(days=3))
    legacy = folder / "followup-before-upgrade-from-v1-20261125-120000.sqlite3"  # old format
    legacy.write_bytes(b"x")
    (folder / "notes.txt").write_text("mine")
    (folder / "followup-latest.sqlite3").write_bytes(b"x")  # not our pattern
    listed = list_backups(folder)
    assert [info.path for info in listed] == [legacy, checked]
    assert not listed[0].verified and listed[0].before_upgrade_from == 1
    assert listed[0].taken_at == datetime(2026, 11, 25, 12, tzinfo=UTC)
    found = newest_backup(folder)
    assert found is not None and found.path == checked


def test_rotation_keeps_recent_then_daily_then_weekly(tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    now = datetime(2026, 11, 26, 12, 0)  # Thursday noon, local wall-clock time
    for hours in range(0, 120 * 24, 6):  # every 6 hours for 120 days
        fake_backup(folder, now - timedelta(hours=hours))
    before = fake_backup(folder, now - timedelta(days=300), "followup-before-upgrade-from-v1-")
    (folder / "keep-me.txt").write_text("not ours")

    removed = rotate_backups(folder, now=now.astimezone(), policy=BackupPolicy(2, 10, 8))
    kept = sorted(
        info.taken_at.replace(tzinfo=None)
        for info in list_backups(folder)
        if info.before_upgrade_from is None
    )
    assert len(removed) + len(kept) == 120 * 4
    assert before.exists() and (folder / "keep-me.txt").exists()
    # Every one of the last 48 hours (both ends included).
    assert kept[-9:] == [now - timedelta(hours=6 * n) for n in range(8, -1, -1)]
    # The newest of each of the 10 days before those (the 24th's newest is recent already).
    assert kept[-19:-9] == [datetime(2026, 11, day, 18) for day in range(14, 24)]
    # The newest of each of the 8 ISO weeks before those: Sundays, 18:00.
    sundays = [datetime(2026, 11, 8, 18) - timedelta(weeks=n) for n in range(7, -1, -1)]
    assert kept[:-19] == sundays


def test_rotation_never_removes_the_newest_and_counts_days_with_backups(tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    now = datetime(2026, 11, 26, 12, 0).astimezone()
    # Used twice a year: long pauses never thin the history below the policy.
    made = [fake_backup(folder, now - timedelta(days=180 * n)) for n in range(1, 5)]
    assert rotate_backups(folder, now=now, policy=BackupPolicy(2, 2, 2)) == []
    assert all(path.exists() for path in made)
    assert rotate_backups(folder, now=now, policy=BackupPolicy(0, 0, 0)) == made[1:]
    assert [info.path for info in list_backups(folder)] == [made[0]]


def test_a_new_backup_rotates_older_ones_only_once_it_is_verified(
    data: tuple[Repository, Path],
) -> None:
    repo, folder = data
    old = fake_backup(folder, NOW - timedelta(days=40))
    info = make_backup(repo.connection, folder, now=NOW, policy=BackupPolicy(2, 0, 0))
    assert names(folder) == [info.path.name]
    assert not old.exists()


# -- the scheduler --------------------------------------------------------------------------


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def test_scheduler_backs_up_at_most_every_half_hour_of_changes(
    data: tuple[Repository, Path],
) -> None:
    repo, folder = data
    clock = Clock(NOW)
    scheduler = BackupScheduler(repo.path, clock=clock)
    assert scheduler.folder == folder
    assert not scheduler.due() and not scheduler.due_on_quit()  # nothing changed
    scheduler.changed()
    assert scheduler.due() and scheduler.due_on_quit()  # no backup yet
    first = scheduler.backup_now()
    assert first.taken_at == NOW.astimezone()
    assert not scheduler.due() and not scheduler.due_on_quit()
    clock.now += timedelta(minutes=5)
    scheduler.changed()
    assert not scheduler.due()  # 5 minutes after the last one
    assert scheduler.due_on_quit()
    assert scheduler.due(NOW + timedelta(minutes=30))
    clock.now = NOW + timedelta(minutes=31)
    scheduler.backup_now()
    assert not scheduler.due_on_quit()
    assert len(list_backups(folder)) == 2


def test_scheduler_starts_from_the_newest_backup_on_disk(data: tuple[Repository, Path]) -> None:
    repo, folder = data
    make_backup(repo.connection, folder, now=NOW)
    scheduler = BackupScheduler(repo.path, clock=Clock(NOW + timedelta(minutes=10)))
    scheduler.changed()
    assert not scheduler.due()
    assert scheduler.due(NOW + timedelta(minutes=30))


def test_changes_made_during_a_backup_stay_pending(
    data: tuple[Repository, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    repo, _ = data
    scheduler = BackupScheduler(repo.path, clock=Clock(NOW))
    scheduler.changed()
    real = backups.make_backup

    def meanwhile(*args: object, **kwargs: object) -> backups.BackupInfo:
        scheduler.changed()  # the app writes while a worker thread copies
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(backups, "make_backup", meanwhile)
    scheduler.backup_now()
    assert scheduler.due_on_quit()


def test_a_failed_backup_is_kept_pending_and_not_retried_at_once(
    data: tuple[Repository, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    repo, _ = data
    clock = Clock(NOW)
    scheduler = BackupScheduler(repo.path, clock=clock)
    scheduler.changed()

    def fail(*args: object, **kwargs: object) -> backups.BackupInfo:
        raise BackupError("the disk is full", repo.path)

    monkeypatch.setattr(backups, "make_backup", fail)
    with pytest.raises(BackupError):
        scheduler.backup_now()
    assert isinstance(scheduler.last_error, BackupError)
    assert scheduler.due_on_quit() and not scheduler.due()
    assert scheduler.due(NOW + timedelta(minutes=30))


def test_every_committed_write_calls_on_change(data: tuple[Repository, Path]) -> None:
    repo, _ = data
    calls: list[str] = []
    repo.on_change = lambda: calls.append("changed")
    saved = repo.save_debrief(Debrief(started_at=NOW, candidate=Candidate("Cy")))
    assert saved.id is not None
    assert len(calls) == 1
    repo.set_archived(saved.id, True)
    repo.save_settings(repo.load_settings())
    repo.delete_debrief(saved.id)
    assert len(calls) == 4
    repo.list_summaries(show="all")  # reads do not
    repo.set_preference("window.geometry", "abc")  # nor window state
    with contextlib.suppress(Exception):
        repo.set_archived(9999, True)  # nor a write that failed
    assert len(calls) == 4


# -- restoring ------------------------------------------------------------------------------


def test_restore_moves_the_damaged_file_aside_and_puts_the_backup_in(
    data: tuple[Repository, Path],
) -> None:
    repo, folder = data
    info = make_backup(repo.connection, folder, now=NOW)
    repo.close()
    database = repo.path
    damaged = b"not a database any more" * 100
    database.write_bytes(damaged)
    wal = database.with_name(DB_FILENAME + "-wal")
    wal.write_bytes(b"wal bytes")

    aside = restore_backup(database.parent, info.path, now=NOW)
    assert aside == database.with_name(f"{DB_FILENAME}.damaged-{stamp(NOW)}")
    assert aside.read_bytes() == damaged  # never deleted
    assert aside.with_name(aside.name + "-wal").read_bytes() == b"wal bytes"  # still a set
    assert not wal.exists()
    assert database.read_bytes() == info.path.read_bytes()
    assert info.path.exists()  # the backup stays a backup
    conn = open_database(database)
    try:
        assert [row[0] for row in conn.execute("SELECT name FROM candidates ORDER BY id")] == [
            "Ana Lima",
            "Bo Chen",
        ]
    finally:
        conn.close()
    if os.name == "posix":
        assert stat.S_IMODE(database.stat().st_mode) == 0o600
    # A second restore in the same second keeps both damaged files.
    database.write_bytes(damaged)
    again = restore_backup(database.parent, info.path, now=NOW)
    assert again is not None and again != aside and aside.exists()


def test_restore_refuses_a_bad_backup_and_changes_nothing(
    data: tuple[Repository, Path],
) -> None:
    repo, folder = data
    info = make_backup(repo.connection, folder, now=NOW)
    repo.close()
    damage_a_page(info.path)
    before = sorted(p.name for p in repo.path.parent.iterdir())
    current = repo.path.read_bytes()
    with pytest.raises(BackupError) as caught:
        restore_backup(repo.path.parent, info.path, now=NOW)
    assert str(info.path) in str(caught.value)
    assert sorted(p.name for p in repo.path.parent.iterdir()) == before
    assert repo.path.read_bytes() == current


def test_restore_into_a_folder_without_a_database(data: tuple[Repository, Path]) -> None:
    repo, folder = data
    info = make_backup(repo.connection, folder, now=NOW)
    repo.close()
    repo.path.unlink()
    assert restore_backup(repo.path.parent, info.path, now=NOW) is None
    assert quick_check(repo.path) == "ok"


def test_a_backup_on_a_worker_thread_while_the_app_writes(data: tuple[Repository, Path]) -> None:
    import threading

    repo, _ = data
    scheduler = BackupScheduler(repo.path, clock=Clock(NOW))
    repo.on_change = scheduler.changed
    done: list[backups.BackupInfo] = []
    worker = threading.Thread(target=lambda: done.append(scheduler.backup_now()))
    worker.start()
    for n in range(20):  # the connection stays on this thread, as the window's does
        repo.save_debrief(Debrief(started_at=NOW, candidate=Candidate(f"During {n}")))
    worker.join(timeout=30)
    (info,) = done
    assert quick_check(info.path) == "ok"
    held = candidate_names(info.path)
    assert held[:2] == ["Ana Lima", "Bo Chen"]  # a consistent snapshot, whenever it was taken
    assert repo.count_debriefs() == 22
    if len(held) < 22:
        assert scheduler.due_on_quit()  # what came after the snapshot is still to back up
