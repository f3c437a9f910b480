"""Command line: parse arguments, then hand over. Qt is imported only for the window."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    print("not yet", file=sys.stderr)
    return 1
