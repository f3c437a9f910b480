"""Atomic writes: the new file whole, or the old one untouched and no temporary file left."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from followup_desktop.files import write_atomic


def test_writes_text_as_utf8_with_its_line_endings(tmp_path: Path) -> None:
    path = tmp_path / "note.j2"
    write_atomic(path, "Grüße\r\nline two\n")
    assert path.read_bytes() == "Grüße\r\nline two\n".encode()
    write_atomic(path, b"\x00\xff bytes")
    assert path.read_bytes() == b"\x00\xff bytes"
    assert os.listdir(tmp_path) == ["note.j2"]


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_new_files_are_private_and_replaced_ones_keep_their_permissions(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.txt"
    write_atomic(fresh, "x")
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o600
    shared = tmp_path / "shared.txt"
    shared.write_text("old")
    shared.chmod(0o644)
    write_atomic(shared, "new")
    assert stat.S_IMODE(shared.stat().st_mode) == 0o644


@pytest.mark.parametrize("failing", ["replace", "fsync"])
def test_a_failure_leaves_the_old_file_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    path = tmp_path / "reject.j2"
    path.write_bytes(b"the original")

    def refuse(*args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, failing, refuse)
    with pytest.raises(OSError) as caught:
        write_atomic(path, "the new text")
    monkeypatch.undo()
    assert caught.value.errno == errno.ENOSPC
    assert caught.value.filename == str(path)
    assert str(path) in str(caught.value)
    assert path.read_bytes() == b"the original"
    assert os.listdir(tmp_path) == ["reject.j2"]


def test_an_error_without_a_number_still_names_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object) -> None:
        raise OSError("the disk went away")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OSError, match=r"the disk went away: '.*new\.j2'"):
        write_atomic(tmp_path / "new.j2", "text")
    monkeypatch.undo()
    assert os.listdir(tmp_path) == []


def test_an_interruption_removes_the_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupt(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(tmp_path / "new.j2", "text")
    monkeypatch.undo()
    assert os.listdir(tmp_path) == []


def test_a_missing_folder_is_an_error_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "gone" / "x.j2"
    with pytest.raises(FileNotFoundError) as caught:
        write_atomic(path, "text")
    assert caught.value.filename == str(path)


def test_a_folder_that_refuses_fsync_is_not_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_fsync = os.fsync
    synced: list[int] = []

    def fsync(descriptor: int) -> None:
        if stat.S_ISDIR(os.fstat(descriptor).st_mode):
            raise OSError(errno.EINVAL, "Invalid argument")
        synced.append(descriptor)
        real_fsync(descriptor)

    monkeypatch.setattr(os, "fsync", fsync)
    write_atomic(tmp_path / "x.j2", "text")
    assert (tmp_path / "x.j2").read_text() == "text"
    assert synced  # the file itself was flushed to the disk
