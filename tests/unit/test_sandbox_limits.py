"""Templates that try to exhaust time, memory or the stack end in a clear TemplateProblem.

Each payload runs in a process of its own (``tests/sandbox_probe.py``, a few at a time) with a
10 s timeout, so that one that got through could not take the test run down with it, and so
that each process's peak memory (VmHWM, see tests/sandbox_probe.py) is that payload's
alone: it must stay far under 500 MB, and the render must stop within about
:data:`sandbox.MAX_SECONDS`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from followup_desktop.compose import sandbox

PROBE = Path(__file__).resolve().parents[1] / "sandbox_probe.py"
MAX_RSS_MB = 500
MAX_SECONDS = sandbox.MAX_SECONDS + 1.5  # the limit, and room for a slow machine
NESTED = "nested too deeply"


class Limit(NamedTuple):
    id: str
    source: str
    message: str  # a part of the TemplateProblem's message


BIG = "{% set big = 'x' * 100000 %}"  # the longest text one repetition may make
LIMITS = [
    # Loops: every step is counted, filtered-out steps too.
    Limit(
        "nested-loops",
        "{% for a in range(100000) %}{% for b in range(100000) %}{% for c in range(100000) %}"
        "{% endfor %}{% endfor %}{% endfor %}",
        sandbox.TOO_MANY_STEPS,
    ),
    Limit(
        "filtered-nested-loops",
        "{% for a in range(100000) %}{% for b in range(100000) if b < 0 %}{% endfor %}{% endfor %}",
        sandbox.TOO_MANY_STEPS,
    ),
    # Time: calls check the clock.
    Limit(
        "exponential-macro-recursion",
        "{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}"
        "{{ f(40) }}",
        sandbox.TOO_SLOW,
    ),
    # Text made: counted where it is produced, also inside macros and set blocks.
    Limit(
        "macro-string-doubling",
        "{% macro f(n) %}{% if n %}{{ f(n - 1) ~ f(n - 1) }}{% else %}xxxxxxxx{% endif %}"
        "{% endmacro %}{{ f(40) }}",
        sandbox.TOO_MUCH_TEXT,
    ),
    Limit(
        "argument-doubling",
        "{% macro f(s, n) %}{% if n %}{{ f(s + s, n - 1) }}{% endif %}{% endmacro %}"
        "{{ f('x', 45) }}",
        sandbox.TOO_MUCH_TEXT,
    ),
    Limit(
        "set-block-in-loop",
        "{% for i in range(100000) %}{% set s %}{{ 'x' * 100000 }}{% endset %}{% endfor %}",
        sandbox.TOO_MUCH_TEXT,
    ),
    Limit(
        "literal-text-in-loop",
        "{% for i in range(100000) %}" + "lorem ipsum " * 10 + "{% endfor %}",
        sandbox.TOO_MUCH_TEXT,
    ),
    Limit(
        "map-join-in-loop",
        "{% for i in range(1000) %}{{ range(100000)|map('string')|join|length }}{% endfor %}",
        sandbox.TOO_MUCH_TEXT,
    ),
    Limit(
        "many-slices",
        BIG
        + "{% set b = big ~ big ~ big ~ big ~ big ~ big ~ big ~ big ~ big ~ big %}{{ ["
        + ", ".join(f"b[{n}:]" for n in range(1, 40))
        + "]|length }}",
        sandbox.TOO_MUCH_TEXT,
    ),
    # Runaway recursion.
    Limit(
        "macro-calls-itself", "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", sandbox.TOO_DEEP
    ),
    Limit(
        "block-calls-itself", "{% block body %}{{ self.body() }}{% endblock %}", sandbox.TOO_DEEP
    ),
    Limit(
        "recursive-loop",
        "{% for x in [1] recursive %}{{ loop([1]) }}{% endfor %}",
        sandbox.TOO_DEEP,
    ),
    # Deeply nested source.
    Limit("nested-ifs", "{% if true %}" * 3000 + "x" + "{% endif %}" * 3000, NESTED),
    Limit("nested-parentheses", "{{ " + "(" * 5000 + "1" + ")" * 5000 + " }}", NESTED),
    Limit("nested-loops-in-source", "{% for a in [1] %}" * 25 + "{% endfor %}" * 25, NESTED),
    Limit("source-too-long", "x" * 100_001, "the template is too long"),
    # Operators: sizes checked before allocating.
    Limit("string-repetition", "{{ 'a' * 1000000000 }}", sandbox.REPETITION_TOO_LONG),
    Limit("list-repetition", "{{ [0] * 1000000000 }}", sandbox.REPETITION_TOO_LONG),
    Limit("power", "{{ 2 ** 10000000 }}", sandbox.POWER_TOO_LARGE),
    Limit(
        "squaring-numbers",
        "{% macro f(x, n) %}{% if n %}{{ f(x * x, n - 1) }}{% endif %}{% endmacro %}"
        "{{ f(10 ** 999, 30) }}",
        sandbox.NUMBER_TOO_LARGE,
    ),
    Limit("list-addition", "{{ ([0] * 100000 + [0] * 100000)|length }}", sandbox.TOO_MANY_ITEMS),
    Limit("percent-width", "{{ '%0999999999d' % 1 }}", sandbox.WIDTH_TOO_LARGE),
    Limit("percent-precision", "{{ '%.999999999f' % 1.5 }}", sandbox.WIDTH_TOO_LARGE),
    Limit("percent-many-values", BIG + "{{ ('%s' * 30) % ((big,) * 30) }}", sandbox.TEXT_TOO_LONG),
    Limit("big-range", "{{ range(1000000000)|list }}", sandbox.RANGE_TOO_LONG),
    # Filters: called directly by compiled code, so guarded one by one.
    Limit("format-filter-width", "{{ '%099999999d'|format(1) }}", sandbox.WIDTH_TOO_LARGE),
    Limit("center-filter", "{{ 'x'|center(1000000000) }}", sandbox.WIDTH_TOO_LARGE),
    Limit("indent-filter", "{{ ('x\\n' * 50000)|indent(100) }}", sandbox.TEXT_TOO_LONG),
    Limit(
        "wordwrap-filter",
        "{{ ('ab' * 50000)|wordwrap(1, wrapstring='x' * 100000) }}",
        sandbox.TEXT_TOO_LONG,
    ),
    Limit("replace-filter", BIG + "{{ big|replace('x', 'y' * 100) }}", sandbox.TEXT_TOO_LONG),
    Limit("join-filter", BIG + "{{ ([big] * 100)|join }}", sandbox.TEXT_TOO_LONG),
    Limit("batch-filter", "{{ [1]|batch(1000000000, 0)|list }}", sandbox.TOO_MANY_ITEMS),
    Limit("slice-filter", "{{ [1]|slice(1000000000)|list }}", sandbox.TOO_MANY_ITEMS),
    Limit("sum-of-lists", "{{ ([[0] * 100000] * 100000)|sum(start=[]) }}", sandbox.SUM_OF_NUMBERS),
    # String methods: called through the sandbox's call.
    Limit("ljust-method", "{{ 'x'.ljust(1000000000) }}", sandbox.WIDTH_TOO_LARGE),
    Limit("zfill-method", "{{ '1'.zfill(1000000000) }}", sandbox.WIDTH_TOO_LARGE),
    Limit("replace-method", BIG + "{{ big.replace('x', big) }}", sandbox.TEXT_TOO_LONG),
    Limit("join-method", BIG + "{{ ','.join([big] * 100) }}", sandbox.TEXT_TOO_LONG),
]


def _probe(limit: Limit) -> dict[str, Any]:
    """The probe's verdict on ``limit`` alone, with the peak memory of its process."""
    try:
        result = subprocess.run(
            [sys.executable, str(PROBE)],
            input=json.dumps([{"id": limit.id, "source": limit.source}]),
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return {"outcome": "timeout"}
    if result.returncode != 0:
        return {"outcome": "crash", "message": result.stderr[-3000:]}
    verdict, summary = (json.loads(line) for line in result.stdout.splitlines())
    return {**verdict, "max_rss_mb": summary["max_rss_mb"]}


@pytest.fixture(scope="module")
def verdicts() -> dict[str, dict[str, Any]]:
    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        return dict(zip((limit.id for limit in LIMITS), pool.map(_probe, LIMITS), strict=True))


def test_enough_limits() -> None:
    assert len(LIMITS) >= 20
    assert len({limit.id for limit in LIMITS}) == len(LIMITS)


@pytest.mark.parametrize("limit", LIMITS, ids=[limit.id for limit in LIMITS])
def test_limit_stops_the_template(limit: Limit, verdicts: dict[str, dict[str, Any]]) -> None:
    verdict = verdicts[limit.id]
    assert verdict["outcome"] == "problem", verdict
    assert limit.message in verdict["message"], verdict["message"]
    assert verdict["seconds"] < MAX_SECONDS, verdict
    assert verdict["max_rss_mb"] < MAX_RSS_MB, verdict
