"""Compose follow-up messages: the template catalog, the context and sandboxed rendering.

Plain Python, no Qt. Jinja2 and Babel are imported on first render, not on import.
"""

from followup_desktop.compose.catalog import (
    BuiltinTemplate,
    TemplateHeader,
    TemplateHeaderError,
    builtin_template,
    builtin_templates,
    load_templates,
    parse_header,
    template_for_outcome,
)
from followup_desktop.compose.context import VARIABLES, Variable, build_context
from followup_desktop.compose.explain import explain
from followup_desktop.compose.filters import join_and, long_date, sentence, short_date
from followup_desktop.compose.render import (
    Rendered,
    TemplateProblem,
    check_source,
    render_source,
)

__all__ = [
    "VARIABLES",
    "BuiltinTemplate",
    "Rendered",
    "TemplateHeader",
    "TemplateHeaderError",
    "TemplateProblem",
    "Variable",
    "build_context",
    "builtin_template",
    "builtin_templates",
    "check_source",
    "explain",
    "join_and",
    "load_templates",
    "long_date",
    "parse_header",
    "render_source",
    "sentence",
    "short_date",
    "template_for_outcome",
]
