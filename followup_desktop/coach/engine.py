"""The coach: loads the rule files once, on first use, and reviews texts with them."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from followup_desktop.coach.findings import Finding, RuleFileProblem
from followup_desktop.coach.patterns import (
    STOP_WORDS,
    LazyPattern,
    Macro,
    PatternError,
    compile_macros,
)
from followup_desktop.coach.rules import (
    AUDIENCES,
    PhraseRule,
    Review,
    Rule,
    RuleError,
    parse_rule,
)

if TYPE_CHECKING:
    from followup_desktop.domain.model import Debrief

__all__ = ["Coach", "load_rule_files"]

_TOKEN = re.compile(r"\w+")
_TOML_LINE = re.compile(r"line (\d+)")
_RULE_HEADER = re.compile(r"^[ \t]*\[\[[ \t]*rule[ \t]*\]\]", re.MULTILINE)
FILE_KEYS = frozenset({"about", "source", "macros", "rule"})


def _line_of(raw: str, needle: str, after: int = 1) -> int:
    """The 1-based line, at or after line ``after``, holding ``needle`` (else ``after``)."""
    lines = raw.splitlines()
    for number in range(max(after, 1), len(lines) + 1):
        if needle and needle in lines[number - 1]:
            return number
    return after


def _load_file(
    path: Path, rules: list[Rule], problems: list[RuleFileProblem], seen: set[str]
) -> None:
    name = path.name

    def problem(line: int, text: str) -> None:
        problems.append(RuleFileProblem(name, line, text))

    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        problem(0, f"cannot read the file: {error}")
        return
    import tomllib

    try:
        data: dict[str, Any] = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as error:
        found = _TOML_LINE.search(str(error))
        problem(int(found.group(1)) if found else 0, f"not valid TOML: {error}")
        return
    for key in sorted(set(data) - FILE_KEYS):
        problem(_line_of(raw, key), f"unknown top-level key {key!r}")
    file_source = data.get("source", "")
    if not isinstance(file_source, str):
        problem(_line_of(raw, "source"), "'source' must be a string")
        file_source = ""
    raw_macros = data.get("macros", {})
    macros: dict[str, Macro]
    try:
        if not isinstance(raw_macros, dict) or not all(
            isinstance(v, str) for v in raw_macros.values()
        ):
            raise PatternError("[macros] must map names to phrasings (strings)")
        macros = compile_macros(raw_macros)
    except PatternError as error:
        problem(_line_of(raw, "[macros]"), f"bad macro: {error}; this file's rules are skipped")
        return
    tables = data.get("rule", [])
    if not isinstance(tables, list):
        problem(_line_of(raw, "rule"), "'rule' must be an array of tables ([[rule]])")
        return
    header_lines = [raw.count("\n", 0, m.start()) + 1 for m in _RULE_HEADER.finditer(raw)]
    for index, table in enumerate(tables):
        line = header_lines[index] if index < len(header_lines) else 0
        if not isinstance(table, dict):
            problem(line, "a rule must be a table")
            continue
        try:
            rule = parse_rule(table, macros, file_source, path.parent)
        except RuleError as error:
            rule_id = table.get("id")
            label = f"rule {rule_id!r}" if isinstance(rule_id, str) else f"rule #{index + 1}"
            at = _line_of(raw, error.phrasing, line) if error.phrasing else line
            problem(at, f"{label} skipped: {error}")
            continue
        if rule.id in seen:
            problem(line, f"rule {rule.id!r} skipped: the id is already used")
            continue
        seen.add(rule.id)
        rules.append(rule)


def load_rule_files(rules_dir: Path) -> tuple[list[Rule], list[RuleFileProblem]]:
    """Every usable rule in ``rules_dir/*.toml`` (sorted by file name), and the problems."""
    rules: list[Rule] = []
    problems: list[RuleFileProblem] = []
    seen: set[str] = set()
    try:
        paths = sorted(p for p in rules_dir.glob("*.toml") if p.is_file())
    except OSError as error:
        return [], [RuleFileProblem(str(rules_dir), 0, f"cannot list the rules: {error}")]
    if not paths:
        problems.append(RuleFileProblem(str(rules_dir), 0, "no rule files (*.toml) found"))
    for path in paths:
        _load_file(path, rules, problems, seen)
    return rules, problems


Need = tuple[frozenset[str], ...]  # words a sentence must hold, one of each set ("#d": a digit)
Entry = tuple[int, LazyPattern, Need]  # (index of the rule in the audience's list, phrasing, need)
Matcher = tuple[int, Callable[[str, int], "re.Match[str] | None"], Need]
DIGIT = "#d"  # in a sentence's word set: a word starting with a digit
_HAS_DIGIT = re.compile(r"(?<!\w)\d")


BACK_OFF = 4  # how many words before the indexed word a gated phrasing may start


def _need(anchors: Iterable[frozenset[str]]) -> Need:
    """The anchors a sentence can be checked for cheaply: sets of whole words (or a digit),
    none of them a stop word (those are everywhere, checking them saves nothing)."""
    need = []
    for anchor in anchors:
        if all(k == "d" or k.startswith("w:") for k in anchor):
            words = frozenset(DIGIT if k == "d" else k[2:] for k in anchor)
            if words.isdisjoint(STOP_WORDS):
                need.append(words)
    return tuple(sorted(need, key=len)[:3])


class _PhraseIndex:
    """Phrase rules' phrasings by the words they can start with.

    Instead of trying hundreds of phrasings at every position, ``scan`` reads the text's words
    once and tries, at each word, only the phrasings that can start with it: by the exact word,
    by a prefix (``stem*``), or any word starting with a digit. A phrasing that starts with a
    very common word ("the", "not", "her") is filed under the words that can follow it instead,
    and tried from the few words before such a word ("her kids" is tried at "kids", from "her").
    The phrasings of one rule found for a word are tried as one pattern. Phrasings that could
    start anywhere (no known first word) are searched for in the whole text.

    A phrasing that is still tried at a common word ("{pron} {be} {agenum}" at "she") is
    skipped in a sentence that lacks one of its rarer required words (its *anchors*: here a
    number): the check is a set lookup, a failed regex attempt is not.
    """

    _CACHE_LIMIT = 50_000

    def __init__(self, rules: Sequence[PhraseRule]) -> None:
        self.rules = list(rules)
        self._keys: tuple[dict[str, list[Entry]], dict[str, list[Entry]]] = ({}, {})
        self._prefixes: tuple[dict[str, list[Entry]], dict[str, list[Entry]]] = ({}, {})
        self._digits: tuple[list[Entry], list[Entry]] = ([], [])
        self.anywhere: list[Entry] = []
        for index, rule in enumerate(self.rules):
            for first, second, anchors, pattern in rule.phrasings:
                entry = (index, pattern, _need(anchors))
                if first is None:
                    self.anywhere.append(entry)
                    continue
                gate = bool(second) and not any(k[2:] in STOP_WORDS for k in second or ())
                direct = {k for k in first if not (gate and k[2:] in STOP_WORDS)}
                self._file(direct, entry, 0)
                if second is not None and len(direct) < len(first):
                    self._file(second, entry, 1)
        lengths = {len(p) for table in self._prefixes for p in table}
        self._prefix_lengths = sorted(lengths)
        self._merged: dict[tuple[int, ...], LazyPattern] = {}
        self._by_word: dict[str, tuple[tuple[Matcher, ...], tuple[Matcher, ...]]] = {}
        self._sentences: dict[str, tuple[tuple[int, int, int], ...]] = {}

    def _file(self, keys: Iterable[str], entry: Entry, gated: int) -> None:
        for key in keys:
            if key == "d":
                self._digits[gated].append(entry)
            elif key.startswith("p:"):
                self._prefixes[gated].setdefault(key[2:], []).append(entry)
            else:
                self._keys[gated].setdefault(key[2:], []).append(entry)

    def clear_cache(self) -> None:
        """Forget the sentences seen (for benchmarks of a cold review)."""
        self._sentences.clear()

    def warm_up(self, pause: Callable[[], None]) -> None:
        """Compile, now, the patterns a review compiles for each word it meets (a few seconds:
        run it off the GUI thread), so that no review pays for them later; ``pause`` runs
        before each word's (a millisecond or two of work)."""
        for gated in (0, 1):
            for word in (*self._keys[gated], *self._prefixes[gated]):
                pause()
                self.candidates(word)

    def _merge(self, entries: list[Entry], use_need: bool) -> tuple[Entry, ...]:
        """One pattern per rule (and, with ``use_need``, per need) for these entries: the
        phrasings joined by ``|``. Without ``use_need`` the needs are dropped."""
        groups: dict[tuple[int, Need], list[LazyPattern]] = {}
        for index, pattern, need in entries:
            patterns = groups.setdefault((index, need if use_need else ()), [])
            if pattern not in patterns:
                patterns.append(pattern)
        merged = []
        for (index, need), patterns in groups.items():
            if len(patterns) == 1:
                merged.append((index, patterns[0], need))
                continue
            key = (index, *sorted(id(p) for p in patterns))
            joined = self._merged.get(key)
            if joined is None:
                joined = LazyPattern("|".join(p.source for p in patterns))
                self._merged[key] = joined
            merged.append((index, joined, need))
        return tuple(merged)

    def _lookup(self, word: str, gated: int) -> list[Entry]:
        entries = list(self._keys[gated].get(word, ()))
        for length in self._prefix_lengths:
            if length > len(word):
                break
            entries.extend(self._prefixes[gated].get(word[:length], ()))
        if word[0].isdigit():
            entries.extend(self._digits[gated])
        return entries

    def candidates(self, word: str) -> tuple[tuple[Matcher, ...], tuple[Matcher, ...]]:
        """(rule, match function) pairs to try where ``word`` (lower-case) starts, and those to
        try from the words before it. Compiles the patterns it needs (once)."""
        found = self._by_word.get(word)
        if found is None:
            # needs pay off only at common words; elsewhere one pattern per rule is faster
            common = word in STOP_WORDS
            found = tuple(  # type: ignore[assignment]
                tuple(
                    (index, p.compiled.match, need)
                    for index, p, need in self._merge(self._lookup(word, g), common)
                )
                for g in (0, 1)
            )
            assert found is not None
            if len(self._by_word) >= self._CACHE_LIMIT:
                self._by_word.clear()
            self._by_word[word] = found
        return found

    def scan(self, text: str, sentences: Iterable[tuple[int, int]]) -> list[list[tuple[int, int]]]:
        """For each rule, the spans its phrasings match (overlaps and repeats included).

        No phrasing crosses a sentence end, so each sentence is scanned on its own and its
        matches are cached by its text: while someone types, only the sentence being edited
        is scanned again.
        """
        spans: list[list[tuple[int, int]]] = [[] for _ in self.rules]
        cache = self._sentences
        for lo, hi in sentences:
            piece = text[lo:hi]
            found = cache.get(piece)
            if found is None:
                found = tuple(
                    (index, start, end)
                    for index, rule_spans in enumerate(self._scan(piece))
                    for start, end in rule_spans
                )
                if len(cache) >= self._CACHE_LIMIT:
                    cache.clear()
                cache[piece] = found
            for index, start, end in found:
                spans[index].append((start + lo, end + lo))
        return spans

    def _scan(self, text: str) -> list[list[tuple[int, int]]]:
        spans: list[list[tuple[int, int]]] = [[] for _ in self.rules]
        by_word = self._by_word
        tokens = [(token.start(), token.group().lower()) for token in _TOKEN.finditer(text)]
        words = {word for _, word in tokens}
        if _HAS_DIGIT.search(text):
            words.add(DIGIT)
        starts: list[int] = []
        for position, word in tokens:
            starts.append(position)
            found = by_word.get(word)
            if found is None:
                found = self.candidates(word)
            direct, gated = found
            for index, try_match, need in direct:
                if need and any(anchor.isdisjoint(words) for anchor in need):
                    continue
                match = try_match(text, position)
                if match:
                    spans[index].append(match.span())
            if gated:
                before = starts[-BACK_OFF - 1 : -1]
                for index, try_match, need in gated:
                    if need and any(anchor.isdisjoint(words) for anchor in need):
                        continue
                    for start in before:
                        match = try_match(text, start)
                        if match and match.end() > position:
                            spans[index].append(match.span())
        for index, pattern, _ in self.anywhere:
            spans[index].extend(m.span() for m in pattern.finditer(text))
        return spans


class Coach:
    """Reviews texts with the rules in one folder. Loading happens on first use, once.

    Thread-safe: the UI may review off the GUI thread.
    """

    def __init__(self, rules_dir: Path, *, reading_ease_min: float = 40.0) -> None:
        self.rules_dir = rules_dir
        # the Flesch reading ease under which a candidate message is "hard to read"
        # (the app's settings may change it at any time)
        self.reading_ease_min = reading_ease_min
        self._lock = threading.Lock()
        self._rules: list[Rule] | None = None
        self._problems: list[RuleFileProblem] = []
        self._by_audience: dict[tuple[str, bool], list[Rule]] = {}
        self._index: dict[str, _PhraseIndex] = {}

    def _loaded(self) -> list[Rule]:
        rules = self._rules
        if rules is None:
            with self._lock:
                if self._rules is None:
                    loaded, self._problems = load_rule_files(self.rules_dir)
                    for audience in AUDIENCES:
                        mine = [r for r in loaded if audience in r.audiences]
                        phrase = [r for r in mine if isinstance(r, PhraseRule)]
                        self._index[audience] = _PhraseIndex(phrase)
                        for with_debrief in (False, True):
                            self._by_audience[audience, with_debrief] = [
                                r
                                for r in mine
                                if not isinstance(r, PhraseRule)
                                and (with_debrief or not r.needs_debrief)
                            ]
                    self._rules = loaded
                rules = self._rules
        return rules

    def warm_up(self, pause: Callable[[], None] = lambda: None) -> None:
        """Load the rules, compile every phrasing and load what the rules load lazily (the
        spelling dictionary, the readability library, and every pattern; several seconds) now, in a
        background thread after start-up, instead of on the first review.

        The work goes in steps of at most a few hundred milliseconds (the longest: loading
        the readability library), and ``pause`` runs before each: the app passes one that
        waits while the person is typing, so the warm-up never competes with their keys.
        """
        pause()
        self._loaded()
        for rule in self._rules or ():
            pause()
            rule.warm_up()
            if isinstance(rule, PhraseRule) and rule.exceptions is not None:
                _ = rule.exceptions.compiled
        for index in self._index.values():
            index.warm_up(pause)

    def clear_cache(self) -> None:
        """Forget the sentences already scanned (benchmarks of a cold review use it)."""
        from followup_desktop.coach.text import clear_caches

        clear_caches()
        for index in self._index.values():
            index.clear_cache()

    def rules(self) -> Sequence[Rule]:
        """The rules in use (loading them if needed)."""
        return tuple(self._loaded())

    def problems(self) -> list[RuleFileProblem]:
        """The rule files or rules that could not be used (loading them if needed)."""
        self._loaded()
        return list(self._problems)

    def review(
        self,
        text: str,
        *,
        audience: str = "notes",
        debrief: Debrief | None = None,
        reading_ease_min: float | None = None,
    ) -> list[Finding]:
        """Findings in ``text``, sorted by start. See ``followup_desktop.coach.review``.
        ``reading_ease_min`` overrides the coach's threshold for this call."""
        if audience not in AUDIENCES:
            raise ValueError(f"audience must be one of {', '.join(AUDIENCES)}, not {audience!r}")
        self._loaded()
        ease = self.reading_ease_min if reading_ease_min is None else reading_ease_min
        context = Review(text, audience, debrief, ease)
        findings: list[Finding] = []
        index = self._index[audience]
        for phrase_rule, spans in zip(
            index.rules, index.scan(text, context.sentences), strict=True
        ):
            if spans:
                findings.extend(phrase_rule.findings(context, spans))
        for rule in self._by_audience[audience, debrief is not None]:
            if rule.about_debrief:
                # only the debrief findings about this very text (a competency's evidence)
                findings.extend(f for f in rule.check(context) if _evidence_is(debrief, f, text))
            else:
                findings.extend(rule.check(context))
        findings.sort(key=lambda f: (f.start, f.end, -f.severity.rank, f.rule_id))
        return findings

    def review_debrief(self, debrief: Debrief, *, audience: str = "notes") -> list[Finding]:
        """Every debrief-level finding (rules that need a debrief), whatever field it is in.

        Each finding's ``target`` names the field (``"competencies[i].evidence"``) and its
        span is relative to that field's text. Sorted by target, then start.
        """
        self._loaded()
        context = Review("", audience, debrief)
        findings = [
            f
            for rule in self._by_audience[audience, True]
            if rule.about_debrief
            for f in rule.check(context)
        ]
        findings.sort(key=lambda f: (_target_key(f.target), f.start, f.rule_id))
        return findings


def _target_key(target: str) -> tuple[str, int]:
    found = re.search(r"\[(\d+)\]", target)
    return (target.split("[")[0], int(found.group(1)) if found else -1)


def _evidence_is(debrief: Debrief | None, finding: Finding, text: str) -> bool:
    found = re.fullmatch(r"competencies\[(\d+)\]\.evidence", finding.target)
    if debrief is None or found is None:
        return False
    index = int(found.group(1))
    return index < len(debrief.competencies) and debrief.competencies[index].evidence == text
