"""Importing compose stays cheap: Jinja2 and Babel load on first render, not on import."""

from __future__ import annotations

import subprocess
import sys


def test_import_does_not_load_jinja_or_babel() -> None:
    code = (
        "import sys\n"
        "import followup_desktop.compose, followup_desktop.demo\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in {'jinja2', 'babel'})\n"
        "print(','.join(heavy))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == ""


def test_compose_imports_no_qt() -> None:
    code = (
        "import sys\n"
        "import followup_desktop.compose, followup_desktop.demo\n"
        "from followup_desktop.compose import render_source\n"
        "render_source('{{ 1 }}', {})\n"
        "print(any(m.startswith(('PySide6', 'shiboken6')) for m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "False"
