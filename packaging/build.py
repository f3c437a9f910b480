"""Build Follow-up Desk as a bundle for the machine this runs on: a folder (Linux, Windows) or a
.app (macOS) that starts without Python.

    python packaging/build.py [--languages all|en,de,...] [--dist DIR] [--work DIR] [--archive]

Run it with the Python the app is installed in, with the packaging extra
(``pip install -e ".[package]"``, which brings PyInstaller). It runs PyInstaller on
``packaging/followup-desktop.spec`` and writes

    packaging/dist/followup-desktop/            Linux and Windows: start followup-desktop[.exe]
    packaging/dist/Follow-up Desk.app           macOS

On Linux the folder also gets ``share/`` (the desktop entry, AppStream metainfo and icons) and
``install-desktop-entry.sh``, which adds the app to the user's applications menu.
``--archive`` also packs the result for download: a .tar.gz (Linux), a .zip (Windows), a .dmg
(macOS, with hdiutil). PyInstaller builds only for the system it runs on: build each platform
on that platform.
"""

from __future__ import annotations

import argparse
import importlib.util
import platform
import shutil
import subprocess
import sys
import tarfile
import time
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import bundling  # noqa: E402

from followup_desktop import APP_NAME, __version__  # noqa: E402
from followup_desktop.paths import APP_ID  # noqa: E402

SPEC = HERE / "followup-desktop.spec"
INSTALLER = "install-desktop-entry.sh"


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument(
        "--languages",
        default=",".join(bundling.LANGUAGES),
        help="template languages whose dates the bundle writes: comma-separated Babel codes, "
        f"or 'all' (default: {','.join(bundling.LANGUAGES)})",
    )
    parser.add_argument("--dist", type=Path, default=HERE / "dist", help="where the bundle goes")
    parser.add_argument(
        "--work", type=Path, default=HERE / "build", help="PyInstaller's work folder"
    )
    parser.add_argument("--archive", action="store_true", help="also pack it for download")
    return parser.parse_args(argv)


def bundle_path(dist: Path) -> Path:
    """The built app: the .app on macOS, else the folder holding the executable."""
    if sys.platform == "darwin":
        return dist / f"{APP_NAME}.app"
    return dist / bundling.EXECUTABLE


def executable_path(dist: Path) -> Path:
    if sys.platform == "darwin":
        return bundle_path(dist) / "Contents" / "MacOS" / bundling.EXECUTABLE
    suffix = ".exe" if sys.platform == "win32" else ""
    return bundle_path(dist) / f"{bundling.EXECUTABLE}{suffix}"


def add_desktop_integration(folder: Path) -> None:
    """Linux: ``share/`` laid out as under /usr/share, and the script that installs it."""
    share = folder / "share"
    icons = bundling.ROOT / "resources" / "icons"
    shutil.copy2(HERE / f"{APP_ID}.desktop", _mkdir(share / "applications"))
    shutil.copy2(HERE / f"{APP_ID}.metainfo.xml", _mkdir(share / "metainfo"))
    shutil.copytree(icons / "hicolor", share / "icons" / "hicolor", dirs_exist_ok=True)
    shutil.copy2(icons / f"{APP_ID}.svg", _mkdir(share / "icons" / "hicolor" / "scalable" / "apps"))
    shutil.copy2(HERE / INSTALLER, folder / INSTALLER)


def _mkdir(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def archive(dist: Path) -> Path:
    machine = platform.machine().lower() or "unknown"
    system = {"win32": "windows", "darwin": "macos"}.get(sys.platform, "linux")
    stem = dist / f"{bundling.EXECUTABLE}-{__version__}-{system}-{machine}"
    built = bundle_path(dist)
    if sys.platform == "darwin":  # a disk image keeps the .app's links and signatures
        target = stem.with_suffix(".dmg")
        target.unlink(missing_ok=True)
        subprocess.run(
            ["hdiutil", "create", "-volname", APP_NAME, "-srcfolder", str(built), "-ov",
             "-format", "UDZO", str(target)],
            check=True,
        )  # fmt: skip
        return target
    if sys.platform == "win32":
        return Path(shutil.make_archive(str(stem), "zip", dist, built.name))
    target = Path(f"{stem}.tar.gz")
    with tarfile.open(target, "w:gz") as tar:  # keeps symbolic links and executable bits
        tar.add(built, arcname=built.name)
    return target


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if importlib.util.find_spec("PyInstaller") is None:
        print(
            f"build.py: PyInstaller is not installed for {sys.executable}. Install the "
            'packaging extra first:  python -m pip install -e ".[package]"',
            file=sys.stderr,
        )
        return 2
    dist, work = args.dist.resolve(), args.work.resolve()
    started = time.perf_counter()
    command = [
        sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
        "--distpath", str(dist), "--workpath", str(work), str(SPEC),
        "--", "--languages", args.languages,
    ]  # fmt: skip
    print("build.py: " + " ".join(command), flush=True)
    if subprocess.run(command, cwd=HERE.parent, check=False).returncode != 0:
        print("build.py: PyInstaller failed (its messages are above)", file=sys.stderr)
        return 1
    built = bundle_path(dist)
    if sys.platform.startswith("linux"):
        add_desktop_integration(built)
    seconds = time.perf_counter() - started
    size = bundling.disk_usage(built) / 1e6
    print(f"build.py: built {built} ({size:.0f} MB) in {seconds:.0f} s")
    print(f"build.py: start it with {executable_path(dist)}")
    if args.archive:
        print(f"build.py: packed {archive(dist)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
