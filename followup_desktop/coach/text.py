"""Plain-text helpers for the rules: sentences, words, and the observation markers.

An *observation marker* is a sign that a sentence records something the candidate said or did,
not only a verdict: a quoted utterance, a number, a connective that introduces a reason or an
example ("because", "when asked", "for example"), or an action verb with an object
("explained the cache", "wrote tests", "could not name a metric"). The vague rules use them as
the *evidence guard*; the evidence rules use them to tell an observation from a verdict.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from functools import cache, lru_cache

from followup_desktop.coach.patterns import trie_regex

__all__ = ["Sentences", "clear_caches", "has_observation", "observation_markers", "word_count"]

# A sentence ends at . ! ? (not inside "e.g." / "i.e." / "vs." / a decimal) before a space, or at
# a line break (notes are often bullet lists).
_SENTENCE_END = re.compile(
    r"(?<=[.!?\u2026])(?<!\be\.g\.)(?<!\bi\.e\.)(?<!\bvs\.)(?<!\betc\.)"
    r"[\"'\u201d\u2019)\]]*[ \t]+|[ \t]*\n+\s*",
    re.IGNORECASE,
)
_WORD = re.compile(r"\w+(?:['\u2019]\w+)*")

_ACTION_VERBS = (
    "add", "admit", "agree", "analyse", "analyze", "answer", "argue", "ask", "automate",
    "benchmark", "break down", "build", "calculate", "catch", "challenge", "check", "choose",
    "cite", "clarify", "code", "coach", "compare", "complete", "create", "cut", "debug",
    "decline", "defend", "define", "deliver", "demonstrate", "deploy", "describe", "design",
    "detail", "develop", "diagram", "document", "draft", "draw", "escalate", "estimate",
    "explain", "finish", "fix", "forget", "give", "handle", "identify", "implement", "improve",
    "introduce", "justify", "launch", "lead", "list", "manage", "measure", "mention", "mentor",
    "migrate", "miss", "model", "name", "negotiate", "notice", "optimise", "optimize", "outline",
    "own", "pair", "pick", "point out", "prepare", "present", "prioritise", "prioritize",
    "profile", "propose", "push back", "question", "quote", "reason", "recall", "recognise",
    "recognize", "reduce", "refactor", "reference", "refuse", "remove", "reply", "reproduce",
    "research", "resolve", "respond", "restructure", "review", "rewrite", "run", "say", "scale",
    "ship", "show", "simplify", "sketch", "skip", "solve", "spend", "split", "spot", "state",
    "suggest", "summarise", "summarize", "take", "talk through", "teach", "tell", "test",
    "trace", "use", "validate", "verify", "walk through", "walk me through", "write",
)  # fmt: skip
_IRREGULAR_PAST = (
    "broke down", "built", "caught", "chose", "chosen", "cut", "drew", "drawn", "forgot",
    "gave", "given", "led", "ran", "rewrote", "said", "showed", "shown", "spent", "split",
    "taught", "told", "took", "wrote", "written",
)  # fmt: skip


def _verb_forms() -> list[str]:
    forms: set[str] = set(_IRREGULAR_PAST)
    for verb in _ACTION_VERBS:
        head, _, rest = verb.partition(" ")
        tail = f" {rest}" if rest else ""
        base = [head, head + "s", head + "es", head + "ing"]
        if head.endswith("e"):
            base += [head + "d", head[:-1] + "ing"]
        elif head.endswith("y") and head[-2] not in "aeiou":
            base += [head[:-1] + "ied", head[:-1] + "ies"]
        else:
            base.append(head + "ed")
            if re.fullmatch(r".*[^aeiou][aeiou][bdgklmnprt]", head):
                base += [head + head[-1] + "ed", head + head[-1] + "ing"]
        forms.update(b + tail for b in base)
    return sorted(forms, key=len, reverse=True)


_NUMBER_WORDS = (
    "two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|fifty"
    "|hundred|thousand|million|twice|dozen|half"
)
_MARKERS: dict[str, str] = {
    # a quoted utterance of two words or more
    "quote": (
        r"[\"\u201c][^\"\u201c\u201d\n]*?\w\W+\w[^\"\u201c\u201d\n]*?[\"\u201d]"
        r"|(?<!\w)['\u2018]\w[^'\u2018\u2019\n]*?\s[^'\u2018\u2019\n]*?\w['\u2019](?!\w)"
    ),
    # a figure (but not a bare "4/5" score) or a counted thing
    "number": (
        r"(?<![\w/])\d+(?:[.,:]\d+)*(?!\s*/\s*\d)(?!\s+out\s+of)"
        rf"|(?<!\w)(?:{_NUMBER_WORDS})(?!\w)"
    ),
    # a connective that brings a reason, a prompt or an example
    "reason": (
        r"(?<!\w)(?:because|since|so that|given that|due to|e\.g\.|i\.e\.|for example|"
        r"for instance|such as|specifically|in particular|when (?:i |we )?(?:asked|prompted|"
        r"pushed|pressed|challenged)|after (?:i |we )?(?:asked|prompting)|example of|"
        r"an example|examples)(?!\w)"
    ),
    # what they did: an action verb followed by at least one more word (its object)
    "action": (
        r"(?<!\w)(?:(?:could ?n[o\u2019']t|couldn[\u2019']t|did ?n[o\u2019']t|didn[\u2019']t"
        r"|unable to|failed to|struggled to|never|was able to|managed to) +)?(?:"
        + "{verbs}"
        + r")(?!\w)(?= +(?!(?:me|us|well|nothing|so|no|yes|hi|hello|goodbye|bye|thanks|okay|ok)\b"
        r"|it\b\W*$)[\w\"\u201c'\u2018])"
    ),
}


@cache
def _marker() -> re.Pattern[str]:
    """The markers as one pattern, compiled on first use (importing stays cheap)."""
    verbs = trie_regex(_verb_forms())
    parts = (f"(?P<{k}>{v.replace('{verbs}', verbs)})" for k, v in _MARKERS.items())
    return re.compile("|".join(parts), re.IGNORECASE)


def observation_markers(
    text: str, ignore: tuple[int, int] = (0, 0)
) -> Iterator[tuple[str, int, int]]:
    """Each marker in ``text`` as (kind, start, end), except those overlapping ``ignore``."""
    lo, hi = ignore
    for kind, start, end in _markers(text):
        if hi > lo and start < hi and end > lo:
            continue
        yield kind, start, end


@lru_cache(maxsize=8192)
def _markers(text: str) -> tuple[tuple[str, int, int], ...]:
    """The markers of a sentence, cached: live checking sees the same sentences again."""
    return tuple((m.lastgroup or "", m.start(), m.end()) for m in _marker().finditer(text))


def clear_caches() -> None:
    _markers.cache_clear()


def has_observation(text: str, ignore: tuple[int, int] = (0, 0)) -> bool:
    """Whether ``text`` records something said or done (see the module's docstring)."""
    return next(observation_markers(text, ignore), None) is not None


def word_count(text: str) -> int:
    return sum(1 for _ in _WORD.finditer(text))


class Sentences:
    """The sentences of a text, found once, for positions inside it."""

    def __init__(self, text: str) -> None:
        self.text = text
        starts = [0]
        ends = []
        for m in _SENTENCE_END.finditer(text):
            ends.append(m.start())
            starts.append(m.end())
        ends.append(len(text))
        self._starts = starts
        self._ends = ends

    def around(self, position: int) -> tuple[int, int]:
        """(start, end) of the sentence holding ``position``."""
        index = max(0, bisect_right(self._starts, position) - 1)
        return self._starts[index], self._ends[index]

    def __iter__(self) -> Iterator[tuple[int, int]]:
        return iter(zip(self._starts, self._ends, strict=True))
