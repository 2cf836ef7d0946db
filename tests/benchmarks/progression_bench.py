"""Benchmark the progression engines on a five-year log (not a test; prints figures).

750 sessions of 20 sets each (15,000 sets): a lifter who climbs the ladder,
keeps pull-throughs and swings as warm-up, pushes the deadlift cap and now and
then logs a sloppy, painful or deleted set. Prints milliseconds per evaluation
for Python and for Node, both from merged entity maps (reduction included) and
from already reduced sessions (the engine alone).

    .venv/bin/python tests/benchmarks/progression_bench.py
"""

from __future__ import annotations

import json
import pathlib
import random
import subprocess
import sys
import tempfile
import time
from typing import Any

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from server.progression import load_program, verdict, verdict_from_fields  # noqa: E402
from sync.reduce import reduce_sessions  # noqa: E402

SESSIONS = 750
SETS_PER_SESSION = 20


def five_year_log(seed: int = 7) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    rng = random.Random(seed)
    program = load_program()
    cues = {exercise.id: exercise.cues for exercise in program.exercises}
    sessions: dict[str, dict[str, Any]] = {}
    sets: dict[str, dict[str, Any]] = {}
    deadlift = 40.0
    for number in range(SESSIONS):
        session_id = f"5e550000-0000-4000-8000-{number:012d}"
        day = 1 + number * 5 // 2
        sessions[session_id] = {
            "started_at": f"{2021 + day // 365}-{1 + (day % 365) // 31:02d}-{1 + (day % 365) % 28:02d}T18:00:00Z",
            "ended_at": None,
            "notes": "",
        }
        phase = number * 4 // SESSIONS
        plan = ["pull_through"] * 4 + ["kettlebell_swing"] * 4
        plan += ["romanian_deadlift", "stiff_leg_deadlift"] * 3 if phase >= 1 else ["pull_through"] * 6
        plan += ["deadlift"] * 4 if phase >= 2 else ["kettlebell_swing"] * 4
        plan += ["hip_thrust"] * 2
        for position, exercise in enumerate(plan):
            set_id = f"5e700000-0000-4000-{number:04d}-{position:012d}"
            load: float | None = None
            reps = rng.randint(8, 20)
            if exercise == "kettlebell_swing":
                load = rng.choice([12, 16, 20, 24])
            elif exercise in ("romanian_deadlift", "stiff_leg_deadlift"):
                load, reps = rng.choice([30, 35, 40]), rng.randint(5, 12)
            elif exercise == "deadlift":
                load, reps = deadlift, rng.randint(3, 8)
            elif exercise == "hip_thrust":
                load = 60
            record: dict[str, Any] = {
                "session_id": session_id,
                "exercise": exercise,
                "load_kg": load,
                "reps": reps,
                "rpe": rng.choice([None, 7, 7.5, 8, 8.5, 9]),
                "position": position,
                "performed_at": sessions[session_id]["started_at"],
                "pain": rng.random() < 0.01,
                "deleted": rng.random() < 0.01,
            }
            for cue in cues[exercise]:
                record[f"form.{cue}"] = rng.random() > 0.03
            sets[set_id] = record
        if phase >= 2 and rng.random() < 0.2:
            deadlift += 5 if deadlift < 100 else 2.5
    return sessions, sets


def per_call_ms(run: Any, repeat: int) -> float:
    run()
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(repeat):
            run()
        best = min(best, (time.perf_counter() - start) / repeat)
    return best * 1000


def main() -> None:
    program = load_program()
    sessions, sets = five_year_log()
    views = reduce_sessions(sessions, sets, newest_first=False)
    result = verdict(program, views)
    print(f"log: {len(sessions)} sessions, {len(sets)} sets; verdict unlocks {result.unlocked}")
    print(f"python verdict (reduced sessions):   {per_call_ms(lambda: verdict(program, views), 20):6.2f} ms")
    full = per_call_ms(lambda: verdict_from_fields(program, sessions, sets), 10)
    print(f"python verdict_from_fields (+reduce): {full:6.2f} ms")
    with tempfile.TemporaryDirectory() as tmp:
        path = pathlib.Path(tmp) / "log.json"
        path.write_text(json.dumps({"sessions": sessions, "sets": sets}))
        subprocess.run(["node", str(ROOT / "tests" / "benchmarks" / "progression_bench.mjs"), str(path)], check=True)


if __name__ == "__main__":
    main()
