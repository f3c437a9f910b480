"""Settings: saved form, damaged values, scorecard defaults by role."""

from __future__ import annotations

from pathlib import Path

import pytest

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
