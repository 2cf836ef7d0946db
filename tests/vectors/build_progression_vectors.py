"""Write the progression conformance vectors in ``tests/vectors/progression/``.

Each vector is a hand-written log (merged entity maps with the field names of
sync-protocol.md section 3), the lifter's profile ``units`` (``kg`` or ``lb``)
and the full verdict both evaluators must return.
The logs are written here with a small builder so they stay readable; the
expected verdict is the Python engine's, but only after it matches the facts
written by hand beside each log (statuses, caps, events with their sessions,
above-cap sets, warm-up, bell, advice), so a vector never freezes a wrong
answer unread. Run after a deliberate change of rule or wording:

    .venv/bin/python tests/vectors/build_progression_vectors.py

and read the diff of the JSON files before committing them.
"""

from __future__ import annotations

import json
import pathlib
import sys
from collections.abc import Callable
from typing import Any

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import msgspec  # noqa: E402

from server.progression import KG_PER_LB, load_program, verdict_from_fields  # noqa: E402

OUT = pathlib.Path(__file__).resolve().parent / "progression"
PROGRAM = load_program()
CUES = {exercise.id: exercise.cues for exercise in PROGRAM.exercises}
STAGES = [stage.id for stage in PROGRAM.stages]


class Log:
    """A log under construction: sessions a day apart unless a start is given."""

    def __init__(self) -> None:
        self.sessions: dict[str, dict[str, Any]] = {}
        self.sets: dict[str, dict[str, Any]] = {}
        self.session_ids: list[str] = []
        self.day = 0

    def session(self, started_at: str | None = None, *, session_id: str | None = None, **fields: Any) -> Session:
        self.day += 1
        if session_id is None:
            session_id = f"5e550000-0000-4000-8000-{len(self.session_ids) + 1:012d}"
        record: dict[str, Any] = {}
        if started_at != "none":
            start = started_at or f"2026-{1 + (self.day - 1) // 28:02d}-{1 + (self.day - 1) % 28:02d}T18:00:00Z"
            record["started_at"] = start
        record.update(fields)
        self.sessions[session_id] = record
        self.session_ids.append(session_id)
        return Session(self, session_id)


class Session:
    def __init__(self, log: Log, session_id: str) -> None:
        self.log = log
        self.id = session_id
        self.position = 0

    def sets(
        self,
        exercise: str,
        count: int = 3,
        *,
        reps: int = 12,
        load: float | None = None,
        unchecked: tuple[str, ...] = (),
        absent: tuple[str, ...] = (),
        **fields: Any,
    ) -> list[str]:
        """``count`` sets with every cue of the exercise ticked except ``unchecked`` (false) and
        ``absent`` (never written)."""
        ids = []
        for _ in range(count):
            self.position += 1
            set_id = f"5e700000-0000-4000-8000-{len(self.log.sets) + 1:012d}"
            record: dict[str, Any] = {
                "session_id": self.id,
                "exercise": exercise,
                "load_kg": load,
                "reps": reps,
                "position": self.position,
            }
            for cue in CUES[exercise]:
                if cue not in absent:
                    record[f"form.{cue}"] = cue not in unchecked
            record.update(fields)
            self.log.sets[set_id] = record
            ids.append(set_id)
        return ids

    def then(self) -> Log:
        return self.log


# Preambles: a lifter who has mastered the first stages, each in its fewest sessions.


def master_pull_through(log: Log) -> None:
    for _ in range(2):
        log.session().sets("pull_through", reps=12)


def master_swing(log: Log) -> None:
    master_pull_through(log)
    for _ in range(3):
        log.session().sets("kettlebell_swing", reps=15, load=16)


def master_bar_hinge(log: Log) -> None:
    master_swing(log)
    for _ in range(2):
        log.session().sets("romanian_deadlift", reps=8, load=30)


def raise_deadlift(log: Log, times: int) -> None:
    """``times`` sessions that each raise the deadlift cap by one step from where it is."""
    cap: float = 40
    for _ in range(times):
        log.session().sets("deadlift", reps=5, load=cap, rpe=7)
        cap += 5 if cap < 100 else 2.5


P1 = [(1, "mastered", "pull_through"), (1, "unlocked", "kettlebell_swing")]
P2 = [
    *P1,
    (4, "mastered", "kettlebell_swing"),
    (4, "unlocked", "stiff_leg_deadlift"),
    (4, "unlocked", "romanian_deadlift"),
]
P3 = [
    *P2,
    (6, "mastered", "stiff_leg_deadlift"),
    (6, "mastered", "romanian_deadlift"),
    (6, "unlocked", "deadlift"),
]

VECTORS: list[tuple[str, str, str, Callable[[], tuple[Log, dict[str, Any]]]]] = []


def vector(description: str, units: str = "kg") -> Callable[[Callable[[], tuple[Log, dict[str, Any]]]], None]:
    def register(build: Callable[[], tuple[Log, dict[str, Any]]]) -> None:
        VECTORS.append((build.__name__, description, units, build))

    return register


def lb(pounds: float) -> float:
    """A load typed in pounds as the app stores it: ``load_kg``, the float product."""
    return pounds * KG_PER_LB


def kg_of(pounds: float) -> float:
    """A pound number of the program as the verdict gives it: in kg, to the microgram."""
    return round(pounds * KG_PER_LB, 9)


# ---- stage 1 and the consecutive-session logic ----


@vector("An empty log: only stage 1 and the assistance exercise are open.")
def empty_log() -> tuple[Log, dict[str, Any]]:
    return Log(), {
        "statuses": ["active", "locked", "locked", "locked"],
        "unlocked": ["pull_through", "hip_thrust"],
        "load_caps": {},
        "history": [],
        "advice": [],
        "missing": {"pull_through": "2 sessions in a row with 3 clean sets of 10\u201320 pull-throughs"},
    }


@vector("One clean pull-through session is half of stage 1.")
def pull_through_one_clean_session() -> tuple[Log, dict[str, Any]]:
    log = Log()
    log.session().sets("pull_through")
    return log, {
        "statuses": ["active", "locked", "locked", "locked"],
        "progress": {"pull_through": (1, 2)},
        "missing": {"pull_through": "1 more session with 3 clean sets of 10\u201320 pull-throughs"},
    }


@vector("Two clean pull-through sessions in a row master stage 1 and unlock the swing.")
def pull_through_mastered_in_two_sessions() -> tuple[Log, dict[str, Any]]:
    log = Log()
    master_pull_through(log)
    return log, {
        "statuses": ["mastered", "active", "locked", "locked"],
        "unlocked": ["pull_through", "kettlebell_swing", "hip_thrust"],
        "warmup": ["pull_through"],
        "history": P1,
        "progress": {"pull_through": (2, 2), "kettlebell_swing": (0, 3)},
    }


@vector("A clean session, then a sloppy one, then a clean one: the sloppy one resets the run.")
def clean_then_sloppy_resets_the_run() -> tuple[Log, dict[str, Any]]:
    log = Log()
    log.session().sets("pull_through")
    log.session().sets("pull_through", unchecked=("chest_up",))
    log.session().sets("pull_through")
    return log, {"statuses": ["active", "locked", "locked", "locked"], "progress": {"pull_through": (1, 2)}}


@vector("A session without the stage's exercise neither counts nor breaks the run.")
def session_without_the_exercise_keeps_the_run() -> tuple[Log, dict[str, Any]]:
    log = Log()
    log.session().sets("pull_through")
    log.session().sets("hip_thrust", reps=10, load=60)
    log.session().sets("pull_through")
    return log, {
        "statuses": ["mastered", "active", "locked", "locked"],
        "history": [(2, "mastered", "pull_through"), (2, "unlocked", "kettlebell_swing")],
    }


@vector("Two qualifying sets are one short: the session does not qualify and resets the run.")
def two_qualifying_sets_are_not_enough() -> tuple[Log, dict[str, Any]]:
    log = Log()
    log.session().sets("pull_through")
    session = log.session()
    session.sets("pull_through", 2)
    session.sets("pull_through", 1, unchecked=("glute_squeeze",))
    return log, {"statuses": ["active", "locked", "locked", "locked"], "progress": {"pull_through": (0, 2)}}


@vector("Sets of 9 reps are below the 10-20 range and never qualify.")
def reps_below_the_range() -> tuple[Log, dict[str, Any]]:
    log = Log()
    log.session().sets("pull_through", reps=9)
    log.session().sets("pull_through", reps=9)
    return log, {"statuses": ["active", "locked", "locked", "locked"], "progress": {"pull_through": (0, 2)}}


@vector("Sets of 21 reps are above the 10-20 range and never qualify.")
def reps_above_the_range() -> tuple[Log, dict[str, Any]]:
    log = Log()
    log.session().sets("pull_through", reps=21)
    log.session().sets("pull_through", reps=21)
    return log, {"statuses": ["active", "locked", "locked", "locked"], "progress": {"pull_through": (0, 2)}}


@vector("Sets of exactly 10 and exactly 20 reps are inside the range.")
def reps_at_the_edges_of_the_range() -> tuple[Log, dict[str, Any]]:
    log = Log()
    log.session().sets("pull_through", reps=10)
    log.session().sets("pull_through", reps=20)
    return log, {"statuses": ["mastered", "active", "locked", "locked"], "history": P1}


@vector("A cue set to false and a cue never written are both unchecked; cues of other exercises do not matter.")
def unchecked_and_missing_cues() -> tuple[Log, dict[str, Any]]:
    log = Log()
    session = log.session()
    session.sets("pull_through", 2)
    session.sets("pull_through", 1, unchecked=("soft_knees",))
    session = log.session()
    session.sets("pull_through", 2)
    session.sets("pull_through", 1, absent=("neutral_spine",))
    log.session().sets("pull_through", **{"form.hip_snap": False, "form.bar_close": True})
    return log, {"statuses": ["active", "locked", "locked", "locked"], "progress": {"pull_through": (1, 2)}}


@vector("A deleted set is ignored: with one of three clean sets deleted the session does not qualify.")
def deleted_set_is_ignored() -> tuple[Log, dict[str, Any]]:
    log = Log()
    log.session().sets("pull_through")
    session = log.session()
    session.sets("pull_through", 2)
    session.sets("pull_through", 1, deleted=True)
    return log, {"statuses": ["active", "locked", "locked", "locked"], "progress": {"pull_through": (0, 2)}}


@vector("A set deleted and restored (deleted: false) counts again.")
def restored_set_counts() -> tuple[Log, dict[str, Any]]:
    log = Log()
    log.session().sets("pull_through")
    session = log.session()
    session.sets("pull_through", 2)
    session.sets("pull_through", 1, deleted=False)
    return log, {"statuses": ["mastered", "active", "locked", "locked"], "history": P1}


@vector("A deleted session and its sets are ignored, so the clean sessions around it are in a row.")
def deleted_session_is_ignored() -> tuple[Log, dict[str, Any]]:
    log = Log()
    log.session().sets("pull_through")
    log.session(deleted=True).sets("pull_through", reps=5)
    log.session().sets("pull_through")
    return log, {
        "statuses": ["mastered", "active", "locked", "locked"],
        "history": [(2, "mastered", "pull_through"), (2, "unlocked", "kettlebell_swing")],
    }


@vector("A session without started_at is ignored, and so is a set whose session does not exist.")
def undated_session_and_orphan_set_are_ignored() -> tuple[Log, dict[str, Any]]:
    log = Log()
    log.session().sets("pull_through")
    log.session("none").sets("pull_through")
    log.sets["5e700000-0000-4000-8000-00000000ffff"] = {
        "session_id": "5e550000-0000-4000-8000-00000000ffff",
        "exercise": "pull_through",
        "reps": 12,
        **{f"form.{cue}": True for cue in CUES["pull_through"]},
    }
    return log, {"statuses": ["active", "locked", "locked", "locked"], "progress": {"pull_through": (1, 2)}}


@vector("Mastery stays: sloppy and too-short pull-through sessions after it change nothing.")
def mastery_stays_after_sloppy_sessions() -> tuple[Log, dict[str, Any]]:
    log = Log()
    master_pull_through(log)
    log.session().sets("pull_through", unchecked=("hips_back",))
    log.session().sets("pull_through", reps=5)
    return log, {"statuses": ["mastered", "active", "locked", "locked"], "warmup": ["pull_through"], "history": P1}


# ---- unlock points, locked exercises, ordering ----


@vector("Swings logged while still locked are kept but count for nothing, even after the unlock.")
def sets_of_a_locked_exercise_count_for_nothing() -> tuple[Log, dict[str, Any]]:
    log = Log()
    for _ in range(3):
        log.session().sets("kettlebell_swing", reps=15, load=16)
    master_pull_through(log)
    return log, {
        "statuses": ["mastered", "active", "locked", "locked"],
        "progress": {"kettlebell_swing": (0, 3)},
        "history": [(4, "mastered", "pull_through"), (4, "unlocked", "kettlebell_swing")],
    }


@vector("The session that masters a stage does not unlock the next exercise for its own sets.")
def unlock_applies_from_the_next_session() -> tuple[Log, dict[str, Any]]:
    log = Log()
    log.session().sets("pull_through")
    session = log.session()
    session.sets("pull_through")
    session.sets("kettlebell_swing", reps=15, load=16)
    log.session().sets("kettlebell_swing", reps=15, load=16)
    return log, {
        "statuses": ["mastered", "active", "locked", "locked"],
        "progress": {"kettlebell_swing": (1, 3)},
        "history": P1,
    }


@vector("Other exercises in the same session do not disturb the stage: hip thrusts, locked deadlifts.")
def other_exercises_in_the_same_session() -> tuple[Log, dict[str, Any]]:
    log = Log()
    for _ in range(2):
        session = log.session()
        session.sets("hip_thrust", 2, reps=8, load=80)
        session.sets("pull_through")
        session.sets("deadlift", 2, reps=5, load=60)
    return log, {
        "statuses": ["mastered", "active", "locked", "locked"],
        "unlocked": ["pull_through", "kettlebell_swing", "hip_thrust"],
        "above_cap": [],
        "history": P1,
    }


@vector("Sessions starting at the same instant replay by id: the smaller id masters stage 1 first.")
def tie_in_started_at_is_broken_by_session_id() -> tuple[Log, dict[str, Any]]:
    log = Log()
    log.session("2026-01-01T18:00:00Z").sets("pull_through")
    # Written first, but its id sorts after the next session's id.
    log.session("2026-01-02T18:00:00Z", session_id="5e550000-0000-4000-8000-00000000000b").sets(
        "kettlebell_swing", reps=15, load=16
    )
    log.session("2026-01-02T19:00:00+01:00", session_id="5e550000-0000-4000-8000-00000000000a").sets("pull_through")
    return log, {
        "statuses": ["mastered", "active", "locked", "locked"],
        "progress": {"kettlebell_swing": (1, 3)},
        "history": [(2, "mastered", "pull_through"), (2, "unlocked", "kettlebell_swing")],
    }


@vector("started_at is compared as an instant: 01:00+05:00 on the 6th is before 21:00Z on the 5th.")
def started_at_is_an_instant_not_text() -> tuple[Log, dict[str, Any]]:
    log = Log()
    log.session("2026-01-04T18:00:00Z").sets("pull_through")
    log.session("2026-01-05T21:00:00Z").sets("pull_through")
    log.session("2026-01-06T01:00:00+05:00").sets("kettlebell_swing", reps=15, load=16)
    return log, {
        "statuses": ["mastered", "active", "locked", "locked"],
        "progress": {"kettlebell_swing": (0, 3)},
        "history": P1,
    }


# ---- stage 2: the swing ----


@vector("Three clean swing sessions at 12 kg or more master stage 2 and open the bar hinges at 30 kg.")
def swing_stage_mastered() -> tuple[Log, dict[str, Any]]:
    log = Log()
    master_swing(log)
    return log, {
        "statuses": ["mastered", "mastered", "active", "locked"],
        "unlocked": ["pull_through", "kettlebell_swing", "stiff_leg_deadlift", "romanian_deadlift", "hip_thrust"],
        "load_caps": {"stiff_leg_deadlift": 30, "romanian_deadlift": 30},
        "warmup": ["pull_through", "kettlebell_swing"],
        "history": P2,
        "next_bell_kg": None,
    }


@vector("Swings at 8 kg are below the 12 kg minimum and never qualify; exactly 12 kg does.")
def swing_load_threshold() -> tuple[Log, dict[str, Any]]:
    log = Log()
    master_pull_through(log)
    log.session().sets("kettlebell_swing", reps=15, load=12)
    log.session().sets("kettlebell_swing", reps=15, load=12)
    log.session().sets("kettlebell_swing", reps=15, load=8)
    log.session().sets("kettlebell_swing", reps=15, load=12)
    return log, {"statuses": ["mastered", "active", "locked", "locked"], "progress": {"kettlebell_swing": (1, 3)}}


@vector("A swing without a load cannot show the 12 kg minimum, so it does not qualify.")
def swing_without_a_load_does_not_qualify() -> tuple[Log, dict[str, Any]]:
    log = Log()
    master_pull_through(log)
    log.session().sets("kettlebell_swing", reps=15, load=None)
    return log, {"statuses": ["mastered", "active", "locked", "locked"], "progress": {"kettlebell_swing": (0, 3)}}


@vector("Every swing set at 20 clean reps with the 16 kg bell: the verdict suggests the 20 kg bell.")
def next_bell_suggested() -> tuple[Log, dict[str, Any]]:
    log = Log()
    master_pull_through(log)
    log.session().sets("kettlebell_swing", reps=20, load=16)
    return log, {"next_bell_kg": 20, "progress": {"kettlebell_swing": (1, 3)}}


@vector("One swing set short of 20 reps, or one unchecked cue: no bell suggestion.")
def next_bell_needs_every_set() -> tuple[Log, dict[str, Any]]:
    log = Log()
    master_pull_through(log)
    log.session().sets("kettlebell_swing", reps=20, load=16)
    session = log.session()
    session.sets("kettlebell_swing", 2, reps=20, load=16)
    session.sets("kettlebell_swing", 1, reps=19, load=16)
    return log, {"next_bell_kg": None}


@vector("An unchecked cue on one 20-rep swing set also withholds the next bell.")
def next_bell_needs_every_cue() -> tuple[Log, dict[str, Any]]:
    log = Log()
    master_pull_through(log)
    session = log.session()
    session.sets("kettlebell_swing", 2, reps=20, load=16)
    session.sets("kettlebell_swing", 1, reps=20, load=16, unchecked=("hip_snap",))
    return log, {"next_bell_kg": None}


@vector("Swinging the 48 kg bell, the heaviest size, for 20 clean reps: there is no next bell.")
def next_bell_after_the_heaviest_size() -> tuple[Log, dict[str, Any]]:
    log = Log()
    master_pull_through(log)
    log.session().sets("kettlebell_swing", reps=20, load=48)
    return log, {"next_bell_kg": None}


@vector("Locked swings at 20 reps suggest no bell: the swing is not open yet.")
def no_bell_while_the_swing_is_locked() -> tuple[Log, dict[str, Any]]:
    log = Log()
    log.session().sets("kettlebell_swing", reps=20, load=16)
    return log, {"next_bell_kg": None, "statuses": ["active", "locked", "locked", "locked"]}


# ---- stage 3: pooled bar hinges ----


@vector("Stage 3 pools stiff-leg and Romanian deadlifts: 2 + 1 sets make a qualifying session.")
def bar_hinge_sets_are_pooled() -> tuple[Log, dict[str, Any]]:
    log = Log()
    master_swing(log)
    for _ in range(2):
        session = log.session()
        session.sets("stiff_leg_deadlift", 2, reps=8, load=30)
        session.sets("romanian_deadlift", 1, reps=8, load=25)
    return log, {
        "statuses": ["mastered", "mastered", "mastered", "active"],
        "unlocked": [
            "pull_through",
            "kettlebell_swing",
            "stiff_leg_deadlift",
            "romanian_deadlift",
            "deadlift",
            "hip_thrust",
        ],
        "load_caps": {"stiff_leg_deadlift": 30, "romanian_deadlift": 30, "deadlift": 40},
        "warmup": ["pull_through", "kettlebell_swing", "stiff_leg_deadlift", "romanian_deadlift"],
        "history": [
            *P2,
            (6, "mastered", "stiff_leg_deadlift"),
            (6, "mastered", "romanian_deadlift"),
            (6, "unlocked", "deadlift"),
        ],
    }


@vector("Bar hinges of 5 or 13 reps are outside 6-12 and do not count towards stage 3.")
def bar_hinge_rep_range() -> tuple[Log, dict[str, Any]]:
    log = Log()
    master_swing(log)
    session = log.session()
    session.sets("stiff_leg_deadlift", 2, reps=6, load=30)
    session.sets("romanian_deadlift", 1, reps=5, load=30)
    session = log.session()
    session.sets("stiff_leg_deadlift", 2, reps=12, load=30)
    session.sets("romanian_deadlift", 1, reps=13, load=30)
    return log, {"statuses": ["mastered", "mastered", "active", "locked"], "progress": {"bar_hinge": (0, 2)}}


@vector("A Romanian deadlift above its 30 kg cap is listed in above_cap and counts for nothing.")
def set_above_the_cap() -> tuple[Log, dict[str, Any]]:
    log = Log()
    master_swing(log)
    session = log.session()
    session.sets("romanian_deadlift", 2, reps=8, load=30)
    above = session.sets("romanian_deadlift", 1, reps=8, load=32.5)
    return log, {
        "statuses": ["mastered", "mastered", "active", "locked"],
        "above_cap": above,
        "progress": {"bar_hinge": (0, 2)},
        "load_caps": {"stiff_leg_deadlift": 30, "romanian_deadlift": 30},
    }


@vector("Heavy deadlifts while the deadlift is still locked count for nothing and are not listed above the cap.")
def locked_exercise_sets_are_not_above_cap() -> tuple[Log, dict[str, Any]]:
    log = Log()
    master_swing(log)
    log.session().sets("deadlift", reps=5, load=100)
    return log, {"above_cap": [], "load_caps": {"stiff_leg_deadlift": 30, "romanian_deadlift": 30}}


@vector("Three clean working Romanian deadlifts at the cap, RPE 8, raise its cap 30 -> 35; the other cap stays.")
def cap_raised_by_three_working_sets() -> tuple[Log, dict[str, Any]]:
    log = Log()
    master_swing(log)
    log.session().sets("romanian_deadlift", reps=8, load=30, rpe=8)
    return log, {
        "load_caps": {"stiff_leg_deadlift": 30, "romanian_deadlift": 35},
        "history": [
            *P1,
            (4, "mastered", "kettlebell_swing", None),
            (4, "unlocked", "stiff_leg_deadlift", 30),
            (4, "unlocked", "romanian_deadlift", 30),
            (5, "cap_raised", "romanian_deadlift", 35),
        ],
        "progress": {"bar_hinge": (1, 2)},
    }


@vector("One working set at RPE 8.5 leaves two raising sets: the cap stays (no RPE counts as fine).")
def rpe_above_8_does_not_raise() -> tuple[Log, dict[str, Any]]:
    log = Log()
    master_swing(log)
    session = log.session()
    session.sets("romanian_deadlift", 2, reps=8, load=30)
    session.sets("romanian_deadlift", 1, reps=8, load=30, rpe=8.5)
    return log, {"load_caps": {"stiff_leg_deadlift": 30, "romanian_deadlift": 30}, "history": P2}


@vector("Sets below the cap are not working sets and never raise it.")
def sets_below_the_cap_do_not_raise() -> tuple[Log, dict[str, Any]]:
    log = Log()
    master_bar_hinge(log)
    log.session().sets("deadlift", 4, reps=5, load=35)
    return log, {"load_caps": {"stiff_leg_deadlift": 30, "romanian_deadlift": 35, "deadlift": 40}, "history": P3a()}


def P3a() -> list[tuple[int, str, str]]:
    """History of ``master_bar_hinge``: its two Romanian-deadlift sessions also raise that cap."""
    return [
        *P2,
        (5, "cap_raised", "romanian_deadlift"),
        (6, "mastered", "stiff_leg_deadlift"),
        (6, "mastered", "romanian_deadlift"),
        (6, "unlocked", "deadlift"),
    ]


@vector("Deadlift working sets of 4 reps are short of the 5 the cap rule needs (the stage has no rep range).")
def deadlift_raise_needs_five_reps() -> tuple[Log, dict[str, Any]]:
    log = Log()
    master_bar_hinge(log)
    log.session().sets("deadlift", reps=4, load=40)
    log.session().sets("deadlift", reps=15, load=40, rpe=8)
    return log, {
        "load_caps": {"stiff_leg_deadlift": 30, "romanian_deadlift": 35, "deadlift": 45},
        "history": [*P3a(), (8, "cap_raised", "deadlift")],
        "statuses": ["mastered", "mastered", "mastered", "active"],
        "missing": {
            "deadlift": "1 session with 3 clean working sets of at least 5 reps at 45 kg, RPE 8 or less, "
            "raises the deadlift cap to 50 kg"
        },
    }


@vector("The deadlift cap climbs 5 kg a step to 100 kg, then 2.5 kg a step: 95 -> 100 -> 102.5.")
def cap_step_changes_at_100_kg() -> tuple[Log, dict[str, Any]]:
    log = Log()
    master_bar_hinge(log)
    raise_deadlift(log, 13)
    return log, {
        "load_caps": {"stiff_leg_deadlift": 30, "romanian_deadlift": 35, "deadlift": 102.5},
        "history": [*P3a(), *[(7 + i, "cap_raised", "deadlift") for i in range(13)]],
    }


@vector("Two sloppy sessions in a row at the cap lower it by the step that led to it: 102.5 -> 100 -> 95.")
def demotion_steps_back_the_way_it_came() -> tuple[Log, dict[str, Any]]:
    log = Log()
    master_bar_hinge(log)
    raise_deadlift(log, 13)
    log.session().sets("deadlift", reps=5, load=102.5, unchecked=("spread_floor",))
    log.session().sets("deadlift", 1, reps=5, load=102.5, unchecked=("drive_heels",))
    log.session().sets("deadlift", reps=5, load=100, absent=("bar_close",))
    log.session().sets("deadlift", reps=5, load=100, unchecked=("neutral_spine",))
    return log, {
        "load_caps": {"stiff_leg_deadlift": 30, "romanian_deadlift": 35, "deadlift": 95},
        "history": [
            *P3a(),
            *[(7 + i, "cap_raised", "deadlift") for i in range(13)],
            (21, "cap_lowered", "deadlift"),
            (23, "cap_lowered", "deadlift"),
        ],
    }


@vector("Demotion never goes below the start: two sloppy sessions at 40 kg leave the deadlift cap at 40.")
def demotion_floor_at_the_start() -> tuple[Log, dict[str, Any]]:
    log = Log()
    master_bar_hinge(log)
    log.session().sets("deadlift", reps=5, load=40, unchecked=("hips_back",))
    log.session().sets("deadlift", reps=5, load=40, unchecked=("hips_back",))
    return log, {"load_caps": {"stiff_leg_deadlift": 30, "romanian_deadlift": 35, "deadlift": 40}, "history": P3a()}


@vector("Sloppy, then a clean session at the cap, then sloppy: not two in a row, the cap stays.")
def clean_working_session_breaks_the_sloppy_run() -> tuple[Log, dict[str, Any]]:
    log = Log()
    master_bar_hinge(log)
    raise_deadlift(log, 1)
    log.session().sets("deadlift", reps=5, load=45, unchecked=("hips_back",))
    log.session().sets("deadlift", 2, reps=5, load=45)
    log.session().sets("deadlift", reps=5, load=45, unchecked=("hips_back",))
    return log, {
        "load_caps": {"stiff_leg_deadlift": 30, "romanian_deadlift": 35, "deadlift": 45},
        "history": [*P3a(), (7, "cap_raised", "deadlift")],
    }


@vector("A light session without working sets sits between two sloppy ones: still two in a row, cap lowered.")
def light_session_does_not_break_the_sloppy_run() -> tuple[Log, dict[str, Any]]:
    log = Log()
    master_bar_hinge(log)
    raise_deadlift(log, 1)
    log.session().sets("deadlift", reps=5, load=45, unchecked=("hips_back",))
    log.session().sets("deadlift", reps=5, load=30)
    log.session().sets("deadlift", reps=5, load=45, unchecked=("hips_back",))
    return log, {
        "load_caps": {"stiff_leg_deadlift": 30, "romanian_deadlift": 35, "deadlift": 40},
        "history": [*P3a(), (7, "cap_raised", "deadlift"), (10, "cap_lowered", "deadlift")],
    }


@vector("Three clean working sets and one with an unchecked cue: a sloppy session never raises the cap.")
def sloppy_session_never_raises() -> tuple[Log, dict[str, Any]]:
    log = Log()
    master_bar_hinge(log)
    session = log.session()
    session.sets("deadlift", 3, reps=5, load=40)
    session.sets("deadlift", 1, reps=5, load=40, unchecked=("bar_close",))
    return log, {"load_caps": {"stiff_leg_deadlift": 30, "romanian_deadlift": 35, "deadlift": 40}, "history": P3a()}


@vector("Deadlifts above the cap are listed in above_cap and neither raise the cap nor make it sloppy.")
def deadlifts_above_the_cap() -> tuple[Log, dict[str, Any]]:
    log = Log()
    master_bar_hinge(log)
    above = log.session().sets("deadlift", reps=5, load=60, unchecked=("hips_back",))
    above += log.session().sets("deadlift", reps=5, load=45)
    return log, {
        "load_caps": {"stiff_leg_deadlift": 30, "romanian_deadlift": 35, "deadlift": 40},
        "above_cap": above,
        "history": P3a(),
    }


@vector("Stage 3 mastered: pull-throughs, swings and both bar hinges are suggested as warm-up.")
def warmup_suggestions() -> tuple[Log, dict[str, Any]]:
    log = Log()
    master_bar_hinge(log)
    return log, {
        "warmup": ["pull_through", "kettlebell_swing", "stiff_leg_deadlift", "romanian_deadlift"],
        "statuses": ["mastered", "mastered", "mastered", "active"],
    }


# ---- pain ----


@vector("A painful set never counts, even with every cue ticked.")
def painful_set_never_counts() -> tuple[Log, dict[str, Any]]:
    log = Log()
    log.session().sets("pull_through")
    session = log.session()
    session.sets("pull_through", 2)
    session.sets("pull_through", 1, pain=True)
    return log, {
        "statuses": ["active", "locked", "locked", "locked"],
        "progress": {"pull_through": (0, 2)},
        "advice": [],
    }


@vector("Pain on pull-throughs in two sessions in a row locks nothing (no rung below) and advises rest.")
def pain_on_stage_one_only_advises() -> tuple[Log, dict[str, Any]]:
    log = Log()
    master_pull_through(log)
    log.session().sets("pull_through", 1, pain=True)
    log.session().sets("pull_through", 1, pain=True)
    return log, {
        "statuses": ["mastered", "active", "locked", "locked"],
        "history": P1,
        "advice": ["Pain in pull-throughs in 2 sessions in a row. Rest"],
    }


@vector("Pain on hip thrusts in three sessions in a row only advises; hip thrusts stay open.")
def pain_on_hip_thrust_only_advises() -> tuple[Log, dict[str, Any]]:
    log = Log()
    for _ in range(3):
        log.session().sets("hip_thrust", 1, reps=10, load=60, pain=True)
    return log, {
        "unlocked": ["pull_through", "hip_thrust"],
        "advice": ["Pain in hip thrusts in 3 sessions in a row"],
    }


@vector("The pain advice goes away once a session of that exercise has no pain.")
def pain_advice_ends_after_a_painless_session() -> tuple[Log, dict[str, Any]]:
    log = Log()
    log.session().sets("pull_through", 1, pain=True)
    log.session().sets("pull_through", 1, pain=True)
    log.session().sets("pull_through", 1)
    return log, {"advice": [], "progress": {"pull_through": (0, 2)}}


@vector("Painful swings in two sessions that are not in a row suspend nothing.")
def pain_not_in_a_row_suspends_nothing() -> tuple[Log, dict[str, Any]]:
    log = Log()
    master_pull_through(log)
    log.session().sets("kettlebell_swing", 1, reps=15, load=16, pain=True)
    log.session().sets("kettlebell_swing", reps=15, load=16)
    log.session().sets("kettlebell_swing", 1, reps=15, load=16, pain=True)
    return log, {"statuses": ["mastered", "active", "locked", "locked"], "advice": [], "history": P1}


@vector("Painful swings in two sessions in a row suspend stage 2: swings and all later stages lock.")
def pain_twice_suspends_the_swing_stage() -> tuple[Log, dict[str, Any]]:
    log = Log()
    master_swing(log)
    log.session().sets("kettlebell_swing", 1, reps=15, load=16, pain=True)
    log.session().sets("kettlebell_swing", 1, reps=15, load=16, pain=True)
    return log, {
        "statuses": ["mastered", "suspended", "locked", "locked"],
        "unlocked": ["pull_through", "hip_thrust"],
        "load_caps": {},
        "warmup": ["pull_through"],
        "history": [*P2, (6, "suspended", "kettlebell_swing")],
        "advice": ["Pain in kettlebell swings in 2 sessions in a row: the Kettlebell swing stage is on hold"],
        "missing": {
            "kettlebell_swing": "Pain in kettlebell swings in 2 sessions in a row: 1 session with 3 clean sets "
            "of 10\u201320 pull-throughs lifts the hold",
            "bar_hinge": "Locked while the Kettlebell swing stage is on hold",
        },
    }


@vector("One clean pull-through session lifts the swing suspension; stage 3's run of 1 is kept.")
def pain_suspension_resumed_with_progress_kept() -> tuple[Log, dict[str, Any]]:
    log = Log()
    master_swing(log)
    log.session().sets("romanian_deadlift", reps=8, load=25)
    log.session().sets("kettlebell_swing", 1, reps=15, load=16, pain=True)
    log.session().sets("kettlebell_swing", 1, reps=15, load=16, pain=True)
    log.session().sets("romanian_deadlift", reps=8, load=25)
    log.session().sets("pull_through", 3)
    return log, {
        "statuses": ["mastered", "mastered", "active", "locked"],
        "progress": {"bar_hinge": (1, 2)},
        "history": [*P2, (7, "suspended", "kettlebell_swing"), (9, "resumed", "kettlebell_swing")],
        # The last two swing sessions still had pain: the stage is back, the caution stays.
        "advice": ["Pain in kettlebell swings in 2 sessions in a row. Rest"],
    }


@vector("A suspended stage needs a session of the stage before it with 3 qualifying sets: 2 are not enough.")
def two_sets_do_not_lift_a_suspension() -> tuple[Log, dict[str, Any]]:
    log = Log()
    master_swing(log)
    log.session().sets("kettlebell_swing", 1, reps=15, load=16, pain=True)
    log.session().sets("kettlebell_swing", 1, reps=15, load=16, pain=True)
    log.session().sets("pull_through", 2)
    return log, {
        "statuses": ["mastered", "suspended", "locked", "locked"],
        "history": [*P2, (6, "suspended", "kettlebell_swing")],
    }


@vector("Pain in Romanian deadlifts twice in a row suspends stage 3 and drops that cap one step, 35 -> 30.")
def pain_suspends_the_bar_hinge_and_lowers_its_cap() -> tuple[Log, dict[str, Any]]:
    log = Log()
    master_bar_hinge(log)
    log.session().sets("romanian_deadlift", 1, reps=8, load=30, pain=True)
    log.session().sets("romanian_deadlift", 1, reps=8, load=30, pain=True)
    return log, {
        "statuses": ["mastered", "mastered", "suspended", "locked"],
        "unlocked": ["pull_through", "kettlebell_swing", "hip_thrust"],
        "load_caps": {},
        "progress": {"bar_hinge": (2, 2)},
        "history": [*P3a(), (8, "suspended", "romanian_deadlift", 30), (8, "cap_lowered", "romanian_deadlift", 30)],
        "warmup": ["pull_through", "kettlebell_swing"],
        "missing": {
            "bar_hinge": "Pain in Romanian deadlifts in 2 sessions in a row: 1 session with 3 clean sets of "
            "10\u201320 kettlebell swings at 12 kg or more lifts the hold"
        },
    }


@vector("Pain in deadlifts twice in a row suspends stage 4; one clean session of bar hinges resumes it.")
def pain_suspends_the_deadlift_then_bar_hinges_resume_it() -> tuple[Log, dict[str, Any]]:
    log = Log()
    master_bar_hinge(log)
    raise_deadlift(log, 2)
    log.session().sets("deadlift", 1, reps=5, load=50, pain=True)
    log.session().sets("deadlift", 1, reps=5, load=45, pain=True)
    log.session().sets("stiff_leg_deadlift", 3, reps=8, load=30)
    return log, {
        "statuses": ["mastered", "mastered", "mastered", "active"],
        # The resuming session's three sets sit at the stiff-leg cap, so they raise it too.
        "load_caps": {"stiff_leg_deadlift": 35, "romanian_deadlift": 35, "deadlift": 45},
        "history": [
            *P3a(),
            (7, "cap_raised", "deadlift"),
            (8, "cap_raised", "deadlift"),
            (10, "suspended", "deadlift"),
            (10, "cap_lowered", "deadlift"),
            (11, "resumed", "deadlift"),
            (11, "cap_raised", "stiff_leg_deadlift"),
        ],
        "advice": ["Pain in deadlifts in 2 sessions in a row. Rest"],
    }


@vector("Pain in still-locked deadlifts twice in a row suspends nothing but advises rest.")
def pain_on_a_locked_exercise_only_advises() -> tuple[Log, dict[str, Any]]:
    log = Log()
    log.session().sets("deadlift", 1, reps=5, load=40, pain=True)
    log.session().sets("deadlift", 1, reps=5, load=40, pain=True)
    return log, {
        "statuses": ["active", "locked", "locked", "locked"],
        "history": [],
        "advice": ["Pain in deadlifts in 2 sessions in a row. Rest"],
    }


@vector("Pain keeps counting while suspended: after the resume, one more painful session suspends again.")
def pain_after_a_resume_suspends_again() -> tuple[Log, dict[str, Any]]:
    log = Log()
    master_swing(log)
    log.session().sets("kettlebell_swing", 1, reps=15, load=16, pain=True)
    log.session().sets("kettlebell_swing", 1, reps=15, load=16, pain=True)
    session = log.session()
    session.sets("pull_through", 3)
    session.sets("kettlebell_swing", 1, reps=15, load=16, pain=True)
    log.session().sets("kettlebell_swing", 1, reps=15, load=16, pain=True)
    return log, {
        "statuses": ["mastered", "suspended", "locked", "locked"],
        "history": [
            *P2,
            (6, "suspended", "kettlebell_swing"),
            (7, "resumed", "kettlebell_swing"),
            (8, "suspended", "kettlebell_swing"),
        ],
    }


@vector("Painful swings and Romanian deadlifts in the same sessions suspend both stages; resumes go in order.")
def two_stages_suspended_in_one_session() -> tuple[Log, dict[str, Any]]:
    log = Log()
    master_bar_hinge(log)
    for _ in range(2):
        session = log.session()
        session.sets("kettlebell_swing", 1, reps=15, load=16, pain=True)
        session.sets("romanian_deadlift", 1, reps=8, load=30, pain=True)
    log.session().sets("pull_through", 3)
    return log, {
        "statuses": ["mastered", "mastered", "suspended", "locked"],
        "history": [
            *P3a(),
            (8, "suspended", "kettlebell_swing"),
            (8, "suspended", "romanian_deadlift"),
            (8, "cap_lowered", "romanian_deadlift"),
            (9, "resumed", "kettlebell_swing"),
        ],
        "unlocked": ["pull_through", "kettlebell_swing", "hip_thrust"],
    }


@vector("Sets of the lifter's own exercise count for nothing, however clean, heavy or painful.")
def own_exercise_counts_for_nothing() -> tuple[Log, dict[str, Any]]:
    log = Log()
    own = "0190f3a2-9e11-7a2b-8c3d-4e5f60718293"  # an exercise entity's UUID, not a program id
    own_sets = []
    for _ in range(2):
        own_sets += log.session().sets("pull_through", 3)  # every pull-through cue ticked
    for _ in range(2):
        own_sets += log.session().sets("deadlift", 3, reps=5, load=200, pain=True)
    for set_id in own_sets:
        log.sets[set_id]["exercise"] = own
    return log, {
        "statuses": ["active", "locked", "locked", "locked"],
        "history": [],
        "unlocked": ["pull_through", "hip_thrust"],
        "above_cap": [],
    }


@vector("Clean warm-up sets never count toward mastery: two sessions of them leave stage 1 where it was.")
def warmups_never_count_toward_mastery() -> tuple[Log, dict[str, Any]]:
    log = Log()
    for _ in range(2):
        log.session().sets("pull_through", 3, kind="warmup")
    return log, {
        "statuses": ["active", "locked", "locked", "locked"],
        "history": [],
        "progress": {"pull_through": (0, 2)},
    }


@vector("A session of warm-ups only neither counts nor breaks the run, like a session without the exercise.")
def a_session_of_warmups_only_keeps_the_run() -> tuple[Log, dict[str, Any]]:
    log = Log()
    log.session().sets("pull_through")
    log.session().sets("pull_through", 2, kind="warmup", unchecked=("hips_back",))
    log.session().sets("pull_through", 1, kind="warmup")
    log.session().sets("pull_through")
    return log, {
        "statuses": ["mastered", "active", "locked", "locked"],
        "history": [(3, "mastered", "pull_through"), (3, "unlocked", "kettlebell_swing")],
    }


@vector("A heavy warm-up is never above the cap, and a sloppy one at the cap does not hold it back.")
def warmups_are_never_above_the_cap_and_never_move_it() -> tuple[Log, dict[str, Any]]:
    log = Log()
    master_bar_hinge(log)
    session = log.session()
    session.sets("deadlift", 1, reps=5, load=100, kind="warmup")
    session.sets("deadlift", 1, reps=5, load=40, kind="warmup", unchecked=("hips_back",))
    session.sets("deadlift", 3, reps=5, load=40, rpe=7)
    return log, {
        "above_cap": [],
        "history": [*P3a(), (7, "cap_raised", "deadlift")],
        "load_caps": {"stiff_leg_deadlift": 30, "romanian_deadlift": 35, "deadlift": 45},
    }


@vector("Pain in a warm-up is pain: two painful warm-up sessions in a row suspend the stage as any would.")
def a_painful_warmup_still_counts_as_pain() -> tuple[Log, dict[str, Any]]:
    log = Log()
    master_bar_hinge(log)
    for _ in range(2):
        session = log.session()
        session.sets("romanian_deadlift", 1, reps=12, load=20, kind="warmup", pain=True)
        session.sets("romanian_deadlift", 3, reps=8, load=30)
    return log, {
        "statuses": ["mastered", "mastered", "suspended", "locked"],
        "history": [*P3a(), (8, "suspended", "romanian_deadlift"), (8, "cap_lowered", "romanian_deadlift")],
    }


# ---- a lifter whose profile says lb ----


def master_swing_lb(log: Log) -> None:
    master_pull_through(log)
    for _ in range(3):
        log.session().sets("kettlebell_swing", reps=15, load=lb(35))


def master_bar_hinge_lb(log: Log) -> None:
    master_swing_lb(log)
    for _ in range(2):
        log.session().sets("romanian_deadlift", reps=8, load=lb(65))


def raise_deadlift_lb(log: Log, times: int) -> None:
    """``times`` sessions that each raise a lb lifter's deadlift cap one step from where it is."""
    cap: float = 95
    for _ in range(times):
        log.session().sets("deadlift", reps=5, load=lb(cap), rpe=7)
        cap += 10 if cap < 225 else 5


@vector(
    "A lb lifter's bar hinges open at 65 lb and the deadlift at 95 lb; caps are given in kg, exactly converted, "
    "and the sentences speak pounds.",
    "lb",
)
def lb_caps_start_at_65_and_95_lb() -> tuple[Log, dict[str, Any]]:
    log = Log()
    master_bar_hinge_lb(log)
    return log, {
        "statuses": ["mastered", "mastered", "mastered", "active"],
        "units": "lb",
        "load_caps": {"stiff_leg_deadlift": kg_of(65), "romanian_deadlift": kg_of(75), "deadlift": kg_of(95)},
        "history": [
            *P2[:3],
            (4, "unlocked", "stiff_leg_deadlift", kg_of(65)),
            (4, "unlocked", "romanian_deadlift", kg_of(65)),
            (5, "cap_raised", "romanian_deadlift", kg_of(75)),
            (6, "mastered", "stiff_leg_deadlift", None),
            (6, "mastered", "romanian_deadlift", None),
            (6, "unlocked", "deadlift", kg_of(95)),
        ],
        "details": ["Romanian deadlift cap raised from 65 to 75 lb: 3 clean working sets"],
        "missing": {
            "deadlift": "1 session with 3 clean working sets of at least 5 reps at 95 lb, RPE 8 or less, "
            "raises the deadlift cap to 105 lb"
        },
    }


@vector("A lb lifter's deadlift cap climbs 10 lb a step below 225 lb, then 5 lb: 215 -> 225 -> 230.", "lb")
def lb_cap_step_changes_at_225_lb() -> tuple[Log, dict[str, Any]]:
    log = Log()
    master_bar_hinge_lb(log)
    raise_deadlift_lb(log, 14)
    return log, {
        "load_caps": {"stiff_leg_deadlift": kg_of(65), "romanian_deadlift": kg_of(75), "deadlift": kg_of(230)},
        "history": [
            *P3a(),
            *[(7 + i, "cap_raised", "deadlift", kg_of(105 + 10 * i)) for i in range(13)],
            (20, "cap_raised", "deadlift", kg_of(230)),
        ],
        "details": [
            "Deadlift cap raised from 95 to 105 lb",
            "Deadlift cap raised from 215 to 225 lb",
            "Deadlift cap raised from 225 to 230 lb",
        ],
        "missing": {"deadlift": "at 230 lb, RPE 8 or less, raises the deadlift cap to 235 lb"},
    }


@vector("Two sloppy sessions in a row lower a lb lifter's cap by the step that led to it: 230 -> 225 -> 215 lb.", "lb")
def lb_demotion_steps_back_the_way_it_came() -> tuple[Log, dict[str, Any]]:
    log = Log()
    master_bar_hinge_lb(log)
    raise_deadlift_lb(log, 14)
    for load in (230, 230, 225, 225):
        log.session().sets("deadlift", reps=5, load=lb(load), unchecked=("spread_floor",))
    return log, {
        "load_caps": {"stiff_leg_deadlift": kg_of(65), "romanian_deadlift": kg_of(75), "deadlift": kg_of(215)},
        "history": [
            *P3a(),
            *[(7 + i, "cap_raised", "deadlift") for i in range(14)],
            (22, "cap_lowered", "deadlift", kg_of(225)),
            (24, "cap_lowered", "deadlift", kg_of(215)),
        ],
        "details": ["Deadlift cap lowered from 230 to 225 lb", "Deadlift cap lowered from 225 to 215 lb"],
    }


@vector(
    "Within 0.05 kg of the cap is at it: 105 lb stored rounded as 47.63 kg is a working set at a 105 lb cap "
    "(47.627 kg) and raises it; 47.7 kg is above it.",
    "lb",
)
def lb_loads_within_the_tolerance_are_at_the_cap() -> tuple[Log, dict[str, Any]]:
    log = Log()
    master_bar_hinge_lb(log)
    raise_deadlift_lb(log, 1)
    session = log.session()
    session.sets("deadlift", 3, reps=5, load=47.63, rpe=8)
    above = session.sets("deadlift", 1, reps=5, load=47.7)
    return log, {
        "above_cap": above,
        "load_caps": {"stiff_leg_deadlift": kg_of(65), "romanian_deadlift": kg_of(75), "deadlift": kg_of(115)},
        "history": [*P3a(), (7, "cap_raised", "deadlift", kg_of(105)), (8, "cap_raised", "deadlift", kg_of(115))],
    }


@vector(
    "A lb lifter's swings need 26 lb: the 18 lb bell never qualifies; 26 lb does, stored exactly or "
    "rounded to 11.79 kg.",
    "lb",
)
def lb_swing_minimum_is_26_lb() -> tuple[Log, dict[str, Any]]:
    log = Log()
    master_pull_through(log)
    log.session().sets("kettlebell_swing", reps=15, load=lb(26))
    log.session().sets("kettlebell_swing", reps=15, load=lb(18))
    log.session().sets("kettlebell_swing", reps=15, load=lb(26))
    log.session().sets("kettlebell_swing", reps=15, load=11.79)
    return log, {
        "statuses": ["mastered", "active", "locked", "locked"],
        "progress": {"kettlebell_swing": (2, 3)},
        "missing": {
            "kettlebell_swing": "1 more session with 3 clean sets of 10\u201320 kettlebell swings at 26 lb or more"
        },
    }


@vector(
    "A lb lifter's bells are the pound sizes: 20 clean reps with the 35 lb bell, stored rounded as 15.88 kg, "
    "suggest the 44 lb bell (in kg), not the 35 lb one again.",
    "lb",
)
def lb_next_bell_is_a_pound_size() -> tuple[Log, dict[str, Any]]:
    log = Log()
    master_pull_through(log)
    log.session().sets("kettlebell_swing", reps=20, load=15.88)
    return log, {"next_bell_kg": kg_of(44), "progress": {"kettlebell_swing": (1, 3)}, "units": "lb"}


@vector(
    "Pain in Romanian deadlifts twice in a row suspends a lb lifter's stage 3 and drops that cap 75 -> 65 lb; "
    "the way back asks for swings at 26 lb.",
    "lb",
)
def lb_pain_drops_the_cap_by_a_pound_step() -> tuple[Log, dict[str, Any]]:
    log = Log()
    master_bar_hinge_lb(log)
    log.session().sets("romanian_deadlift", 1, reps=8, load=lb(65), pain=True)
    log.session().sets("romanian_deadlift", 1, reps=8, load=lb(65), pain=True)
    return log, {
        "statuses": ["mastered", "mastered", "suspended", "locked"],
        "load_caps": {},
        "history": [
            *P3a(),
            (8, "suspended", "romanian_deadlift", kg_of(65)),
            (8, "cap_lowered", "romanian_deadlift", kg_of(65)),
        ],
        "details": ["Romanian deadlift cap lowered from 75 to 65 lb: pain in Romanian deadlifts"],
        "missing": {
            "bar_hinge": "1 session with 3 clean sets of 10\u201320 kettlebell swings at 26 lb or more lifts the hold"
        },
    }


@vector(
    "A kg lifter is judged by the kg numbers whatever the loads look like: deadlifts of 95 lb (43.09 kg) are "
    "above the 40 kg cap, and 40.04 kg is within 0.05 kg of it, so three such sets raise it.",
)
def kg_lifter_keeps_the_kg_numbers() -> tuple[Log, dict[str, Any]]:
    log = Log()
    master_bar_hinge(log)
    above = log.session().sets("deadlift", reps=5, load=lb(95), rpe=7)
    log.session().sets("deadlift", reps=5, load=40.04, rpe=7)
    return log, {
        "units": "kg",
        "above_cap": above,
        "load_caps": {"stiff_leg_deadlift": 30, "romanian_deadlift": 35, "deadlift": 45},
        "history": [*P3a(), (8, "cap_raised", "deadlift", 45)],
        "details": ["Deadlift cap raised from 40 to 45 kg"],
    }


# ---- the builder ----


def check(name: str, result: dict[str, Any], log: Log, facts: dict[str, Any]) -> None:
    """Compare the hand-written facts with the engine's verdict; raise on the first difference."""

    def fail(what: str, want: Any, got: Any) -> None:
        raise AssertionError(f"{name}: {what}: expected {want!r}, got {got!r}")

    for key, want in facts.items():
        if key == "statuses":
            got = [stage["status"] for stage in result["stages"]]
            if got != want:
                fail(key, want, got)
        elif key == "progress":
            for stage_id, (done, needed) in want.items():
                progress = result["stages"][STAGES.index(stage_id)]["progress"]
                got = (progress["qualifying_sessions"], progress["needed_sessions"])
                if got != (done, needed):
                    fail(f"progress of {stage_id}", (done, needed), got)
        elif key == "missing":
            for stage_id, text in want.items():
                got = result["stages"][STAGES.index(stage_id)]["missing"]
                if not any(text in line for line in got):
                    fail(f"missing of {stage_id}", text, got)
        elif key == "history":
            # (session index, event, exercise), or with the event's cap_kg as a fourth item.
            got = [
                (log.session_ids.index(event["session_id"]), event["event"], event["exercise"], event["cap_kg"])
                for event in result["history"]
            ]
            if [event[: len(item)] for event, item in zip(got, want, strict=False)] != want or len(got) != len(want):
                fail(key, want, got)
        elif key == "details":
            got = [event["detail"] for event in result["history"]]
            for text in want:
                if not any(text in line for line in got):
                    fail(key, text, got)
        elif key == "advice":
            got = result["advice"]
            if len(got) != len(want) or not all(text in line for text, line in zip(want, got, strict=False)):
                fail(key, want, got)
        elif result[key] != want:
            fail(key, want, result[key])


def build() -> list[pathlib.Path]:
    OUT.mkdir(exist_ok=True)
    for old in OUT.glob("*.json"):
        old.unlink()
    written = []
    for number, (name, description, units, make) in enumerate(VECTORS, start=1):
        log, facts = make()
        assert units in ("kg", "lb")
        result = msgspec.to_builtins(
            verdict_from_fields(PROGRAM, log.sessions, log.sets, "lb" if units == "lb" else "kg")
        )
        result = json.loads(json.dumps(result))
        check(name, result, log, facts)
        path = OUT / f"{number:03d}_{name}.json"
        body = {
            "name": name,
            "description": description,
            "units": units,
            "log": {"sessions": log.sessions, "sets": log.sets},
            "expected": result,
        }
        path.write_text(json.dumps(body, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    paths = build()
    print(f"wrote {len(paths)} vectors to {OUT.relative_to(ROOT)}")
