"""``--self-test``: check the data file and every template without a window.

The database is checked in full first (``PRAGMA integrity_check`` and ``foreign_key_check``)
through a read-only connection: a damaged, foreign, too new or empty file fails the test with
a message naming it, and is never written to (not even a journal). Only a sound file (or
none: a new one is made) is then opened as the app opens it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from followup_desktop import APP_NAME, __version__
from followup_desktop.compose import (
    Origin,
    Template,
    TemplateProblem,
    build_context,
    builtin_templates,
    render_source,
)
from followup_desktop.compose.catalog import describe_problem
from followup_desktop.context import AppContext, fill_demo, open_context
from followup_desktop.demo import demo_settings, sample_debrief
from followup_desktop.domain.timeline import Timeline
from followup_desktop.paths import templates_dir
from followup_desktop.storage import DB_FILENAME, StorageError
from followup_desktop.storage.backup_schedule import backups_folder
from followup_desktop.storage.backups import newest_backup
from followup_desktop.storage.database import check_integrity

_LEAKS = ("None", "{{", "{%", "Hi ,", "Dear ,")
# Known answers for the coach: each check needs data files the app carries (its rules, the
# spelling dictionary, the hyphenation and pronouncing dictionaries behind the readability score).
_NOTES = "Not a culture fit for the team, honestly."
_MESSAGE = " ".join(
    ["Notwithstanding considerable organisational complexities, the interdisciplinary "
     "evaluation committee unanimously determined that your comprehensive technological "
     "qualifications insufficiently correspond with contemporary infrastructural "
     "modernisation requirements."] * 3
    + ["You will recieve the written summary separately."]
)  # fmt: skip
_EXPECTED = (  # what is checked, on which audience's rules, in which text, found as what
    ("vague wording in notes", "notes", _NOTES, "vague"),
    ("a misspelt word in a message", "candidate", _MESSAGE, "spelling"),
    ("a hard-to-read message", "candidate", _MESSAGE, "clarity"),
)
_FOLDERS = {Origin.MINE: "your templates folder", Origin.TEAM: "the team templates folder"}


def _check_templates(context: AppContext) -> tuple[list[str], list[str]]:
    """Render every template on the sample debrief; return the failures and the warnings.

    A built-in that does not render cleanly is a failure: the installation is broken. A
    template of the interviewer's or the team's with a problem is a warning naming its file:
    the app still works (it lists the problem, and a broken override gives way to the
    original), and only they can fix it, so it must not fail a check of the installation.
    """
    templates = builtin_templates()
    if not templates:
        return [f"no built-in templates were found in {templates_dir()}"], []
    debrief = sample_debrief(context.clock())
    values = build_context(debrief, demo_settings(), today=context.today())
    failures = [
        problem
        for template in templates
        if (problem := _render_problem(template, values, strict=True))
    ]
    catalog = context.catalog
    warnings = list(catalog.folder_problems())
    for template in catalog.templates():
        if template.origin is not Origin.BUILTIN:
            problem = _render_problem(template, values, strict=False)
            if problem and template.path is not None:
                warnings.append(f"in {_FOLDERS[template.origin]} {template.path.parent}: {problem}")
    return failures, warnings


def _render_problem(template: Template, values: Mapping[str, Any], *, strict: bool) -> str | None:
    """What keeps ``template`` from rendering on the sample values; ``strict`` also looks for
    signs of a value left out (a "None", a greeting without a name) in the output."""
    if template.problem is not None:
        return template.problem
    try:
        rendered = render_source(template.source, values, language=template.language)
    except TemplateProblem as exc:
        return describe_problem(exc, template.file_name)
    leaked = [mark for mark in _LEAKS if mark in rendered.subject + rendered.text]
    if strict and (leaked or not rendered.subject or not rendered.text):
        return f"{template.file_name}: empty or unfinished output {leaked}"
    return None


def _check_coach() -> list[str]:
    """What keeps the coach from working: a built-in rule file it cannot read, or a known
    sentence it does not flag (its dictionaries missing or unreadable)."""
    from followup_desktop.coach import default_coach, review

    coach = default_coach()
    failures = [f"coach rule file {problem}" for problem in coach.problems()]
    for what, audience, text, category in _EXPECTED:
        try:
            found = {str(finding.category) for finding in review(text, audience=audience)}
        except Exception as exc:  # a missing data file surfaces as whatever its reader raises
            failures.append(f"the coach could not check {what}: {exc!r}")
            continue
        if category not in found:
            failures.append(f"the coach did not flag {what}: its data may be missing")
    return failures


def _check_holidays() -> list[str]:
    """Whether the public-holiday calendars are there: Christmas in Germany is not a business
    day."""
    try:
        after = Timeline(country="DE").business_days_after(date(2026, 12, 23), 2)
    except Exception as exc:
        return [f"the public-holiday calendars could not be read: {exc!r}"]
    if after != date(2026, 12, 28):
        return [f"the public-holiday calendars are wrong: 2 business days after 23 Dec 2026 "
                f"in Germany came out as {after}, not 28 Dec"]  # fmt: skip
    return []


def _describe_newest_backup(data_dir: Path) -> str:
    folder = backups_folder(data_dir)
    newest = newest_backup(folder)
    if newest is None:
        return f"no backup yet (they go to {folder})"
    return f"newest from {newest.taken_at:%Y-%m-%d %H:%M}, {newest.path}"


def run_self_test(data_dir: Path, *, demo: bool, out: TextIO) -> int:
    """Print a short report; 0 when all is well, 1 with the reason otherwise."""
    print(f"{APP_NAME} {__version__} self-test", file=out)
    print(f"  data folder: {data_dir}", file=out)
    try:
        check_integrity(data_dir / DB_FILENAME)
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
        print(f"  backups: {_describe_newest_backup(data_dir)}", file=out)
        failures, warnings = _check_templates(context)
    except StorageError as exc:
        print(f"FAIL database: {exc}", file=out)
        return 1
    finally:
        context.close()
    checks = _check_coach() + _check_holidays()
    for failure in failures + checks:
        print(f"FAIL {failure}", file=out)
    if failures or checks:
        return 1
    print("  templates: every built-in template rendered cleanly", file=out)
    print("  coach: rules and dictionaries read, known sentences flagged", file=out)
    print("  holidays: public-holiday calendars read", file=out)
    for warning in warnings:
        print(f"WARN {warning}", file=out)
    print("OK", file=out)
    return 0
