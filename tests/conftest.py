"""Shared test setup: headless Qt for everything except the tests that start their own screen."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.pop("FOLLOWUP_DATA_DIR", None)


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("followup", "Follow-up Desk")
    group.addoption(
        "--crash-kills",
        type=int,
        default=20,
        metavar="N",
        help="how many times tests/e2e/test_crash.py kills the app (default 20, the short "
        "run; 300 or more for the long one; 0 skips it)",
    )
    group.addoption(
        "--crash-seed",
        type=int,
        default=None,
        metavar="S",
        help="seed for the crash test's random choices (default: a new one, printed)",
    )


@pytest.fixture(autouse=True)
def _empty_clipboard_after_each_test() -> Iterator[None]:
    """Qt's in-process clipboard (offscreen) crashes at exit while it holds Python-made
    QMimeData (PySide6 6.12); a real platform clipboard does not. Empty it after each test."""
    yield
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is not None:
        QApplication.clipboard().clear()
