"""Ordered schema steps. Step N takes ``user_version`` N to N+1 inside one transaction.

Never edit a step that has shipped; add a new one. Each statement runs through
``conn.execute`` (``executescript`` would commit the open transaction first).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

Migration = Callable[[sqlite3.Connection], None]


def _v1_initial(conn: sqlite3.Connection) -> None:
    statements = (
        """
        CREATE TABLE debriefs (
            id INTEGER PRIMARY KEY,
            candidate_name TEXT NOT NULL DEFAULT '',
            preferred_name TEXT NOT NULL DEFAULT '',
            email TEXT NOT NULL DEFAULT '',
            role TEXT NOT NULL DEFAULT '',
            stage TEXT NOT NULL DEFAULT '',
            interview_at TEXT,
            format TEXT NOT NULL DEFAULT 'video',
            interviewer TEXT NOT NULL DEFAULT '',
            key_takeaways TEXT NOT NULL DEFAULT '',
            strengths TEXT NOT NULL DEFAULT '',
            growth_areas TEXT NOT NULL DEFAULT '',
            private_notes TEXT NOT NULL DEFAULT '',
            outcome TEXT NOT NULL DEFAULT 'undecided',
            next_steps TEXT NOT NULL DEFAULT '',
            next_step_date TEXT,
            share_feedback INTEGER NOT NULL DEFAULT 0 CHECK (share_feedback IN (0, 1)),
            invite_reapply INTEGER NOT NULL DEFAULT 0 CHECK (invite_reapply IN (0, 1)),
            offer_start_date TEXT,
            offer_manager TEXT NOT NULL DEFAULT '',
            step TEXT NOT NULL DEFAULT 'interview',
            started_at TEXT NOT NULL,
            completed_at TEXT,
            updated_at TEXT NOT NULL
        )
        """,
        "CREATE INDEX debriefs_by_interview ON debriefs (interview_at)",
        """
        CREATE TABLE competencies (
            debrief_id INTEGER NOT NULL REFERENCES debriefs (id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            name TEXT NOT NULL,
            rating TEXT NOT NULL DEFAULT 'not_assessed',
            evidence TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (debrief_id, position)
        )
        """,
        """
        CREATE TABLE messages (
            id INTEGER PRIMARY KEY,
            debrief_id INTEGER NOT NULL REFERENCES debriefs (id) ON DELETE CASCADE,
            template_id TEXT NOT NULL,
            subject TEXT NOT NULL,
            body TEXT NOT NULL,
            edited INTEGER NOT NULL DEFAULT 0 CHECK (edited IN (0, 1)),
            status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'copied', 'sent')),
            created_at TEXT NOT NULL,
            copied_at TEXT,
            sent_at TEXT
        )
        """,
        "CREATE INDEX messages_by_debrief ON messages (debrief_id, id)",
        "CREATE TABLE preferences (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    )
    for statement in statements:
        conn.execute(statement)


MIGRATIONS: tuple[Migration, ...] = (_v1_initial,)
