"""What the coach reports: findings in a text, and problems in its own rule files."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Category(StrEnum):
    """What kind of problem a finding is; compares equal to its string value."""

    VAGUE = "vague"
    BIAS = "bias"
    EVIDENCE = "evidence"
    TONE = "tone"
    CLARITY = "clarity"
    PERSONALIZATION = "personalization"
    LEAK = "leak"
    SPELLING = "spelling"


class Severity(StrEnum):
    """How much a finding matters, from a hint to a legal risk."""

    INFO = "info"
    WARNING = "warning"
    PROBLEM = "problem"

    @property
    def rank(self) -> int:
        return list(Severity).index(self)


@dataclass(frozen=True)
class Finding:
    """One thing to fix in a text.

    ``start``/``end`` are Python ``str`` indices into the reviewed text (end exclusive), so
    ``text[start:end]`` is the offending words. A finding about the debrief rather than a
    phrase has ``start == end``. ``target`` says which debrief field it belongs to ("" for the
    reviewed text itself; ``"competencies[2].evidence"`` for a competency's evidence).
    """

    rule_id: str
    category: Category
    start: int
    end: int
    message: str
    suggestion: str
    severity: Severity
    target: str = ""


@dataclass(frozen=True)
class RuleFileProblem:
    """A rule file, or one rule in it, that could not be used; the other rules still run."""

    file: str
    line: int  # 1-based; 0 when the line is unknown
    problem: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.problem}"
