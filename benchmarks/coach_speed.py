"""Speed of the feedback coach: median time of ``review()`` on 2,000-word notes and messages.

    .venv/bin/python benchmarks/coach_speed.py [--runs 200] [--words 2000]

Builds a realistic notes text (evidence sentences, a few vague and biased ones, bullets,
a quote, numbers) of about ``--words`` words, loads the rules once (not timed), then times
``review(text, audience="notes")`` ``--runs`` times with ``time.perf_counter``. Prints the median
and the 95th percentile in ms against the 5 ms target, for two cases:

* cold: the coach's sentence cache is emptied before each run (a text never seen);
* typing: one word of one sentence changes between runs (what live checking does; the other
  sentences come from the cache).

Then the same for a 2,000-word candidate message (``audience="candidate"``, with a debrief, so
every candidate rule runs, spelling included) against the 20 ms target; the spelling dictionary
and textstat are loaded before timing (the app warms them up off the GUI thread).

Exit 0 when both cold medians are within target, 1 over.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from followup_desktop.coach import default_coach, review

TARGET_MS = 5.0
CANDIDATE_TARGET_MS = 20.0
MESSAGE_SENTENCES = (
    "Thank you for talking with me about the {a} work and the {b} changes you made.",
    "I enjoyed hearing how you approached the {a} migration and kept the {b} team informed.",
    "The next step is a conversation with two engineers about the {a} service on Thursday.",
    "- Your clear explanation of how the {a} queue recovers when the {b} worker fails",
    "Please reply with a few times that suit you, and I will send a calendar invitation.",
    "We will look at how you would design the {a} flow, so no preparation is needed.",
    "If you have any questions about the {b} excercise, just reply to this email.",
    "I will write to you again by Friday, 13 March, even if we have no final answer.",
)
SENTENCES = (
    "Walked me through the {a} retry logic and explained why the {b} backoff is capped.",
    "When asked about a conflict over the {a}, she described a {b} review that went badly.",
    "- Wrote the {a} parser quickly and added tests for the empty {b} file.",
    "Could not explain how the {a} index would be used by the {b} query.",
    "Not a great culture fit for the {a} team, honestly.",
    "He said \u201cI would rather ship the {a} than polish the {b}\u201d and gave an example.",
    "Proposed a queue between the {a} and the {b} worker, then measured the lag.",
    "Seemed smart about {a}.",
    "Her accent was hard to follow while she talked about the {a}.",
    "Missed the off-by-one error in the {a} loop until I pointed at the {b} bound.",
    "Asked how the team decides what goes into the {a} sprint and who owns the {b}.",
    "Gave examples of mentoring juniors on the {a}, with what each of them shipped.",
)
TOPICS = (
    "billing", "search", "checkout", "payments", "ledger", "inventory", "shipping", "login",
    "session", "profile", "catalog", "pricing", "reporting", "export", "import", "sync",
    "upload", "thumbnail", "webhook", "scheduler", "mailer", "audit", "consent", "tenant",
)  # fmt: skip


def notes_text(words: int) -> str:
    """Notes of about ``words`` words, every sentence different (no cache hits inside)."""
    parts: list[str] = []
    count = 0
    index = 0
    while count < words:
        a = TOPICS[index % len(TOPICS)]
        b = TOPICS[(index // len(TOPICS) + index * 7) % len(TOPICS)]
        sentence = SENTENCES[index % len(SENTENCES)].format(a=a, b=b)
        parts.append(sentence)
        count += len(sentence.split())
        index += 1
        if index % 5 == 0:
            parts.append("\n")
    return " ".join(parts)


def message_text(words: int) -> str:
    """A candidate message of about ``words`` words, every sentence different."""
    parts: list[str] = ["Hi Dima,\n"]
    count = 2
    index = 0
    while count < words:
        a = TOPICS[index % len(TOPICS)]
        b = TOPICS[(index // len(TOPICS) + index * 7) % len(TOPICS)]
        sentence = MESSAGE_SENTENCES[index % len(MESSAGE_SENTENCES)].format(a=a, b=b)
        parts.append(sentence.replace("two", str(2 + index)))
        count += len(sentence.split())
        index += 1
        if index % 4 == 0:
            parts.append("\n")
    return " ".join(parts)


def timed_cases(
    text: str, runs: int, target: float, label: str, **kwargs: object
) -> dict[str, float]:
    coach = default_coach()
    findings = review(text, **kwargs)  # type: ignore[arg-type]

    def cold(run: int) -> str:
        coach.clear_cache()
        return text

    def typing(run: int) -> str:
        return text.replace(" about the ", f" about{'!' * (run % 3)} x{run} the ", 1)

    print(f"{label}: review() of {len(text.split())} words ({len(text)} chars,"
          f" {len(findings)} findings)")  # fmt: skip
    medians = {}
    for name, prepare in (("cold", cold), ("typing", typing)):
        samples = []
        for run in range(runs):
            sample = prepare(run)
            start = time.perf_counter()
            review(sample, **kwargs)  # type: ignore[arg-type]
            samples.append((time.perf_counter() - start) * 1000)
        samples.sort()
        medians[name] = statistics.median(samples)
        p95 = samples[int(0.95 * (len(samples) - 1))]
        print(
            f"  {name:<7} {runs} runs: median {medians[name]:.2f} ms, p95 {p95:.2f} ms"
            f" (target < {target} ms)"
        )
    return medians


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--words", type=int, default=2000)
    args = parser.parse_args(argv)
    notes = timed_cases(notes_text(args.words), args.runs, TARGET_MS, "notes", audience="notes")
    from datetime import UTC, datetime

    from followup_desktop.demo import demo_debriefs

    debrief = next(
        d
        for d, _ in demo_debriefs(datetime(2026, 3, 4, 15, tzinfo=UTC))
        if d.decision.outcome == "advance"
    )
    default_coach().warm_up()  # the spelling dictionary and textstat: not timed
    message = timed_cases(
        message_text(args.words),
        args.runs,
        CANDIDATE_TARGET_MS,
        "candidate",
        audience="candidate",
        debrief=debrief,
    )
    return 0 if notes["cold"] < TARGET_MS and message["cold"] < CANDIDATE_TARGET_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
