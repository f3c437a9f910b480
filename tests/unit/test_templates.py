"""The built-in templates meet MESSAGES.md, with full, sparse and random debriefs."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from followup_desktop.compose import (
    Rendered,
    Template,
    TemplateProblem,
    build_context,
    builtin_templates,
    long_date,
    render_source,
)
from followup_desktop.demo import demo_debriefs, demo_settings, sample_debrief
from followup_desktop.domain.choices import Outcome
from followup_desktop.domain.model import Candidate, Debrief, Decision, Interview, split_lines
from followup_desktop.settings import Settings

NOW = datetime(2026, 3, 4, 15, 0, tzinfo=UTC)  # a Wednesday
TODAY = NOW.date()
TEMPLATES = builtin_templates()
IDS = [item.id for item in TEMPLATES]
SHORT_ONES = {"reject", "thank_you", "on_hold"}  # MESSAGES.md 11: 50-150 words
SIGN_OFFS = ("Best regards,", "Best wishes,", "Kind regards,")

# What each template must say in its first two sentences (MESSAGES.md 3).
PURPOSE = {
    "advance": "move on to the next stage",
    "offer": "offer you the",
    "reject": "not to move forward",
    "more_info": "one more step",
    "on_hold": "still being considered",
    "thank_you": "Thank you for taking the time",
}

MINIMAL_SETTINGS = Settings(interviewer_name="Sam Doe", company="Acme")


def outcome_of(template: Template) -> Outcome:
    return template.outcome or Outcome.UNDECIDED


def render(template: Template, debrief: Debrief, config: Settings) -> Rendered:
    return render_source(template.source, build_context(debrief, config, today=TODAY))


def minimal_debrief(outcome: Outcome) -> Debrief:
    return Debrief(
        started_at=NOW,
        candidate=Candidate(name="Li Wei"),
        interview=Interview(role="Support Lead"),
        decision=Decision(outcome=outcome),
    )


def message_part(text: str) -> str:
    """The message without the sign-off block (greeting and paragraphs only)."""
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if line in SIGN_OFFS:
            return "\n".join(lines[:index])
    raise AssertionError(f"no sign-off in:\n{text}")


def sentences(text: str) -> list[str]:
    chunks = re.split(r"(?<=[.!?:])\s+|\n+", text)
    return [chunk for chunk in chunks if re.search(r"\w", chunk)]


def words(text: str) -> int:
    return len(re.findall("[\\w'\u2019&@.+-]+", text))


def assert_clean(result: Rendered, first_name: str) -> None:
    for text in (result.subject, result.text):
        for bad in ("None", "{{", "}}", "{%", "%}", "{#", "Undefined", "  ", "\t", " ,", " ."):
            assert bad not in text, f"{bad!r} in:\n{text}"
    assert result.subject and "\n" not in result.subject
    assert "Hi ," not in result.text and "Dear ," not in result.text
    assert result.text.split("\n")[0] == f"Hi {first_name},"
    assert "\n\n\n" not in result.text
    assert all(line == line.rstrip() for line in result.text.split("\n"))
    assert not re.search(r"\bfit\b", result.text, re.IGNORECASE)
    assert not re.search(r"\bteam\b\s*$", result.text, re.IGNORECASE)  # signed by a person


def check_messages_rules(
    template: Template, debrief: Debrief, config: Settings, result: Rendered
) -> None:
    """The MESSAGES.md rules a program can check."""
    context = build_context(debrief, config, today=TODAY)
    text, body = result.text, message_part(result.text)
    assert_clean(result, debrief.candidate.greeting_name)
    # 2. subject names role or company and the purpose; offers stay short.
    assert context["role"] in result.subject or context["company"] in result.subject
    if template.id == "offer":
        assert len(result.subject) < 50
    # 3. purpose in the first two sentences (after the greeting).
    first_two = " ".join(sentences(body)[1:3])
    assert PURPOSE[template.id] in first_two, first_two
    # 4. thanks them and names the role.
    assert "Thank you" in body
    assert context["role"] in body
    # 5. a specific strength when there is one.
    if context["strengths"]:
        assert context["strengths"][0] in body
    # 6. a concrete date for the next word from us.
    if template.id in {"on_hold", "thank_you"}:
        assert long_date(context["hear_back_by"]) in body
    if template.id in {"advance", "more_info"}:
        dates = [context.get("next_step_date"), context["hear_back_by"]]
        assert any(long_date(day) in body for day in dates if day is not None)
    # Never a date in the past as a promise or a deadline.
    for key in ("next_step_date", "offer_start_date", "respond_by"):
        if key in context and context[key] < TODAY:
            assert long_date(context[key]) not in body
    # 8. no false hope.
    if template.id == "reject" and not context["invite_reapply"]:
        for phrase in ("apply again", "keep you in mind", "future role", "reapply"):
            assert phrase not in text.lower()
    # 9. feedback only when shared (and only in a rejection).
    shared = (
        context["growth_areas"][:2] if template.id == "reject" and context["share_feedback"] else []
    )
    for area in context["growth_areas"]:
        assert (area in text) == (area in shared), area
    # 10. an offer restates the terms that were entered, and promises no job security.
    if template.id == "offer":
        for key in ("offer_start_date", "next_step_date"):
            if key in context and context[key] >= TODAY:
                assert long_date(context[key]) in body
        if "offer_manager" in context:
            assert context["offer_manager"] in body
        for promise in ("secure", "security", "permanent", "guarantee", "long-term"):
            assert promise not in text.lower()
    # 11. short messages stay short.
    if template.id in SHORT_ONES:
        assert 50 <= words(body) <= 150, words(body)
    # 12. short sentences.
    lengths = [words(item) for item in sentences(body)]
    assert sum(lengths) / len(lengths) <= 20
    assert max(lengths) <= 35
    # 13. signed by a named person, with title and a direct contact when set.
    signature = text[len(body) :]
    assert context["interviewer_name"] in signature
    assert context["company"] in signature
    for key in ("interviewer_title", "interviewer_email"):
        if key in context:
            assert context[key] in signature
    # 14. a hold says they are free to pursue other offers.
    if template.id == "on_hold":
        assert ("free to pursue other offers" in body) == (context["outcome"] == "on_hold")
    # Never anything private.
    for secret in (debrief.private_notes, debrief.key_takeaways):
        if secret.strip():
            assert secret.strip() not in text
    for item in debrief.competencies:
        if item.evidence.strip():
            assert item.evidence.strip() not in text


@pytest.mark.parametrize("template", TEMPLATES, ids=IDS)
def test_the_coach_finds_no_bias_in_a_built_in_message(template: Template) -> None:
    """The coach checks every message before it goes; a built-in template's own words must
    pass that check, or the interviewer is told to fix words they did not write."""
    from followup_desktop.coach import default_coach

    debrief = sample_debrief(NOW, outcome_of(template))
    text = render(template, debrief, demo_settings()).text
    found = default_coach().review(text, audience="candidate")
    assert [text[f.start : f.end] for f in found if f.category == "bias"] == []


@pytest.mark.parametrize("template", TEMPLATES, ids=IDS)
def test_full_sample_meets_messages_rules(template: Template) -> None:
    debrief = sample_debrief(NOW, outcome_of(template))
    result = render(template, debrief, demo_settings())
    check_messages_rules(template, debrief, demo_settings(), result)
    assert "&" in result.text and "&amp;" in result.html  # the demo company is "Alder & Reed"


@pytest.mark.parametrize("template", TEMPLATES, ids=IDS)
def test_minimal_debrief_renders_a_clean_message(template: Template) -> None:
    debrief = minimal_debrief(outcome_of(template))
    result = render(template, debrief, MINIMAL_SETTINGS)
    check_messages_rules(template, debrief, MINIMAL_SETTINGS, result)


@pytest.mark.parametrize("template", TEMPLATES, ids=IDS)
@pytest.mark.parametrize(
    ("missing", "debrief_change", "settings_change"),
    [
        ("candidate_first_name", {"candidate": Candidate(email="x@example.com")}, {}),
        ("role", {"interview": Interview(role="  ")}, {}),
        ("company", {}, {"company": ""}),
        ("interviewer_name", {}, {"interviewer_name": ""}),
    ],
)
def test_missing_required_value_is_named(
    template: Template,
    missing: str,
    debrief_change: dict[str, object],
    settings_change: dict[str, str],
) -> None:
    debrief = replace(minimal_debrief(outcome_of(template)), **debrief_change)  # type: ignore[arg-type]
    config = replace(MINIMAL_SETTINGS, **settings_change)
    with pytest.raises(TemplateProblem) as caught:
        render(template, debrief, config)
    assert caught.value.missing == missing
    assert caught.value.line is not None


def test_reject_without_feedback_or_reapply_says_neither() -> None:
    template = next(item for item in TEMPLATES if item.id == "reject")
    debrief = sample_debrief(NOW, Outcome.REJECT).with_decision(
        share_feedback=False, invite_reapply=False
    )
    result = render(template, debrief, demo_settings())
    for area in split_lines(debrief.growth_areas):
        assert area not in result.text
    assert "apply again" not in result.text
    assert "keep you in mind" not in result.text
    check_messages_rules(template, debrief, demo_settings(), result)


def test_one_strength_reads_as_one_thing_several_as_two() -> None:
    template = next(item for item in TEMPLATES if item.id == "advance")
    base = minimal_debrief(Outcome.ADVANCE)
    one = render(template, replace(base, strengths="Clear answers"), MINIMAL_SETTINGS)
    assert "One thing stood out" in one.text
    three = render(template, replace(base, strengths="A\nB\nC"), MINIMAL_SETTINGS)
    assert "Two things stood out" in three.text
    assert "- A\n- B\n" in three.text and "- C" not in three.text


def lines(*choices: str) -> st.SearchStrategy[list[str]]:
    return st.lists(st.sampled_from(choices), max_size=3, unique=True)


strength_lines = lines(
    "Clear explanation of the retry design",
    "Good questions about on-call",
    "Tested the edge case first",
)
growth_lines = lines(
    "More depth on indexing under heavy writes",
    "Checking sample sizes before calling a result",
    "Estimating the cost of a recommendation",
)
maybe_day = st.one_of(st.none(), st.integers(-10, 40).map(lambda n: TODAY + timedelta(days=n)))


@settings(max_examples=150, deadline=None)
@given(
    template=st.sampled_from(TEMPLATES),
    outcome=st.sampled_from(list(Outcome)),
    preferred=st.sampled_from(["", "Vuvu"]),
    strengths=strength_lines,
    growth=growth_lines,
    share=st.booleans(),
    reapply=st.booleans(),
    next_steps=st.sampled_from(["", "a call with our lead, on video", "Reply by Friday."]),
    next_day=maybe_day,
    start_day=maybe_day,
    manager=st.sampled_from(["", "Grace Obi"]),
    interview_days_ago=st.one_of(st.none(), st.integers(0, 12)),
    title=st.sampled_from(["", "Engineering Manager"]),
    email=st.sampled_from(["", "sam@example.com"]),
    signature=st.sampled_from(["", "Sam Doe\nMobile +1 555 0100", "Sam Doe"]),
)
def test_any_combination_of_optional_data_reads_cleanly(
    template: Template,
    outcome: Outcome,
    preferred: str,
    strengths: list[str],
    growth: list[str],
    share: bool,
    reapply: bool,
    next_steps: str,
    next_day: date | None,
    start_day: date | None,
    manager: str,
    interview_days_ago: int | None,
    title: str,
    email: str,
    signature: str,
) -> None:
    interview_at = None if interview_days_ago is None else NOW - timedelta(days=interview_days_ago)
    debrief = Debrief(
        started_at=NOW,
        candidate=Candidate("Nomvula Dlamini", preferred),
        interview=Interview(role="Data Analyst", at=interview_at),
        strengths="\n".join(strengths),
        growth_areas="\n".join(growth),
        private_notes="PRIVATE NOTE",
        key_takeaways="KEY TAKEAWAY",
        decision=Decision(
            outcome=outcome,
            next_steps=next_steps,
            next_step_date=next_day,
            share_feedback=share,
            invite_reapply=reapply,
            offer_start_date=start_day,
            offer_manager=manager,
        ),
    )
    config = Settings(
        interviewer_name="Sam Doe",
        interviewer_title=title,
        interviewer_email=email,
        signature=signature,
        company="Example Ltd",
    )
    result = render(template, debrief, config)
    assert_clean(result, debrief.candidate.greeting_name)
    assert "PRIVATE NOTE" not in result.text and "KEY TAKEAWAY" not in result.text
    if template.outcome is not None and outcome is template.outcome:
        check_messages_rules(template, debrief, config, result)


def test_demo_messages_meet_messages_rules() -> None:
    config = demo_settings()
    checked = set()
    for debrief, messages in demo_debriefs(NOW):
        for message in messages:
            template = next(item for item in TEMPLATES if item.id == message.template_id)
            assert message.created_at is not None
            result = render_source(
                template.source, build_context(debrief, config, today=message.created_at.date())
            )
            assert (result.subject, result.text) == (message.subject, message.body)
            context = build_context(debrief, config, today=message.created_at.date())
            assert_clean(result, debrief.candidate.greeting_name)
            assert debrief.private_notes not in message.body
            if template.id in SHORT_ONES:
                assert 50 <= words(message_part(message.body)) <= 150
            if template.id == "reject":
                for area in context["growth_areas"]:
                    assert (area in message.body) == context["share_feedback"]
                assert ("apply again" in message.body) == context["invite_reapply"]
            if template.id == "offer":
                assert len(message.subject) < 50
            checked.add(template.id)
    assert checked >= {"offer", "reject", "more_info", "on_hold", "thank_you"}


def test_docs_list_every_variable_filter_and_template() -> None:
    from pathlib import Path

    from followup_desktop.compose import VARIABLES
    from followup_desktop.compose.filters import FILTERS

    docs = (Path(__file__).resolve().parents[2] / "docs" / "templates.md").read_text("utf-8")
    for name, variable in VARIABLES.items():
        assert f"| `{name}` |" in docs, name
        assert variable.description[1:] in docs, name
    for name in FILTERS:
        assert f"| `{name}` |" in docs, name
    for item in TEMPLATES:
        assert f"`{item.id}.j2`" in docs and item.title in docs
