"""Recall and false alarms of the feedback coach on a labelled set of sentences.

    .venv/bin/python benchmarks/coach_eval.py FILE.tsv [--show-misses]

FILE.tsv has a header and the columns ``label`` (vague, bias or ok) and ``text``. Each text is
reviewed with ``audience="notes"`` and no debrief. A "vague" or "bias" sentence is caught when
``review`` returns at least one finding of that category; an "ok" sentence is a false alarm when
it gets any "vague" or "bias" finding. Prints, per category, the recall and the false-alarm rate
(the share of "ok" sentences with a finding of that category), then the overall false-alarm rate.
``--show-misses`` lists the sentences missed and the false alarms with the words flagged.
Exit status 0; 2 when the file cannot be read.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from followup_desktop.coach import Finding, load_problems, review

CATEGORIES = ("vague", "bias")
LABELS = (*CATEGORIES, "ok")


@dataclass(frozen=True)
class Case:
    label: str
    text: str


def read_cases(path: Path) -> list[Case]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    if not rows:
        return []
    header = [cell.strip().lower() for cell in rows[0]]
    if "label" not in header or "text" not in header:
        raise ValueError(f"{path}: the header must name the columns 'label' and 'text'")
    label_at, text_at = header.index("label"), header.index("text")
    cases = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        label = row[label_at].strip().lower()
        if label not in LABELS:
            raise ValueError(f"{path}:{number}: unknown label {label!r}")
        cases.append(Case(label, row[text_at]))
    return cases


def flagged(findings: Sequence[Finding], text: str, category: str) -> list[str]:
    return [f"{text[f.start : f.end]!r} ({f.rule_id})" for f in findings if f.category == category]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", type=Path, help="TSV with columns label and text")
    parser.add_argument("--show-misses", action="store_true", help="list misses and false alarms")
    args = parser.parse_args(argv)
    try:
        cases = read_cases(args.file)
    except (OSError, ValueError) as error:
        print(error, file=sys.stderr)
        return 2
    for problem in load_problems():
        print(f"rule file problem: {problem}", file=sys.stderr)

    ok_cases = [c for c in cases if c.label == "ok"]
    misses: list[str] = []
    alarms: list[str] = []
    alarm_texts: set[str] = set()
    print(f"{args.file}: {len(cases)} sentences")
    print(f"{'category':<10}{'recall':>16}{'false alarms':>20}")
    results = {c.text: review(c.text, audience="notes") for c in cases}
    for category in CATEGORIES:
        positives = [c for c in cases if c.label == category]
        caught = [c for c in positives if flagged(results[c.text], c.text, category)]
        false = [c for c in ok_cases if flagged(results[c.text], c.text, category)]
        recall = len(caught) / len(positives) if positives else float("nan")
        rate = len(false) / len(ok_cases) if ok_cases else float("nan")
        print(
            f"{category:<10}{recall:>8.3f} ({len(caught)}/{len(positives)})"
            f"{rate:>12.3f} ({len(false)}/{len(ok_cases)})"
        )
        misses += [f"  missed {category}: {c.text}" for c in positives if c not in caught]
        for c in false:
            alarm_texts.add(c.text)
            words = ", ".join(flagged(results[c.text], c.text, category))
            alarms.append(f"  false {category}: {c.text}  <- {words}")
    if ok_cases:
        overall = len(alarm_texts) / len(ok_cases)
        print(f"{'any':<10}{'':>16}{overall:>12.3f} ({len(alarm_texts)}/{len(ok_cases)})")
    if args.show_misses:
        print("\n".join(misses + alarms) or "  no misses, no false alarms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
