"""The only code that speaks SQL: rows in, dataclasses out.

Datetimes are stored as ISO 8601 in UTC (so text order is time order) and come back as
aware datetimes in local time; dates as ISO dates.

Every debrief row also stores its follow-up state and due date (``follow_up_state``,
``due_on``, ``state_changed_at``, ``last_sent_at``), computed by ``domain.followups`` with
the repository's ``timeline``, and its candidate (``candidate_id``). Each write below keeps
them, and the full-text index, in step in the same transaction, so Home reads one index
range and never computes a due date for rows it does not show.

Every committed write calls ``on_change`` (when set) after its commit: the app's backup
scheduler listens there. Preferences (window state) are not the interviewer's work and do
not call it.

The ``search`` FTS5 table uses external content (the ``search_source`` view over debriefs
and their messages): the text is stored once, and ``snippet()`` can still show it. FTS5
cannot see changes to that content by itself, so every write that changes a debrief or a
message re-indexes that debrief, deleting the old entry with the values read from the view
*before* the change (``_search_row`` then ``_reindex``).

The debrief's dataclasses (``domain.model``, ``domain.candidates``) are imported by the methods
that build them: Home's first screen reads summaries only, and start-up does not pay for them.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, get_args

from followup_desktop.domain.choices import InterviewFormat, MessageStatus, Outcome, Rating, Step
from followup_desktop.domain.followups import (
    DebriefSummary,
    FollowUp,
    FollowUpState,
    MessageEvent,
    follow_up,
)
from followup_desktop.domain.timeline import Timeline
from followup_desktop.files import write_atomic
from followup_desktop.settings import Settings
from followup_desktop.storage import insights_rows
from followup_desktop.storage.database import transaction, translated
from followup_desktop.storage.errors import DatabaseCorrupt
from followup_desktop.storage.fulltext import (
    ELLIPSIS,
    FIELDS,
    MATCH_END,
    MATCH_START,
    WEIGHTS,
    SearchHit,
    match_expression,
)

if TYPE_CHECKING:
    from followup_desktop.domain.candidates import CandidateInfo, CandidateRecord, ExpiredCandidate
    from followup_desktop.domain.model import Candidate, Competency, Debrief, Message

Clock = Callable[[], datetime]
Show = Literal["open", "all", "sent", "archived"]
SHOWS: tuple[str, ...] = get_args(Show)


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _dt_out(value: datetime | None) -> str | None:
    return None if value is None else value.astimezone(UTC).isoformat()


def _dt_in(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value).astimezone()


def _date_out(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _date_in(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def _local(value: datetime | None) -> datetime | None:
    """The same moment in local time: due dates count from local dates, whatever the zone
    the caller's datetime was in (the same dates as after a round trip through the file)."""
    return None if value is None else value.astimezone()


_DEBRIEF_COLUMNS = (
    "candidate_name", "preferred_name", "email", "role", "stage", "interview_at", "format",
    "interviewer", "key_takeaways", "strengths", "growth_areas", "private_notes", "outcome",
    "next_steps", "next_step_date", "share_feedback", "invite_reapply", "offer_start_date",
    "offer_manager", "step", "started_at", "completed_at", "updated_at",
)  # fmt: skip
# Kept by the repository from the rules, never written by a caller.
_DERIVED_COLUMNS = (
    "candidate_id", "follow_up_state", "due_on", "state_changed_at", "last_sent_at",
)  # fmt: skip
_ALL_COLUMNS = _DEBRIEF_COLUMNS + _DERIVED_COLUMNS

_SUMMARY_COLUMNS = (
    "id, candidate_id, candidate_name, email, role, stage, outcome, interview_at, due_on,"
    " follow_up_state, state_changed_at, last_sent_at, archived_at IS NOT NULL AS archived"
)
# Word for word the WHERE clauses of the partial indexes made by migration v2, so SQLite
# reads each list as one index range in display order (no sort, no full scan).
_WHERE: dict[str, str] = {
    "open": "archived_at IS NULL AND follow_up_state != 'sent'",
    "sent": "archived_at IS NULL AND follow_up_state = 'sent'",
    "archived": "archived_at IS NOT NULL",
}
_ORDER: dict[str, str] = {
    "open": "due_on IS NULL, due_on, id",  # overdue first, then soonest due; undated last
    "sent": "last_sent_at DESC, id DESC",
    "archived": "archived_at DESC, id DESC",
}
# Rows known to have a due date: "(due_on IS NULL) = 0" pins the index's first column, and
# the order must then leave that column out, or SQLite sorts (EXPLAIN QUERY PLAN shows it).
_DATED = " AND (due_on IS NULL) = 0"
_DATED_ORDER = "due_on, id"

_SEARCH_COLUMNS = ", ".join(FIELDS)
_RANK = "bm25(" + ", ".join(str(weight) for weight in WEIGHTS) + ")"
SNIPPET_TOKENS = 12
# Which field's snippet a hit shows when several match: the texts first, since the row
# already shows the name, role and stage.
_SNIPPET_PREFERENCE = (
    "key_takeaways", "strengths", "growth_areas", "private_notes", "next_steps", "messages",
    "email", "name", "role", "stage",
)  # fmt: skip
# bm25 is computed for every match before the best are known: for a common word or a first
# letter (most of 100,000 debriefs) that is 100+ ms. So a search ranks the newest
# RANK_WINDOW matches only; typing on narrows the matches to fewer than that.
RANK_WINDOW = 2000
REMINDERS_LIMIT = 50
RESCHEDULE_BATCH = 5000


class NotFound(LookupError):
    """No row with that id (it was deleted, perhaps in another window)."""


class Repository:
    """Reads and writes debriefs, candidates, messages and settings in one open database.

    ``timeline`` is the deadlines the stored due dates were computed with; by default the one
    of the settings saved in the database. ``save_settings`` with different deadlines
    recomputes the open due dates in the same transaction (see ``reschedule``).

    ``on_change`` (settable later too) is called after every committed write: debriefs,
    messages, archive, delete, merge, purge, settings, due dates, the search index.
    """

    def __init__(
        self,
        conn: sqlite3.Connection,
        path: Path,
        clock: Clock = _utc_now,
        *,
        timeline: Timeline | None = None,
        on_change: Callable[[], None] | None = None,
    ) -> None:
        self._conn = conn
        self._path = path
        self._clock = clock
        self._timeline = timeline  # None: read from the saved settings on first use
        self.on_change = on_change
        conn.row_factory = sqlite3.Row

    @property
    def path(self) -> Path:
        return self._path

    @property
    def connection(self) -> sqlite3.Connection:
        """The open connection (for a backup on this thread: ``backups.make_backup``)."""
        return self._conn

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; ``on_change`` once it is committed."""
        with transaction(self._conn, self._path) as conn:
            yield conn
        if self.on_change is not None:
            self.on_change()

    @property
    def timeline(self) -> Timeline:
        if self._timeline is None:
            self._timeline = self.load_settings().timeline
        return self._timeline

    def close(self) -> None:
        self._conn.close()

    # -- debriefs -------------------------------------------------------------------------

    def save_debrief(self, debrief: Debrief) -> Debrief:
        """Insert a new debrief or replace a saved one, scorecard included; return it with id.

        Links it to its candidate: the one with the same email address (trimmed, any ASCII
        case), else the one it had (kept across saves while the address does not change),
        else a new one. A candidate left without debriefs is removed.
        """
        now = _dt_out(self._clock())
        with self._write() as conn:
            if debrief.id is None:
                return replace(debrief, id=self._insert(conn, debrief, (), now))
            row = conn.execute(
                "SELECT candidate_id, email FROM debriefs WHERE id = ?", (debrief.id,)
            ).fetchone()
            if row is None:
                raise NotFound(f"debrief {debrief.id} does not exist")
            before = self._search_row(conn, debrief.id)
            candidate_id = self._link_candidate(
                conn,
                debrief.candidate,
                debrief_id=debrief.id,
                current=row["candidate_id"],
                old_email=row["email"],
                now=now,
            )
            result = self._follow_up(debrief, self._events(conn, debrief.id))
            assignments = ", ".join(f"{name} = ?" for name in _ALL_COLUMNS)
            conn.execute(
                f"UPDATE debriefs SET {assignments} WHERE id = ?",
                (
                    *self._debrief_values(debrief, now),
                    candidate_id,
                    *_derived_values(result),
                    debrief.id,
                ),
            )
            conn.execute("DELETE FROM competencies WHERE debrief_id = ?", (debrief.id,))
            self._insert_scorecard(conn, debrief.id, debrief.competencies)
            self._reindex(conn, debrief.id, before)
            if row["candidate_id"] != candidate_id:
                self._drop_if_unused(conn, row["candidate_id"])
        return debrief

    def add_debriefs(self, debriefs: Iterable[Debrief]) -> int:
        """Insert many new debriefs in one transaction; return how many."""
        return len(self.import_debriefs((debrief, ()) for debrief in debriefs))

    def import_debriefs(self, items: Iterable[tuple[Debrief, Sequence[Message]]]) -> list[int]:
        """Insert many new debriefs, each with its messages, in one transaction (candidates,
        follow-up state and search index included); return their ids in order.

        The messages' ``debrief_id`` and ``id`` are ignored; a message without ``outcome``
        is taken as written for its debrief's outcome.
        """
        now = _dt_out(self._clock())
        with self._write() as conn:
            return [self._insert(conn, debrief, messages, now) for debrief, messages in items]

    def _insert(
        self,
        conn: sqlite3.Connection,
        debrief: Debrief,
        messages: Sequence[Message],
        now: str | None,
    ) -> int:
        candidate_id = self._link_candidate(
            conn, debrief.candidate, debrief_id=None, current=None, old_email=None, now=now
        )
        outcome = debrief.decision.outcome
        messages = [m if m.outcome is not None else replace(m, outcome=outcome) for m in messages]
        result = self._follow_up(debrief, [_event(message) for message in messages])
        cursor = conn.execute(
            f"INSERT INTO debriefs ({', '.join(_ALL_COLUMNS)})"
            f" VALUES ({', '.join('?' for _ in _ALL_COLUMNS)})",
            (*self._debrief_values(debrief, now), candidate_id, *_derived_values(result)),
        )
        debrief_id = cursor.lastrowid
        assert debrief_id is not None
        self._insert_scorecard(conn, debrief_id, debrief.competencies)
        for message in messages:
            self._insert_message(conn, replace(message, debrief_id=debrief_id))
        conn.execute(
            f"INSERT INTO search (rowid, {_SEARCH_COLUMNS})"
            f" SELECT id, {_SEARCH_COLUMNS} FROM search_source WHERE id = ?",
            (debrief_id,),
        )
        return debrief_id

    @staticmethod
    def _insert_scorecard(
        conn: sqlite3.Connection, debrief_id: int, competencies: Iterable[Competency]
    ) -> None:
        conn.executemany(
            "INSERT INTO competencies (debrief_id, position, name, rating, evidence)"
            " VALUES (?, ?, ?, ?, ?)",
            [
                (debrief_id, position, item.name, item.rating.value, item.evidence)
                for position, item in enumerate(competencies)
            ],
        )

    @staticmethod
    def _debrief_values(debrief: Debrief, now: str | None) -> tuple[Any, ...]:
        c, i, d = debrief.candidate, debrief.interview, debrief.decision
        return (
            c.name, c.preferred_name, c.email, i.role, i.stage, _dt_out(i.at), i.format.value,
            i.interviewer, debrief.key_takeaways, debrief.strengths, debrief.growth_areas,
            debrief.private_notes, d.outcome.value, d.next_steps, _date_out(d.next_step_date),
            int(d.share_feedback), int(d.invite_reapply), _date_out(d.offer_start_date),
            d.offer_manager, debrief.step.value, _dt_out(debrief.started_at),
            _dt_out(debrief.completed_at), now,
        )  # fmt: skip

    def get_debrief(self, debrief_id: int) -> Debrief:
        with translated(self._path):
            row = self._conn.execute(
                "SELECT * FROM debriefs WHERE id = ?", (debrief_id,)
            ).fetchone()
            if row is None:
                raise NotFound(f"debrief {debrief_id} does not exist")
            scorecard = self._conn.execute(
                "SELECT name, rating, evidence FROM competencies"
                " WHERE debrief_id = ? ORDER BY position",
                (debrief_id,),
            ).fetchall()
        from followup_desktop.domain.model import (
            Candidate,
            Competency,
            Debrief,
            Decision,
            Interview,
        )

        started_at = _dt_in(row["started_at"])
        assert started_at is not None
        return Debrief(
            id=row["id"],
            started_at=started_at,
            candidate=Candidate(row["candidate_name"], row["preferred_name"], row["email"]),
            interview=Interview(
                role=row["role"],
                stage=row["stage"],
                at=_dt_in(row["interview_at"]),
                format=InterviewFormat(row["format"]),
                interviewer=row["interviewer"],
            ),
            competencies=tuple(
                Competency(item["name"], Rating(item["rating"]), item["evidence"])
                for item in scorecard
            ),
            key_takeaways=row["key_takeaways"],
            strengths=row["strengths"],
            growth_areas=row["growth_areas"],
            private_notes=row["private_notes"],
            decision=Decision(
                outcome=Outcome(row["outcome"]),
                next_steps=row["next_steps"],
                next_step_date=_date_in(row["next_step_date"]),
                share_feedback=bool(row["share_feedback"]),
                invite_reapply=bool(row["invite_reapply"]),
                offer_start_date=_date_in(row["offer_start_date"]),
                offer_manager=row["offer_manager"],
            ),
            step=Step(row["step"]),
            completed_at=_dt_in(row["completed_at"]),
        )

    def delete_debrief(self, debrief_id: int) -> None:
        """Delete a debrief with its scorecard, messages and search entry; its candidate too
        when no other debrief is theirs. Deleting a missing debrief does nothing."""
        with self._write() as conn:
            row = conn.execute(
                "SELECT candidate_id FROM debriefs WHERE id = ?", (debrief_id,)
            ).fetchone()
            if row is None:
                return
            self._reindex(conn, debrief_id, self._search_row(conn, debrief_id), gone=True)
            conn.execute("DELETE FROM debriefs WHERE id = ?", (debrief_id,))
            self._drop_if_unused(conn, row["candidate_id"])

    def set_archived(self, debrief_id: int, archived: bool) -> None:
        """Archive a debrief (off the to-do list, reminders and calendar; still searchable
        and listed under "archived"), or bring it back with its due date brought up to date."""
        with self._write() as conn:
            cursor = conn.execute(
                "UPDATE debriefs SET archived_at = CASE WHEN ? THEN coalesce(archived_at, ?)"
                " END WHERE id = ?",
                (int(archived), _dt_out(self._clock()), debrief_id),
            )
            if cursor.rowcount != 1:
                raise NotFound(f"debrief {debrief_id} does not exist")
            if not archived:
                self._refresh(conn, debrief_id)

    def count_debriefs(self) -> int:
        with translated(self._path):
            return int(self._conn.execute("SELECT count(*) FROM debriefs").fetchone()[0])

    def roles(self) -> list[str]:
        """Roles used before, most recent first: suggestions for a new debrief."""
        with translated(self._path):
            rows = self._conn.execute(
                "SELECT role FROM debriefs WHERE role != '' GROUP BY role"
                " ORDER BY max(started_at) DESC LIMIT 50"
            ).fetchall()
        return [row[0] for row in rows]

    # -- follow-up state ------------------------------------------------------------------

    def _follow_up(self, debrief: Debrief, events: Sequence[MessageEvent]) -> FollowUp:
        return follow_up(
            outcome=debrief.decision.outcome,
            interview_at=_local(debrief.interview.at),
            completed_at=_local(debrief.completed_at),
            messages=events,
            timeline=self.timeline,
        )

    @staticmethod
    def _events(conn: sqlite3.Connection, debrief_id: int) -> list[MessageEvent]:
        rows = conn.execute(
            "SELECT status, outcome, created_at, copied_at, sent_at FROM messages"
            " WHERE debrief_id = ? ORDER BY id",
            (debrief_id,),
        ).fetchall()
        return [_row_event(*row) for row in rows]

    def _refresh(self, conn: sqlite3.Connection, debrief_id: int) -> None:
        """Compute a debrief's follow-up state again from what is stored."""
        row = conn.execute(
            "SELECT outcome, interview_at, completed_at FROM debriefs WHERE id = ?",
            (debrief_id,),
        ).fetchone()
        if row is None:
            return
        result = follow_up(
            outcome=Outcome(row["outcome"]),
            interview_at=_dt_in(row["interview_at"]),
            completed_at=_dt_in(row["completed_at"]),
            messages=self._events(conn, debrief_id),
            timeline=self.timeline,
        )
        conn.execute(
            "UPDATE debriefs SET follow_up_state = ?, due_on = ?, state_changed_at = ?,"
            " last_sent_at = ? WHERE id = ?",
            (*_derived_values(result), debrief_id),
        )

    def reschedule(self, timeline: Timeline) -> int:
        """Use ``timeline`` from now on and recompute the due date of every open, not
        archived debrief with it, in one transaction; return how many changed.

        (Sent ones have no due date; archived ones are recomputed when they come back.)
        """
        with self._write() as conn:
            changed = self._reschedule(conn, timeline)
        self._timeline = timeline
        return changed

    @staticmethod
    def _reschedule(conn: sqlite3.Connection, timeline: Timeline) -> int:
        """New due dates for the open, not archived rows (states do not depend on the
        deadlines); computed in Python in batches, written with one executemany a batch."""
        rows = conn.execute(
            "SELECT d.id, d.outcome, d.interview_at, d.completed_at, d.due_on,"
            " m.status, m.outcome, m.created_at, m.copied_at, m.sent_at"
            " FROM debriefs AS d LEFT JOIN messages AS m ON m.debrief_id = d.id"
            " WHERE d.archived_at IS NULL AND d.follow_up_state != 'sent'"
            " ORDER BY d.id, m.id"
        ).fetchall()
        groups = (
            (debrief_id, list(group))
            for debrief_id, group in itertools.groupby(rows, key=lambda row: row[0])
        )
        changed = 0
        while batch := list(itertools.islice(groups, RESCHEDULE_BATCH)):
            updates = []
            for debrief_id, items in batch:
                first = items[0]
                if first[2] is None:
                    continue  # no interview date, no due date, whatever the deadlines
                due_on = follow_up(
                    outcome=Outcome(first[1]),
                    interview_at=_dt_in(first[2]),
                    completed_at=_dt_in(first[3]),
                    messages=[_row_event(*row[5:]) for row in items if row[5] is not None],
                    timeline=timeline,
                ).due_on
                value = _date_out(due_on)
                if value != first[4]:
                    updates.append((value, debrief_id))
            conn.executemany("UPDATE debriefs SET due_on = ? WHERE id = ?", updates)
            changed += len(updates)
        return changed

    # -- candidates -----------------------------------------------------------------------

    def _link_candidate(
        self,
        conn: sqlite3.Connection,
        candidate: Candidate,
        *,
        debrief_id: int | None,
        current: int | None,
        old_email: str | None,
        now: str | None,
    ) -> int:
        from followup_desktop.domain.candidates import email_key, name_key

        email = candidate.email.strip()
        key = email_key(email)
        target: int | None = None
        if current is not None and old_email is not None and email_key(old_email) == key:
            target = current  # the same address as before (or none, as before)
        elif key:
            found = conn.execute(
                "SELECT id FROM candidates WHERE lower(email) = ? AND email != ''", (key,)
            ).fetchone()
            if found is not None:
                target = int(found[0])
        if target is None and current is not None and not self._shared(conn, current, debrief_id):
            # The address changed and nobody else has the new one: this debrief's own
            # candidate takes it (so typing an address does not make a candidate per letter).
            target = current
            conn.execute(
                "UPDATE candidates SET email = ?, updated_at = ? WHERE id = ?",
                (email, now, current),
            )
        if target is None:
            cursor = conn.execute(
                "INSERT INTO candidates (name, preferred_name, email, name_key, created_at,"
                " updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                (candidate.name, candidate.preferred_name, email, name_key(candidate.name),
                 now, now),
            )  # fmt: skip
            assert cursor.lastrowid is not None
            return cursor.lastrowid
        if candidate.name.strip():  # the latest debrief saved with a name names them
            conn.execute(
                "UPDATE candidates SET name = ?, preferred_name = ?, name_key = ?,"
                " updated_at = ? WHERE id = ? AND (name != ? OR preferred_name != ?)",
                (candidate.name, candidate.preferred_name, name_key(candidate.name), now,
                 target, candidate.name, candidate.preferred_name),
            )  # fmt: skip
        return target

    @staticmethod
    def _shared(conn: sqlite3.Connection, candidate_id: int, debrief_id: int | None) -> bool:
        return (
            conn.execute(
                "SELECT 1 FROM debriefs WHERE candidate_id = ? AND id IS NOT ? LIMIT 1",
                (candidate_id, debrief_id),
            ).fetchone()
            is not None
        )

    @staticmethod
    def _drop_if_unused(conn: sqlite3.Connection, candidate_id: int | None) -> None:
        if candidate_id is not None:
            conn.execute(
                "DELETE FROM candidates WHERE id = ?"
                " AND NOT EXISTS (SELECT 1 FROM debriefs WHERE candidate_id = ?)",
                (candidate_id, candidate_id),
            )

    def candidate(self, candidate_id: int) -> CandidateRecord:
        """A candidate with every interview (newest first) and every message sent or copied
        to them (newest first, each with its debrief's id)."""
        with translated(self._path):
            info = self._candidate_info(candidate_id)
            rows = self._conn.execute(
                "SELECT m.* FROM messages AS m JOIN debriefs AS d ON d.id = m.debrief_id"
                " WHERE d.candidate_id = ? AND m.status IN ('sent', 'copied')"
                " ORDER BY coalesce(m.sent_at, m.copied_at, m.created_at) DESC, m.id DESC",
                (candidate_id,),
            ).fetchall()
        from followup_desktop.domain.candidates import CandidateRecord

        return CandidateRecord(
            id=info.id,
            name=info.name,
            preferred_name=info.preferred_name,
            email=info.email,
            debriefs=info.debriefs,
            messages=tuple((row["debrief_id"], self._message(row)) for row in rows),
        )

    def _candidate_info(self, candidate_id: int) -> CandidateInfo:
        row = self._conn.execute(
            "SELECT id, name, preferred_name, email FROM candidates WHERE id = ?",
            (candidate_id,),
        ).fetchone()
        if row is None:
            raise NotFound(f"candidate {candidate_id} does not exist")
        debriefs = self._conn.execute(
            f"SELECT {_SUMMARY_COLUMNS} FROM debriefs WHERE candidate_id = ?"
            " ORDER BY coalesce(interview_at, started_at) DESC, id DESC",
            (candidate_id,),
        ).fetchall()
        from followup_desktop.domain.candidates import CandidateInfo

        return CandidateInfo(
            id=row["id"],
            name=row["name"],
            preferred_name=row["preferred_name"],
            email=row["email"],
            debriefs=tuple(self._summary(item) for item in debriefs),
        )

    def merge_candidates(self, keep_id: int, merge_id: int) -> None:
        """Make ``merge_id``'s debriefs ``keep_id``'s and remove ``merge_id``, in one
        transaction. The kept candidate keeps its name, and its email unless it had none.
        Each debrief keeps the name and address it was written with."""
        if keep_id == merge_id:
            raise ValueError("A candidate cannot be merged into itself.")
        now = _dt_out(self._clock())
        with self._write() as conn:
            keep = conn.execute("SELECT email FROM candidates WHERE id = ?", (keep_id,)).fetchone()
            merged = conn.execute(
                "SELECT email FROM candidates WHERE id = ?", (merge_id,)
            ).fetchone()
            if keep is None or merged is None:
                missing = keep_id if keep is None else merge_id
                raise NotFound(f"candidate {missing} does not exist")
            conn.execute(
                "UPDATE debriefs SET candidate_id = ? WHERE candidate_id = ?", (keep_id, merge_id)
            )
            conn.execute("DELETE FROM candidates WHERE id = ?", (merge_id,))
            email = keep["email"] if keep["email"].strip() else merged["email"]
            conn.execute(
                "UPDATE candidates SET email = ?, updated_at = ? WHERE id = ?",
                (email, now, keep_id),
            )

    def duplicate_candidates(
        self, limit: int = 50, *, of: int | None = None
    ) -> list[tuple[CandidateInfo, CandidateInfo]]:
        """Pairs of different candidates with the same name (case, accents' composition and
        spaces aside), which may be one person: the UI offers to merge them.

        With ``of``, only the pairs of that candidate (``of`` first), else all pairs,
        ordered by name then id, at most ``limit``.
        """
        with translated(self._path):
            pairs = list(itertools.islice(self._duplicate_ids(of), max(0, limit)))
            infos = {
                candidate_id: self._candidate_info(candidate_id)
                for candidate_id in dict.fromkeys(itertools.chain.from_iterable(pairs))
            }
        return [(infos[first], infos[second]) for first, second in pairs]

    def _duplicate_ids(self, of: int | None) -> Iterator[tuple[int, int]]:
        conn = self._conn
        if of is not None:
            row = conn.execute("SELECT name_key FROM candidates WHERE id = ?", (of,)).fetchone()
            if row is None or not row[0]:
                return
            others = conn.execute(
                "SELECT id FROM candidates WHERE name_key = ? AND name_key != '' AND id != ?"
                " ORDER BY id",
                (row[0], of),
            ).fetchall()
            yield from ((of, int(other[0])) for other in others)
            return
        keys = conn.execute(
            "SELECT name_key FROM candidates WHERE name_key != ''"
            " GROUP BY name_key HAVING count(*) > 1 ORDER BY name_key"
        ).fetchall()
        for (key,) in keys:
            ids = [
                int(item[0])
                for item in conn.execute(
                    "SELECT id FROM candidates WHERE name_key = ? AND name_key != '' ORDER BY id",
                    (key,),
                )
            ]
            yield from itertools.combinations(ids, 2)

    # -- Home, reminders, calendar ---------------------------------------------------------

    def _summary(self, row: sqlite3.Row) -> DebriefSummary:
        interview_at = _dt_in(row["interview_at"])
        return DebriefSummary(
            id=row["id"],
            candidate_name=row["candidate_name"],
            role=row["role"],
            stage=row["stage"],
            outcome=Outcome(row["outcome"]),
            interview_at=interview_at,
            respond_by=None if interview_at is None else self.timeline.respond_by(interview_at),
            state=FollowUpState(row["follow_up_state"]),
            state_changed_at=_dt_in(row["state_changed_at"]),
            due_on=_date_in(row["due_on"]),
            candidate_id=row["candidate_id"] or 0,
            email=row["email"],
            archived=bool(row["archived"]),
            last_sent_at=_dt_in(row["last_sent_at"]),
        )

    def _select(self, show: str, limit: int, offset: int) -> list[sqlite3.Row]:
        query = (
            f"SELECT {_SUMMARY_COLUMNS} FROM debriefs WHERE {_WHERE[show]}"
            f" ORDER BY {_ORDER[show]} LIMIT ? OFFSET ?"
        )
        return self._conn.execute(query, (limit, offset)).fetchall()

    def _count(self, show: str) -> int:
        query = f"SELECT count(*) FROM debriefs WHERE {_WHERE[show]}"
        return int(self._conn.execute(query).fetchone()[0])

    @staticmethod
    def _check_show(show: str) -> None:
        if show not in SHOWS:
            raise ValueError(f"show must be one of {', '.join(SHOWS)}, not {show!r}")

    def list_summaries(
        self,
        *,
        show: Show = "open",
        offset: int = 0,
        limit: int = 200,
    ) -> list[DebriefSummary]:
        """Home's rows, a page at a time.

        ``show``: "open" (not sent, not archived), overdue first then soonest due, undated
        last; "sent" (closed, not archived), last sent first; "all", the open ones then the
        sent ones; "archived", last archived first. Finding rows by their words is
        ``search``.

        The order comes from the stored due dates, so it does not depend on the day.
        """
        self._check_show(show)
        limit, offset = max(0, limit), max(0, offset)
        with translated(self._path):
            if show != "all":
                rows = self._select(show, limit, offset)
            else:
                open_count = self._count("open")
                rows = self._select("open", limit, offset) if offset < open_count else []
                if len(rows) < limit:
                    rows += self._select("sent", limit - len(rows), max(0, offset - open_count))
        return [self._summary(row) for row in rows]

    def count_summaries(self, *, show: Show = "open") -> int:
        """How many rows ``list_summaries`` has for ``show``."""
        self._check_show(show)
        with translated(self._path):
            if show == "all":
                return self._count("open") + self._count("sent")
            return self._count(show)

    def count_overdue(self, today: date) -> int:
        """Open, not archived follow-ups due before ``today`` (for the window title)."""
        return self._count_due("<", today)

    def count_due(self, today: date) -> int:
        """Open, not archived follow-ups due ``today`` or earlier (what ``reminders`` lists,
        however many that is)."""
        return self._count_due("<=", today)

    def _count_due(self, before: Literal["<", "<="], today: date) -> int:
        with translated(self._path):
            row = self._conn.execute(
                f"SELECT count(*) FROM debriefs WHERE {_WHERE['open']}{_DATED}"
                f" AND due_on {before} ?",
                (today.isoformat(),),
            ).fetchone()
        return int(row[0])

    def summary(self, debrief_id: int) -> DebriefSummary:
        """One debrief's row, as Home shows it."""
        found = self.summaries([debrief_id])
        if debrief_id not in found:
            raise NotFound(f"debrief {debrief_id} does not exist")
        return found[debrief_id]

    def summaries(self, debrief_ids: Sequence[int]) -> dict[int, DebriefSummary]:
        """The rows of these debriefs (a page of search results), by id; gone ones left out."""
        if not debrief_ids:
            return {}
        marks = ", ".join("?" * len(debrief_ids))
        with translated(self._path):
            rows = self._conn.execute(
                f"SELECT {_SUMMARY_COLUMNS} FROM debriefs WHERE id IN ({marks})",
                tuple(debrief_ids),
            ).fetchall()
        return {row["id"]: self._summary(row) for row in rows}

    def reminders(self, today: date, *, limit: int = REMINDERS_LIMIT) -> list[DebriefSummary]:
        """Open, not archived follow-ups due today or earlier, the most overdue first."""
        with translated(self._path):
            rows = self._conn.execute(
                f"SELECT {_SUMMARY_COLUMNS} FROM debriefs WHERE {_WHERE['open']}{_DATED}"
                f" AND due_on <= ? ORDER BY {_DATED_ORDER} LIMIT ?",
                (today.isoformat(), limit),
            ).fetchall()
        return [self._summary(row) for row in rows]

    def calendar_items(self, since: date) -> list[DebriefSummary]:
        """For a calendar export: every open, not archived follow-up with a due date (soonest
        first), then those closed by a message sent on ``since`` or later (newest first),
        which the calendar shows as cancelled."""
        start = datetime.combine(since, time()).astimezone()  # local midnight
        with translated(self._path):
            rows = self._conn.execute(
                f"SELECT {_SUMMARY_COLUMNS} FROM debriefs WHERE {_WHERE['open']}{_DATED}"
                f" ORDER BY {_DATED_ORDER}"
            ).fetchall()
            rows += self._conn.execute(
                f"SELECT {_SUMMARY_COLUMNS} FROM debriefs WHERE {_WHERE['sent']}"
                f" AND last_sent_at >= ? ORDER BY {_ORDER['sent']}",
                (_dt_out(start),),
            ).fetchall()
        return [self._summary(row) for row in rows]

    # -- search ---------------------------------------------------------------------------

    @staticmethod
    def _search_row(conn: sqlite3.Connection, debrief_id: int) -> tuple[Any, ...] | None:
        """The debrief's text as the search index holds it (read before a change)."""
        row = conn.execute(
            f"SELECT {_SEARCH_COLUMNS} FROM search_source WHERE id = ?", (debrief_id,)
        ).fetchone()
        return None if row is None else tuple(row)

    def _reindex(
        self,
        conn: sqlite3.Connection,
        debrief_id: int,
        before: tuple[Any, ...] | None,
        *,
        gone: bool = False,
    ) -> None:
        """Bring the debrief's search entry in step: ``before`` is what the index holds for it
        (read with ``_search_row`` before the change); ``gone`` when it is being deleted."""
        after = None if gone else self._search_row(conn, debrief_id)
        if after == before:
            return
        marks = ", ".join("?" for _ in FIELDS)
        if before is not None:
            conn.execute(
                f"INSERT INTO search (search, rowid, {_SEARCH_COLUMNS})"
                f" VALUES ('delete', ?, {marks})",
                (debrief_id, *before),
            )
        if after is not None:
            conn.execute(
                f"INSERT INTO search (rowid, {_SEARCH_COLUMNS}) VALUES (?, {marks})",
                (debrief_id, *after),
            )

    def search(self, text: str, *, limit: int = 50, offset: int = 0) -> list[SearchHit]:
        """Debriefs with every word of ``text`` (the last one as a prefix, so results follow
        typing) in any of: name, preferred name, email, role, stage, key takeaways,
        strengths, growth areas, private notes, next steps, messages. Best first (bm25, a
        match in the name weighs most); archived ones included. [] for no words.

        When more than RANK_WINDOW (2,000) debriefs match, only the most recent 2,000 of them
        are ranked and listed: a first letter or a word in every debrief would otherwise cost
        100+ ms per keystroke at 100,000 debriefs, and one more letter narrows the matches.

        Accents and case do not matter ("jose" finds "José"); punctuation and FTS5 syntax
        in ``text`` are plain text.
        """
        match = match_expression(text)
        if match is None or limit <= 0:
            return []
        snippets = ", ".join(
            f"snippet(search, {column}, ?, ?, ?, {SNIPPET_TOKENS})" for column in range(len(FIELDS))
        )
        marks = (MATCH_START, MATCH_END, ELLIPSIS) * len(FIELDS)
        with translated(self._path):
            cutoff = self._conn.execute(
                "SELECT rowid FROM search WHERE search MATCH ?"
                " ORDER BY rowid DESC LIMIT 1 OFFSET ?",
                (match, RANK_WINDOW - 1),
            ).fetchone()
            window = "" if cutoff is None else f" AND rowid >= {int(cutoff[0])}"
            found = self._conn.execute(
                f"SELECT rowid, {snippets} FROM search WHERE search MATCH ?{window}"
                " AND rank MATCH ? ORDER BY rank LIMIT ? OFFSET ?",
                (*marks, match, _RANK, limit, max(0, offset)),
            ).fetchall()
            if not found:
                return []
            rows = {
                row["id"]: row
                for row in self._conn.execute(
                    "SELECT id, candidate_id, candidate_name, role, stage, interview_at,"
                    " archived_at IS NOT NULL AS archived FROM debriefs"
                    " WHERE id IN (SELECT value FROM json_each(?))",
                    (json.dumps([hit[0] for hit in found]),),
                )
            }
        hits = []
        for hit in found:
            row = rows.get(hit[0])
            if row is None:
                continue
            by_field = dict(zip(FIELDS, hit[1:], strict=True))
            field = next(
                (name for name in _SNIPPET_PREFERENCE if MATCH_START in (by_field[name] or "")),
                "name",
            )
            hits.append(
                SearchHit(
                    debrief_id=row["id"],
                    candidate_id=row["candidate_id"] or 0,
                    candidate_name=row["candidate_name"],
                    role=row["role"],
                    stage=row["stage"],
                    interview_at=_dt_in(row["interview_at"]),
                    archived=bool(row["archived"]),
                    snippet=by_field[field] or "",
                    field=field,
                )
            )
        return hits

    def rebuild_search(self) -> None:
        """Index every debrief again from scratch (a repair; never needed in normal use)."""
        with self._write() as conn:
            conn.execute("INSERT INTO search (search) VALUES ('rebuild')")

    def check_search(self) -> bool:
        """Whether the search index agrees with the debriefs and messages."""
        try:
            with transaction(self._conn, self._path) as conn:
                conn.execute("INSERT INTO search (search, rank) VALUES ('integrity-check', 1)")
        except DatabaseCorrupt:
            return False
        return True

    # -- messages -------------------------------------------------------------------------

    @staticmethod
    def _message_values(message: Message) -> tuple[Any, ...]:
        return (
            message.debrief_id, message.template_id, message.subject, message.body,
            int(message.edited), message.status.value, _dt_out(message.created_at),
            _dt_out(message.copied_at), _dt_out(message.sent_at),
            None if message.outcome is None else message.outcome.value,
        )  # fmt: skip

    def _insert_message(self, conn: sqlite3.Connection, message: Message) -> int:
        cursor = conn.execute(
            "INSERT INTO messages (debrief_id, template_id, subject, body, edited, status,"
            " created_at, copied_at, sent_at, outcome) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            self._message_values(message),
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def save_message(self, message: Message) -> Message:
        """Insert or update a message; return it as stored (with id and outcome).

        A message without ``outcome`` is stored with its debrief's outcome now, except that
        a message already stored as sent keeps the outcome it was sent under. The debrief's
        follow-up state and search entry follow in the same transaction.
        """
        with self._write() as conn:
            owner = conn.execute(
                "SELECT outcome FROM debriefs WHERE id = ?", (message.debrief_id,)
            ).fetchone()
            if owner is None:
                raise NotFound(f"debrief {message.debrief_id} does not exist")
            outcome = message.outcome
            affected = [message.debrief_id]
            if message.id is not None:
                stored = conn.execute(
                    "SELECT debrief_id, status, outcome FROM messages WHERE id = ?",
                    (message.id,),
                ).fetchone()
                if stored is None:
                    raise NotFound(f"message {message.id} does not exist")
                if stored["debrief_id"] != message.debrief_id:
                    affected.append(stored["debrief_id"])  # moved to another debrief
                if outcome is None and stored["status"] == "sent" and stored["outcome"]:
                    outcome = Outcome(stored["outcome"])
            message = replace(message, outcome=outcome or Outcome(owner["outcome"]))
            before = {debrief_id: self._search_row(conn, debrief_id) for debrief_id in affected}
            if message.id is None:
                message = replace(message, id=self._insert_message(conn, message))
            else:
                conn.execute(
                    "UPDATE messages SET debrief_id = ?, template_id = ?, subject = ?, body = ?,"
                    " edited = ?, status = ?, created_at = ?, copied_at = ?, sent_at = ?,"
                    " outcome = ? WHERE id = ?",
                    (*self._message_values(message), message.id),
                )
            for debrief_id in affected:
                self._refresh(conn, debrief_id)
                self._reindex(conn, debrief_id, before[debrief_id])
        return message

    def messages_for(self, debrief_id: int) -> list[Message]:
        """Every message of a debrief, oldest first."""
        with translated(self._path):
            rows = self._conn.execute(
                "SELECT * FROM messages WHERE debrief_id = ? ORDER BY id", (debrief_id,)
            ).fetchall()
        return [self._message(row) for row in rows]

    def _message(self, row: sqlite3.Row) -> Message:
        from followup_desktop.domain.model import Message

        return Message(
            id=row["id"],
            debrief_id=row["debrief_id"],
            template_id=row["template_id"],
            subject=row["subject"],
            body=row["body"],
            edited=bool(row["edited"]),
            status=MessageStatus(row["status"]),
            created_at=_dt_in(row["created_at"]) or self._clock(),
            copied_at=_dt_in(row["copied_at"]),
            sent_at=_dt_in(row["sent_at"]),
            outcome=None if row["outcome"] is None else Outcome(row["outcome"]),
        )

    # -- privacy: retention, deleting and exporting a person ----------------------------------

    def due_for_purge(self, today: date, retention_days: int) -> list[ExpiredCandidate]:
        """Candidates past the retention period, the longest idle first: every one of their
        debriefs is *finished*, and their last activity is more than ``retention_days``
        days before ``today`` (before local midnight of that day). [] when
        ``retention_days`` is 0 or less (kept forever).

        A debrief is finished when either
        - its follow-up state is SENT: a final message (not a status update) was marked sent
          under its current, decided outcome (advance, offer, reject or more info); or
        - it is archived with the outcome REJECT or OFFER: decided and put away, the word
          given outside the app.
        Any other debrief (in progress, ready to send, copied but not marked sent, waiting
        on a decision, archived while undecided) keeps its candidate, however old.

        Last activity is the latest of: for each of their debriefs, when it was started,
        last saved, held (an interview still to come keeps them), completed, archived,
        changed follow-up state, and when each of its messages was written, copied and sent;
        and when the candidate record itself last changed.
        """
        if retention_days <= 0:
            return []
        start = datetime.combine(today - timedelta(days=retention_days), time()).astimezone()
        with translated(self._path):
            found = self._conn.execute(_DUE_FOR_PURGE, {"cutoff": _dt_out(start)}).fetchall()
            if not found:
                return []
            last = {int(row[0]): str(row[1]) for row in found}
            ids = json.dumps(list(last))
            people = self._conn.execute(
                "SELECT id, name, preferred_name, email FROM candidates"
                " WHERE id IN (SELECT value FROM json_each(?))",
                (ids,),
            ).fetchall()
            rows = self._conn.execute(
                f"SELECT {_SUMMARY_COLUMNS} FROM debriefs"
                " WHERE candidate_id IN (SELECT value FROM json_each(?))"
                " ORDER BY coalesce(interview_at, started_at) DESC, id DESC",
                (ids,),
            ).fetchall()
        from followup_desktop.domain.candidates import ExpiredCandidate

        debriefs: dict[int, list[DebriefSummary]] = {}
        for row in rows:
            debriefs.setdefault(row["candidate_id"], []).append(self._summary(row))
        by_id = {
            row["id"]: ExpiredCandidate(
                id=row["id"],
                name=row["name"],
                preferred_name=row["preferred_name"],
                email=row["email"],
                debriefs=tuple(debriefs.get(row["id"], ())),
                last_activity=_dt_in(last[row["id"]]),
            )
            for row in people
        }
        return [by_id[candidate_id] for candidate_id in last if candidate_id in by_id]

    def purge_candidates(self, candidate_ids: Iterable[int]) -> int:
        """Delete these candidates for good; return how many there were (missing ids are
        skipped). Everything held about them goes: their debriefs with scorecards and
        private notes, their messages, their candidate rows and their entries in the search
        index, in one transaction.

        Then the deleted text is made unrecoverable from the files (``scrub``): the search
        index is merged into one b-tree ('optimize'; SQLite 3.40's FTS5 has no secure-delete
        option, so entries marked deleted stay in older segments until merged), VACUUM
        rewrites the database without free pages, and the WAL is checkpointed and truncated
        to 0 bytes. Every connection has ``secure_delete`` on as well. This takes a few
        seconds for 100,000 debriefs (the whole file is rewritten): run it off the UI thread
        or behind a busy cursor.

        Backups are copies: those made before the purge still hold these candidates until
        they rotate out (see ``backup_schedule.BackupPolicy``); pre-upgrade copies are kept until
        deleted by hand.
        """
        ids = json.dumps(sorted({int(candidate_id) for candidate_id in candidate_ids}))
        with self._write() as conn:
            debrief_ids = [
                int(row[0])
                for row in conn.execute(
                    "SELECT id FROM debriefs"
                    " WHERE candidate_id IN (SELECT value FROM json_each(?))",
                    (ids,),
                )
            ]
            for debrief_id in debrief_ids:
                self._reindex(conn, debrief_id, self._search_row(conn, debrief_id), gone=True)
            theirs = (
                "debrief_id IN (SELECT id FROM debriefs"
                " WHERE candidate_id IN (SELECT value FROM json_each(?)))"
            )
            conn.execute(f"DELETE FROM messages WHERE {theirs}", (ids,))
            conn.execute(f"DELETE FROM competencies WHERE {theirs}", (ids,))
            conn.execute(
                "DELETE FROM debriefs WHERE candidate_id IN (SELECT value FROM json_each(?))",
                (ids,),
            )
            removed = conn.execute(
                "DELETE FROM candidates WHERE id IN (SELECT value FROM json_each(?))", (ids,)
            ).rowcount
        if removed or debrief_ids:
            self.scrub()
        return max(0, removed)

    def delete_candidate(self, candidate_id: int) -> bool:
        """Delete one person for good, as ``purge_candidates`` does; False when they were not
        there (deleted meanwhile)."""
        return self.purge_candidates([candidate_id]) == 1

    def scrub(self) -> None:
        """Make deleted text unrecoverable from the database files: merge the search index,
        VACUUM, checkpoint and truncate the WAL. ``purge_candidates`` does this itself; call
        it again when that failed half-way (a full disk: VACUUM needs room for a copy).

        The WAL is truncated only when no other connection is reading at that moment (a
        backup on another thread, say); it is then emptied when the app closes.
        """
        with translated(self._path):
            self._conn.execute("INSERT INTO search (search) VALUES ('optimize')")
            self._conn.execute("VACUUM")
            self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()

    def export_candidate(self, candidate_id: int) -> dict[str, Any]:
        """Everything held about one person, JSON-serialisable: the candidate row, and every
        debrief (every column, private notes included; oldest first) with its scorecard and
        its messages (drafts too). Times are as stored, ISO 8601 in UTC; dates are ISO dates.
        Raises NotFound for a missing candidate."""
        with translated(self._path):
            person = self._conn.execute(
                "SELECT * FROM candidates WHERE id = ?", (candidate_id,)
            ).fetchone()
            if person is None:
                raise NotFound(f"candidate {candidate_id} does not exist")
            debriefs = self._conn.execute(
                "SELECT * FROM debriefs WHERE candidate_id = ?"
                " ORDER BY coalesce(interview_at, started_at), id",
                (candidate_id,),
            ).fetchall()
            theirs = "debrief_id IN (SELECT id FROM debriefs WHERE candidate_id = ?)"
            competencies = self._conn.execute(
                f"SELECT * FROM competencies WHERE {theirs} ORDER BY debrief_id, position",
                (candidate_id,),
            ).fetchall()
            messages = self._conn.execute(
                f"SELECT * FROM messages WHERE {theirs} ORDER BY debrief_id, id",
                (candidate_id,),
            ).fetchall()
        scorecards: dict[int, list[dict[str, Any]]] = {}
        for row in competencies:
            item = _plain(row)
            scorecards.setdefault(item.pop("debrief_id"), []).append(item)
        written: dict[int, list[dict[str, Any]]] = {}
        for row in messages:
            item = _plain(row)
            written.setdefault(item["debrief_id"], []).append(item)
        return {
            "format": EXPORT_FORMAT,
            "exported_at": _dt_out(self._clock()),
            "times": "ISO 8601 in UTC; dates are local dates",
            "candidate": _plain(person),
            "debriefs": [
                {
                    **_plain(row),
                    "competencies": scorecards.get(row["id"], []),
                    "messages": written.get(row["id"], []),
                }
                for row in debriefs
            ],
        }

    def write_candidate_export(self, path: Path, candidate_id: int) -> None:
        """Write ``export_candidate`` as UTF-8 JSON to ``path``, atomically (a new file is
        readable by its owner only). Raises NotFound, StorageError, or OSError naming
        ``path``."""
        data = self.export_candidate(candidate_id)
        write_atomic(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")

    # -- settings and window state ----------------------------------------------------------

    def load_settings(self) -> Settings:
        raw = self.get_preference("settings")
        return Settings() if raw is None else Settings.from_json(raw)

    def save_settings(self, settings: Settings) -> None:
        """Save the settings; when their deadlines differ from ``timeline``, recompute the
        open due dates with the new ones in the same transaction."""
        timeline = settings.timeline
        with self._write() as conn:
            self._set_preference(conn, "settings", settings.to_json())
            if timeline != self.timeline:
                self._reschedule(conn, timeline)
        self._timeline = timeline

    def get_preference(self, key: str) -> str | None:
        with translated(self._path):
            row = self._conn.execute(
                "SELECT value FROM preferences WHERE key = ?", (key,)
            ).fetchone()
        return None if row is None else str(row[0])

    def set_preference(self, key: str, value: str) -> None:
        with transaction(self._conn, self._path) as conn:
            self._set_preference(conn, key, value)

    @staticmethod
    def _set_preference(conn: sqlite3.Connection, key: str, value: str) -> None:
        conn.execute(
            "INSERT INTO preferences (key, value) VALUES (?, ?)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    # -- insights (storage/insights_rows.py) ----------------------------------------------

    def insight_sums(
        self, start: date, end: date, today: date, *, monthly: bool = False
    ) -> insights_rows.FactSums:
        """What the Insights figures count for interviews from ``start`` up to ``end``,
        summed per day (``insights_rows.fact_sums``)."""
        with translated(self._path):
            return insights_rows.fact_sums(self._conn, start, end, today, monthly=monthly)

    def first_interview_day(self) -> date | None:
        with translated(self._path):
            return insights_rows.first_interview_day(self._conn)

    def insight_rows(self, start: date, end: date) -> Iterator[tuple[object, ...]]:
        """The facts of each debrief interviewed in [start, end), oldest first, read from
        the database as they are used (``insights_rows.ROW_COLUMNS``; no names, no notes)."""
        with translated(self._path):
            yield from insights_rows.fact_rows(self._conn, start, end)

    def save_coach_counts(self, debrief_id: int, counts: Mapping[str, int]) -> bool:
        """Store how many findings of each category the coach found in a debrief's notes;
        False when the debrief is gone."""
        with self._write() as conn:
            return insights_rows.save_coach_counts(
                conn, debrief_id, counts, _dt_out(self._clock()) or ""
            )

    def import_coach_counts(self, items: Iterable[tuple[int, Mapping[str, int]]]) -> int:
        """Store the counts of many debriefs in one transaction (demo data, data sets);
        return how many debriefs were there."""
        counted_at = _dt_out(self._clock()) or ""
        with self._write() as conn:
            return sum(
                insights_rows.save_coach_counts(conn, debrief_id, counts, counted_at)
                for debrief_id, counts in items
            )

    def uncounted_debriefs(self, limit: int) -> list[int]:
        """Up to ``limit`` debriefs whose notes the coach has not counted yet (written before
        the counts were kept), newest first."""
        with translated(self._path):
            return insights_rows.uncounted(self._conn, limit)

    def coach_counts(self, debrief_id: int) -> dict[str, int] | None:
        """The stored counts of a debrief's notes; None when not counted yet."""
        with translated(self._path):
            return insights_rows.coach_counts(self._conn, debrief_id)


EXPORT_FORMAT = "Follow-up Desk candidate export, version 1"
# Columns that hold a yes/no as 0 or 1 (CHECK constraints in the schema).
_FLAGS = frozenset({"share_feedback", "invite_reapply", "edited"})


def _plain(row: sqlite3.Row) -> dict[str, Any]:
    """A row as a JSON-ready dict (0/1 flags as booleans)."""
    return {
        key: bool(row[key]) if key in _FLAGS and row[key] is not None else row[key]
        for key in row.keys()  # noqa: SIM118 (a Row has keys() but no iteration over them)
    }


# Candidates every one of whose debriefs is finished, with their last activity, when that is
# before :cutoff (see Repository.due_for_purge). Times are UTC ISO text: text order is time
# order. First from the debriefs alone (one pass over an index), then, for the few left, their
# messages too: 0.2 s at 100,000 debriefs when nobody is due.
_DUE_FOR_PURGE = """
WITH activity AS (
    SELECT d.candidate_id AS candidate_id,
           min(d.follow_up_state = 'sent'
               OR (d.archived_at IS NOT NULL AND d.outcome IN ('reject', 'offer'))) AS finished,
           max(max(d.started_at, d.updated_at, coalesce(d.interview_at, ''),
                   coalesce(d.completed_at, ''), coalesce(d.archived_at, ''),
                   coalesce(d.state_changed_at, ''), coalesce(d.last_sent_at, ''))) AS last
    FROM debriefs AS d
    WHERE d.candidate_id IS NOT NULL
    GROUP BY d.candidate_id
), settled AS (
    SELECT a.candidate_id AS candidate_id, max(a.last, c.updated_at) AS last
    FROM activity AS a JOIN candidates AS c ON c.id = a.candidate_id
    WHERE a.finished AND max(a.last, c.updated_at) < :cutoff
)
SELECT s.candidate_id,
       max(s.last, coalesce((
           SELECT max(max(m.created_at, coalesce(m.copied_at, ''), coalesce(m.sent_at, '')))
           FROM debriefs AS d JOIN messages AS m ON m.debrief_id = d.id
           WHERE d.candidate_id = s.candidate_id
       ), '')) AS last_activity
FROM settled AS s
WHERE last_activity < :cutoff
ORDER BY last_activity, s.candidate_id
"""


def _derived_values(result: FollowUp) -> tuple[str, str | None, str | None, str | None]:
    return (
        result.state.value,
        _date_out(result.due_on),
        _dt_out(result.state_changed_at),
        _dt_out(result.last_sent_at),
    )


def _event(message: Message) -> MessageEvent:
    return MessageEvent(
        status=message.status,
        outcome=message.outcome,
        created_at=_local(message.created_at),
        copied_at=_local(message.copied_at),
        sent_at=_local(message.sent_at),
    )


def _row_event(
    status: str,
    outcome: str | None,
    created_at: str | None,
    copied_at: str | None,
    sent_at: str | None,
) -> MessageEvent:
    return MessageEvent(
        status=MessageStatus(status),
        outcome=None if outcome is None else Outcome(outcome),
        created_at=_dt_in(created_at),
        copied_at=_dt_in(copied_at),
        sent_at=_dt_in(sent_at),
    )
