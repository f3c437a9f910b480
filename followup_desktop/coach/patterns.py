"""The coach's pattern language: readable phrasings compiled into regular expressions.

A phrasing is a sequence of items separated by spaces; docs/coach.md is the full reference.

``word``
    the word itself, case-insensitive, on word boundaries; ``'`` also matches ``\u2019``; a hyphen
    inside a word matches a hyphen, a space or nothing (``culture-fit``).
``word~``
    the word and its regular inflections (fit, fits, fitted, fitting, fitter; lack, lacks,
    lacked, lacking; seem, seems, seemed...).
``stem*``
    any word that starts with ``stem``.
``(a|b c|d)``
    one of the alternatives; each alternative is itself a phrasing.
``[a b]``
    optional.
``!x``
    not followed by ``x`` (an item): ``blind !(spot|spots)``.
``...``
    a gap of up to four words within the sentence.
``^`` / ``$``
    the start of a sentence, line or clause (after ``. ! ? ; : ,``, a bullet or a line
    break) / the end of a sentence or line (before ``. ! ? ; :`` or a line break):
    ``^ (meh|mediocre) $`` flags a bare one-word verdict only.
``,``
    followed by a comma (zero-width): ``{pron} {be} {trait} (but|and|,)``.
``{name}``
    a macro: the built-ins below, or one from the rule file's ``[macros]`` table.

Between any two items the text may hold intensifiers and hedges ("really", "very", "just",
"quite", "that", "a bit", "kind of"...), so ``not a fit`` matches "not really a fit".
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator, Mapping

__all__ = [
    "BUILTIN_MACROS",
    "INTENSIFIERS",
    "STOP_WORDS",
    "First",
    "LazyPattern",
    "Macro",
    "PatternError",
    "bounded",
    "builtin_macros",
    "compile_macros",
    "compile_phrasing",
    "compile_phrasing_entries",
    "compile_phrasing_index",
    "compile_phrasings",
    "inflections",
]


class PatternError(ValueError):
    """A phrasing that does not follow the pattern language."""


INTENSIFIERS = (
    "really", "very", "just", "quite", "that", "super", "so", "too", "all", "overly",
    "particularly", "especially", "truly", "extremely", "incredibly", "terribly", "pretty",
    "rather", "somewhat", "fairly", "honestly", "definitely", "probably", "simply", "actually",
    "totally", "entirely", "genuinely", "exactly", "necessarily", "clearly", "obviously",
    "a bit", "a little", "a little bit", "kind of", "sort of", "kinda", "sorta", "even", "still",
)  # fmt: skip

_APOS = "['\u2019]"


def _char(c: str) -> str:
    if c in "'\u2019":
        return _APOS
    if c == "-":
        return r"[ \-\u2013]?"
    if c == " ":
        return " +"
    return re.escape(c)


def trie_regex(words: list[str]) -> str:
    """Literal words as one regex that branches letter by letter (fast to reject)."""
    trie: dict[str, dict] = {}  # type: ignore[type-arg]
    for word in words:
        node = trie
        for c in word.lower():
            node = node.setdefault(c, {})
        node[""] = {}

    def build(node: dict) -> str:  # type: ignore[type-arg]
        end = "" in node
        branches = [_char(c) + build(child) for c, child in sorted(node.items()) if c]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if end else body

    return "(?:" + build(trie) + ")"


_SPACE = (
    r"(?:[ \t\-\u2013\u2014/]+|(?=['\u2019]))"  # a new line ends a phrase: never match across lines
)
_INT = trie_regex(list(INTENSIFIERS)) + r"(?!\w)"
SEP = rf"(?:{_SPACE}{_INT})*{_SPACE}"


# Built-in macros, as regular expressions. Every form also covers its negation, so a phrasing
# matches "was a fit", "wasn't a fit" and "was not a fit" alike.
_NOT = r"(?:[ \t]+(?:not|never))?"
BUILTIN_MACROS: dict[str, str] = {
    "be": (
        rf"(?:(?:is|was|are|were|am|be|been|being|{_APOS}s|{_APOS}re|{_APOS}m){_NOT}"
        rf"|(?:isn|wasn|aren|weren|ain){_APOS}t)"
    ),
    "do": rf"(?:(?:do|does|did){_NOT}|(?:don|doesn|didn){_APOS}t)",
    "have": rf"(?:(?:have|has|had|{_APOS}ve|{_APOS}d){_NOT}|(?:haven|hasn|hadn){_APOS}t)",
    "will": (
        rf"(?:(?:will|would|could|should|might|may|can|{_APOS}ll|{_APOS}d){_NOT}"
        rf"|(?:won|wouldn|couldn|shouldn|can|mightn){_APOS}t|cannot)"
    ),
    "not": rf"(?:not|never|no|(?<=n){_APOS}t)",
    # ("the candidate" matches from "candidate": the article stays out of the span)
    "pron": r"(?:he|she|they|him|her|them|candidate)",
    "poss": r"(?:his|her|their|candidate[\u2019']s)",
    "me": r"(?:me|us|i|we|team|panel|everyone)",
    "num": r"(?:\d+(?:[.,]\d+)?)",
    "agenum": r"(?:1[6-9]|[2-8]\d)(?![\d.,%]\d)",
    "a": r"(?:a|an|the)",
}

# The words each built-in macro can start with (see ``First``).
_BUILTIN_FIRST: dict[str, frozenset[str]] = {
    "be": frozenset(
        "w:" + w
        for w in [
            "is",
            "was",
            "are",
            "were",
            "am",
            "be",
            "been",
            "being",
            "isn",
            "wasn",
            "aren",
            "weren",
            "ain",
            "s",
            "re",
            "m",
        ]
    ),
    "do": frozenset("w:" + w for w in ["do", "does", "did", "don", "doesn", "didn"]),
    "have": frozenset("w:" + w for w in ["have", "has", "had", "haven", "hasn", "hadn", "ve", "d"]),
    "will": frozenset(
        "w:" + w
        for w in [
            "will",
            "would",
            "could",
            "should",
            "might",
            "may",
            "can",
            "won",
            "wouldn",
            "couldn",
            "shouldn",
            "mightn",
            "cannot",
            "ll",
            "d",
        ]
    ),
    "not": frozenset({"w:not", "w:never", "w:no"}),
    "pron": frozenset("w:" + w for w in ["he", "she", "they", "him", "her", "them", "candidate"]),
    "poss": frozenset({"w:his", "w:her", "w:their", "w:candidate"}),
    "me": frozenset("w:" + w for w in ["me", "us", "i", "we", "team", "panel", "everyone"]),
    "num": frozenset({"d"}),
    "agenum": frozenset({"d"}),
    "a": frozenset({"w:a", "w:an", "w:the"}),
}

_SPECIAL = set("[](){}|!,")
_START = (
    r"(?:(?<![\s\S])|(?<=[\n.!?;:,(\u2022*\-])|(?<=[\n.!?;:,(\u2022*\-][ \t])"
    r"|(?<=[\n.!?;:,(\u2022*\-][ \t][ \t])|(?<=^[ \t])|(?<=^[ \t][ \t]))"
)
_END = r"(?=[ \t]*(?:[\n.!?;:)\u2026]|$))"
_COMMA = r"(?=[ \t]*,)"


def inflections(word: str) -> list[str]:
    """Regular English inflections of a base word (over-generation is harmless)."""
    w = word.lower()
    forms = {w, w + "s", w + "es", w + "ed", w + "ing", w + "er", w + "ers", w + "est"}
    if w.endswith("e"):
        forms |= {w + "d", w + "r", w + "rs", w + "st", w[:-1] + "ing", w + "ly"}
    if w.endswith("y") and len(w) > 2 and w[-2] not in "aeiou":
        stem = w[:-1]
        forms |= {stem + "ies", stem + "ied", stem + "ier", stem + "iest", stem + "ily"}
    if len(w) >= 3 and w[-1] not in "aeiouwxy" and w[-2] in "aeiou" and w[-3] not in "aeiou":
        forms |= {w + w[-1] + "ed", w + w[-1] + "ing", w + w[-1] + "er", w + w[-1] + "est"}
    if w.endswith(("s", "sh", "ch", "x", "z")):
        forms.add(w + "es")
    forms.add(w + "ly")
    return sorted(forms, key=len, reverse=True)


_FIRST_RUN = re.compile(r"\w+")

# The words a phrasing can start with, as keys: "w:word" (the first run of word characters,
# lower-case), "p:prefix" (a word starting with it), "d" (a word starting with a digit).
# ``None`` means "could start anywhere": such phrasings are searched for in the whole text.
First = frozenset[str] | None


def _union(a: First, b: First) -> First:
    return None if a is None or b is None else a | b


def _first_of_literal(text: str, prefix: bool) -> First:
    if text[:1] in ("'", "\u2019"):
        # "'s" is glued to the word before: never the start of a match, but after another
        # item the text's next word is "s"
        run = _FIRST_RUN.match(text[1:].lower())
        return frozenset({"w:" + run.group()}) if run else frozenset()
    run = _FIRST_RUN.match(text.lower())
    if run is None:
        return None
    whole = run.end() < len(text) or not prefix
    key = run.group()
    if key[0].isdigit():
        return frozenset({"d"})
    if run.end() < len(text) and text[run.end()] == "-":  # "well-rounded" also as "wellrounded"
        return frozenset({"w:" + key, "p:" + key})
    return frozenset({("w:" if whole else "p:") + key})


def _word(text: str) -> tuple[str, First, list[str] | None]:
    if "?" in text or "+" in text:
        raise PatternError(
            f"this is not a regular expression; write [x] for an optional item: {text!r}"
        )
    if text.endswith("~") and len(text) > 1 and "~" not in text[:-1] and "*" not in text:
        forms = inflections(text[:-1])
        first: First = frozenset()
        for form in forms:
            first = _union(first, _first_of_literal(form, False))
        return trie_regex(forms), first, forms
    if text.endswith("*") and len(text) > 1 and "*" not in text[:-1] and "~" not in text:
        return _literal(text[:-1]) + r"\w*", _first_of_literal(text[:-1], True), None
    if "~" in text or "*" in text:
        raise PatternError(f"'~' and '*' go at the end of a word: {text!r}")
    return _literal(text), _first_of_literal(text, False), [text]


def _literal(text: str) -> str:
    parts = [re.sub("['\u2019]", lambda _: _APOS, re.escape(p)) for p in text.split("-")]
    return r"[ \-\u2013]?".join(parts)


Macro = tuple[str, First]  # (regex, the words it can start with)
Entry = tuple[First, First, list[frozenset[str]]]  # (first words, second words, anchors)

# Words so common that they are no use for finding a phrasing: the index files phrasings that
# start with one under the next word, and does not check sentences for them (anchors).
_STOP = (
    "a", "an", "the", "not", "no", "i", "he", "she", "they", "we", "you", "it", "her", "his",
    "him", "them", "their", "me", "us", "my", "our", "is", "was", "are", "were", "be", "been",
    "am", "isn", "wasn", "aren", "weren", "s", "re", "m", "ve", "d", "ll", "t", "do", "does",
    "did", "don", "doesn", "didn", "have", "has", "had", "would", "will", "could", "should",
    "can", "to", "of", "and", "but", "so", "very", "really", "just", "too",
)  # fmt: skip
STOP_WORDS = frozenset(_STOP)


def _rare_anchor(sets: list[First]) -> frozenset[str] | None:
    """The first of ``sets`` made of whole words (or "d") and no stop word, if any."""
    for keys in sets:
        if (
            keys
            and all(k == "d" or k.startswith("w:") for k in keys)
            and not any(k[2:] in STOP_WORDS for k in keys)
        ):
            return keys
    return None


class _Item:
    __slots__ = (
        "anchors",
        "entries",
        "first",
        "literals",
        "optional",
        "options",
        "regex",
        "second",
        "single",
        "zero_width",
    )

    def __init__(
        self,
        regex: str,
        first: First,
        optional: bool,
        zero_width: bool,
        literals: list[str] | None = None,
    ) -> None:
        self.regex = regex
        self.first = first
        self.optional = optional
        self.zero_width = zero_width
        self.literals = literals  # the exact words it matches, when it is plain words
        self.second: First = None  # the words that can follow the first required item
        # the first words of required items (any match holds one word of each set)
        self.anchors: list[frozenset[str]] = []
        self.options: list[_Item] | None = None  # an alternatives group's options
        self.single = False  # a sequence of one plain item
        # how the index finds the phrasing: (first, second, anchors) per leading option
        self.entries: list[Entry] = []


class _Parser:
    def __init__(self, source: str, macros: Mapping[str, Macro]) -> None:
        self.source = source
        self.pos = 0
        self.macros = macros

    def error(self, problem: str) -> PatternError:
        return PatternError(f"{problem} at column {self.pos + 1} of {self.source!r}")

    def peek(self) -> str:
        return self.source[self.pos] if self.pos < len(self.source) else ""

    def skip_space(self) -> None:
        while self.peek().isspace():
            self.pos += 1

    def alternatives(self, closing: str) -> _Item:
        """``a b | c d`` up to ``closing``, as one item (optional if it can match nothing)."""
        options = [self.sequence(closing)]
        while self.peek() == "|":
            self.pos += 1
            options.append(self.sequence(closing))
        if any(not o.regex and not o.optional for o in options):
            raise self.error("empty alternative")
        first: First = frozenset()
        for option in options:
            first = _union(first, option.first)
        literals: list[str] | None = []
        for option in options:
            if option.literals is None or literals is None:
                literals = None
            else:
                literals += option.literals
        # plain words go into one trie, which rejects a mismatch in a step or two
        plain = [w for o in options if o.literals is not None for w in o.literals]
        rest = [o.regex for o in options if o.literals is None and o.regex]
        regex = "(?:" + "|".join(([trie_regex(plain)] if plain else []) + rest) + ")"
        empty = any(o.optional for o in options)
        item = _Item(regex, first, empty, False, None if empty else literals)
        if len(options) == 1:
            item.second = options[0].second
            item.anchors = options[0].anchors
            item.entries = options[0].entries
        elif not empty:
            item.options = options
            item.entries = [
                entry for o in options for entry in o.entries or [(o.first, o.second, o.anchors)]
            ]
            # one of the options matched: the union of each option's rarest required words
            best = [_rare_anchor([o.first, *o.anchors]) for o in options]
            if all(b is not None for b in best):
                item.anchors = [frozenset().union(*(b for b in best if b is not None))]
        return item

    def sequence(self, closing: str) -> _Item:
        """Items up to ``|`` or ``closing``, as one item (optional if it can match nothing)."""
        items: list[_Item] = []
        while True:
            self.skip_space()
            char = self.peek()
            if char == "" or char == "|" or char == closing:
                break
            if char in ")]}":
                raise self.error(f"unexpected {char!r}")
            nxt = self.source[self.pos + 1 : self.pos + 2]
            if char in "^$" and nxt in ("", " ", "|", ")", "]"):
                self.pos += 1
                items.append(_Item(_START if char == "^" else _END, frozenset(), False, True))
                continue
            if char == ",":
                self.pos += 1
                items.append(_Item(_COMMA, frozenset(), False, True))
                continue
            if char == "!":
                self.pos += 1
                if not items:
                    raise self.error("'!' needs an item before it")
                atom = self.atom()
                regex = f"(?!{SEP}{atom.regex}(?!\\w))"
                items.append(_Item(regex, frozenset(), False, True))
                continue
            items.append(self.atom())
        return self._join(items)

    def _join(self, items: list[_Item]) -> _Item:
        """Items in order: optional items before the first required one carry their separator
        after them, the others before them, so the match never starts or ends with a space.

        The first words are those of the first required item: a match that begins with
        optional items also matches from that item on, which is where the index looks.
        """
        out: list[str] = []
        seen_required = False
        optional_first: First = frozenset()
        first: First = frozenset()
        second: First = frozenset()
        second_done = False
        anchors: list[frozenset[str]] = []
        rest_anchors: list[frozenset[str]] = []  # those of the required items after the lead
        lead: _Item | None = None
        for item in items:
            if not item.optional and not item.zero_width:
                if item.first is not None:
                    anchors.append(item.first)
                anchors.extend(item.anchors)
                if lead is not None:
                    if item.first is not None:
                        rest_anchors.append(item.first)
                    rest_anchors.extend(item.anchors)
                else:
                    lead = item
            if seen_required and not second_done and not item.zero_width:
                second = _union(second, item.first)
                second_done = not item.optional
            if item.zero_width:
                out.append(item.regex)
            elif not seen_required:
                out.append(f"(?:{item.regex}{SEP})?" if item.optional else item.regex)
                if item.optional:
                    optional_first = _union(optional_first, item.first)
                else:
                    first = item.first
                    seen_required = True
            else:
                out.append(f"(?:{SEP}{item.regex})?" if item.optional else f"{SEP}{item.regex}")
        real = [i for i in items if not i.zero_width]
        literals = real[0].literals if len(real) == 1 and len(items) == 1 else None
        if not seen_required:
            if items and all(item.zero_width for item in items):
                raise self.error("'^', '$', ',' and '!x' must go next to a word")
            return _Item("".join(out), optional_first, True, False)
        result = _Item("".join(out), first, False, False, literals)
        result.second = second if second_done else None
        result.anchors = anchors
        result.single = len(real) == 1 and real[0].options is None and real[0].second is None
        result.entries = [(first, result.second, anchors)]
        if lead is not None and lead.options is not None:
            # filed per option: "(bossy|the guys) ..." is found at "bossy" and, from "the",
            # at "guys" -- the whole pattern is tried, but only options starting with the
            # word there can match
            result.entries = [
                (
                    option.first,
                    result.second if option.single else option.second,
                    [*([option.first] if option.first else []), *option.anchors, *rest_anchors],
                )
                for option in lead.options
                if option.regex
            ]
        return result

    def atom(self) -> _Item:
        """One item."""
        char = self.peek()
        if char in "([":
            closing = ")" if char == "(" else "]"
            self.pos += 1
            group = self.alternatives(closing)
            if self.peek() != closing:
                raise self.error(f"missing {closing!r}")
            self.pos += 1
            if char == "[":
                return _Item(group.regex, group.first, True, False)
            return group
        if char == "{":
            end = self.source.find("}", self.pos)
            if end < 0:
                raise self.error("missing '}'")
            name = self.source[self.pos + 1 : end].strip()
            self.pos = end + 1
            if name not in self.macros:
                raise self.error(f"unknown macro {{{name}}}")
            regex, first = self.macros[name]
            return _Item(regex, first, False, False)
        start = self.pos
        while self.peek() and not self.peek().isspace() and self.peek() not in _SPECIAL:
            self.pos += 1
        text = self.source[start : self.pos]
        if not text:
            raise self.error(f"unexpected {char!r}")
        if text == "...":
            gap = r"(?:[^\s.!?;:,]+(?:" + SEP + r"[^\s.!?;:,]+){0,3})"
            return _Item(gap, None, True, False)
        regex, first, literals = _word(text)
        return _Item(regex, first, False, False, literals)


def compile_phrasing(source: str, macros: Mapping[str, Macro]) -> tuple[str, First]:
    """One phrasing as a regex fragment (without the word boundaries) and its first words."""
    regex, first, *_ = compile_phrasing_index(source, macros)
    return regex, first


def compile_phrasing_index(
    source: str, macros: Mapping[str, Macro]
) -> tuple[str, First, First, tuple[frozenset[str], ...]]:
    """(regex, first words, words after the first required item, anchors) of one phrasing.

    The anchors are the first-word sets (``First`` keys) of the phrasing's required items:
    a text can only match if, for each anchor, one of its words occurs in it. The index uses
    them to skip a phrasing that starts with a common word ("the", "she") in a sentence that
    lacks its rarer words.
    """
    regex, entries = compile_phrasing_entries(source, macros)
    first: First = frozenset()
    for entry_first, *_ in entries:
        first = _union(first, entry_first)
    _, second, anchors = entries[0] if len(entries) == 1 else (None, None, ())
    return regex, first, second, tuple(anchors)


def compile_phrasing_entries(
    source: str, macros: Mapping[str, Macro]
) -> tuple[str, list[tuple[First, First, tuple[frozenset[str], ...]]]]:
    """A phrasing's regex and how to find it: (first words, words after the first required
    item, anchors) for each option of its leading group (or just one)."""
    parser = _Parser(source, macros)
    item = parser.alternatives("")
    if parser.pos != len(source):
        raise parser.error(f"unexpected {parser.peek()!r}")
    if item.optional:
        raise PatternError(f"phrasing can match nothing: {source!r}")
    entries = item.entries or [(item.first, item.second, item.anchors)]
    return item.regex, [
        (first, second, tuple(dict.fromkeys(a for a in anchors if a and a != first)))
        for first, second, anchors in entries
    ]


def builtin_macros() -> dict[str, Macro]:
    return {name: (regex, _BUILTIN_FIRST[name]) for name, regex in BUILTIN_MACROS.items()}


def compile_macros(raw: Mapping[str, str]) -> dict[str, Macro]:
    """A rule file's ``[macros]`` (phrasings) merged over the built-ins.

    A macro may use built-ins and macros defined before it in the table.
    """
    macros = builtin_macros()
    for name, source in raw.items():
        if not re.fullmatch(r"[A-Za-z_][\w-]*", name):
            raise PatternError(f"bad macro name {name!r}")
        macros[name] = compile_phrasing(source, macros)
    return macros


class LazyPattern:
    """A regex compiled on first use: a few hundred big phrasings take a second or two to
    compile, and most texts only ever need some of them."""

    __slots__ = ("_compiled", "source")

    def __init__(self, source: str) -> None:
        self.source = source
        self._compiled: re.Pattern[str] | None = None

    @property
    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            try:
                self._compiled = re.compile(self.source, re.IGNORECASE)
            except re.error:  # the parser validated it; never let a bug break a review
                self._compiled = re.compile("(?!)")
        return self._compiled

    def match(self, text: str, pos: int = 0) -> re.Match[str] | None:
        return self.compiled.match(text, pos)

    def finditer(
        self, text: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> Iterator[re.Match[str]]:
        return self.compiled.finditer(text, pos, endpos)


def bounded(regex: str) -> LazyPattern:
    """A phrasing's regex on word boundaries, case-insensitive, compiled on first use."""
    return LazyPattern(rf"(?<!\w)(?:{regex})(?!\w)")


def compile_phrasings(sources: list[str], macros: Mapping[str, Macro]) -> re.Pattern[str]:
    """Every phrasing as one case-insensitive pattern on word boundaries."""
    return bounded("|".join(compile_phrasing(s, macros)[0] for s in sources)).compiled
