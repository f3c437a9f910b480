"""The coach's findings in one debrief's notes, counted by category, for the Insights page.
No Qt. The app counts a debrief after each save (off the GUI thread) and stores the counts
with it (``Repository.save_coach_counts``); 100,000 debriefs are never reviewed at once.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from followup_desktop.coach import Coach
    from followup_desktop.domain.model import Debrief

NotesKey = tuple[object, ...]


def notes_key(debrief: Debrief) -> NotesKey:
    """Everything the count depends on: equal keys, equal counts."""
    return (
        debrief.key_takeaways,
        debrief.strengths,
        debrief.growth_areas,
        debrief.private_notes,
        debrief.decision.next_steps,
        tuple((item.rating, item.evidence) for item in debrief.competencies),
    )


def count_findings(debrief: Debrief, coach: Coach | None = None) -> dict[str, int]:
    """How many findings of each category the coach has for the notes, as the debrief page
    shows them: each notes field (takeaways, strengths, growth areas, private notes, next
    steps, each competency's evidence) reviewed as notes, plus the debrief-level findings (a
    strong rating with too little evidence). Categories with none are left out."""
    if coach is None:
        from followup_desktop.coach import default_coach

        coach = default_coach()
    texts = (
        debrief.key_takeaways,
        debrief.strengths,
        debrief.growth_areas,
        debrief.private_notes,
        debrief.decision.next_steps,
        *(item.evidence for item in debrief.competencies),
    )
    found: Counter[str] = Counter()
    for text in texts:
        if text.strip():
            found.update(str(f.category) for f in coach.review(text, audience="notes"))
    found.update(str(f.category) for f in coach.review_debrief(debrief, audience="notes"))
    return dict(found)
