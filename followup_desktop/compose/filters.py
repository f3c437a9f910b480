"""Jinja filters for follow-up templates: readable English dates and lists.

Babel is imported inside the functions, so importing this module stays cheap.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any

LOCALE = "en"


def _as_date(value: object, filter_name: str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raise TypeError(f"{filter_name} needs a date, not {type(value).__name__} {value!r}")


def long_date(value: object) -> str:
    """A full date that cannot be misread: ``Tuesday, 1 December 2026``."""
    from babel.dates import format_date

    return str(format_date(_as_date(value, "long_date"), "EEEE, d MMMM y", locale=LOCALE))


def short_date(value: object) -> str:
    """Day and month for running text, when the year is obvious: ``1 December``."""
    from babel.dates import format_date

    return str(format_date(_as_date(value, "short_date"), "d MMMM", locale=LOCALE))


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
