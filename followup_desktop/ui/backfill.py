"""Counting the coach's findings in debriefs written before the counts were kept (the Insights
page's coach chart), a few at a time, in the background, only while nobody is typing.

The counts of a debrief are kept from version 3 of the data file on, when it is saved or
opened. A file upgraded from an older version has every earlier debrief uncounted; this
counts them once, newest first, without ever holding up the person's keys.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from followup_desktop.insights.coaching import count_findings
from followup_desktop.storage import NotFound, Repository, StorageError

if TYPE_CHECKING:
    from followup_desktop.domain.model import Debrief
    from followup_desktop.ui.coach_view import Reviewer
    from followup_desktop.ui.quiet import QuietGate

    Counted = list[tuple[int, dict[str, int]]]

BATCH = 5  # debriefs a job: a few tens of milliseconds of the coach's worker
NEXT_MS = 50  # between batches
IN_USE_MS = 1000  # look again this long after finding the person at work
FAILED_MS = 60_000  # the data file refused: try again this long after


class CoachBackfill(QObject):
    """Counts the uncounted debriefs in batches on the coach's worker thread, storing each
    batch in one transaction; waits while ``gate`` says the app is in use."""

    finished = Signal(int)  # how many debriefs were counted

    def __init__(
        self,
        repository: Repository,
        reviewer: Reviewer,
        gate: QuietGate,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._repository = repository
        self._reviewer = reviewer
        self._gate = gate
        self.counted = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._next)

    def start(self) -> None:
        self._timer.start(0)

    @Slot()
    def _next(self) -> None:
        if self._gate.in_use():
            self._timer.start(IN_USE_MS)
            return
        try:
            batch = self._read(self._repository.uncounted_debriefs(BATCH))
        except StorageError:  # the window reports the file's problems; try again later
            self._timer.start(FAILED_MS)
            return
        if not batch:
            self.finished.emit(self.counted)
            return

        def job() -> Counted:  # on the coach's worker thread
            return [(debrief_id, count_findings(debrief)) for debrief_id, debrief in batch]

        self._reviewer.submit(job, self._store)

    def _read(self, ids: list[int]) -> list[tuple[int, Debrief]]:
        found = []
        for debrief_id in ids:
            try:
                found.append((debrief_id, self._repository.get_debrief(debrief_id)))
            except NotFound:  # deleted meanwhile: nothing to count
                continue
        return found

    def _store(self, counted: Counted) -> None:  # back on the GUI thread
        try:
            self.counted += self._repository.import_coach_counts(counted)
        except StorageError:
            self._timer.start(FAILED_MS)
            return
        self._timer.start(NEXT_MS)
