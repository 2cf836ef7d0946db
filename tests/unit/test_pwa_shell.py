"""The PWA shell as the server builds it: versioning, its size budget, and the vendored ``idb``."""

from __future__ import annotations

import json
import re
from pathlib import Path

from server.progression.program import load_program
from server.routes.pwa import Shell
from server.settings import PWA_DIR

ROOT = Path(__file__).resolve().parents[2]
BUDGET_BYTES = 60 * 1024


def shell() -> Shell:
    return Shell(PWA_DIR, load_program().to_json())


def test_gzipped_shell_fits_the_budget() -> None:
    size = shell().gzipped_shell_bytes()
    print(f"gzipped app shell (HTML + CSS + JS, icons aside): {size} bytes = {size / 1024:.1f} KiB")
    assert size <= BUDGET_BYTES


def test_version_changes_with_any_shell_file(tmp_path: Path) -> None:
    for path in PWA_DIR.rglob("*"):
        if path.is_file():
            target = tmp_path / path.relative_to(PWA_DIR)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    program = load_program().to_json()
    before = Shell(tmp_path, program)
    assert before.version == shell().version
    (tmp_path / "css" / "app.css").write_text((tmp_path / "css" / "app.css").read_text() + "\n/* changed */\n")
    after = Shell(tmp_path, program)
    assert after.version != before.version
    assert after.worker.body != before.worker.body, "a new sw.js is what makes browsers update"


def test_every_module_import_resolves_inside_the_shell() -> None:
    built = shell()
    for path in built.versioned:
        if not path.endswith(".js"):
            continue
        source = (PWA_DIR / path).read_text()
        for target in re.findall(r"""^\s*(?:import|export)\b[^'"]*?from\s+["']([^"']+)["']""", source, flags=re.M):
            resolved = (Path(path).parent / target).as_posix()
            parts: list[str] = []
            for part in resolved.split("/"):
                if part == "..":
                    parts.pop()
                elif part != ".":
                    parts.append(part)
            assert "/".join(parts) in built.versioned, f"{path} imports {target}, which is not served"


def test_vendored_idb_is_the_pinned_npm_package() -> None:
    lock = json.loads((ROOT / "package-lock.json").read_text())
    pinned = lock["packages"]["node_modules/idb"]["version"]
    assert json.loads((ROOT / "package.json").read_text())["dependencies"]["idb"] == pinned
    installed = ROOT / "node_modules" / "idb"
    assert installed.is_dir(), "run `npm ci` (scripts/test.sh does) to check the vendored copy"
    assert json.loads((installed / "package.json").read_text())["version"] == pinned
    assert (PWA_DIR / "vendor" / "idb.js").read_bytes() == (installed / "build" / "index.js").read_bytes()
