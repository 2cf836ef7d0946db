"""The PWA's import (pwa/js/importing.js) writes only ops the server accepts.

Node reads every fixture of tests/fixtures/import/ and prints the changes
``importChanges`` makes; each is stamped with a clock value and checked by the
server's own validator (sync/ops.py), with the real program's catalog. The
content ids are recomputed here with hashlib, and the server's reduction of a
re-imported Hinge export gives back the exported sessions.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import msgspec
import pytest

from server.progression.program import load_program
from sync.ops import Op, OpValidator
from sync.reduce import reduce_state

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests/fixtures/import"
NODE = "0123456789abcdef"
NOW_MS = 1_764_000_000_000

# Every fixture read with lb for Strong's first format, in Berlin's summer time.
CHANGES_OF_EACH_FIXTURE = """
import { readFileSync, readdirSync } from "node:fs";
import { importChanges, parseImport } from "./pwa/js/importing.js";
const program = JSON.parse(readFileSync("server/progression/program.json", "utf8"));
const dir = "tests/fixtures/import/";
const out = {};
for (const name of readdirSync(dir).sort()) {
  if (name === "strong-german.csv") continue;
  const plan = parseImport(readFileSync(dir + name, "utf8"), { program, units: "lb", timeZoneOffsetMinutes: 120 });
  out[name] = { sessions: plan.sessions.map((s) => s.id), changes: importChanges(plan).flat() };
}
process.stdout.write(JSON.stringify(out));
"""


@pytest.fixture(scope="module")
def imported() -> dict[str, Any]:
    if shutil.which("node") is None:
        pytest.fail("node (20 or later) is needed for the JavaScript half of this test")
    result = subprocess.run(
        ["node", "--input-type=module", "-e", CHANGES_OF_EACH_FIXTURE],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
        timeout=60,
    )
    answer: dict[str, Any] = json.loads(result.stdout)
    return answer


def content_id(*parts: str) -> str:
    """importing/content-id.js's id: SHA-256 of the NUL-joined parts, as a version-8 UUID."""
    digest = bytearray(hashlib.sha256("\0".join(("hinge-import", *parts)).encode()).digest()[:16])
    digest[6] = 0x80 | (digest[6] & 0x0F)
    digest[8] = 0x80 | (digest[8] & 0x3F)
    text = digest.hex()
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


def test_every_fixture_but_the_translated_one_is_imported(imported: dict[str, Any]) -> None:
    expected = {path.name for path in FIXTURES.iterdir()} - {"strong-german.csv"}
    assert set(imported) == expected
    assert all(entry["changes"] for entry in imported.values())


def test_the_server_accepts_every_change_the_import_makes(imported: dict[str, Any]) -> None:
    validator = OpValidator(load_program().catalog())
    count = 0
    for name, entry in imported.items():
        for change in entry["changes"]:
            hlc = f"{NOW_MS:013d}-{count % 0x10000:04x}-{NODE}"
            op = Op(hlc, change["entity"], change["entity_id"], change["field"], change["value"])
            checked = validator.validate(op, device_id=NODE, now_ms=NOW_MS)
            assert checked.value == change["value"], (name, change)
            count += 1
    assert count > 300


def test_workout_ids_are_the_documented_hash_of_the_workouts_cells(imported: dict[str, Any]) -> None:
    assert imported["strong-c.csv"]["sessions"] == [
        content_id("session", "strong", "12", "2025-11-03 17:05:12"),
        content_id("session", "strong", "13", "2025-11-05 17:00:00"),
    ]
    assert imported["liftosaur.csv"]["sessions"][0] == content_id("session", "liftosaur", "2026-03-01T10:00:00.000Z")


def test_a_hinge_export_reimported_reduces_on_the_server_to_the_exported_sessions(imported: dict[str, Any]) -> None:
    exported = json.loads((FIXTURES / "hinge.json").read_text(encoding="utf-8"))
    rows = [(c["entity"], c["entity_id"], c["field"], c["value"]) for c in imported["hinge.json"]["changes"]]
    assert msgspec.to_builtins(reduce_state(rows)) == exported["sessions"]
