"""The template catalog: headers, one built-in per outcome, clear errors for bad headers."""

from __future__ import annotations

from pathlib import Path

import pytest

from followup_desktop.compose import (
    TemplateHeaderError,
    builtin_template,
    builtin_templates,
    load_templates,
    parse_header,
    template_for_outcome,
)
from followup_desktop.domain.model import Outcome

EXPECTED_IDS = {"advance", "offer", "reject", "more_info", "on_hold", "thank_you"}


def test_builtins_are_all_there_with_headers() -> None:
    templates = builtin_templates()
    assert {item.id for item in templates} == EXPECTED_IDS
    for item in templates:
        assert item.title
        assert item.description
        assert "{% block subject %}" in item.source
        assert "{% block body %}" in item.source
    assert builtin_template("thank_you").outcome is None


def test_every_outcome_has_a_template() -> None:
    for outcome in Outcome:
        template = template_for_outcome(outcome)
        if outcome is Outcome.UNDECIDED:
            assert template.id == "thank_you"
        else:
            assert template.outcome is outcome
    outcomes = [item.outcome for item in builtin_templates() if item.outcome is not None]
    assert len(outcomes) == len(set(outcomes))


def test_unknown_builtin() -> None:
    with pytest.raises(KeyError):
        builtin_template("nope")


def test_parse_header_with_continuation_lines() -> None:
    header = parse_header(
        "{#\ntitle: Hello\noutcome: REJECT\ndescription: First part\n  second part\n#}\nbody",
        "x.j2",
    )
    assert header.title == "Hello"
    assert header.outcome is Outcome.REJECT
    assert header.description == "First part second part"
    assert parse_header("{# title: T\noutcome: none\ndescription: D #}", "y.j2").outcome is None


@pytest.mark.parametrize(
    ("source", "needle"),
    [
        ("no header", "must start with a header"),
        ("{# title: T\noutcome: none #}", "no 'description'"),
        ("{# title: T\noutcome: maybe\ndescription: D #}", "unknown outcome 'maybe'"),
        ("{# title: T\ncolour: red\noutcome: none\ndescription: D #}", "line 2: unknown header"),
        ("{# title: T\njust words\n#}", "line 2: expected 'key: value'"),
        ("{# title: T\ntitle: U\noutcome: none\ndescription: D #}", "'title' is given twice"),
    ],
)
def test_bad_headers_name_the_file(source: str, needle: str) -> None:
    with pytest.raises(TemplateHeaderError) as caught:
        parse_header(source, "broken.j2")
    assert str(caught.value).startswith("broken.j2")
    assert needle in str(caught.value)


def test_load_templates_reports_the_bad_file(tmp_path: Path) -> None:
    (tmp_path / "good.j2").write_text(
        "{# title: G\noutcome: none\ndescription: D #}\nHi", encoding="utf-8"
    )
    (tmp_path / "bad.j2").write_text("Hi", encoding="utf-8")
    with pytest.raises(TemplateHeaderError, match=r"^bad\.j2"):
        load_templates(tmp_path)
    (tmp_path / "bad.j2").unlink()
    assert [item.id for item in load_templates(tmp_path)] == ["good"]
