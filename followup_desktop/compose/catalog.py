"""The built-in templates in ``templates/``: one ``.j2`` file each, with a metadata header.

A template file starts with a Jinja comment holding ``key: value`` lines::

    {#
    title: Rejection
    outcome: reject
    description: Closes the process respectfully; feedback only when you choose to share it.
    #}

``outcome`` is an :class:`Outcome` value, or ``none`` for a template not tied to a decision
(the thank-you note). A longer value may continue on indented lines.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from followup_desktop.domain.model import Outcome
from followup_desktop.paths import templates_dir

TEMPLATE_SUFFIX = ".j2"
HEADER_KEYS = ("title", "outcome", "description")
THANK_YOU_ID = "thank_you"

_HEADER = re.compile(r"\A\s*\{#(?P<body>.*?)#\}", re.DOTALL)
_KEY_LINE = re.compile(r"^(?P<key>[A-Za-z_][\w-]*)\s*:\s*(?P<value>.*)$")


class TemplateHeaderError(ValueError):
    """A template file's metadata header is missing or malformed; the message names the file."""


@dataclass(frozen=True)
class TemplateHeader:
    title: str
    outcome: Outcome | None
    description: str


@dataclass(frozen=True)
class BuiltinTemplate:
    """A built-in template: ``id`` is the file stem; ``source`` the whole file, header included."""

    id: str
    title: str
    outcome: Outcome | None
    description: str
    source: str


def parse_header(source: str, origin: str) -> TemplateHeader:
    """The metadata at the top of a template; ``origin`` (a file name) is used in errors."""
    found = _HEADER.match(source)
    if found is None:
        raise TemplateHeaderError(
            f"{origin}: the template must start with a header comment"
            " {# title: ... / outcome: ... / description: ... #}"
        )
    values: dict[str, str] = {}
    last_key: str | None = None
    first_line = source[: found.start("body")].count("\n") + 1
    for offset, raw in enumerate(found.group("body").splitlines()):
        line_no = first_line + offset
        if not raw.strip():
            continue
        match = _KEY_LINE.match(raw.strip())
        key = match.group("key").lower() if match else ""
        if key not in HEADER_KEYS and raw[:1].isspace() and last_key is not None:
            values[last_key] = f"{values[last_key]} {raw.strip()}".strip()
            continue
        if match is None:
            raise TemplateHeaderError(
                f"{origin}, line {line_no}: expected 'key: value' in the header,"
                f" got {raw.strip()!r}"
            )
        if key not in HEADER_KEYS:
            raise TemplateHeaderError(
                f"{origin}, line {line_no}: unknown header key {key!r}"
                f" (expected {', '.join(HEADER_KEYS)})"
            )
        if key in values:
            raise TemplateHeaderError(f"{origin}, line {line_no}: {key!r} is given twice")
        values[key] = match.group("value").strip()
        last_key = key
    for key in HEADER_KEYS:
        if not values.get(key):
            raise TemplateHeaderError(f"{origin}: the header has no {key!r}")
    outcome_text = values["outcome"].lower()
    if outcome_text == "none":
        outcome = None
    else:
        try:
            outcome = Outcome(outcome_text)
        except ValueError:
            choices = ", ".join(item.value for item in Outcome)
            raise TemplateHeaderError(
                f"{origin}: unknown outcome {values['outcome']!r} (use one of {choices}, or none)"
            ) from None
    return TemplateHeader(values["title"], outcome, values["description"])


def load_templates(folder: Path) -> tuple[BuiltinTemplate, ...]:
    """Every ``*.j2`` template in ``folder``, sorted by file name."""
    items = []
    for path in sorted(folder.glob(f"*{TEMPLATE_SUFFIX}")):
        source = path.read_text(encoding="utf-8")
        header = parse_header(source, path.name)
        items.append(
            BuiltinTemplate(
                id=path.name.removesuffix(TEMPLATE_SUFFIX),
                title=header.title,
                outcome=header.outcome,
                description=header.description,
                source=source,
            )
        )
    return tuple(items)


@functools.cache
def builtin_templates() -> tuple[BuiltinTemplate, ...]:
    """The built-in templates (read once from :func:`templates_dir`)."""
    return load_templates(templates_dir())


def builtin_template(template_id: str) -> BuiltinTemplate:
    """The built-in template with this id (file stem); KeyError if there is none."""
    for item in builtin_templates():
        if item.id == template_id:
            return item
    raise KeyError(f"no built-in template {template_id!r}")


def template_for_outcome(outcome: Outcome) -> BuiltinTemplate:
    """The built-in template a careful interviewer would start from for ``outcome``.

    ``UNDECIDED`` gives the thank-you note: right after an interview, before a decision,
    thanking the candidate (with the date they will hear by) is the message to send. For a
    decision that is late, switch to the status update (``on_hold``), which also reads
    correctly while the outcome is still undecided.
    """
    if outcome is Outcome.UNDECIDED:
        return builtin_template(THANK_YOU_ID)
    for item in builtin_templates():
        if item.outcome is outcome:
            return item
    raise KeyError(f"no built-in template for the outcome {outcome.value!r}")
