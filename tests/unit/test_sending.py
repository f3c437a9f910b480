"""Sending without a mail server: mailto: links and .eml drafts that read back exactly, and the
scorecard for the team (ratings and evidence, never the private notes)."""

from __future__ import annotations

import email
import email.policy
import os
from datetime import UTC, date, datetime
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followup_desktop.compose.sending import (
    MAILTO_MAX,
    BadRecipient,
    NoRecipient,
    crlf,
    eml_bytes,
    mail_link,
    mailto_url,
    scorecard_text,
    subject_line,
)
from followup_desktop.domain import (
    Candidate,
    Competency,
    Debrief,
    Decision,
    Interview,
    Outcome,
    Rating,
)
from followup_desktop.files import write_atomic

WHEN = datetime(2026, 11, 24, 15, 30, tzinfo=UTC)
HARD_TEXTS = [
    "Plain words with spaces",
    "Tom & Jerry? #1 at 100% + tax = more; a/b",
    "Line one\nLine two\r\nLine three\rLine four\n\nNew paragraph",
    "Emoji 🎉👩🏽‍💻 and a flag 🇵🇹",
    "مرحبا، شكرا لوقتك",  # Arabic, right to left
    "שלום, תודה על הזמן",  # Hebrew
    "Combining: e\u0301 a\u0308 n\u0303 — and ZWJ \u200d",
    "Trailing spaces   \n   and leading",
]


def parse_mailto(url: str) -> tuple[str, str, str]:
    parts = urlsplit(url)
    assert parts.scheme == "mailto"
    query = parse_qs(parts.query, keep_blank_values=True)
    assert set(query) <= {"subject", "body"}
    assert all(len(values) == 1 for values in query.values())
    return (
        unquote(parts.path),
        query.get("subject", [""])[0],
        query.get("body", [""])[0],
    )


def lf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_eml(data: bytes) -> EmailMessage:
    message = email.message_from_bytes(data, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


def bodies(message: EmailMessage) -> tuple[str, str]:
    plain, html = message.get_body(("plain",)), message.get_body(("html",))
    assert plain is not None and html is not None
    return lf(plain.get_content()), lf(html.get_content())


# -- mailto: ---------------------------------------------------------------------------------


@pytest.mark.parametrize("text", HARD_TEXTS)
def test_mailto_reads_back_the_same_message(text: str) -> None:
    url = mailto_url("ana.lima+jobs@example.com", f"Re: {text}", text)
    assert url.isascii() and " " not in url and "\n" not in url
    to, subject, body = parse_mailto(url)
    assert to == "ana.lima+jobs@example.com"
    assert subject == subject_line(f"Re: {text}")
    assert body == crlf(text)
    assert "\n" not in body.replace("\r\n", "")  # every line break is CR LF


def test_mailto_encodes_everything_outside_the_unreserved_set() -> None:
    url = mailto_url("a@b.example", "A & B", "x=1&y=2\n#3 100%")
    assert url == ("mailto:a@b.example?subject=A%20%26%20B&body=x%3D1%26y%3D2%0D%0A%233%20100%25")


@given(subject=st.text(), body=st.text())
def test_mailto_reads_back_any_text(subject: str, body: str) -> None:
    to, got_subject, got_body = parse_mailto(mailto_url("ana@example.com", subject, body))
    assert (to, got_subject, got_body) == ("ana@example.com", subject_line(subject), crlf(body))


@pytest.mark.parametrize("address", ["", "   ", "\n"])
def test_no_address_is_no_recipient_with_words_for_the_person(address: str) -> None:
    with pytest.raises(NoRecipient, match="no email address yet") as caught:
        mailto_url(address, "Subject", "Body")
    assert "copy the message instead" in str(caught.value)
    assert isinstance(caught.value, ValueError)
    with pytest.raises(NoRecipient):
        mail_link(address, "Subject", "Body")


@pytest.mark.parametrize(
    "address",
    [
        "ana",
        "ana@@example.com",
        "ana@x@example.com",
        "@example.com",
        "ana@",
        "ana lima@example.com",
        "ana@example.com, bob@example.com",
        "ana@example.com;bob@example.com",
        "ana@example.com\nbcc@evil.example",
        "Ana <ana@example.com>",
        "ana@example.com?cc=bob@example.com",
    ],
)
def test_not_one_address_is_refused_rather_than_linked(address: str) -> None:
    with pytest.raises(BadRecipient, match="not an email address"):
        mailto_url(address, "Subject", "Body")
    with pytest.raises(BadRecipient):
        eml_bytes(to=address, from_="", subject="s", text="t", html="<p>t</p>", when=WHEN)


def test_an_unusual_but_valid_address_survives_the_link() -> None:
    for address in ("o'brien+tag@example.co.uk", "josé@exämple.com", "x%y@example.com"):
        assert parse_mailto(mailto_url(f"  {address} ", "s", "b"))[0] == address


def test_a_long_body_falls_back_to_subject_only() -> None:
    short = mail_link("ana@example.com", "Next steps", "Short and sweet.")
    assert short.body_included and parse_mailto(short.url)[2] == "Short and sweet."

    body = "Thank you for your time. " * 100
    link = mail_link("ana@example.com", "Next steps", body)
    assert not link.body_included
    assert len(link.url) <= MAILTO_MAX
    assert parse_mailto(link.url) == ("ana@example.com", "Next steps", "")
    assert "body=" not in link.url
    # Exactly at the limit still fits; one character more does not.
    exact = mailto_url("ana@example.com", "Next steps", "x")
    assert mail_link("ana@example.com", "Next steps", "x", limit=len(exact)).body_included
    assert not mail_link("ana@example.com", "Next steps", "x", limit=len(exact) - 1).body_included


def test_non_ascii_text_counts_at_its_encoded_length() -> None:
    body = "🎉" * 200  # 200 characters, 2,400 once percent-encoded
    assert not mail_link("ana@example.com", "Hi", body).body_included


# -- .eml ------------------------------------------------------------------------------------


def test_eml_is_an_unsent_draft_with_text_then_html() -> None:
    data = eml_bytes(
        to="ana@example.com",
        to_name="Ana Lima",
        from_="priya@northwind.example",
        from_name="Priya Raman",
        subject="Next steps for the Backend Engineer role",
        text="Hi Ana,\n\nThank you.\n",
        html="<p>Hi Ana,</p><p>Thank you.</p>",
        when=WHEN,
    )
    assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")
    message = read_eml(data)
    assert message["To"] == "Ana Lima <ana@example.com>"
    assert message["From"] == "Priya Raman <priya@northwind.example>"
    assert message["Subject"] == "Next steps for the Backend Engineer role"
    assert message["X-Unsent"] == "1"
    assert message["Date"].datetime == WHEN
    assert message["Message-ID"].endswith("@northwind.example>")
    assert message.get_content_type() == "multipart/alternative"
    parts = list(message.iter_parts())
    assert [part.get_content_type() for part in parts] == ["text/plain", "text/html"]
    assert all(part.get_content_charset() == "utf-8" for part in parts)
    text, html = bodies(message)
    assert text == "Hi Ana,\n\nThank you.\n"
    assert html.strip() == "<p>Hi Ana,</p><p>Thank you.</p>"


@pytest.mark.parametrize("from_", ["", "   ", "not an address"])
def test_eml_without_a_usable_sender_leaves_from_out(from_: str) -> None:
    message = read_eml(
        eml_bytes(to="ana@example.com", from_=from_, subject="s", text="t", html="h", when=WHEN)
    )
    assert "From" not in message
    assert message["Message-ID"]


@pytest.mark.parametrize("text", HARD_TEXTS)
def test_eml_reads_back_the_same_message(text: str) -> None:
    data = eml_bytes(
        to="ana@example.com",
        to_name="Ana, “the” Lima",
        from_="",
        subject=text,
        text=text,
        html=f"<p>{text}</p>",
        when=WHEN,
    )
    message = read_eml(data)
    assert message["Subject"] == subject_line(text)
    assert message["To"].addresses[0].addr_spec == "ana@example.com"
    assert message["To"].addresses[0].display_name == "Ana, “the” Lima"
    got_text, got_html = bodies(message)
    assert got_text.rstrip("\n") == lf(text).rstrip("\n")
    assert got_html.rstrip("\n") == lf(f"<p>{text}</p>").rstrip("\n")


@given(subject=st.text(), text=st.text(), name=st.text())
def test_eml_reads_back_any_text(subject: str, text: str, name: str) -> None:
    data = eml_bytes(
        to="ana@example.com",
        to_name=name,
        from_="priya@northwind.example",
        subject=subject,
        text=text,
        html=text,
        when=WHEN,
    )
    message = read_eml(data)
    assert message["Subject"] == subject_line(subject)
    assert message["To"].addresses[0].addr_spec == "ana@example.com"
    got_text, got_html = bodies(message)
    assert got_text.rstrip("\n") == lf(text).rstrip("\n")
    assert got_html.rstrip("\n") == lf(text).rstrip("\n")


def test_eml_with_a_non_ascii_address_keeps_it_whole() -> None:
    """Written as UTF-8 (RFC 6532): an encoded word is not allowed inside an address. (The
    standard library reads UTF-8 headers only from text, so the check decodes first.)"""
    data = eml_bytes(to="josé@exämple.com", from_="", subject="s", text="t", html="h", when=WHEN)
    assert "To: josé@exämple.com\r\n".encode() in data
    message = email.message_from_string(data.decode("utf-8"), policy=email.policy.default)
    assert message["To"].addresses[0].addr_spec == "josé@exämple.com"


def test_eml_without_a_recipient_is_refused() -> None:
    with pytest.raises(NoRecipient):
        eml_bytes(to="", from_="p@x.example", subject="s", text="t", html="h", when=WHEN)


def test_an_eml_written_to_disk_opens_as_the_draft(tmp_path: Path) -> None:
    path = tmp_path / "Ana Lima.eml"
    write_atomic(
        path, eml_bytes(to="ana@example.com", from_="", subject="s", text="t", html="h", when=WHEN)
    )
    assert read_eml(path.read_bytes())["Subject"] == "s"
    assert os.listdir(tmp_path) == ["Ana Lima.eml"]


def _debrief(**changes: object) -> Debrief:
    values: dict[str, object] = {
        "started_at": WHEN,
        "id": 7,
        "candidate": Candidate("Ana Lima", "Ana", "ana@example.com"),
        "interview": Interview(
            role="Backend Engineer",
            stage="Technical interview",
            at=WHEN,
            interviewer="Priya Raman",
        ),
        "competencies": (
            Competency(
                "System design",
                Rating.STRONG_YES,
                "Sketched the queue design,\nthen found the race condition in it.",
            ),
            Competency("Testing", Rating.NO, ""),
            Competency("", Rating.NOT_ASSESSED, ""),
        ),
        "key_takeaways": "Strong on design\n- needs depth on tests",
        "strengths": "Clear walkthrough of the billing migration",
        "growth_areas": "Testing strategy for concurrent code",
        "private_notes": "Reminded me of my cousin; SECRET-NOTE",
        "decision": Decision(
            outcome=Outcome.ADVANCE,
            next_steps="System design call with Dana",
            next_step_date=date(2026, 12, 1),
        ),
    }
    values.update(changes)
    return Debrief(**values)  # type: ignore[arg-type]


def test_scorecard_has_ratings_evidence_and_decision() -> None:
    text = scorecard_text(_debrief())
    assert text.startswith("Scorecard: Ana Lima\n")
    for expected in (
        "Role: Backend Engineer",
        "Stage: Technical interview",
        "Interviewer: Priya Raman",
        "(Video call)",
        "- System design: Strong yes",
        "  Evidence: Sketched the queue design,\n            then found the race condition",
        "- Testing: No\n  Evidence: (none written)",
        "- Competency 3: Not assessed",
        "Key takeaways\n- Strong on design\n- needs depth on tests",
        "Strengths\n- Clear walkthrough of the billing migration",
        "Growth areas\n- Testing strategy for concurrent code",
        "Decision: Advance to the next round",
        "Next steps: System design call with Dana",
        "Next step date: 2026-12-01",
    ):
        assert expected in text, expected


def test_scorecard_never_has_the_private_notes() -> None:
    text = scorecard_text(_debrief())
    assert "SECRET-NOTE" not in text and "cousin" not in text
    assert "private" not in text.lower()


def test_scorecard_of_an_empty_debrief_is_still_readable() -> None:
    text = scorecard_text(Debrief(started_at=WHEN))
    assert text == "Scorecard: (no name yet)\n\nCompetencies\n(none rated)\n\nDecision: " + (
        "Not decided yet\n"
    )


def test_scorecard_offer_and_rejection_details() -> None:
    offer = _debrief(
        decision=Decision(
            outcome=Outcome.OFFER, offer_manager="Dana Okafor", offer_start_date=date(2027, 1, 4)
        )
    )
    assert "Hiring manager: Dana Okafor\nStart date: 2027-01-04" in scorecard_text(offer)
    reject = _debrief(decision=Decision(outcome=Outcome.REJECT, share_feedback=True))
    text = scorecard_text(reject)
    assert "Feedback shared with the candidate: yes\nInvited to apply again: no" in text
