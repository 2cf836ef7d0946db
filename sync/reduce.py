"""Turn merged field state into the sessions and sets that reads return.

Deleted sessions and sets are hidden (a deleted session hides its sets), and a
set whose session does not exist yet is held back until it does.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import msgspec

from sync.ops import FORM_PREFIX
from sync.values import InvalidValue, rfc3339_instant_us

Fields = dict[str, Any]
_CUE_AT = len(FORM_PREFIX)


class SetView(msgspec.Struct, gc=False):
    id: str
    exercise: str | None
    load_kg: float | None
    reps: int | None
    rpe: float | None
    form: dict[str, bool]
    performed_at: str | None
    position: float | None
    notes: str | None
    pain: bool | None
    kind: str = "working"  # working, warmup, drop or failure; absent means working


class SessionView(msgspec.Struct, gc=False):
    id: str
    started_at: str | None
    ended_at: str | None
    notes: str | None
    sets: list[SetView]


class ExerciseView(msgspec.Struct, gc=False):
    """A lifter's own exercise (sync-protocol, the ``exercise`` entity)."""

    id: str
    name: str | None
    kind: str | None


def reduce_exercises(exercises: dict[str, Fields]) -> list[ExerciseView]:
    """The lifter's own exercises that are not deleted, by name (ties by id)."""
    views = [
        ExerciseView(exercise_id, fields.get("name"), fields.get("kind"))
        for exercise_id, fields in exercises.items()
        if fields.get("deleted") is not True
    ]
    return sorted(views, key=lambda view: ((view.name or "").casefold(), view.id))


def group_fields(entries: Iterable[tuple[str, str, str, Any]]) -> dict[str, dict[str, Fields]]:
    """``{entity: {entity_id: {field: value}}}`` from ``(entity, entity_id, field, value)`` rows."""
    grouped: dict[str, dict[str, Fields]] = defaultdict(lambda: defaultdict(dict))
    for entity, entity_id, field, value in entries:
        grouped[entity][entity_id][field] = value
    return grouped


def session_order_key(session_id: str, fields: Fields, *, newest_first: bool) -> tuple[int, int, str]:
    """Sessions by ``started_at`` as an instant, ties by id, undated ones last."""
    started = fields.get("started_at")
    if isinstance(started, str):
        try:
            instant = rfc3339_instant_us(started)
        except InvalidValue:
            pass
        else:
            return (0, -instant if newest_first else instant, session_id)
    return (1, 0, session_id)


SessionKey = tuple[int, int, str]


def session_page(
    sessions: dict[str, Fields], after: SessionKey | None, limit: int
) -> tuple[list[str], SessionKey | None]:
    """A page of the reads' session order: the ids of up to ``limit`` visible sessions after the key
    ``after`` (from the start when None), and the key to go on from (None when none are left).

    A key, not a position, so a session logged or deleted between two pages moves no other one
    from its page or onto two.
    """
    keys = sorted(
        session_order_key(sid, fields, newest_first=True)
        for sid, fields in sessions.items()
        if fields.get("deleted") is not True
    )
    start = 0 if after is None else bisect.bisect_right(keys, after)
    page = keys[start : start + limit]
    more = start + len(page) < len(keys)
    return [key[2] for key in page], (page[-1] if more and page else None)


def _set_view(set_id: str, fields: Fields) -> SetView:
    # Sort only the few cue names, not every field: this runs for every set of a read.
    # Stored cue values are booleans already; bool() keeps the view's type (and the
    # JavaScript reduction's Boolean()) whatever a caller passes in.
    form = dict(sorted((name[_CUE_AT:], bool(value)) for name, value in fields.items() if name.startswith(FORM_PREFIX)))
    get = fields.get
    return SetView(
        set_id,
        get("exercise"),
        get("load_kg"),
        get("reps"),
        get("rpe"),
        form,
        get("performed_at"),
        get("position"),
        get("notes"),
        get("pain"),
        get("kind") or "working",
    )


def _position_key(view: SetView) -> tuple[int, float, str]:
    if view.position is None:
        return (1, 0.0, view.id)
    return (0, view.position, view.id)


def reduce_sessions(
    sessions: dict[str, Fields], sets: dict[str, Fields], *, newest_first: bool = True
) -> list[SessionView]:
    """Visible sessions with their visible sets ordered by position (ties by set id).

    With ``newest_first`` sessions come newest ``started_at`` first (ties by
    id, undated ones last), as the reads of section 5 want; without it oldest
    first (undated ones still last), the order the progression engine replays.
    """
    sets_by_session: dict[str, list[SetView]] = defaultdict(list)
    for set_id, fields in sets.items():
        if fields.get("deleted") is True:
            continue
        session_id = fields.get("session_id")
        if isinstance(session_id, str):
            sets_by_session[session_id].append(_set_view(set_id, fields))

    visible = sorted(
        (session_order_key(sid, f, newest_first=newest_first), sid, f)
        for sid, f in sessions.items()
        if f.get("deleted") is not True
    )
    return [
        SessionView(
            id=sid,
            started_at=fields.get("started_at"),
            ended_at=fields.get("ended_at"),
            notes=fields.get("notes"),
            sets=sorted(sets_by_session.get(sid, []), key=_position_key),
        )
        for _, sid, fields in visible
    ]


def reduce_state(entries: Iterable[tuple[str, str, str, Any]], *, newest_first: bool = True) -> list[SessionView]:
    """Sessions from merged ``(entity, entity_id, field, value)`` rows."""
    grouped = group_fields(entries)
    return reduce_sessions(grouped.get("session", {}), grouped.get("set", {}), newest_first=newest_first)
