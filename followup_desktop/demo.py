"""Sample data for ``--demo``, the self-test and the template editor. No Qt.

The debriefs live in ``resources/demo/debriefs.json`` with dates as day offsets from today,
so the demo always looks current. Messages are rendered from the built-in templates. Besides
the hand-written recent ones, a few months of earlier interviews are generated from the
file's "history" pools with a fixed seed, so that the Insights page has a story to tell:
notes written sooner, candidates answered sooner, vague and biased wording fading. Every
debrief comes with the coach's counts of findings in its notes, as the file states them
(tests/unit/test_demo.py checks them against the coach), so filling the demo never waits on
the coach.
"""

from __future__ import annotations

import functools
import json
import random
import unicodedata
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Any

from followup_desktop.compose import build_context, builtin_template, render_source
from followup_desktop.domain.choices import InterviewFormat, MessageStatus, Outcome, Rating, Step
from followup_desktop.domain.model import (
    Candidate,
    Competency,
    Debrief,
    Decision,
    Interview,
    Message,
)
from followup_desktop.domain.timeline import Timeline
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


@dataclass(frozen=True)
class DemoItem:
    """One demo debrief, its messages (``debrief_id=0``), the coach's counts for its notes,
    and whether it is archived."""

    debrief: Debrief
    messages: list[Message]
    coach: Mapping[str, int] = field(default_factory=dict)
    archived: bool = False


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


class _History:
    """Earlier interviews from the "history" pools: the older, the slower and vaguer."""

    def __init__(self, spec: dict[str, Any], now: datetime, settings: Settings) -> None:
        self.spec = spec
        self.now = _local(now)
        self.settings = settings
        self.rng = random.Random(int(spec["seed"]))
        self.timeline = Timeline(respond_within_days=settings.respond_within_days)
        self.roles = [role for role in settings.competencies_by_role if role]

    def _names(self, count: int, taken: set[str]) -> list[str]:
        pairs = [(f, s) for f in self.spec["first_names"] for s in self.spec["last_names"]]
        self.rng.shuffle(pairs)
        names = [f"{first} {last}" for first, last in pairs if f"{first} {last}" not in taken]
        return names[:count]

    def _at(self, day: date, clock: float) -> datetime:
        return datetime.combine(day, time(int(clock), int(clock % 1 * 60)), self.now.tzinfo)

    def _message(
        self, debrief: Debrief, template: str, when: datetime, outcome: Outcome
    ) -> Message:
        found = builtin_template(template)
        context = build_context(debrief, self.settings, today=when.date())
        rendered = render_source(found.source, context)
        return Message(
            debrief_id=0,
            template_id=found.id,
            subject=rendered.subject,
            body=rendered.text,
            created_at=when - timedelta(minutes=6),
            status=MessageStatus.SENT,
            copied_at=when - timedelta(minutes=1),
            sent_at=when,
            outcome=outcome,
        )

    def _reply_at(self, interview: datetime, business_days: int) -> datetime:
        day = self.timeline.business_days_after(interview.date(), business_days)
        return max(self._at(day, 9.5 + self.rng.random() * 6), interview + timedelta(hours=2))

    def items(self, taken: set[str]) -> list[DemoItem]:
        spec, rng = self.spec, self.rng
        count, oldest, newest = spec["count"], spec["oldest_days_ago"], spec["newest_days_ago"]
        names = self._names(count, taken)
        result = []
        for index in range(count):
            age = round(oldest - (oldest - newest) * index / max(1, count - 1))
            old = (age - newest) / max(1, oldest - newest)  # 1 for the oldest, 0 the newest
            day = _weekday_back(self.now.date() - timedelta(days=age))
            interview = self._at(day, 9 + rng.randrange(0, 14) / 2)
            outcome = Outcome(spec["outcomes"][index % len(spec["outcomes"])])
            pending = index % 13 == 5  # never decided: archived in the end
            if pending:
                outcome = Outcome.ON_HOLD if index % 2 else Outcome.UNDECIDED
            result.append(
                self._item(
                    names[index], interview, outcome, old, late=index % 7 == 3, archived=pending
                )
            )
        return result

    def _item(
        self,
        name: str,
        interview: datetime,
        outcome: Outcome,
        old: float,
        *,
        late: bool,
        archived: bool,
    ) -> DemoItem:
        spec, rng = self.spec, self.rng
        role = rng.choice(self.roles)
        started = interview + timedelta(hours=max(0.2, 0.5 + 22 * old**1.4 * rng.uniform(0.6, 1.4)))
        completed = started + timedelta(hours=rng.uniform(0.3, 1.0) + 26 * old * rng.random())
        vague = rng.random() < 0.12 + 0.7 * old
        takeaway = rng.choice(spec["takeaways"]["vague" if vague else "clear"])
        biased = rng.random() < 0.35 * old
        private = rng.choice(spec["private_notes"]["biased" if biased else "clear"])
        feedback = outcome is Outcome.REJECT and rng.random() < 0.25 + 0.65 * (1 - old)
        evidence = rng.sample(spec["evidence"], 4)
        first, last = name.split(" ", 1)
        debrief = Debrief(
            started_at=started,
            candidate=Candidate(name, "", f"{_ascii(first)}.{_ascii(last)}@example.com"),
            interview=Interview(
                role=role,
                stage=rng.choice(spec["stages"]),
                at=interview,
                format=rng.choice(tuple(InterviewFormat)),
                interviewer=self.settings.interviewer_name,
            ),
            competencies=tuple(
                Competency(item, rng.choice((Rating.YES, Rating.NO)), text)
                for item, text in zip(self.settings.competencies_for(role), evidence, strict=False)
            ),
            key_takeaways=takeaway["text"],
            strengths="\n".join(rng.sample(spec["strengths"], 2)),
            growth_areas="\n".join(rng.sample(spec["growth_areas"], 2)) if feedback else "",
            private_notes=private["text"],
            decision=Decision(
                outcome=outcome,
                next_steps=spec["next_steps"].get(outcome.value, ""),
                next_step_date=interview.date() + timedelta(days=14),
                share_feedback=feedback,
                offer_start_date=interview.date() + timedelta(days=45),
                offer_manager="Tomasz Nowak" if outcome is Outcome.OFFER else "",
            ),
            step=Step.FOLLOW_UP,
            completed_at=completed,
        )
        coach: Counter[str] = Counter(takeaway["coach"])
        coach.update(private["coach"])
        if archived:
            return DemoItem(debrief, [], dict(coach), archived=True)
        # The older, the later the first word: about four business days then, one now.
        days = max(0, round(0.7 + 3.8 * old + rng.uniform(-0.9, 0.9)))
        messages = []
        if late:  # still deciding at the respond-by date: an update, the decision later
            due = self._reply_at(interview, self.settings.respond_within_days)
            messages.append(self._message(debrief, "on_hold", due, Outcome.UNDECIDED))
            days = self.settings.respond_within_days + rng.randint(2, 4)
        final = self._reply_at(interview, days)
        messages.append(self._message(debrief, outcome.value, final, outcome))
        return DemoItem(debrief, messages, dict(coach))


def demo_items(now: datetime) -> list[DemoItem]:
    """The demo debriefs (ids None), oldest history first, then the hand-written ones."""
    settings = demo_settings()
    written = []
    for item in _data()["debriefs"]:
        debrief = _debrief(item, now, settings)
        messages = [_message(debrief, settings, spec, now) for spec in item.get("messages", ())]
        written.append(DemoItem(debrief, messages, dict(item.get("coach", {}))))
    taken = {item.debrief.candidate.name for item in written}
    history = _History(_data()["history"], now, settings).items(taken)
    return [*history, *written]


def demo_debriefs(now: datetime) -> list[tuple[Debrief, list[Message]]]:
    """The demo debriefs (ids None) with their messages (``debrief_id=0`` placeholders)."""
    return [(item.debrief, item.messages) for item in demo_items(now)]


def populate(repo: Repository, now: datetime) -> int:
    """Write the demo settings, debriefs, messages and coach counts in one go; return how
    many debriefs."""
    repo.save_settings(demo_settings())
    items = demo_items(now)
    ids = repo.import_debriefs((item.debrief, item.messages) for item in items)
    repo.import_coach_counts(zip(ids, (item.coach for item in items), strict=True))
    for debrief_id, item in zip(ids, items, strict=True):
        if item.archived:
            repo.set_archived(debrief_id, True)
    return len(ids)


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
