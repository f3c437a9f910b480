"""No Qt below ui/: only followup_desktop/ui/ and followup_desktop/app.py may import PySide6."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.fresh_python import QT, packages_loaded_by

PACKAGE = Path(__file__).resolve().parents[2] / "followup_desktop"
QT_PACKAGES = ("PySide6", "shiboken6", "PyQt5", "PyQt6", "PySide2", "qtpy")


def allowed(path: Path) -> bool:
    relative = path.relative_to(PACKAGE)
    return relative.parts[0] == "ui" or relative == Path("app.py")


def _imported_names(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom):
        return [node.module] if node.level == 0 and node.module else []
    if (  # __import__("PySide6...") and importlib.import_module("PySide6...")
        isinstance(node, ast.Call)
        and node.args
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
        and (
            (isinstance(node.func, ast.Name) and node.func.id == "__import__")
            or (isinstance(node.func, ast.Attribute) and node.func.attr == "import_module")
        )
    ):
        return [node.args[0].value]
    return []


def qt_imports(source: str, label: str) -> list[str]:
    """Every import of a Qt binding in ``source``, anywhere (functions, try blocks, ...)."""
    found = []
    for node in ast.walk(ast.parse(source, filename=label)):
        for name in _imported_names(node):
            if name.split(".")[0] in QT_PACKAGES:
                found.append(f"{label}:{getattr(node, 'lineno', 0)}: {name}")
    return found


def test_the_check_finds_qt_imports_anywhere() -> None:
    source = (
        "import os\n"
        "from . import sibling\n"
        "def f():\n"
        "    from PySide6.QtCore import QObject\n"
        "    import shiboken6, json\n"
        "    return importlib.import_module('PySide6.QtGui')\n"
        "try:\n"
        "    import PySide6\n"
        "except ImportError:\n"
        "    __import__('PyQt6')\n"
    )
    assert sorted(qt_imports(source, "x.py")) == [
        "x.py:10: PyQt6",
        "x.py:4: PySide6.QtCore",
        "x.py:5: shiboken6",
        "x.py:6: PySide6.QtGui",
        "x.py:8: PySide6",
    ]


def test_no_qt_outside_ui() -> None:
    modules = [p for p in sorted(PACKAGE.rglob("*.py")) if not allowed(p)]
    assert any(p.parent.name == "storage" for p in modules)  # the scan really looked
    offenders = [
        line
        for path in modules
        for line in qt_imports(path.read_text(encoding="utf-8"), str(path.relative_to(PACKAGE)))
    ]
    assert offenders == [], "Qt imported outside ui/ and app.py:\n" + "\n".join(offenders)


def test_core_packages_import_without_qt() -> None:
    loaded = packages_loaded_by(
        "import followup_desktop.storage, followup_desktop.domain, followup_desktop.compose\n"
        "import followup_desktop.paths, followup_desktop.settings"
    )
    assert not loaded & QT
