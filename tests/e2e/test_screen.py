"""The real app on a real (virtual) X screen, driven by real key presses.

Everything else runs offscreen; these tests start Xvfb, run the app as a subprocess with the
xcb platform, press keys with xdotool, take a screenshot and read what was saved.
"""

from __future__ import annotations

import os
import select
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from followup_desktop.storage import DB_FILENAME

pytestmark = pytest.mark.screen
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "build" / "screenshots"
XVFB = shutil.which("Xvfb")
XDOTOOL = shutil.which("xdotool")


@pytest.fixture
def display() -> Iterator[str]:
    if XVFB is None:
        pytest.skip("Xvfb is not installed; `python3 dev.py test` installs it on Debian/Ubuntu")
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        [XVFB, "-displayfd", str(write_end), "-screen", "0", "1280x860x24", "-nolisten", "tcp"],
        pass_fds=(write_end,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    try:
        ready, _, _ = select.select([read_end], [], [], 20)
        assert ready, "Xvfb did not start within 20 s"
        number = os.read(read_end, 64).decode().strip()
        yield f":{number}"
    finally:
        os.close(read_end)
        server.terminate()
        server.wait(10)


def _env(display: str) -> dict[str, str]:
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
    env.pop("FOLLOWUP_DATA_DIR", None)
    return env


def _app(*args: str) -> list[str]:
    return [sys.executable, "-m", "followup_desktop", *args]


def _screenshot(display: str, target: Path) -> None:
    grab = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication(sys.argv[:1])\n"
        "sys.exit(0 if app.primaryScreen().grabWindow(0).save(sys.argv[1], 'PNG') else 1)\n"
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [sys.executable, "-c", grab, str(target)], env=_env(display), check=True, timeout=60
    )


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


def _xdotool(display: str, *args: str) -> str:
    assert XDOTOOL is not None
    result = subprocess.run(
        [XDOTOOL, *args], env=_env(display), capture_output=True, text=True, timeout=30
    )
    return result.stdout.strip()


def _wait_for_window(display: str, pid: int) -> str:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        found = _xdotool(display, "search", "--onlyvisible", "--pid", str(pid))
        if found:
            return found.splitlines()[-1]
        time.sleep(0.2)
    raise AssertionError("the main window did not appear within 30 s")


def test_startup_check_paints_on_a_real_screen(display: str, tmp_path: Path) -> None:
    result = subprocess.run(
        _app("--startup-check", "--data-dir", str(tmp_path / "data")),
        env=_env(display),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_demo_on_screen_and_a_debrief_typed_with_real_keys(display: str, tmp_path: Path) -> None:
    if XDOTOOL is None:
        pytest.skip("xdotool is not installed; `python3 dev.py test` installs it")
    data = tmp_path / "data"
    app = subprocess.Popen(
        _app("--demo", "--data-dir", str(data)),
        env=_env(display),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        window = _wait_for_window(display, app.pid)
        time.sleep(1.0)
        _screenshot(display, SCREENSHOTS / "home-demo.png")
        assert _distinct_colours(SCREENSHOTS / "home-demo.png") > 20

        _xdotool(display, "windowfocus", "--sync", window)
        for keys in (
            ["key", "ctrl+n"],
            ["type", "--delay", "15", "Ana Lima"],
            ["key", "Tab", "Tab", "Tab"],
            ["type", "--delay", "15", "Backend Engineer"],
            ["key", "ctrl+Return"],
            ["type", "--delay", "15", "Traced the timeout to a missing index"],
            ["key", "ctrl+Return", "Down", "ctrl+Return"],
        ):
            _xdotool(display, *keys)
            time.sleep(0.4)
        _screenshot(display, SCREENSHOTS / "follow-up.png")
        _xdotool(display, "key", "ctrl+shift+c")
        time.sleep(0.5)
        _xdotool(display, "key", "ctrl+q")
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


def test_a_template_customised_with_real_keys(display: str, tmp_path: Path) -> None:
    """Ctrl+T opens the editor in a window of its own, which takes the keyboard; the arrow
    keys choose a template, Alt+C customises it, and what is typed lands in the user's file."""
    if XDOTOOL is None:
        pytest.skip("xdotool is not installed; `python3 dev.py test` installs it")
    data = tmp_path / "data"
    app = subprocess.Popen(
        _app("--demo", "--data-dir", str(data)),
        env=_env(display),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        window = _wait_for_window(display, app.pid)
        time.sleep(1.0)
        _xdotool(display, "windowfocus", "--sync", window)
        for keys in (
            ["key", "ctrl+t"],
            ["sleep", "1"],
            ["key", "Down", "Down"],  # Invitation -> (Offer heading) Offer -> Rejection
            ["key", "alt+c"],
            ["key", "ctrl+End"],
            ["type", "--delay", "15", "{# customised on screen #}"],
        ):
            _xdotool(display, *keys)
            time.sleep(0.4)
        time.sleep(1.0)  # the save follows half a second after the last key
        _screenshot(display, SCREENSHOTS / "templates.png")
        _xdotool(display, "key", "ctrl+w")
        time.sleep(0.4)
        _xdotool(display, "windowfocus", "--sync", window)
        _xdotool(display, "key", "ctrl+q")
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
