"""The sandbox every template runs in: what a template may do, and how much of it.

Templates are written by users, so they are untrusted code. Jinja's immutable sandbox already
keeps them away from Python internals (``__class__``, ``__globals__``...) and from changing
lists; this module adds what a follow-up message needs on top of it:

* **One self-contained file.** ``{% include %}``, ``{% import %}``, ``{% from %}`` and
  ``{% extends %}`` are refused when the template is compiled, so no template name or path is
  ever built from template text (CVE-2024-56201 needed one).
* **Only text is printed.** Text, numbers, yes/no values and dates become text; a list, a
  macro, a function, ``none`` or any other object is refused with a hint (:func:`text_of`),
  whether it is printed or turned into text by ``~``, ``%`` or a filter. ``str.format`` and
  ``str.format_map`` are refused outright (CVE-2024-56326 and CVE-2025-27516 went through them).
* **Little surface.** The globals are ``range`` (bounded) and nothing else; the filters are
  Jinja's that a message can use plus ours (:data:`TEXT_FILTERS`, :data:`OTHER_FILTERS`),
  each guarded.
* **Bounded work.** Every operation that can make a value much larger than its inputs checks
  the size *before* it allocates (``*``, ``**``, ``+``, ``~``, ``%``, padding, ``replace``,
  ``join``...); every value made by an operator, a call or a filter is measured after; a
  render is stopped after :data:`MAX_SECONDS`, :data:`MAX_TEXT` characters of text made,
  :data:`MAX_LOOP_STEPS` loop steps or :data:`MAX_CALL_DEPTH` nested calls.

How the limits are enforced: portably, by counting inside the render itself (no signals, no
threads, no ``setrlimit``). Each render gets a :class:`Budget` in a ``ContextVar`` (renders on
the UI thread and on the coach's thread each see their own). The budget is charged and its
clock checked where work happens:

* ``environment.finalize`` sees every printed value *and* every piece of literal template text
  (:class:`_Guards` turns literal text into constants, which the compiler then passes through
  ``finalize``). Counting output where it is produced also counts what never reaches the final
  yield: the text of ``{% set %}`` blocks, macros and blocks, which Jinja joins internally.
* every ``{% for %}`` iterates through :class:`Steps`, which counts each step (:class:`_Guards`
  rewrites the loop before code generation); so do recursive ``loop(...)`` calls (in
  :meth:`SandboxEnvironment.call`).
* every call (macro, method, ``caller()``, ``self.body()``...) goes through the sandbox's
  :meth:`SandboxEnvironment.call`, which checks the clock and the call depth.

No template code runs at compile time: the optimizer, which evaluates constant expressions
while compiling, is off, and ``finalize`` takes the context, so constant output is not
pre-computed either. Everything a template does therefore happens inside a budget.

This module imports Jinja at the top: import it only when a template is compiled or rendered
(``render.py`` does, inside functions), so that importing ``followup_desktop.compose`` stays
cheap.
"""

from __future__ import annotations

import inspect
import itertools
import re
import time
import types
from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping, Sized
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Generic, TypeVar

from jinja2 import nodes, pass_context
from jinja2.exceptions import SecurityError, TemplateSyntaxError
from jinja2.filters import FILTERS as JINJA_FILTERS
from jinja2.filters import make_attrgetter
from jinja2.runtime import Context, LoopContext, Undefined
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import _PassArg
from jinja2.visitor import NodeTransformer

from followup_desktop.compose.filters import FILTERS

MAX_SECONDS = 2.0
MAX_TEXT = 2_000_000  # characters one render may make (printed or built), so also per text
MAX_ITEMS = 100_000  # items in one list, numbers in one range
MAX_REPEAT_LENGTH = 100_000  # characters (or items) of one repetition or padding width
MAX_POWER_EXPONENT = 1000
MAX_NUMBER_BITS = 100_000  # a whole number of about 30,000 digits
MAX_LOOP_STEPS = 1_000_000  # steps of all loops in one render together
MAX_CALL_DEPTH = 50  # macros, blocks and recursive loops calling each other

_STOPPED = "look for a loop or a macro that repeats too often"
TOO_SLOW = f"the template ran for more than {MAX_SECONDS:g} seconds and was stopped: {_STOPPED}"
TOO_MUCH_TEXT = (
    f"the template made more than {MAX_TEXT // 1_000_000} MB of text and was stopped: {_STOPPED}"
)
TOO_MANY_STEPS = (
    f"the template's loops ran more than {MAX_LOOP_STEPS:,} times and were stopped:"
    " look for loops inside loops"
)
TOO_DEEP = (
    "the template calls itself too deeply: a macro, block or loop that calls itself may go"
    f" at most {MAX_CALL_DEPTH} levels down"
)
TEXT_TOO_LONG = f"a text longer than {MAX_TEXT:,} characters is not allowed in a template"
TOO_MANY_ITEMS = f"a list with more than {MAX_ITEMS:,} items is not allowed in a template"
REPETITION_TOO_LONG = (
    "a repetition that long is not allowed in a template"
    f" (the limit is {MAX_REPEAT_LENGTH:,} characters)"
)
WIDTH_TOO_LARGE = (
    "a width that large is not allowed in a template"
    f" (the limit is {MAX_REPEAT_LENGTH:,} characters)"
)
WRAP_TOO_LONG = f"wordwrap takes at most {MAX_REPEAT_LENGTH:,} characters of text"
POWER_TOO_LARGE = "a power that large is not allowed in a template"
NUMBER_TOO_LARGE = "a number that large is not allowed in a template"
RANGE_TOO_LONG = f"a range of more than {MAX_ITEMS:,} numbers is not allowed in a template"
NO_FORMAT_METHOD = (
    "'.format' is not available in a template: join text with ~ instead, as in {{ 'Dear ' ~ name }}"
)
NO_STAR_WIDTH = (
    "a width or precision given with * is not allowed in a template: write the number, as in %5s"
)
NO_REPR_CONVERSION = "%r and %a are not available in a template: use %s"
SUM_OF_NUMBERS = "sum adds up numbers only: to join lists or text, use join or ~"
ONE_FILE = (
    "'{{% {tag} %}}' is not available: each template is one self-contained file,"
    " so include, import and extends can't be used"
)

T = TypeVar("T")


class Refused(SecurityError):
    """Something a template may not do, or a limit it reached. The message is written for the
    interviewer and is shown as it is."""


# -- the budget of one render -----------------------------------------------------------------


@dataclass(slots=True)
class Budget:
    """What one render may still do. Created by :func:`limits`; charged by the guards."""

    deadline: float
    made: int = 0  # characters of text (and items of lists) made so far
    steps: int = 0  # loop steps so far
    depth: int = 0  # calls in progress, one inside the other

    def tick(self) -> None:
        """Stop the render once its time is up."""
        if time.monotonic() > self.deadline:
            raise Refused(TOO_SLOW)

    def step(self) -> None:
        """Count one loop step (and check the clock)."""
        self.steps += 1
        if self.steps > MAX_LOOP_STEPS:
            raise Refused(TOO_MANY_STEPS)
        self.tick()

    def add(self, size: int) -> None:
        """Count ``size`` characters (or list items) made."""
        self.made += size
        if self.made > MAX_TEXT:
            raise Refused(TOO_MUCH_TEXT)

    def measured(self, value: T) -> T:
        """``value`` after checking and counting its size, if it is text or a collection.

        Every value an operator, a call or a filter makes passes through here: it bounds what a
        render can keep in memory however many values it makes, whatever made them.
        """
        if isinstance(value, str):
            check_text_length(len(value))
            self.add(len(value))
        elif isinstance(value, list | tuple | dict):
            check_item_count(len(value))
            self.add(len(value))
        return value


_budget: ContextVar[Budget] = ContextVar("template_budget")


@contextmanager
def limits() -> Iterator[None]:
    """Run one render inside a fresh :class:`Budget` (the previous one returns afterwards)."""
    token = _budget.set(Budget(deadline=time.monotonic() + MAX_SECONDS))
    try:
        yield
    finally:
        _budget.reset(token)


def current() -> Budget:
    """The budget of the render in progress (LookupError outside :func:`limits`)."""
    return _budget.get()


# -- sizes, checked before allocating ---------------------------------------------------------


def check_text_length(length: int) -> None:
    if length > MAX_TEXT:
        raise Refused(TEXT_TOO_LONG)


def check_item_count(count: int) -> None:
    if count > MAX_ITEMS:
        raise Refused(TOO_MANY_ITEMS)


def check_width(width: object) -> None:
    """A padding width (``center``, ``ljust``, ``%10s``...) within :data:`MAX_REPEAT_LENGTH`."""
    if isinstance(width, int) and width > MAX_REPEAT_LENGTH:
        raise Refused(WIDTH_TOO_LARGE)


def check_replace(text: str, old: str, new: str, count: int | None) -> None:
    """The result of ``text.replace(old, new, count)`` fits in :data:`MAX_TEXT`."""
    occurrences = len(text) + 1 if not old else text.count(old)
    if count is not None and count >= 0:
        occurrences = min(occurrences, count)
    check_text_length(len(text) + occurrences * (len(new) - len(old)))


def check_joined(separator: str, items: list[Any]) -> None:
    """The result of ``separator.join(items)`` fits in :data:`MAX_TEXT` (items that are not
    text are left to ``join`` itself to refuse)."""
    length = sum(len(item) for item in items if isinstance(item, str))
    check_text_length(length + len(separator) * max(len(items) - 1, 0))


def listed(items: Iterable[T]) -> list[T]:
    """``items`` as a list, refused once it passes :data:`MAX_ITEMS` (before it grows further)."""
    result = list(itertools.islice(items, MAX_ITEMS + 1))
    check_item_count(len(result))
    return result


def _check_product(left: object, right: object) -> None:
    for sequence, count in ((left, right), (right, left)):
        if (
            isinstance(sequence, str | list | tuple)
            and isinstance(count, int)
            and len(sequence) * count > MAX_REPEAT_LENGTH
        ):
            raise Refused(REPETITION_TOO_LONG)
    if (
        isinstance(left, int)
        and isinstance(right, int)
        and left.bit_length() + right.bit_length() > MAX_NUMBER_BITS
    ):
        raise Refused(NUMBER_TOO_LARGE)


def _check_power(left: object, right: object) -> None:
    if isinstance(right, int) and (
        abs(right) > MAX_POWER_EXPONENT
        or (isinstance(left, int) and left.bit_length() * right > MAX_NUMBER_BITS)
    ):
        raise Refused(POWER_TOO_LARGE)


def _check_addition(left: object, right: object) -> None:
    if isinstance(left, str) and isinstance(right, str):
        check_text_length(len(left) + len(right))
    elif isinstance(left, list | tuple) and isinstance(right, list | tuple):
        check_item_count(len(left) + len(right))


# One conversion specifier of printf-style formatting: %(key)flags width .precision conversion.
_PERCENT_SPEC = re.compile(
    r"%(?:\((?P<key>[^)]*)\))?[-#0 +]*(?P<width>\*|\d+)?(?:\.(?P<precision>\*|\d*))?[hlL]?"
    r"(?P<conversion>.)",
    re.DOTALL,
)
_LONGEST_NUMBER = 320  # characters of any float or int printed with %d, %f, %e... (no padding)


def check_percent(template: str, values: object, context: Context | None) -> None:
    """``template % values`` (the ``%`` operator, the ``format`` filter) may run: no ``*``
    widths, no ``%r``/``%a``, widths within :data:`MAX_REPEAT_LENGTH`, values printed with
    ``%s`` that are text by :func:`text_of`, and a result within :data:`MAX_TEXT`."""
    specs = [spec for spec in _PERCENT_SPEC.finditer(template) if spec["conversion"] != "%"]
    keyed = any(spec["key"] is not None for spec in specs)
    mapping = values if keyed and isinstance(values, Mapping) else None
    positional = iter(values if isinstance(values, tuple) else (values,))
    missing = object()
    length = len(template)
    for spec in specs:
        if spec["conversion"] in "ra":
            raise Refused(NO_REPR_CONVERSION)
        if "*" in (spec["width"], spec["precision"]):
            raise Refused(NO_STAR_WIDTH)
        width, precision = int(spec["width"] or 0), int(spec["precision"] or 0)
        check_width(width)
        check_width(precision)
        value = (
            mapping.get(spec["key"], missing) if mapping is not None else next(positional, missing)
        )
        if value is missing:  # ``%`` itself reports a missing value
            continue
        shown = len(text_of(value, context)) if spec["conversion"] == "s" else _LONGEST_NUMBER
        length += max(width, shown + precision)
    check_text_length(length)


# -- to text: the one rule -------------------------------------------------------------------

# Printed as Python writes them (bool is an int, datetime a date); a StrictUndefined raises.
_TEXT_LIKE = (int, float, Decimal, date, Undefined)


def text_of(value: object, context: Context | None = None) -> str:
    """``value`` as text, by the one rule for every way a value becomes text: printing it,
    ``~``, ``%``, and the filters that work on text.

    Text, numbers, yes/no values and dates become text. A missing value raises Jinja's
    "undefined" error, which names it. Anything else (a list, a macro, a function, ``none``, a
    loop...) is refused with a hint on what to write instead, never shown as Python would show
    it (``<function ...>``, ``['a', 'b']``). ``context`` lets the hint name the variable.
    """
    if isinstance(value, str):
        return value
    if isinstance(value, _TEXT_LIKE):
        return str(value)  # a StrictUndefined raises here, naming the missing value
    raise Refused(_not_text(value, context))


def _name_in(context: Context | None, value: object) -> str | None:
    """The name of the template variable that holds this very object, if there is one."""
    if context is None:
        return None
    return next((name for name, item in context.get_all().items() if item is value), None)


def _not_text(value: object, context: Context | None) -> str:
    """Why ``value`` can't be printed, and what to write instead."""
    if isinstance(value, LoopContext):
        return (
            "'loop' holds the loop's counters, not text: print one of them, as in {{ loop.index }}"
        )
    name = _name_in(context, value)
    subject = f"'{name}'" if name else "this value"
    if value is None:
        return f"{subject} is empty (none), so there is nothing to print: test it with {{% if %}}"
    if callable(value):
        how = f", as in {{{{ {name}() }}}}" if name else " with ()"
        return f"{subject} is a macro or a function: call it{how}"
    if isinstance(value, Mapping):
        how = f", as in {{{{ {name}.key }}}}" if name else ""
        return f"{subject} is a group of named values: print one of them{how}"
    if isinstance(value, Iterable):
        how = f"{{{{ {name}|join_and }}}}" if name else "|join_and"
        return f"{subject} is a list: use {how} or a {{% for %}} loop"
    return f"{subject} is not text, a number or a date, so it can't be printed"


def texts_of(items: Iterable[object], context: Context | None) -> list[str]:
    """Each of ``items`` as text by :func:`text_of` (at most :data:`MAX_ITEMS` of them)."""
    return [text_of(item, context) for item in listed(items)]


@pass_context
def printed_text(context: Context, value: object) -> str:
    """``environment.finalize``: every printed value and every piece of literal template text
    passes through here on its way out, so this is where output is counted and the clock is
    checked between chunks. (Taking the context also keeps Jinja from finalizing constant
    output at compile time, outside any budget.)"""
    text = text_of(value, context)
    budget = current()
    budget.add(len(text))
    budget.tick()
    return text


def bounded_range(*args: int) -> range:
    """``range`` for templates: at most :data:`MAX_ITEMS` numbers."""
    numbers = range(*args)
    try:
        too_long = len(numbers) > MAX_ITEMS
    except OverflowError:  # longer than a machine integer can count
        too_long = True
    if too_long:
        raise Refused(RANGE_TOO_LONG)
    return numbers


# -- filters ----------------------------------------------------------------------------------

_Check = Callable[[Context, MutableMapping[str, Any]], None]


def _check_center(context: Context, arguments: MutableMapping[str, Any]) -> None:
    check_width(arguments.get("width"))


def _check_indent(context: Context, arguments: MutableMapping[str, Any]) -> None:
    text, width = arguments["s"], arguments.get("width", 4)
    check_width(width)
    padding = len(width) if isinstance(width, str) else width if isinstance(width, int) else 0
    check_text_length(len(text) + (text.count("\n") + 1) * padding)


def _check_replace(context: Context, arguments: MutableMapping[str, Any]) -> None:
    old, new = text_of(arguments["old"], context), text_of(arguments["new"], context)
    arguments["old"], arguments["new"] = old, new
    check_replace(arguments["s"], old, new, arguments.get("count"))


def _check_wordwrap(context: Context, arguments: MutableMapping[str, Any]) -> None:
    # Python's textwrap takes about 3 seconds per million characters, and can't be stopped.
    text, wrap = arguments["s"], arguments.get("wrapstring")
    if len(text) > MAX_REPEAT_LENGTH:
        raise Refused(WRAP_TOO_LONG)
    if wrap is not None:
        arguments["wrapstring"] = wrap = text_of(wrap, context)
    # At worst every character starts a new line.
    check_text_length(len(text) * (1 + len(wrap or "\n")))


def _check_format(context: Context, arguments: MutableMapping[str, Any]) -> None:
    check_percent(arguments["value"], arguments.get("kwargs") or arguments.get("args", ()), context)


def _check_batch(context: Context, arguments: MutableMapping[str, Any]) -> None:
    _check_sized(context, arguments)
    check_item_count(arguments["linecount"])


def _check_slice(context: Context, arguments: MutableMapping[str, Any]) -> None:
    _check_sized(context, arguments)
    check_item_count(arguments["slices"])


def _check_sized(context: Context, arguments: MutableMapping[str, Any]) -> None:
    """For the filters that build a list of the items: refuse a text that has too many."""
    value = arguments["value"]
    if isinstance(value, str):
        check_item_count(len(value))


def _check_sum(context: Context, arguments: MutableMapping[str, Any]) -> None:
    # Numbers only: adding lists one by one takes time and memory that grow with the square.
    if not isinstance(arguments.get("start", 0), int | float | Decimal):
        raise Refused(SUM_OF_NUMBERS)


def _check_join(context: Context, arguments: MutableMapping[str, Any]) -> None:
    items, attribute = arguments["value"], arguments.pop("attribute", None)
    if attribute is not None:
        items = map(make_attrgetter(context.environment, attribute), items)
    arguments["value"] = texts = texts_of(items, context)
    arguments["d"] = separator = text_of(arguments.get("d", ""), context)
    check_joined(separator, texts)


def _check_join_and(context: Context, arguments: MutableMapping[str, Any]) -> None:
    items = arguments["items"]
    if isinstance(items, str):
        return
    arguments["items"] = texts = texts_of(items, context)
    arguments["conjunction"] = conjunction = text_of(arguments.get("conjunction", "and"), context)
    check_text_length(len(conjunction) + sum(len(text) + 2 for text in texts))


# The filters a template may use. Text filters print their value, so it goes through text_of
# first; the others take any value. Jinja's other filters are left out: attr and pprint show
# internals; escape, e, forceescape, safe, striptags, urlize, xmlattr and tojson are for HTML or
# JSON (the message is plain text, escaped once for its HTML copy); random would make the
# preview differ from the message sent; filesizeformat has no use in a message.
TEXT_FILTERS = frozenset(
    {
        "capitalize", "center", "format", "indent", "lower", "replace", "sentence", "string",
        "title", "trim", "truncate", "upper", "urlencode", "wordcount", "wordwrap",
    }
)  # fmt: skip
OTHER_FILTERS = frozenset(
    {
        "abs", "batch", "count", "d", "default", "dictsort", "first", "float", "groupby", "int",
        "items", "join", "join_and", "last", "length", "list", "long_date", "map", "max", "min",
        "reject", "rejectattr", "reverse", "round", "select", "selectattr", "short_date",
        "slice", "sort", "sum", "unique",
    }
)  # fmt: skip
_FILTER_CHECKS: dict[str, _Check] = {
    "batch": _check_batch,
    "center": _check_center,
    "dictsort": _check_sized,
    "format": _check_format,
    "groupby": _check_sized,
    "indent": _check_indent,
    "join": _check_join,
    "join_and": _check_join_and,
    "list": _check_sized,
    "replace": _check_replace,
    "slice": _check_slice,
    "sort": _check_sized,
    "sum": _check_sum,
    "unique": _check_sized,
    "wordwrap": _check_wordwrap,
}

# What a filter that asks Jinja for a first argument gets (pass_context and friends).
_PASSED: dict[_PassArg | None, Callable[[Context], tuple[Any, ...]]] = {
    None: lambda context: (),
    _PassArg.context: lambda context: (context,),
    _PassArg.eval_context: lambda context: (context.eval_ctx,),
    _PassArg.environment: lambda context: (context.environment,),
}


def guarded_filters() -> dict[str, Callable[..., Any]]:
    """The filters a template may use, each wrapped by :func:`_guarded`."""
    functions = {**JINJA_FILTERS, **FILTERS}
    return {
        name: _guarded(
            functions[name], takes_text=name in TEXT_FILTERS, check=_FILTER_CHECKS.get(name)
        )
        for name in TEXT_FILTERS | OTHER_FILTERS
    }


def _guarded(function: Callable[..., Any], *, takes_text: bool, check: _Check | None) -> Any:
    """``function`` as a filter that checks the clock, turns its value into text by the one
    rule (``takes_text``), runs ``check`` on its named arguments (which may refuse, or replace
    them with checked ones) and measures what it returns.

    Filters need their own guard: compiled templates call them directly, not through the
    sandbox's ``call``. The wrapper takes the context (for ``text_of``'s hints) and passes
    ``function`` whatever it asks Jinja for.
    """
    passed = _PASSED[_PassArg.from_obj(function)]
    checked = None if check is None else _checking(function, check)

    @pass_context
    def guarded(context: Context, value: Any, *args: Any, **kwargs: Any) -> Any:
        budget = current()
        budget.tick()
        if takes_text:
            value = text_of(value, context)
        if checked is not None:
            value, args, kwargs = checked(context, value, args, kwargs)
        return budget.measured(function(*passed(context), value, *args, **kwargs))

    return guarded


_Arguments = tuple[Any, tuple[Any, ...], dict[str, Any]]


def _checking(
    function: Callable[..., Any], check: _Check
) -> Callable[[Context, Any, tuple[Any, ...], dict[str, Any]], _Arguments]:
    """``check`` for the arguments a template gives ``function``, by the names of its
    parameters (defaults left out): returns them, as ``check`` left them."""
    signature = inspect.signature(function)
    if _PassArg.from_obj(inspect.unwrap(function)) is not None:
        # What Jinja passes is the first parameter, not one the template gives.
        signature = signature.replace(parameters=list(signature.parameters.values())[1:])

    def checked(
        context: Context, value: Any, args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> _Arguments:
        bound = signature.bind(value, *args, **kwargs)
        check(context, bound.arguments)
        return bound.args[0], bound.args[1:], bound.kwargs

    return checked


# -- the template tree, guarded before code generation ----------------------------------------


class _Guards(NodeTransformer):
    """Rewrites a parsed template so that the guards see what the compiled code would
    otherwise do out of their sight:

    * ``~`` is compiled to a plain string join; it becomes a call of :meth:`join_text`;
    * ``x[a:b]`` is compiled to a plain slice; it becomes a call of :meth:`take_slice`;
    * every ``{% for %}`` iterates through :meth:`count_steps`;
    * literal text becomes constants, which go through ``finalize`` (and are counted);
    * include, import, from and extends are refused, with their line.

    The new calls go through the sandbox's ``call`` like any other, and read their functions
    from the environment (``nodes.EnvironmentAttribute``), which template text cannot name.
    """

    def visit_Include(self, node: nodes.Include) -> None:
        raise TemplateSyntaxError(ONE_FILE.format(tag="include"), node.lineno)

    def visit_Import(self, node: nodes.Import) -> None:
        raise TemplateSyntaxError(ONE_FILE.format(tag="import"), node.lineno)

    def visit_FromImport(self, node: nodes.FromImport) -> None:
        raise TemplateSyntaxError(ONE_FILE.format(tag="from"), node.lineno)

    def visit_Extends(self, node: nodes.Extends) -> None:
        raise TemplateSyntaxError(ONE_FILE.format(tag="extends"), node.lineno)

    def visit_TemplateData(self, node: nodes.TemplateData) -> nodes.Const:
        return nodes.Const(node.data, lineno=node.lineno)

    def visit_Concat(self, node: nodes.Concat) -> nodes.Call:
        self.generic_visit(node)
        return _call("join_text", node.nodes, node.lineno)

    def visit_Getitem(self, node: nodes.Getitem) -> nodes.Expr:
        self.generic_visit(node)
        if not isinstance(node.arg, nodes.Slice):
            return node
        bounds = (node.arg.start, node.arg.stop, node.arg.step)
        return _call(
            "take_slice",
            [node.node, *(nodes.Const(None) if part is None else part for part in bounds)],
            node.lineno,
        )

    def visit_For(self, node: nodes.For) -> nodes.For:
        self.generic_visit(node)
        node.iter = _call("count_steps", [node.iter], node.lineno)
        return node


def _call(name: str, args: Iterable[nodes.Node], lineno: int) -> nodes.Call:
    """A call of the environment's method ``name`` with ``args``."""
    function = nodes.EnvironmentAttribute(name, lineno=lineno)
    return nodes.Call(function, list(args), [], None, None, lineno=lineno)


def parse(environment: SandboxEnvironment, source: str) -> nodes.Template:
    """``source`` parsed and rewritten by :class:`_Guards`, ready to compile.
    Raises TemplateSyntaxError for a syntax error or a refused tag."""
    tree: nodes.Template = _Guards().visit(environment.parse(source))
    return tree


# -- the environment --------------------------------------------------------------------------

# Methods that would make a large value from a small one, or that only serve to reach bytes.
_UNAVAILABLE_METHODS = frozenset(
    {"encode", "expandtabs", "from_bytes", "maketrans", "to_bytes", "translate"}
)
_PADDING_METHODS = frozenset({"center", "ljust", "rjust", "zfill"})


def _checked_str_call(method: str, text: str, args: tuple[Any, ...]) -> tuple[Any, ...]:
    """The arguments for ``text.<method>(*args)``, after checking the size of the result."""
    if method in _PADDING_METHODS and args:
        check_width(args[0])
    elif method == "replace" and len(args) >= 2 and all(isinstance(a, str) for a in args[:2]):
        check_replace(text, args[0], args[1], args[2] if len(args) > 2 else None)
    elif method == "join" and args:
        items = listed(args[0])
        check_joined(text, items)
        return (items, *args[1:])
    return args


class SandboxEnvironment(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox with the guards of this module (see the module docstring).
    ``options`` are Jinja's (undefined, whitespace...)."""

    intercepted_binops = frozenset({"+", "*", "**", "%"})

    def __init__(self, **options: Any) -> None:
        super().__init__(finalize=printed_text, optimized=False, autoescape=False, **options)
        self.globals.clear()
        self.globals["range"] = bounded_range
        self.filters = guarded_filters()

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        return attr not in _UNAVAILABLE_METHODS and super().is_safe_attribute(obj, attr, value)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """Refuse ``str.format`` and ``str.format_map`` as soon as they are looked up (Jinja
        would sandbox them; a message has no need of them, and two escapes went through them).
        """
        if (
            isinstance(value, types.MethodType | types.BuiltinMethodType)
            and value.__name__ in ("format", "format_map")
            and isinstance(value.__self__, str)
        ):
            raise Refused(NO_FORMAT_METHOD)
        return None

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        if operator == "**":
            _check_power(left, right)
        elif operator == "*":
            _check_product(left, right)
        elif operator == "+":
            _check_addition(left, right)
        elif isinstance(left, str):  # "%": formatting, not a remainder
            check_percent(left, right, context)
        return current().measured(super().call_binop(context, operator, left, right))

    def call(self, context: Context, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        """Every call a template makes: check the clock and the depth, check the size of
        what a string method would make, count the steps of a recursive loop, and measure
        the result."""
        budget = current()
        budget.tick()
        if isinstance(obj, LoopContext) and args:  # ``loop(items)`` in a recursive loop
            args = (self.count_steps(args[0]), *args[1:])
        elif isinstance(receiver := getattr(obj, "__self__", None), str):
            args = _checked_str_call(obj.__name__, receiver, args)
        budget.depth += 1
        try:
            if budget.depth > MAX_CALL_DEPTH:
                raise Refused(TOO_DEEP)
            result = super().call(context, obj, *args, **kwargs)
        finally:
            budget.depth -= 1
        return budget.measured(result)

    # The functions :class:`_Guards` puts into templates.

    @staticmethod
    @pass_context
    def join_text(context: Context, *values: Any) -> str:
        """``a ~ b ~ c``: the values as text by the one rule, joined."""
        texts = [text_of(value, context) for value in values]
        check_text_length(sum(map(len, texts)))
        return "".join(texts)

    @staticmethod
    def take_slice(value: Any, start: Any, stop: Any, step: Any) -> Any:
        """``value[start:stop:step]`` (measured by ``call``, like any result)."""
        return value[start:stop:step]

    @staticmethod
    def count_steps(items: Iterable[T]) -> Steps[T]:
        """``items``, each step counted against the budget."""
        return Steps(items)


class Steps(Generic[T]):
    """The items of a ``{% for %}``, each step counted against the budget of the render.

    It keeps the items' length, so that ``loop.length`` and ``loop.last`` do not make Jinja
    list all the items first: the steps are counted, and the clock checked, as they happen.
    """

    __slots__ = ("_budget", "_items")

    def __init__(self, items: Iterable[T]) -> None:
        self._items = items
        self._budget = current()

    def __len__(self) -> int:
        if not isinstance(self._items, Sized):
            raise TypeError("no length")  # Jinja then lists the items (each step counted)
        return len(self._items)

    def __iter__(self) -> Iterator[T]:
        for item in self._items:
            self._budget.step()
            yield item
