"""Writing files so that a crash or a full disk never leaves half a file. No Qt."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
import time
from pathlib import Path


def write_atomic(path: Path, data: str | bytes) -> None:
    """Replace ``path`` with ``data`` (text is written as UTF-8, line endings as given).

    The data goes to a temporary file in the same folder, is flushed to the disk, and then
    takes the old file's place in one step: readers see the old file or the new one, never a
    mix. A file that existed keeps its permissions; a new one is readable by its owner only.
    On any failure the old file is untouched, the temporary file is removed, and an
    ``OSError`` naming ``path`` is raised.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    folder = path.parent
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise _naming(exc, path) from exc
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(payload)
            file.flush()
            os.fsync(file.fileno())
        with contextlib.suppress(FileNotFoundError):
            os.chmod(temporary, stat.S_IMODE(os.stat(path).st_mode))
        os.replace(temporary, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(exc, OSError):
            raise _naming(exc, path) from exc
        raise
    sync_folder(folder)


def _naming(exc: OSError, path: Path) -> OSError:
    """``exc`` as an OSError about ``path`` (the same subclass when the error number says so)."""
    reason = exc.strerror or str(exc) or type(exc).__name__
    if exc.errno is None:
        return OSError(f"{reason}: '{path}'")
    return OSError(exc.errno, reason, str(path))


def sync_folder(folder: Path) -> None:
    """Make a rename or link in ``folder`` durable (POSIX only; Windows cannot open a folder
    this way)."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):  # some file systems refuse; the new file is in place
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def remove_stale(folder: Path, pattern: str, older_than_s: float) -> None:
    """Delete the files in ``folder`` matching ``pattern`` (a glob) that were last written
    more than ``older_than_s`` seconds ago: temporary files a crash left behind, old enough
    that nothing is still writing them."""
    cutoff = time.time() - older_than_s
    for file in folder.glob(pattern):
        with contextlib.suppress(OSError):
            if file.stat().st_mtime < cutoff:
                file.unlink()
