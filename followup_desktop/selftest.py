"""``--self-test``: check the data file and every built-in template without a window."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from followup_desktop import APP_NAME, __version__
from followup_desktop.context import AppContext, fill_demo, open_context
from followup_desktop.storage import StorageError

_LEAKS = ("None", "{{", "{%", "Hi ,", "Dear ,")


def _check_templates(context: AppContext) -> list[str]:
    """Render every built-in template on the sample debrief; return the failures."""
    from followup_desktop.compose import (
        TemplateProblem,
        build_context,
        builtin_templates,
        render_source,
    )
    from followup_desktop.demo import demo_settings, sample_debrief

    try:
        templates = builtin_templates()
    except TemplateProblem as exc:
        return [f"the built-in templates cannot be read: {exc}"]
    if not templates:
        return ["no built-in templates were found"]
    debrief = sample_debrief(context.clock())
    values = build_context(debrief, demo_settings(), today=context.today())
    failures = []
    for template in templates:
        try:
            rendered = render_source(template.source, values)
        except TemplateProblem as exc:
            failures.append(f"template {template.id}: {exc}")
            continue
        leaked = [mark for mark in _LEAKS if mark in rendered.subject + rendered.text]
        if leaked or not rendered.subject or not rendered.text:
            failures.append(f"template {template.id}: empty or unfinished output {leaked}")
    return failures


def run_self_test(data_dir: Path, *, demo: bool, out: TextIO) -> int:
    """Print a short report; 0 when all is well, 1 with the reason otherwise."""
    print(f"{APP_NAME} {__version__} self-test", file=out)
    print(f"  data folder: {data_dir}", file=out)
    try:
        context = open_context(data_dir)
    except StorageError as exc:
        print(f"FAIL database: {exc}", file=out)
        return 1
    try:
        if demo:
            print(f"  demo: {fill_demo(context)}", file=out)
        print(
            f"  database: {context.repository.path} ok, "
            f"{context.repository.count_debriefs()} debriefs",
            file=out,
        )
        failures = _check_templates(context)
    except StorageError as exc:
        print(f"FAIL database: {exc}", file=out)
        return 1
    finally:
        context.close()
    for failure in failures:
        print(f"FAIL {failure}", file=out)
    if failures:
        return 1
    print("  templates: every built-in template rendered cleanly", file=out)
    print("OK", file=out)
    return 0
