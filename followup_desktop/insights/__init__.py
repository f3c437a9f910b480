"""The interviewer's own figures, over time: computed from storage's per-day sums, said in
plain sentences, exported as CSV. No Qt (the page is ``ui/insights_page.py``)."""

from followup_desktop.insights.figures import Insights, Measures, Value, WorkingDays, compute
from followup_desktop.insights.periods import Period
from followup_desktop.insights.wording import Chart, Section, Series, empty_text, sections

__all__ = [
    "Chart",
    "Insights",
    "Measures",
    "Period",
    "Section",
    "Series",
    "Value",
    "WorkingDays",
    "compute",
    "empty_text",
    "sections",
]
