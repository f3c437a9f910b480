"""Candidates: matched by email across debriefs, kept across saves, history, merge, duplicates."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from followup_desktop.domain.candidates import email_key, name_key
from followup_desktop.domain.choices import MessageStatus, Outcome
from followup_desktop.domain.model import Candidate, Debrief, Decision, Interview, Message
from followup_desktop.storage.repository import NotFound, Repository

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def new(
    repo: Repository,
    name: str,
    email: str = "",
    *,
    days_ago: int = 1,
    stage: str = "Phone screen",
    outcome: Outcome = Outcome.UNDECIDED,
) -> Debrief:
    return repo.save_debrief(
        Debrief(
            started_at=NOW - timedelta(days=days_ago),
            candidate=Candidate(name, email=email),
            interview=Interview(role="Engineer", stage=stage, at=NOW - timedelta(days=days_ago)),
            decision=Decision(outcome=outcome),
        )
    )


def candidate_of(repo: Repository, debrief: Debrief) -> int:
    assert debrief.id is not None
    return repo.summary(debrief.id).candidate_id


def count_candidates(repo: Repository) -> int:
    return int(repo._conn.execute("SELECT count(*) FROM candidates").fetchone()[0])


# -- keys -----------------------------------------------------------------------------------


def test_keys() -> None:
    assert email_key("  Ana@Example.COM ") == "ana@example.com"
    assert email_key("ÉVA@X.ORG") == "Éva@x.org"  # only ASCII, as SQLite's lower()
    assert name_key("  JOSÉ   garcía ") == name_key("José García") == "josé garcía"
    assert name_key("Jose\u0301 Garci\u0301a") == "josé garcía"  # composition aside
    assert name_key("") == ""


# -- matching -------------------------------------------------------------------------------


def test_same_email_any_case_and_spaces_is_one_candidate(repo: Repository) -> None:
    first = new(repo, "Ana Lima", "ana@example.com", days_ago=20)
    second = new(repo, "Ana Lima", "  ANA@Example.com ", days_ago=3, stage="Onsite")
    other = new(repo, "Ana Lima", "ana.lima@other.example")
    assert candidate_of(repo, first) == candidate_of(repo, second)
    assert candidate_of(repo, other) != candidate_of(repo, first)
    assert count_candidates(repo) == 2
    record = repo.candidate(candidate_of(repo, first))
    assert record.email == "ana@example.com"  # as first typed
    assert [d.id for d in record.debriefs] == [second.id, first.id]  # newest first
    # Each debrief keeps the address as written there.
    assert repo.get_debrief(second.id or 0).candidate.email == "  ANA@Example.com "


def test_no_email_is_a_candidate_of_its_own_kept_across_saves(repo: Repository) -> None:
    one = new(repo, "Ana Lima")
    two = new(repo, "Ana Lima")
    assert candidate_of(repo, one) != candidate_of(repo, two)
    before = candidate_of(repo, one)
    repo.save_debrief(one.with_candidate(name="Ana M. Lima"))
    repo.save_debrief(one.with_candidate(name="Ana Maria Lima", preferred_name="Mia"))
    assert candidate_of(repo, one) == before
    record = repo.candidate(before)
    assert (record.name, record.preferred_name) == ("Ana Maria Lima", "Mia")


def test_typing_an_email_keeps_one_candidate(repo: Repository) -> None:
    debrief = new(repo, "Ben Okoro")
    first = candidate_of(repo, debrief)
    for typed in ("b", "be", "ben@", "ben@example.org"):
        debrief = repo.save_debrief(debrief.with_candidate(email=typed))
    assert candidate_of(repo, debrief) == first
    assert repo.candidate(first).email == "ben@example.org"
    assert count_candidates(repo) == 1


def test_a_changed_email_relinks_and_leaves_no_orphan(repo: Repository) -> None:
    ana = new(repo, "Ana Lima", "ana@example.com", days_ago=9)
    typo = new(repo, "Ana Lima", "anna@example.com")
    assert count_candidates(repo) == 2
    repo.save_debrief(typo.with_candidate(email="ana@example.com"))
    assert candidate_of(repo, typo) == candidate_of(repo, ana)
    assert count_candidates(repo) == 1  # the typo's candidate had nothing else: removed


def test_a_shared_candidate_is_not_renamed_by_another_address(repo: Repository) -> None:
    first = new(repo, "Ana Lima", "ana@example.com", days_ago=9)
    second = new(repo, "Ana Lima", "ana@example.com")
    moved = repo.save_debrief(second.with_candidate(email="ana@new.example"))
    assert candidate_of(repo, moved) != candidate_of(repo, first)
    assert repo.candidate(candidate_of(repo, first)).email == "ana@example.com"
    assert repo.candidate(candidate_of(repo, moved)).email == "ana@new.example"


def test_removing_the_email(repo: Repository) -> None:
    alone = new(repo, "Cleo Park", "cleo@example.com")
    candidate = candidate_of(repo, alone)
    repo.save_debrief(alone.with_candidate(email=""))
    assert candidate_of(repo, alone) == candidate  # its own: the address is just cleared
    assert repo.candidate(candidate).email == ""
    shared = new(repo, "Dev Rao", "dev@example.com", days_ago=5)
    again = new(repo, "Dev Rao", "dev@example.com")
    repo.save_debrief(again.with_candidate(email=""))
    assert candidate_of(repo, again) != candidate_of(repo, shared)


def test_bulk_import_matches_within_and_across_batches(repo: Repository) -> None:
    first = new(repo, "Eve Adams", "eve@example.com", days_ago=30)
    ids = repo.import_debriefs(
        [
            (Debrief(started_at=NOW, candidate=Candidate("Eve Adams", "", "EVE@example.com")), []),
            (Debrief(started_at=NOW, candidate=Candidate("Finn Gray", "", "finn@x.org")), []),
            (Debrief(started_at=NOW, candidate=Candidate("Finn Gray", "", "finn@x.org ")), []),
            (Debrief(started_at=NOW, candidate=Candidate("No Address")), []),
        ]
    )
    assert repo.summary(ids[0]).candidate_id == candidate_of(repo, first)
    assert repo.summary(ids[1]).candidate_id == repo.summary(ids[2]).candidate_id
    assert count_candidates(repo) == 3


# -- history --------------------------------------------------------------------------------


def test_candidate_history_lists_sent_and_copied_messages_newest_first(repo: Repository) -> None:
    old = new(repo, "Ana Lima", "ana@example.com", days_ago=20, outcome=Outcome.ADVANCE)
    recent = new(repo, "Ana Lima", "ana@example.com", days_ago=2, outcome=Outcome.REJECT)
    assert old.id is not None and recent.id is not None

    def message(debrief_id: int, status: MessageStatus, day: int, subject: str) -> Message:
        when = NOW - timedelta(days=day)
        return repo.save_message(
            Message(debrief_id, "t", subject, "body", when, status=status,
                    copied_at=when if status is not MessageStatus.DRAFT else None,
                    sent_at=when if status is MessageStatus.SENT else None)
        )  # fmt: skip

    message(old.id, MessageStatus.SENT, 19, "Next steps")
    message(recent.id, MessageStatus.COPIED, 1, "Your application")
    message(recent.id, MessageStatus.DRAFT, 0, "Never sent")
    record = repo.candidate(candidate_of(repo, old))
    assert (record.name, record.email) == ("Ana Lima", "ana@example.com")
    assert [d.id for d in record.debriefs] == [recent.id, old.id]
    assert [(d_id, m.subject) for d_id, m in record.messages] == [
        (recent.id, "Your application"),
        (old.id, "Next steps"),
    ]
    assert record.debriefs[1].due_text(NOW.date()).startswith("Sent")


def test_unknown_candidate(repo: Repository) -> None:
    with pytest.raises(NotFound):
        repo.candidate(999)


def test_deleting_the_last_debrief_removes_the_candidate(repo: Repository) -> None:
    one = new(repo, "Gil Hart", "gil@example.com", days_ago=4)
    two = new(repo, "Gil Hart", "gil@example.com")
    candidate = candidate_of(repo, one)
    repo.delete_debrief(two.id or 0)
    assert [d.id for d in repo.candidate(candidate).debriefs] == [one.id]
    repo.delete_debrief(one.id or 0)
    with pytest.raises(NotFound):
        repo.candidate(candidate)
    assert count_candidates(repo) == 0
    repo.delete_debrief(one.id or 0)  # already gone: nothing happens


# -- duplicates and merging ----------------------------------------------------------------


def test_duplicates_by_name_and_merge(repo: Repository) -> None:
    first = new(repo, "Ana Lima", "ana@example.com", days_ago=20, outcome=Outcome.REJECT)
    assert first.id is not None
    repo.save_message(
        Message(first.id, "reject", "Your application", "b", NOW, status=MessageStatus.SENT,
                sent_at=NOW - timedelta(days=19))
    )  # fmt: skip
    new(repo, "Ana Lima", "ANA@example.com ", days_ago=3)
    other = new(repo, "  ana   LIMA", "ana.lima@other.example")
    new(repo, "Ben Okoro", "ben@example.com")
    keep, merge = candidate_of(repo, first), candidate_of(repo, other)

    pairs = repo.duplicate_candidates()
    assert [(a.id, b.id) for a, b in pairs] == [(keep, merge)]
    a, b = pairs[0]
    assert (len(a.debriefs), len(b.debriefs)) == (2, 1)
    assert [(x.id, y.id) for x, y in repo.duplicate_candidates(of=merge)] == [(merge, keep)]
    assert repo.duplicate_candidates(of=candidate_of(repo, first), limit=0) == []

    repo.merge_candidates(keep, merge)
    record = repo.candidate(keep)
    assert len(record.debriefs) == 3
    assert len(record.messages) == 1
    assert record.email == "ana@example.com"  # the kept one's address
    assert record.name == "Ana Lima"
    with pytest.raises(NotFound):
        repo.candidate(merge)
    assert repo.duplicate_candidates() == []
    # The merged debrief keeps its own address and stays with the candidate when saved again.
    moved = repo.get_debrief(other.id or 0)
    assert moved.candidate.email == "ana.lima@other.example"
    repo.save_debrief(moved.with_candidate(name="Ana Lima"))
    assert candidate_of(repo, moved) == keep


def test_merge_takes_the_other_address_when_the_kept_one_has_none(repo: Repository) -> None:
    keep = candidate_of(repo, new(repo, "Cleo Park"))
    merge = candidate_of(repo, new(repo, "Cleo Park", "cleo@example.com"))
    repo.merge_candidates(keep, merge)
    assert repo.candidate(keep).email == "cleo@example.com"
    later = new(repo, "Cleo Park", "CLEO@example.com")
    assert candidate_of(repo, later) == keep


def test_merge_refuses_itself_and_unknown_ids(repo: Repository) -> None:
    keep = candidate_of(repo, new(repo, "Dana Cole", "dana@example.com"))
    with pytest.raises(ValueError, match="itself"):
        repo.merge_candidates(keep, keep)
    with pytest.raises(NotFound):
        repo.merge_candidates(keep, 999)
    with pytest.raises(NotFound):
        repo.merge_candidates(999, keep)
    assert len(repo.candidate(keep).debriefs) == 1


def test_duplicates_need_a_name_and_list_every_pair(repo: Repository) -> None:
    new(repo, "", "a@example.com")
    new(repo, "", "b@example.com")
    ids = [candidate_of(repo, new(repo, "Sam Lee", f"sam{n}@example.com")) for n in range(3)]
    pairs = [(a.id, b.id) for a, b in repo.duplicate_candidates()]
    assert pairs == [(ids[0], ids[1]), (ids[0], ids[2]), (ids[1], ids[2])]
    assert len(repo.duplicate_candidates(limit=2)) == 2
    assert [b.id for _, b in repo.duplicate_candidates(of=ids[1])] == [ids[0], ids[2]]


emails = st.sampled_from(["", "a@x.org", "A@X.org ", "b@x.org", " b@X.ORG", "c@x.org"])


@given(steps=st.lists(st.tuples(st.integers(0, 4), emails), min_size=1, max_size=15))
@settings(
    deadline=None,
    max_examples=60,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_candidates_stay_consistent(repo: Repository, steps: list[tuple[int, str]]) -> None:
    """After any saves: one candidate per address, no candidate without a debrief, every
    debrief with an address linked to the candidate holding it."""
    for pick, email in steps:
        ids = [row.id for row in repo.list_summaries(show="all")]
        if pick >= len(ids):
            new(repo, "Pat Doe", email)
        else:
            repo.save_debrief(repo.get_debrief(ids[pick]).with_candidate(email=email))
    conn = repo._conn
    orphans = conn.execute(
        "SELECT count(*) FROM candidates c WHERE NOT EXISTS"
        " (SELECT 1 FROM debriefs d WHERE d.candidate_id = c.id)"
    ).fetchone()[0]
    assert orphans == 0
    for row in repo.list_summaries(show="all"):
        address = email_key(row.email)
        holder = repo.candidate(row.candidate_id)
        if address:
            assert email_key(holder.email) == address
    keys = [email_key(r[0]) for r in conn.execute("SELECT email FROM candidates WHERE email != ''")]
    assert len(keys) == len(set(keys))
    unlinked = conn.execute("SELECT count(*) FROM debriefs WHERE candidate_id IS NULL")
    assert unlinked.fetchone()[0] == 0
