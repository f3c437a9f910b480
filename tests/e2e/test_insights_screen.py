"""The Insights page on a real (virtual) screen, with the demo data: opened with the keys a
person presses, screenshots saved for a person to look at (build/screenshots/insights*.png).
"""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest

from tests.e2e.conftest import Screen
from tests.e2e.test_screen import SCREENSHOTS, _distinct_colours, _start_demo

pytestmark = pytest.mark.screen


def _stop(app: subprocess.Popen[str]) -> None:
    """End the app if the test left it running (it failed half-way)."""
    if app.poll() is None:
        app.kill()
        app.communicate(timeout=10)


def test_insights_with_the_demo_data(typing_screen: Screen, tmp_path: Path) -> None:
    app = _start_demo(typing_screen, tmp_path / "data")
    try:
        window = typing_screen.wait_for_window(app.pid, process=app)
        time.sleep(1.0)
        typing_screen.xdotool("windowfocus", "--sync", window)
        typing_screen.xdotool("key", "ctrl+shift+i")
        time.sleep(2.0)  # the figures are worked out just after the page shows
        typing_screen.screenshot(SCREENSHOTS / "insights.png")
        typing_screen.xdotool("key", "Down", "Down")  # the period: this year, then all time
        time.sleep(2.0)
        typing_screen.screenshot(SCREENSHOTS / "insights-all-time.png")
        typing_screen.xdotool("key", "ctrl+w")  # back home
        time.sleep(0.4)
        typing_screen.xdotool("key", "ctrl+q")
        _, errors = app.communicate(timeout=30)
    finally:
        _stop(app)
    assert app.returncode == 0, errors
    for name in ("insights.png", "insights-all-time.png"):
        # Six charts in several colours, not a blank page or an empty state.
        assert _distinct_colours(SCREENSHOTS / name) > 60, name
