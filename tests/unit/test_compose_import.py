"""Importing compose stays cheap: Jinja2 and Babel load on first render, not on import."""

from __future__ import annotations

from tests.fresh_python import QT, packages_loaded_by


def test_import_does_not_load_jinja_or_babel() -> None:
    loaded = packages_loaded_by("import followup_desktop.compose, followup_desktop.demo")
    assert not loaded & {"jinja2", "babel"}


def test_compose_imports_no_qt() -> None:
    loaded = packages_loaded_by(
        "import followup_desktop.compose, followup_desktop.demo\n"
        "from followup_desktop.compose import render_source\n"
        "render_source('{{ 1 }}', {})"
    )
    assert not loaded & QT
