"""The coach's pattern language (followup_desktop.coach.patterns)."""

from __future__ import annotations

import pytest

from followup_desktop.coach.patterns import (
    PatternError,
    compile_macros,
    compile_phrasing,
    compile_phrasings,
    inflections,
)


def matches(phrasing: str, text: str, macros: dict[str, str] | None = None) -> list[str]:
    pattern = compile_phrasings([phrasing], compile_macros(macros or {}))
    return [m.group() for m in pattern.finditer(text)]


@pytest.mark.parametrize(
    ("phrasing", "text", "found"),
    [
        ("{be} [{a}] fit", "He wasn't really a fit for us.", ["wasn't really a fit"]),
        ("{be} [{a}] fit", "She is not quite a fit.", ["is not quite a fit"]),
        ("{pron} {be} [{a}] fit", "He\u2019s a fit.", ["He\u2019s a fit"]),
        ("[not] [a] (good|great) fit", "not a great fit", ["not a great fit"]),
        (
            "culture-fit",
            "culture fit, culture-fit, culturefit",
            ["culture fit", "culture-fit", "culturefit"],
        ),
        (
            "lack~ passion",
            "lacks passion; lacked passion; lacking passion",
            ["lacks passion", "lacked passion", "lacking passion"],
        ),
        ("{do} impress~ me", "just didn't impress me", ["didn't impress me"]),
        ("analy*", "analytical analysis", ["analytical", "analysis"]),
        ("blind !(spot|spots)", "a blind spot; blind in one eye", ["blind"]),
        ("not ... enough", "not quite senior enough", ["not quite senior enough"]),
        ("^ (meh|average) $", "Meh. Average latency. Average!", ["Meh", "Average"]),
        ("{pron} {be} smart ,", "she was smart, but no; he was smart and kind", ["she was smart"]),
        ("fit", "FIT", ["FIT"]),
    ],
)
def test_phrasings_match(phrasing: str, text: str, found: list[str]) -> None:
    assert matches(phrasing, text) == found


def test_word_boundaries() -> None:
    assert matches("fit", "fitness outfit fit") == ["fit"]
    assert matches("fit~", "fitting misfits") == ["fitting"]


def test_no_match_across_lines() -> None:
    assert matches("good fit", "good\nfit") == []


def test_file_macros_build_on_builtins() -> None:
    assert matches("{adj} hire", "a strong hire", {"adj": "(strong|weak)"}) == ["strong hire"]


def test_inflections_cover_regular_forms() -> None:
    assert {"fit", "fits", "fitted", "fitting"} <= set(inflections("fit"))
    assert {"seem", "seems", "seemed", "seeming"} <= set(inflections("seem"))
    assert {"worry", "worries", "worried"} <= set(inflections("worry"))


@pytest.mark.parametrize(
    "bad",
    ["(a|b", "[a", "{nope} x", "a ) b", "[a] [b]", "colou?r", "fi~t", "(a||b)", "! a"],
)
def test_bad_phrasings_are_refused(bad: str) -> None:
    with pytest.raises(PatternError):
        compile_phrasing(bad, compile_macros({}))


def test_first_words_skip_optional_heads() -> None:
    _, first = compile_phrasing("[not] [a] (good|great) fit", compile_macros({}))
    assert first == frozenset({"w:good", "w:great"})
    _, gap_head = compile_phrasing("... fit", compile_macros({}))
    assert gap_head == frozenset({"w:fit"})
    _, anywhere = compile_phrasing("#1 pick", compile_macros({}))
    assert anywhere is None  # searched for in the whole text
