"""The feedback coach: flags vague, biased and unsupported wording, and says what to write.

Plain Python, no Qt. Importing is cheap: the rule files under ``resources/coach/`` are read and
compiled on the first ``review`` (or ``load_problems``) call, then cached. docs/coach.md
describes the rule files and the pattern language.

    review(text, audience="notes", debrief=None) -> list[Finding]

``audience`` is ``"notes"`` (what the interviewer records) or ``"candidate"`` (the outgoing
message). Rules that need a ``debrief`` are skipped without one; with one, ``review`` adds the
debrief findings about ``text`` itself (``text`` being a competency's evidence), and
``review_debrief`` gives every debrief finding with the field it belongs to.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from followup_desktop.coach.engine import Coach
from followup_desktop.coach.findings import Category, Finding, RuleFileProblem, Severity

if TYPE_CHECKING:
    from followup_desktop.domain.model import Debrief

__all__ = [
    "Category",
    "Coach",
    "Finding",
    "RuleFileProblem",
    "Severity",
    "default_coach",
    "load_problems",
    "review",
    "review_debrief",
]

_default: Coach | None = None
_default_lock = threading.Lock()


def default_coach() -> Coach:
    """The coach over the built-in rules (``resources_dir() / "coach"``), made once."""
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                from followup_desktop.paths import resources_dir

                _default = Coach(resources_dir() / "coach")
    return _default


def review(
    text: str,
    *,
    audience: str = "notes",
    debrief: Debrief | None = None,
    reading_ease_min: float | None = None,
) -> list[Finding]:
    """The findings in ``text`` for ``audience``, sorted by ``start``.

    ``reading_ease_min``: the Flesch reading ease under which a candidate message is flagged
    as hard to read (default: the coach's, 40).
    """
    return default_coach().review(
        text, audience=audience, debrief=debrief, reading_ease_min=reading_ease_min
    )


def review_debrief(debrief: Debrief, *, audience: str = "notes") -> list[Finding]:
    """Every debrief-level finding, each with the field it belongs to (``Finding.target``)."""
    return default_coach().review_debrief(debrief, audience=audience)


def load_problems() -> list[RuleFileProblem]:
    """The built-in rule files' problems (file, line, what), for the app to show at start-up."""
    return default_coach().problems()
