"""The real app on a real (virtual) X screen, driven by real key presses.

Everything else runs offscreen; these tests start Xvfb, run the app as a subprocess with the
xcb platform, press keys with xdotool, take a screenshot and read what was saved.
"""

from __future__ import annotations

import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from followup_desktop.storage import DB_FILENAME
from tests.e2e.conftest import Screen, app_command

pytestmark = pytest.mark.screen
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "build" / "screenshots"


def _distinct_colours(path: Path) -> int:
    from PySide6.QtGui import QImage

    image = QImage(str(path))
    assert not image.isNull()
    step = 7
    return len(
        {
            image.pixel(x, y)
            for x in range(0, image.width(), step)
            for y in range(0, image.height(), step)
        }
    )


def test_startup_check_paints_on_a_real_screen(screen: Screen, tmp_path: Path) -> None:
    result = subprocess.run(
        app_command("--startup-check", "--data-dir", str(tmp_path / "data")),
        env=screen.env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def _start_demo(screen: Screen, data: Path) -> subprocess.Popen[str]:
    """The app on ``screen`` with fresh demo data in ``data``; its output is captured."""
    return subprocess.Popen(
        app_command("--demo", "--data-dir", str(data)),
        env=screen.env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_demo_on_screen_and_a_debrief_typed_with_real_keys(
    typing_screen: Screen, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    app = _start_demo(typing_screen, data)
    try:
        window = typing_screen.wait_for_window(app.pid, process=app)
        time.sleep(1.0)
        typing_screen.screenshot(SCREENSHOTS / "home-demo.png")
        assert _distinct_colours(SCREENSHOTS / "home-demo.png") > 20

        typing_screen.xdotool("windowfocus", "--sync", window)
        for keys in (
            ["key", "ctrl+n"],
            ["type", "--delay", "15", "Ana Lima"],
            ["key", "Tab", "Tab", "Tab"],
            ["type", "--delay", "15", "Backend Engineer"],
            ["key", "ctrl+Return"],
            ["type", "--delay", "15", "Traced the timeout to a missing index"],
            ["key", "ctrl+Return", "Down", "ctrl+Return"],
        ):
            typing_screen.xdotool(*keys)
            time.sleep(0.4)
        typing_screen.screenshot(SCREENSHOTS / "follow-up.png")
        typing_screen.xdotool("key", "ctrl+shift+c")
        time.sleep(0.5)
        typing_screen.xdotool("key", "ctrl+q")
        _, errors = app.communicate(timeout=30)
    finally:
        if app.poll() is None:
            app.kill()
            app.communicate(timeout=10)
    assert app.returncode == 0, errors

    with sqlite3.connect(data / DB_FILENAME) as conn:
        row = conn.execute(
            "SELECT id, role, outcome, step FROM debriefs WHERE candidate_name = 'Ana Lima'"
        ).fetchone()
        assert row is not None, "the typed debrief was not saved"
        debrief_id, role, outcome, step = row
        assert (role, outcome, step) == ("Backend Engineer", "advance", "follow_up")
        evidence = conn.execute(
            "SELECT evidence FROM competencies WHERE debrief_id = ? AND position = 0",
            (debrief_id,),
        ).fetchone()[0]
        assert evidence == "Traced the timeout to a missing index"
        status, body = conn.execute(
            "SELECT status, body FROM messages WHERE debrief_id = ?", (debrief_id,)
        ).fetchone()
    assert status == "copied"
    assert body.startswith("Hi Ana,")
    assert _distinct_colours(SCREENSHOTS / "follow-up.png") > 20


def test_a_template_customised_with_real_keys(typing_screen: Screen, tmp_path: Path) -> None:
    """Ctrl+T opens the editor in a window of its own, which takes the keyboard; the arrow
    keys choose a template, Alt+C customises it, and what is typed lands in the user's file."""
    data = tmp_path / "data"
    app = _start_demo(typing_screen, data)
    try:
        window = typing_screen.wait_for_window(app.pid, process=app)
        time.sleep(1.0)
        typing_screen.xdotool("windowfocus", "--sync", window)
        for keys in (
            ["key", "ctrl+t"],
            ["sleep", "1"],
            ["key", "Down", "Down"],  # Invitation -> (Offer heading) Offer -> Rejection
            ["key", "alt+c"],
            ["key", "ctrl+End"],
            ["type", "--delay", "15", "{# customised on screen #}"],
        ):
            typing_screen.xdotool(*keys)
            time.sleep(0.4)
        time.sleep(1.0)  # the save follows half a second after the last key
        typing_screen.screenshot(SCREENSHOTS / "templates.png")
        typing_screen.xdotool("key", "ctrl+w")
        time.sleep(0.4)
        typing_screen.xdotool("windowfocus", "--sync", window)
        typing_screen.xdotool("key", "ctrl+q")
        _, errors = app.communicate(timeout=30)
    finally:
        if app.poll() is None:
            app.kill()
            app.communicate(timeout=10)
    assert app.returncode == 0, errors
    saved = (data / "templates" / "reject.j2").read_text(encoding="utf-8")
    assert saved.startswith("{#\ntitle: Rejection\n")
    assert saved.endswith("{% endblock %}\n{# customised on screen #}")
    assert _distinct_colours(SCREENSHOTS / "templates.png") > 20
