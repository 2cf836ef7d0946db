"""The deployment files agree with the lock and the command line (no container engine runs here)."""

from __future__ import annotations

import re
from pathlib import Path

from server.cli import build_parser

ROOT = Path(__file__).resolve().parents[2]
CONTAINERFILE = (ROOT / "deploy" / "Containerfile").read_text()


def instructions(text: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) of a Containerfile, continuation lines joined, comments dropped."""
    joined = re.sub(r"\\\n\s*", " ", "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#")))
    return [(line.split(None, 1)[0].upper(), line.split(None, 1)[1]) for line in joined.splitlines() if line.strip()]


def test_the_container_installs_exactly_the_lock_before_the_code() -> None:
    steps = instructions(CONTAINERFILE)
    copies = [i for i, (kind, args) in enumerate(steps) if kind == "COPY" and "requirements.txt" in args.split()]
    installs = [i for i, (kind, args) in enumerate(steps) if kind == "RUN" and "-r requirements.txt" in args]
    assert copies, "the lock is not copied into the image"
    assert installs, "the image does not install from the lock"
    assert copies[0] < installs[0]
    assert "--require-hashes" in steps[installs[0]][1]
    code = [i for i, (kind, args) in enumerate(steps) if kind == "COPY" and args.startswith("server")]
    assert installs[0] < code[0], "install the lock before copying the code, so the layer is reused"
    hinge = [args for kind, args in steps if kind == "RUN" and "-e ." in args]
    assert hinge
    assert "--no-deps" in hinge[0]
    assert "--no-build-isolation" in hinge[0]


def test_the_container_runs_as_its_own_user_with_a_health_check() -> None:
    steps = dict(instructions(CONTAINERFILE))
    assert steps["USER"] == "hinge"
    assert "/api/v1/health" in steps["HEALTHCHECK"]


def test_the_container_command_uses_options_hinge_serve_has() -> None:
    command = dict(instructions(CONTAINERFILE))["CMD"]
    words = re.findall(r'"([^"]*)"', command)
    assert words[:2] == ["hinge", "serve"]
    args = build_parser({}).parse_args(words[1:])
    assert (args.host, args.port, str(args.data_dir)) == ("0.0.0.0", 8000, "/data")


def test_the_build_context_leaves_local_state_out() -> None:
    ignored = (ROOT / ".dockerignore").read_text().split()
    for path in [".venv", "node_modules", "data", ".git"]:
        assert path in ignored
