"""Ordered schema steps. Step N takes ``user_version`` N to N+1 inside one transaction.

Never edit a step that has shipped; add a new one. Each statement runs through
``conn.execute`` (``executescript`` would commit the open transaction first).
"""

from __future__ import annotations

import itertools
import sqlite3
import unicodedata
from collections.abc import Callable, Iterable
from datetime import UTC, datetime

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


def _run(conn: sqlite3.Connection, statements: Iterable[str]) -> None:
    for statement in statements:
        conn.execute(statement)


def _v2_candidates_timelines_search(conn: sqlite3.Connection) -> None:
    """Candidates across interviews, archive, stored follow-up state and due dates, the
    outcome each message was written for, and full-text search."""
    _run(
        conn,
        (
            """
            CREATE TABLE candidates (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL DEFAULT '',
                preferred_name TEXT NOT NULL DEFAULT '',
                email TEXT NOT NULL DEFAULT '',
                name_key TEXT NOT NULL DEFAULT '',
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL
            )
            """,
            # One candidate per email address, whatever its ASCII case.
            "CREATE UNIQUE INDEX candidates_by_email ON candidates (lower(email))"
            " WHERE email != ''",
            "CREATE INDEX candidates_by_name ON candidates (name_key) WHERE name_key != ''",
            "ALTER TABLE debriefs ADD COLUMN candidate_id INTEGER REFERENCES candidates (id)",
            "ALTER TABLE debriefs ADD COLUMN archived_at TEXT",
            "ALTER TABLE debriefs ADD COLUMN follow_up_state TEXT NOT NULL DEFAULT 'in_progress'",
            "ALTER TABLE debriefs ADD COLUMN due_on TEXT",
            "ALTER TABLE debriefs ADD COLUMN state_changed_at TEXT",
            "ALTER TABLE debriefs ADD COLUMN last_sent_at TEXT",
            "ALTER TABLE messages ADD COLUMN outcome TEXT",
        ),
    )
    _v2_fill_candidates(conn)
    conn.execute(
        "UPDATE messages SET outcome = (SELECT outcome FROM debriefs WHERE id = debrief_id)"
    )
    _v2_fill_follow_ups(conn)
    _run(
        conn,
        (
            "CREATE INDEX debriefs_by_candidate ON debriefs (candidate_id)",
            # Home's lists, each one range of one partial index in display order: open ones by
            # due date (undated last), sent ones by the last message sent, archived ones by
            # when. The WHERE clauses are repeated word for word by the repository's queries.
            "CREATE INDEX debriefs_open ON debriefs (due_on IS NULL, due_on)"
            " WHERE archived_at IS NULL AND follow_up_state != 'sent'",
            "CREATE INDEX debriefs_sent ON debriefs (last_sent_at)"
            " WHERE archived_at IS NULL AND follow_up_state = 'sent'",
            "CREATE INDEX debriefs_archived ON debriefs (archived_at)"
            " WHERE archived_at IS NOT NULL",
            # Full-text search, one row per debrief. External content: the text stays in
            # debriefs and messages (no second copy); snippet() reads it through this view.
            # Prefix indexes for 1 to 3 characters: as-you-type queries end in a short
            # prefix; longer prefixes match few enough words to merge quickly (measured in
            # benchmarks/search.py; '1 2 3' is also smaller on disk than '2 3 4').
            """
            CREATE VIEW search_source AS
            SELECT d.id AS id,
                   d.candidate_name || ' ' || d.preferred_name AS name,
                   d.email AS email,
                   d.role AS role,
                   d.stage AS stage,
                   d.key_takeaways AS key_takeaways,
                   d.strengths AS strengths,
                   d.growth_areas AS growth_areas,
                   d.private_notes AS private_notes,
                   d.next_steps AS next_steps,
                   coalesce((
                       SELECT group_concat(m.text, char(10) || char(10))
                       FROM (SELECT subject || char(10) || body AS text FROM messages
                             WHERE debrief_id = d.id ORDER BY id) AS m
                   ), '') AS messages
            FROM debriefs AS d
            """,
            """
            CREATE VIRTUAL TABLE search USING fts5(
                name, email, role, stage, key_takeaways, strengths, growth_areas,
                private_notes, next_steps, messages,
                content = 'search_source', content_rowid = 'id',
                tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3'
            )
            """,
            "INSERT INTO search (search) VALUES ('rebuild')",
        ),
    )


def _v2_name_key(name: str) -> str:
    # Frozen copy of domain.candidates.name_key as of v2 (a migration must not change meaning
    # when that function does).
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def _v2_fill_candidates(conn: sqlite3.Connection) -> None:
    """One candidate per email address (trimmed, ASCII case ignored, as SQLite's lower()),
    and one per debrief without an email. Named after their latest debrief with a name."""
    rows = conn.execute(
        "SELECT id, candidate_name, preferred_name, trim(email), lower(trim(email)),"
        " started_at, updated_at FROM debriefs ORDER BY id"
    ).fetchall()
    groups: dict[str, list[tuple[object, ...]]] = {}
    for row in rows:
        key = row[4] or f"\x00{row[0]}"  # no email: a candidate of its own
        groups.setdefault(key, []).append(tuple(row))
    links: list[tuple[int | None, object]] = []
    for members in groups.values():  # in order of each group's first debrief: stable ids
        named = [m for m in members if str(m[1]).strip()] or members
        latest = named[-1]
        cursor = conn.execute(
            "INSERT INTO candidates (name, preferred_name, email, name_key, created_at,"
            " updated_at) VALUES (?, ?, ?, ?, ?, ?)",
            (
                latest[1],
                latest[2],
                members[-1][3],
                _v2_name_key(str(latest[1])),
                min(str(m[5]) for m in members),
                max(str(m[6]) for m in members),
            ),
        )
        links.extend((cursor.lastrowid, m[0]) for m in members)
    conn.executemany("UPDATE debriefs SET candidate_id = ? WHERE id = ?", links)


def _local(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value).astimezone()


def _v2_fill_follow_ups(conn: sqlite3.Connection) -> None:
    """State and due date of every debrief, with the deadlines in the saved settings.

    This calls the domain rules (followups.follow_up) and Settings rather than a frozen copy,
    on purpose: these columns are a cache of a pure function of rows this step does not
    change. The repository recomputes them on every save and Repository.reschedule() on a
    settings change, so a later change of the rules must recompute them anyway (in its own
    step); holiday calendars also change with the holidays package. What must not drift is
    the data itself, and this step writes no data, only the cache. Dates are local dates, as
    everywhere in the app. tests/unit/test_storage_migrations.py runs this step on a v1 file,
    so a change of these functions' signatures fails there first.
    """
    from followup_desktop.domain.choices import MessageStatus, Outcome
    from followup_desktop.domain.followups import MessageEvent, follow_up
    from followup_desktop.settings import Settings

    saved = conn.execute("SELECT value FROM preferences WHERE key = 'settings'").fetchone()
    timeline = (Settings() if saved is None else Settings.from_json(str(saved[0]))).timeline
    rows = conn.execute(
        "SELECT d.id, d.outcome, d.interview_at, d.completed_at,"
        " m.status, m.outcome, m.created_at, m.copied_at, m.sent_at"
        " FROM debriefs AS d LEFT JOIN messages AS m ON m.debrief_id = d.id"
        " ORDER BY d.id, m.id"
    )
    updates = []
    for debrief_id, group in itertools.groupby(rows, key=lambda row: row[0]):
        items = list(group)
        first = items[0]
        events = [
            MessageEvent(
                status=MessageStatus(row[4]),
                outcome=None if row[5] is None else Outcome(row[5]),
                created_at=_local(row[6]),
                copied_at=_local(row[7]),
                sent_at=_local(row[8]),
            )
            for row in items
            if row[4] is not None
        ]
        result = follow_up(
            outcome=Outcome(first[1]),
            interview_at=_local(first[2]),
            completed_at=_local(first[3]),
            messages=events,
            timeline=timeline,
        )
        changed, sent = result.state_changed_at, result.last_sent_at
        updates.append(
            (
                result.state.value,
                None if result.due_on is None else result.due_on.isoformat(),
                None if changed is None else changed.astimezone(UTC).isoformat(),
                None if sent is None else sent.astimezone(UTC).isoformat(),
                debrief_id,
            )
        )
    conn.executemany(
        "UPDATE debriefs SET follow_up_state = ?, due_on = ?, state_changed_at = ?,"
        " last_sent_at = ? WHERE id = ?",
        updates,
    )


# -- v3: what the Insights page reads, one narrow row per debrief ---------------------------

# The debrief columns a fact depends on: an UPDATE that sets any of them refreshes the row.
_V3_DEBRIEF_INPUTS = (
    "interview_at, started_at, completed_at, outcome, stage, share_feedback, growth_areas,"
    " archived_at, follow_up_state, due_on"
)
# A message "left the app" when it was copied (or opened in the mail app, or saved as .eml),
# or marked sent without that; one written while the outcome was undecided or on hold is a
# status update (domain.followups), any other is final.
_V3_LEFT = "coalesce(copied_at, sent_at, created_at)"
_V3_PENDING = "('undecided', 'on_hold')"


def _v3_debrief_facts(row: str) -> dict[str, str]:
    """The facts kept from debrief ``row`` ("NEW" in a trigger, an alias in a query), as SQL
    expressions by column. Local dates and times as the app shows them ('localtime', the
    same zone as Python's astimezone()), like ``due_on``; hours in tenths, never negative."""

    def tenths(later: str) -> str:
        hours = f"(julianday({row}.{later}) - julianday({row}.interview_at)) * 240.0"
        return f"CAST(round(max(0.0, {hours})) AS INTEGER)"

    return {
        "interview_on": f"date({row}.interview_at, 'localtime')",
        "interview_month": f"strftime('%Y-%m', {row}.interview_at, 'localtime')",
        "start_tenths": tenths("started_at"),
        "complete_tenths": tenths("completed_at"),
        "outcome": f"{row}.outcome",
        "stage": f"{row}.stage",
        "feedback": f"({row}.share_feedback AND trim({row}.growth_areas) != '')",
        "archived": f"({row}.archived_at IS NOT NULL)",
        "open": f"({row}.archived_at IS NULL AND {row}.follow_up_state != 'sent')",
        "due_on": f"{row}.due_on",
    }


def _v3_message_facts(debrief_id: str) -> dict[str, str]:
    """The facts kept from the messages of debrief ``debrief_id`` (an SQL expression)."""
    mine = f"FROM messages AS m WHERE m.debrief_id = {debrief_id} AND m.status != 'draft'"
    return {
        "first_word_on": f"(SELECT date(min({_V3_LEFT}), 'localtime') {mine})",
        "first_final_on": (
            f"(SELECT date(min({_V3_LEFT}), 'localtime') {mine} AND m.outcome NOT IN {_V3_PENDING})"
        ),
        "updates": f"(SELECT count(*) {mine} AND m.outcome IN {_V3_PENDING})",
    }


def _v3_assignments(facts: dict[str, str]) -> str:
    return ", ".join(f"{name} = {value}" for name, value in facts.items())


def _v3_refresh_messages(*debrief_ids: str) -> str:
    """Recompute the message facts of these debriefs (one UPDATE, whichever they are)."""
    facts = _v3_assignments(_v3_message_facts("debrief_facts.debrief_id"))
    return f"UPDATE debrief_facts SET {facts} WHERE debrief_id IN ({', '.join(debrief_ids)});"


def _folded(sql: str) -> str:
    """``sql`` with its white space folded: SQLite keeps the text of every trigger and index
    in the schema, which every connection reads."""
    return " ".join(sql.split())


def _v3_insight_facts(conn: sqlite3.Connection) -> None:
    """``debrief_facts``: one narrow row per debrief with what the Insights page counts, so
    that its figures for 100,000 debriefs read a few small indexes instead of every wide
    debrief row and its messages. Triggers keep the row in step with every write to debriefs
    and messages, whoever makes it (a new debrief has no messages yet: they come after it);
    the coach's counts (``coach_*``) are written by the app after it reviews a debrief's
    notes: NULL until then, which means "not known", not zero. Debriefs saved before this
    version get their counts the next time they are saved or opened (the coach is too slow to
    run over every old debrief here)."""
    debrief = _v3_debrief_facts("NEW")
    message = _v3_message_facts("d.id")
    statements = (
        """
        CREATE TABLE debrief_facts (
            debrief_id INTEGER PRIMARY KEY REFERENCES debriefs (id) ON DELETE CASCADE,
            interview_on TEXT,
            interview_month TEXT,
            start_tenths INTEGER,
            complete_tenths INTEGER,
            outcome TEXT NOT NULL,
            stage TEXT NOT NULL,
            feedback INTEGER NOT NULL,
            archived INTEGER NOT NULL,
            open INTEGER NOT NULL,
            due_on TEXT,
            first_word_on TEXT,
            first_final_on TEXT,
            updates INTEGER NOT NULL DEFAULT 0,
            coach_vague INTEGER,
            coach_bias INTEGER,
            coach_evidence INTEGER,
            coach_other INTEGER,
            coach_counted_at TEXT
        )
        """,
        f"""
        INSERT INTO debrief_facts (debrief_id, {", ".join(debrief)}, {", ".join(message)})
        SELECT d.id, {", ".join(_v3_debrief_facts("d").values())}, {", ".join(message.values())}
        FROM debriefs AS d
        """,
        f"""
        CREATE TRIGGER debrief_facts_added AFTER INSERT ON debriefs BEGIN
            INSERT INTO debrief_facts (debrief_id, {", ".join(debrief)})
            VALUES (NEW.id, {", ".join(debrief.values())});
        END
        """,
        f"""
        CREATE TRIGGER debrief_facts_changed AFTER UPDATE OF {_V3_DEBRIEF_INPUTS}
        ON debriefs BEGIN
            UPDATE debrief_facts SET {_v3_assignments(debrief)} WHERE debrief_id = NEW.id;
        END
        """,
        f"""
        CREATE TRIGGER debrief_facts_message_added AFTER INSERT ON messages BEGIN
            {_v3_refresh_messages("NEW.debrief_id")}
        END
        """,
        f"""
        CREATE TRIGGER debrief_facts_message_changed AFTER UPDATE ON messages BEGIN
            {_v3_refresh_messages("NEW.debrief_id", "OLD.debrief_id")}
        END
        """,
        f"""
        CREATE TRIGGER debrief_facts_message_removed AFTER DELETE ON messages BEGIN
            {_v3_refresh_messages("OLD.debrief_id")}
        END
        """,
        # One index per kind of figure, each in the order its query groups by, so each figure
        # is one pass over a narrow index with no sort (storage/insights_rows.py names which
        # query reads which). Hours by month of the interview: charts by month or quarter
        # read a few hundred groups; charts by week group the few weeks they cover by day.
        "CREATE INDEX debrief_facts_decisions ON debrief_facts (interview_on, outcome,"
        " feedback, coach_vague, coach_bias, coach_evidence, coach_other)",
        "CREATE INDEX debrief_facts_words ON debrief_facts (interview_on, first_word_on, archived)",
        "CREATE INDEX debrief_facts_started ON debrief_facts"
        " (interview_month, start_tenths, interview_on)",
        "CREATE INDEX debrief_facts_completed ON debrief_facts"
        " (interview_month, complete_tenths, interview_on) WHERE complete_tenths IS NOT NULL",
        "CREATE INDEX debrief_facts_pending ON debrief_facts"
        " (interview_on, first_final_on, outcome, archived, updates)"
        f" WHERE outcome IN {_V3_PENDING} OR updates > 0",
        "CREATE INDEX debrief_facts_open ON debrief_facts (interview_on, due_on, open) WHERE open",
        "CREATE INDEX debrief_facts_stages ON debrief_facts (stage, outcome, interview_on)",
        # The debriefs the coach has still to count, newest first (the app counts them in
        # the background, a few at a time, while nobody is typing).
        "CREATE INDEX debrief_facts_uncounted ON debrief_facts (debrief_id)"
        " WHERE coach_counted_at IS NULL",
    )
    _run(conn, (_folded(statement) for statement in statements))


MIGRATIONS: tuple[Migration, ...] = (
    _v1_initial,
    _v2_candidates_timelines_search,
    _v3_insight_facts,
)
