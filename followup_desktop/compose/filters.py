"""Jinja filters for follow-up templates: readable dates and lists.

Dates are written for the language of the template being rendered (its ``language`` header),
with Babel's data for that language. Babel is imported inside the functions, so importing
this module stays cheap.
"""

from __future__ import annotations

import reprlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from typing import Any

DEFAULT_LANGUAGE = "en"

_language: ContextVar[str] = ContextVar("template_language", default=DEFAULT_LANGUAGE)


@contextmanager
def writing_in(language: str) -> Iterator[None]:
    """Format dates for ``language`` (a Babel locale such as ``en``, ``de`` or ``pt_BR``)
    while the block runs; the previous language returns afterwards, also on errors."""
    token = _language.set(language)
    try:
        yield
    finally:
        _language.reset(token)


def _as_date(value: object, filter_name: str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    # Name the kind of value, and show it only if it is text: never Python's view of an object.
    shown = f"the text {reprlib.repr(value)}" if isinstance(value, str) else type(value).__name__
    raise TypeError(f"{filter_name} needs a date, not {shown}")


def long_date(value: object) -> str:
    """A full date that cannot be misread: ``Tuesday, 1 December 2026`` in English, in the
    form the template's language uses (``Dienstag, 1. Dezember 2026`` in German). Plain ``en``
    keeps the day-month order, which no reader can misread."""
    from babel.dates import format_date

    day = _as_date(value, "long_date")
    language = _language.get()
    if language == DEFAULT_LANGUAGE:
        return str(format_date(day, "EEEE, d MMMM y", locale=language))
    return str(format_date(day, "full", locale=language))


def short_date(value: object) -> str:
    """Day and month for running text, when the year is obvious: ``1 December``
    (``1. Dezember`` in German, ``December 1`` in ``en_US``)."""
    from babel.dates import format_date, format_skeleton

    day = _as_date(value, "short_date")
    language = _language.get()
    if language == DEFAULT_LANGUAGE:
        return str(format_date(day, "d MMMM", locale=language))
    return str(format_skeleton("MMMMd", day, locale=language))


def join_and(items: Iterable[object], conjunction: str = "and") -> str:
    """``["a", "b", "c"]`` -> ``"a, b and c"``; one item stays as it is; none gives ``""``."""
    if isinstance(items, str):
        return items
    words = [str(item) for item in items]
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} {conjunction} {words[-1]}"


def sentence(value: object) -> str:
    """Free text as a sentence: first letter capitalised, ending in ``.``, ``!`` or ``?``."""
    text = "\n".join(line.rstrip() for line in str(value).strip().splitlines())
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    if text[-1] not in ".!?":
        text += "."
    return text


FILTERS: dict[str, Callable[..., Any]] = {
    "long_date": long_date,
    "short_date": short_date,
    "join_and": join_and,
    "sentence": sentence,
}
