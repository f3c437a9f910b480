"""Rule kinds: how a rule table from a TOML file becomes a check.

Each kind is a class registered in ``KINDS`` under the name a rule file uses in ``kind = "..."``
(default ``"phrase"``). A kind parses its own keys (``from_table``) and yields findings for a
``Review`` (``check``). Adding a kind (sentence length, readability, spelling...) means adding a
class here; the public API and the file format stay the same.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from followup_desktop.coach.findings import Category, Finding, Severity
from followup_desktop.coach.patterns import (
    First,
    LazyPattern,
    Macro,
    PatternError,
    bounded,
    compile_phrasing_entries,
)
from followup_desktop.coach.text import Sentences, has_observation, word_count

if TYPE_CHECKING:
    from followup_desktop.domain.model import Debrief

__all__ = ["AUDIENCES", "KINDS", "Review", "Rule", "RuleError", "parse_rule"]

AUDIENCES = ("notes", "candidate")
RATED = ("strong_no", "no", "yes", "strong_yes")


class RuleError(ValueError):
    """A rule table that cannot be used; ``phrasing`` names the phrasing at fault, if any."""

    def __init__(self, problem: str, phrasing: str = "") -> None:
        super().__init__(problem)
        self.phrasing = phrasing


@dataclass
class Review:
    """One call of ``review``: the text and what the rules may share about it."""

    text: str
    audience: str
    debrief: Debrief | None = None
    reading_ease_min: float | None = None  # the caller's threshold for readability rules
    _sentences: Sentences | None = field(default=None, repr=False)

    @property
    def sentences(self) -> Sentences:
        if self._sentences is None:
            self._sentences = Sentences(self.text)
        return self._sentences


def _fill(template: str, values: Mapping[str, str]) -> str:
    """``{name}`` replaced for the names in ``values``; other braces are left alone."""
    return re.sub(r"\{(\w+)\}", lambda m: values.get(m.group(1), m.group(0)), template)


@dataclass(frozen=True)
class Rule:
    """What every rule has; subclasses add their own keys and ``check``."""

    id: str
    category: Category
    severity: Severity
    audiences: tuple[str, ...]
    explanation: str
    suggestion: str
    source: str

    needs_debrief: ClassVar[bool] = False  # skipped when review() gets no debrief
    about_debrief: ClassVar[bool] = False  # findings about debrief fields (Finding.target)
    keys: ClassVar[frozenset[str]] = frozenset()
    wants_base_dir: ClassVar[bool] = False  # from_table gets common["base_dir"]

    @classmethod
    def from_table(
        cls, common: dict[str, Any], table: Mapping[str, Any], macros: Mapping[str, Macro]
    ) -> Rule:
        """The rule from its table in a rule file; this one takes no keys of its own."""
        return cls(**common)

    def check(self, review: Review) -> Iterator[Finding]:
        raise NotImplementedError

    def warm_up(self) -> None:
        """Load whatever the rule loads lazily (a dictionary, a library)."""

    def finding(
        self, start: int, end: int, values: Mapping[str, str], severity: Severity | None = None,
        target: str = "",
    ) -> Finding:  # fmt: skip
        return Finding(
            rule_id=self.id,
            category=self.category,
            start=start,
            end=end,
            message=_fill(self.explanation, values),
            suggestion=_fill(self.suggestion, values),
            severity=severity or self.severity,
            target=target,
        )


GUARDS = ("suppress", "info", "off")


@dataclass(frozen=True)
class PhraseRule(Rule):
    """Phrasings in the pattern language; each match is a finding on the matched words.

    ``evidence_guard``: what to do when the match's sentence also holds an observation marker
    (see ``coach.text``): ``"suppress"`` the finding, downgrade it to ``"info"``, or ``"off"``.
    ``exceptions``: phrasings whose matches cancel an overlapping match ("blind users").
    """

    # (first words, words after the first required item, anchors, pattern) per phrasing
    phrasings: tuple[tuple[First, First, tuple[frozenset[str], ...], LazyPattern], ...] = ()
    evidence_guard: str = "off"
    exceptions: LazyPattern | None = None

    keys: ClassVar[frozenset[str]] = frozenset({"phrasings", "evidence_guard", "exceptions"})

    @classmethod
    def from_table(
        cls, common: dict[str, Any], table: Mapping[str, Any], macros: Mapping[str, Macro]
    ) -> Rule:
        phrasings = tuple(
            (first, second, anchors, pattern)
            for regex, entries in _compile_list(table, "phrasings", macros)
            for pattern in (bounded(regex),)
            for first, second, anchors in entries
        )
        exceptions = None
        if "exceptions" in table:
            compiled = _compile_list(table, "exceptions", macros)
            exceptions = bounded("|".join(regex for regex, *_ in compiled))
        default_guard = "suppress" if common["category"] is Category.VAGUE else "off"
        guard = table.get("evidence_guard", default_guard)
        if guard not in GUARDS:
            raise RuleError(f"'evidence_guard' must be one of {', '.join(GUARDS)}, not {guard!r}")
        return cls(**common, phrasings=phrasings, evidence_guard=guard, exceptions=exceptions)

    def _excepted(self, text: str, start: int, end: int) -> bool:
        """Whether an exception phrasing overlaps the match (``blind users``, ``foreign key``)."""
        if self.exceptions is None:
            return False
        lo = max(0, start - 80)
        return any(
            m.start() < end and m.end() > start
            for m in self.exceptions.finditer(text, lo, min(len(text), end + 80))
        )

    def check(self, review: Review) -> Iterator[Finding]:
        """Every phrasing searched for in the whole text (the engine uses a word index)."""
        patterns = {id(p): p for *_, p in self.phrasings}.values()
        spans = [m.span() for pattern in patterns for m in pattern.finditer(review.text)]
        return self.findings(review, spans)

    def findings(self, review: Review, spans: list[tuple[int, int]]) -> Iterator[Finding]:
        """Findings for the matches at ``spans``: overlapping matches merged into one finding
        ("Not a native" + "native speaker"), exceptions and the evidence guard applied."""
        text = review.text
        merged: list[list[int]] = []
        for start, end in sorted(spans):
            if merged and start < merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        for start, end in merged:
            if self._excepted(text, start, end):
                continue
            severity = self.severity
            if self.evidence_guard != "off":
                lo, hi = review.sentences.around(start)
                if has_observation(text[lo:hi], (start - lo, end - lo)):
                    if self.evidence_guard == "suppress":
                        continue
                    severity = Severity.INFO
            yield self.finding(start, end, {"match": text[start:end]}, severity)


def _compile_list(
    table: Mapping[str, Any], key: str, macros: Mapping[str, Macro]
) -> list[tuple[str, list[tuple[First, First, tuple[frozenset[str], ...]]]]]:
    phrasings = table.get(key)
    if not isinstance(phrasings, list) or not phrasings:
        raise RuleError(f"'{key}' must be a non-empty list of strings")
    compiled = []
    for phrasing in phrasings:
        if not isinstance(phrasing, str) or not phrasing.strip():
            raise RuleError(f"{key}: {phrasing!r} is not a non-empty string")
        try:
            compiled.append(compile_phrasing_entries(phrasing, macros))
        except (PatternError, re.error) as error:
            raise RuleError(str(error), phrasing) from error
    return compiled


CHECKS = ("empty", "no_observation", "few_words")


@dataclass(frozen=True)
class CompetencyRule(Rule):
    """A check of each rated competency's evidence in the debrief.

    ``check``: ``"empty"`` (no evidence), ``"no_observation"`` (evidence without any
    observation marker), ``"few_words"`` (fewer than ``min_words`` words). ``ratings``: the
    ratings it applies to (default: every rating but "not_assessed"). Findings span the
    evidence (its stripped text; ``(0, 0)`` when empty) and carry
    ``target = "competencies[i].evidence"``.
    """

    check_name: str = "empty"
    ratings: tuple[str, ...] = RATED
    min_words: int = 8

    needs_debrief: ClassVar[bool] = True
    about_debrief: ClassVar[bool] = True
    keys: ClassVar[frozenset[str]] = frozenset({"check", "ratings", "min_words"})

    @classmethod
    def from_table(
        cls, common: dict[str, Any], table: Mapping[str, Any], macros: Mapping[str, Macro]
    ) -> Rule:
        check = table.get("check")
        if check not in CHECKS:
            raise RuleError(f"'check' must be one of {', '.join(CHECKS)}, not {check!r}")
        ratings = table.get("ratings", list(RATED))
        if not isinstance(ratings, list) or not all(r in RATED for r in ratings):
            raise RuleError(f"'ratings' must be a list drawn from {', '.join(RATED)}")
        min_words = table.get("min_words", 8)
        if not isinstance(min_words, int) or isinstance(min_words, bool) or min_words < 1:
            raise RuleError("'min_words' must be a positive integer")
        return cls(**common, check_name=check, ratings=tuple(ratings), min_words=min_words)

    def _fails(self, evidence: str) -> bool:
        stripped = evidence.strip()
        if self.check_name == "empty":
            return not stripped
        if not stripped:
            return False  # the "empty" check's business
        if self.check_name == "few_words":
            return word_count(stripped) < self.min_words
        return not has_observation(stripped)

    def check(self, review: Review) -> Iterator[Finding]:
        debrief = review.debrief
        if debrief is None:
            return
        for index, competency in enumerate(debrief.competencies):
            rating = str(competency.rating.value)
            if rating not in self.ratings or not self._fails(competency.evidence):
                continue
            evidence = competency.evidence
            stripped = evidence.strip()
            start = evidence.find(stripped) if stripped else 0
            values = {
                "competency": competency.name or f"Competency {index + 1}",
                "rating": competency.rating.label,
                "words": str(word_count(stripped)),
                "min_words": str(self.min_words),
            }
            yield self.finding(
                start, start + len(stripped), values, target=f"competencies[{index}].evidence"
            )


KINDS: dict[str, type[Rule]] = {"phrase": PhraseRule, "competency": CompetencyRule}
COMMON_KEYS = frozenset(
    {"id", "kind", "category", "severity", "audience", "explanation", "suggestion", "source"}
)


def _text(table: Mapping[str, Any], key: str, default: str | None = None) -> str:
    value = table.get(key, default)
    if value is None:
        raise RuleError(f"missing '{key}'")
    if not isinstance(value, str) or (default is None and not value.strip()):
        raise RuleError(f"'{key}' must be a non-empty string")
    return value.strip()


def parse_rule(
    table: Mapping[str, Any],
    macros: Mapping[str, Macro],
    file_source: str = "",
    base_dir: Path | None = None,
) -> Rule:
    """A rule from its TOML table; raises ``RuleError`` saying what is wrong. ``base_dir``
    (the rule file's folder) is where a kind finds the files it names (``allow_file``)."""
    rule_id = _text(table, "id")
    if not re.fullmatch(r"[a-z0-9_.-]+", rule_id):
        raise RuleError(f"id {rule_id!r}: use lower-case letters, digits, '.', '_' or '-'")
    kind_name = table.get("kind", "phrase")
    kind = KINDS.get(kind_name) if isinstance(kind_name, str) else None
    if kind is None:
        raise RuleError(f"unknown kind {kind_name!r} (known: {', '.join(KINDS)})")
    unknown = set(table) - COMMON_KEYS - kind.keys
    if unknown:
        raise RuleError(f"unknown key(s): {', '.join(sorted(unknown))}")
    try:
        category = Category(_text(table, "category"))
    except ValueError as error:
        raise RuleError(f"unknown category {table.get('category')!r}") from error
    try:
        severity = Severity(_text(table, "severity", "warning"))
    except ValueError as error:
        raise RuleError(f"unknown severity {table.get('severity')!r}") from error
    audience = table.get("audience", list(AUDIENCES))
    if isinstance(audience, str):
        audience = [audience]
    if not isinstance(audience, list) or not audience or not all(a in AUDIENCES for a in audience):
        raise RuleError(f"'audience' must be drawn from {', '.join(AUDIENCES)}")
    common: dict[str, Any] = {
        "id": rule_id,
        "category": category,
        "severity": severity,
        "audiences": tuple(audience),
        "explanation": _text(table, "explanation"),
        "suggestion": _text(table, "suggestion"),
        "source": _text(table, "source", file_source),
    }
    if kind.wants_base_dir:
        common["base_dir"] = base_dir
    try:
        return kind.from_table(common, table, macros)
    except re.error as error:
        raise RuleError(f"the phrasings do not compile: {error}") from error


# The candidate-message kinds live in their own module and register themselves here.
from followup_desktop.coach.candidate import CANDIDATE_KINDS  # noqa: E402

KINDS.update(CANDIDATE_KINDS)
