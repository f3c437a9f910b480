"""What a folder holds, byte for byte: to show that a refused action changed nothing."""

from __future__ import annotations

from pathlib import Path


def listing(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (by path relative to it) with its bytes."""
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }
