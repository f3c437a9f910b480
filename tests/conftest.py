"""Shared test setup: headless Qt for everything except the tests that start their own screen."""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.pop("FOLLOWUP_DATA_DIR", None)
