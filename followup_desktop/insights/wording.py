"""The Insights page in words and chart data: for each figure, a plain sentence that states
it and how it changed since the period before, and what its chart draws. No Qt.

Second person, no jargon ("typically" is the median), singular and plural and zero said
properly; a change is "up from", "down from" or "the same as", and left out when the
previous period has nothing to compare with.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from followup_desktop.domain.choices import Outcome
from followup_desktop.insights.figures import Insights, Measures, Value
from followup_desktop.insights.periods import Period

ChartKind = Literal["line", "columns", "rows"]


@dataclass(frozen=True)
class Series:
    """One line or one colour of bars. ``key`` names it for the colours
    ("started", an outcome's value, a coach category...)."""

    key: str
    name: str
    values: tuple[float | None, ...]


@dataclass(frozen=True)
class Chart:
    """What to draw: a line per series over the period's steps ("line"), stacked columns
    ("columns") or stacked horizontal bars ("rows") over ``categories``."""

    kind: ChartKind
    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    axis: str  # what the values are, for the value axis
    percent: bool = False
    steps_axis: str = ""  # what the categories are, when they need saying

    @property
    def has_data(self) -> bool:
        return any(value for series in self.series for value in series.values)


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    sentences: tuple[str, ...]
    chart: Chart


def plural(count: float, word: str, many: str | None = None) -> str:
    """``1 debrief``, ``2 debriefs``, ``0 debriefs``, ``1.5 days``, ``1,200 debriefs`` (the
    number as it is written decides: 0.96 is written "1", so "1 day")."""
    text = number(count)
    return f"{text} {word if text == '1' else many or word + 's'}"


def number(value: float) -> str:
    """A count or a figure with at most one decimal, without a trailing ``.0``."""
    text = f"{value:,.1f}"
    return text[:-2] if text.endswith(".0") else text


def _of(part: int, count: int) -> str:
    return f"{part:,} of {count:,}"


def percent(value: float) -> str:
    return f"{round(value)}%"


def duration(hours: float) -> str:
    """``40 minutes``, ``1.5 hours``, ``13 hours``, ``2.5 days``; ``a few minutes`` for 0."""
    if hours <= 0:
        return "a few minutes"
    if hours < 1:
        return plural(max(1, round(hours * 60)), "minute")
    if hours < 10:
        return plural(round(hours, 1), "hour")
    if hours < 48:
        return plural(round(hours), "hour")
    return plural(round(hours / 24, 1), "day")


def business_days(days: float) -> str:
    return plural(days, "business day")


def _per_debrief(value: float) -> str:
    text = number(value)
    return "none" if text == "0" else text


def _period(insights: Insights) -> str:
    """`` this quarter``, `` in the last 30 days``; nothing for all time."""
    name = insights.span.name
    return f" {name}" if name else ""


_FROM = {
    Period.LAST_30_DAYS: " from the last 30 days",
    Period.QUARTER: " from this quarter",
    Period.YEAR: " from this year",
    Period.ALL: "",
}


def change(
    insights: Insights, pick: Callable[[Measures], Value], say: Callable[[float], str]
) -> str:
    """``, up from 64% last quarter``; ``, the same as last quarter``; nothing when there is
    nothing to compare with (all time, or nothing measured in the previous period)."""
    current = pick(insights.current).value
    if insights.before is None or insights.previous is None or current is None:
        return ""
    earlier = pick(insights.before).value
    if earlier is None:
        return ""
    when = insights.previous.name
    if say(current) == say(earlier):
        return f", the same as {when}"
    direction = "up" if current > earlier else "down"
    return f", {direction} from {say(earlier)} {when}"


def _after(hours: float) -> str:
    if hours <= 0:
        return "within minutes of the interview"
    return f"{duration(hours)} after the interview"


def notes_sentences(insights: Insights) -> tuple[str, ...]:
    started, finished = insights.current.started, insights.current.finished
    if started.value is None:
        return ()
    said = [
        f"You typically started your notes {_after(started.value)}{_period(insights)}"
        f"{change(insights, lambda m: m.started, duration)}."
    ]
    if finished.value is None:
        said.append("None of them is finished yet.")
    else:
        said.append(
            f"You typically finished them {_after(finished.value)}"
            f"{change(insights, lambda m: m.finished, duration)}."
        )
    return tuple(said)


def within(insights: Insights) -> str:
    days = insights.respond_within_days
    return "on the day of the interview" if days == 0 else f"within {business_days(days)}"


def reply_sentences(insights: Insights) -> tuple[str, ...]:
    when, on_time, reply = _period(insights), insights.current.on_time, insights.current.reply_days
    moved = change(insights, lambda m: m.on_time, percent)
    if on_time.count == 0 or on_time.value is None:
        first = f"No follow-up was due yet{when}."
    elif on_time.count == 1:
        first = (
            f"You sent your one follow-up {within(insights)}{when}{moved}."
            if on_time.part
            else f"Your one follow-up{when} was not sent {within(insights)}{moved}."
        )
    else:
        first = (
            f"You sent {percent(on_time.value)} of follow-ups {within(insights)}{when}"
            f" ({_of(on_time.part, on_time.count)}){moved}."
        )
    if reply.value is None:
        return first, f"No message to a candidate has left the app yet{when}."
    heard = (
        "on the day of the interview"
        if reply.value == 0
        else f"{business_days(reply.value)} after the interview"
    )
    return first, (
        f"Candidates typically heard from you {heard}"
        f"{change(insights, lambda m: m.reply_days, business_days)}."
    )


def _ago(days: int) -> str:
    return "today" if days == 0 else "yesterday" if days == 1 else f"{days:,} days ago"


def open_sentences(insights: Insights) -> tuple[str, ...]:
    found, whence = insights.open, _FROM[insights.period]
    if found.count == 0:
        return (f"Every follow-up{whence} is sent or archived: nobody is waiting on you.",)
    age = _ago(found.oldest_days or 0)
    if found.count == 1:
        late = " and overdue" if found.overdue else ""
        return (f"1 follow-up{whence} is still open{late}: the interview was {age}.",)
    late = "none of them overdue" if found.overdue == 0 else f"{found.overdue:,} of them overdue"
    return (
        f"{found.count:,} follow-ups{whence} are still open, {late}; the oldest interview "
        f"was {age}.",
    )


def decided_sentences(insights: Insights) -> tuple[str, ...]:
    decided, when = insights.current.decided, _period(insights)
    if decided.count == 0 or decided.value is None:
        return ()
    if decided.count == 1:
        return (
            (f"You reached a decision on your one interview{when}.",)
            if decided.part
            else (f"Your one interview{when} has no decision yet.",)
        )
    return (
        f"You reached a decision on {percent(decided.value)} of your interviews{when}"
        f" ({_of(decided.part, decided.count)}){change(insights, lambda m: m.decided, percent)}.",
    )


COACH_WORDS = {
    "vague": ("vague phrase", "vague phrases"),
    "bias": ("biased or risky phrase", "biased or risky phrases"),
    "evidence": ("rating with too little evidence", "ratings with too little evidence"),
    "other": ("other finding", "other findings"),
}
COACH_NAMES = {  # short: they name the lines under a small chart
    "vague": "Vague",
    "bias": "Biased or risky",
    "evidence": "Thin evidence",
    "other": "Other",
}


def _coach_value(category: str) -> Callable[[Measures], Value]:
    return lambda measures: measures.coach.get(category, Value(None))


def shown_categories(insights: Insights) -> tuple[str, ...]:
    """Vague and biased wording always; the others when found now or before."""
    shown = []
    for category in COACH_WORDS:
        values = [_coach_value(category)(m).value for m in (insights.current, insights.before) if m]
        if category in ("vague", "bias") or any(values):
            shown.append(category)
    return tuple(shown)


def coach_sentences(insights: Insights) -> tuple[str, ...]:
    when, current = _period(insights), insights.current
    counted = current.coach.get("vague", Value(None)).count
    waiting = current.coach_unknown
    if counted == 0:
        return (
            f"The coach has not counted the findings in your notes{when} yet: it counts a "
            "debrief's when you save or open it, and older ones while you leave the app alone.",
        )
    said = []
    for index, category in enumerate(shown_categories(insights)):
        value = _coach_value(category)(current).value or 0.0
        one, many = COACH_WORDS[category]
        none = number(value) == "0"  # fewer than one in twenty debriefs reads as none
        found = f"no {many}" if none else plural(value, one, many)
        per = "" if none else " per debrief"
        moved = change(insights, _coach_value(category), _per_debrief)
        if index == 0:
            said.append(f"The coach found {found}{per} in your notes{when}{moved}.")
        else:
            said.append(f"It found {found}{per}{moved}.")
    if waiting:
        verb = "is" if waiting == 1 else "are"
        said.append(
            f"{plural(waiting, 'debrief')} {verb} not counted yet: the coach counts them "
            "while you leave the app alone."
        )
    return tuple(said)


def feedback_sentences(insights: Insights) -> tuple[str, ...]:
    when, shared = _period(insights), insights.current.feedback
    if shared.count == 0 or shared.value is None:
        first = f"You did not turn anyone down{when}."
    elif shared.count == 1:
        first = (
            f"You shared specific feedback with the one candidate you turned down{when}."
            if shared.part
            else f"You turned one candidate down{when}, without specific feedback."
        )
    else:
        first = (
            f"You shared specific feedback with {percent(shared.value)} of the candidates you "
            f"turned down{when} ({_of(shared.part, shared.count)})"
            f"{change(insights, lambda m: m.feedback, percent)}."
        )
    late = insights.current.updated
    if late.count == 0 or late.value is None:
        second = f"No decision ran past its respond-by date{when}."
    elif late.count == 1:
        second = (
            f"One decision ran late{when}, and you sent the candidate a status update."
            if late.part
            else f"One decision ran late{when}, without a status update to the candidate."
        )
    else:
        second = (
            f"When a decision ran late, you sent a status update {percent(late.value)} of the "
            f"time{when} ({_of(late.part, late.count)})"
            f"{change(insights, lambda m: m.updated, percent)}."
        )
    return first, second


Line = tuple[str, str, Callable[[Measures], Value]]  # key, name, the figure of a step


def _trend(
    insights: Insights,
    key: str,
    titles: tuple[str, str],
    sentences: tuple[str, ...],
    lines: Sequence[Line],
    axis: str,
    *,
    percent: bool = False,
) -> Section:
    """A section whose chart follows figures over the period's steps, a line each."""
    steps = tuple(bucket.label for bucket in insights.buckets)
    series = tuple(
        Series(name, label, tuple(pick(step).value for step in insights.steps))
        for name, label, pick in lines
    )
    title, chart_title = titles
    return Section(
        key, title, sentences, Chart("line", chart_title, steps, series, axis, percent=percent)
    )


def sections(insights: Insights) -> tuple[Section, ...]:
    """The page, top to bottom: a title, the sentences, and the chart of each figure."""
    days = insights.respond_within_days
    on_time_title = (
        "Follow-ups sent on the day of the interview"
        if days == 0
        else f"Follow-ups sent within {business_days(days)}"
    )
    ages = insights.open.by_age
    stages = insights.stages
    return (
        _trend(
            insights,
            "notes",
            ("Notes while they are fresh", "Hours from interview to notes (typical)"),
            notes_sentences(insights),
            (
                ("started", "Started", lambda m: m.started),
                ("finished", "Finished", lambda m: m.finished),
            ),
            "Hours",
        ),
        _trend(
            insights,
            "replies",
            ("Getting back to candidates", on_time_title),
            reply_sentences(insights),
            (("on_time", "On time", lambda m: m.on_time),),
            "% of follow-ups",
            percent=True,
        ),
        Section(
            "open",
            "Still open",
            open_sentences(insights),
            Chart(
                "columns",
                "Open follow-ups by age",
                tuple(label for label, _, _ in ages),
                (
                    Series("waiting", "Not overdue", tuple(float(n) for _, n, _ in ages)),
                    Series("overdue", "Overdue", tuple(float(n) for _, _, n in ages)),
                ),
                "Follow-ups",
                steps_axis="Days since the interview",
            ),
        ),
        Section(
            "decisions",
            "Decisions by stage",
            decided_sentences(insights),
            Chart(
                "rows",
                "Outcomes by interview stage",
                tuple(stage for stage, _ in stages),
                tuple(
                    Series(
                        outcome.value,
                        outcome.short_label,
                        tuple(float(dict(counts)[outcome]) for _, counts in stages),
                    )
                    for outcome in Outcome
                ),
                "Interviews",
            ),
        ),
        _trend(
            insights,
            "coach",
            ("What the coach flagged in your notes", "Coach findings per debrief"),
            coach_sentences(insights),
            [(name, COACH_NAMES[name], _coach_value(name)) for name in shown_categories(insights)],
            "Findings per debrief",
        ),
        _trend(
            insights,
            "follow_through",
            ("Feedback and status updates", "Feedback and status updates given"),
            feedback_sentences(insights),
            (
                ("feedback", "Feedback to rejections", lambda m: m.feedback),
                ("updated", "Updates on late decisions", lambda m: m.updated),
            ),
            "%",
            percent=True,
        ),
    )


def empty_text(insights: Insights, *, earlier: bool = False) -> str:
    """What the page says instead of blank charts when the period has no debriefs:
    ``earlier``, there are debriefs outside the period. A first paragraph to stand out, then
    what will appear and how to get there."""
    if insights.period is Period.ALL:
        opening = "No debriefs yet."
    else:
        opening = f"No debriefs{_period(insights)} yet."
    if earlier:
        opening += " Choose All time to see your earlier ones."
    return (
        f"{opening}\n\n"
        "Your figures appear here once you have written a debrief, each compared with the "
        "period before:\n"
        "•  how soon you write your notes after an interview\n"
        "•  how quickly candidates hear from you, and how often by the respond-by date\n"
        "•  how your decisions split by interview stage\n"
        "•  what the coach flagged in your notes\n\n"
        "Start a debrief with New debrief (Ctrl+N) after your next interview, and finish it "
        "to see the follow-up figures."
    )
