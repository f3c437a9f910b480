"""Shared test setup: headless Qt for everything except the tests that start their own screen."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.pop("FOLLOWUP_DATA_DIR", None)


@pytest.fixture(autouse=True)
def _empty_clipboard_after_each_test() -> Iterator[None]:
    """Qt's in-process clipboard (offscreen) crashes at exit while it holds Python-made
    QMimeData (PySide6 6.12); a real platform clipboard does not. Empty it after each test."""
    yield
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is not None:
        QApplication.clipboard().clear()
