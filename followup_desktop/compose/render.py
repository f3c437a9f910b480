"""Render one template's text into a subject, a plain-text body and an HTML body.

Templates may come from the user, so they are untrusted code: they run in the sandbox of
:mod:`followup_desktop.compose.sandbox` (Jinja's immutable sandbox, only text printed, bounded
time and size) with ``StrictUndefined``: a missing value is an error that names it, never an
empty gap. Every failure becomes a :class:`TemplateProblem` with the line it happened on.

Jinja (and the sandbox module, which imports it) is imported lazily, inside functions:
importing this module must stay cheap.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from types import TracebackType
from typing import TYPE_CHECKING, Any

from followup_desktop.compose.context import VARIABLES
from followup_desktop.compose.filters import DEFAULT_LANGUAGE, writing_in

if TYPE_CHECKING:
    from jinja2 import Template, nodes
    from jinja2.runtime import Context

    from followup_desktop.compose.sandbox import SandboxEnvironment

SUBJECT_BLOCK = "subject"
BODY_BLOCK = "body"

MAX_SOURCE_LENGTH = 100_000  # characters in one template

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
    Raises :class:`TemplateProblem` for any error, including a limit of the sandbox reached
    (time, size, depth: see :mod:`followup_desktop.compose.sandbox`).
    """
    from followup_desktop.compose.sandbox import limits

    template = _compiled(source)
    captured: dict[str, str] = {}
    try:
        with writing_in(language), limits():
            ctx = template.new_context(dict(context))
            for name in (SUBJECT_BLOCK, BODY_BLOCK):
                if name in ctx.blocks:
                    ctx.blocks[name] = [_capturing(name, ctx.blocks[name][0], captured)]
            outside = "".join(template.root_render_func(ctx))
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
def environment() -> SandboxEnvironment:
    """The one sandboxed environment every template is compiled in (built on first use)."""
    from jinja2 import StrictUndefined

    from followup_desktop.compose.sandbox import SandboxEnvironment

    return SandboxEnvironment(
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )


_NESTED_TOO_DEEPLY = (
    "the template is nested too deeply: fewer loops, ifs, macros or brackets inside each other"
)


@contextmanager
def _compile_errors() -> Iterator[None]:
    """Every error of parsing or compiling a template as a TemplateProblem: a syntax error
    with its line; nesting too deep for Jinja's parser or Python's compiler without one."""
    from jinja2 import TemplateSyntaxError

    try:
        yield
    except TemplateSyntaxError as exc:
        raise TemplateProblem(exc.message or "syntax error", line=exc.lineno) from None
    except (RecursionError, MemoryError, SyntaxError):
        raise TemplateProblem(_NESTED_TOO_DEEPLY) from None


def _guarded_tree(source: str) -> nodes.Template:
    """``source`` parsed and guarded (see :func:`sandbox.parse`); a template longer than
    :data:`MAX_SOURCE_LENGTH` is refused before Jinja reads it."""
    from followup_desktop.compose.sandbox import parse

    if len(source) > MAX_SOURCE_LENGTH:
        raise TemplateProblem(
            f"the template is too long: the limit is {MAX_SOURCE_LENGTH:,} characters"
        )
    return parse(environment(), source)


@functools.lru_cache(maxsize=128)
def _compiled_or_error(source: str) -> Template | TemplateProblem:
    # The template is compiled from its guarded tree: never from a name or a file name, so no
    # template text can reach the parts of the compiler that handle those (CVE-2024-56201).
    try:
        with _compile_errors():
            return environment().from_string(_guarded_tree(source))
    except TemplateProblem as problem:
        return problem


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


def find_unknown_names(source: str) -> list[tuple[str, int]]:
    """The names ``source`` uses that are neither variables (:data:`VARIABLES`) nor defined by
    the template itself (``set``, ``for``, macro arguments, ``loop``, ``caller``, ``range``...),
    each with the first line that uses it, in line order. For the editor: a misspelt name is
    found without rendering. Raises :class:`TemplateProblem` if ``source`` does not compile.
    """
    from jinja2 import meta

    with _compile_errors():
        tree = _guarded_tree(source)
        unknown = meta.find_undeclared_variables(tree) - VARIABLES.keys()
        lines = _first_uses(tree, unknown)
    return sorted(lines.items(), key=lambda item: (item[1], item[0]))


def _first_uses(tree: nodes.Node, names: set[str]) -> dict[str, int]:
    """The first line on which each of ``names`` is read where nothing around it defines it
    (a loop variable or a macro argument of the same name)."""
    from jinja2 import nodes

    lines: dict[str, int] = {}

    def walk(node: nodes.Node, defined: frozenset[str]) -> None:
        if isinstance(node, nodes.Name):
            if node.ctx == "load" and node.name in names and node.name not in defined:
                lines[node.name] = min(lines.get(node.name, node.lineno), node.lineno)
            return
        inner = defined
        if isinstance(node, nodes.For):
            walk(node.iter, defined)  # the loop's own names are not defined in its iterable
            targets = [node.target, *node.target.find_all(nodes.Name)]
            inner = defined | {"loop"} | {n.name for n in targets if isinstance(n, nodes.Name)}
        elif isinstance(node, nodes.Macro | nodes.CallBlock):
            inner = defined | {"caller", "varargs", "kwargs"} | {arg.name for arg in node.args}
        for child in node.iter_child_nodes():
            if not (isinstance(node, nodes.For) and child is node.iter):
                walk(child, inner)

    walk(tree, frozenset())
    return lines


def _template_line(traceback: TracebackType | None) -> int | None:
    """The template line of the innermost traceback frame that belongs to a template."""
    line = None
    while traceback is not None:
        template = traceback.tb_frame.f_globals.get("__jinja_template__")
        if template is not None:
            line = template.get_corresponding_lineno(traceback.tb_lineno)
        traceback = traceback.tb_next
    return line


# How Python shows a function, class or other object: never shown to the interviewer.
_PYTHON_VIEW = re.compile(
    r"<(?:class|function|built-in|bound method|method|module|[\w.]+ object)\b[^<>]*>"
)
_LONGEST_DETAIL = 300


def _problem_from(exc: Exception) -> TemplateProblem:
    from jinja2 import TemplateSyntaxError, UndefinedError
    from jinja2.exceptions import SecurityError

    from followup_desktop.compose.sandbox import Refused

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
    if isinstance(exc, Refused):
        return TemplateProblem(str(exc), line=line)
    if isinstance(exc, SecurityError):
        return TemplateProblem(f"not allowed in a template: {exc}", line=line)
    if isinstance(exc, RecursionError):
        return TemplateProblem("the template calls itself too deeply", line=line)
    if isinstance(exc, MemoryError):
        return TemplateProblem("the template needs too much memory", line=line)
    detail = _PYTHON_VIEW.sub("a value", str(exc)) or type(exc).__name__
    if len(detail) > _LONGEST_DETAIL:
        detail = detail[: _LONGEST_DETAIL - 3] + "..."
    return TemplateProblem(f"{type(exc).__name__}: {detail}", line=line)
