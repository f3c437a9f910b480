"""The coach engine and API: findings, spans, bad rule files, odd input, cheap import."""

from __future__ import annotations

import textwrap
from datetime import datetime
from pathlib import Path

import pytest

from followup_desktop.coach import (
    Category,
    Coach,
    Finding,
    RuleFileProblem,
    Severity,
    default_coach,
    load_problems,
    review,
    review_debrief,
)
from followup_desktop.domain import Competency, Debrief, Rating
from tests.fresh_python import QT, packages_loaded_by

RULE = """
[[rule]]
id = "{id}"
category = "vague"
severity = "warning"
explanation = "\u201c{{match}}\u201d is vague."
suggestion = "Say what happened."
phrasings = {phrasings}
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def rule(rule_id: str, *phrasings: str) -> str:
    quoted = "[" + ", ".join(f'"{p}"' for p in phrasings) + "]"
    return RULE.format(id=rule_id, phrasings=quoted)


def test_categories_and_severities_compare_equal_to_strings() -> None:
    assert [str(c) for c in Category] == [
        "vague", "bias", "evidence", "tone", "clarity", "personalization", "leak", "spelling",
    ]  # fmt: skip
    assert Category("bias") is Category.BIAS
    assert [str(s) for s in Severity] == ["info", "warning", "problem"]


def test_finding_is_frozen_and_points_at_the_words() -> None:
    text = "Walked through the design. Honestly just not a culture fit for us."
    findings = review(text)
    assert findings and all(isinstance(f, Finding) for f in findings)
    finding = findings[0]
    assert finding.category == "vague"
    assert "culture fit" in text[finding.start : finding.end]
    assert finding.message and finding.suggestion
    with pytest.raises(AttributeError):
        finding.start = 3  # type: ignore[misc]


def test_findings_are_sorted_by_start() -> None:
    text = "Seemed smart. She mentioned her kids. Not a team player. Heavy accent."
    starts = [f.start for f in review(text)]
    assert starts == sorted(starts)
    assert {f.category for f in review(text)} == {Category.VAGUE, Category.BIAS}


def test_bias_problem_severity() -> None:
    [finding] = [f for f in review("Might be planning a family soon.") if f.category == "bias"]
    assert finding.severity == Severity.PROBLEM


def test_gendered_wording_only_for_candidate_messages() -> None:
    text = "We want a confident, competitive engineer who is also supportive."
    assert not [f for f in review(text, audience="notes") if f.rule_id == "bias.gendered-wording"]
    found = [f for f in review(text, audience="candidate") if f.rule_id == "bias.gendered-wording"]
    assert {text[f.start : f.end] for f in found} == {"confident", "competitive", "supportive"}
    assert all(f.severity == Severity.INFO for f in found)


@pytest.mark.parametrize(
    "text",
    [
        "Before we make a decision, we would like to ask you for one more step.",
        "I will write to you by Friday with our decision or the next step.",
        "We will decide by Friday.",
        "We would like to talk through a design decision you made.",
        "Thank you for your quick response.",
    ],
)
def test_the_hiring_process_is_not_gendered_wording(text: str) -> None:
    """The word list was made for job adverts: "our decision" and "your response" are the
    process every follow-up is about, not a trait it asks for."""
    assert not [f for f in review(text, audience="candidate") if f.category == Category.BIAS]


def test_traits_from_the_same_stems_are_still_gendered_wording() -> None:
    text = "We value decisive, responsible people with strong decision-making."
    found = [f for f in review(text, audience="candidate") if f.rule_id == "bias.gendered-wording"]
    assert {text[f.start : f.end] for f in found} == {"decisive", "responsible", "decision"}


def test_unknown_audience_is_refused() -> None:
    with pytest.raises(ValueError, match="audience"):
        review("x", audience="boss")


@pytest.mark.parametrize(
    "text",
    [
        "",
        " \n\t ",
        "مرشح جيد جدا. 他的回答很好。 😀👍 Not a good fit 🙃 for us.",
        "🙂" * 1000,
        "\u200b\u200d\ufeff",
        "e.g. i.e. ... !!! ??? ;;;",
    ],
)
def test_odd_text_is_reviewed_without_error(text: str) -> None:
    for audience in ("notes", "candidate"):
        for finding in review(text, audience=audience):
            assert 0 <= finding.start <= finding.end <= len(text)


def test_spans_are_python_indices_after_emoji() -> None:
    text = "😀😀 لا 他 Seemed smart."
    [finding] = review(text)
    assert text[finding.start : finding.end] == "Seemed smart"


def test_one_megabyte_text() -> None:
    unit = "Wrote the parser and explained the trade-offs. Not a culture fit. Heavy accent.\n"
    text = unit * (1_000_000 // len(unit) + 1)
    findings = review(text)
    assert len(text) >= 1_000_000
    assert len(findings) >= 2 * (len(text) // len(unit))


def test_import_is_cheap_and_without_qt() -> None:
    loaded = packages_loaded_by(
        "import followup_desktop.coach as c\nassert c._default is None, 'rules loaded on import'"
    )
    assert not loaded & (QT | {"tomllib"})


def test_built_in_rule_files_have_no_problems() -> None:
    assert load_problems() == []


# --- rule folders -----------------------------------------------------------------------------


def test_malformed_toml_is_reported_and_other_files_still_work(tmp_path: Path) -> None:
    write(tmp_path, "good.toml", rule("t.good", "great candidate"))
    write(tmp_path, "broken.toml", '[[rule]]\nid = "t.broken"\nphrasings = ["unclosed\n')
    coach = Coach(tmp_path)
    [problem] = coach.problems()
    assert isinstance(problem, RuleFileProblem)
    assert (problem.file, problem.line) == ("broken.toml", 3)
    assert "TOML" in problem.problem
    assert str(problem).startswith("broken.toml:3: ")
    [finding] = coach.review("A great candidate.")
    assert finding.rule_id == "t.good"


def test_rule_missing_a_field_is_skipped_with_its_line(tmp_path: Path) -> None:
    text = rule("t.one", "seemed smart") + textwrap.dedent(
        """
        [[rule]]
        id = "t.two"
        category = "vague"
        explanation = "No suggestion here."
        phrasings = ["gut feeling"]
        """
    )
    write(tmp_path, "rules.toml", text)
    coach = Coach(tmp_path)
    [problem] = coach.problems()
    lines = text.splitlines()
    assert lines[problem.line - 1].strip() == "[[rule]]"
    assert problem.line > 3
    assert "t.two" in problem.problem and "suggestion" in problem.problem
    assert [f.rule_id for f in coach.review("He seemed smart. Gut feeling.")] == ["t.one"]


def test_bad_phrasing_names_its_line(tmp_path: Path) -> None:
    write(
        tmp_path, "rules.toml", rule("t.bad", "fine phrase", "(unclosed") + rule("t.ok", "rockstar")
    )
    coach = Coach(tmp_path)
    [problem] = coach.problems()
    raw = (tmp_path / "rules.toml").read_text(encoding="utf-8").splitlines()
    assert "(unclosed" in raw[problem.line - 1]
    assert "missing ')'" in problem.problem
    assert [f.rule_id for f in coach.review("A rockstar.")] == ["t.ok"]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ('category = "nonsense"', "category"),
        ('severity = "fatal"', "severity"),
        ('audience = ["boss"]', "audience"),
        ('kind = "magic"', "kind"),
        ('colour = "red"', "unknown key"),
        ('evidence_guard = "maybe"', "evidence_guard"),
    ],
)
def test_bad_rule_values_are_reported(tmp_path: Path, extra: str, message: str) -> None:
    text = rule("t.x", "rockstar").replace('id = "t.x"', f'id = "t.x"\n{extra}')
    text = text.replace('category = "vague"\n', "") if extra.startswith("category") else text
    text = text.replace('severity = "warning"\n', "") if extra.startswith("severity") else text
    write(tmp_path, "r.toml", text)
    [problem] = Coach(tmp_path).problems()
    assert message in problem.problem


def test_duplicate_ids_and_empty_folder(tmp_path: Path) -> None:
    write(tmp_path, "a.toml", rule("t.same", "rockstar"))
    write(tmp_path, "b.toml", rule("t.same", "ninja"))
    [problem] = Coach(tmp_path).problems()
    assert problem.file == "b.toml" and "already used" in problem.problem
    empty = tmp_path / "empty"
    empty.mkdir()
    assert Coach(empty).review("Not a culture fit.") == []
    assert "no rule files" in Coach(empty).problems()[0].problem
    assert Coach(tmp_path / "missing").review("x") == []


def test_rules_load_once_on_first_use(tmp_path: Path) -> None:
    write(tmp_path, "a.toml", rule("t.a", "rockstar"))
    coach = Coach(tmp_path)
    assert coach._rules is None  # nothing read before the first call
    assert len(coach.review("rockstar")) == 1
    (tmp_path / "a.toml").unlink()
    assert len(coach.review("rockstar")) == 1  # cached


def test_exceptions_cancel_overlapping_matches(tmp_path: Path) -> None:
    text = rule("t.blind", "blind") + 'exceptions = ["blind (users|spot)"]\n'
    text = text.replace('category = "vague"', 'category = "bias"')
    write(tmp_path, "a.toml", text)
    coach = Coach(tmp_path)
    assert coach.review("Added labels for blind users; a blind spot.") == []
    assert len(coach.review("Blind in one eye.")) == 1


# --- the evidence guard -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The migration fit into two sprints.",
        "She explained why the cache fit the read pattern.",
        "Great candidate: when asked about retries she described exponential backoff.",
        "Not a strong answer because he never mentioned the index.",
        "Seemed smart, e.g. derived the recurrence without hints.",
        'Weak answer on queues: "I would just add more servers".',
        "Solid hire \u2014 cut p99 latency by 40% at her last job.",
    ],
)
def test_evidence_in_the_sentence_suppresses_vague_findings(text: str) -> None:
    assert [f for f in review(text) if f.category == "vague"] == []


def test_evidence_in_another_sentence_does_not_suppress() -> None:
    text = "She explained the cache in detail. Great candidate."
    [finding] = [f for f in review(text) if f.category == "vague"]
    assert text[finding.start : finding.end] == "Great candidate"


def test_guard_does_not_apply_to_bias() -> None:
    text = "He explained the design clearly, but he is 58 and close to retirement."
    assert [f for f in review(text) if f.category == "bias"]


# --- debrief rules ----------------------------------------------------------------------------


def debrief(*competencies: Competency) -> Debrief:
    return Debrief(started_at=datetime(2025, 3, 3, 10, 0), competencies=competencies)


def test_evidence_rules_need_a_debrief() -> None:
    assert [f for f in review("") if f.category == "evidence"] == []


def test_rated_competency_without_evidence() -> None:
    d = debrief(Competency("Coding", Rating.YES, ""), Competency("Design"))
    [finding] = review("", debrief=d)
    assert finding.rule_id == "evidence.empty"
    assert (finding.start, finding.end) == (0, 0)
    assert finding.target == "competencies[0].evidence"
    assert "Coding" in finding.message


def test_evidence_without_observation_and_thin_strong_rating() -> None:
    evidence = "  Really strong, great energy.  "
    d = debrief(Competency("Coding", Rating.STRONG_YES, evidence))
    found = {f.rule_id: f for f in review(evidence, debrief=d) if f.category == "evidence"}
    assert set(found) == {"evidence.no-observation", "evidence.thin-strong-rating"}
    for finding in found.values():
        assert evidence[finding.start : finding.end] == evidence.strip()


def test_good_evidence_passes() -> None:
    evidence = (
        "Wrote a working LRU cache in 20 minutes, explained why a dict plus a linked list "
        "gives O(1) eviction, and added a test for capacity one."
    )
    d = debrief(Competency("Coding", Rating.STRONG_YES, evidence))
    assert review(evidence, debrief=d) == []
    assert review_debrief(d) == []


def test_short_evidence_is_fine_for_a_plain_rating() -> None:
    evidence = "Explained the index choice."
    d = debrief(Competency("Databases", Rating.YES, evidence))
    assert review_debrief(d) == []


def test_review_only_returns_the_findings_of_this_text() -> None:
    d = debrief(Competency("A", Rating.NO, ""), Competency("B", Rating.STRONG_NO, "Bad."))
    found = [f for f in review("Bad.", debrief=d) if f.category == "evidence"]
    assert {f.target for f in found} == {"competencies[1].evidence"}
    assert [f for f in review("Private notes.", debrief=d) if f.category == "evidence"] == []
    assert next(f.target for f in review_debrief(d)) == "competencies[0].evidence"


def test_the_warm_up_pauses_before_every_step() -> None:
    rules = len(default_coach().rules())
    coach = Coach(default_coach().rules_dir)
    steps: list[bool] = []

    class Enough(Exception):
        """Seen enough steps: the rest of the warm-up (seconds of compiling) is skipped."""

    def pause() -> None:
        steps.append(coach._rules is not None)
        if len(steps) > rules + 20:
            raise Enough

    with pytest.raises(Enough):
        coach.warm_up(pause)
    assert steps[0] is False  # it pauses before loading anything, even the rules
    assert all(steps[1:])  # then before each rule's lazy loading and each word's patterns
    assert review("Not a culture fit.", audience="notes")  # reviews work with a cut warm-up
