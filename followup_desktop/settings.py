"""The interviewer's settings: who signs the messages and how the app behaves. No Qt."""

from __future__ import annotations

from dataclasses import dataclass, field

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
    # Competencies a new scorecard starts with, by role (case-insensitive); "" is the fallback.
    competencies_by_role: dict[str, tuple[str, ...]] = field(default_factory=dict)
    welcome_done: bool = False

    def competencies_for(self, role: str) -> tuple[str, ...]:
        wanted = role.strip().casefold()
        for name, items in self.competencies_by_role.items():
            if name.strip().casefold() == wanted and items:
                return items
        return self.competencies_by_role.get("", DEFAULT_COMPETENCIES) or DEFAULT_COMPETENCIES

    @property
    def is_signature_ready(self) -> bool:
        return bool(self.interviewer_name.strip() and self.company.strip())
