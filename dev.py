#!/usr/bin/env python3
"""Set up Follow-up Desk from a source checkout, then start it or test it. Standard library only.

    python3 dev.py start [app arguments...]     set everything up, then start the app
    python3 dev.py test  [pytest arguments...]  set everything up, then run the whole test suite

Setting up means: Python 3.11 or newer; on Debian and Ubuntu, the system libraries Qt needs
(installed with apt-get when run as root, otherwise the exact command to run is printed), and
for the tests the tools that build and check the app bundle; a virtual environment in .venv;
the project installed in it, editable, with its test and packaging extras. Each step is
skipped when already done, so a second run starts at once.
"""

from __future__ import annotations

import hashlib
import os
import platform
import shutil
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # nothing here runs, so an old Python still reaches the version check
    from collections.abc import Mapping, Sequence
    from typing import TypeAlias

    Package: TypeAlias = tuple[str, ...]

MIN_PYTHON = (3, 11)
ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".followup-dev-stamp"
WINDOWS = os.name == "nt"

# Debian/Ubuntu packages, each a tuple of alternative names (newest naming first: Ubuntu 24.04
# and Debian 13 renamed some libraries with a "t64" suffix).
ALWAYS: list[Package] = [("python3-venv",), ("fonts-dejavu-core",)]
QT_OFFSCREEN: list[Package] = [
    ("libegl1",), ("libgl1",), ("libfontconfig1",), ("libfreetype6",),
    ("libglib2.0-0t64", "libglib2.0-0"), ("libx11-6",), ("libxkbcommon0",), ("libdbus-1-3",),
]  # fmt: skip
QT_ON_SCREEN: list[Package] = [
    ("libxkbcommon-x11-0",), ("libxcb-cursor0",), ("libxcb-icccm4",), ("libxcb-image0",),
    ("libxcb-keysyms1",), ("libxcb-randr0",), ("libxcb-render-util0",), ("libxcb-shape0",),
    ("libxcb-xkb1",), ("libxcb-util1",), ("libx11-xcb1",),
]  # fmt: skip
XVFB: list[Package] = [("xvfb",), ("xauth",), ("xdotool",)]  # a screen and real key presses
# The packaging tests: PyInstaller needs objdump and strip; the desktop entry and the AppStream
# metainfo are checked with desktop-file-validate and appstreamcli.
PACKAGING: list[Package] = [("binutils",), ("desktop-file-utils",), ("appstream",)]


def say(message: str) -> None:
    print(f"dev.py: {message}", flush=True)


def fail(message: str) -> int:
    print(f"dev.py: {message}", file=sys.stderr, flush=True)
    return 1


class SetupError(Exception):
    """Setup cannot go on; the message says what to do."""


# -- Python -------------------------------------------------------------------------------


def check_python() -> None:
    if sys.version_info < MIN_PYTHON:
        wanted = ".".join(map(str, MIN_PYTHON))
        raise SetupError(
            f"Follow-up Desk needs Python {wanted} or newer; this is {platform.python_version()} "
            f"({sys.executable}). Install Python {wanted}+ and run: python3.11 dev.py ..."
        )


# -- system packages (Debian and Ubuntu) ----------------------------------------------------


def os_release() -> dict[str, str]:
    values: dict[str, str] = {}
    try:
        text = Path("/etc/os-release").read_text(encoding="utf-8")
    except OSError:
        return values
    for line in text.splitlines():
        key, sep, value = line.partition("=")
        if sep:
            values[key.strip()] = value.strip().strip("'\"")
    return values


def is_debian_like(release: dict[str, str]) -> bool:
    family = {release.get("ID", ""), *release.get("ID_LIKE", "").split()}
    return bool(family & {"debian", "ubuntu"})


def is_t64_era(release: dict[str, str]) -> bool:
    """Debian 13+ and Ubuntu 24.04+ name some libraries with a "t64" suffix."""
    try:
        version = float(release.get("VERSION_ID", "0"))
    except ValueError:
        version = 0
    if release.get("ID") == "ubuntu":
        return version >= 24.04
    if release.get("ID") == "debian":
        return version >= 13 or not release.get("VERSION_ID")  # testing/sid have no number
    return False


def wanted_packages(command: str) -> list[Package]:
    wanted = [*ALWAYS, *QT_OFFSCREEN]
    if command == "test":
        wanted += QT_ON_SCREEN + XVFB + PACKAGING + libpython()  # on-screen test: Xvfb
    elif os.environ.get("QT_QPA_PLATFORM", "") not in ("offscreen", "minimal"):
        wanted += QT_ON_SCREEN
    return wanted


def libpython() -> list[Package]:
    """PyInstaller bundles Python's shared library, which Debian's and Ubuntu's own Python
    (in /usr) ships in a package of its own."""
    if sys.base_prefix != "/usr":
        return []
    version = f"{sys.version_info[0]}.{sys.version_info[1]}"
    return [(f"libpython{version}t64", f"libpython{version}")]


def installed_packages(names: Sequence[str]) -> set[str]:
    result = subprocess.run(
        ["dpkg-query", "-W", "-f=${Package} ${Status}\\n", *names],
        capture_output=True,
        text=True,
        check=False,
    )
    installed = set()
    for line in result.stdout.splitlines():
        name, _, status = line.partition(" ")
        if status.split()[-1:] == ["installed"]:
            installed.add(name.split(":")[0])
    return installed


def apt_knows(name: str) -> bool:
    result = subprocess.run(
        ["apt-cache", "policy", name],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "LC_ALL": "C"},  # "Candidate:" is translated otherwise
    )
    for line in result.stdout.splitlines():
        key, _, value = line.strip().partition(":")
        if key == "Candidate":
            return value.strip() not in ("", "(none)")
    return False


def choose(alternatives: Package, release: dict[str, str]) -> str:
    """The name to install: the first the apt cache knows, else the one for this release."""
    if len(alternatives) == 1:
        return alternatives[0]
    for name in alternatives:
        if apt_knows(name):
            return name
    return alternatives[0] if is_t64_era(release) else alternatives[-1]


def ensure_system_packages(command: str) -> None:
    if not sys.platform.startswith("linux"):
        return
    release = os_release()
    if not is_debian_like(release) or shutil.which("dpkg-query") is None:
        say("not Debian or Ubuntu: skipping the check for Qt's system libraries")
        return
    wanted = wanted_packages(command)
    installed = installed_packages([name for group in wanted for name in group])
    missing = [group for group in wanted if not installed.intersection(group)]
    if not missing:
        return
    is_root = getattr(os, "geteuid", lambda: -1)() == 0
    if not is_root:
        names = [choose(group, release) for group in missing]
        raise SetupError(
            "System packages that Qt or the tests need are missing. Run this, then run dev.py "
            "again:\n"
            f"    sudo apt-get install -y --no-install-recommends {' '.join(names)}"
        )
    say(f"installing {len(missing)} system package(s) with apt-get")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    run(["apt-get", "update", "-q"], env=env)
    names = [choose(group, release) for group in missing]
    say(f"apt-get install {' '.join(names)}")
    run(["apt-get", "install", "-y", "-q", "--no-install-recommends", *names], env=env)


# -- the virtual environment ----------------------------------------------------------------


def venv_bin(name: str) -> Path:
    return VENV / ("Scripts" if WINDOWS else "bin") / (f"{name}.exe" if WINDOWS else name)


def venv_python() -> Path:
    return venv_bin("python")


def venv_works() -> bool:
    python = venv_python()
    if not python.exists():
        return False
    probe = "import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)"
    try:
        result = subprocess.run([str(python), "-c", probe], capture_output=True, check=False)
    except OSError:
        return False
    return result.returncode == 0


def ensure_venv() -> None:
    if venv_works():
        return
    broken = VENV.exists()
    say(f"{'re-creating the broken' if broken else 'creating the'} virtual environment {VENV}")
    command = [sys.executable, "-m", "venv", *(["--clear"] if broken else []), str(VENV)]
    if subprocess.run(command, check=False).returncode != 0 or not venv_works():
        raise SetupError(
            f"could not create a virtual environment in {VENV}. On Debian or Ubuntu install "
            "python3-venv (sudo apt-get install python3-venv), then run dev.py again."
        )


def install_fingerprint() -> str:
    """Changes whenever the installed project would differ: dependencies, location, Python."""
    digest = hashlib.sha256()
    digest.update((ROOT / "pyproject.toml").read_bytes())
    digest.update(str(ROOT).encode())
    digest.update(str(venv_python()).encode())
    return digest.hexdigest()


def ensure_project_installed() -> None:
    fingerprint = install_fingerprint()
    try:
        up_to_date = STAMP.read_text(encoding="utf-8").strip() == fingerprint
    except OSError:
        up_to_date = False
    if up_to_date and venv_bin("followup-desktop").exists():
        return
    say(
        "installing Follow-up Desk with its test and packaging tools into .venv "
        "(the first run takes a while)"
    )
    STAMP.unlink(missing_ok=True)
    run(
        [str(venv_python()), "-m", "pip", "install", "--disable-pip-version-check", "-q",
         "-e", ".[test,package]"],
        cwd=ROOT,
    )  # fmt: skip
    STAMP.write_text(fingerprint + "\n", encoding="utf-8")


# -- commands ------------------------------------------------------------------------------


def run(
    command: Sequence[str], *, cwd: Path | None = None, env: Mapping[str, str] | None = None
) -> None:
    result = subprocess.run(list(command), cwd=cwd, env=env, check=False)
    if result.returncode != 0:
        raise SetupError(f"this failed (exit status {result.returncode}): {' '.join(command)}")


def set_up(command: str) -> None:
    check_python()
    ensure_system_packages(command)
    ensure_venv()
    ensure_project_installed()
    compile_bytecode()


def compile_bytecode() -> None:
    """Compile the app's modules ahead, as an installed wheel is: it starts faster, also where
    PYTHONDONTWRITEBYTECODE stops Python from caching them itself. Quick when up to date."""
    run([str(venv_python()), "-m", "compileall", "-q", str(ROOT / "followup_desktop")])


def start(arguments: Sequence[str]) -> int:
    graphical = os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    if sys.platform.startswith("linux") and not graphical and "QT_QPA_PLATFORM" not in os.environ:
        say("no DISPLAY or WAYLAND_DISPLAY; without a screen, set QT_QPA_PLATFORM=offscreen")
    say("starting Follow-up Desk")
    return exit_status([str(venv_bin("followup-desktop")), *arguments])


def test(arguments: Sequence[str]) -> int:
    say("running the test suite")
    return exit_status([str(venv_python()), "-m", "pytest", *arguments], cwd=ROOT)


def exit_status(command: Sequence[str], cwd: Path | None = None) -> int:
    """Run ``command``; its exit status, with death by signal N reported as 128 + N."""
    code = subprocess.run(list(command), cwd=cwd, check=False).returncode
    if code < 0:
        say(f"{Path(command[0]).name} was killed by signal {-code}")
        return 128 - code
    return code


COMMANDS = {"start": start, "test": test}
USAGE = (
    "usage: python3 dev.py start [app arguments...]     set up, then start Follow-up Desk\n"
    "       python3 dev.py test [pytest arguments...]   set up, then run the whole test suite"
)


def main(argv: Sequence[str]) -> int:
    if not argv or argv[0] not in COMMANDS:
        print(USAGE, file=sys.stderr)
        return 0 if argv[:1] in (["-h"], ["--help"]) else 2
    command, arguments = argv[0], argv[1:]
    try:
        set_up(command)
        return COMMANDS[command](arguments)
    except SetupError as error:
        return fail(str(error))
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
