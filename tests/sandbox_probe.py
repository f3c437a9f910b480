"""Render hostile templates in this process and report what each did (for the sandbox tests).

    python tests/sandbox_probe.py < payloads.json

Reads ``[{"id": ..., "source": ...}, ...]`` on stdin and renders each with ``render_source`` on
a realistic context (the demo's sample debrief). Before the first payload it arms a
``sys.addaudithook`` tripwire that records, and blocks, what a template must never reach:
starting a process, writing, removing or renaming a file, a socket, ctypes. An audit hook can't
be removed, which is why this runs in a process of its own.

Prints one JSON object per line: for each payload ``{"id", "outcome", "message", "line",
"subject", "text", "html", "events", "seconds"}`` (``outcome`` is ``problem`` for a
TemplateProblem, ``rendered``, or ``crash`` with the exception's type as ``message``), then
``{"tripwire": ..., "max_rss_mb": ...}``: whether the tripwire caught a write of the probe's
own, and the peak memory of the process.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from datetime import UTC, datetime
from typing import Any

from followup_desktop.compose import (
    TemplateProblem,
    build_context,
    builtin_templates,
    render_source,
)
from followup_desktop.demo import demo_settings, sample_debrief

NOW = datetime(2026, 3, 4, 15, 0, tzinfo=UTC)

# Audit events a template must never cause (prefixes of the event names).
FORBIDDEN = (
    "subprocess.",
    "os.system",
    "os.exec",
    "os.posix_spawn",
    "os.spawn",
    "os.fork",
    "os.kill",
    "os.remove",
    "os.rename",
    "os.rmdir",
    "os.mkdir",
    "os.chmod",
    "os.chown",
    "os.truncate",
    "os.link",
    "os.symlink",
    "os.putenv",
    "os.unsetenv",
    "shutil.",
    "socket.",
    "ctypes.",
    "pty.",
    "webbrowser.",
)
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_TRUNC

events: list[str] = []


class Tripped(RuntimeError):
    """Raised by the audit hook to stop a forbidden operation before it happens."""


def _opens_for_writing(args: tuple[Any, ...]) -> bool:
    _path, mode, flags = (*args, None, None, None)[:3]
    if isinstance(mode, str) and any(letter in mode for letter in "wax+"):
        return True
    return isinstance(flags, int) and bool(flags & _WRITE_FLAGS)


def tripwire(event: str, args: tuple[Any, ...]) -> None:
    if event.startswith(FORBIDDEN) or (event == "open" and _opens_for_writing(args)):
        events.append(f"{event} {args!r}"[:300])
        raise Tripped(event)


def verdict(payload: dict[str, str], context: dict[str, Any]) -> dict[str, Any]:
    del events[:]
    result: dict[str, Any] = {"id": payload["id"], "line": None}
    started = time.monotonic()
    try:
        rendered = render_source(payload["source"], context)
    except TemplateProblem as problem:
        result.update(outcome="problem", message=str(problem), line=problem.line)
    except BaseException as exc:  # anything else is a failure of the sandbox
        result.update(outcome="crash", message=f"{type(exc).__name__}: {exc}"[:500])
    else:
        result.update(
            outcome="rendered",
            message="",
            subject=rendered.subject,
            text=rendered.text[:20_000],
            html=rendered.html[:20_000],
        )
    result.update(events=list(events), seconds=round(time.monotonic() - started, 3))
    return result


def main() -> int:
    payloads = json.load(sys.stdin)
    context = build_context(sample_debrief(NOW), demo_settings(), today=NOW.date())
    # Warm up: everything Jinja and Babel import lazily is imported now, before the tripwire.
    for template in builtin_templates():
        render_source(template.source, context)
    render_source("{{ 'a b'|wordwrap(1) }}{{ 'a'|urlencode }}{{ [1]|sum }}", context)
    sys.dont_write_bytecode = True  # a module imported later must not write a .pyc
    sys.addaudithook(tripwire)
    try:
        with open(os.devnull, "w"):  # the probe's own write: the tripwire must catch it
            pass
    except Tripped:
        pass
    armed = bool(events)
    for payload in payloads:
        print(json.dumps(verdict(payload, context)), flush=True)
    print(json.dumps({"tripwire": armed, "max_rss_mb": round(peak_rss_mb(), 1)}), flush=True)
    return 0


def peak_rss_mb() -> float:
    """This program's peak resident memory. Linux's ``ru_maxrss`` also counts the memory of
    the process that forked it (a large pytest run reads as 500 MB here), so the kernel's
    high-water mark of this program's own memory (VmHWM) is read where there is one."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


if __name__ == "__main__":
    sys.exit(main())
