"""Every path: --data-dir beats FOLLOWUP_DATA_DIR beats the platform default."""

from __future__ import annotations

from pathlib import Path

import pytest

from followup_desktop import paths

REPO = Path(__file__).resolve().parents[2]


def test_cli_beats_environment(tmp_path: Path) -> None:
    chosen = paths.data_dir(str(tmp_path / "cli"), {paths.ENV_DATA_DIR: str(tmp_path / "env")})
    assert chosen == tmp_path / "cli"


def test_environment_beats_default(tmp_path: Path) -> None:
    chosen = paths.data_dir(None, {paths.ENV_DATA_DIR: str(tmp_path / "env")})
    assert chosen == tmp_path / "env"


def test_empty_values_fall_through(tmp_path: Path) -> None:
    assert paths.data_dir("", {paths.ENV_DATA_DIR: str(tmp_path)}) == tmp_path
    assert paths.data_dir(None, {paths.ENV_DATA_DIR: ""}) == paths.data_dir(None, {})


def test_default_is_the_platform_user_data_folder() -> None:
    default = paths.data_dir(None, {})
    assert default.is_absolute()
    assert paths.APP_DIR_NAME in default.parts[-1]


def test_relative_and_home_paths_are_made_absolute(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert paths.data_dir("rel/data", {}) == tmp_path / "rel" / "data"
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("USERPROFILE", str(tmp_path / "home"))  # Windows
    assert paths.data_dir("~/notes", {}) == tmp_path / "home" / "notes"


def test_environment_variable_read_from_os_environ(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(paths.ENV_DATA_DIR, str(tmp_path))
    assert paths.data_dir() == tmp_path


def test_demo_folder_is_never_the_real_one() -> None:
    demo = paths.demo_data_dir()
    real = paths.data_dir(None, {})
    assert demo != real
    assert demo.is_absolute()
    assert real not in demo.parents and demo not in real.parents


def test_templates_and_resources_in_the_source_tree() -> None:
    assert paths.templates_dir() == REPO / "templates"
    assert paths.resources_dir() == REPO / "resources"
    assert paths.templates_dir().is_dir()
    assert paths.resources_dir().is_dir()
