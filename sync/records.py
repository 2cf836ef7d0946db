"""Personal records per exercise, re-derived from the sets on every read.

A record must survive what the log goes through: edits, deletes, undos and
merges from other devices. A stored counter ("best deadlift so far") would
drift from the sets it claims to summarise, so records, like the progression
verdict, are a pure function of the merged sessions that ``sync.reduce``
returns, and a badge is re-derived too: it says what a set beat when it was
logged, judged against the log as it stands now. ``pwa/js/records.js`` is the
same rule; the vectors in ``tests/vectors/records/`` keep the two identical to
the bit.

The rule, where the product design leaves room:

- Log order: sessions by ``started_at`` as an instant, not as text (ties by
  session id), then the undated ones (no ``started_at``, or not a valid
  RFC 3339 date-time) by id; within a session, sets by ``position`` (sets
  without one last), ties by set id. The sessions may come in any order (the
  reads give them newest first): the rule sorts them itself.
- A set counts when it names an exercise, is not a warm-up (``kind`` other than
  ``warmup``: drop and failure sets count), has a load (``load_kg`` a finite
  number > 0) and at least one rep (``reps`` a whole number >= 1). Sets without
  a load (bodyweight, band) count for nothing here; deleted sets are gone
  already (the reduction drops them).
- Records are kept per exercise string, a program id or the UUID of the
  lifter's own exercise alike. An exercise with no counting set has no entry.
- ``heaviest``: the counting set with the greatest load, whatever its reps.
- ``best_e1rm``: the greatest Epley estimate over the sets of 1 to 12 reps; a
  single is its load exactly, otherwise ``load * (30 + reps) / 30``. That
  spelling (the same operations in the same order in both languages) is the
  double nearest the true value whenever ``load * (30 + reps)`` is exact, as it
  is for any load in binary steps such as 0.25 kg, so sets whose estimates are
  equal on paper tie instead of one winning by a rounding error (``1 + reps /
  30`` makes 100 kg x 3 worth 110.00000000000001). ``None`` while only sets of
  13 reps or more exist. The exact double is returned: rounding is for display.
- ``best_by_reps``: for every rep count present (13 and more too), the greatest
  load lifted for exactly that many reps, keyed by the count, ascending.
- Ties: a record is beaten only by strictly more; on equal values the earliest
  set in log order keeps it.
- ``volume``: for each session with counting sets of the exercise, in log
  order, the sum of ``load * reps`` over them, added in set order.
- Badges: a counting set earns ``heaviest``, ``e1rm`` and ``reps`` (the best
  load at its rep count), in that order, for each record it strictly beats as
  the record stood over every counting set of its exercise before it in log
  order (earlier sets of its own session included). A record nobody has set
  cannot be beaten: the first set of an exercise earns nothing, the first set
  with an estimate earns no ``e1rm``, the first set at a rep count no ``reps``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import msgspec

from sync.ops import WARMUP
from sync.reduce import SessionView, SetView
from sync.values import InvalidValue, rfc3339_instant_us

MAX_E1RM_REPS = 12


class RecordSet(msgspec.Struct, gc=False):
    """The set that holds a record, with its session's start for display."""

    set_id: str
    session_id: str
    started_at: str | None
    load_kg: float
    reps: int


class E1rmRecord(msgspec.Struct, gc=False):
    set_id: str
    session_id: str
    started_at: str | None
    load_kg: float
    reps: int
    e1rm_kg: float


class SessionVolume(msgspec.Struct, gc=False):
    session_id: str
    started_at: str | None
    volume_kg: float


class ExerciseRecords(msgspec.Struct, gc=False):
    heaviest: RecordSet
    best_e1rm: E1rmRecord | None
    best_by_reps: dict[int, RecordSet]
    volume: list[SessionVolume]


def records(sessions: Sequence[SessionView]) -> dict[str, ExerciseRecords]:
    """Each exercise's records over the whole log, by exercise (code-point order)."""
    return _replay(sessions)[0]


def badges(sessions: Sequence[SessionView], set_id: str) -> list[str]:
    """The badges the set earned when it was logged (``[]`` for a set that is not in the log)."""
    return _replay(sessions)[1].get(set_id, [])


def badges_by_set(sessions: Sequence[SessionView]) -> dict[str, list[str]]:
    """Every set that earned a badge, in log order, with its badges: one replay for a whole history."""
    return _replay(sessions)[1]


def e1rm(load_kg: float, reps: int) -> float | None:
    """Epley's estimated one-rep max, or ``None`` beyond 12 reps where it says little."""
    if reps > MAX_E1RM_REPS:
        return None
    return load_kg if reps == 1 else load_kg * (30 + reps) / 30


def _counting(set_view: SetView) -> tuple[str, float, int] | None:
    """``(exercise, load, reps)`` of a set that counts toward records, else ``None``."""
    exercise, load, reps = set_view.exercise, set_view.load_kg, set_view.reps
    if set_view.kind == WARMUP or not isinstance(exercise, str):
        return None
    if isinstance(load, bool) or not isinstance(load, int | float) or not 0 < load < math.inf:
        return None
    if isinstance(reps, float) and reps.is_integer():
        reps = int(reps)  # a whole float is the same number to JavaScript
    if isinstance(reps, bool) or not isinstance(reps, int) or reps < 1:
        return None
    return exercise, load, reps


def _log_order(sessions: Sequence[SessionView]) -> list[tuple[SessionView, list[SetView]]]:
    """Sessions oldest first (undated last), each with its sets in position order."""
    return [(session, sorted(session.sets, key=_set_key)) for session in sorted(sessions, key=_session_key)]


def _session_key(session: SessionView) -> tuple[int, int, str]:
    if isinstance(session.started_at, str):
        try:
            return (0, rfc3339_instant_us(session.started_at), session.id)
        except InvalidValue:
            pass
    return (1, 0, session.id)


def _set_key(set_view: SetView) -> tuple[int, float, str]:
    if set_view.position is None:
        return (1, 0.0, set_view.id)
    return (0, set_view.position, set_view.id)


def _replay(sessions: Sequence[SessionView]) -> tuple[dict[str, ExerciseRecords], dict[str, list[str]]]:
    by_exercise: dict[str, ExerciseRecords] = {}
    earned: dict[str, list[str]] = {}
    for session, sets in _log_order(sessions):
        for set_view in sets:
            counted = _counting(set_view)
            if counted is None:
                continue
            exercise, load, reps = counted
            best = RecordSet(set_view.id, session.id, session.started_at, load, reps)
            estimate = e1rm(load, reps)
            held = by_exercise.get(exercise)
            if held is None:  # the first set sets every record it can, beating none
                held = by_exercise[exercise] = ExerciseRecords(best, None, {}, [])
            won = []
            if load > held.heaviest.load_kg:
                won.append("heaviest")
                held.heaviest = best
            if estimate is not None and (held.best_e1rm is None or estimate > held.best_e1rm.e1rm_kg):
                if held.best_e1rm is not None:
                    won.append("e1rm")
                held.best_e1rm = E1rmRecord(set_view.id, session.id, session.started_at, load, reps, estimate)
            at_reps = held.best_by_reps.get(reps)
            if at_reps is None or load > at_reps.load_kg:
                if at_reps is not None:
                    won.append("reps")
                held.best_by_reps[reps] = best
            last = held.volume[-1] if held.volume else None
            if last is not None and last.session_id == session.id:
                last.volume_kg += load * reps
            else:
                held.volume.append(SessionVolume(session.id, session.started_at, load * reps))
            if won:
                earned[set_view.id] = won
    for held in by_exercise.values():
        held.best_by_reps = dict(sorted(held.best_by_reps.items()))
    return dict(sorted(by_exercise.items())), earned
