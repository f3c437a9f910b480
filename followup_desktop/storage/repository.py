"""The only code that speaks SQL: rows in, dataclasses out.

Datetimes are stored as ISO 8601 in UTC (so text order is time order) and come back as
aware datetimes in local time; dates as ISO dates.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from followup_desktop.domain.followups import DebriefSummary, FollowUpState
from followup_desktop.domain.model import (
    Candidate,
    Competency,
    Debrief,
    Decision,
    Interview,
    InterviewFormat,
    Message,
    MessageStatus,
    Outcome,
    Rating,
    Step,
)
from followup_desktop.domain.timeline import respond_by
from followup_desktop.settings import Settings
from followup_desktop.storage.database import transaction, translated

Clock = Callable[[], datetime]


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


_DEBRIEF_COLUMNS = (
    "candidate_name", "preferred_name", "email", "role", "stage", "interview_at", "format",
    "interviewer", "key_takeaways", "strengths", "growth_areas", "private_notes", "outcome",
    "next_steps", "next_step_date", "share_feedback", "invite_reapply", "offer_start_date",
    "offer_manager", "step", "started_at", "completed_at", "updated_at",
)  # fmt: skip


class NotFound(LookupError):
    """No row with that id (it was deleted, perhaps in another window)."""


class Repository:
    """Reads and writes debriefs, messages and settings in one open database."""

    def __init__(self, conn: sqlite3.Connection, path: Path, clock: Clock = _utc_now) -> None:
        self._conn = conn
        self._path = path
        self._clock = clock
        conn.row_factory = sqlite3.Row

    @property
    def path(self) -> Path:
        return self._path

    def close(self) -> None:
        self._conn.close()

    # -- debriefs -------------------------------------------------------------------------

    def save_debrief(self, debrief: Debrief) -> Debrief:
        """Insert a new debrief or replace a saved one, scorecard included; return it with id."""
        with transaction(self._conn, self._path) as conn:
            if debrief.id is None:
                return replace(debrief, id=self._insert(conn, debrief))
            assignments = ", ".join(f"{name} = ?" for name in _DEBRIEF_COLUMNS)
            cursor = conn.execute(
                f"UPDATE debriefs SET {assignments} WHERE id = ?",
                (*self._debrief_values(debrief), debrief.id),
            )
            if cursor.rowcount != 1:
                raise NotFound(f"debrief {debrief.id} does not exist")
            conn.execute("DELETE FROM competencies WHERE debrief_id = ?", (debrief.id,))
            self._insert_scorecard(conn, debrief.id, debrief.competencies)
        return debrief

    def add_debriefs(self, debriefs: Iterable[Debrief]) -> int:
        """Insert many new debriefs in one transaction; return how many."""
        count = 0
        with transaction(self._conn, self._path) as conn:
            for debrief in debriefs:
                self._insert(conn, debrief)
                count += 1
        return count

    def _insert(self, conn: sqlite3.Connection, debrief: Debrief) -> int:
        cursor = conn.execute(
            f"INSERT INTO debriefs ({', '.join(_DEBRIEF_COLUMNS)})"
            f" VALUES ({', '.join('?' for _ in _DEBRIEF_COLUMNS)})",
            self._debrief_values(debrief),
        )
        assert cursor.lastrowid is not None
        self._insert_scorecard(conn, cursor.lastrowid, debrief.competencies)
        return cursor.lastrowid

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

    def _debrief_values(self, debrief: Debrief) -> tuple[Any, ...]:
        c, i, d = debrief.candidate, debrief.interview, debrief.decision
        return (
            c.name, c.preferred_name, c.email, i.role, i.stage, _dt_out(i.at), i.format.value,
            i.interviewer, debrief.key_takeaways, debrief.strengths, debrief.growth_areas,
            debrief.private_notes, d.outcome.value, d.next_steps, _date_out(d.next_step_date),
            int(d.share_feedback), int(d.invite_reapply), _date_out(d.offer_start_date),
            d.offer_manager, debrief.step.value, _dt_out(debrief.started_at),
            _dt_out(debrief.completed_at), _dt_out(self._clock()),
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
        with transaction(self._conn, self._path) as conn:
            conn.execute("DELETE FROM debriefs WHERE id = ?", (debrief_id,))

    def count_debriefs(self) -> int:
        with translated(self._path):
            return int(self._conn.execute("SELECT count(*) FROM debriefs").fetchone()[0])

    def list_summaries(
        self, *, respond_within_days: int, offset: int = 0, limit: int = 200
    ) -> list[DebriefSummary]:
        """Home's rows, most urgent first: open follow-ups by interview date (oldest first,
        so the most overdue leads), then sent ones, newest first."""
        query = """
            SELECT d.id, d.candidate_name, d.role, d.stage, d.outcome, d.interview_at,
                   d.completed_at, m.status, m.copied_at, m.sent_at
            FROM debriefs AS d
            LEFT JOIN messages AS m ON m.id = (
                SELECT id FROM messages WHERE debrief_id = d.id ORDER BY id DESC LIMIT 1)
            ORDER BY coalesce(m.status = 'sent', 0),
                     CASE WHEN m.status = 'sent' THEN NULL ELSE d.interview_at IS NULL END,
                     CASE WHEN m.status = 'sent' THEN NULL ELSE d.interview_at END,
                     m.sent_at DESC, d.id DESC
            LIMIT ? OFFSET ?
        """
        with translated(self._path):
            rows = self._conn.execute(query, (limit, offset)).fetchall()
        return [self._summary(row, respond_within_days) for row in rows]

    @staticmethod
    def _summary(row: sqlite3.Row, respond_within_days: int) -> DebriefSummary:
        interview_at = _dt_in(row["interview_at"])
        status = row["status"]
        if status == MessageStatus.SENT:
            state, changed = FollowUpState.SENT, _dt_in(row["sent_at"])
        elif status == MessageStatus.COPIED:
            state, changed = FollowUpState.COPIED, _dt_in(row["copied_at"])
        elif status == MessageStatus.DRAFT or row["completed_at"]:
            state, changed = FollowUpState.TO_SEND, _dt_in(row["completed_at"])
        else:
            state, changed = FollowUpState.IN_PROGRESS, None
        return DebriefSummary(
            id=row["id"],
            candidate_name=row["candidate_name"],
            role=row["role"],
            stage=row["stage"],
            outcome=Outcome(row["outcome"]),
            interview_at=interview_at,
            respond_by=(
                None if interview_at is None else respond_by(interview_at, respond_within_days)
            ),
            state=state,
            state_changed_at=changed,
        )

    def roles(self) -> list[str]:
        """Roles used before, most recent first: suggestions for a new debrief."""
        with translated(self._path):
            rows = self._conn.execute(
                "SELECT role FROM debriefs WHERE role != '' GROUP BY role"
                " ORDER BY max(started_at) DESC LIMIT 50"
            ).fetchall()
        return [row[0] for row in rows]

    # -- messages -------------------------------------------------------------------------

    def save_message(self, message: Message) -> Message:
        values = (
            message.debrief_id, message.template_id, message.subject, message.body,
            int(message.edited), message.status.value, _dt_out(message.created_at),
            _dt_out(message.copied_at), _dt_out(message.sent_at),
        )  # fmt: skip
        with transaction(self._conn, self._path) as conn:
            if message.id is None:
                cursor = conn.execute(
                    "INSERT INTO messages (debrief_id, template_id, subject, body, edited,"
                    " status, created_at, copied_at, sent_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    values,
                )
                assert cursor.lastrowid is not None
                return replace(message, id=cursor.lastrowid)
            cursor = conn.execute(
                "UPDATE messages SET debrief_id = ?, template_id = ?, subject = ?, body = ?,"
                " edited = ?, status = ?, created_at = ?, copied_at = ?, sent_at = ?"
                " WHERE id = ?",
                (*values, message.id),
            )
            if cursor.rowcount != 1:
                raise NotFound(f"message {message.id} does not exist")
        return message

    def messages_for(self, debrief_id: int) -> list[Message]:
        """Every message of a debrief, oldest first."""
        with translated(self._path):
            rows = self._conn.execute(
                "SELECT * FROM messages WHERE debrief_id = ? ORDER BY id", (debrief_id,)
            ).fetchall()
        return [
            Message(
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
            )
            for row in rows
        ]

    # -- settings and window state ----------------------------------------------------------

    def load_settings(self) -> Settings:
        raw = self.get_preference("settings")
        return Settings() if raw is None else Settings.from_json(raw)

    def save_settings(self, settings: Settings) -> None:
        self.set_preference("settings", settings.to_json())

    def get_preference(self, key: str) -> str | None:
        with translated(self._path):
            row = self._conn.execute(
                "SELECT value FROM preferences WHERE key = ?", (key,)
            ).fetchone()
        return None if row is None else str(row[0])

    def set_preference(self, key: str, value: str) -> None:
        with transaction(self._conn, self._path) as conn:
            conn.execute(
                "INSERT INTO preferences (key, value) VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )
