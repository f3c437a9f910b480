"""Every path: --data-dir beats FOLLOWUP_DATA_DIR beats the platform default."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from collections.abc import Iterator
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


@pytest.fixture
def fresh_bundle_root() -> Iterator[None]:
    """``_bundle_root`` is cached: forget it before and after a test that changes its answer."""
    paths._bundle_root.cache_clear()
    yield
    paths._bundle_root.cache_clear()


def test_templates_and_resources_in_an_installed_wheel(tmp_path: Path) -> None:
    """The wheel's layout (``force-include``): both folders inside the package, in
    site-packages. tests/test_wheel.py checks a real wheel installed in a fresh venv."""
    package = tmp_path / "site-packages" / "followup_desktop"
    (package / "templates").mkdir(parents=True)
    (package / "resources").mkdir()
    shutil.copy2(Path(paths.__file__), package / "paths.py")
    spec = importlib.util.spec_from_file_location("wheel_paths", package / "paths.py")
    assert spec is not None and spec.loader is not None
    installed = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(installed)
    assert installed.templates_dir() == package / "templates"
    assert installed.resources_dir() == package / "resources"
    assert installed.app_icon() == package / "resources" / "icons" / f"{paths.APP_ID}.svg"


@pytest.mark.usefixtures("fresh_bundle_root")
def test_templates_and_resources_in_a_frozen_bundle(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PyInstaller sets ``sys.frozen`` and ``sys._MEIPASS`` (the one-folder bundle's
    ``_internal``). tests/test_packaging.py starts a real bundle."""
    internal = tmp_path / "followup-desktop" / "_internal"
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(internal), raising=False)
    assert paths.templates_dir() == internal / "templates"
    assert paths.resources_dir() == internal / "resources"


@pytest.mark.usefixtures("fresh_bundle_root")
def test_a_frozen_app_without_meipass_looks_beside_the_executable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.delattr(sys, "_MEIPASS", raising=False)
    monkeypatch.setattr(sys, "executable", str(tmp_path / "app" / "followup-desktop"))
    assert paths.templates_dir() == tmp_path / "app" / "templates"


def test_the_app_icon_is_named_by_the_app_id() -> None:
    assert paths.app_icon() == REPO / "resources" / "icons" / f"{paths.APP_ID}.svg"
    assert paths.app_icon().is_file()


def test_the_app_icon_comes_drawn_at_every_usual_size() -> None:
    sizes = paths.app_icon_sizes()
    assert list(sizes) == [16, 24, 32, 48, 64, 128, 256, 512]
    for width, path in sizes.items():
        assert path == REPO / "resources" / "icons" / "hicolor" / f"{width}x{width}" / "apps" / (
            f"{paths.APP_ID}.png"
        )
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
