"""How fast search and Home answer on a big data folder (plain timings, no assertions).

    python benchmarks/search.py --data-dir /tmp/fud-100k [--debriefs 100000] [--runs 15]
        [--today 2026-03-04] [--plans]

Run it with the project's virtual environment (``.venv/bin/python``). When the data folder
has no debriefs yet, it is filled first with ``make_dataset.py`` (``--debriefs``, seed 1,
relative to ``--today``). Each measurement repeats a call ``--runs`` times in-process, on a
warm page cache, and prints the median and 95th percentile in milliseconds:

- ``search()`` first page (50 hits) for queries typed letter by letter: every prefix of a
  last name, of a role word, of a phrase from the notes, and of an email address; each
  prefix counts as one sample, as the search box runs one query per keystroke;
- Home: ``list_summaries(show="open")`` first 100 rows, ``show="sent"``, ``show="all"``,
  ``count_overdue`` and ``count_summaries``;
- "Home first screen": the open list's first page plus ``count_overdue`` plus
  ``count_summaries`` together, as Home does on start.

Targets at 100,000 debriefs: search first page < 50 ms, Home first screen < 100 ms.
``--plans`` also prints SQLite's EXPLAIN QUERY PLAN of Home's queries. ``--writes`` also
times, on a copy of the database (the data folder is never changed), an autosave of a debrief
whose notes are being typed, of a message being typed, and ``reschedule()`` after a change of
the deadlines.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import functools
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import make_dataset
from figures import Figure, percentile, report, timed_ms

from followup_desktop.domain.model import Message
from followup_desktop.storage import Repository, open_database, prepare_data_folder

SEARCH_MS = 50
AUTOSAVE_MS = 50  # a save runs between keys: well under a frame's budget of a pause
TYPED = (
    "Kowalski",  # a last name
    "Nguyễn",  # a last name with diacritics, typed with them
    "Fernandez",  # a last name with an accent, typed without it
    "engineer",  # a role word
    "competing offer",  # a phrase from the private notes
    "billing migration",  # a phrase from the strengths and messages
    "jose.garcia",  # the start of an email address
)


def show(label: str, samples: Sequence[float], extra: str = "") -> None:
    median = statistics.median(samples)
    p95 = percentile(samples, 0.95)
    print(f"{label:<48} median {median:7.2f} ms   p95 {p95:7.2f} ms  {extra}")


def plans(repo: Repository, today: date) -> None:
    conn = repo._conn
    from followup_desktop.storage import repository as module

    queries = {
        "open": f"SELECT {module._SUMMARY_COLUMNS} FROM debriefs WHERE {module._WHERE['open']}"
        f" ORDER BY {module._ORDER['open']} LIMIT 100",
        "sent": f"SELECT {module._SUMMARY_COLUMNS} FROM debriefs WHERE {module._WHERE['sent']}"
        f" ORDER BY {module._ORDER['sent']} LIMIT 100",
        "archived": f"SELECT {module._SUMMARY_COLUMNS} FROM debriefs"
        f" WHERE {module._WHERE['archived']} ORDER BY {module._ORDER['archived']} LIMIT 100",
        "count open": f"SELECT count(*) FROM debriefs WHERE {module._WHERE['open']}",
        "count overdue": f"SELECT count(*) FROM debriefs WHERE {module._WHERE['open']}"
        f"{module._DATED} AND due_on < '{today.isoformat()}'",
        "reminders": f"SELECT {module._SUMMARY_COLUMNS} FROM debriefs"
        f" WHERE {module._WHERE['open']}{module._DATED} AND due_on <= '{today.isoformat()}'"
        f" ORDER BY {module._DATED_ORDER} LIMIT 50",
    }
    for label, query in queries.items():
        print(f"-- {label}")
        for row in conn.execute("EXPLAIN QUERY PLAN " + query):
            print("   ", row[3])


def writes(path: Path, runs: int) -> list[float]:
    """Autosave and reschedule timings on a copy of the database; returns the autosaves of a
    debrief being typed (ms)."""
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / path.name
        with (
            contextlib.closing(sqlite3.connect(path)) as source,
            contextlib.closing(sqlite3.connect(copy)) as target,
        ):
            source.backup(target)
        repo = Repository(open_database(copy), copy)
        try:
            debrief_id = repo.count_debriefs() // 2
            debrief = repo.get_debrief(debrief_id)
            typed: list[float] = []
            for n in range(runs * 4):
                debrief = dataclasses.replace(
                    debrief, private_notes=f"{debrief.private_notes} word{n}"
                )
                started = time.perf_counter()
                repo.save_debrief(debrief)
                typed.append((time.perf_counter() - started) * 1000)
            autosaves = typed[1:]
            show("save_debrief, notes typed (autosave)", autosaves)
            message = repo.save_message(
                Message(debrief_id, "advance", "Next steps", "Hi", datetime.now(UTC))
            )
            typed = []
            for n in range(runs * 4):
                message = dataclasses.replace(message, body=f"{message.body} word{n}")
                started = time.perf_counter()
                message = repo.save_message(message)
                typed.append((time.perf_counter() - started) * 1000)
            show("save_message, body typed (autosave)", typed[1:])
            timeline = repo.timeline
            for days in (timeline.respond_within_days + 3, timeline.respond_within_days):
                started = time.perf_counter()
                changed = repo.reschedule(dataclasses.replace(timeline, respond_within_days=days))
                elapsed = (time.perf_counter() - started) * 1000
                print(f"{'reschedule() to respond within ' + str(days) + ' days':<48} "
                      f"{elapsed:7.0f} ms   ({changed} due dates changed)")  # fmt: skip
        finally:
            repo.close()
    return autosaves


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--debriefs", type=int, default=100_000, help="when making the data")
    parser.add_argument("--runs", type=int, default=15, help="repeats of each call")
    parser.add_argument("--today", type=date.fromisoformat, default=date(2026, 3, 4))
    parser.add_argument("--plans", action="store_true", help="print the query plans")
    parser.add_argument("--writes", action="store_true", help="time saves, on a copy")
    parser.add_argument("--json", type=Path, help="append the figures to this file")
    args = parser.parse_args(argv)

    path = prepare_data_folder(args.data_dir)
    repo = Repository(open_database(path), path)
    if not repo.count_debriefs():
        repo.close()
        print(f"making {args.debriefs} debriefs in {args.data_dir} ...", flush=True)
        status = make_dataset.main(
            ["--debriefs", str(args.debriefs), "--data-dir", str(args.data_dir),
             "--today", args.today.isoformat()]
        )  # fmt: skip
        if status:
            return status
        repo = Repository(open_database(path), path)
    today: date = args.today
    try:
        total = repo.count_debriefs()
        print(f"{total} debriefs in {path}; {args.runs} runs per measurement\n")
        all_typed: list[float] = []
        for word in TYPED:
            samples: list[float] = []
            for end in range(1, len(word) + 1):
                samples += timed_ms(functools.partial(repo.search, word[:end]), args.runs)
            all_typed += samples
            hits = len(repo.search(word))
            show(f"search typed {word!r} (every prefix)", samples, f"{hits} hits at the end")
        show("search, all of the above", all_typed)
        print()
        home = {
            'list_summaries(show="open") first 100': lambda: repo.list_summaries(
                show="open", limit=100
            ),
            'list_summaries(show="sent") first 100': lambda: repo.list_summaries(
                show="sent", limit=100
            ),
            'list_summaries(show="all") first 100': lambda: repo.list_summaries(
                show="all", limit=100
            ),
            'list_summaries(show="open") rows 1000-1100': lambda: repo.list_summaries(
                show="open", offset=1000, limit=100
            ),
            "count_overdue(today)": lambda: repo.count_overdue(today),
            'count_summaries(show="open")': lambda: repo.count_summaries(show="open"),
            'count_summaries(show="all")': lambda: repo.count_summaries(show="all"),
            "reminders(today)": lambda: repo.reminders(today),
        }
        for label, call in home.items():
            show(label, timed_ms(call, args.runs))

        def first_screen() -> None:
            repo.list_summaries(show="open", limit=100)
            repo.count_overdue(today)
            repo.count_summaries(show="open")

        show("Home first screen (open page + counts)", timed_ms(first_screen, args.runs))
        size = f"{total:,} debriefs"
        figures = [
            Figure("Search first page (50 hits), per letter typed", size,
                   statistics.median(all_typed), "ms", SEARCH_MS,
                   worst=percentile(all_typed, 0.95), note="worst: 95th percentile")
        ]  # fmt: skip
        if args.writes:
            print()
            saves = writes(path, args.runs)
            figures.append(
                Figure("Autosave write (a debrief being typed)", size, statistics.median(saves),
                       "ms", AUTOSAVE_MS, worst=percentile(saves, 0.95),
                       note="worst: 95th percentile")
            )  # fmt: skip
        if args.plans:
            print()
            plans(repo, today)
        print()
        report(figures, args.json)
    finally:
        repo.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
