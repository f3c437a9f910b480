"""Fixtures shared by the core's tests (no Qt)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from followup_desktop.storage.database import DB_FILENAME, open_database
from followup_desktop.storage.repository import Repository


@pytest.fixture
def repo(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Repository]:
    """A fresh database whose clock reads the test module's ``NOW``."""
    now = request.module.NOW
    path = tmp_path / DB_FILENAME
    repository = Repository(open_database(path), path, clock=lambda: now)
    yield repository
    repository.close()
