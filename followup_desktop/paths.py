"""Every path the app uses, in one place.

The data folder comes from ``--data-dir``, else ``FOLLOWUP_DATA_DIR``, else the platform's
user data folder. Built-in ``templates/`` and ``resources/`` are found beside the package in a
source tree, inside it in an installed wheel, and under ``sys._MEIPASS`` in a frozen bundle.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from functools import cache
from pathlib import Path

ENV_DATA_DIR = "FOLLOWUP_DATA_DIR"
APP_DIR_NAME = "followup-desktop"  # the data folder's name: never changes (users' data is there)
APP_ID = "io.github.followupdesk.FollowUpDesk"
"""The reverse-DNS application id. The desktop entry, the AppStream metainfo, the icon files
and Qt's organisation, application and desktop-file names all derive from it."""


def data_dir(cli_value: str | None = None, environ: Mapping[str, str] = os.environ) -> Path:
    """The data folder: ``--data-dir`` wins over ``FOLLOWUP_DATA_DIR``, then the default."""
    chosen = cli_value or environ.get(ENV_DATA_DIR) or None
    if chosen:
        return Path(chosen).expanduser().absolute()
    import platformdirs

    return platformdirs.user_data_path(APP_DIR_NAME, appauthor=False)


def demo_data_dir() -> Path:
    """Where ``--demo`` keeps its sample data when no data folder is given: never the real one."""
    import platformdirs

    return platformdirs.user_data_path(f"{APP_DIR_NAME}-demo", appauthor=False)


@cache
def _bundle_root() -> Path:
    """The folder holding ``templates/`` and ``resources/``.

    Frozen (PyInstaller): ``sys._MEIPASS``, the bundle's ``_internal`` folder (on macOS the
    .app's ``Contents/Frameworks``, which links them from ``Contents/Resources``); a freezer
    without it keeps them beside the executable. Installed wheel: inside the package (the
    wheel's ``force-include``). Source tree: the package's parent, the repository root.
    """
    if getattr(sys, "frozen", False):
        frozen = getattr(sys, "_MEIPASS", None)
        return Path(frozen) if frozen else Path(sys.executable).resolve().parent
    package = Path(__file__).resolve().parent
    if (package / "templates").is_dir():  # installed wheel
        return package
    return package.parent  # source tree


def templates_dir() -> Path:
    return _bundle_root() / "templates"


def resources_dir() -> Path:
    return _bundle_root() / "resources"


def app_icon() -> Path:
    """The app's scalable icon, named by its id as desktops look it up."""
    return resources_dir() / "icons" / f"{APP_ID}.svg"


def app_icon_sizes() -> dict[int, Path]:
    """The app's icon drawn at each size, as PNG files by their width in pixels (made from the
    SVG by packaging/make_icons.py, in the freedesktop ``hicolor`` layout)."""
    found: dict[int, Path] = {}
    for path in (resources_dir() / "icons" / "hicolor").glob(f"*/apps/{APP_ID}.png"):
        width, _, height = path.parent.parent.name.partition("x")
        if width.isdigit() and width == height:
            found[int(width)] = path
    return dict(sorted(found.items()))
