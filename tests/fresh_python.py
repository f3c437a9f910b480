"""Run code in a fresh interpreter and see which packages it loaded (import-cost and layering
checks: a module already imported by the test process would hide the answer)."""

from __future__ import annotations

import subprocess
import sys

QT = frozenset({"PySide6", "shiboken6"})


def modules_loaded_by(code: str) -> set[str]:
    """The names in ``sys.modules`` after ``code`` ran in a new interpreter (which fails the
    test if ``code`` raises or exits with a status other than 0)."""
    script = f"{code}\nimport sys\nprint(' '.join(sorted(sys.modules)))\n"
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return set(result.stdout.split())


def packages_loaded_by(code: str) -> set[str]:
    """The top-level packages in ``sys.modules`` after ``code`` ran in a new interpreter."""
    return {name.split(".")[0] for name in modules_loaded_by(code)}
