"""One sentence for the preview that says what is wrong with a template and what to do."""

from __future__ import annotations

from followup_desktop.compose.context import AUTOMATIC, SETTINGS, VARIABLES
from followup_desktop.compose.render import TemplateProblem


def _where(place: str) -> str:
    if place == SETTINGS:
        return "fill it in under Settings"
    if place == AUTOMATIC:
        return "it is filled in automatically"
    return f"fill it in on the {place}"


def explain(problem: TemplateProblem) -> str:
    """A sentence for the preview: which value is missing and where to fill it in, or the
    template error with its line."""
    name = problem.missing
    if name is not None and name in VARIABLES:
        variable = VARIABLES[name]
        return f"The message needs {variable.description} — {_where(variable.where_to_fill)}."
    if name is not None:
        where = f"Line {problem.line}: " if problem.line is not None else ""
        return f"{where}unknown name '{name}'. Check the spelling against the list of variables."
    return str(problem)
