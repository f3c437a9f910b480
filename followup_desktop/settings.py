"""The interviewer's settings: who signs the messages and how the app behaves. No Qt."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

DEFAULT_COMPETENCIES = (
    "Problem solving",
    "Communication",
    "Technical depth",
    "Collaboration",
)


@dataclass(frozen=True)
class Settings:
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
            elif type(value) is not type(default):  # bool is not int, int is not bool
                continue
            if value is not None:
                kept[item.name] = value
        return replace(defaults, **kept)


def _roles(value: object) -> dict[str, tuple[str, ...]] | None:
    if not isinstance(value, dict):
        return None
    roles = {}
    for role, items in value.items():
        if isinstance(role, str) and isinstance(items, list | tuple):
            roles[role] = tuple(item for item in items if isinstance(item, str))
    return roles
