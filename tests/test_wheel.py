"""The wheel carries templates/ and resources/, and renders a template from a fresh venv.

The fresh venv gets the wheel without PySide6 (only the core's own dependencies): rendering
must work there, which also proves the core never needs Qt.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORE_DEPENDENCIES = ["Jinja2>=3.1.6", "Babel>=2.12", "platformdirs>=4.0", "holidays>=0.40"]

pytestmark = pytest.mark.slow

SNIPPET = r"""
import importlib.util, json, sys
from datetime import datetime, timezone
from pathlib import Path

import followup_desktop
from followup_desktop import paths
from followup_desktop.compose import build_context, builtin_templates, render_source
from followup_desktop.demo import demo_settings, sample_debrief

now = datetime(2026, 3, 4, 15, 0, tzinfo=timezone.utc)
debrief = sample_debrief(now)
context = build_context(debrief, demo_settings(), today=now.date())
rendered = {}
for template in builtin_templates():
    message = render_source(template.source, context)
    rendered[template.id] = {"subject": message.subject, "text": message.text,
                             "html": message.html}
print(json.dumps({
    "package": str(Path(followup_desktop.__file__).resolve()),
    "templates_dir": str(paths.templates_dir().resolve()),
    "resources_dir": str(paths.resources_dir().resolve()),
    "greeting": debrief.candidate.greeting_name,
    "candidate": debrief.candidate.name,
    "rendered": rendered,
    "qt": importlib.util.find_spec("PySide6") is not None,
    "qt_loaded": any(m.startswith("PySide6") for m in sys.modules),
}))
"""


def run(command: list[str | Path], **kwargs: object) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    result = subprocess.run(
        [str(part) for part in command],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
        env={**env, "PIP_DISABLE_PIP_VERSION_CHECK": "1"},
        **kwargs,  # type: ignore[arg-type]
    )
    assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
    return result


def venv_python(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", out, ROOT])
    wheels = list(out.glob("followup_desktop-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


def test_wheel_carries_templates_and_resources(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    templates = {n for n in names if n.startswith("followup_desktop/templates/")}
    assert any(n.endswith(".j2") for n in templates)
    expected = {f"followup_desktop/templates/{p.name}" for p in (ROOT / "templates").glob("*.j2")}
    assert expected <= templates

    resources = {
        f"followup_desktop/resources/{p.relative_to(ROOT / 'resources').as_posix()}"
        for p in (ROOT / "resources").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    assert resources, "resources/ holds no files"
    assert resources <= names, sorted(resources - names)
    assert "followup_desktop/__init__.py" in names
    assert not any("__pycache__" in n or n.startswith("tests/") for n in names)


def test_wheel_metadata(wheel: Path) -> None:
    archive = zipfile.ZipFile(wheel)
    info = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
    requires = {
        line.split(":", 1)[1].strip().lower()
        for line in archive.read(info).decode().splitlines()
        if line.startswith("Requires-Dist:") and "extra ==" not in line
    }
    names = {r.split(">")[0].split("=")[0].split("<")[0].strip() for r in requires}
    assert {"pyside6-essentials", "pyside6-addons", "jinja2", "platformdirs"} <= names
    assert "pyside6" not in names  # the meta-package would drag in WebEngine
    entry_points = archive.read(info.replace("METADATA", "entry_points.txt")).decode()
    assert "followup-desktop = followup_desktop.cli:main" in entry_points


def test_installed_wheel_renders_builtin_templates(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", venv])
    python = venv_python(venv)
    run([python, "-m", "pip", "install", "-q", "--no-deps", wheel])
    run([python, "-m", "pip", "install", "-q", *CORE_DEPENDENCIES])

    work = tmp_path / "elsewhere"
    work.mkdir()
    result = run([python, "-I", "-c", SNIPPET], cwd=work)
    report = json.loads(result.stdout.strip().splitlines()[-1])

    site_packages = Path(
        run(
            [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]
        ).stdout.strip()
    ).resolve()
    package = Path(report["package"])
    templates = Path(report["templates_dir"])
    assert site_packages in package.parents
    assert templates == site_packages / "followup_desktop" / "templates"
    assert ROOT not in templates.parents
    assert Path(report["resources_dir"]) == site_packages / "followup_desktop" / "resources"
    assert report["qt"] is False and report["qt_loaded"] is False

    rendered = report["rendered"]
    assert len(rendered) >= 6  # one per outcome plus a thank-you
    for template_id, message in rendered.items():
        assert message["subject"].strip(), template_id
        assert report["greeting"] in message["text"], template_id
        assert "{{" not in message["text"] and "None" not in message["text"], template_id
