"""What the benchmark scripts share: timing, percentiles, and the figures they report.

Each script prints its own lines; given ``--json FILE`` it also appends its figures to FILE (one
JSON object a line), which is how ``run.py`` gathers them into one table.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path


def percentile(values: Sequence[float], fraction: float) -> float:
    """The ``fraction`` quantile by linear interpolation (what numpy calls 'linear')."""
    ordered = sorted(values)
    position = (len(ordered) - 1) * fraction
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def timed_ms(call: Callable[[], object], runs: int, *, warm: bool = True) -> list[float]:
    """``runs`` timings of ``call`` in milliseconds, after one untimed call when ``warm``
    (without it, the first sample is the cold one)."""
    if warm:
        call()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


@dataclass(frozen=True)
class Figure:
    """One measured figure: its median (and worst) against a target, and, where the issue
    names a reference (a bare window), the reference's median and the ratio."""

    name: str
    size: str  # the data it was measured on: "100,000 debriefs", "2,000-word debrief"
    median: float
    unit: str  # "ms", "MB"
    target: float  # the bar the median (or the ratio, when there is a reference) must stay under
    worst: float | None = None
    reference: float | None = None
    ratio: float | None = None
    note: str = ""
    statistic: str = "median"  # what ``median`` holds: "longest" for a worst-case bar

    @property
    def within(self) -> bool:
        value = self.ratio if self.ratio is not None else self.median
        return value <= self.target

    def line(self) -> str:
        text = f"{self.name} ({self.size}): {self.statistic} {self.median:.1f} {self.unit}"
        if self.worst is not None:
            text += f", worst {self.worst:.1f} {self.unit}"
        if self.ratio is not None:
            text += f"; reference {self.reference:.1f} {self.unit}, ratio {self.ratio:.2f}"
            bar = f"{self.target:.2g}x"
        else:
            bar = f"{self.target:g} {self.unit}"
        return f"{text}; target {bar}: {'within' if self.within else 'OVER'}"


def report(figures: Iterable[Figure], json_path: Path | None) -> bool:
    """Print each figure; append them to ``json_path`` when given. True when all are within."""
    figures = list(figures)
    for figure in figures:
        print(figure.line())
    if json_path is not None:
        with json_path.open("a", encoding="utf-8") as out:
            for figure in figures:
                out.write(json.dumps(asdict(figure)) + "\n")
    return all(figure.within for figure in figures)


def read(json_path: Path) -> list[Figure]:
    """The figures appended to ``json_path``, in order."""
    if not json_path.exists():
        return []
    lines = json_path.read_text(encoding="utf-8").splitlines()
    return [Figure(**json.loads(line)) for line in lines if line.strip()]
