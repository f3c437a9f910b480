"""Speed of the feedback coach: median time of ``review()`` on a 2,000-word notes text.

    .venv/bin/python benchmarks/coach_speed.py [--runs 200] [--words 2000]

Builds a realistic notes text (evidence sentences, a few vague and biased ones, bullets,
a quote, numbers) of about ``--words`` words, loads the rules once (not timed), then times
``review(text, audience="notes")`` ``--runs`` times with ``time.perf_counter``. Prints the median
and the 95th percentile in ms against the 5 ms target, for two cases:

* cold: the coach's sentence cache is emptied before each run (a text never seen);
* typing: one word of one sentence changes between runs (what live checking does; the other
  sentences come from the cache).

Exit 0 when the cold median is within target, 1 over.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from followup_desktop.coach import default_coach, review

TARGET_MS = 5.0
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


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--words", type=int, default=2000)
    args = parser.parse_args(argv)
    text = notes_text(args.words)
    findings = review(text, audience="notes")  # loads and compiles the rules: not timed
    coach = default_coach()

    def timed(prepare: Callable[[int], str]) -> list[float]:
        samples = []
        for run in range(args.runs):
            sample = prepare(run)
            start = time.perf_counter()
            review(sample, audience="notes")
            samples.append((time.perf_counter() - start) * 1000)
        return sorted(samples)

    def cold(run: int) -> str:
        coach.clear_cache()
        return text

    def typing(run: int) -> str:
        return text.replace("Seemed smart about", f"Seemed smart{'!' * (run % 7)} x{run} about", 1)

    print(f"review() of {len(text.split())} words ({len(text)} chars, {len(findings)} findings)")
    medians = {}
    for name, prepare in (("cold", cold), ("typing", typing)):
        samples = timed(prepare)
        medians[name] = statistics.median(samples)
        p95 = samples[int(0.95 * (len(samples) - 1))]
        print(
            f"  {name:<7} {args.runs} runs: median {medians[name]:.2f} ms, p95 {p95:.2f} ms"
            f" (target < {TARGET_MS} ms)"
        )
    return 0 if medians["cold"] < TARGET_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
