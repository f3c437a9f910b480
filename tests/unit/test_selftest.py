"""``--self-test`` checks what the app reads at run time: the coach's data and the holidays."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from followup_desktop import selftest
from followup_desktop.coach import candidate


def test_a_sound_installation_passes_with_the_coach_and_holidays_named(tmp_path: Path) -> None:
    out = io.StringIO()
    assert selftest.run_self_test(tmp_path, demo=False, out=out) == 0
    report = out.getvalue()
    assert "coach: rules and dictionaries read" in report
    assert "holidays: public-holiday calendars read" in report
    assert report.rstrip().endswith("OK")


def test_a_missing_spelling_dictionary_fails_the_self_test(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def missing() -> None:
        raise FileNotFoundError("resources/en.json.gz")

    dictionary = candidate._Dictionary()  # a fresh one: nothing loaded or cached yet
    monkeypatch.setattr(dictionary, "checker", missing)
    monkeypatch.setattr(candidate, "DICTIONARY", dictionary)
    out = io.StringIO()
    assert selftest.run_self_test(tmp_path, demo=False, out=out) == 1
    assert "FAIL the coach could not check a misspelt word in a message" in out.getvalue()
    assert "en.json.gz" in out.getvalue()


def test_a_coach_that_flags_nothing_fails_the_self_test(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("followup_desktop.coach.review", lambda *args, **kwargs: [])
    out = io.StringIO()
    assert selftest.run_self_test(tmp_path, demo=False, out=out) == 1
    report = out.getvalue()
    assert "FAIL the coach did not flag vague wording in notes" in report
    assert "FAIL the coach did not flag a hard-to-read message" in report
    assert not report.rstrip().endswith("OK")
