"""Known template-injection payloads, rendered under an audit-hook tripwire in a subprocess.

Sources: Jinja's own sandbox tests (pallets/jinja tests/test_security.py), the Jinja2 section of
PayloadsAllTheThings "Server Side Template Injection/Python.md" and HackTricks' Jinja2 SSTI page
(adapted to this app's variables where they name Flask's), and the 2024-2025 Jinja sandbox
advisories: CVE-2024-56201 (template names reaching the compiler), CVE-2024-56326 (an indirect
call of ``str.format``) and CVE-2025-27516 (``|attr`` reaching ``str.format``).

Each payload must end in a TemplateProblem or in harmless text: no Python object shown, no
file or environment contents, and no process, file write, socket or ctypes call (the tripwire
of ``tests/sandbox_probe.py`` records and blocks those). All payloads run in one subprocess.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, NamedTuple

import pytest

PROBE = Path(__file__).resolve().parents[1] / "sandbox_probe.py"
CANARY = "sandbox-canary-5e1f0c"  # an environment variable's value no output may contain

PROBLEM = "problem"
RENDERED = "rendered"


class Payload(NamedTuple):
    id: str
    source: str
    expect: str  # PROBLEM or RENDERED (harmless text)


PAYLOADS = [
    # Jinja's sandbox tests (tests/test_security.py), with this app's variables.
    Payload("jinja-class-attribute", "{{ candidate_name.__class__ }}", PROBLEM),
    Payload("jinja-function-code", "{{ range.__code__ }}", PROBLEM),
    Payload("jinja-subclasses", "{{ (42).__class__.__subclasses__() }}", PROBLEM),
    Payload("jinja-list-append", "{{ [].append(23) }}", PROBLEM),
    Payload("jinja-dict-clear", "{{ {1: 2}.clear() }}", PROBLEM),
    Payload("jinja-for-attribute-target", "{% for item.a in strengths %}{% endfor %}", PROBLEM),
    Payload("jinja-attr-subclasses", '{{ strengths|attr("__subclasses__")() }}', PROBLEM),
    Payload("jinja-format-class", '{{ "a{0.__class__}b".format(42) }}', PROBLEM),
    Payload("jinja-safe-format", '{{ ("a{0.__class__}b{1}"|safe).format(42, "<foo>") }}', PROBLEM),
    Payload("jinja-format-map", '{{ "a{x.__class__}b".format_map({"x": 42}) }}', PROBLEM),
    Payload("jinja-multiply-string", "{{ 7 * '7' }}", RENDERED),
    # CVE-2024-56326: a stored reference to str.format, called later or by a filter.
    Payload(
        "cve-2024-56326-stored-format",
        '{% set f = "{0.__class__.__init__.__globals__}".format %}{{ f(range) }}',
        PROBLEM,
    ),
    Payload(
        "cve-2024-56326-map-format",
        '{{ ["{0.__class__}"]|map(attribute="format")|map("string")|join }}',
        PROBLEM,
    ),
    Payload("cve-2024-56326-getitem-format", '{{ "{0.__globals__}"["format"](range) }}', PROBLEM),
    # CVE-2025-27516: |attr to the plain str.format.
    Payload(
        "cve-2025-27516-attr-format", '{{ ("{0.__globals__}"|attr("format"))(range) }}', PROBLEM
    ),
    Payload(
        "cve-2025-27516-attr-format-map",
        '{{ ("{x.__class__}"|attr("format_map"))({"x": 1}) }}',
        PROBLEM,
    ),
    # CVE-2024-56201: template names from template text reaching the compiler.
    Payload(
        "cve-2024-56201-include-name",
        "{% include \"x'\\n__import__('os').system('id')\\n'\" %}",
        PROBLEM,
    ),
    Payload(
        "cve-2024-56201-from-import",
        "{% from \"{__import__('os').system('id')}\" import x %}",
        PROBLEM,
    ),
    Payload("cve-2024-56201-extends", '{% extends "f\'{__import__(\\"os\\")}\'" %}', PROBLEM),
    Payload("import-as", '{% import "layout.html" as layout %}', PROBLEM),
    # PayloadsAllTheThings, Jinja2 section.
    Payload("patt-config-items", "{{ config.items() }}", PROBLEM),
    Payload("patt-short-class-base", "{{ [].class.base.subclasses() }}", PROBLEM),
    Payload("patt-short-mro", "{{ ''.class.mro()[1].subclasses() }}", PROBLEM),
    Payload("patt-dump-classes", "{{ ''.__class__.__mro__[2].__subclasses__() }}", PROBLEM),
    Payload("patt-self-builtins", "{{ self.__init__.__globals__.__builtins__ }}", PROBLEM),
    Payload(
        "patt-read-file",
        "{{ ''.__class__.__mro__[2].__subclasses__()[40]('/etc/passwd').read() }}",
        PROBLEM,
    ),
    Payload(
        "patt-flask-open",
        '{{ get_flashed_messages.__globals__.__builtins__.open("/etc/passwd").read() }}',
        PROBLEM,
    ),
    Payload(
        "patt-write-file",
        "{{ ''.__class__.__mro__[2].__subclasses__()[40]('/tmp/followup-x', 'w').write('x') }}",
        PROBLEM,
    ),
    Payload(
        "patt-popen-builtins",
        "{{ self.__init__.__globals__.__builtins__.__import__('os').popen('id').read() }}",
        PROBLEM,
    ),
    Payload(
        "patt-context-cycler",
        "{{ self._TemplateReference__context.cycler.__init__.__globals__.os.popen('id').read() }}",
        PROBLEM,
    ),
    Payload(
        "patt-context-joiner",
        "{{ self._TemplateReference__context.joiner.__init__.__globals__.os.popen('id').read() }}",
        PROBLEM,
    ),
    Payload("patt-cycler", "{{ cycler.__init__.__globals__.os.popen('id').read() }}", PROBLEM),
    Payload("patt-joiner", "{{ joiner.__init__.__globals__.os.popen('id').read() }}", PROBLEM),
    Payload(
        "patt-namespace", "{{ namespace.__init__.__globals__.os.popen('id').read() }}", PROBLEM
    ),
    Payload("patt-lipsum", "{{ lipsum.__globals__['os'].popen('id').read() }}", PROBLEM),
    Payload(
        "patt-subprocess-popen",
        "{{ ''.__class__.mro()[1].__subclasses__()[396]('id', shell=True, stdout=-1)"
        ".communicate()[0].strip() }}",
        PROBLEM,
    ),
    Payload(
        "patt-warning-class-loop",
        '{% for x in ().__class__.__base__.__subclasses__() %}{% if "warning" in x.__name__ %}'
        "{{ x()._module.__builtins__['__import__']('os').popen('id').read() }}"
        "{% endif %}{% endfor %}",
        PROBLEM,
    ),
    Payload(
        "patt-attr-join-underscores",
        '{{ candidate_name|attr(["_" * 2, "class", "_" * 2]|join) }}',
        PROBLEM,
    ),
    Payload(
        "patt-attr-format-underscores",
        '{{ candidate_name|attr("%s%sclass%s%s"|format("_", "_", "_", "_")) }}',
        PROBLEM,
    ),
    Payload(
        "patt-hex-escapes",
        "{{ candidate_name|attr('\\x5f\\x5fclass\\x5f\\x5f')|attr('\\x5f\\x5fbase\\x5f\\x5f') }}",
        PROBLEM,
    ),
    Payload("patt-getitem-dunder", '{{ candidate_name["__class__"]["__base__"] }}', PROBLEM),
    Payload("patt-debug-tag", "{% debug %}", PROBLEM),
    # HackTricks (Jinja2 SSTI): other roads to builtins, globals and the environment.
    Payload("ht-base-subclasses", "{{ ''.__class__.__base__.__subclasses__() }}", PROBLEM),
    Payload("ht-dict-base", "{{ dict.__base__.__subclasses__() }}", PROBLEM),
    Payload("ht-range-globals", "{{ range.__globals__.os.environ }}", PROBLEM),
    Payload("ht-generator-frame", '{{ (strengths|map("upper")).gi_frame.f_globals }}', PROBLEM),
    Payload("ht-date-subclasses", "{{ today.__class__.__subclasses__() }}", PROBLEM),
    Payload("ht-method-self", '{{ "".join.__self__.__class__ }}', PROBLEM),
    Payload(
        "ht-block-globals", "{% block body %}{{ self.body.__globals__ }}{% endblock %}", PROBLEM
    ),
    Payload("ht-macro-func", "{% macro m() %}{% endmacro %}{{ m._func.__globals__ }}", PROBLEM),
    Payload("ht-loop-class", "{% for s in strengths %}{{ loop.__class__ }}{% endfor %}", PROBLEM),
    Payload("ht-encode-bytes", '{{ "x".encode("utf-8") }}', PROBLEM),
    Payload("ht-translate", '{{ "abc".translate({97: "x"}) }}', PROBLEM),
    # Python's view of an object, shown by printing or by turning it into text another way.
    Payload("print-function", "{{ range }}", PROBLEM),
    Payload("print-macro", "{% macro m() %}x{% endmacro %}{{ m }}", PROBLEM),
    Payload("print-self", "{{ self }}", PROBLEM),
    Payload("print-loop", "{% for s in strengths %}{{ loop }}{% endfor %}", PROBLEM),
    Payload("print-list", "{{ strengths }}", PROBLEM),
    Payload("print-method", "{{ candidate_name.upper }}", PROBLEM),
    Payload("print-generator", '{{ strengths|map("upper") }}', PROBLEM),
    Payload("concat-function", '{{ range ~ "" }}', PROBLEM),
    Payload("join-function", "{{ [range]|join }}", PROBLEM),
    Payload("join-and-macro", "{% macro m() %}{% endmacro %}{{ [m]|join_and }}", PROBLEM),
    Payload("percent-function", '{{ "%s" % range }}', PROBLEM),
    Payload("percent-repr", '{{ "%r" % candidate_name }}', PROBLEM),
    Payload("str-format-function", '{{ "{}".format(range) }}', PROBLEM),
    Payload("string-filter-function", "{{ range|string }}", PROBLEM),
    Payload("format-filter-self", '{{ "%s"|format(self) }}', PROBLEM),
    Payload("text-filter-function", "{{ range|upper }}", PROBLEM),
    Payload("replace-with-function", '{{ "a"|replace("a", range) }}', PROBLEM),
    Payload("pprint-filter", "{{ strengths|pprint }}", PROBLEM),
    Payload("tojson-filter", "{{ {'a': 1}|tojson }}", PROBLEM),
    Payload("xmlattr-filter", "{{ {'a': range}|xmlattr }}", PROBLEM),
    Payload("safe-filter", "{{ range|safe }}", PROBLEM),
    Payload("date-filter-function", "{{ range|long_date }}", PROBLEM),
    Payload("unknown-value-repr", "{{ strengths.index(range) }}", PROBLEM),
    # Harmless on purpose: the same features used as a message uses them.
    Payload(
        "harmless-message",
        "Hi {{ candidate_first_name }}, {{ strengths|join_and }} ({{ strengths|length }})."
        ' {{ "%s at %s" % (role, company) }} {{ today|long_date }}',
        RENDERED,
    ),
]


def _ids() -> list[str]:
    ids = [payload.id for payload in PAYLOADS]
    assert len(ids) == len(set(ids)), "payload ids must be unique"
    return ids


# How Python shows objects, the contents of files and environment variables, the output of
# `id`: none of it may reach a message or a problem shown to the interviewer.
LEAKS = (
    "<class",
    "<function",
    "<built-in",
    "<module",
    "<bound method",
    "<generator",
    " object at 0x",
    "root:x:0:0",
    "uid=",
    CANARY,
)
INTERNALS = ("__globals__", "__builtins__")  # never in a message (a problem may name them)


@pytest.fixture(scope="module")
def verdicts() -> dict[str, dict[str, Any]]:
    result = subprocess.run(
        [sys.executable, str(PROBE)],
        input=json.dumps([{"id": p.id, "source": p.source} for p in PAYLOADS]),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "FOLLOWUP_SANDBOX_CANARY": CANARY},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    summary = lines.pop()
    assert summary["tripwire"], "the audit hook did not catch the probe's own write"
    return {line["id"]: line for line in lines}


def test_enough_payloads() -> None:
    assert len(PAYLOADS) >= 40


@pytest.mark.parametrize("payload", PAYLOADS, ids=_ids())
def test_payload_is_harmless(payload: Payload, verdicts: dict[str, dict[str, Any]]) -> None:
    verdict = verdicts[payload.id]
    assert verdict["events"] == [], f"the template reached the system: {verdict['events']}"
    assert verdict["outcome"] == payload.expect, verdict
    shown = verdict["message"] + verdict.get("subject", "") + verdict.get("text", "")
    shown += verdict.get("html", "")
    for leak in LEAKS:
        assert leak not in shown, (leak, verdict)
    if payload.expect == RENDERED:
        for internal in INTERNALS:
            assert internal not in shown, (internal, verdict)
    else:
        assert verdict["message"], verdict
