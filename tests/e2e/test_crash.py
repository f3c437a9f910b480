"""Crash safety, proven by killing the real app while a person types (issue 6).

SIGKILL at any moment loses nothing committed and at most the last second of typing, the
database passes ``PRAGMA integrity_check`` after every kill, and the next start takes over the
stale lock and shows its window. tests/e2e/crash_harness.py says how each round goes and what
it checks. The short run, 20 kills, is part of the suite; the long run is

    .venv/bin/python -m pytest -q -p no:cacheprovider tests/e2e/test_crash.py --crash-kills 300

and ``--crash-seed S`` repeats a run's random choices (the summary line names its seed).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.conftest import Screen
from tests.e2e.crash_harness import SUMMARY_KEY, CrashRun, new_seed

pytestmark = pytest.mark.screen


def test_killing_the_app_while_typing_loses_at_most_the_last_second(
    typing_screen: Screen, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    kills: int = request.config.getoption("--crash-kills")
    if kills <= 0:
        pytest.skip("--crash-kills 0: no kills asked for")
    seed: int | None = request.config.getoption("--crash-seed")
    run = CrashRun(typing_screen, tmp_path, seed=new_seed() if seed is None else seed)
    try:
        for number in range(1, kills + 1):
            run.run_round(number)
    finally:
        run.close()
        summary = run.summary()
        request.config.stash.setdefault(SUMMARY_KEY, []).append(summary)
        print(summary)
    assert not run.failures(), run.report()
