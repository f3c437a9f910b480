"""Render one template's text into a subject, a plain-text body and an HTML body.

Templates may come from the user, so they run in Jinja's immutable sandbox with
``StrictUndefined``: a missing value is an error that names it, never an empty gap.
Every failure becomes a :class:`TemplateProblem` with the line it happened on.

Jinja is imported lazily (inside functions): importing this module must stay cheap.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from types import TracebackType
from typing import TYPE_CHECKING, Any

from followup_desktop.compose.context import VARIABLES
from followup_desktop.compose.filters import DEFAULT_LANGUAGE, FILTERS, writing_in

if TYPE_CHECKING:
    from jinja2 import Template
    from jinja2.runtime import Context
    from jinja2.sandbox import ImmutableSandboxedEnvironment

SUBJECT_BLOCK = "subject"
BODY_BLOCK = "body"

# Guards against templates that try to exhaust memory or time with arithmetic.
MAX_POWER_EXPONENT = 1000
MAX_POWER_BITS = 100_000
MAX_REPEAT_LENGTH = 100_000

_UNDEFINED_NAME = re.compile(r"^'([^']+)' is undefined$")


class TemplateProblem(Exception):
    """A template could not be rendered: what went wrong, and on which line if known."""

    def __init__(self, message: str, *, line: int | None = None, missing: str | None = None):
        super().__init__(message)
        self.message = message
        self.line = line
        self.missing = missing

    def __str__(self) -> str:
        return self.message if self.line is None else f"Line {self.line}: {self.message}"


@dataclass(frozen=True)
class Rendered:
    """A rendered message: a one-line subject, a plain-text body and the same body as HTML."""

    subject: str
    text: str
    html: str


def render_source(
    source: str, context: Mapping[str, Any], *, language: str = DEFAULT_LANGUAGE
) -> Rendered:
    """Render the text of one template file with exactly ``context``; date filters write
    dates for ``language`` (the template's ``language`` header).

    The ``subject`` block becomes the subject; the ``body`` block the body. Without a
    ``body`` block, everything outside the ``subject`` block is the body.
    Raises :class:`TemplateProblem` for any error.
    """
    template = _compiled(source)
    captured: dict[str, str] = {}
    try:
        ctx = template.new_context(dict(context))
        for name in (SUBJECT_BLOCK, BODY_BLOCK):
            if name in ctx.blocks:
                ctx.blocks[name] = [_capturing(name, ctx.blocks[name][0], captured)]
        with writing_in(language):
            outside = "".join(template.root_render_func(ctx))
    except TemplateProblem:
        raise
    except Exception as exc:
        raise _problem_from(exc) from exc
    subject = " ".join(captured.get(SUBJECT_BLOCK, "").split())
    body = captured[BODY_BLOCK] if BODY_BLOCK in template.blocks else outside
    text = tidy_text(body)
    return Rendered(subject=subject, text=text, html=text_to_html(text))


def _capturing(
    name: str, block: Callable[[Context], Iterator[str]], captured: dict[str, str]
) -> Callable[[Context], Iterator[str]]:
    """A block function that stores its output (the first time it runs) and yields nothing."""

    def run(context: Context) -> Iterator[str]:
        output = "".join(block(context))
        captured.setdefault(name, output)
        yield from ()

    return run


_BLANK_RUNS = re.compile(r"\n{3,}")


def tidy_text(text: str) -> str:
    """Trailing spaces removed, runs of blank lines collapsed to one, outer blank lines gone."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return _BLANK_RUNS.sub("\n\n", "\n".join(lines)).strip("\n")


def text_to_html(text: str) -> str:
    """Plain text as HTML paragraphs: everything escaped, ``<br>`` for single newlines."""
    paragraphs = [part for part in re.split(r"\n\s*\n", text) if part.strip()]
    return "\n".join(
        "<p>" + "<br>\n".join(html.escape(line) for line in part.split("\n")) + "</p>"
        for part in paragraphs
    )


# -- the environment -------------------------------------------------------------------------


@functools.cache
def environment() -> ImmutableSandboxedEnvironment:
    """The one sandboxed environment every template is compiled in (built on first use)."""
    from jinja2 import StrictUndefined
    from jinja2.exceptions import SecurityError
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    class _Environment(ImmutableSandboxedEnvironment):
        intercepted_binops = frozenset({"*", "**"})

        def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
            if operator == "**":
                if isinstance(right, int) and (
                    abs(right) > MAX_POWER_EXPONENT
                    or (isinstance(left, int) and left.bit_length() * right > MAX_POWER_BITS)
                ):
                    raise SecurityError(f"a power as large as {right}")
                return left**right
            if operator == "*":
                for sequence, count in ((left, right), (right, left)):
                    if (
                        isinstance(sequence, str | list | tuple)
                        and isinstance(count, int)
                        and len(sequence) * count > MAX_REPEAT_LENGTH
                    ):
                        raise SecurityError("a repetition that long")
                return left * right
            return super().call_binop(context, operator, left, right)

    env = _Environment(
        undefined=StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.filters.update(FILTERS)
    return env


@functools.lru_cache(maxsize=128)
def _compiled_or_error(source: str) -> Template | TemplateProblem:
    from jinja2 import TemplateSyntaxError

    try:
        return environment().from_string(source)
    except TemplateSyntaxError as exc:
        return TemplateProblem(exc.message or "syntax error", line=exc.lineno)
    except RecursionError:
        return TemplateProblem("the template is nested too deeply")


def _compiled(source: str) -> Template:
    """The compiled template for ``source``: compiled once, then taken from a cache."""
    result = _compiled_or_error(source)
    if isinstance(result, TemplateProblem):
        # A fresh copy each time: exceptions carry tracebacks and must not be shared.
        raise TemplateProblem(result.message, line=result.line, missing=result.missing)
    return result


def check_source(source: str) -> TemplateProblem | None:
    """The syntax problem in ``source``, or None if it compiles (nothing is rendered)."""
    try:
        _compiled(source)
    except TemplateProblem as problem:
        return problem
    return None


def _template_line(traceback: TracebackType | None) -> int | None:
    """The template line of the innermost traceback frame that belongs to a template."""
    line = None
    while traceback is not None:
        template = traceback.tb_frame.f_globals.get("__jinja_template__")
        if template is not None:
            line = template.get_corresponding_lineno(traceback.tb_lineno)
        traceback = traceback.tb_next
    return line


def _problem_from(exc: Exception) -> TemplateProblem:
    from jinja2 import TemplateSyntaxError, UndefinedError
    from jinja2.exceptions import SecurityError

    line = _template_line(exc.__traceback__)
    if isinstance(exc, TemplateSyntaxError):
        return TemplateProblem(exc.message or "syntax error", line=exc.lineno or line)
    if isinstance(exc, UndefinedError):
        message = exc.message or "a value is undefined"
        found = _UNDEFINED_NAME.match(message)
        if found:
            name = found.group(1)
            if name in VARIABLES:
                text = f"'{name}' has no value: {VARIABLES[name].description}"
                return TemplateProblem(text, line=line, missing=name)
            return TemplateProblem(f"unknown name '{name}'", line=line, missing=name)
        return TemplateProblem(message, line=line)
    if isinstance(exc, SecurityError):
        return TemplateProblem(f"not allowed in a template: {exc}", line=line)
    if isinstance(exc, RecursionError):
        return TemplateProblem("the template calls itself too deeply", line=line)
    if isinstance(exc, MemoryError):
        return TemplateProblem("the template needs too much memory", line=line)
    detail = str(exc) or type(exc).__name__
    return TemplateProblem(f"{type(exc).__name__}: {detail}", line=line)
