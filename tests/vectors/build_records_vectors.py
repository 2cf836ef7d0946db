"""Write the personal-records conformance vectors in ``tests/vectors/records/``.

Each vector is the input both implementations (``sync/records.py`` and
``pwa/js/records.js``) take, the merged sessions as the reduction returns them
(newest first, unless a vector rearranges them on purpose), and the answer both
must give: every exercise's records and every set's badges. The logs are
written here with a small builder that names sets by letter and sessions by
number; beside each log are the facts worked out by hand (who holds each
record, the estimates to 0.01 kg, each session's volume, each set's badges),
and a file is written only once the Python function agrees with all of them,
so a vector never freezes a wrong answer unread. Whole numbers are written as
ints (500, not 500.0): that is how both languages spell them. Run after a
deliberate change of rule:

    .venv/bin/python tests/vectors/build_records_vectors.py

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

from sync.records import badges_by_set, records  # noqa: E402
from sync.reduce import SessionView, reduce_sessions  # noqa: E402

OUT = pathlib.Path(__file__).resolve().parent / "records"
OWN = "0190f3a2-9e11-7a2b-8c3d-4e5f60718293"  # the UUID of a lifter's own exercise
ALL = ["heaviest", "e1rm", "reps"]
UNSET = object()

Arrange = Callable[[list[SessionView]], list[SessionView]]


class Log:
    """A log under construction: sessions a day apart from 1 January 2026 unless a start is given."""

    def __init__(self) -> None:
        self.sessions: dict[str, dict[str, Any]] = {}
        self.sets: dict[str, dict[str, Any]] = {}
        self.session_ids: list[str] = []  # by number - 1
        self.set_ids: dict[str, str] = {}  # by letter
        self.arrange: Arrange = lambda sessions: sessions

    def session(self, started_at: Any = UNSET, *, session_id: str | None = None, **fields: Any) -> Session:
        """``started_at=None`` leaves the session undated; any other value is written as given."""
        number = len(self.session_ids) + 1
        session_id = session_id or f"5e550000-0000-4000-8000-{number:012d}"
        record: dict[str, Any] = {}
        if started_at is UNSET:
            started_at = f"2026-01-{number:02d}T18:00:00Z"
        if started_at is not None:
            record["started_at"] = started_at
        self.sessions[session_id] = {**record, **fields}
        self.session_ids.append(session_id)
        return Session(self, session_id)

    def labels(self) -> dict[str, str]:
        return {set_id: letter for letter, set_id in self.set_ids.items()}


class Session:
    def __init__(self, log: Log, session_id: str) -> None:
        self.log = log
        self.id = session_id
        self.position = 0

    def set(
        self,
        letter: str,
        exercise: str | None,
        load: float | None,
        reps: int | None,
        *,
        set_id: str | None = None,
        position: Any = UNSET,
        **fields: Any,
    ) -> Session:
        """A set at the next position (``position=None``: none written); ``None`` leaves a field unwritten
        except the load, written as null (a set without a load)."""
        self.position += 1
        set_id = set_id or f"5e700000-0000-4000-8000-{len(self.log.sets) + 1:012d}"
        record: dict[str, Any] = {"session_id": self.id, "load_kg": load}
        if exercise is not None:
            record["exercise"] = exercise
        if reps is not None:
            record["reps"] = reps
        position = self.position if position is UNSET else position
        if position is not None:
            record["position"] = position
        self.log.sets[set_id] = {**record, **fields}
        self.log.set_ids[letter] = set_id
        return self


def held(
    heaviest: str, e1rm: tuple[str, float] | None, by_reps: dict[int, str], volume: list[tuple[int, float]]
) -> dict[str, Any]:
    """One exercise's records by hand: set letters, the estimate, ``(session number, volume)``."""
    return {"heaviest": heaviest, "e1rm": e1rm, "by_reps": by_reps, "volume": volume}


Facts = dict[str, Any]  # {"records": {exercise: held(...)}, "badges": {letter: [badge, ...]}}
VECTORS: list[tuple[str, str, Callable[[], tuple[Log, Facts]]]] = []


def vector(description: str) -> Callable[[Callable[[], tuple[Log, Facts]]], None]:
    def register(build: Callable[[], tuple[Log, Facts]]) -> None:
        VECTORS.append((build.__name__, description, build))

    return register


# ---- a first set, and beating a record ----


@vector("An empty log has no records and no badges.")
def empty_log() -> tuple[Log, Facts]:
    return Log(), {"records": {}, "badges": {}}


@vector("The first set of an exercise holds every record it can and earns no badge: there is nothing to beat.")
def first_set_holds_every_record_and_earns_nothing() -> tuple[Log, Facts]:
    log = Log()
    log.session().set("a", "deadlift", 100, 5)
    return log, {
        "records": {"deadlift": held("a", ("a", 116.67), {5: "a"}, [(1, 500)])},
        "badges": {},
    }


@vector("A later, heavier set beats the heaviest set and the estimate; its rep count is new, so no reps badge.")
def later_heavier_set_beats_the_record() -> tuple[Log, Facts]:
    log = Log()
    log.session().set("a", "deadlift", 100, 5)
    log.session().set("b", "deadlift", 110, 3)
    return log, {
        "records": {"deadlift": held("b", ("b", 121), {3: "b", 5: "a"}, [(1, 500), (2, 330)])},
        "badges": {"b": ["heaviest", "e1rm"]},
    }


@vector("An equal set beats nothing: the earliest set keeps every record, a record falls only to strictly more.")
def equal_set_does_not_beat_the_record() -> tuple[Log, Facts]:
    log = Log()
    log.session().set("a", "deadlift", 100, 5)
    log.session().set("b", "deadlift", 100, 5)
    return log, {
        "records": {"deadlift": held("a", ("a", 116.67), {5: "a"}, [(1, 500), (2, 500)])},
        "badges": {},
    }


@vector(
    "Estimates equal on paper are equal doubles and tie: 100 kg x 3 and 110 kg x 1 are both 110, "
    "60 kg x 6 and 72 kg x 1 both 72; the earlier set keeps the estimate, the single only earns heaviest."
)
def equal_estimates_tie_and_the_earliest_keeps_it() -> tuple[Log, Facts]:
    log = Log()
    log.session().set("a", "deadlift", 100, 3).set("c", "romanian_deadlift", 60, 6)
    log.session().set("b", "deadlift", 110, 1).set("d", "romanian_deadlift", 72, 1)
    return log, {
        "records": {
            "deadlift": held("b", ("a", 110), {1: "b", 3: "a"}, [(1, 300), (2, 110)]),
            "romanian_deadlift": held("d", ("c", 72), {1: "d", 6: "c"}, [(1, 360), (2, 72)]),
        },
        "badges": {"b": ["heaviest"], "d": ["heaviest"]},
    }


@vector("Heaviest goes by load alone: the same load for more reps beats the estimate, not the heaviest set.")
def heaviest_is_by_load_whatever_the_reps() -> tuple[Log, Facts]:
    log = Log()
    log.session().set("a", "deadlift", 100, 3)
    log.session().set("b", "deadlift", 100, 5)
    return log, {
        "records": {"deadlift": held("a", ("b", 116.67), {3: "a", 5: "b"}, [(1, 300), (2, 500)])},
        "badges": {"b": ["e1rm"]},
    }


@vector("A set can earn all three badges: heavier, a better estimate and more load at its rep count.")
def a_set_can_earn_every_badge() -> tuple[Log, Facts]:
    log = Log()
    log.session().set("a", "deadlift", 100, 5)
    log.session().set("b", "deadlift", 105, 5)
    return log, {
        "records": {"deadlift": held("b", ("b", 122.5), {5: "b"}, [(1, 500), (2, 525)])},
        "badges": {"b": ALL},
    }


@vector("A lighter set for more reps can beat the estimate alone; its rep count is new, so no reps badge.")
def estimate_badge_without_heaviest() -> tuple[Log, Facts]:
    log = Log()
    log.session().set("a", "deadlift", 100, 1)
    log.session().set("b", "deadlift", 90, 5)
    return log, {
        "records": {"deadlift": held("a", ("b", 105), {1: "a", 5: "b"}, [(1, 100), (2, 450)])},
        "badges": {"b": ["e1rm"]},
    }


@vector(
    "Best by reps is for exactly that many reps: 95 x 5 does not beat 100 x 5, "
    "and 92.5 x 6 beats 90 x 6 (the reps badge alone) though 100 x 5 is heavier."
)
def best_by_reps_is_for_exactly_that_many_reps() -> tuple[Log, Facts]:
    log = Log()
    log.session().set("a", "deadlift", 100, 5).set("b", "deadlift", 90, 6)
    log.session().set("c", "deadlift", 95, 5).set("d", "deadlift", 92.5, 6)
    return log, {
        "records": {"deadlift": held("a", ("a", 116.67), {5: "a", 6: "d"}, [(1, 1040), (2, 1030)])},
        "badges": {"d": ["reps"]},
    }


@vector("Within a session each heavier set is judged against the sets before it: a ramp beats itself.")
def ramp_within_a_session_beats_each_set_before() -> tuple[Log, Facts]:
    log = Log()
    log.session().set("a", "deadlift", 60, 5).set("b", "deadlift", 80, 5).set("c", "deadlift", 100, 5).set(
        "d", "deadlift", 100, 5
    )
    return log, {
        "records": {"deadlift": held("c", ("c", 116.67), {5: "c"}, [(1, 1700)])},
        "badges": {"b": ALL, "c": ALL},
    }


# ---- which sets count ----


@vector("Warm-ups count for nothing, however heavy: no record, no badge, no volume.")
def warmups_count_for_nothing() -> tuple[Log, Facts]:
    log = Log()
    session = log.session()
    session.set("w", "deadlift", 60, 5, kind="warmup").set("x", "deadlift", 140, 1, kind="warmup")
    session.set("a", "deadlift", 100, 5)
    log.session().set("y", "deadlift", 150, 1, kind="warmup").set("b", "deadlift", 105, 5)
    return log, {
        "records": {"deadlift": held("b", ("b", 122.5), {5: "b"}, [(1, 500), (2, 525)])},
        "badges": {"b": ALL},
    }


@vector("Drop and failure sets count like working sets.")
def drop_and_failure_sets_count() -> tuple[Log, Facts]:
    log = Log()
    log.session().set("a", "deadlift", 100, 5).set("b", "deadlift", 80, 8, kind="drop").set(
        "c", "deadlift", 100, 6, kind="failure"
    )
    return log, {
        "records": {"deadlift": held("a", ("c", 120), {5: "a", 6: "c", 8: "b"}, [(1, 1740)])},
        "badges": {"c": ["e1rm"]},
    }


@vector(
    "Sets without a load (bodyweight, band) or with 0 kg count for nothing: "
    "an exercise with only such sets has no records."
)
def sets_without_a_load_count_for_nothing() -> tuple[Log, Facts]:
    log = Log()
    log.session().set("p", "pull_through", None, 12).set("h", "hip_thrust", 0, 10).set("a", "deadlift", 60, 5)
    log.session().set("q", "pull_through", None, 15).set("b", "deadlift", 60, 5)
    return log, {
        "records": {"deadlift": held("a", ("a", 70), {5: "a"}, [(1, 300), (2, 300)])},
        "badges": {},
    }


@vector("A set with 0 reps, no reps or no exercise counts for nothing.")
def sets_without_reps_or_exercise_count_for_nothing() -> tuple[Log, Facts]:
    log = Log()
    log.session().set("z", "deadlift", 100, 0).set("n", "deadlift", 120, None).set("x", None, 200, 5).set(
        "a", "deadlift", 60, 5
    )
    log.session().set("b", "deadlift", 65, 5)
    return log, {
        "records": {"deadlift": held("b", ("b", 75.83), {5: "b"}, [(1, 300), (2, 325)])},
        "badges": {"b": ALL},
    }


@vector("Deleted sets and the sets of a deleted session are gone before the rule sees them.")
def deleted_sets_and_sessions_are_gone() -> tuple[Log, Facts]:
    log = Log()
    log.session().set("a", "deadlift", 100, 5).set("x", "deadlift", 200, 5, deleted=True)
    log.session(deleted=True).set("y", "deadlift", 300, 5)
    log.session().set("b", "deadlift", 105, 5)
    return log, {
        "records": {"deadlift": held("b", ("b", 122.5), {5: "b"}, [(1, 500), (3, 525)])},
        "badges": {"b": ALL},
    }


@vector(
    "Records come from the sets as they stand, never a stored best: the first set, edited down from 100 to "
    "90 kg, no longer holds a 100 kg record, and the later 95 kg set beats it."
)
def an_edited_set_is_judged_as_it_stands() -> tuple[Log, Facts]:
    log = Log()
    log.session().set("a", "deadlift", 90, 5)
    log.session().set("b", "deadlift", 95, 5)
    return log, {
        "records": {"deadlift": held("b", ("b", 110.83), {5: "b"}, [(1, 450), (2, 475)])},
        "badges": {"b": ALL},
    }


# ---- rep counts and the estimate ----


@vector("Sets of 13 reps or more give no estimate but do hold the best load at their rep count.")
def reps_beyond_twelve_give_no_estimate() -> tuple[Log, Facts]:
    log = Log()
    log.session().set("a", "kettlebell_swing", 24, 15).set("b", "kettlebell_swing", 24, 20)
    log.session().set("c", "kettlebell_swing", 32, 15)
    return log, {
        "records": {"kettlebell_swing": held("c", None, {15: "c", 20: "b"}, [(1, 840), (2, 480)])},
        "badges": {"c": ["heaviest", "reps"]},
    }


@vector("Twelve reps is the last count with an estimate: 60 x 12 is 84, 80 x 13 has none.")
def twelve_reps_is_the_last_count_with_an_estimate() -> tuple[Log, Facts]:
    log = Log()
    log.session().set("a", "romanian_deadlift", 60, 12).set("b", "romanian_deadlift", 80, 13)
    return log, {
        "records": {"romanian_deadlift": held("b", ("a", 84), {12: "a", 13: "b"}, [(1, 1760)])},
        "badges": {"b": ["heaviest"]},
    }


@vector(
    "The first estimate after only high-rep sets beats nothing (no estimate stood before it); "
    "the next better one earns the badge."
)
def first_estimate_after_high_rep_sets_beats_nothing() -> tuple[Log, Facts]:
    log = Log()
    log.session().set("a", "hip_thrust", 40, 15)
    log.session().set("b", "hip_thrust", 40, 10)
    log.session().set("c", "hip_thrust", 50, 10)
    return log, {
        "records": {"hip_thrust": held("c", ("c", 66.67), {10: "c", 15: "a"}, [(1, 600), (2, 400), (3, 500)])},
        "badges": {"c": ALL},
    }


@vector("A single is worth its load exactly (150, not Epley's 155), and beats a 5-rep estimate of 140.")
def single_counts_as_its_load() -> tuple[Log, Facts]:
    log = Log()
    log.session().set("a", "deadlift", 120, 5)
    log.session().set("b", "deadlift", 150, 1)
    log.session().set("c", "deadlift", 140, 2)
    return log, {
        "records": {"deadlift": held("b", ("b", 150), {1: "b", 2: "c", 5: "a"}, [(1, 600), (2, 150), (3, 280)])},
        "badges": {"b": ["heaviest", "e1rm"]},
    }


@vector("Fractional loads: 63.75 kg beats 62.5 kg; volumes and estimates come out exact.")
def fractional_loads() -> tuple[Log, Facts]:
    log = Log()
    log.session().set("a", "deadlift", 62.5, 8).set("b", "deadlift", 63.75, 8)
    return log, {
        "records": {"deadlift": held("b", ("b", 80.75), {8: "b"}, [(1, 1010)])},
        "badges": {"b": ALL},
    }


# ---- volume and exercises ----


@vector(
    "Volume is per session, load x reps over the counting sets: warm-ups add nothing, "
    "and a session without the exercise has no entry."
)
def volume_is_per_session() -> tuple[Log, Facts]:
    log = Log()
    log.session().set("w", "deadlift", 60, 5, kind="warmup").set("a", "deadlift", 100, 5).set(
        "b", "deadlift", 100, 5
    ).set("c", "deadlift", 102.5, 3)
    log.session().set("d", "romanian_deadlift", 60, 8)
    log.session().set("e", "deadlift", 80, 8)
    return log, {
        "records": {
            "deadlift": held("c", ("a", 116.67), {3: "c", 5: "a", 8: "e"}, [(1, 1307.5), (3, 640)]),
            "romanian_deadlift": held("d", ("d", 76), {8: "d"}, [(2, 480)]),
        },
        "badges": {"c": ["heaviest"]},
    }


@vector("Each exercise keeps its own records: a heavy deadlift is no record to beat for a Romanian deadlift.")
def exercises_keep_separate_records() -> tuple[Log, Facts]:
    log = Log()
    log.session().set("a", "deadlift", 100, 5).set("b", "romanian_deadlift", 80, 8).set("c", "hip_thrust", 120, 10)
    log.session().set("d", "romanian_deadlift", 85, 8).set("e", "deadlift", 95, 5)
    return log, {
        "records": {
            "deadlift": held("a", ("a", 116.67), {5: "a"}, [(1, 500), (2, 475)]),
            "hip_thrust": held("c", ("c", 160), {10: "c"}, [(1, 1200)]),
            "romanian_deadlift": held("d", ("d", 107.67), {8: "d"}, [(1, 640), (2, 680)]),
        },
        "badges": {"d": ALL},
    }


@vector("The lifter's own exercise (a UUID) has records like any other; exercises come in code-point order.")
def own_exercise_has_records() -> tuple[Log, Facts]:
    log = Log()
    log.session().set("a", OWN, 20, 10).set("b", "deadlift", 60, 5)
    log.session().set("c", OWN, 22.5, 10)
    return log, {
        "records": {
            OWN: held("c", ("c", 30), {10: "c"}, [(1, 200), (2, 225)]),
            "deadlift": held("b", ("b", 70), {5: "b"}, [(1, 300)]),
        },
        "badges": {"c": ALL},
    }


# ---- log order ----


@vector(
    "Undated sessions (no started_at, or not a real date) come after the dated ones, by id among themselves; "
    "the undated 110 kg set beats the dated records and the later undated 105 kg set beats nothing "
    "(the input holds the greater id first)."
)
def undated_sessions_come_last() -> tuple[Log, Facts]:
    log = Log()
    log.session().set("a", "deadlift", 100, 5)
    log.session(None, session_id="5e55ffff-0000-4000-8000-000000000000").set("b", "deadlift", 105, 5)
    log.session().set("c", "deadlift", 95, 5)
    log.session("2026-02-30T18:00:00Z").set("d", "deadlift", 110, 5)
    log.arrange = lambda sessions: sessions[::-1]  # the greater id first: the rule must sort by id itself
    return log, {
        "records": {"deadlift": held("d", ("d", 128.33), {5: "d"}, [(1, 500), (3, 475), (4, 550), (2, 525)])},
        "badges": {"d": ALL},
    }


@vector(
    "started_at is compared as an instant, not as text: 00:30 at +01:00 on 2 January comes before "
    "23:45Z on 1 January, so the set logged then keeps the tied records."
)
def started_at_is_an_instant_not_text() -> tuple[Log, Facts]:
    log = Log()
    log.session("2026-01-02T00:30:00+01:00").set("a", "deadlift", 100, 5)
    log.session("2026-01-01T23:45:00Z").set("b", "deadlift", 100, 5)
    return log, {
        "records": {"deadlift": held("a", ("a", 116.67), {5: "a"}, [(1, 500), (2, 500)])},
        "badges": {},
    }


@vector(
    "Sessions starting at the same instant (spelt in different offsets) are ordered by id: "
    "the one with the smaller id (given second) is logged first and keeps the tied records."
)
def tie_in_started_at_is_broken_by_session_id() -> tuple[Log, Facts]:
    log = Log()
    log.session("2026-01-05T18:00:00Z", session_id="5e55000b-0000-4000-8000-000000000000").set("a", "deadlift", 100, 5)
    log.session("2026-01-05T19:00:00+01:00", session_id="5e55000a-0000-4000-8000-000000000000").set(
        "b", "deadlift", 100, 5
    )
    log.arrange = lambda sessions: sessions[::-1]  # the greater id first: the rule must sort by id itself
    return log, {
        "records": {"deadlift": held("b", ("b", 116.67), {5: "b"}, [(2, 500), (1, 500)])},
        "badges": {},
    }


@vector(
    "Within a session sets go by position (fractions too), sets without one last, ties by set id: "
    "d (position 1, smaller id) comes before b (position 1) and holds the tie."
)
def sets_follow_their_position() -> tuple[Log, Facts]:
    log = Log()
    log.session().set("a", "deadlift", 100, 5, position=1.5).set("b", "deadlift", 110, 5, position=1).set(
        "c", "deadlift", 120, 5, position=None
    ).set("d", "deadlift", 110, 5, position=1, set_id="5e700000-0000-4000-8000-000000000000")
    log.arrange = lambda sessions: [msgspec.structs.replace(s, sets=s.sets[::-1]) for s in sessions]
    return log, {
        "records": {"deadlift": held("c", ("c", 140), {5: "c"}, [(1, 2200)])},
        "badges": {"c": ALL},
    }


@vector(
    "The order of the input does not matter: these sessions are given oldest first with their sets reversed, "
    "and the answer is the one for the log order."
)
def input_order_does_not_matter() -> tuple[Log, Facts]:
    log = Log()
    log.session().set("a", "deadlift", 100, 5).set("b", "deadlift", 105, 5)
    log.session().set("c", "deadlift", 110, 3).set("d", "deadlift", 100, 8)
    log.session().set("e", "deadlift", 107.5, 5)
    log.arrange = lambda sessions: [msgspec.structs.replace(s, sets=s.sets[::-1]) for s in sessions[::-1]]
    return log, {
        "records": {"deadlift": held("c", ("d", 126.67), {3: "c", 5: "e", 8: "d"}, [(1, 1025), (2, 1130), (3, 537.5)])},
        "badges": {"b": ALL, "c": ["heaviest"], "d": ["e1rm"], "e": ["reps"]},
    }


# ---- the builder ----


def json_spelling(value: Any) -> Any:
    """``value`` with whole floats as ints, as JavaScript spells them (500, not 500.0)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {key: json_spelling(item) for key, item in value.items()}
    if isinstance(value, list):
        return [json_spelling(item) for item in value]
    return value


def check(name: str, log: Log, facts: Facts, got_records: dict[str, Any], got_badges: dict[str, Any]) -> None:
    """Compare the hand-written facts with the function's answer; raise on the first difference."""
    letter = log.labels()

    def fail(what: str, want: Any, got: Any) -> None:
        raise AssertionError(f"{name}: {what}: expected {want!r}, got {got!r}")

    if list(got_records) != list(facts["records"]):
        fail("exercises", list(facts["records"]), list(got_records))
    for exercise, want in facts["records"].items():
        got = got_records[exercise]
        if letter[got["heaviest"]["set_id"]] != want["heaviest"]:
            fail(f"{exercise} heaviest", want["heaviest"], letter[got["heaviest"]["set_id"]])
        best = got["best_e1rm"]
        got_e1rm = None if best is None else (letter[best["set_id"]], best["e1rm_kg"])
        want_e1rm = want["e1rm"]
        if (got_e1rm is None) != (want_e1rm is None) or (
            got_e1rm is not None and (got_e1rm[0] != want_e1rm[0] or abs(got_e1rm[1] - want_e1rm[1]) >= 0.005)
        ):
            fail(f"{exercise} best_e1rm", want_e1rm, got_e1rm)
        by_reps = {int(reps): letter[holder["set_id"]] for reps, holder in got["best_by_reps"].items()}
        if list(by_reps.items()) != sorted(want["by_reps"].items()):
            fail(f"{exercise} best_by_reps", want["by_reps"], by_reps)
        volume = [(log.session_ids.index(entry["session_id"]) + 1, entry["volume_kg"]) for entry in got["volume"]]
        if volume != want["volume"]:
            fail(f"{exercise} volume", want["volume"], volume)
    earned = {letter[set_id]: won for set_id, won in got_badges.items()}
    if earned != facts["badges"]:
        fail("badges", facts["badges"], earned)


def vector_files() -> dict[str, str]:
    """File name -> text of every vector, each checked against its facts."""
    files = {}
    for number, (name, description, make) in enumerate(VECTORS, start=1):
        log, facts = make()
        sessions = log.arrange(reduce_sessions(log.sessions, log.sets))
        expected = json_spelling(
            json.loads(
                json.dumps(
                    {
                        "records": msgspec.to_builtins(records(sessions)),
                        "badges": msgspec.to_builtins(badges_by_set(sessions)),
                    }
                )
            )
        )
        check(name, log, facts, expected["records"], expected["badges"])
        body = {
            "name": name,
            "description": description,
            "sessions": json_spelling(msgspec.to_builtins(sessions)),
            "expected": expected,
        }
        files[f"{number:03d}_{name}.json"] = json.dumps(body, indent=1, ensure_ascii=False) + "\n"
    return files


def build() -> list[pathlib.Path]:
    files = vector_files()
    OUT.mkdir(exist_ok=True)
    for old in OUT.glob("*.json"):
        old.unlink()
    for file_name, text in files.items():
        (OUT / file_name).write_text(text, encoding="utf-8")
    return [OUT / file_name for file_name in files]


if __name__ == "__main__":
    paths = build()
    print(f"wrote {len(paths)} vectors to {OUT.relative_to(ROOT)}")
