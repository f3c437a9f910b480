"""Sample data for ``--demo``, the self-test and the template editor. No Qt.

The debriefs live in ``resources/demo/debriefs.json`` with dates as day offsets from today,
so the demo always looks current. Messages are rendered from the built-in templates.
"""

from __future__ import annotations

import functools
import json
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from typing import Any

from followup_desktop.compose import build_context, builtin_template, render_source
from followup_desktop.domain.model import (
    Candidate,
    Competency,
    Debrief,
    Decision,
    Interview,
    InterviewFormat,
    Message,
    MessageStatus,
    Outcome,
    Rating,
    Step,
)
from followup_desktop.paths import resources_dir
from followup_desktop.settings import Settings
from followup_desktop.storage.repository import Repository

DEMO_FILE = "demo/debriefs.json"


@functools.cache
def _data() -> dict[str, Any]:
    path = resources_dir() / DEMO_FILE
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def demo_settings() -> Settings:
    """The demo interviewer: a named person with title, email, company and signature."""
    raw = dict(_data()["settings"])
    raw["competencies_by_role"] = {
        role: tuple(items) for role, items in raw.get("competencies_by_role", {}).items()
    }
    return replace(Settings(**raw), welcome_done=True)


def _local(now: datetime) -> datetime:
    return now.astimezone() if now.tzinfo is not None else now


def _weekday_back(day: date) -> date:
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def _weekday_forward(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def _working_hours(moment: datetime) -> datetime:
    """The same moment, or 09:30 on the next weekday if it falls on a weekend."""
    if moment.weekday() < 5:
        return moment
    day = _weekday_forward(moment.date())
    return datetime.combine(day, time(9, 30), tzinfo=moment.tzinfo)


def _future_day(now: datetime, days: Any) -> date | None:
    if days is None:
        return None
    return _weekday_forward(now.date() + timedelta(days=int(days)))


def _debrief(item: dict[str, Any], now: datetime, settings: Settings) -> Debrief:
    now = _local(now)
    hour, minute = (int(part) for part in str(item.get("interview_time", "10:00")).split(":"))
    day = _weekday_back(now.date() - timedelta(days=int(item["interview_days_ago"])))
    interview_at = datetime.combine(day, time(hour, minute), tzinfo=now.tzinfo)
    interview_at = min(interview_at, now - timedelta(hours=1))
    started_at = min(interview_at + timedelta(minutes=50), now)
    completed = bool(item.get("completed"))
    person = item["candidate"]
    decided = item.get("decision", {})
    return Debrief(
        started_at=started_at,
        candidate=Candidate(
            name=person["name"],
            preferred_name=person.get("preferred_name", ""),
            email=person.get("email", ""),
        ),
        interview=Interview(
            role=item["role"],
            stage=item.get("stage", ""),
            at=interview_at,
            format=InterviewFormat(item.get("format", "video")),
            interviewer=settings.interviewer_name,
        ),
        competencies=tuple(
            Competency(c["name"], Rating(c.get("rating", "not_assessed")), c.get("evidence", ""))
            for c in item.get("competencies", ())
        ),
        key_takeaways=item.get("key_takeaways", ""),
        strengths="\n".join(item.get("strengths", ())),
        growth_areas="\n".join(item.get("growth_areas", ())),
        private_notes=item.get("private_notes", ""),
        decision=Decision(
            outcome=Outcome(decided.get("outcome", "undecided")),
            next_steps=decided.get("next_steps", ""),
            next_step_date=_future_day(now, decided.get("next_step_in_days")),
            share_feedback=bool(decided.get("share_feedback", False)),
            invite_reapply=bool(decided.get("invite_reapply", False)),
            offer_start_date=_future_day(now, decided.get("offer_start_in_days")),
            offer_manager=decided.get("offer_manager", ""),
        ),
        step=Step(item.get("step", "interview")),
        completed_at=min(started_at + timedelta(minutes=20), now) if completed else None,
    )


def _message(debrief: Debrief, settings: Settings, spec: dict[str, Any], now: datetime) -> Message:
    assert debrief.interview.at is not None
    after = timedelta(hours=float(spec.get("hours_after_interview", 2)))
    created = min(_working_hours(debrief.interview.at + after), _local(now))
    template = builtin_template(str(spec["template"]))
    rendered = render_source(
        template.source, build_context(debrief, settings, today=created.date())
    )
    status = MessageStatus(spec.get("status", "draft"))
    copied_at = created + timedelta(minutes=5) if status is not MessageStatus.DRAFT else None
    sent_at = created + timedelta(minutes=6) if status is MessageStatus.SENT else None
    return Message(
        debrief_id=0,
        template_id=template.id,
        subject=rendered.subject,
        body=rendered.text,
        created_at=created,
        status=status,
        copied_at=None if copied_at is None else min(copied_at, _local(now)),
        sent_at=None if sent_at is None else min(sent_at, _local(now)),
    )


def demo_debriefs(now: datetime) -> list[tuple[Debrief, list[Message]]]:
    """The demo debriefs (ids None) with their messages (``debrief_id=0`` placeholders)."""
    settings = demo_settings()
    result = []
    for item in _data()["debriefs"]:
        debrief = _debrief(item, now, settings)
        messages = [_message(debrief, settings, spec, now) for spec in item.get("messages", ())]
        result.append((debrief, messages))
    return result


def populate(repo: Repository, now: datetime) -> int:
    """Write the demo settings, debriefs and messages; return how many debriefs."""
    repo.save_settings(demo_settings())
    count = 0
    for debrief, messages in demo_debriefs(now):
        saved = repo.save_debrief(debrief)
        assert saved.id is not None
        for message in messages:
            repo.save_message(replace(message, debrief_id=saved.id))
        count += 1
    return count


def sample_debrief(now: datetime, outcome: Outcome | None = None) -> Debrief:
    """A complete example debrief: every field filled, for self-tests and template previews.

    With ``outcome``, the decision (and its next-step wording) fits that outcome.
    """
    data = _data()
    debrief = _debrief(data["sample"], now, demo_settings())
    if outcome is None:
        return debrief
    next_steps = str(data.get("sample_next_steps", {}).get(outcome.value, ""))
    return debrief.with_decision(outcome=outcome, next_steps=next_steps)
