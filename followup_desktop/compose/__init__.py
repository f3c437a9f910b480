"""Compose follow-up messages: the template catalog, the context and sandboxed rendering.

Plain Python, no Qt. Jinja2, Babel and zipfile are imported on first use, not on import.
"""

from followup_desktop.compose.catalog import (
    KEEP,
    MAX_TEMPLATE_BYTES,
    Catalog,
    Origin,
    Template,
    TemplateHeader,
    TemplateHeaderError,
    builtin_template,
    builtin_templates,
    check_template,
    new_template_source,
    parse_header,
    validate_id,
    with_header,
)
from followup_desktop.compose.context import VARIABLES, Variable, build_context
from followup_desktop.compose.explain import explain
from followup_desktop.compose.filters import join_and, long_date, sentence, short_date
from followup_desktop.compose.packs import (
    MAX_PACK_BYTES,
    MAX_PACK_FILES,
    ImportPlan,
    PackEntry,
    PackError,
    apply_import,
    export_pack,
    read_pack,
)
from followup_desktop.compose.render import (
    Rendered,
    TemplateProblem,
    check_source,
    find_unknown_names,
    render_source,
)

__all__ = [
    "KEEP",
    "MAX_PACK_BYTES",
    "MAX_PACK_FILES",
    "MAX_TEMPLATE_BYTES",
    "VARIABLES",
    "Catalog",
    "ImportPlan",
    "Origin",
    "PackEntry",
    "PackError",
    "Rendered",
    "Template",
    "TemplateHeader",
    "TemplateHeaderError",
    "TemplateProblem",
    "Variable",
    "apply_import",
    "build_context",
    "builtin_template",
    "builtin_templates",
    "check_source",
    "check_template",
    "explain",
    "export_pack",
    "find_unknown_names",
    "join_and",
    "long_date",
    "new_template_source",
    "parse_header",
    "read_pack",
    "render_source",
    "sentence",
    "short_date",
    "validate_id",
    "with_header",
]
