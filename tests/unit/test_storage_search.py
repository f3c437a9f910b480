"""Full-text search: safe queries from any text, accents, scripts, prefixes as you type,
snippets, ranking, and an index kept in step with every write."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from followup_desktop.domain.choices import MessageStatus, Outcome
from followup_desktop.domain.model import Candidate, Debrief, Decision, Interview, Message
from followup_desktop.storage import repository as repository_module
from followup_desktop.storage.fulltext import (
    MATCH_END,
    MATCH_START,
    match_expression,
    terms,
)
from followup_desktop.storage.repository import Repository

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
HYPOTHESIS = settings(
    deadline=None,
    max_examples=80,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def debrief(
    name: str,
    *,
    email: str = "",
    role: str = "Engineer",
    stage: str = "Onsite",
    notes: str = "",
    strengths: str = "",
    preferred: str = "",
    days_ago: int = 1,
) -> Debrief:
    return Debrief(
        started_at=NOW,
        candidate=Candidate(name, preferred, email),
        interview=Interview(role=role, stage=stage, at=NOW - timedelta(days=days_ago)),
        private_notes=notes,
        strengths=strengths,
    )


def save(repo: Repository, item: Debrief) -> int:
    saved = repo.save_debrief(item)
    assert saved.id is not None
    return saved.id


def names(repo: Repository, text: str) -> list[str]:
    return [hit.candidate_name for hit in repo.search(text)]


@pytest.fixture
def people(repo: Repository) -> dict[str, int]:
    return {
        "jose": save(repo, debrief("José García", email="jose.garcia@example.com")),
        "decomposed": save(repo, debrief("Rene\u0301e Dubois", notes="Prefers async reviews")),
        "zoe": save(repo, debrief("Zoë O'Connor", preferred="Zo", role="Data Scientist")),
        "arabic": save(repo, debrief("Layla Haddad", notes="قالت مرحبا بالفريق")),
        "hebrew": save(repo, debrief("Noa Levi", notes="שלום, תודה רבה על הראיון")),
        "cjk": save(repo, debrief("田中太郎", role="Product Designer")),
        "emoji": save(
            repo, debrief("Sam 🙂 Rivera", notes="Great energy 🚀 and R AND D background")
        ),
        "ana": save(repo, debrief("Ana Lima", notes="Led the payments rewrite", days_ago=3)),
        "near": save(repo, debrief("Kofi Mensah", notes="Lives near the office: NEAR(home)")),
    }


# -- the query a person types ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", []),
        ("   \t\n", []),
        ("jose", ["jose"]),
        ("  José  García ", ["José", "García"]),
        ("o'connor", ["o'connor"]),  # FTS5 reads the phrase "o connor" inside the quotes
        ('"quoted" *star*', ['"quoted"', "*star*"]),
        ("NEAR(a b) AND - c : d^", ["NEAR(a", "b)", "AND", "c", "d^"]),
        ("🙂 🚀 -- :", []),  # nothing FTS5 could find
        ("Rene\u0301e", ["Renée"]),  # composed first, as people expect
        ("\u0301", []),  # a combining mark alone is no word
        ("שלום עולם", ["שלום", "עולם"]),
        ("2k\U00042766", ["2k\U00042766"]),  # unassigned today: left to SQLite's tables
        ("ana\x00lima\x07", ["ana", "lima"]),  # control characters, NUL above all
    ],
)
def test_terms(text: str, words: list[str]) -> None:
    assert terms(text) == words


def test_match_expression_quotes_every_word() -> None:
    assert match_expression("") is None
    assert match_expression("-- ** ::") is None
    assert match_expression("Ana li") == '"Ana" "li"*'
    assert match_expression('a"b') == '"a""b"*'
    assert match_expression("NEAR(x") == '"NEAR(x"*'


def test_a_very_long_query_is_cut_short() -> None:
    assert len(terms(" ".join(f"w{n}" for n in range(100)))) == 16
    assert terms("x" * 500) == ["x" * 64]


# -- finding ------------------------------------------------------------------------------


def test_empty_and_wordless_queries_find_nothing(repo: Repository, people: dict[str, int]) -> None:
    for text in ("", "   ", "\n", "🙂", "🚀🚀", "***", '"', "-", ":", "()", "\u200f"):
        assert repo.search(text) == []


@pytest.mark.parametrize("text", ["jose", "JOSE", "José", "Jose\u0301", "garcia", "GARCÍA"])
def test_accents_and_case_do_not_matter(
    repo: Repository, people: dict[str, int], text: str
) -> None:
    assert names(repo, text) == ["José García"]


def test_decomposed_accents_in_the_text_are_found(repo: Repository, people: dict[str, int]) -> None:
    assert names(repo, "renee") == ["Rene\u0301e Dubois"]
    assert names(repo, "Renée") == ["Rene\u0301e Dubois"]


@pytest.mark.parametrize("typed", ["j", "jo", "jos", "jose", "jose g", "jose ga", "jose garc"])
def test_results_as_you_type(repo: Repository, people: dict[str, int], typed: str) -> None:
    assert "José García" in names(repo, typed)


def test_every_word_must_match(repo: Repository, people: dict[str, int]) -> None:
    assert names(repo, "ana payments") == ["Ana Lima"]
    assert names(repo, "ana designer") == []
    assert names(repo, "pay") == ["Ana Lima"]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ('"', []),
        ('"jose', ["José García"]),
        ('jose"', ["José García"]),
        ("jose*", ["José García"]),
        ("*jose", ["José García"]),
        ("jose AND", []),  # "and" is a word to find (here missing), not an operator
        ("AND jose", []),  # ... which José's debrief does not contain
        ("R AND D", ["Sam 🙂 Rivera"]),
        ("jose OR zoe", []),
        ("NOT jose", []),
        ("NEAR(", ["Kofi Mensah"]),
        ("NEAR(home", ["Kofi Mensah"]),
        ("near(home)", ["Kofi Mensah"]),
        ("-jose", ["José García"]),
        ("name:jose", []),  # no column syntax: "name" is a word
        ("{name}: jose", []),
        ("^jose", ["José García"]),
        ("jose.garcia@example.com", ["José García"]),
        ("jose.garcia@", ["José García"]),
        ("o'connor", ["Zoë O'Connor"]),
        ("zoe", ["Zoë O'Connor"]),
        ("zo", ["Zoë O'Connor"]),
        ("'; DROP TABLE debriefs; --", []),
        ("%", []),
        ("_", []),
        ("\\", []),
    ],
)
def test_query_syntax_is_plain_text(
    repo: Repository, people: dict[str, int], text: str, found: list[str]
) -> None:
    assert names(repo, text) == found
    assert repo.count_debriefs() == len(people)


def test_right_to_left_scripts(repo: Repository, people: dict[str, int]) -> None:
    assert names(repo, "مرحبا") == ["Layla Haddad"]
    assert names(repo, "שלום") == ["Noa Levi"]
    assert names(repo, "תוד") == ["Noa Levi"]  # a prefix, typed right to left
    marked = "\u200f" + "שלום" + "\u200f"
    assert names(repo, marked) == ["Noa Levi"]  # with right-to-left marks around it


def test_cjk_and_emoji(repo: Repository, people: dict[str, int]) -> None:
    assert names(repo, "田中") == ["田中太郎"]  # unicode61 keeps a CJK run as one word
    assert names(repo, "🙂 rivera") == ["Sam 🙂 Rivera"]  # the emoji is no word, the name is
    assert names(repo, "energy 🚀") == ["Sam 🙂 Rivera"]


@given(text=st.text(max_size=40))
@HYPOTHESIS
def test_any_text_is_a_safe_query(repo: Repository, text: str) -> None:
    if not repo.count_debriefs():
        save(repo, debrief("Ana Lima", notes='Quotes " and stars * and NEAR( and -dashes'))
    hits = repo.search(text)
    assert isinstance(hits, list)


# -- what a hit shows ---------------------------------------------------------------------


def test_snippet_marks_the_match_and_names_the_field(
    repo: Repository, people: dict[str, int]
) -> None:
    (hit,) = repo.search("paym")
    assert hit.debrief_id == people["ana"]
    assert hit.field == "private_notes"
    assert hit.field_label == "Private notes"
    assert f"{MATCH_START}payments{MATCH_END}" in hit.snippet
    assert hit.plain_snippet == "Led the payments rewrite"
    assert hit.candidate_name == "Ana Lima"
    assert (hit.role, hit.stage, hit.archived) == ("Engineer", "Onsite", False)
    assert hit.interview_at == NOW - timedelta(days=3)
    assert hit.candidate_id > 0
    (by_name,) = repo.search("lima")
    assert by_name.field == "name"
    assert f"{MATCH_START}Lima{MATCH_END}" in by_name.snippet


def test_the_text_fields_snippet_is_preferred_to_the_name(repo: Repository) -> None:
    save(repo, debrief("Grace Hopper", notes="Grace under pressure during the outage"))
    (hit,) = repo.search("grace")
    assert hit.field == "private_notes"


def test_a_name_match_ranks_above_a_notes_match(repo: Repository) -> None:
    save(repo, debrief("Ada Byron", notes="Mentioned working with Lovelace's notes", days_ago=1))
    save(repo, debrief("Ada Lovelace", notes="Strong on analysis", days_ago=9))
    assert names(repo, "lovelace") == ["Ada Lovelace", "Ada Byron"]


def test_paging(repo: Repository) -> None:
    for n in range(7):
        save(repo, debrief(f"Candidate {n}", notes="common words here", days_ago=n + 1))
    whole = repo.search("common")
    assert len(whole) == 7
    pages = [repo.search("common", limit=3, offset=n) for n in (0, 3, 6)]
    assert [hit for page in pages for hit in page] == whole
    assert repo.search("common", limit=0) == []


def test_only_the_newest_matches_are_ranked_when_very_many_match(
    repo: Repository, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(repository_module, "RANK_WINDOW", 3)
    ids = [save(repo, debrief(f"Person {n}", notes="shared word")) for n in range(6)]
    assert sorted(hit.debrief_id for hit in repo.search("shared")) == ids[-3:]
    assert len(repo.search("person 1")) == 1  # fewer matches than the window: all ranked


# -- the index follows every write --------------------------------------------------------


def test_edits_messages_archive_and_delete_are_followed(repo: Repository) -> None:
    debrief_id = save(repo, debrief("Ana Lima", notes="Talked about kubernetes"))
    assert names(repo, "kubernetes") == ["Ana Lima"]
    repo.save_debrief(
        dataclasses.replace(debrief("Ana Lima", notes="Talked about terraform"), id=debrief_id)
    )
    assert names(repo, "kubernetes") == []
    assert names(repo, "terraform") == ["Ana Lima"]

    message = repo.save_message(
        Message(debrief_id, "advance", "Next steps: pairing", "Hi Ana, let us pair", NOW)
    )
    (hit,) = repo.search("pairing")
    assert hit.field == "messages"
    repo.save_message(dataclasses.replace(message, subject="Next steps", body="Hi Ana, call"))
    assert names(repo, "pairing") == []
    assert names(repo, "call") == ["Ana Lima"]

    repo.set_archived(debrief_id, True)
    (archived,) = repo.search("terraform")
    assert archived.archived
    repo.set_archived(debrief_id, False)

    repo.delete_debrief(debrief_id)
    assert repo.search("terraform") == []
    assert repo.search("ana") == []
    assert repo.check_search()


def test_bulk_import_is_searchable(repo: Repository) -> None:
    ids = repo.import_debriefs(
        [
            (debrief("Bulk One", notes="alpha"), [Message(0, "t", "Subject beta", "gamma", NOW)]),
            (debrief("Bulk Two", notes="delta"), []),
        ]
    )
    assert [hit.debrief_id for hit in repo.search("beta")] == [ids[0]]
    assert [hit.debrief_id for hit in repo.search("delta")] == [ids[1]]
    assert repo.check_search()


def test_a_broken_index_is_noticed_and_rebuilt(repo: Repository) -> None:
    debrief_id = save(repo, debrief("Ana Lima", notes="original words"))
    conn = repo._conn  # simulate a write that bypassed the repository
    conn.execute("UPDATE debriefs SET private_notes = 'other words' WHERE id = ?", (debrief_id,))
    assert not repo.check_search()
    repo.rebuild_search()
    assert repo.check_search()
    assert names(repo, "other") == ["Ana Lima"]


operations = st.lists(
    st.tuples(
        st.sampled_from(["add", "edit", "message", "edit_message", "delete", "archive"]),
        st.integers(min_value=0, max_value=5),
        st.text(max_size=30),
    ),
    max_size=14,
)


@given(steps=operations)
@HYPOTHESIS
def test_index_agrees_with_the_data_after_any_writes(
    repo: Repository, steps: list[tuple[str, int, str]]
) -> None:
    for action, pick, text in steps:
        ids = [row.id for row in repo.list_summaries(show="all")] + [
            row.id for row in repo.list_summaries(show="archived")
        ]
        target = ids[pick % len(ids)] if ids else None
        if action == "add" or target is None:
            save(repo, debrief(text, notes=text, email=f"{text[:3]}@x"))
        elif action == "edit":
            old = repo.get_debrief(target)
            repo.save_debrief(old.with_candidate(name=text).with_decision(outcome=Outcome.REJECT))
        elif action == "message":
            repo.save_message(Message(target, "t", text, text * 2, NOW))
        elif action == "edit_message":
            messages = repo.messages_for(target)
            if messages:
                repo.save_message(
                    dataclasses.replace(messages[-1], body=text, status=MessageStatus.SENT)
                )
        elif action == "delete":
            repo.delete_debrief(target)
        else:
            repo.set_archived(target, pick % 2 == 0)
    assert repo.check_search()
    for row in repo.list_summaries(show="all"):
        name = repo.get_debrief(row.id).candidate.name
        if terms(name):
            assert row.id in {hit.debrief_id for hit in repo.search(name, limit=1000)}


def test_decision_changes_do_not_touch_the_index(repo: Repository) -> None:
    debrief_id = save(repo, debrief("Ana Lima"))
    saved = repo.get_debrief(debrief_id)
    repo.save_debrief(dataclasses.replace(saved, decision=Decision(outcome=Outcome.OFFER)))
    assert repo.check_search()
    assert names(repo, "ana") == ["Ana Lima"]
