"""build_context: documented names only, empty values left out, nothing private."""

from __future__ import annotations

import inspect
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followup_desktop.compose import (
    VARIABLES,
    TemplateProblem,
    build_context,
    explain,
    render_source,
)
from followup_desktop.compose.context import possible_keys
from followup_desktop.domain.choices import InterviewFormat, Outcome, Rating
from followup_desktop.domain.model import Candidate, Competency, Debrief, Decision, Interview
from followup_desktop.settings import Settings

TODAY = date(2026, 3, 4)  # a Wednesday
INTERVIEW_AT = datetime(2026, 3, 3, 10, 0, tzinfo=UTC)  # Tuesday

FULL_SETTINGS = Settings(
    interviewer_name="Grace Obi",
    interviewer_title="Engineering Manager",
    interviewer_email="grace@example.com",
    signature="Grace Obi\nEngineering Manager, Example Ltd\nMobile +1 555 0100",
    company="Example Ltd",
    respond_within_days=2,
)


def full_debrief() -> Debrief:
    return Debrief(
        started_at=INTERVIEW_AT,
        candidate=Candidate("Nomvula  Dlamini", "Vuvu", "vuvu@example.com"),
        interview=Interview("Data Analyst", "Case study", INTERVIEW_AT, InterviewFormat.ONSITE),
        competencies=(Competency("SQL", Rating.STRONG_YES, "EVIDENCE-SECRET"),),
        key_takeaways="TAKEAWAY-SECRET",
        strengths="- Clear SQL\n\n* Good questions",
        growth_areas="Statistics depth",
        private_notes="PRIVATE-SECRET",
        decision=Decision(
            outcome=Outcome.OFFER,
            next_steps="Reply by Friday",
            next_step_date=TODAY + timedelta(days=5),
            share_feedback=True,
            invite_reapply=True,
            offer_start_date=TODAY + timedelta(days=30),
            offer_manager="Grace Obi",
        ),
    )


def test_full_context_has_every_variable() -> None:
    context = build_context(full_debrief(), FULL_SETTINGS, today=TODAY)
    assert set(context) == set(VARIABLES)
    assert context["candidate_name"] == "Nomvula Dlamini"
    assert context["candidate_first_name"] == "Vuvu"
    assert context["interview_date"] == date(2026, 3, 3)
    assert context["interview_format"] == "On site"
    assert context["respond_by"] == date(2026, 3, 5)
    assert context["hear_back_by"] == TODAY + timedelta(days=5)
    assert context["strengths"] == ["Clear SQL", "Good questions"]
    assert context["growth_areas"] == ["Statistics depth"]
    assert context["outcome"] == "offer"
    assert context["share_feedback"] is True
    # Lines repeating the name, title and company are dropped: the templates print them.
    assert context["signature"] == "Mobile +1 555 0100"


def test_variables_and_possible_keys_agree() -> None:
    assert possible_keys() == frozenset(VARIABLES)
    source = inspect.getsource(build_context)
    for name in VARIABLES:
        assert f'"{name}"' in source
    for name, variable in VARIABLES.items():
        assert variable.name == name
        assert variable.description
        assert variable.where_to_fill


def test_empty_scalars_are_left_out_lists_and_flags_stay() -> None:
    debrief = Debrief(started_at=INTERVIEW_AT)
    context = build_context(debrief, Settings(), today=TODAY)
    assert set(context) == {name for name, variable in VARIABLES.items() if variable.always}
    assert context["strengths"] == []
    assert context["growth_areas"] == []
    assert context["share_feedback"] is False
    assert context["invite_reapply"] is False
    assert context["outcome"] == "undecided"
    assert context["today"] == TODAY
    # Undecided, with no interview date: a status update promises the next one in 3 business
    # days (Settings.update_every_days).
    assert context["hear_back_by"] == date(2026, 3, 9)


def test_interviewer_name_falls_back_to_the_debrief() -> None:
    debrief = Debrief(started_at=INTERVIEW_AT, interview=Interview(interviewer="Ola Nordmann"))
    assert build_context(debrief, Settings(), today=TODAY)["interviewer_name"] == "Ola Nordmann"


def test_hear_back_by_is_never_in_the_past() -> None:
    late = replace(full_debrief(), decision=Decision(next_step_date=TODAY - timedelta(days=1)))
    later_today = TODAY + timedelta(days=10)
    context = build_context(late, FULL_SETTINGS, today=later_today)
    assert context["hear_back_by"] > later_today
    assert context["respond_by"] < later_today


@given(
    notes=st.text(min_size=1),
    takeaways=st.text(min_size=1),
    evidence=st.text(min_size=1),
    rating=st.sampled_from(list(Rating)),
)
def test_private_fields_never_reach_the_context(
    notes: str, takeaways: str, evidence: str, rating: Rating
) -> None:
    debrief = replace(
        full_debrief(),
        private_notes=notes,
        key_takeaways=takeaways,
        competencies=(Competency("Skill", rating, evidence),),
    )
    context = build_context(debrief, FULL_SETTINGS, today=TODAY)
    for forbidden in ("private_notes", "key_takeaways", "competencies", "ratings", "rating"):
        assert forbidden not in context
    flat = repr(context)
    for secret in ("PRIVATE-SECRET", "TAKEAWAY-SECRET", "EVIDENCE-SECRET"):
        assert secret not in flat


def test_context_values_are_plain_types() -> None:
    context = build_context(full_debrief(), FULL_SETTINGS, today=TODAY)
    for name, value in context.items():
        kind = VARIABLES[name].kind
        expected = {"text": str, "date": date, "list": list, "yes/no": bool}[kind]
        assert isinstance(value, expected), name


def test_explain_missing_variable_says_where_to_fill_it() -> None:
    with pytest.raises(TemplateProblem) as caught:
        render_source("Hi {{ candidate_first_name }},", {})
    text = explain(caught.value)
    assert text == (
        "The message needs the candidate's preferred name, or else their first name"
        " — fill it in on the Interview step."
    )
    with pytest.raises(TemplateProblem) as caught:
        render_source("\n{{ company }}", {})
    assert explain(caught.value).endswith("fill it in under Settings.")


def test_explain_unknown_name_and_syntax_error() -> None:
    with pytest.raises(TemplateProblem) as caught:
        render_source("a\nb\n{{ foo }}", {})
    assert explain(caught.value).startswith("Line 3: unknown name 'foo'")
    with pytest.raises(TemplateProblem) as caught:
        render_source("a\n{% if x %}", {"x": True})
    assert explain(caught.value).startswith("Line 2: ")


def test_a_late_decision_promises_the_next_status_update_and_a_decided_one_the_timeline() -> None:
    interview = TODAY - timedelta(days=14)
    debrief = replace(full_debrief(), decision=Decision(outcome=Outcome.UNDECIDED))
    debrief = debrief.with_interview(at=datetime.combine(interview, time(10), tzinfo=UTC))
    settings = replace(FULL_SETTINGS, respond_within_days=2, update_every_days=4)
    late = build_context(debrief, settings, today=TODAY)["hear_back_by"]
    assert late == settings.timeline.business_days_after(TODAY, 4)
    decided = debrief.with_decision(outcome=Outcome.REJECT)
    assert build_context(decided, settings, today=TODAY)["hear_back_by"] == (
        settings.timeline.business_days_after(TODAY, 2)
    )
