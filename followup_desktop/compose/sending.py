"""Handing a message to the person's mail program, and the scorecard for the team. No Qt.

There is no mail server: the app builds a ``mailto:`` link (RFC 6068) for the mail program to
open, or an ``.eml`` draft file (``X-Unsent: 1``) to open and send, and the person sends it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING
from urllib.parse import quote

from followup_desktop.domain.choices import Outcome, Rating
from followup_desktop.domain.model import Debrief, split_lines

if TYPE_CHECKING:
    from email.headerregistry import Address

# Mail links longer than this may be cut short or refused before the mail program sees them:
# Windows hands a mailto: link to the mail program through its URL protocol handler, which
# (like Internet Explorer, whose limit it kept) stops at 2,083 characters, and Outlook cuts
# the body at about 2,000. 2,000 leaves room on every platform; a longer message goes by the
# clipboard instead (see ``mail_link``).
MAILTO_MAX = 2000

NO_RECIPIENT = (
    "The candidate has no email address yet — add it on the Interview step, or copy the "
    "message instead."
)

# Characters that never belong in a plain address and would make a link or a header mean
# something else: a second recipient (, ;), a display name or comment (< > ( ) "), escapes.
_NOT_IN_ADDRESS = re.compile(r"[\s,;<>()\"\\\[\]]")
# A line break of any kind (str.splitlines' set), for the one-line subject.
_LINE_BREAK = re.compile(r"\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")


class NoRecipient(ValueError):
    """The candidate has no email address: there is nobody to address the message to."""

    def __init__(self, text: str = NO_RECIPIENT) -> None:
        super().__init__(text)


class BadRecipient(ValueError):
    """The address is not one email address (the message says why, for the person)."""


def check_address(address: str) -> str:
    """The address without surrounding spaces, or NoRecipient / BadRecipient.

    A light check, not full RFC 5322: one ``@`` with something on each side, and no spaces,
    commas, semicolons, brackets or quotes, so a link or file never goes to someone else.
    """
    address = address.strip()
    if not address:
        raise NoRecipient()
    shown = address if len(address) <= 80 else address[:77] + "…"
    problem = None
    if address.count("@") != 1:
        problem = "an email address has exactly one @"
    elif address.startswith("@") or address.endswith("@"):
        problem = "an email address has a name before the @ and a domain after it"
    elif _NOT_IN_ADDRESS.search(address) or not address.isprintable():
        problem = (
            "an email address has no spaces, line breaks, commas, semicolons, brackets or "
            "quotes — one address only"
        )
    if problem is not None:
        raise BadRecipient(
            f"“{shown}” is not an email address: {problem}. Correct it on the Interview step, "
            "or copy the message instead."
        )
    return address


def subject_line(subject: str) -> str:
    """The subject as one line: line breaks become spaces, outer spaces go."""
    return _LINE_BREAK.sub(" ", subject).strip()


def crlf(text: str) -> str:
    """Every line break (CR LF, CR or LF) as CR LF, as mail wants it."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n")


def _encode(text: str) -> str:
    """Percent-encoded UTF-8: everything outside RFC 3986's unreserved set."""
    return quote(text, safe="")


def mailto_url(to: str, subject: str, body: str) -> str:
    """A ``mailto:`` link (RFC 6068) for one recipient, with subject and body.

    The subject is one line (see ``subject_line``); the body's line breaks become CR LF.
    Raises NoRecipient (no address) or BadRecipient (not one address).
    """
    address = quote(check_address(to), safe="@!$'*+")
    query = f"subject={_encode(subject_line(subject))}"
    if body:
        query += f"&body={_encode(crlf(body))}"
    return f"mailto:{address}?{query}"


@dataclass(frozen=True)
class MailLink:
    """What to open: ``url``; when ``body_included`` is False the body was too long for a
    link, so the link carries the subject only and the caller puts the body on the clipboard
    (and tells the person to paste it)."""

    url: str
    body_included: bool


def mail_link(to: str, subject: str, body: str, *, limit: int = MAILTO_MAX) -> MailLink:
    """The full ``mailto:`` link when it fits in ``limit`` characters, else subject only.

    Raises NoRecipient or BadRecipient as ``mailto_url`` does.
    """
    url = mailto_url(to, subject, body)
    if len(url) <= limit:
        return MailLink(url, body_included=True)
    return MailLink(mailto_url(to, subject, ""), body_included=False)


# -- .eml ------------------------------------------------------------------------------------


def eml_bytes(
    *,
    to: str,
    from_: str,
    subject: str,
    text: str,
    html: str,
    when: datetime,
    to_name: str = "",
    from_name: str = "",
) -> bytes:
    """An unsent email (``X-Unsent: 1``: Outlook and others open it as a draft to send).

    multipart/alternative with the text, then the HTML, both UTF-8; CR LF line endings.
    ``from_`` (the interviewer's address) is left out when empty or not an address: the mail
    program fills it in. ``when`` without a time zone is taken as local time.
    Raises NoRecipient or BadRecipient for ``to``.
    """
    import email.policy
    from email.message import EmailMessage
    from email.utils import format_datetime, make_msgid

    recipient = check_address(to)
    sender = _address_or_empty(from_)
    message = EmailMessage(policy=email.policy.default)
    message["To"] = _address(recipient, to_name)
    if sender:
        message["From"] = _address(sender, from_name)
    message["Subject"] = subject_line(subject)
    message["Date"] = format_datetime(when.astimezone())
    # A domain given, so make_msgid does not ask the network for this computer's name.
    domain = sender.rpartition("@")[2] if sender.isascii() and sender else "followup-desk.local"
    message["Message-ID"] = make_msgid(domain=domain)
    message["X-Unsent"] = "1"
    message.set_content(text, subtype="plain", charset="utf-8")
    message.add_alternative(html, subtype="html", charset="utf-8")
    # RFC 5322's CR LF; an address that is not ASCII is written as UTF-8 (RFC 6532), since an
    # encoded word is not allowed inside an address.
    ascii_only = (recipient + sender).isascii()
    return message.as_bytes(policy=email.policy.SMTP if ascii_only else email.policy.SMTPUTF8)


def _address(address: str, name: str) -> Address:
    from email.headerregistry import Address

    local, _, domain = address.rpartition("@")
    return Address(display_name=subject_line(name), username=local, domain=domain)


def _address_or_empty(address: str) -> str:
    try:
        return check_address(address)
    except ValueError:
        return ""


# -- the scorecard ---------------------------------------------------------------------------


def scorecard_text(debrief: Debrief) -> str:
    """The debrief as plain text for the team's applicant tracking system.

    Internal: ratings, evidence, takeaways, strengths, growth areas, the decision and next
    steps. The private notes are left out: they are the interviewer's alone and never leave
    the app, in a message or a scorecard.
    """
    candidate, interview, decision = debrief.candidate, debrief.interview, debrief.decision
    lines = [f"Scorecard: {candidate.name.strip() or '(no name yet)'}"]
    facts = [
        ("Email", candidate.email.strip()),
        ("Role", interview.role.strip()),
        ("Stage", interview.stage.strip()),
        ("Interview", _interview_when(debrief)),
        ("Interviewer", interview.interviewer.strip()),
    ]
    lines += [f"{label}: {value}" for label, value in facts if value]

    lines += ["", "Competencies"]
    if not debrief.competencies:
        lines.append("(none rated)")
    for index, item in enumerate(debrief.competencies, start=1):
        name = item.name.strip() or f"Competency {index}"
        lines.append(f"- {name}: {item.rating.label}")
        evidence = item.evidence.strip()
        if evidence:
            lines += _indented("Evidence: ", evidence)
        elif item.rating is not Rating.NOT_ASSESSED:
            lines.append("  Evidence: (none written)")

    for title, text in (
        ("Key takeaways", debrief.key_takeaways),
        ("Strengths", debrief.strengths),
        ("Growth areas", debrief.growth_areas),
    ):
        items = split_lines(text)
        if items:
            lines += ["", title, *(f"- {item}" for item in items)]

    lines += ["", f"Decision: {decision.outcome.label}"]
    if decision.next_steps.strip():
        lines += _indented("Next steps: ", decision.next_steps.strip(), indent="")
    if decision.next_step_date is not None:
        lines.append(f"Next step date: {decision.next_step_date.isoformat()}")
    if decision.outcome is Outcome.OFFER:
        if decision.offer_manager.strip():
            lines.append(f"Hiring manager: {decision.offer_manager.strip()}")
        if decision.offer_start_date is not None:
            lines.append(f"Start date: {decision.offer_start_date.isoformat()}")
    if decision.outcome is Outcome.REJECT:
        lines.append(f"Feedback shared with the candidate: {_yes(decision.share_feedback)}")
        lines.append(f"Invited to apply again: {_yes(decision.invite_reapply)}")
    return "\n".join(lines) + "\n"


def _interview_when(debrief: Debrief) -> str:
    """ISO date and time (local), then the format: unambiguous in any language."""
    at = debrief.interview.at
    if at is None:
        return ""
    return f"{at.astimezone():%Y-%m-%d %H:%M} ({debrief.interview.format.label})"


def _indented(label: str, text: str, *, indent: str = "  ") -> list[str]:
    """``label`` and the first line, later lines indented under it."""
    first, *rest = text.splitlines() or [""]
    pad = indent + " " * len(label)
    return [f"{indent}{label}{first}", *(f"{pad}{line}" if line else "" for line in rest)]


def _yes(value: bool) -> str:
    return "yes" if value else "no"
