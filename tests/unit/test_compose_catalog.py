"""The template catalog: headers, checks, precedence of the three folders, and every change
the interviewer can make to their own templates (nothing lost, nothing written elsewhere)."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followup_desktop.compose import (
    KEEP,
    MAX_TEMPLATE_BYTES,
    Catalog,
    Origin,
    Template,
    TemplateHeaderError,
    TemplateProblem,
    build_context,
    builtin_template,
    builtin_templates,
    check_template,
    new_template_source,
    parse_header,
    render_source,
    validate_id,
    with_header,
)
from followup_desktop.context import open_context
from followup_desktop.demo import demo_settings, sample_debrief
from followup_desktop.domain.choices import Outcome
from followup_desktop.selftest import run_self_test
from tests.folders import listing

EXPECTED_IDS = {"advance", "offer", "reject", "more_info", "on_hold", "thank_you"}
NOW = datetime(2026, 3, 4, 15, 0, tzinfo=UTC)
BAD_IDS = ["../x", "a/b", "", "CON", "con", "nul", "Reject", "x" * 65, "a\n", ".hidden", "a.j2"]


def text(title: str = "T", outcome: str = "none", body: str = "Hello") -> str:
    return (
        f"{{# title: {title}\noutcome: {outcome}\ndescription: D #}}\n"
        f"{{% block subject %}}Subject{{% endblock %}}\n{{% block body %}}{body}{{% endblock %}}\n"
    )


def write(folder: Path, name: str, content: str | bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    if isinstance(content, str):
        path.write_bytes(content.encode("utf-8"))
    else:
        path.write_bytes(content)
    return path


@pytest.fixture
def user(tmp_path: Path) -> Path:
    return tmp_path / "data" / "templates"


@pytest.fixture
def team(tmp_path: Path) -> Path:
    folder = tmp_path / "team"
    folder.mkdir()
    return folder


@pytest.fixture
def catalog(user: Path, team: Path) -> Catalog:
    return Catalog(user, team)


# -- the built-ins -----------------------------------------------------------------------------


def test_builtins_are_all_there_with_headers() -> None:
    templates = builtin_templates()
    assert {item.id for item in templates} == EXPECTED_IDS
    for item in templates:
        assert item.problem is None, item.problem
        assert item.origin is Origin.BUILTIN and not item.editable
        assert item.title and item.description
        assert item.language == "en"
        assert "\nlanguage: en\n" in item.source  # shown, so a copy shows where to change it
    assert builtin_template("thank_you").outcome is None
    with pytest.raises(KeyError):
        builtin_template("nope")


def test_every_outcome_has_a_template(catalog: Catalog) -> None:
    for outcome in Outcome:
        template = catalog.for_outcome(outcome)
        assert template.origin is Origin.BUILTIN
        if outcome is Outcome.UNDECIDED:
            assert template.id == "thank_you"
        else:
            assert template.outcome is outcome
    outcomes = [item.outcome for item in builtin_templates() if item.outcome is not None]
    assert len(outcomes) == len(set(outcomes))


def test_origin_labels() -> None:
    assert [origin.label for origin in Origin] == ["Built-in", "Team", "Yours"]


# -- headers -----------------------------------------------------------------------------------


def test_parse_header_with_continuation_lines_and_language() -> None:
    header = parse_header(
        "{#\ntitle: Hello\noutcome: REJECT\ndescription: First part\n  second part\n#}\nbody",
        "x.j2",
    )
    assert header.title == "Hello"
    assert header.outcome is Outcome.REJECT
    assert header.description == "First part second part"
    assert header.language == "en"  # the default
    assert parse_header("{# title: T\noutcome: none\ndescription: D #}", "y.j2").outcome is None
    spelled = parse_header("{# title: T\noutcome: none\nlanguage: pt-br\ndescription: D #}", "z")
    assert spelled.language == "pt_BR"


@pytest.mark.parametrize(
    ("source", "needle"),
    [
        ("no header", "must start with a header"),
        ("{# title: T\noutcome: none #}", "no 'description'"),
        ("{# title: T\noutcome: maybe\ndescription: D #}", "line 2: unknown outcome 'maybe'"),
        ("{# title: T\ncolour: red\noutcome: none\ndescription: D #}", "line 2: unknown header"),
        ("{# title: T\njust words\n#}", "line 2: expected 'key: value'"),
        ("{# title: T\ntitle: U\noutcome: none\ndescription: D #}", "'title' is given twice"),
        ("{# title: T\noutcome: none\nlanguage: klingon\ndescription: D #}", "line 3: unknown"),
        ("{# title: T\noutcome: none\nlanguage:\ndescription: D #}", "line 3: unknown language"),
    ],
)
def test_bad_headers_name_the_file(source: str, needle: str) -> None:
    with pytest.raises(TemplateHeaderError) as caught:
        parse_header(source, "broken.j2")
    assert str(caught.value).startswith("broken.j2")
    assert needle in str(caught.value)


def test_with_header_changes_only_the_keys() -> None:
    source = (
        "{#\r\ntitle: Old\r\noutcome: reject\r\ndescription: Long\r\n  and longer\r\n#}\r\n"
        "{% block subject %}S{% endblock %}\r\n{% block body %}B  \r\n{% endblock %}"
    )
    changed = with_header(source, title="New", description="Short")
    assert changed == source.replace("title: Old", "title: New").replace(
        "description: Long\r\n  and longer", "description: Short"
    )
    added = with_header(source, language="de", outcome=None)
    assert added == source.replace("outcome: reject", "outcome: none").replace(
        "and longer\r\n#}", "and longer\r\nlanguage: de\r\n#}"
    )
    assert with_header(source) == source
    assert with_header(source, outcome=KEEP) == source


def test_with_header_on_a_one_line_header_and_without_a_header() -> None:
    one_line = "{# title: T\noutcome: none\ndescription: D #}\nbody"
    assert with_header(one_line, title="U") == one_line.replace("title: T", "title: U")
    assert with_header(one_line, language="fr") == one_line.replace("D #}", "D\nlanguage: fr #}")
    assert with_header("just text", title="T", outcome=Outcome.OFFER) == (
        "{#\ntitle: T\noutcome: offer\n#}\njust text"
    )


@given(title=st.text(min_size=1, max_size=80).filter(lambda value: value.split() != []))
def test_with_header_keeps_any_title_inside_the_header(title: str) -> None:
    source = text() + "{# a comment #}{{ role }}\n"
    changed = with_header(source, title=title)
    header = parse_header(changed, "x.j2")
    assert header.title == " ".join(title.split()).replace("#}", "# }")
    assert changed.endswith(source[source.index("#}") + 2 :])


# -- checking ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "needle"),
    [
        ("", "the file is empty"),
        ("  \n\n", "the file is empty"),
        ("{# title: T\noutcome: none\ndescription: D #}\n{% block body %}B{% endblock %}",
         "no {% block subject %} — the subject line comes from it"),
        ("{# title: T\noutcome: none\ndescription: D #}\n{% block subject %}S{% endblock %}Hi",
         "no {% block body %} — the message text comes from it"),
        ("{# title: T\noutcome: none\ndescription: D #}\nHi",
         "no {% block subject %} — the subject line comes from it and no {% block body %}"),
    ],
)  # fmt: skip
def test_check_template_says_what_is_missing(source: str, needle: str) -> None:
    with pytest.raises((TemplateHeaderError, TemplateProblem)) as caught:
        check_template(source, "report.j2")
    assert needle in str(caught.value)


def test_check_template_reports_the_syntax_error_line() -> None:
    source = text(body="\n{% if x %}\nno end\n")
    with pytest.raises(TemplateProblem) as caught:
        check_template(source, "report.j2")
    assert caught.value.line is not None and caught.value.line >= 3


@pytest.mark.parametrize("outcome", [None, *Outcome])
def test_new_template_is_a_good_starter(outcome: Outcome | None) -> None:
    source = new_template_source("My note", outcome, language="de")
    header = check_template(source, "new.j2")
    assert (header.title, header.outcome, header.language) == ("My note", outcome, "de")
    debrief = sample_debrief(NOW, outcome or Outcome.UNDECIDED)
    config = demo_settings()
    rendered = render_source(
        source, build_context(debrief, config, today=NOW.date()), language=header.language
    )
    assert rendered.subject and "None" not in rendered.subject + rendered.text
    assert rendered.text.startswith(f"Hi {debrief.candidate.greeting_name},\n")
    assert config.company in rendered.subject or "interview" in rendered.subject
    signature = rendered.text.split("Best regards,\n")[1]
    assert config.interviewer_name in signature and config.interviewer_email in signature
    with pytest.raises(ValueError, match="unknown language"):
        new_template_source("x", outcome, language="elvish")


# -- precedence, override and restore ----------------------------------------------------------


def test_yours_wins_over_the_team_which_wins_over_the_builtin(
    catalog: Catalog, user: Path, team: Path
) -> None:
    write(team, "reject.j2", text("Team rejection", "reject"))
    write(team, "team_only.j2", text("Team note"))
    catalog.reload()
    assert catalog.get("reject").origin is Origin.TEAM
    assert catalog.get("reject").replaces is Origin.BUILTIN
    assert catalog.get("team_only").replaces is None
    write(user, "reject.j2", text("My rejection", "reject"))
    catalog.reload()
    mine = catalog.get("reject")
    assert (mine.origin, mine.replaces, mine.title) == (Origin.MINE, Origin.TEAM, "My rejection")
    assert mine.editable
    underneath = catalog.underneath("reject")
    assert underneath is not None and underneath.title == "Team rejection"
    assert catalog.for_outcome(Outcome.REJECT) == mine
    assert [item.id for item in catalog.templates()].count("reject") == 1

    restored = catalog.restore("reject")
    assert restored.title == "Team rejection" and restored.origin is Origin.TEAM
    assert not (user / "reject.j2").exists()
    assert [path.read_text("utf-8") for path in (user / "deleted").iterdir()] == [
        text("My rejection", "reject")
    ]
    team_file = team / "reject.j2"
    assert team_file.read_text("utf-8") == text("Team rejection", "reject")  # never touched


def test_restore_needs_something_underneath(catalog: Catalog) -> None:
    created = catalog.create("Only mine", None)
    with pytest.raises(ValueError, match="no original to restore"):
        catalog.restore(created.id)
    with pytest.raises(ValueError, match="not change"):
        catalog.restore("reject")  # a built-in is not the interviewer's to restore


def test_customise_makes_an_override_with_the_same_id(catalog: Catalog, user: Path) -> None:
    builtin = catalog.get("offer")
    mine = catalog.customise("offer")
    assert (mine.id, mine.origin, mine.replaces) == ("offer", Origin.MINE, Origin.BUILTIN)
    assert mine.source == builtin.source
    assert (user / "offer.j2").read_text("utf-8") == builtin.source
    assert catalog.customise("offer") == mine  # already theirs: nothing changes
    assert len(listing(user)) == 1


def test_duplicate_rename_and_delete(catalog: Catalog, user: Path) -> None:
    copy = catalog.duplicate("reject")
    assert (copy.id, copy.title) == ("copy_of_rejection", "Copy of Rejection")
    assert copy.origin is Origin.MINE
    assert catalog.duplicate("reject").id == "copy_of_rejection_2"
    original = catalog.get("reject").source
    assert copy.source == original.replace("title: Rejection", "title: Copy of Rejection")

    renamed = catalog.rename(copy.id, "  Kind   no ")
    assert (renamed.id, renamed.title, renamed.path) == (copy.id, "Kind no", copy.path)
    assert renamed.source == copy.source.replace("Copy of Rejection", "Kind no")
    with pytest.raises(ValueError, match="needs a title"):
        catalog.rename(copy.id, "   ")

    moved = catalog.delete(copy.id)
    assert moved.parent == user / "deleted"
    assert re.fullmatch(r"copy_of_rejection-\d{8}-\d{6}\.j2", moved.name)
    assert moved.read_text("utf-8") == renamed.source
    assert catalog.find(copy.id) is None
    again = catalog.save(copy.id, renamed.source)
    second = catalog.delete(again.id)
    assert second != moved and moved.exists() and second.exists()  # nothing overwritten
    with pytest.raises(ValueError, match="built-in template"):
        catalog.delete("reject")
    with pytest.raises(ValueError, match="built-in template"):
        catalog.rename("reject", "Mine now")
    with pytest.raises(KeyError):
        catalog.delete("nothing_here")


def test_create_makes_ids_that_clash_with_nothing(catalog: Catalog, team: Path) -> None:
    write(team, "follow_up.j2", text("Follow up"))
    catalog.reload()
    assert catalog.create("Offer", Outcome.OFFER).id == "offer_2"  # a built-in has "offer"
    assert catalog.create("Follow-up!", None).id == "follow_up_2"  # the team has "follow_up"
    assert catalog.create("Ärztin — Zusage", Outcome.OFFER).id == "arztin_zusage"
    assert catalog.create("!!!", None).id == "template"
    assert catalog.create("Con", None).id == "con_template"
    long = catalog.create("word " * 40, None)
    assert validate_id(long.id) == long.id and len(long.id) <= 64
    created = catalog.create("Zusage", Outcome.OFFER, language="de")
    assert (created.title, created.language, created.problem) == ("Zusage", "de", None)
    with pytest.raises(ValueError, match="needs a title"):
        catalog.create("  ", None)


# -- broken files ------------------------------------------------------------------------------

HEADER = "{# title: T\noutcome: none\ndescription: D #}\n"


BAD_LANGUAGE = b"{# title: T\noutcome: none\nlanguage: xx\ndescription: D #}"
NOT_UTF8 = b"\xff\xfe t\x00i\x00"
HUGE = b"x" * (MAX_TEMPLATE_BYTES + 1)


@pytest.mark.parametrize(
    ("content", "needle", "editable"),
    [
        (b"", "broken.j2: the file is empty", True),
        (HEADER.encode() + b"{% block body %}B{% endblock %}", "no {% block subject %}", True),
        (HEADER.encode() + b"{% block subject %}S{% endblock %}", "no {% block body %}", True),
        (BAD_LANGUAGE, "broken.j2, line 3: unknown language 'xx'", True),
        (HEADER.encode() + b"{% block subject %}{% if %}{% endblock %}", "j2, line 4:", True),
        (b"no header", "must start with a header", True),
        (NOT_UTF8, "j2: not UTF-8 text; open it in a text editor and save it as UTF-8", False),
        (HUGE, "broken.j2: too large (100 KB); a template can be at most 100 KB", False),
    ],
)  # fmt: skip
def test_broken_files_are_listed_with_their_problem(
    catalog: Catalog, user: Path, content: bytes, needle: str, editable: bool
) -> None:
    write(user, "broken.j2", content)
    broken = catalog.get("broken")
    assert broken.problem is not None and needle in broken.problem
    assert broken.origin is Origin.MINE
    assert broken in catalog.templates()
    assert broken.id not in {item.id for item in catalog.usable()}
    assert broken.editable is editable
    assert broken.title in {"T", "broken"}  # the stem when the header cannot be read


def test_a_file_that_is_not_utf8_is_never_written_over(catalog: Catalog, user: Path) -> None:
    path = write(user, "latin.j2", text("Réponse").encode("latin-1"))
    before = listing(user)
    template = catalog.get("latin")
    assert not template.editable and template.source == ""
    for change in (
        lambda: catalog.save("latin", text()),
        lambda: catalog.rename("latin", "New"),
        lambda: catalog.duplicate("latin"),
    ):
        with pytest.raises(ValueError, match="not UTF-8"):
            change()
    assert listing(user) == before
    moved = catalog.delete("latin")  # moving keeps every byte
    assert moved.read_bytes() == before["latin.j2"] and not path.exists()


def test_a_byte_order_mark_is_accepted(catalog: Catalog, user: Path) -> None:
    write(user, "notepad.j2", b"\xef\xbb\xbf" + text("From Notepad").encode())
    assert catalog.get("notepad").problem is None
    assert catalog.get("notepad").title == "From Notepad"


def test_a_broken_override_gives_way_to_the_original(catalog: Catalog, user: Path) -> None:
    write(user, "reject.j2", "{# title: Broken\noutcome: reject\ndescription: D #}\n{{ oops")
    catalog.reload()
    assert catalog.get("reject").problem is not None
    assert catalog.for_outcome(Outcome.REJECT).origin is Origin.BUILTIN
    usable = {item.id: item for item in catalog.usable()}
    assert usable["reject"].origin is Origin.BUILTIN
    assert {item.id for item in catalog.usable()} >= EXPECTED_IDS


def test_save_keeps_the_text_even_with_a_problem(catalog: Catalog, user: Path) -> None:
    saved = catalog.save("draft", "{# title: Draft\noutcome: none\ndescription: D #}\n{% if")
    assert saved.problem is not None and saved.problem.startswith("draft.j2, line 4")
    assert (user / "draft.j2").read_text("utf-8").endswith("{% if")
    with pytest.raises(ValueError, match="too large"):
        catalog.save("draft", "x" * (MAX_TEMPLATE_BYTES + 1))
    assert (user / "draft.j2").read_text("utf-8").endswith("{% if")


# -- folders and ids ---------------------------------------------------------------------------


def test_folder_problems(tmp_path: Path, user: Path) -> None:
    assert Catalog(user).folder_problems() == ()  # no folder of your own yet: nothing wrong
    missing = Catalog(user, tmp_path / "unplugged").folder_problems()
    assert len(missing) == 1 and "team templates folder" in missing[0]
    assert "missing" in missing[0] and "Settings" in missing[0]
    write(tmp_path, "a_file", "x")
    assert "is a file" in Catalog(user, tmp_path / "a_file").folder_problems()[0]
    write(user, "My Letter.j2", text())
    write(user, "._reject.j2", b"\x00\x05AppleDouble")  # macOS litter on shared drives
    (user / "folder.j2").mkdir()
    problems = Catalog(user).folder_problems()
    assert len(problems) == 1 and "rename it, for example to my_letter.j2" in problems[0]
    assert Catalog(user).find("folder") is None


@pytest.mark.parametrize("bad", BAD_IDS)
def test_ids_are_checked_before_any_path_is_made(
    catalog: Catalog, tmp_path: Path, bad: str
) -> None:
    before = listing(tmp_path)
    for change in (
        lambda: catalog.save(bad, text()),
        lambda: catalog.delete(bad),
        lambda: catalog.customise(bad),
        lambda: catalog.duplicate(bad),
        lambda: catalog.rename(bad, "T"),
        lambda: catalog.restore(bad),
    ):
        with pytest.raises(ValueError, match="cannot name a template"):
            change()
    assert listing(tmp_path) == before
    assert catalog.find(bad) is None


def test_reload_sees_changes_made_outside_the_app(catalog: Catalog, user: Path) -> None:
    assert catalog.find("outside") is None
    path = write(user, "outside.j2", text("First"))
    assert catalog.find("outside") is None  # read when asked to, not on every call
    catalog.reload()
    assert catalog.get("outside").title == "First"
    path.write_text(text("Second, and longer"), "utf-8")
    catalog.reload()
    assert catalog.get("outside").title == "Second, and longer"
    path.unlink()
    catalog.reload()
    assert catalog.find("outside") is None


def test_templates_are_sorted_by_outcome_then_title(catalog: Catalog) -> None:
    catalog.create("Zebra offer", Outcome.OFFER)
    catalog.create("A note", None)
    order = [(item.outcome, item.title) for item in catalog.templates()]
    ranks = [list(Outcome).index(o) if o else len(Outcome) for o, _ in order]
    assert ranks == sorted(ranks)
    offers = [title for outcome, title in order if outcome is Outcome.OFFER]
    assert offers == ["Offer", "Zebra offer"]
    assert [title for outcome, title in order if outcome is None] == ["A note", "Thank you"]


def test_a_builtin_folder_can_be_given(tmp_path: Path, user: Path) -> None:
    builtin_dir = tmp_path / "builtin"
    write(builtin_dir, "thank_you.j2", text("Thanks"))
    write(builtin_dir, "no.j2", text("No", "reject"))
    catalog = Catalog(user, builtin_dir=builtin_dir)
    assert catalog.for_outcome(Outcome.REJECT).id == "no"
    assert catalog.for_outcome(Outcome.UNDECIDED).title == "Thanks"
    with pytest.raises(KeyError, match="offer"):
        catalog.for_outcome(Outcome.OFFER)


# -- the application context and the self-test -------------------------------------------------


def test_context_builds_the_catalog_on_first_use_and_after_a_team_change(tmp_path: Path) -> None:
    context = open_context(tmp_path / "data")
    try:
        catalog = context.catalog
        assert catalog.user_dir == tmp_path / "data" / "templates"
        assert catalog.team_dir is None
        assert context.catalog is catalog
        context.update_settings(replace(context.settings, company="Acme"))
        assert context.catalog is catalog
        context.update_settings(replace(context.settings, team_templates_dir=str(tmp_path)))
        assert context.catalog is not catalog and context.catalog.team_dir == tmp_path
    finally:
        context.close()


def test_self_test_warns_about_your_templates_without_failing(tmp_path: Path) -> None:
    user = tmp_path / "data" / "templates"
    write(user, "mine.j2", text(body="{{ frist_name }}"))
    write(user, "latin.j2", text("Réponse").encode("latin-1"))
    out = io.StringIO()
    assert run_self_test(tmp_path / "data", demo=False, out=out) == 0
    report = out.getvalue()
    assert f"WARN in your templates folder {user}: mine.j2, line 5: unknown name" in report
    assert "latin.j2: not UTF-8 text" in report
    assert report.rstrip().endswith("OK")


def test_template_knows_its_file_name() -> None:
    template = Template("x", "X", None, "en", "", "", Origin.MINE, None)
    assert template.file_name == "x.j2" and template.editable
