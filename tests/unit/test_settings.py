"""Settings: saved form, damaged values, scorecard defaults by role."""

from __future__ import annotations

from pathlib import Path

import pytest

from followup_desktop.domain.timeline import Timeline
from followup_desktop.settings import DEFAULT_COMPETENCIES, Settings


def test_round_trip() -> None:
    settings = Settings(
        interviewer_name="Zoë",
        respond_within_days=3,
        competencies_by_role={"Backend Engineer": ("Coding", "Design"), "": ("Communication",)},
        welcome_done=True,
        team_templates_dir="/srv/shared/Follow-up templates",
    )
    assert Settings.from_json(settings.to_json()) == settings
    assert Settings.from_json('{"company": "Acme"}').team_templates_dir == ""  # older settings


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "not json",
        "[]",
        "null",
        '"text"',
        '{"respond_within_days": "two"}',
        '{"respond_within_days": true}',
        '{"welcome_done": 1}',
        '{"competencies_by_role": [1]}',
        '{"competencies_by_role": "Coding"}',
        '{"interviewer_name": null}',
        '{"team_templates_dir": ["/srv"]}',
        '{"update_every_days": "3"}',
        '{"update_every_days": 2.5}',
        '{"working_days": []}',
        '{"working_days": [0, 7]}',
        '{"working_days": [true, 1]}',
        '{"working_days": "0,1,2"}',
        '{"working_days": [1.0]}',
        '{"holiday_country": 49}',
        '{"holiday_subdivision": null}',
        '{"retention_days": -1}',
        '{"retention_days": "180"}',
        '{"retention_days": 180.0}',
        '{"keep_recent_days": -2}',
        '{"keep_daily": true}',
        '{"keep_weekly": null}',
    ],
)
def test_damaged_values_fall_back_to_defaults(raw: str) -> None:
    assert Settings.from_json(raw) == Settings()


def test_good_fields_survive_beside_damaged_ones() -> None:
    loaded = Settings.from_json('{"company": "Northwind", "respond_within_days": "x", "new": 1}')
    assert loaded.company == "Northwind"
    assert loaded.respond_within_days == 2


def test_competencies_for_role_is_case_insensitive_with_fallbacks() -> None:
    settings = Settings(competencies_by_role={"Backend Engineer": ("Coding",)})
    assert settings.competencies_for("backend engineer ") == ("Coding",)
    assert settings.competencies_for("Designer") == DEFAULT_COMPETENCIES
    custom = Settings(competencies_by_role={"": ("Craft",)})
    assert custom.competencies_for("Anything") == ("Craft",)


def test_team_templates_folder() -> None:
    assert Settings().team_templates_path is None
    assert Settings(team_templates_dir="  ").team_templates_path is None
    assert Settings(team_templates_dir="/srv/team").team_templates_path == Path("/srv/team")
    assert Settings(team_templates_dir="~/team").team_templates_path == Path.home() / "team"


def test_timeline_settings_round_trip() -> None:
    settings = Settings(
        update_every_days=5,
        working_days=(0, 1, 2, 3, 6),
        holiday_country="GB",
        holiday_subdivision="SCT",
    )
    assert Settings.from_json(settings.to_json()) == settings
    older = Settings.from_json('{"company": "Acme"}')
    assert (older.update_every_days, older.working_days) == (3, (0, 1, 2, 3, 4))
    assert (older.holiday_country, older.holiday_subdivision) == ("", "")


def test_working_days_are_kept_sorted_and_distinct() -> None:
    assert Settings.from_json('{"working_days": [6, 0, 3, 3]}').working_days == (0, 3, 6)


def test_timeline_follows_the_settings() -> None:
    settings = Settings(
        respond_within_days=4,
        update_every_days=2,
        working_days=(6, 0, 1, 2, 3),
        holiday_country="DE",
        holiday_subdivision="BY",
    )
    assert settings.timeline == Timeline(
        respond_within_days=4,
        update_every_days=2,
        working_days=frozenset({6, 0, 1, 2, 3}),
        country="DE",
        subdivision="BY",
    )
    assert Settings().timeline == Timeline()


@pytest.mark.parametrize(
    ("country", "subdivision"), [("XX", ""), ("US", "ZZ"), ("", "ENG"), ("Narnia", "North")]
)
def test_an_unknown_holiday_country_falls_back_to_none(country: str, subdivision: str) -> None:
    """A country the installed holidays package does not know must not stop the app."""
    settings = Settings.from_json(
        f'{{"holiday_country": "{country}", "holiday_subdivision": "{subdivision}",'
        ' "respond_within_days": 3}'
    )
    assert settings.holiday_country == country  # kept as saved: a newer package may know it
    assert settings.timeline == Timeline(respond_within_days=3)


def test_out_of_range_values_made_in_code_still_give_a_timeline() -> None:
    odd = Settings(respond_within_days=-1, update_every_days=-5, working_days=(9,))
    assert odd.timeline == Timeline()


def test_backup_and_retention_settings() -> None:
    defaults = Settings()
    assert (defaults.keep_recent_days, defaults.keep_daily, defaults.keep_weekly) == (2, 10, 8)
    assert defaults.retention_days == 180
    chosen = Settings(keep_recent_days=0, keep_daily=3, keep_weekly=52, retention_days=0)
    assert Settings.from_json(chosen.to_json()) == chosen  # 0 is a choice: kept forever
    assert Settings.from_json('{"company": "Acme"}').retention_days == 180  # older settings
