"""Template packs: a round trip, and every way a zip can be wrong or hostile refused whole,
before anything is written."""

from __future__ import annotations

import io
import stat
import struct
import warnings
import zipfile
from pathlib import Path

import pytest

from followup_desktop.compose import (
    MAX_PACK_FILES,
    Catalog,
    Origin,
    PackError,
    apply_import,
    export_pack,
    read_pack,
)
from followup_desktop.compose.packs import README_NAME
from tests.folders import listing


def text(title: str = "T", outcome: str = "none") -> str:
    return (
        f"{{# title: {title}\noutcome: {outcome}\ndescription: D #}}\n"
        "{% block subject %}Subject{% endblock %}\n{% block body %}Hi {{ role }}{% endblock %}\n"
    )


def make_zip(path: Path, members: dict[str, bytes | str] | list[zipfile.ZipInfo]) -> Path:
    """A zip holding ``members`` (names to contents, or ZipInfo objects holding ``b"x"``)."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        if isinstance(members, dict):
            for name, data in members.items():
                archive.writestr(name, data)
        else:
            for info in members:
                archive.writestr(info, b"x")
    return path


@pytest.fixture
def user(tmp_path: Path) -> Path:
    folder = tmp_path / "data" / "templates"
    folder.mkdir(parents=True)
    return folder


@pytest.fixture
def catalog(user: Path) -> Catalog:
    return Catalog(user)


def refused(path: Path, catalog: Catalog) -> str:
    """The message of the PackError that reading ``path`` raises; nothing may be written."""
    before = listing(catalog.user_dir)
    with pytest.raises(PackError) as caught:
        read_pack(path, catalog)
    assert listing(catalog.user_dir) == before
    return str(caught.value)


# -- round trip --------------------------------------------------------------------------------


def test_export_then_import_gives_the_same_templates(tmp_path: Path, catalog: Catalog) -> None:
    first = catalog.create("Warm thanks", None)
    second = catalog.save("nudge", text("Nudge", "on_hold"))
    pack = tmp_path / "pack.zip"
    assert export_pack([first, second], pack) == 2
    with zipfile.ZipFile(pack) as archive:
        assert sorted(archive.namelist()) == [README_NAME, "nudge.j2", "warm_thanks.j2"]
        assert "Import pack" in archive.read(README_NAME).decode()

    elsewhere = Catalog(tmp_path / "colleague" / "templates")
    plan = read_pack(pack, elsewhere)
    assert [(entry.id, entry.title, entry.existing) for entry in plan.entries] == [
        ("nudge", "Nudge", None),
        ("warm_thanks", "Warm thanks", None),
    ]
    assert plan.conflicts == ()
    assert elsewhere.find("nudge") is None  # reading writes nothing
    imported = apply_import(plan, elsewhere, on_conflict="replace")
    assert [(item.id, item.origin, item.source) for item in imported] == [
        ("nudge", Origin.MINE, second.source),
        ("warm_thanks", Origin.MINE, first.source),
    ]


def test_export_refuses_templates_with_problems_and_empty_choices(
    tmp_path: Path, catalog: Catalog
) -> None:
    broken = catalog.save("broken", "{# title: B\noutcome: none\ndescription: D #}\n{% if")
    with pytest.raises(PackError, match=r"fix them first:\n- broken\.j2, line 4"):
        export_pack([broken, catalog.get("reject")], tmp_path / "pack.zip")
    with pytest.raises(PackError, match="at least one"):
        export_pack([], tmp_path / "pack.zip")
    assert not (tmp_path / "pack.zip").exists()


# -- what is refused ---------------------------------------------------------------------------


def test_not_a_zip(tmp_path: Path, catalog: Catalog) -> None:
    path = tmp_path / "pack.zip"
    path.write_text("hello")
    assert "not a template pack (it is not a zip file)" in refused(path, catalog)
    assert "cannot be read" in refused(tmp_path / "missing.zip", catalog)


def test_an_empty_zip(tmp_path: Path, catalog: Catalog) -> None:
    path = make_zip(tmp_path / "empty.zip", {})
    assert "holds no templates" in refused(path, catalog)
    readme_only = make_zip(tmp_path / "readme.zip", {README_NAME: "hi", "folder/": ""})
    assert "holds no templates" in refused(readme_only, catalog)


def test_ten_thousand_files(tmp_path: Path, catalog: Catalog) -> None:
    path = tmp_path / "many.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for number in range(10_000):
            archive.writestr(f"t{number}.j2", b"")
    message = refused(path, catalog)
    assert f"holds 10,000 files; a template pack holds at most {MAX_PACK_FILES}" in message


@pytest.mark.parametrize(
    ("name", "needle"),
    [
        ("../evil.j2", "points outside the pack"),
        ("/abs.j2", "an absolute path"),
        ("C:\\x.j2", "backslashes are not allowed"),
        ("C:x.j2", "an absolute path"),
        ("..\\evil.j2", "backslashes are not allowed"),
        ("templates/reject.j2", "inside a folder"),
        ("notes.txt", "not a template (.j2 file)"),
        ("My Letter.j2", "cannot name a template"),
        ("con.j2", "cannot name a template"),
    ],
)
def test_unsafe_or_unexpected_names(
    tmp_path: Path, catalog: Catalog, name: str, needle: str
) -> None:
    path = make_zip(tmp_path / "pack.zip", {name: text(), "good.j2": text()})
    message = refused(path, catalog)
    assert needle in message
    assert not (tmp_path / "evil.j2").exists() and not (tmp_path / "data" / "evil.j2").exists()


def test_links_and_password_protected_files(tmp_path: Path, catalog: Catalog) -> None:
    link = zipfile.ZipInfo("link.j2")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    path = make_zip(tmp_path / "pack.zip", [link, zipfile.ZipInfo("secret.j2")])
    data = bytearray(path.read_bytes())
    central = data.rindex(b"PK\x01\x02")  # secret.j2, the last one: mark it encrypted
    struct.pack_into("<H", data, central + 8, data[central + 8] | 0x1)
    path.write_bytes(bytes(data))
    message = refused(path, catalog)
    assert "link.j2: a link, not a file" in message
    assert "secret.j2: protected by a password" in message


def test_a_zip_bomb_that_lies_about_its_size(tmp_path: Path, catalog: Catalog) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("bomb.j2", bytes(50_000_000))
    data = bytearray(buffer.getvalue())
    assert len(data) < 100_000  # 50 MB of zeros packs small
    # Claim 1,000 bytes in the local header and in the central directory.
    struct.pack_into("<L", data, 22, 1_000)
    central = data.rindex(b"PK\x01\x02")
    struct.pack_into("<L", data, central + 24, 1_000)
    path = tmp_path / "bomb.zip"
    path.write_bytes(bytes(data))
    with zipfile.ZipFile(path) as archive:
        assert archive.getinfo("bomb.j2").file_size == 1_000
    assert "bomb.j2: cannot be unpacked" in refused(path, catalog)


def test_a_zip_bomb_that_says_its_size(tmp_path: Path, catalog: Catalog) -> None:
    path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("bomb.j2", bytes(50_000_000))
    assert "unpacks to 50.0 MB; a template pack holds at most 5.0 MB" in refused(path, catalog)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("big.j2", bytes(200_000))
    assert "big.j2: too large (200 KB); a template can be at most 100 KB" in refused(path, catalog)


def test_a_large_file_is_refused_before_it_is_opened(tmp_path: Path, catalog: Catalog) -> None:
    path = tmp_path / "huge.zip"
    path.write_bytes(b"PK" + bytes(6_000_000))
    assert "huge.zip is 6.0 MB; a template pack is at most 5.0 MB" in refused(path, catalog)


def test_one_bad_template_among_good_ones_writes_nothing(tmp_path: Path, catalog: Catalog) -> None:
    catalog.save("mine", text("Mine"))
    members: dict[str, bytes | str] = {f"good_{n}.j2": text(f"Good {n}") for n in range(5)}
    members["latin.j2"] = text("Réponse").encode("latin-1")
    members["no_subject.j2"] = "{# title: T\noutcome: none\ndescription: D #}\n{% block body %}"
    members["bad_header.j2"] = "{# title: T\noutcome: later\ndescription: D #}\n"
    members["empty.j2"] = ""
    message = refused(make_zip(tmp_path / "pack.zip", members), catalog)
    assert message.startswith("pack.zip cannot be imported, and nothing was changed.")
    assert "- latin.j2: not UTF-8 text" in message
    assert "- no_subject.j2, line 4: Unexpected end of template" in message
    assert "- bad_header.j2, line 2: unknown outcome 'later'" in message
    assert "- empty.j2: the file is empty" in message
    assert "good_" not in message


def test_the_same_id_twice(tmp_path: Path, catalog: Catalog) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # zipfile warns about the duplicate
        path = make_zip(tmp_path / "pack.zip", {"a.j2": text()})
        with zipfile.ZipFile(path, "a") as archive:
            archive.writestr("a.j2", text("Again"))
    assert "a.j2 is in the pack twice" in refused(path, catalog)


def test_many_problems_are_summed_up(tmp_path: Path, catalog: Catalog) -> None:
    members: dict[str, bytes | str] = {f"bad_{n:02}.j2": "" for n in range(25)}
    message = refused(make_zip(tmp_path / "pack.zip", members), catalog)
    assert message.count("\n- bad_") == 10
    assert message.endswith("\n- and 15 more")


# -- conflicts ---------------------------------------------------------------------------------


@pytest.fixture
def pack_with_conflicts(tmp_path: Path, catalog: Catalog) -> Path:
    catalog.save("nudge", text("My nudge"))
    return make_zip(
        tmp_path / "pack.zip",
        {
            "nudge.j2": text("Their nudge"),
            "reject.j2": text("Their rejection", "reject"),
            "fresh.j2": text("Fresh"),
        },
    )


def test_conflicts_are_named_before_anything_is_written(
    pack_with_conflicts: Path, catalog: Catalog
) -> None:
    plan = read_pack(pack_with_conflicts, catalog)
    conflicts = {entry.id: entry.existing for entry in plan.conflicts}
    assert set(conflicts) == {"nudge", "reject"}
    assert conflicts["nudge"] is not None and conflicts["nudge"].origin is Origin.MINE
    assert conflicts["reject"] is not None and conflicts["reject"].origin is Origin.BUILTIN


def test_replace_keeps_the_old_file_in_deleted(
    pack_with_conflicts: Path, catalog: Catalog, user: Path
) -> None:
    plan = read_pack(pack_with_conflicts, catalog)
    imported = apply_import(plan, catalog, on_conflict="replace")
    assert sorted(item.id for item in imported) == ["fresh", "nudge", "reject"]
    assert catalog.get("nudge").title == "Their nudge"
    rejection = catalog.get("reject")
    assert (rejection.title, rejection.replaces) == ("Their rejection", Origin.BUILTIN)
    kept = list((user / "deleted").iterdir())
    assert len(kept) == 1 and kept[0].name.startswith("nudge-")
    assert kept[0].read_text("utf-8") == text("My nudge")
    again = apply_import(read_pack(pack_with_conflicts, catalog), catalog, on_conflict="replace")
    assert len(again) == 3
    assert len(list((user / "deleted").iterdir())) == 1  # the same text: nothing to move


def test_keep_both_imports_under_new_ids(
    pack_with_conflicts: Path, catalog: Catalog, user: Path
) -> None:
    before = listing(user)
    plan = read_pack(pack_with_conflicts, catalog)
    imported = apply_import(plan, catalog, on_conflict="keep_both")
    assert {item.id: item.title for item in imported} == {
        "their_nudge_imported": "Their nudge (imported)",
        "their_rejection_imported": "Their rejection (imported)",
        "fresh": "Fresh",
    }
    assert {name: data for name, data in listing(user).items() if name in before} == before
    assert catalog.get("reject").origin is Origin.BUILTIN
    assert not (user / "deleted").exists()


def test_an_unknown_choice_is_a_mistake(pack_with_conflicts: Path, catalog: Catalog) -> None:
    plan = read_pack(pack_with_conflicts, catalog)
    with pytest.raises(ValueError, match="on_conflict"):
        apply_import(plan, catalog, on_conflict="merge")  # type: ignore[arg-type]
