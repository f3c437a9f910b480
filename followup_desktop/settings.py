"""The interviewer's settings: who signs the messages and how the app behaves. No Qt."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields, replace
from functools import cached_property
from pathlib import Path
from typing import Any

from followup_desktop.domain.timeline import Timeline

DEFAULT_COMPETENCIES = (
    "Problem solving",
    "Communication",
    "Technical depth",
    "Collaboration",
)


@dataclass(frozen=True)
class Settings:
    """The interviewer's settings, as saved in the data file."""

    interviewer_name: str = ""
    interviewer_title: str = ""
    interviewer_email: str = ""
    signature: str = ""
    company: str = ""
    respond_within_days: int = 2
    # The coach flags a message harder to read than this (Flesch reading ease, 0-100).
    reading_ease_min: float = 40.0
    # Competencies a new scorecard starts with, by role (case-insensitive); "" is the fallback.
    competencies_by_role: dict[str, tuple[str, ...]] = field(default_factory=dict)
    welcome_done: bool = False
    # A folder of shared templates (for example on a synced drive), read-only; "" for none.
    team_templates_dir: str = ""
    # While undecided or on hold, a status update every this many business days.
    update_every_days: int = 3
    # The days the interviewer works (Monday 0 ... Sunday 6); deadlines count only these.
    working_days: tuple[int, ...] = (0, 1, 2, 3, 4)
    # Public holidays skipped by deadlines: an ISO country code the ``holidays`` package
    # knows ("" for none) and optionally one of its subdivisions ("ENG", "BY", "CA", ...).
    holiday_country: str = ""
    holiday_subdivision: str = ""
    # Backups (storage.backup_schedule.BackupPolicy): every backup of the last this many days, then
    # the newest of each of this many days, then of each of this many ISO weeks.
    keep_recent_days: int = 2
    keep_daily: int = 10
    keep_weekly: int = 8
    # Finished candidates (every debrief with its final outcome) idle longer than this many
    # days are offered for deletion (Repository.due_for_purge); 0 keeps them forever.
    retention_days: int = 180

    def competencies_for(self, role: str) -> tuple[str, ...]:
        wanted = role.strip().casefold()
        for name, items in self.competencies_by_role.items():
            if name.strip().casefold() == wanted and items:
                return items
        return self.competencies_by_role.get("", DEFAULT_COMPETENCIES) or DEFAULT_COMPETENCIES

    @property
    def team_templates_path(self) -> Path | None:
        """The team templates folder, or None when none is set."""
        text = self.team_templates_dir.strip()
        return Path(text).expanduser() if text else None

    @cached_property
    def timeline(self) -> Timeline:
        """The deadlines these settings ask for.

        Never fails, so the app always starts: a holiday country or subdivision the installed
        ``holidays`` package does not know (a settings file from another version, or edited
        by hand) falls back to no public holidays, and any other value out of range to its
        default.
        """
        defaults = Timeline()
        respond = self.respond_within_days
        update = self.update_every_days
        days = frozenset(day for day in self.working_days if type(day) is int and 0 <= day <= 6)
        plain = Timeline(
            respond_within_days=respond if respond >= 0 else defaults.respond_within_days,
            update_every_days=update if update >= 0 else defaults.update_every_days,
            working_days=days or defaults.working_days,
        )
        if not self.holiday_country.strip():
            return plain
        try:
            return replace(
                plain, country=self.holiday_country, subdivision=self.holiday_subdivision
            )
        except ValueError:
            return plain

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> Settings:
        """Settings from their saved form; a damaged or foreign value falls back to its default
        rather than stopping the app (each field is kept only when it has the right type)."""
        try:
            data = json.loads(text)
        except ValueError:
            return cls()
        if not isinstance(data, dict):
            return cls()
        defaults = cls()
        kept: dict[str, Any] = {}
        for item in fields(cls):
            value = data.get(item.name)
            default = getattr(defaults, item.name)
            if item.name == "competencies_by_role":
                value = _roles(value)
            elif item.name == "working_days":
                value = _working_days(value)
            elif type(value) is not type(default):  # bool is not int, int is not bool
                continue
            if item.name in _COUNTS and isinstance(value, int) and value < 0:
                continue
            if value is not None:
                kept[item.name] = value
        return replace(defaults, **kept)


# Counts of days or backups: a negative one (edited by hand) falls back to its default.
_COUNTS = frozenset({"keep_recent_days", "keep_daily", "keep_weekly", "retention_days"})


def _working_days(value: object) -> tuple[int, ...] | None:
    """A non-empty list of distinct weekday numbers 0-6, sorted; None (the default) if not."""
    if not isinstance(value, list | tuple) or not value:
        return None
    if not all(type(day) is int and 0 <= day <= 6 for day in value):
        return None
    return tuple(sorted(set(value)))


def _roles(value: object) -> dict[str, tuple[str, ...]] | None:
    if not isinstance(value, dict):
        return None
    roles = {}
    for role, items in value.items():
        if isinstance(role, str) and isinstance(items, list | tuple):
            roles[role] = tuple(item for item in items if isinstance(item, str))
    return roles
