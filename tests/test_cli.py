"""The command line, run as a user would run it: a real process on a temporary data folder."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from followup_desktop import __version__
from followup_desktop.storage import APPLICATION_ID, DB_FILENAME


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environ = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})}
    environ.pop("FOLLOWUP_DATA_DIR", None) if env is None else None
    return subprocess.run(
        [sys.executable, "-m", "followup_desktop", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=environ,
        stdin=subprocess.DEVNULL,
        check=False,
    )


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_version() -> None:
    result = run("--version")
    assert result.returncode == 0
    assert __version__ in result.stdout


def test_self_test_creates_checks_and_reports(tmp_path: Path) -> None:
    result = run("--self-test", "--data-dir", str(tmp_path / "data"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().endswith("OK")
    assert (tmp_path / "data" / DB_FILENAME).exists()


def test_startup_check_on_1_new_folder_exits_cleanly(tmp_path: Path) -> None:
    result = run("--startup-check", "--data-dir", str(tmp_path / "data"))
    assert result.returncode == 0, result.stderr


def test_demo_fills_an_empty_folder_once_and_leaves_it_alone_after(tmp_path: Path) -> None:
    data = tmp_path / "demo"
    first = run("--demo", "--self-test", "--data-dir", str(data))
    assert first.returncode == 0, first.stdout
    assert "Added" in first.stdout
    with sqlite3.connect(data / DB_FILENAME) as conn:
        count = conn.execute("SELECT count(*) FROM debriefs").fetchone()[0]
    assert count >= 6
    before = digest(data / DB_FILENAME)
    second = run("--demo", "--startup-check", "--data-dir", str(data))
    assert second.returncode == 0, second.stderr
    assert "left it as it was" in second.stdout
    with sqlite3.connect(data / DB_FILENAME) as conn:
        assert conn.execute("SELECT count(*) FROM debriefs").fetchone()[0] == count
    del before


def test_data_dir_option_wins_over_the_environment(tmp_path: Path) -> None:
    from_env, from_flag = tmp_path / "env", tmp_path / "flag"
    result = run(
        "--self-test", "--data-dir", str(from_flag), env={"FOLLOWUP_DATA_DIR": str(from_env)}
    )
    assert result.returncode == 0
    assert (from_flag / DB_FILENAME).exists() and not from_env.exists()
    result = run("--self-test", env={"FOLLOWUP_DATA_DIR": str(from_env)})
    assert result.returncode == 0
    assert (from_env / DB_FILENAME).exists()


def _too_new(folder: Path) -> Path:
    folder.mkdir()
    path = folder / DB_FILENAME
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE future (x)")
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute("PRAGMA user_version = 999")
    return path


def _foreign(folder: Path) -> Path:
    folder.mkdir()
    path = folder / DB_FILENAME
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT)")
        conn.execute("INSERT INTO photos (name) VALUES ('holiday.jpg')")
    return path


def _not_sqlite(folder: Path) -> Path:
    folder.mkdir()
    path = folder / DB_FILENAME
    path.write_text("These are my meeting notes, not a database.\n" * 20)
    return path


def _damaged(folder: Path) -> Path:
    """Ours, with a good header and garbage after the first page."""
    assert run("--self-test", "--data-dir", str(folder)).returncode == 0
    path = folder / DB_FILENAME
    data = bytearray(path.read_bytes())
    data[4096:] = bytes((index * 7) % 256 for index in range(4096, len(data)))
    path.write_bytes(bytes(data))
    return path


@pytest.mark.parametrize("make", [_too_new, _foreign, _not_sqlite, _damaged])
@pytest.mark.parametrize("mode", ["--startup-check", "--self-test"])
def test_a_refused_file_is_named_and_left_untouched(
    tmp_path: Path, make: object, mode: str
) -> None:
    assert callable(make)
    path = make(tmp_path / "data")
    before = digest(path)
    result = run(mode, "--data-dir", str(path.parent))
    assert result.returncode != 0
    assert str(path) in result.stdout + result.stderr
    assert digest(path) == before
    assert sorted(p.name for p in path.parent.iterdir()) == [DB_FILENAME]


def test_a_data_folder_that_is_a_file_is_refused_and_kept(tmp_path: Path) -> None:
    target = tmp_path / "notes.txt"
    target.write_text("keep me")
    result = run("--startup-check", "--data-dir", str(target))
    assert result.returncode != 0
    assert "is a file, not a folder" in result.stderr
    assert target.read_text() == "keep me"


def test_a_locked_database_is_reported_without_waiting_forever(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert run("--self-test", "--data-dir", str(data)).returncode == 0
    holder = sqlite3.connect(data / DB_FILENAME, isolation_level=None)
    try:
        holder.execute("PRAGMA journal_mode = DELETE")  # so an exclusive lock blocks readers too
        holder.execute("BEGIN EXCLUSIVE")
        result = run("--startup-check", "--data-dir", str(data))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.returncode != 0
    assert "in use by another program" in result.stderr
    assert str(data / DB_FILENAME) in result.stderr


def test_a_second_copy_on_the_same_folder_is_refused(tmp_path: Path) -> None:
    from PySide6.QtCore import QLockFile

    data = tmp_path / "data"
    data.mkdir()
    lock = QLockFile(str(data / "followup.lock"))
    assert lock.tryLock(0)
    try:
        result = run("--startup-check", "--data-dir", str(data))
    finally:
        lock.unlock()
    assert result.returncode != 0
    assert "already open" in result.stderr


# -- --self-test never writes to a damaged file ----------------------------------------------


def _ours_with_data(path: Path) -> None:
    """A sound database of ours, with enough rows for many pages, closed (all in the file)."""
    from datetime import UTC, datetime

    from followup_desktop.domain.model import Candidate, Debrief
    from followup_desktop.storage.database import open_database
    from followup_desktop.storage.repository import Repository

    now = datetime(2026, 11, 26, tzinfo=UTC)
    path.parent.mkdir()
    repo = Repository(open_database(path), path, clock=lambda: now)
    repo.add_debriefs(
        Debrief(started_at=now, candidate=Candidate(f"Person {n}"), strengths="notes " * 60)
        for n in range(200)
    )
    repo.close()


def _empty(folder: Path) -> Path:
    folder.mkdir()
    path = folder / DB_FILENAME
    path.touch()
    return path


def _truncated(folder: Path) -> Path:
    path = folder / DB_FILENAME
    _ours_with_data(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def _random_bytes(folder: Path) -> Path:
    import random

    folder.mkdir()
    path = folder / DB_FILENAME
    path.write_bytes(random.Random(6).randbytes(16384))
    return path


def _damaged_page(folder: Path) -> Path:
    """Ours, sound in every page but one in the middle, overwritten with junk: the header and
    the schema read well (only the full integrity check finds it)."""
    path = folder / DB_FILENAME
    _ours_with_data(path)
    data = bytearray(path.read_bytes())
    middle = len(data) // 4096 // 2 * 4096
    data[middle : middle + 4096] = bytes((index * 7 + 3) % 256 for index in range(4096))
    path.write_bytes(bytes(data))
    return path


@pytest.mark.parametrize(
    "make", [_empty, _truncated, _random_bytes, _damaged_page, _foreign, _too_new]
)
def test_self_test_fails_on_a_damaged_file_and_never_writes_to_it(
    tmp_path: Path, make: object
) -> None:
    assert callable(make)
    path = make(tmp_path / "data")
    before = digest(path)
    result = run("--self-test", "--data-dir", str(path.parent))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "FAIL database" in result.stdout
    assert str(path) in result.stdout
    assert digest(path) == before
    assert sorted(p.name for p in path.parent.iterdir()) == [DB_FILENAME]  # no -wal, -shm


def test_self_test_reports_the_newest_backup(tmp_path: Path) -> None:
    from datetime import datetime

    from followup_desktop.storage.backups import make_backup

    data = tmp_path / "data"
    first = run("--self-test", "--data-dir", str(data))
    assert "backups: no backup yet" in first.stdout
    taken = datetime(2026, 11, 26, 17, 40, 5).astimezone()
    made = make_backup(data / DB_FILENAME, data / "backups", now=taken)
    second = run("--self-test", "--data-dir", str(data))
    assert second.returncode == 0, second.stdout
    assert f"backups: newest from 2026-11-26 17:40, {made.path}" in second.stdout
