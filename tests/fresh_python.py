"""Run code in a fresh interpreter and see which packages it loaded (import-cost and layering
checks: a module already imported by the test process would hide the answer)."""

from __future__ import annotations

import subprocess
import sys

QT = frozenset({"PySide6", "shiboken6"})


def packages_loaded_by(code: str) -> set[str]:
    """The top-level packages in ``sys.modules`` after ``code`` ran in a new interpreter
    (which fails the test if ``code`` raises)."""
    script = (
        f"{code}\nimport sys\nprint(' '.join(sorted({{m.split('.')[0] for m in sys.modules}})))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return set(result.stdout.split())
