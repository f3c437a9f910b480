"""Full-text search: what a person types, made into a safe FTS5 query; what a hit looks like.

Text typed by a person is never passed to MATCH as it is: FTS5 would read ``"``, ``*``,
``AND``, ``NEAR(``, ``-``, ``:``, ``^`` and ``{...}`` as query syntax (and fail on most of
them). ``match_expression`` splits the text at white space, drops chunks without a word,
quotes each chunk (doubling any ``"``) so FTS5 reads it as plain text, and puts a prefix star
on the last one so results follow as-you-type.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime

# The matched words in a snippet sit between these two characters; the UI turns them into
# bold (or drops them). Control characters, so they never occur in what people write.
MATCH_START = "\x02"
MATCH_END = "\x03"
ELLIPSIS = "…"

# The columns of the ``search`` table, in order, and the words for each in the UI.
FIELDS: tuple[str, ...] = (
    "name", "email", "role", "stage", "key_takeaways", "strengths", "growth_areas",
    "private_notes", "next_steps", "messages",
)  # fmt: skip
FIELD_LABELS: dict[str, str] = {
    "name": "Name",
    "email": "Email",
    "role": "Role",
    "stage": "Stage",
    "key_takeaways": "Key takeaways",
    "strengths": "Strengths",
    "growth_areas": "Growth areas",
    "private_notes": "Private notes",
    "next_steps": "Next steps",
    "messages": "Messages",
}
# bm25 weights, one per column: a hit in the name counts most.
WEIGHTS: tuple[float, ...] = (10.0, 6.0, 4.0, 3.0, 1.5, 1.0, 1.0, 1.0, 1.0, 0.75)

MAX_TERMS = 16
MAX_TERM_LENGTH = 64


def _has_word(chunk: str) -> bool:
    """Whether FTS5 could find a word in ``chunk`` (a letter, digit, private-use or
    not-yet-assigned character); one without any, like "-" or "🙂", would be an empty phrase."""
    return any(unicodedata.category(char)[0] in "LN" or unicodedata.category(char) in "CoCn"
               for char in chunk)  # fmt: skip


def terms(text: str) -> list[str]:
    """The chunks of ``text`` between white space that hold a word (at most 16).

    Each chunk is left for FTS5 to split into words inside its quotes, exactly as it split
    the debriefs' text ("o'connor" is the phrase "o connor"): splitting here by Python's
    Unicode tables could disagree with SQLite's on characters newer than SQLite's tables.
    """
    # Control characters, NUL above all (FTS5 reads the query as a C string), split too.
    text = "".join(" " if unicodedata.category(char) == "Cc" else char for char in text)
    chunks = unicodedata.normalize("NFC", text).split()
    return [chunk[:MAX_TERM_LENGTH] for chunk in chunks if _has_word(chunk)][:MAX_TERMS]


def _quoted(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def match_expression(text: str) -> str | None:
    """A MATCH expression finding rows with every word of ``text`` (the last one as a
    prefix); None when ``text`` has no word to look for."""
    words = terms(text)
    if not words:
        return None
    phrases = [_quoted(word) for word in words]
    phrases[-1] += "*"
    return " ".join(phrases)


@dataclass(frozen=True)
class SearchHit:
    """One debrief found by a search, best first.

    ``snippet`` is a few words around the match from ``field`` (a key of FIELD_LABELS), the
    matched words between MATCH_START and MATCH_END.
    """

    debrief_id: int
    candidate_id: int
    candidate_name: str
    role: str
    stage: str
    interview_at: datetime | None
    archived: bool
    snippet: str
    field: str

    @property
    def field_label(self) -> str:
        return FIELD_LABELS.get(self.field, self.field)

    @property
    def plain_snippet(self) -> str:
        return self.snippet.replace(MATCH_START, "").replace(MATCH_END, "")
