"""The real app on a virtual X screen: one Xvfb per test, xdotool for real key presses.

Everything else in the suite runs offscreen; the tests here start Xvfb, run the app as a
process of its own with the xcb platform (``Screen.env``), press keys with xdotool and read
what was saved. Nothing in the app knows it is being tested.
"""

from __future__ import annotations

import contextlib
import os
import select
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

XVFB = shutil.which("Xvfb")
XDOTOOL = shutil.which("xdotool")
SCREEN_SIZE = "1280x860x24"


def app_command(*args: str) -> list[str]:
    """How a person starts the app (``python -m followup_desktop ...``)."""
    return [sys.executable, "-m", "followup_desktop", *args]


@dataclass(frozen=True)
class Screen:
    """One running Xvfb display and what the tests do on it."""

    display: str

    def env(self) -> dict[str, str]:
        env = {**os.environ, "DISPLAY": self.display, "QT_QPA_PLATFORM": "xcb"}
        env.pop("FOLLOWUP_DATA_DIR", None)
        return env

    def xdotool(self, *args: str, check: bool = True, timeout: float = 30) -> str:
        """Run xdotool on this screen; with ``check``, a failure (no display, a bad window)
        raises instead of passing unnoticed as keys that never reached the app."""
        assert XDOTOOL is not None, "use the typing_screen fixture, which skips without xdotool"
        result = subprocess.run(
            [XDOTOOL, *args], env=self.env(), capture_output=True, text=True, timeout=timeout
        )
        if check and result.returncode != 0:
            raise AssertionError(
                f"xdotool {' '.join(args)} failed ({result.returncode}): {result.stderr.strip()}"
            )
        return result.stdout.strip()

    def windows_of(self, pid: int) -> list[str]:
        """The visible windows of process ``pid`` (X window ids, oldest first)."""
        found = self.xdotool("search", "--onlyvisible", "--pid", str(pid), check=False)
        return found.splitlines()

    def window_name(self, window: str) -> str:
        return self.xdotool("getwindowname", window)

    def wait_for_window(
        self,
        pid: int,
        *,
        timeout: float = 30,
        poll: float = 0.2,
        process: subprocess.Popen[str] | subprocess.Popen[bytes] | None = None,
    ) -> str:
        """The newest visible window of ``pid`` once there is one; fails after ``timeout``
        seconds, or at once when ``process`` has ended."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.windows_of(pid)
            if found:
                return found[-1]
            if process is not None and process.poll() is not None:
                raise AssertionError(f"the app ended (status {process.returncode}) with no window")
            time.sleep(poll)
        raise AssertionError(f"the main window did not appear within {timeout:g} s")

    def screenshot(self, target: Path) -> None:
        grab = (
            "import sys\n"
            "from PySide6.QtWidgets import QApplication\n"
            "app = QApplication(sys.argv[:1])\n"
            "sys.exit(0 if app.primaryScreen().grabWindow(0).save(sys.argv[1], 'PNG') else 1)\n"
        )
        target.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [sys.executable, "-c", grab, str(target)], env=self.env(), check=True, timeout=60
        )


@contextlib.contextmanager
def xvfb() -> Iterator[Screen]:
    """Start Xvfb on a free display number (it picks one and tells us); stop it afterwards."""
    assert XVFB is not None
    read_end, write_end = os.pipe()
    command = [XVFB, "-displayfd", str(write_end), "-screen", "0", SCREEN_SIZE, "-nolisten", "tcp"]
    # By default Xvfb resets when its last client leaves, and an app starting during the reset
    # cannot connect (Qt aborts); a killed app is often the last client.
    command.append("-noreset")
    server = subprocess.Popen(
        command,
        pass_fds=(write_end,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    try:
        ready, _, _ = select.select([read_end], [], [], 20)
        assert ready, "Xvfb did not start within 20 s"
        number = os.read(read_end, 64).decode().strip()
        assert number, "Xvfb ended before it named its display"
        yield Screen(f":{number}")
    finally:
        os.close(read_end)
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(10)


@pytest.fixture
def screen() -> Iterator[Screen]:
    """A virtual X screen of its own for this test."""
    if XVFB is None:
        pytest.skip("Xvfb is not installed; `python3 dev.py test` installs it on Debian/Ubuntu")
    with xvfb() as started:
        yield started


@pytest.fixture
def typing_screen(screen: Screen) -> Screen:
    """A virtual X screen on which xdotool can press keys."""
    if XDOTOOL is None:
        pytest.skip("xdotool is not installed; `python3 dev.py test` installs it")
    return screen


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Print the summary line of each crash run (tests/e2e/test_crash.py), pass or fail."""
    from tests.e2e.crash_harness import SUMMARY_KEY

    lines = terminalreporter.config.stash.get(SUMMARY_KEY, [])
    if lines:
        terminalreporter.section("crash safety")
        for line in lines:
            terminalreporter.write_line(line)
