"""The template catalog: the built-in templates, the interviewer's own and a team's.

Three folders hold ``<id>.j2`` files: the built-ins shipped with the app (``templates/``), the
interviewer's own (``<data folder>/templates/``) and, if set, a team folder (any folder, for
example on a synced drive). The app writes only to the interviewer's folder. For one id, the
interviewer's file wins over the team's, which wins over the built-in: a file with a built-in's
id is an override, and deleting it ("restore") brings the original back.

A template file starts with a Jinja comment holding ``key: value`` lines::

    {#
    title: Rejection
    outcome: reject
    language: en
    description: Closes the process respectfully; feedback only when you choose to share it.
    #}

``outcome`` is an :class:`Outcome` value, or ``none`` for a template not tied to a decision
(the thank-you note); ``language`` (optional, ``en`` when left out) is the language its dates
are written in. A longer value may continue on indented lines. A file that cannot be used
(bad header, syntax error, no subject or body block, not UTF-8, too large) is still listed,
with the reason in :attr:`Template.problem`, so the interviewer can see and fix it.
"""

from __future__ import annotations

import functools
import os
import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import datetime
from enum import Enum
from pathlib import Path

from followup_desktop.compose.filters import DEFAULT_LANGUAGE
from followup_desktop.compose.render import (
    BODY_BLOCK,
    SUBJECT_BLOCK,
    TemplateProblem,
    check_source,
    environment,
)
from followup_desktop.domain.choices import Labelled, Outcome
from followup_desktop.files import write_atomic
from followup_desktop.paths import templates_dir

TEMPLATE_SUFFIX = ".j2"
HEADER_KEYS = ("title", "outcome", "language", "description")
REQUIRED_KEYS = ("title", "outcome", "description")
THANK_YOU_ID = "thank_you"
MAX_TEMPLATE_BYTES = 100_000
DELETED_FOLDER = "deleted"
NOT_UTF8 = "not UTF-8 text; open it in a text editor and save it as UTF-8"

_HEADER = re.compile(r"\A\s*\{#(?P<body>.*?)#\}", re.DOTALL)
_KEY_LINE = re.compile(r"^(?P<key>[A-Za-z_][\w-]*)\s*:\s*(?P<value>.*)$")
_ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
# Names Windows keeps for devices, even with an extension: "con.j2" cannot be a file there.
_RESERVED_IDS = frozenset(
    {"con", "prn", "aux", "nul"} | {f"{kind}{n}" for kind in ("com", "lpt") for n in range(1, 10)}
)
_SLUG_LENGTH = 56  # leaves room for a "_12" suffix within the 64 characters of an id


class TemplateHeaderError(ValueError):
    """A template file's metadata header is missing or malformed; the message names the file."""


class Origin(Labelled):
    """Where a template comes from; ``label`` is the word the interviewer reads."""

    BUILTIN = "builtin", "Built-in"
    TEAM = "team", "Team"
    MINE = "mine", "Yours"


class _Keep(Enum):
    KEEP = "keep"


KEEP = _Keep.KEEP
"""For :func:`with_header`: leave the outcome as it is (``None`` means ``outcome: none``)."""


@dataclass(frozen=True)
class TemplateHeader:
    title: str
    outcome: Outcome | None
    language: str
    description: str


@dataclass(frozen=True)
class Template:
    """One template file: ``id`` is the file stem; ``source`` the whole text, header included.

    ``replaces`` is the origin of the template with the same id that this one overrides.
    ``problem`` says why it cannot be used (naming the file, and the line when known).
    ``readable`` is False when the file's text could not be read at all (not UTF-8, too large,
    no permission): ``source`` is then empty and the app never writes over the file.
    """

    id: str
    title: str
    outcome: Outcome | None
    language: str
    description: str
    source: str
    origin: Origin
    path: Path | None
    replaces: Origin | None = None
    problem: str | None = None
    readable: bool = True

    @property
    def editable(self) -> bool:
        return self.origin is Origin.MINE and self.readable

    @property
    def file_name(self) -> str:
        return f"{self.id}{TEMPLATE_SUFFIX}"


# -- ids ---------------------------------------------------------------------------------------


def validate_id(template_id: str) -> str:
    """``template_id`` if it can name a file safely; ValueError otherwise."""
    if not _ID.fullmatch(template_id) or template_id in _RESERVED_IDS:
        raise ValueError(
            f"{template_id!r} cannot name a template: use 1 to 64 lowercase letters, digits,"
            " _ or -, starting with a letter or a digit"
        )
    return template_id


def slug(text: str) -> str:
    """A valid id made from ``text`` (a title): ASCII, lowercase, words joined by ``_``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = re.sub(r"[^a-z0-9]+", "_", ascii_text.lower()).strip("_")
    base = words[:_SLUG_LENGTH].rstrip("_") or "template"
    return f"{base}_template" if base in _RESERVED_IDS else base


# -- the header --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Entry:
    """One ``key: value`` of a header, with where it sits in the source."""

    key: str
    value: str
    line: int
    start: int  # offset of the key in the source
    end: int  # offset just after the value's last character (continuation lines included)


@dataclass(frozen=True)
class _HeaderScan:
    entries: tuple[_Entry, ...]
    error: str | None  # the first problem, as "line N: ..."
    body_start: int


def _scan_header(source: str) -> _HeaderScan | None:
    """The header's entries (None without a header comment); bad lines are skipped and the
    first one reported in ``error``, so a rewrite can still change the good ones."""
    found = _HEADER.match(source)
    if found is None:
        return None
    entries: list[_Entry] = []
    error: str | None = None
    offset = found.start("body")
    line_no = source[:offset].count("\n") + 1
    for raw in found.group("body").splitlines(keepends=True):
        text = raw.strip()
        match = _KEY_LINE.match(text)
        key = match.group("key").lower() if match else ""
        start = offset + len(raw) - len(raw.lstrip())
        end = offset + len(raw.rstrip())
        problem = None
        if not text:
            pass
        elif key not in HEADER_KEYS and raw[:1].isspace() and entries:
            last = entries[-1]
            entries[-1] = replace(last, value=f"{last.value} {text}".strip(), end=end)
        elif match is None:
            problem = f"line {line_no}: expected 'key: value' in the header, got {text!r}"
        elif key not in HEADER_KEYS:
            problem = (
                f"line {line_no}: unknown header key {key!r} (expected {', '.join(HEADER_KEYS)})"
            )
        elif any(entry.key == key for entry in entries):
            problem = f"line {line_no}: {key!r} is given twice"
        else:
            entries.append(_Entry(key, match.group("value").strip(), line_no, start, end))
        error = error or problem
        offset += len(raw)
        line_no += 1
    return _HeaderScan(tuple(entries), error, found.start("body"))


def parse_header(source: str, origin: str) -> TemplateHeader:
    """The metadata at the top of a template; ``origin`` (a file name) is used in errors."""
    scan = _scan_header(source)
    if scan is None:
        raise TemplateHeaderError(
            f"{origin}: the template must start with a header comment"
            " {# title: ... / outcome: ... / description: ... #}"
        )
    if scan.error:
        raise TemplateHeaderError(f"{origin}, {scan.error}")
    values = {entry.key: entry for entry in scan.entries}
    for key in REQUIRED_KEYS:
        if key not in values or not values[key].value:
            raise TemplateHeaderError(f"{origin}: the header has no {key!r}")
    outcome_text = values["outcome"].value.lower()
    outcome = None
    if outcome_text != "none":
        try:
            outcome = Outcome(outcome_text)
        except ValueError:
            choices = ", ".join(item.value for item in Outcome)
            raise TemplateHeaderError(
                f"{origin}, line {values['outcome'].line}: unknown outcome"
                f" {values['outcome'].value!r} (use one of {choices}, or none)"
            ) from None
    language = DEFAULT_LANGUAGE
    if "language" in values:
        try:
            language = normalise_language(values["language"].value)
        except ValueError as exc:
            raise TemplateHeaderError(f"{origin}, line {values['language'].line}: {exc}") from None
    return TemplateHeader(values["title"].value, outcome, language, values["description"].value)


def normalise_language(value: str) -> str:
    """A language code as Babel writes it (``pt-br`` -> ``pt_BR``); ValueError if unknown."""
    from babel import Locale, UnknownLocaleError

    text = value.strip().replace("-", "_")
    try:
        return str(Locale.parse(text))
    except (ValueError, UnknownLocaleError):
        raise ValueError(
            f"unknown language {value.strip()!r}; use a language code such as en, de, fr or pt_BR"
        ) from None


def with_header(
    source: str,
    *,
    title: str | None = None,
    outcome: Outcome | _Keep | None = KEEP,
    language: str | None = None,
    description: str | None = None,
) -> str:
    """``source`` with the given header keys set; every other character stays as it was.

    A key that is missing is added after the others; without any header comment, one is
    added at the top. Values are kept on one line, and a ``#}`` in them is broken up so it
    cannot end the comment early.
    """
    changes: dict[str, str] = {}
    for key, value in (("title", title), ("language", language), ("description", description)):
        if value is not None:
            changes[key] = value
    if outcome is not KEEP:
        changes["outcome"] = "none" if outcome is None else outcome.value
    lines = {key: _header_line(key, value) for key, value in changes.items()}
    scan = _scan_header(source)
    if scan is None:
        return _header_text([lines[key] for key in HEADER_KEYS if key in lines]) + source
    newline = "\r\n" if "\r\n" in source else "\n"
    result, cursor = [], 0
    for entry in scan.entries:
        if entry.key in lines:
            result += [source[cursor : entry.start], lines.pop(entry.key)]
            cursor = entry.end
    insert_at = scan.entries[-1].end if scan.entries else scan.body_start
    result.append(source[cursor:insert_at])
    result += [newline + lines[key] for key in HEADER_KEYS if key in lines]
    result.append(source[insert_at:])
    return "".join(result)


def _header_line(key: str, value: str) -> str:
    return f"{key}: {' '.join(value.split()).replace('#}', '# }')}"


def _header_text(lines: list[str]) -> str:
    return "{#\n" + "".join(f"{line}\n" for line in lines) + "#}\n"


# -- checking a template -----------------------------------------------------------------------


def check_template(source: str, origin: str) -> TemplateHeader:
    """The header of a template that can be used, after checking all of it: not empty, a good
    header, no syntax error, a ``subject`` and a ``body`` block. Raises TemplateHeaderError
    (the message names ``origin``) or TemplateProblem (with the line when known)."""
    if not source.strip():
        raise TemplateHeaderError(
            f"{origin}: the file is empty; write a header, a subject block and a body block,"
            " or start from a new template"
        )
    header = parse_header(source, origin)
    problem = check_source(source)
    if problem is not None:
        raise problem
    blocks = _block_names(source)
    missing = [
        f"no {{% block {name} %}} — {purpose}"
        for name, purpose in (
            (SUBJECT_BLOCK, "the subject line comes from it"),
            (BODY_BLOCK, "the message text comes from it"),
        )
        if name not in blocks
    ]
    if missing:
        raise TemplateProblem(f"the template has {' and '.join(missing)}")
    return header


@functools.lru_cache(maxsize=128)
def _block_names(source: str) -> frozenset[str]:
    """The names of the blocks in ``source`` (which compiles)."""
    from jinja2 import nodes

    return frozenset(block.name for block in environment().parse(source).find_all(nodes.Block))


def describe_problem(problem: TemplateHeaderError | TemplateProblem, origin: str) -> str:
    """One line for a problem, naming the file (and the line when known)."""
    if isinstance(problem, TemplateHeaderError):
        return str(problem)
    where = origin if problem.line is None else f"{origin}, line {problem.line}"
    return f"{where}: {problem.message}"


def too_large(origin: str, size: int) -> str:
    return (
        f"{origin}: too large ({size / 1000:,.0f} KB); a template can be at most"
        f" {MAX_TEMPLATE_BYTES // 1000:,} KB"
    )


def decode_template(data: bytes, origin: str) -> str:
    """The text of a template file; ValueError (naming ``origin``) if too large or not UTF-8.
    A UTF-8 byte order mark (Windows Notepad writes one) is dropped."""
    if len(data) > MAX_TEMPLATE_BYTES:
        raise ValueError(too_large(origin, len(data)))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValueError(f"{origin}: {NOT_UTF8}") from None


# -- new templates -----------------------------------------------------------------------------

_THANK_YOU = (
    "Thank you: your {{ role }} interview at {{ company }}",
    "Thank you for taking the time to talk with me about the {{ role }} role at {{ company }}."
    " I enjoyed our conversation.",
    "We are now reviewing all our interviews for the role. I will write to you by"
    " {{ hear_back_by | long_date }}, with our decision or the next step.",
)
_NEXT_STEPS = (
    "{% if next_steps is defined %}\n{{ next_steps | sentence }}\n{% endif %}\n"
    "I will write to you by {{ hear_back_by | long_date }} with the details."
)
# Subject, opening (the purpose comes first) and what happens next, for each outcome.
_STARTERS: dict[Outcome | None, tuple[str, str, str]] = {
    None: _THANK_YOU,
    Outcome.UNDECIDED: _THANK_YOU,
    Outcome.ADVANCE: (
        "Next steps for the {{ role }} role at {{ company }}",
        "Thank you for interviewing for the {{ role }} role at {{ company }}. I'm glad to tell"
        " you that we would like you to move on to the next stage.",
        _NEXT_STEPS,
    ),
    Outcome.OFFER: (
        "Your offer from {{ company }}",
        "Thank you for interviewing for the {{ role }} role at {{ company }}. I'm delighted to"
        " offer you the position.",
        "Your written offer letter will follow with the full terms.\n"
        "{% if next_step_date is defined and next_step_date >= today %}\n"
        "Please let me know your answer by {{ next_step_date | long_date }}.\n{% endif %}",
    ),
    Outcome.REJECT: (
        "Your {{ role }} application at {{ company }}",
        "Thank you for interviewing for the {{ role }} role at {{ company }}. I'm sorry to tell"
        " you that we have decided not to move forward with your application.",
        "Thank you again for your time, and I wish you all the best.",
    ),
    Outcome.MORE_INFO: (
        "One more step for the {{ role }} role at {{ company }}",
        "Thank you for interviewing for the {{ role }} role at {{ company }}. Before we make a"
        " decision, we would like to ask you for one more step.",
        _NEXT_STEPS,
    ),
    Outcome.ON_HOLD: (
        "Update on your {{ role }} application at {{ company }}",
        "I'm writing with an update on the {{ role }} role at {{ company }}. You are still being"
        " considered, and we have not made a decision yet.",
        "I will write to you again by {{ hear_back_by | long_date }}.",
    ),
}
_STARTER_BODY = """\
{{% block subject %}}{subject}{{% endblock %}}
{{% block body %}}
Hi {{{{ candidate_first_name }}}},

{opening}

{{% if strengths %}}
One thing stood out to me:
- {{{{ strengths[0] }}}}

{{% endif %}}
{next_step}

If you have any questions, just reply to this email.

Best regards,
{{{{ interviewer_name }}}}
{{% if interviewer_title is defined %}}
{{{{ interviewer_title }}}}, {{{{ company }}}}
{{% else %}}
{{{{ company }}}}
{{% endif %}}
{{% if interviewer_email is defined %}}
{{{{ interviewer_email }}}}
{{% endif %}}
{{% if signature is defined %}}
{{{{ signature }}}}
{{% endif %}}
{{% endblock %}}
"""


def new_template_source(title: str, outcome: Outcome | None, language: str = "en") -> str:
    """A short starter for a new template: greeting by first name, the purpose first, the next
    step with a date, and a signature with the interviewer's name, title and contact."""
    subject, opening, next_step = _STARTERS[outcome]
    header = _header_text(
        [
            _header_line("title", title),
            _header_line("outcome", "none" if outcome is None else outcome.value),
            _header_line("language", normalise_language(language)),
            _header_line("description", "Your own template. Say here when you use it."),
        ]
    )
    return header + _STARTER_BODY.format(subject=subject, opening=opening, next_step=next_step)


# -- reading folders ---------------------------------------------------------------------------


def _from_source(template_id: str, source: str, origin: Origin, path: Path | None) -> Template:
    """A template from its text: usable, or with the first problem found."""
    name = f"{template_id}{TEMPLATE_SUFFIX}"
    problem = None
    try:
        header = check_template(source, name)
    except (TemplateHeaderError, TemplateProblem) as exc:
        problem = describe_problem(exc, name)
        try:
            header = parse_header(source, name)
        except TemplateHeaderError:
            header = TemplateHeader(template_id, None, DEFAULT_LANGUAGE, "")
    return Template(
        id=template_id,
        title=header.title,
        outcome=header.outcome,
        language=header.language,
        description=header.description,
        source=source,
        origin=origin,
        path=path,
        problem=problem,
    )


def _unreadable(template_id: str, origin: Origin, path: Path, problem: str) -> Template:
    return Template(
        id=template_id,
        title=template_id,
        outcome=None,
        language=DEFAULT_LANGUAGE,
        description="",
        source="",
        origin=origin,
        path=path,
        problem=problem,
        readable=False,
    )


def _read_file(path: Path, size: int, template_id: str, origin: Origin) -> Template:
    if size > MAX_TEMPLATE_BYTES:
        return _unreadable(template_id, origin, path, too_large(path.name, size))
    try:
        with path.open("rb") as file:
            data = file.read(MAX_TEMPLATE_BYTES + 1)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        problem = f"{path.name}: cannot be read ({reason}); check the file's permissions"
        return _unreadable(template_id, origin, path, problem)
    try:
        source = decode_template(data, path.name)
    except ValueError as exc:
        return _unreadable(template_id, origin, path, str(exc))
    return _from_source(template_id, source, origin, path)


_FOLDER_NAMES = {
    Origin.MINE: "Your templates folder",
    Origin.TEAM: "The team templates folder",
    Origin.BUILTIN: "The built-in templates folder",
}
_FOLDER_ADVICE = {
    Origin.MINE: "check that you may write there, or choose another data folder",
    Origin.TEAM: "connect the drive it is on, or change the folder in Settings",
    Origin.BUILTIN: "reinstall the app",
}


_Stamp = tuple[int, int, int]  # size, modification time and inode: a changed file differs


class _Folder:
    """One folder of templates; a file is read again only when its stamp changes."""

    def __init__(self, path: Path, origin: Origin) -> None:
        self.path = path
        self.origin = origin
        self._known: dict[str, tuple[_Stamp, Template]] = {}

    def scan(self) -> tuple[list[Template], list[str]]:
        """The templates in the folder, and what is wrong with the folder or its file names."""
        name, advice = _FOLDER_NAMES[self.origin], _FOLDER_ADVICE[self.origin]
        try:
            with os.scandir(self.path) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except FileNotFoundError:
            self._known.clear()
            if self.origin is Origin.MINE:  # created with the first template
                return [], []
            return [], [f"{name} {self.path} is missing; {advice}."]
        except NotADirectoryError:
            return [], [f"{name} {self.path} is a file, not a folder; {advice}."]
        except OSError as exc:
            reason = exc.strerror or str(exc)
            return [], [f"{name} {self.path} cannot be read ({reason}); {advice}."]
        found: list[Template] = []
        problems: list[str] = []
        known: dict[str, tuple[_Stamp, Template]] = {}
        for entry in entries:
            if not entry.name.endswith(TEMPLATE_SUFFIX) or entry.name.startswith("."):
                continue
            template_id = entry.name.removesuffix(TEMPLATE_SUFFIX)
            try:
                if not entry.is_file():
                    continue
                info = entry.stat()
                validate_id(template_id)
            except OSError:
                continue  # gone since the listing, or a broken link: nothing to show
            except ValueError:
                problems.append(
                    f"{name}: {entry.name} is not used, because a template file name may only"
                    " hold lowercase letters, digits, _ and -; rename it, for example to"
                    f" {slug(template_id)}{TEMPLATE_SUFFIX}."
                )
                continue
            stamp = (info.st_size, info.st_mtime_ns, info.st_ino)
            cached = self._known.get(template_id)
            if cached is not None and cached[0] == stamp:
                template = cached[1]
            else:
                template = _read_file(Path(entry.path), info.st_size, template_id, self.origin)
            known[template_id] = (stamp, template)
            found.append(template)
        self._known = known
        return found, problems


def _sort_key(template: Template) -> tuple[int, str, str]:
    order = list(Outcome).index(template.outcome) if template.outcome else len(Outcome)
    return order, template.title.casefold(), template.id


@dataclass(frozen=True)
class _State:
    """What the folders held at the last reload."""

    # For each id, the templates with that id: the interviewer's, the team's, the built-in.
    stacks: dict[str, tuple[Template, ...]]
    problems: tuple[str, ...]
    builtin_ids: dict[Outcome, str]  # the built-in template for each outcome
    ordered: tuple[Template, ...]
    usable: tuple[Template, ...]


def _first_usable(stack: tuple[Template, ...]) -> Template | None:
    return next((item for item in stack if item.problem is None), None)


class Catalog:
    """Every template the interviewer can use, from the three folders (see the module)."""

    def __init__(
        self, user_dir: Path, team_dir: Path | None = None, builtin_dir: Path | None = None
    ) -> None:
        self._user_dir = user_dir
        self._team_dir = team_dir
        folders = [_Folder(user_dir, Origin.MINE)]
        if team_dir is not None:
            folders.append(_Folder(team_dir, Origin.TEAM))
        folders.append(_Folder(builtin_dir or templates_dir(), Origin.BUILTIN))
        self._folders = tuple(folders)
        self._state: _State | None = None

    @property
    def user_dir(self) -> Path:
        return self._user_dir

    @property
    def team_dir(self) -> Path | None:
        return self._team_dir

    # -- reading -------------------------------------------------------------------------------

    def reload(self) -> None:
        """Look at the folders again; only the files that changed are read again."""
        stacks: dict[str, list[Template]] = {}
        problems: list[str] = []
        builtin_ids: dict[Outcome, str] = {}
        for folder in self._folders:
            found, folder_problems = folder.scan()
            problems += folder_problems
            for template in found:
                stacks.setdefault(template.id, []).append(template)
                if template.origin is Origin.BUILTIN and template.outcome is not None:
                    builtin_ids.setdefault(template.outcome, template.id)
        linked = {
            template_id: tuple(
                replace(item, replaces=stack[index + 1].origin if index + 1 < len(stack) else None)
                for index, item in enumerate(stack)
            )
            for template_id, stack in stacks.items()
        }
        effective = [stack[0] for stack in linked.values()]
        usable = [first for stack in linked.values() if (first := _first_usable(stack))]
        self._state = _State(
            stacks=linked,
            problems=tuple(problems),
            builtin_ids=builtin_ids,
            ordered=tuple(sorted(effective, key=_sort_key)),
            usable=tuple(sorted(usable, key=_sort_key)),
        )

    def _loaded(self) -> _State:
        if self._state is None:
            self.reload()
        assert self._state is not None
        return self._state

    def templates(self) -> tuple[Template, ...]:
        """One template per id (the effective one), broken ones included, sorted by outcome
        (in decision order, then the ones for no decision) and title."""
        return self._loaded().ordered

    def usable(self) -> tuple[Template, ...]:
        """The templates that can be used, one per id, sorted like :meth:`templates`. Where an
        override is broken, the template it overrides stands in for it."""
        return self._loaded().usable

    def folder_problems(self) -> tuple[str, ...]:
        """What is wrong with the folders themselves, or with file names in them."""
        return self._loaded().problems

    def find(self, template_id: str) -> Template | None:
        stack = self._loaded().stacks.get(template_id)
        return stack[0] if stack else None

    def get(self, template_id: str) -> Template:
        found = self.find(template_id)
        if found is None:
            raise KeyError(f"no template {template_id!r}")
        return found

    def underneath(self, template_id: str) -> Template | None:
        """The template the effective one overrides: what :meth:`restore` would bring back."""
        stack = self._loaded().stacks.get(template_id, ())
        return stack[1] if len(stack) > 1 else None

    def for_outcome(self, outcome: Outcome) -> Template:
        """The template to start from for ``outcome``: the thank-you note for UNDECIDED (before
        a decision, thanking the candidate and saying when they will hear is the message to
        send), else the built-in for that outcome, or a usable override of it."""
        state = self._loaded()
        if outcome is Outcome.UNDECIDED:
            template_id = THANK_YOU_ID
        else:
            template_id = state.builtin_ids.get(outcome, "")
        found = _first_usable(state.stacks.get(template_id, ()))
        if found is None:
            raise KeyError(f"no usable template for the outcome {outcome.value!r}")
        return found

    def free_id(self, text: str) -> str:
        """A new id made from ``text`` that no template in any folder has."""
        taken = self._loaded().stacks
        base = slug(text)
        candidate, number = base, 1
        while candidate in taken:
            number += 1
            candidate = f"{base}_{number}"
        return candidate

    # -- changing the interviewer's templates --------------------------------------------------

    def save(self, template_id: str, source: str) -> Template:
        """Write the interviewer's template (atomically) and return it as the catalog sees it
        now: saved even when it has a problem, which ``problem`` then names."""
        path = self._user_dir / f"{validate_id(template_id)}{TEMPLATE_SUFFIX}"
        self.reload()  # never write over a file that appeared since the last look
        mine = self.find(template_id)
        if mine is not None and mine.origin is Origin.MINE and not mine.readable:
            raise ValueError(
                f"{mine.file_name} in your templates folder cannot be read, so the app does not"
                f" write over it: {mine.problem}"
            )
        data = source.encode("utf-8")
        if len(data) > MAX_TEMPLATE_BYTES:
            raise ValueError(
                f"The template is too large to save ({len(data) // 1000:,} KB); a template can"
                f" be at most {MAX_TEMPLATE_BYTES // 1000:,} KB. Make it shorter."
            )
        self._user_dir.mkdir(parents=True, exist_ok=True)
        write_atomic(path, data)
        self.reload()
        return self.get(template_id)

    def create(self, title: str, outcome: Outcome | None, language: str = "en") -> Template:
        """A new template of the interviewer's, from a starter text, with a fresh id."""
        title = _clean_title(title)
        self.reload()
        return self.save(self.free_id(title), new_template_source(title, outcome, language))

    def duplicate(self, template_id: str) -> Template:
        """A copy of any template, titled "Copy of ...", with a new id, in the user folder."""
        validate_id(template_id)
        self.reload()
        original = self._readable(self.get(template_id))
        title = f"Copy of {original.title}"
        return self.save(self.free_id(title), with_header(original.source, title=title))

    def customise(self, template_id: str) -> Template:
        """The interviewer's own copy of a built-in or team template, with the same id, so it
        is used instead (an override). A template of theirs is returned as it is."""
        validate_id(template_id)
        self.reload()
        current = self.get(template_id)
        if current.origin is Origin.MINE:
            return current
        return self.save(template_id, self._readable(current).source)

    def rename(self, template_id: str, title: str) -> Template:
        """A new title for the interviewer's template; the id and file stay, so messages that
        name the template keep finding it."""
        mine = self._readable(self._mine(template_id))
        return self.save(template_id, with_header(mine.source, title=_clean_title(title)))

    def delete(self, template_id: str) -> Path:
        """Move the interviewer's template to ``deleted/`` (never erased); return where to."""
        mine = self._mine(template_id)
        assert mine.path is not None
        folder = self._user_dir / DELETED_FOLDER
        folder.mkdir(exist_ok=True)
        stem = f"{template_id}-{datetime.now():%Y%m%d-%H%M%S}"
        target, number = folder / f"{stem}{TEMPLATE_SUFFIX}", 1
        while target.exists():
            number += 1
            target = folder / f"{stem}-{number}{TEMPLATE_SUFFIX}"
        os.replace(mine.path, target)
        self.reload()
        return target

    def restore(self, template_id: str) -> Template:
        """Remove the interviewer's override (to ``deleted/``); return the original in use."""
        mine = self._mine(template_id)
        if self.underneath(template_id) is None:
            raise ValueError(
                f"“{mine.title}” is your own template, not a changed copy of"
                " another one, so there is no original to restore. Delete it instead."
            )
        self.delete(template_id)
        return self.get(template_id)

    def _mine(self, template_id: str) -> Template:
        """The interviewer's template with this id; ValueError for another origin's."""
        validate_id(template_id)
        self.reload()
        found = self.get(template_id)
        if found.origin is not Origin.MINE:
            raise ValueError(
                f"“{found.title}” is a {found.origin.label.lower()} template, which the app does"
                " not change. Customise it to make your own copy."
            )
        return found

    @staticmethod
    def _readable(template: Template) -> Template:
        if not template.readable:
            raise ValueError(f"The template cannot be read: {template.problem}")
        return template


def _clean_title(title: str) -> str:
    cleaned = " ".join(title.split())
    if not cleaned:
        raise ValueError("A template needs a title.")
    return cleaned


# -- the built-ins on their own ----------------------------------------------------------------


@functools.cache
def builtin_templates() -> tuple[Template, ...]:
    """The built-in templates (read once from :func:`templates_dir`), sorted by id."""
    found, _ = _Folder(templates_dir(), Origin.BUILTIN).scan()
    return tuple(found)


def builtin_template(template_id: str) -> Template:
    """The built-in template with this id (file stem); KeyError if there is none."""
    for item in builtin_templates():
        if item.id == template_id:
            return item
    raise KeyError(f"no built-in template {template_id!r}")
