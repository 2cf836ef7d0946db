"""``scripts/setup.sh``: installs exactly the lock, skips work when nothing changed, remakes a foreign .venv."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TREE = ["scripts", "server", "sync", "pyproject.toml", "README.md", "requirements-dev.txt"]


def build_backend_pin() -> str:
    """setuptools' entry of the real lock, hashes and all: enough to install Hinge itself, quickly."""
    lock = (ROOT / "requirements.txt").read_text()
    match = re.search(r"^setuptools==.*?(?=^\S|\Z)", lock, re.MULTILINE | re.DOTALL)
    assert match is not None, "requirements.txt pins no setuptools"
    return match.group(0)


def copy_of_the_project(target: Path) -> Path:
    """The project with a lock of just its build backend: the script's logic is under test, not pip."""
    for name in TREE:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            shutil.copy2(source, target / name)
    (target / "requirements.txt").write_text(build_backend_pin())
    return target


def setup(project: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHON": sys.executable}
    return subprocess.run(
        ["./scripts/setup.sh"], cwd=project, env=env, capture_output=True, text=True, timeout=600, check=False
    )


def test_a_venv_of_another_python_is_made_again_then_left_alone(tmp_path: Path) -> None:
    project = copy_of_the_project(tmp_path)
    foreign = project / ".venv" / "bin" / "python"
    foreign.parent.mkdir(parents=True)
    foreign.write_text("#!/bin/sh\necho 3.9.2 linux\n")
    foreign.chmod(0o755)

    first = setup(project)
    assert first.returncode == 0, first.stdout + first.stderr
    assert "Making .venv again: it was made by another Python" in first.stdout
    assert "Installing from requirements.txt" in first.stdout
    python = project / ".venv" / "bin" / "python"
    installed = subprocess.run(
        [str(python), "-c", "import sys, importlib.metadata as m; print(m.version('hinge'), sys.version.split()[0])"],
        capture_output=True,
        text=True,
        check=True,
    )
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert installed.stdout.split() == [version, sys.version.split()[0]]

    second = setup(project)
    assert second.returncode == 0, second.stderr
    assert second.stdout == ""  # nothing changed: no venv made, nothing installed

    (project / "requirements.txt").write_text((project / "requirements.txt").read_text() + "\n")
    third = setup(project)
    assert "Installing from requirements.txt" in third.stdout  # a changed lock is installed again
