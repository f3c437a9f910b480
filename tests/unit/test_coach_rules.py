"""The built-in rule files: sentences each must flag, and sentences each must leave alone.

Written for these tests, apart from the dev set; tests/unit/coach_cases.tsv is a second,
larger labelled set scored like benchmarks/coach_eval.py.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from followup_desktop.coach import Category, review

CASES = Path(__file__).with_name("coach_cases.tsv")


def flagged(text: str, category: str, audience: str = "notes") -> list[str]:
    return [
        text[f.start : f.end] for f in review(text, audience=audience) if f.category == category
    ]


def on_the_words(words: str, spans: list[str]) -> bool:
    """A span is the offending words: it holds them or lies within them."""
    return any(words in span or span in words for span in spans)


# --- vague.toml --------------------------------------------------------------------------------

VAGUE = [
    ("He just isn't a fit for the group.", "isn't a fit"),
    ("Not really the right fit.", "Not really the right fit"),
    ("Wouldn't fit in here.", "fit in"),
    ("Culture-fit concerns.", "Culture-fit"),
    ("Doesn't gel with the team.", "gel"),
    ("Gut says no.", "Gut"),
    ("Had a funny feeling about it.", "funny feeling"),
    ("Just didn't vibe with him.", "vibe"),
    ("Struck me as arrogant.", "Struck me as arrogant"),
    ("Seemed very capable.", "Seemed very capable"),
    ("She is brilliant.", "She is brilliant"),
    ("Absolute superstar.", "superstar"),
    ("Excellent candidate overall.", "Excellent candidate"),
    ("Would not hire.", "Would not hire"),
    ("Not senior enough yet.", "Not senior enough"),
    ("Lacks the executive presence we need.", "Lacks the executive presence"),
    ("Weak responses throughout.", "Weak responses"),
    ("Not what we need right now.", "Not what we need"),
    ("Didn't wow me.", "Didn't wow"),
    ("Mediocre at best.", "Mediocre"),
    ("A clear no.", "clear no"),
    ("Strong yes.", "Strong yes"),
    ("Pass.", "Pass"),
]


@pytest.mark.parametrize(("text", "words"), VAGUE)
def test_vague_phrasings_are_flagged_on_their_words(text: str, words: str) -> None:
    assert on_the_words(words, flagged(text, Category.VAGUE))


VAGUE_OK = [
    "The schema change fit in a single migration.",
    "Fitted a linear model to the latency data and read off the slope.",
    "She fit the whole state machine on one slide.",
    "Her cache fits in 2 GB of memory.",
    "The tests pass on both Python versions.",
    "We pass the request context down explicitly, he explained.",
    "Talked about team culture at his last company and how on-call was shared.",
    "Explained why a good fit of the model needs more than ten points.",
    "The average latency dropped after her change.",
    "Asked whether the role is remote and how often the team meets.",
    "Missed the off-by-one in the pagination code.",
    "Used a heap to keep the smallest five items.",
    "Said the previous team was too small to have a dedicated SRE.",
    "Great question from him about data retention: who deletes, and when.",
]


@pytest.mark.parametrize("text", VAGUE_OK)
def test_vague_rules_leave_specific_notes_alone(text: str) -> None:
    assert flagged(text, Category.VAGUE) == []
    assert flagged(text, Category.BIAS) == []


# --- bias.toml ---------------------------------------------------------------------------------

BIAS = [
    ("She's 45 and may not adapt.", "She's 45"),
    ("Too old for a startup.", "Too old"),
    ("Needs some young blood around him.", "young blood"),
    ("Overqualified, he'll be bored.", "Overqualified"),
    ("Mentioned she is pregnant.", "pregnant"),
    ("Has two small kids.", "Has two small kids"),
    ("His wife is a doctor.", "His wife"),
    ("Wears a headscarf.", "headscarf"),
    ("He's Muslim.", "Muslim"),
    ("Strong accent.", "Strong accent"),
    ("From Pakistan originally.", "From Pakistan"),
    ("Not a native speaker.", "native speaker"),
    ("Walks with a cane.", "cane"),
    ("Has epilepsy.", "epilepsy"),
    ("Quite overweight.", "overweight"),
    ("Beautiful woman.", "Beautiful"),
    ("Pushy for a woman.", "for a woman"),
    ("Seems gay.", "Seems gay"),
]


@pytest.mark.parametrize(("text", "words"), BIAS)
def test_bias_phrasings_are_flagged_on_their_words(text: str, words: str) -> None:
    assert on_the_words(words, flagged(text, Category.BIAS))


BIAS_OK = [
    "Added a foreign key from orders to customers.",
    "Ran the accessibility audit with a screen reader for blind users.",
    "Found the blind spot in the retry logic.",
    "Changed the accent colour of the buttons after the review.",
    "Retired the legacy API and moved clients to v2.",
    "The feature flag was disabled in production.",
    "Tree nodes and their children are stored in one table.",
    "Picked a token bucket for rate limiting.",
    "Fixed the race condition in the counter.",
    "The old system used cron; she proposed a queue.",
    "Shipped the Android native app in 2023.",
    "Talked about paying down technical debt in the billing service.",
    "Her health check endpoint returned 200 even when the database was down.",
    "Put together a short design doc before coding.",
    "The CORS origin header was missing.",
]


@pytest.mark.parametrize("text", BIAS_OK)
def test_bias_rules_leave_technical_senses_alone(text: str) -> None:
    assert flagged(text, Category.BIAS) == []


def test_legal_risk_is_a_problem_and_appearance_a_warning() -> None:
    [age] = [f for f in review("He is 61.") if f.category == "bias"]
    [looks] = [f for f in review("Very handsome.") if f.category == "bias"]
    assert (age.severity, looks.severity) == ("problem", "warning")


# --- the labelled set --------------------------------------------------------------------------


def test_own_labelled_set() -> None:
    with CASES.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    by_label: dict[str, list[str]] = {}
    for row in rows:
        by_label.setdefault(row["label"], []).append(row["text"])
    assert all(len(by_label[label]) >= 60 for label in ("vague", "bias", "ok"))
    for category in ("vague", "bias"):
        texts = by_label[category]
        caught = sum(bool(flagged(t, category)) for t in texts)
        assert caught / len(texts) >= 0.95, category
    alarms = [t for t in by_label["ok"] if flagged(t, "vague") or flagged(t, "bias")]
    assert len(alarms) / len(by_label["ok"]) <= 0.05, alarms
