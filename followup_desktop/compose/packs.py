"""Template packs: a zip of templates, to share them with other interviewers. No Qt.

A pack holds ``<id>.j2`` files at its top level and a ``README.txt`` saying what it is (ignored
on import). Anything else refuses the whole pack: other files, files inside folders, unsafe
names (absolute, a drive letter, ``..``, backslashes), links, more than
:data:`MAX_PACK_FILES` files, a file larger than :data:`MAX_TEMPLATE_BYTES` or a pack larger
than :data:`MAX_PACK_BYTES` (checked on the sizes the zip claims, and again while reading,
since a zip bomb lies about them), text that is not UTF-8, the same id twice and any template
with a problem. Every file is checked before anything is written, and all problems are
reported together. Folders inside the zip are ignored.

``zipfile`` is imported on first use, so importing this module stays cheap.
"""

from __future__ import annotations

import io
import re
import stat
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from followup_desktop.compose.catalog import (
    MAX_TEMPLATE_BYTES,
    TEMPLATE_SUFFIX,
    Catalog,
    Origin,
    Template,
    TemplateHeaderError,
    check_template,
    decode_template,
    describe_problem,
    too_large,
    validate_id,
    with_header,
)
from followup_desktop.compose.render import TemplateProblem
from followup_desktop.files import write_atomic

if TYPE_CHECKING:
    from zipfile import ZipFile, ZipInfo

MAX_PACK_FILES = 200
MAX_PACK_BYTES = 5_000_000
README_NAME = "README.txt"
README_TEXT = """\
Follow-up Desk template pack

This zip holds follow-up message templates (the .j2 files). To use them, open Follow-up Desk,
choose Templates, then Import pack..., and pick this zip file.
"""
_SHOWN_PROBLEMS = 10
_ENCRYPTED = 0x1  # ZipInfo.flag_bits: the entry needs a password
_DRIVE = re.compile(r"^[A-Za-z]:")


class PackError(ValueError):
    """A pack cannot be written or read; the message says what happened and what to do."""


@dataclass(frozen=True)
class PackEntry:
    """One template in a pack; ``existing`` is the template with that id in use now, if any."""

    id: str
    title: str
    source: str
    existing: Template | None


@dataclass(frozen=True)
class ImportPlan:
    """A checked pack, ready to import: nothing is written until :func:`apply_import`."""

    path: Path
    entries: tuple[PackEntry, ...]

    @property
    def conflicts(self) -> tuple[PackEntry, ...]:
        """The entries whose id a template already has."""
        return tuple(entry for entry in self.entries if entry.existing is not None)


# -- export ------------------------------------------------------------------------------------


def export_pack(templates: Iterable[Template], path: Path) -> int:
    """Write ``templates`` to a pack at ``path`` (atomically); return how many it holds.
    Only templates without problems are shared, so every pack made here can be imported."""
    import zipfile

    chosen = {template.id: template for template in templates}
    broken = [template.problem for template in chosen.values() if template.problem]
    if broken:
        raise PackError(_listing("Some of these templates have problems; fix them first:", broken))
    if not chosen:
        raise PackError("Choose at least one template to export.")
    if len(chosen) > MAX_PACK_FILES:
        raise PackError(
            f"{len(chosen):,} templates are too many for one pack; a pack holds at most"
            f" {MAX_PACK_FILES}. Export them in parts."
        )
    contents = [(item.file_name, item.source.encode("utf-8")) for item in chosen.values()]
    total = sum(len(data) for _, data in contents)
    if total > MAX_PACK_BYTES:
        raise PackError(
            f"These templates add up to {_megabytes(total)}; a pack holds at most"
            f" {_megabytes(MAX_PACK_BYTES)}. Export them in parts."
        )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in [(README_NAME, README_TEXT.encode("utf-8")), *sorted(contents)]:
            info = zipfile.ZipInfo(name, date_time=time.localtime()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = (stat.S_IFREG | 0o644) << 16
            archive.writestr(info, data)
    write_atomic(path, buffer.getvalue())
    return len(chosen)


# -- import ------------------------------------------------------------------------------------


def read_pack(path: Path, catalog: Catalog) -> ImportPlan:
    """Check every file in the pack at ``path``; PackError lists everything that is wrong."""
    import zipfile

    name = path.name
    try:
        size = path.stat().st_size
        is_zip = zipfile.is_zipfile(path)
    except OSError as exc:
        raise PackError(
            f"{name} cannot be read ({exc.strerror or exc}). Check that the file is still there."
        ) from None
    if size > MAX_PACK_BYTES:
        raise PackError(
            f"{name} is {_megabytes(size)}; a template pack is at most"
            f" {_megabytes(MAX_PACK_BYTES)}. Check that you chose the right file."
        )
    if not is_zip:
        raise PackError(
            f"{name} is not a template pack (it is not a zip file). Choose a .zip file made with"
            " Export pack."
        )
    try:
        with zipfile.ZipFile(path) as archive:
            entries = _check_members(archive, name, catalog)
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise PackError(f"{name} is damaged ({exc}). Ask for a new copy of the pack.") from None
    return ImportPlan(path, entries)


def _check_members(archive: ZipFile, name: str, catalog: Catalog) -> tuple[PackEntry, ...]:
    files = [info for info in archive.infolist() if not info.filename.endswith("/")]
    if len(files) > MAX_PACK_FILES:
        raise PackError(
            f"{name} holds {len(files):,} files; a template pack holds at most {MAX_PACK_FILES}."
            " Check that you chose the right file."
        )
    claimed = sum(info.file_size for info in files)
    if claimed > MAX_PACK_BYTES:
        raise PackError(
            f"{name} unpacks to {_megabytes(claimed)}; a template pack holds at most"
            f" {_megabytes(MAX_PACK_BYTES)}. Check that you chose the right file."
        )
    problems: list[str] = []
    entries: dict[str, PackEntry] = {}
    seen: set[str] = set()
    for info in files:
        member = info.filename
        template_id = member.removesuffix(TEMPLATE_SUFFIX)
        problem = _name_problem(info)
        if problem is None and member == README_NAME:
            continue
        if problem is None and template_id in seen:
            problem = f"{member} is in the pack twice"
        seen.add(template_id)
        if problem is None:
            try:
                source = decode_template(_read_member(archive, info), member)
                title = check_template(source, member).title
            except (TemplateHeaderError, TemplateProblem) as exc:
                problem = describe_problem(exc, member)
            except ValueError as exc:
                problem = str(exc)
            else:
                entries[template_id] = PackEntry(
                    template_id, title, source, catalog.find(template_id)
                )
        if problem is not None:
            problems.append(problem)
    if problems:
        raise PackError(
            _listing(
                f"{name} cannot be imported, and nothing was changed. Ask for a corrected pack:",
                problems,
            )
        )
    if not entries:
        raise PackError(
            f"{name} holds no templates (.j2 files). Check that you chose the right file."
        )
    return tuple(entries.values())


def _name_problem(info: ZipInfo) -> str | None:
    """Why a file in a pack must not be imported by its name or kind, if it must not."""
    shown = info.orig_filename
    for member in {info.filename, info.orig_filename}:
        if "\\" in member or "\0" in member:
            return f"{shown!r}: unusual characters in the name (backslashes are not allowed)"
        if member.startswith("/") or _DRIVE.match(member):
            return f"{shown}: an absolute path; a pack holds its templates at its top level"
        if ".." in member.split("/"):
            return f"{shown}: points outside the pack"
        if "/" in member:
            return f"{shown}: inside a folder; a pack holds its templates at its top level"
    if stat.S_ISLNK(info.external_attr >> 16):
        return f"{shown}: a link, not a file"
    if info.flag_bits & _ENCRYPTED:
        return f"{shown}: protected by a password"
    if info.filename == README_NAME:
        return None
    if not info.filename.endswith(TEMPLATE_SUFFIX):
        return f"{shown}: not a template (.j2 file); a pack holds only .j2 files and a README.txt"
    try:
        validate_id(info.filename.removesuffix(TEMPLATE_SUFFIX))
    except ValueError as exc:
        return f"{shown}: {exc}"
    if info.file_size > MAX_TEMPLATE_BYTES:
        return too_large(shown, info.file_size)
    return None


def _read_member(archive: ZipFile, info: ZipInfo) -> bytes:
    """The bytes of one file, never more than one byte over the limit whatever the zip
    claims (a longer file is then refused as too large); ValueError if it cannot be unpacked."""
    import lzma
    import zipfile
    import zlib

    try:
        with archive.open(info) as member:
            return member.read(MAX_TEMPLATE_BYTES + 1)
    except (
        zipfile.BadZipFile,
        NotImplementedError,
        RuntimeError,
        zlib.error,
        lzma.LZMAError,
        EOFError,
    ) as exc:
        raise ValueError(f"{info.filename}: cannot be unpacked ({exc})") from None


def apply_import(
    plan: ImportPlan, catalog: Catalog, *, on_conflict: Literal["replace", "keep_both"]
) -> tuple[Template, ...]:
    """Write the pack's templates to the interviewer's folder; return them as saved.

    Where a template with the same id exists, ``"replace"`` makes the pack's the one in use
    (the interviewer's own file moves to ``deleted/`` first, so nothing is lost; a built-in or
    team template gets an override), and ``"keep_both"`` saves the pack's under a new id with
    " (imported)" after its title.
    """
    if on_conflict not in ("replace", "keep_both"):
        raise ValueError(f"on_conflict must be 'replace' or 'keep_both', not {on_conflict!r}")
    catalog.reload()
    imported = []
    for entry in plan.entries:
        current = catalog.find(entry.id)
        if current is None:
            imported.append(catalog.save(entry.id, entry.source))
        elif on_conflict == "keep_both":
            title = f"{entry.title} (imported)"
            source = with_header(entry.source, title=title)
            imported.append(catalog.save(catalog.free_id(title), source))
        elif current.origin is Origin.MINE and current.source == entry.source:
            imported.append(current)
        else:
            if current.origin is Origin.MINE:
                catalog.delete(entry.id)
            imported.append(catalog.save(entry.id, entry.source))
    return tuple(imported)


def _listing(intro: str, problems: list[str]) -> str:
    shown = problems[:_SHOWN_PROBLEMS]
    lines = [intro, *(f"- {problem}" for problem in shown)]
    if len(problems) > len(shown):
        lines.append(f"- and {len(problems) - len(shown)} more")
    return "\n".join(lines)


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:,.1f} MB"
