"""Write N realistic synthetic debriefs into a data folder, for performance measurements.

    python benchmarks/make_dataset.py --debriefs 1000 --data-dir /tmp/fud-1000 [--seed 7]
        [--today 2026-03-04] [--years 3] [--append] [--batch-size 2000]

Run it with the project's virtual environment (``.venv/bin/python``). Everything goes
through the repository (``Repository.import_debriefs``): debriefs with their messages, in
batches of one transaction each, so candidates, follow-up states, due dates and the search
index are filled as the app fills them. The data depend only on the seed, ``--today`` and
``--years`` (interviews spread over that many years before it), never on the clock, so two
runs with the same arguments write the same debriefs.

The mix: every outcome and follow-up state, overdue ones, decisions pending with a status
update sent (some of them late), candidates interviewed again at a later stage with the same
email address (sometimes typed in another case), and people who share a name.

Each debrief also gets the coach's counts of findings in its notes, as the app stores them
for the Insights page: vague wording more common in older notes, now and then a biased
remark or a strong rating with thin evidence, and a few debriefs not counted (as if saved
before the app kept counts). They come from a random source of their own (seeded from
``--seed``), so the debriefs themselves are the same as before counts were added.
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import time
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path

from followup_desktop.domain.choices import InterviewFormat, MessageStatus, Outcome, Rating, Step
from followup_desktop.domain.model import (
    Candidate,
    Competency,
    Debrief,
    Decision,
    Interview,
    Message,
)
from followup_desktop.domain.timeline import respond_by
from followup_desktop.settings import Settings
from followup_desktop.storage import (
    Repository,
    StorageError,
    open_database,
    prepare_data_folder,
)

FIRST_NAMES = (
    "Amara", "Aarav", "Alexandra", "Ana", "Benedikt", "Bilal", "Camille", "Chen", "Chiara",
    "Daniel", "Dmitri", "Elif", "Emeka", "Fatima", "Freya", "Gabriel", "Hana", "Ines",
    "Isabela", "Jakub", "Jonas", "José", "Kofi", "Lars", "Leila", "Lucía", "Łukasz", "Maya",
    "Mei", "Mohammed", "Nadia", "Noah", "Oluwaseun", "Priya", "Rafael", "Rania", "Samuel",
    "Siobhán", "Søren", "Tariq", "Thandiwe", "Tomás", "Valentina", "Wei", "Yusuf", "Zoë",
    "Katherine", "Jonathan", "Elizabeth", "Christopher", "Margaret", "Nicholas",
)  # fmt: skip
LAST_NAMES = (
    "Adeyemi", "Andersen", "Bakker", "Banerjee", "Becker", "Castillo", "Chowdhury", "Costa",
    "Dubois", "Eriksson", "Fernández", "García", "Haddad", "Hernández", "Ivanova", "Jensen",
    "Kim", "Kowalski", "Lefèvre", "Li", "Mensah", "Müller", "Nakamura", "Nguyễn", "Novak",
    "O'Connor", "Okafor", "Papadopoulos", "Patel", "Petrov", "Rossi", "Santos", "Schmidt",
    "Silva", "Singh", "Smith", "Takahashi", "Tanaka", "Van der Berg", "Wang", "Zhang",
    "Yılmaz",  # noqa: RUF001 (a Turkish dotless i, on purpose)
)  # fmt: skip
NICKNAMES = {
    "Alexandra": "Alex", "Katherine": "Kate", "Jonathan": "Jon", "Elizabeth": "Liz",
    "Christopher": "Chris", "Margaret": "Meg", "Nicholas": "Nick", "Oluwaseun": "Seun",
    "Valentina": "Vale", "Gabriel": "Gabe", "Daniel": "Dani", "Mohammed": "Mo",
}  # fmt: skip
DOMAINS = ("example.com", "example.org", "mail.example.net", "post.example.de")
INTERVIEWERS = ("Sam Rivera", "Jordan Lee", "Priya Natarajan", "Morgan Okoye")

ROLES: dict[str, tuple[str, ...]] = {
    "Senior Backend Engineer": (
        "Problem solving", "System design", "Technical depth", "Code quality",
        "Communication", "Collaboration",
    ),
    "Frontend Engineer": (
        "Problem solving", "UI craft", "Accessibility", "Code quality", "Communication",
    ),
    "Data Scientist": (
        "Statistics", "Problem framing", "Technical depth", "Communication",
        "Stakeholder management",
    ),
    "Engineering Manager": (
        "People leadership", "Delivery", "Technical judgement", "Communication",
        "Hiring and growth",
    ),
    "Product Designer": (
        "User research", "Interaction design", "Visual craft", "Collaboration", "Communication",
    ),
    "Product Manager": (
        "Product sense", "Prioritisation", "Data fluency", "Stakeholder management",
        "Communication",
    ),
    "Site Reliability Engineer": (
        "Incident response", "System design", "Automation", "Technical depth", "Collaboration",
    ),
    "Customer Success Manager": (
        "Customer empathy", "Problem solving", "Communication", "Ownership",
    ),
    "QA Engineer": ("Test strategy", "Automation", "Attention to detail", "Communication"),
    "Technical Writer": ("Writing", "Technical depth", "Information architecture", "Collaboration"),
}  # fmt: skip
STAGES = (
    "Phone screen", "Technical interview", "System design", "Take-home review",
    "Hiring manager", "Onsite loop", "Final round",
)  # fmt: skip
FORMATS = (
    (InterviewFormat.VIDEO,) * 6
    + (InterviewFormat.ONSITE,) * 3
    + (
        InterviewFormat.PHONE,
        InterviewFormat.OTHER,
    )
)

# Evidence sentences: what the candidate said or did, specific and observable.
EVIDENCE_OPENERS = (
    "Walked me through", "Explained", "Described", "Sketched", "Talked through",
    "Showed", "Gave a concrete example of", "Asked sharp questions about", "Reasoned about",
)  # fmt: skip
EVIDENCE_TOPICS = (
    "how they cut a slow nightly import from four hours to twenty minutes",
    "the trade-offs between a queue and a scheduled batch job for the billing export",
    "a migration they led from a monolith to three services, including what went wrong",
    "how they would shard the orders table once it outgrows a single machine",
    "a disagreement with a product manager and how they reached a shared plan",
    "the way they onboarded two junior colleagues during a tight release",
    "the accessibility review they introduced for every new form",
    "an outage they handled, from the first alert to the written post-mortem",
    "how they decided which metrics to drop from an overloaded dashboard",
    "the interview loop they redesigned to reduce bias in hiring",
    "a research study with twelve customers that changed the roadmap",
    "the caching layer they added, and how they invalidated it safely",
    "the test pyramid they would want for a payments service",
    "how they would explain a confidence interval to a sales team",
)  # fmt: skip
EVIDENCE_CLOSERS = (
    "and named the risks before I asked.",
    "with numbers to back it up.",
    "but stayed vague on their own part in it.",
    "and was candid about what they would do differently.",
    "though the second half needed prompting.",
    "and checked their assumptions out loud.",
    "and kept the explanation clear for a non-specialist.",
    "but missed the failure case when the network drops.",
)  # fmt: skip
STRENGTHS = (
    "Clear, structured thinking: you broke the design problem into parts before solving it.",
    "Your example of the billing migration showed real ownership from start to finish.",
    "You asked questions that got to the heart of the requirements.",
    "You explained complex trade-offs in plain language.",
    "Thoughtful attention to the people side of the work, not only the technical side.",
    "You tested your own solution against edge cases without being asked.",
    "Strong instincts for accessibility and inclusive design.",
    "You were honest about what you did not know and reasoned your way forward.",
)  # fmt: skip
GROWTH = (
    "Going deeper on how the design behaves under failure (timeouts, retries, partial writes).",
    "Quantifying impact: numbers would have made the project examples more convincing.",
    "Leaving more room to ask about constraints before proposing a solution.",
    "More detail on your own contribution when describing team projects.",
    "Practising system design at larger scale, for example sharding and replication.",
    "Structuring answers with a short summary first, then the details.",
)  # fmt: skip
TAKEAWAYS = (
    "Strong on fundamentals, lighter on large-scale design.",
    "Would ramp up fast on our stack.",
    "Great communicator; the team would enjoy working with them.",
    "Needs a second opinion on depth in distributed systems.",
    "Salary expectations are at the top of the band.",
    "Notice period of two months.",
    "Very motivated by the mission; asked good questions about the customers.",
    "Mixed signals on collaboration; worth probing in the next round.",
)  # fmt: skip
PRIVATE = (
    "Joined five minutes late because of a connection problem; handled it calmly.",
    "Mentioned a competing offer with a deadline at the end of next week.",
    "Check the reference from the previous manager before deciding.",
    "Interview panel agreed on the technical part; split on the leadership questions.",
    "Asked about remote work twice; confirm the policy with the recruiter.",
    "Take-home was solid but the README was thin.",
)  # fmt: skip
NEXT_STEPS = {
    Outcome.ADVANCE: "a 60-minute system design conversation with two engineers from the team",
    Outcome.OFFER: "a call with the hiring manager to go through the offer details",
    Outcome.MORE_INFO: "a short written answer about how you would approach the data migration",
    Outcome.ON_HOLD: "an update from us once the team has finished the current interview round",
    Outcome.REJECT: "",
    Outcome.UNDECIDED: "",
}
TEMPLATE_FOR = {
    Outcome.ADVANCE: "advance", Outcome.OFFER: "offer", Outcome.REJECT: "reject",
    Outcome.MORE_INFO: "more_info", Outcome.ON_HOLD: "on_hold",
}  # fmt: skip
SUBJECTS = {
    "advance": "Next steps for the {role} role",
    "offer": "Good news about the {role} role",
    "reject": "Your application for the {role} role",
    "more_info": "One more step for the {role} role",
    "on_hold": "An update on the {role} role",
    "status_update": "Still deciding about the {role} role",
    "thank_you": "Thank you for your time today",
}  # fmt: skip
STAGE_ORDER = {stage: position for position, stage in enumerate(STAGES)}


@dataclass(frozen=True)
class Planned:
    """One synthetic debrief and the messages it should get (``debrief_id`` filled later),
    with the coach's counts for its notes (None: not counted)."""

    debrief: Debrief
    messages: tuple[Message, ...]
    coach: dict[str, int] | None = None


class Generator:
    """Realistic debriefs from one seeded random source, dated relative to ``today``."""

    def __init__(self, seed: int, today: date, years: int = 3) -> None:
        self.rng = random.Random(seed)
        self.coach_rng = random.Random(f"{seed} coach")
        self.today = today
        self.days = max(1, round(365.25 * years))
        self.now = datetime.combine(today, clock_time(18, 0), UTC)
        # People met before, who come back for a later stage (same address).
        self.seen: list[tuple[Candidate, int]] = []

    def sentences(self, pool: Sequence[str], low: int, high: int, sep: str = " ") -> str:
        return sep.join(self.rng.sample(pool, self.rng.randint(low, high)))

    def new_candidate(self) -> Candidate:
        first, last = self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)
        preferred = NICKNAMES.get(first, "") if self.rng.random() < 0.6 else ""
        ascii_name = unicodedata.normalize("NFKD", f"{first}.{last}").encode("ascii", "ignore")
        local = ascii_name.decode().lower().replace(" ", "").replace("'", "")
        number = self.rng.randrange(1000)  # many people share a name, not an address
        email = f"{local}{number}@{self.rng.choice(DOMAINS)}"
        return Candidate(f"{first} {last}", preferred, email)

    def candidate(self) -> tuple[Candidate, int | None]:
        """A new person, or (one time in four) someone met before, with the stage they
        reached (their address sometimes typed in another case)."""
        if self.seen and self.rng.random() < 0.25:
            index = self.rng.randrange(max(0, len(self.seen) - 2000), len(self.seen))
            person, stage = self.seen[index]
            if self.rng.random() < 0.2:
                person = Candidate(person.name, person.preferred_name, person.email.title())
            return person, stage
        return self.new_candidate(), None

    def interview_time(self) -> datetime:
        # One interview in seven is from the last 90 days (on top of its share of the rest).
        back = (
            self.rng.randint(0, 89) if self.rng.random() < 0.15
            else self.rng.randint(0, self.days - 1)
        )  # fmt: skip
        day = self.today - timedelta(days=back)
        while day.weekday() >= 5 and self.rng.random() < 0.9:  # a few weekend interviews
            day -= timedelta(days=1)
        minutes = self.rng.randrange(8 * 60, 17 * 60, 15)
        return datetime.combine(day, clock_time(minutes // 60, minutes % 60), UTC)

    def evidence(self, rating: Rating) -> str:
        if rating is Rating.NOT_ASSESSED:
            return ""
        parts = [
            f"{self.rng.choice(EVIDENCE_OPENERS)} {self.rng.choice(EVIDENCE_TOPICS)} "
            f"{self.rng.choice(EVIDENCE_CLOSERS)}"
            for _ in range(self.rng.randint(1, 3))
        ]
        return " ".join(parts)

    def scorecard(self, role: str, leaning: float) -> tuple[Competency, ...]:
        names = ROLES[role][: self.rng.randint(3, len(ROLES[role]))]
        items = []
        for name in names:
            if self.rng.random() < 0.08:
                rating = Rating.NOT_ASSESSED
            else:
                score = leaning + self.rng.gauss(0, 0.8)
                rating = (
                    Rating.STRONG_YES if score > 1.2 else Rating.YES if score > 0
                    else Rating.NO if score > -1.2 else Rating.STRONG_NO
                )  # fmt: skip
            items.append(Competency(name, rating, self.evidence(rating)))
        return tuple(items)

    def outcome(self, leaning: float, stage: str, age_days: int) -> Outcome:
        if age_days < 30 and self.rng.random() < 0.12:
            return Outcome.UNDECIDED  # finished, still deciding
        # On hold: mostly recent ones; a few were forgotten long ago.
        if self.rng.random() < (0.06 if age_days < 120 else 0.004):
            return Outcome.ON_HOLD
        if self.rng.random() < 0.06:
            return Outcome.MORE_INFO
        if leaning < -0.1:
            return Outcome.REJECT
        if stage in ("Onsite loop", "Final round") and leaning > 0.6:
            return Outcome.OFFER
        return Outcome.ADVANCE if leaning > 0.2 else Outcome.REJECT

    def decision(self, outcome: Outcome, interview_at: datetime) -> Decision:
        base = interview_at.date()
        next_date = None
        if outcome in (Outcome.ADVANCE, Outcome.MORE_INFO, Outcome.OFFER):
            next_date = respond_by(interview_at, self.rng.randint(3, 8))
        return Decision(
            outcome=outcome,
            next_steps=NEXT_STEPS[outcome],
            next_step_date=next_date,
            share_feedback=outcome is Outcome.REJECT and self.rng.random() < 0.45,
            invite_reapply=outcome is Outcome.REJECT and self.rng.random() < 0.3,
            offer_start_date=(
                base + timedelta(days=self.rng.choice((30, 45, 60, 90)))
                if outcome is Outcome.OFFER
                else None
            ),
            offer_manager=self.rng.choice(INTERVIEWERS) if outcome is Outcome.OFFER else "",
        )

    def message(
        self,
        debrief: Debrief,
        template_id: str,
        created: datetime,
        status: MessageStatus,
        outcome: Outcome,
    ) -> Message:
        name = debrief.candidate.greeting_name
        role = debrief.interview.role
        strengths = debrief.strengths.splitlines()[:1]
        body = (
            f"Hi {name},\n\nThank you for taking the time to talk with us about the {role} "
            f"role. {' '.join(strengths)}\n\n"
            + (f"Next, we would like to set up {debrief.decision.next_steps}.\n\n"
               if debrief.decision.next_steps else "")
            + "Best regards,\n" + debrief.interview.interviewer
        )  # fmt: skip
        created = min(created, self.now)
        copied = min(created + timedelta(minutes=self.rng.randint(2, 90)), self.now)
        sent = min(copied + timedelta(minutes=self.rng.randint(1, 30)), self.now)
        return Message(
            debrief_id=0,
            template_id=template_id,
            subject=SUBJECTS[template_id].format(role=role),
            body=body,
            created_at=created,
            edited=self.rng.random() < 0.35,
            status=status,
            copied_at=copied if status is not MessageStatus.DRAFT else None,
            sent_at=sent if status is MessageStatus.SENT else None,
            outcome=outcome,
        )

    def updates(self, debrief: Debrief, completed: datetime) -> list[Message]:
        """Status updates sent while deciding: none, one, or a few a week apart."""
        result = []
        when = completed + timedelta(days=self.rng.randint(1, 3))
        outcome = (
            debrief.decision.outcome
            if debrief.decision.outcome in (Outcome.UNDECIDED, Outcome.ON_HOLD)
            else Outcome.UNDECIDED
        )
        for _ in range(self.rng.choice((1, 1, 1, 2, 3))):
            if when >= self.now:
                break
            result.append(self.message(debrief, "status_update", when, MessageStatus.SENT, outcome))
            when += timedelta(days=self.rng.randint(4, 9))
        return result

    def messages(self, debrief: Debrief) -> tuple[Message, ...]:
        completed = debrief.completed_at
        outcome = debrief.decision.outcome
        if completed is None:
            return ()
        age = (self.today - completed.date()).days
        if outcome in (Outcome.UNDECIDED, Outcome.ON_HOLD):
            # Deciding: an update went out (waiting; late when it was long ago), or not yet.
            return tuple(self.updates(debrief, completed)) if self.rng.random() < 0.7 else ()
        roll = self.rng.random()
        if age > 10:  # old follow-ups have mostly gone out
            status = (
                MessageStatus.SENT if roll < 0.93
                else MessageStatus.COPIED if roll < 0.97
                else MessageStatus.DRAFT
            )  # fmt: skip
        elif age > 2:
            status = (
                MessageStatus.SENT if roll < 0.5
                else MessageStatus.COPIED if roll < 0.65
                else MessageStatus.DRAFT
            )  # fmt: skip
        else:
            if roll < 0.6:
                return ()  # ready to send, no message drafted yet
            status = MessageStatus.DRAFT if roll < 0.85 else MessageStatus.COPIED
        if age > 3 and roll > 0.995:
            return ()  # forgotten: overdue with nothing drafted
        created = completed + timedelta(hours=self.rng.randint(0, 72))
        result = []
        if self.rng.random() < 0.1:  # a thank-you note went out first
            result.append(
                self.message(debrief, "thank_you", completed, MessageStatus.SENT, outcome)
            )
        elif age > 10 and self.rng.random() < 0.1:  # decided after an update or two
            result.extend(self.updates(debrief, completed))
            if result:
                created = max(created, (result[-1].sent_at or created) + timedelta(days=2))
        result.append(self.message(debrief, TEMPLATE_FOR[outcome], created, status, outcome))
        return tuple(result)

    def _poisson(self, mean: float) -> int:
        """A count with this mean (Knuth's method; the means here are small)."""
        limit, product, count = math.exp(-mean), self.coach_rng.random(), 0
        while product > limit:
            product *= self.coach_rng.random()
            count += 1
        return count

    def coach_counts(self, debrief: Debrief) -> dict[str, int] | None:
        """Findings in the notes: vague wording in about one older debrief in two and one
        recent one in six, a biased remark now and then, thin evidence behind strong
        ratings; one debrief in twenty-five not counted."""
        if self.coach_rng.random() < 0.04:
            return None
        at = debrief.interview.at
        age = 0 if at is None else (self.today - at.date()).days
        old = min(1.0, age / self.days)  # 1 for the oldest
        strong = sum(item.rating is Rating.STRONG_YES for item in debrief.competencies)
        counts = {
            "vague": self._poisson(0.2 + 0.9 * old),
            "bias": self._poisson(0.03 + 0.12 * old),
            "evidence": self._poisson(0.15 * strong),
        }
        return {name: count for name, count in counts.items() if count}

    def planned(self) -> Planned:
        person, reached = self.candidate()
        role = self.rng.choice(tuple(ROLES))
        later = [stage for stage in STAGES if reached is None or STAGE_ORDER[stage] > reached]
        stage = self.rng.choice(later or STAGES)
        interview_at = self.interview_time()
        leaning = self.rng.gauss(0.1, 0.9)
        started_at = interview_at + timedelta(minutes=self.rng.randint(5, 180))
        age_days = (self.today - interview_at.date()).days
        finished = age_days > 2 or self.rng.random() < 0.5
        completed_at = (
            min(started_at + timedelta(minutes=self.rng.randint(8, 50)), self.now)
            if finished
            else None
        )
        outcome = (
            self.outcome(leaning, stage, age_days) if finished or self.rng.random() < 0.3 else None
        )
        debrief = Debrief(
            started_at=min(started_at, self.now),
            candidate=person,
            interview=Interview(
                role=role,
                stage=stage,
                at=interview_at,
                format=self.rng.choice(FORMATS),
                interviewer=self.rng.choice(INTERVIEWERS),
            ),
            competencies=self.scorecard(role, leaning),
            key_takeaways=self.sentences(TAKEAWAYS, 1, 4, "\n"),
            strengths=self.sentences(STRENGTHS, 1, 3, "\n"),
            growth_areas=self.sentences(GROWTH, 0, 2, "\n"),
            private_notes=self.sentences(PRIVATE, 0, 3),
            decision=(Decision() if outcome is None else self.decision(outcome, interview_at)),
            step=Step.FOLLOW_UP if finished else self.rng.choice(tuple(Step)[:3]),
            completed_at=completed_at,
        )
        if outcome is Outcome.ADVANCE:
            self.seen.append((person, STAGE_ORDER[stage]))
        return Planned(debrief, self.messages(debrief), self.coach_counts(debrief))

    def batches(self, count: int, size: int) -> Iterator[list[Planned]]:
        while count > 0:
            batch = [self.planned() for _ in range(min(size, count))]
            count -= len(batch)
            yield batch


def write(repo: Repository, generator: Generator, count: int, batch_size: int) -> tuple[int, int]:
    """Add ``count`` debriefs with their messages in batches (one transaction each);
    return (debriefs, messages)."""
    written = messages = 0
    for batch in generator.batches(count, batch_size):
        ids = repo.import_debriefs((item.debrief, item.messages) for item in batch)
        repo.import_coach_counts(
            (debrief_id, item.coach)
            for debrief_id, item in zip(ids, batch, strict=True)
            if item.coach is not None
        )
        written += len(batch)
        messages += sum(len(item.messages) for item in batch)
    return written, messages


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--debriefs", type=int, required=True, help="how many to write")
    parser.add_argument("--data-dir", type=Path, required=True, help="the data folder")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument(
        "--today",
        type=date.fromisoformat,
        default=None,
        help="the date the data are relative to, YYYY-MM-DD (default: today)",
    )
    parser.add_argument(
        "--years", type=int, default=3, help="interviews spread over this many years (3)"
    )
    parser.add_argument("--batch-size", type=int, default=2000, help="debriefs per transaction")
    parser.add_argument(
        "--append", action="store_true", help="add to a data folder that already has debriefs"
    )
    args = parser.parse_args(argv)
    if args.debriefs < 0 or args.batch_size < 1 or args.years < 1:
        parser.error("--debriefs must be 0 or more, --batch-size and --years at least 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    today: date = args.today or date.today()
    started = time.perf_counter()
    try:
        path = prepare_data_folder(args.data_dir)
        repo = Repository(open_database(path), path, clock=lambda: datetime.combine(
            today, clock_time(18, 0), UTC))  # fmt: skip
    except StorageError as error:
        print(error, file=sys.stderr)
        return 1
    try:
        existing = repo.count_debriefs()
        if existing and not args.append:
            print(
                f"{path} already holds {existing} debriefs; nothing was written. "
                "Use an empty data folder, or --append to add to it.",
                file=sys.stderr,
            )
            return 2
        if not existing:
            # Someone with this many debriefs has long since told the app who signs them.
            repo.save_settings(
                Settings(
                    interviewer_name="Priya Raman",
                    interviewer_title="Engineering Manager",
                    interviewer_email="priya.raman@example.com",
                    company="Northwind Labs",
                    welcome_done=True,
                )
            )
        generator = Generator(args.seed, today, args.years)
        debriefs, messages = write(repo, generator, args.debriefs, args.batch_size)
    except StorageError as error:
        print(error, file=sys.stderr)
        return 1
    finally:
        repo.close()
    elapsed = time.perf_counter() - started
    print(
        f"wrote {debriefs} debriefs and {messages} messages to {path} in {elapsed:.2f} s "
        f"(seed {args.seed}, {args.years} years before {today.isoformat()})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
