"""One long-lived Node process answering JSON lines, so a test can ask it thousands of times."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]


class NodeFilter:
    """Runs ``script`` (under ``tests/js/``): one JSON object in per line, one JSON answer out."""

    def __init__(self, script: str) -> None:
        if shutil.which("node") is None:
            pytest.fail("node (20 or later) is needed for the JavaScript half of this test")
        self.process = subprocess.Popen(
            ["node", str(ROOT / "tests/js" / script)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )

    def ask(self, question: dict[str, Any]) -> Any:
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        self.process.stdin.write(json.dumps(question) + "\n")
        self.process.stdin.flush()
        return json.loads(self.process.stdout.readline())

    def close(self) -> None:
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        self.process.stdin.close()
        self.process.wait(timeout=10)
        self.process.stdout.close()
