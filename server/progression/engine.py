"""The progression verdict: a pure replay of the merged log against the program.

``verdict(program, sessions)`` replays the visible sessions oldest first and
keeps, at each point, which exercises are unlocked, each load cap, each stage's
run of qualifying sessions and each exercise's run of painful sessions. Nothing
is stored between calls: the verdict is always re-derived from the log.
``pwa/js/progression.js`` is the same algorithm, step for step; the vectors in
``tests/vectors/`` keep the two identical.

Readings of design.md where it leaves room (each has a vector):

- Unlock state is fixed at the start of a session: a stage mastered by a
  session unlocks the next stage for the sessions after it, so sets of the next
  exercise in that same session still count for nothing.
- A session with no sets of a stage's exercises leaves its run alone; one with
  any set of them (painful, locked, above the cap) that has fewer qualifying
  sets than needed resets it. Sessions while a stage is locked or suspended do
  not touch its run ("progress is kept").
- Load caps move only in sessions where the exercise is unlocked. A session
  "with an unchecked cue on any working set" is sloppy; only sessions holding a
  working set of the exercise count for or against the "two in a row", and a
  sloppy session never raises the cap even with three clean working sets.
  After a cap change the sloppy run starts again.
- ``above_cap`` lists sets of unlocked load-gated exercises heavier than the cap
  at their point in the log (a locked exercise's sets count for nothing anyway).
  A set without a load is within any cap but never a working set.
- Pain: "two sessions in a row" counts the sessions containing the exercise;
  the second painful one suspends the stage when the exercise is unlocked at
  that session. While suspended, the stage's exercises are locked, so a third
  painful session changes nothing, but pain keeps counting: after a resume, one
  more painful session suspends again. A suspension in a session freezes that
  session's progress for the suspended stage and every later one.
- Pain on the first stage, on assistance, or on a locked exercise locks
  nothing; ``advice`` says to rest and see a professional while the exercise's
  last sessions in a row (at least the pain threshold) all had pain.
- A warm-up set (``kind`` ``warmup``) counts for nothing: not toward mastery,
  not for or against a cap or a bell, never above the cap, and a session of
  warm-ups only leaves every run alone. Its pain still counts, as any set's.
- ``next_bell_kg`` looks at the latest session with swings: every swing set at
  least the bell reps, every cue ticked, no pain, swings unlocked then and now;
  the next bell is the smallest size above the heaviest load of that session.
- Units: a ``lb`` lifter's caps start, step, and floor at the program's pound
  numbers, kept in pounds; the bells and the swing minimum are the pound ones.
  Every comparison of a set's ``load_kg`` with a program load converts the program's
  number exactly (1 lb = 0.45359237 kg) and allows ``load_tolerance_kg`` (0.05): a set
  within it of the cap is at the cap, not above; within it of the stage minimum
  reaches the minimum; a bell must be heavier by more than it. The tolerance holds
  for kg lifters too. The verdict's numbers are kilograms; its sentences speak
  the lifter's units ("cap raised from 95 to 105 lb").
- Within a session, history lists resumes, then suspensions (with the cap
  drop), then masteries and unlocks, then cap changes; exercises in catalog
  order. A mastery of a two-exercise stage gives one ``mastered`` event per
  exercise, so every event names an exercise.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

import msgspec

from server.progression.program import Program
from server.progression.rules import (
    ASSISTANCE,
    SEE_A_PROFESSIONAL,
    ExerciseRule,
    Rules,
    Units,
    number_text,
    pain_text,
    sentence,
    sessions_phrase,
    sets_phrase,
)
from sync.ops import PROFILE_ID, WARMUP
from sync.reduce import SessionView, reduce_sessions
from sync.values import InvalidValue, rfc3339_instant_us

Status = Literal["locked", "active", "mastered", "suspended"]
Event = Literal["mastered", "unlocked", "cap_raised", "cap_lowered", "suspended", "resumed"]
# The events whose cap_kg is the exercise's cap (when it has one).
_CAP_EVENTS: frozenset[str] = frozenset({"unlocked", "cap_raised", "cap_lowered", "suspended"})


class Progress(msgspec.Struct):
    """Sessions in a row so far (``needed_sessions`` is null for a load-gated stage) and caps."""

    qualifying_sessions: int
    needed_sessions: int | None
    load_caps: dict[str, float]


class StageVerdict(msgspec.Struct):
    id: str
    status: Status
    progress: Progress
    missing: list[str]


class HistoryEvent(msgspec.Struct):
    """One change. ``cap_kg`` is the exercise's load cap just after it, for a load-gated exercise's
    ``unlocked``, ``cap_raised``, ``cap_lowered`` and ``suspended`` (after the drop it brings);
    null on every other event, so a chart reads numbers, never the ``detail`` sentence."""

    session_id: str
    date: str
    event: Event
    exercise: str
    detail: str
    cap_kg: float | None = None


class Verdict(msgspec.Struct):
    unlocked: list[str]
    stages: list[StageVerdict]
    load_caps: dict[str, float]
    above_cap: list[str]
    warmup: list[str]
    next_bell_kg: float | None
    advice: list[str]
    history: list[HistoryEvent]
    units: Units = "kg"


class _Facts:
    """What one session shows about one exercise, with the lock state and cap at its start."""

    __slots__ = (
        "bell_load",
        "bell_ok",
        "cap_high",
        "cap_low",
        "counts",
        "is_open",
        "pain",
        "qualifying",
        "raising",
        "rule",
        "sloppy",
        "working",
    )

    def __init__(self, rule: ExerciseRule, is_open: bool, cap_kg: float | None, tolerance: float, counts: bool) -> None:
        self.rule = rule
        self.is_open = is_open
        # A load above cap_high is above the cap; one from cap_low up to cap_high is at it.
        self.cap_high = None if cap_kg is None else cap_kg + tolerance
        self.cap_low = None if cap_kg is None else cap_kg - tolerance
        self.counts = counts
        self.pain = False
        self.qualifying = 0
        self.working = False
        self.sloppy = False
        self.raising = 0
        self.bell_ok = is_open
        self.bell_load: float | None = None


class _Replay:
    def __init__(self, rules: Rules) -> None:
        self.rules = rules
        count = len(rules.stages)
        self.mastered = [False] * count
        self.run = [0] * count
        self.suspended_by: list[str | None] = [None] * count
        # Caps in the lifter's units (the program's own numbers), turned into kg to compare and to show.
        self.caps: dict[str, float] = {e: rules.exercises[e].start or 0 for e in rules.gated}
        self.sloppy_run = dict.fromkeys(rules.gated, 0)
        self.pain_run = dict.fromkeys(rules.order, 0)
        self.above_cap: list[str] = []
        self.history: list[HistoryEvent] = []
        self.bell: float | None = None

    def unlocked_stages(self) -> list[bool]:
        """A stage is open when it is not suspended and every stage before it is mastered and open."""
        result = []
        open_so_far = True
        for index in range(len(self.rules.stages)):
            this_open = open_so_far and self.suspended_by[index] is None
            result.append(this_open)
            open_so_far = this_open and self.mastered[index]
        return result

    def event(self, session: SessionView, event: Event, exercise: str, detail: str) -> HistoryEvent:
        assert session.started_at is not None
        cap = self.caps.get(exercise) if event in _CAP_EVENTS else None
        cap_kg = None if cap is None else self.rules.to_kg(cap)
        added = HistoryEvent(session.id, session.started_at, event, exercise, detail, cap_kg)
        self.history.append(added)
        return added

    def new_facts(self, rule: ExerciseRule, unlocked: list[bool]) -> _Facts:
        is_open = rule.stage == ASSISTANCE or unlocked[rule.stage]
        cap = self.caps.get(rule.id) if is_open else None
        # A speed-up with no effect on the verdict: when nothing will read this session's
        # counts of the exercise (a locked exercise, assistance, a mastered stage whose next
        # stage is not suspended, and neither gated nor the bell), only its pain flags matter.
        stage = rule.stage
        counts = is_open and (
            cap is not None
            or rule.id == self.rules.bell_exercise
            or (
                stage != ASSISTANCE
                and (
                    not self.mastered[stage]
                    or (stage + 1 < len(self.mastered) and self.suspended_by[stage + 1] is not None)
                )
            )
        )
        cap_kg = None if cap is None else self.rules.to_kg(cap)
        return _Facts(rule, is_open, cap_kg, self.rules.tolerance, counts)

    def facts(self, session: SessionView, unlocked: list[bool]) -> dict[str, _Facts]:
        """One pass over the session's sets; the result is keyed in catalog order."""
        rules = self.rules
        exercises = rules.exercises
        bell_exercise = rules.bell_exercise
        found: dict[str, _Facts] = {}
        for set_view in session.sets:
            # A warm-up counts for nothing, for or against, and is never above the cap;
            # only its pain is heard, as any set's is.
            warmup = set_view.kind == WARMUP
            if warmup and set_view.pain is not True:
                continue
            facts = found.get(set_view.exercise or "")
            if facts is None:
                known = exercises.get(set_view.exercise or "")
                if known is None:
                    continue
                facts = found[known.id] = self.new_facts(known, unlocked)
            if not facts.counts or warmup:
                if set_view.pain is True:
                    facts.pain = True
                continue
            rule = facts.rule
            pain = set_view.pain is True
            # Form values are bools (the reduction makes them so); map() keeps this loop in C.
            clean = all(map(set_view.form.get, rule.cues))
            load = set_view.load_kg
            reps = set_view.reps
            if pain:
                facts.pain = True
            if rule.id == bell_exercise:
                if pain or not clean or reps is None or reps < rules.bell_reps:
                    facts.bell_ok = False
                if load is not None and (facts.bell_load is None or load > facts.bell_load):
                    facts.bell_load = load
            cap_high = facts.cap_high
            if cap_high is not None and load is not None and load > cap_high:
                # Above the cap at this point in the log: listed, and counts for nothing.
                self.above_cap.append(set_view.id)
                continue
            qualifying = (
                facts.is_open
                and not pain
                and clean
                and reps is not None
                and rule.lowest_reps <= reps <= rule.highest_reps
                and (rule.min_load is None or (load is not None and load >= rule.min_load))
            )
            if qualifying:
                facts.qualifying += 1
            cap_low = facts.cap_low
            if cap_low is not None and load is not None and load >= cap_low:
                # At the cap, within the tolerance (a pound load converted to kg may be rounded).
                facts.working = True
                if not clean:
                    facts.sloppy = True
                elif qualifying and reps is not None and reps >= rules.raise_reps:
                    rpe = set_view.rpe
                    if rpe is None or rpe <= rules.raise_rpe:
                        facts.raising += 1
        bell = found.get(bell_exercise)
        if bell is not None:
            self.bell = rules.next_bell(bell.bell_load) if bell.bell_ok and bell.bell_load is not None else None
        if len(found) < 2:
            return found
        return {exercise: found[exercise] for exercise in rules.order if exercise in found}

    def pooled(self, facts: dict[str, _Facts], stage: int) -> tuple[bool, int]:
        """Whether the session holds the stage's exercises, and their qualifying sets together."""
        present = False
        count = 0
        for exercise in self.rules.stages[stage].exercises:
            found = facts.get(exercise)
            if found is not None:
                present = True
                count += found.qualifying
        return present, count

    def session(self, session: SessionView) -> None:
        rules = self.rules
        unlocked = self.unlocked_stages()
        facts = self.facts(session, unlocked)
        if not facts:
            return
        self.resume(session, facts, unlocked)
        frozen_from = self.pain(session, facts, unlocked)
        self.mastery(session, facts, unlocked, frozen_from)
        for exercise in rules.gated:
            found = facts.get(exercise)
            rule = rules.exercises[exercise]
            if found is not None and unlocked[rule.stage] and rule.stage < frozen_from:
                self.cap(session, rule, found)

    def resume(self, session: SessionView, facts: dict[str, _Facts], unlocked: list[bool]) -> None:
        rules = self.rules
        for index in range(1, len(rules.stages)):
            painful = self.suspended_by[index]
            if painful is None or not unlocked[index - 1]:
                continue
            _, count = self.pooled(facts, index - 1)
            if count >= rules.resume_sets:
                self.suspended_by[index] = None
                stage = rules.stages[index]
                before = rules.stages[index - 1]
                self.event(
                    session,
                    "resumed",
                    painful,
                    f"{stage.name} stage back: a session with {sets_phrase(rules, before, count)}",
                )

    def pain(self, session: SessionView, facts: dict[str, _Facts], unlocked: list[bool]) -> int:
        """Count painful sessions; suspend stages. Returns the first stage suspended here."""
        rules = self.rules
        frozen_from = len(rules.stages)
        for exercise, found in facts.items():
            if not found.pain:
                self.pain_run[exercise] = 0
                continue
            self.pain_run[exercise] += 1
            rule = rules.exercises[exercise]
            if (
                self.pain_run[exercise] < rules.pain_sessions
                or rule.stage == ASSISTANCE
                or rule.stage == 0
                or not unlocked[rule.stage]
                or self.suspended_by[rule.stage] is not None
            ):
                continue
            stage = rules.stages[rule.stage]
            self.suspended_by[rule.stage] = exercise
            frozen_from = min(frozen_from, rule.stage)
            suspension = self.event(
                session,
                "suspended",
                exercise,
                f"{stage.name} stage on hold: {pain_text(rule.plural, rules.pain_sessions)}; "
                f"back to {rules.stages[rule.stage - 1].label}",
            )
            if rule.start is not None:
                self.lower(session, rule, f"{pain_text(rule.plural, rules.pain_sessions)}")
                suspension.cap_kg = rules.to_kg(self.caps[exercise])
        return frozen_from

    def mastery(self, session: SessionView, facts: dict[str, _Facts], unlocked: list[bool], frozen_from: int) -> None:
        rules = self.rules
        for stage in rules.stages:
            index = stage.index
            if stage.needed is None or stage.min_sets is None:
                continue
            if not unlocked[index] or self.mastered[index] or index >= frozen_from:
                continue
            present, count = self.pooled(facts, index)
            if not present:
                continue
            self.run[index] = self.run[index] + 1 if count >= stage.min_sets else 0
            if self.run[index] < stage.needed:
                continue
            self.mastered[index] = True
            detail = (
                f"{stage.name} stage mastered: {stage.needed} sessions in a row with "
                f"{sets_phrase(rules, stage, stage.min_sets)}"
            )
            for exercise in stage.exercises:
                self.event(session, "mastered", exercise, detail)
            if index + 1 < len(rules.stages):
                for exercise in rules.stages[index + 1].exercises:
                    name = rules.exercises[exercise].name
                    self.event(session, "unlocked", exercise, f"{name} unlocked: {stage.name} stage mastered")

    def cap(self, session: SessionView, rule: ExerciseRule, found: _Facts) -> None:
        rules = self.rules
        if not found.working:
            return
        exercise = rule.id
        if found.sloppy:
            self.sloppy_run[exercise] += 1
            if self.sloppy_run[exercise] >= rules.sloppy_sessions:
                self.lower(
                    session,
                    rule,
                    f"an unchecked cue on a working set in {rules.sloppy_sessions} sessions in a row",
                )
            return
        self.sloppy_run[exercise] = 0
        if found.raising >= rules.raise_sets:
            old = self.caps[exercise]
            new = rules.cap_up(old)
            self.caps[exercise] = new
            self.event(
                session,
                "cap_raised",
                exercise,
                f"{rule.name} cap raised from {number_text(old)} to {rules.load_text(new)}: "
                f"{found.raising} clean working sets of at least {rules.raise_reps} reps "
                f"at RPE {number_text(rules.raise_rpe)} or less",
            )

    def lower(self, session: SessionView, rule: ExerciseRule, reason: str) -> None:
        exercise = rule.id
        self.sloppy_run[exercise] = 0
        old = self.caps[exercise]
        assert rule.start is not None
        new = self.rules.cap_down(old, rule.start)
        if new == old:
            return
        self.caps[exercise] = new
        self.event(
            session,
            "cap_lowered",
            exercise,
            f"{rule.name} cap lowered from {number_text(old)} to {self.rules.load_text(new)}: {reason}",
        )

    def verdict(self) -> Verdict:
        rules = self.rules
        unlocked = self.unlocked_stages()
        open_exercises = [
            e for e in rules.order if rules.exercises[e].stage == ASSISTANCE or unlocked[rules.exercises[e].stage]
        ]
        stages = [self.stage_verdict(index, unlocked) for index in range(len(rules.stages))]
        warmup = [
            e
            for stage, stage_verdict in zip(rules.stages, stages, strict=True)
            if stage_verdict.status == "mastered"
            for e in stage.exercises
        ]
        open_set = set(open_exercises)
        bell = self.bell if rules.bell_exercise in open_set else None
        return Verdict(
            unlocked=open_exercises,
            stages=stages,
            load_caps={e: rules.to_kg(self.caps[e]) for e in rules.gated if e in open_set},
            above_cap=self.above_cap,
            warmup=sorted(warmup, key=rules.order.index),
            next_bell_kg=None if bell is None else rules.to_kg(bell),
            advice=self.advice(),
            history=self.history,
            units=rules.units,
        )

    def stage_verdict(self, index: int, unlocked: list[bool]) -> StageVerdict:
        rules = self.rules
        stage = rules.stages[index]
        status: Status
        if self.suspended_by[index] is not None:
            status = "suspended"
        elif not unlocked[index]:
            status = "locked"
        elif self.mastered[index]:
            status = "mastered"
        else:
            status = "active"
        done = self.run[index]
        if self.mastered[index] and stage.needed is not None:
            done = stage.needed
        progress = Progress(
            qualifying_sessions=done,
            needed_sessions=stage.needed,
            load_caps={e: rules.to_kg(self.caps[e]) for e in stage.exercises if e in self.caps},
        )
        return StageVerdict(stage.id, status, progress, self.missing(index, status, unlocked))

    def missing(self, index: int, status: Status, unlocked: list[bool]) -> list[str]:
        rules = self.rules
        stage = rules.stages[index]
        if status == "mastered":
            return []
        if status == "suspended":
            painful = self.suspended_by[index]
            assert painful is not None
            before = rules.stages[index - 1]
            return [
                f"{sentence(pain_text(rules.exercises[painful].plural, rules.pain_sessions))}: "
                f"1 session with {sets_phrase(rules, before, rules.resume_sets)} lifts the hold"
            ]
        if status == "locked":
            for earlier in range(index):
                if self.suspended_by[earlier] is not None:
                    return [f"Locked while the {rules.stages[earlier].name} stage is on hold"]
            return [f"Unlocks once the {rules.stages[index - 1].name} stage is mastered"]
        if stage.needed is not None and stage.min_sets is not None:
            sets = sets_phrase(rules, stage, stage.min_sets)
            return [sessions_phrase(self.run[index], stage.needed, sets)]
        result = []
        for exercise in stage.exercises:
            if exercise in self.caps:
                cap = self.caps[exercise]
                result.append(
                    f"1 session with {rules.raise_sets} clean working sets of at least {rules.raise_reps} "
                    f"reps at {rules.load_text(cap)}, RPE {number_text(rules.raise_rpe)} or less, "
                    f"raises the {rules.exercises[exercise].name.lower()} cap to "
                    f"{rules.load_text(rules.cap_up(cap))}"
                )
        return result

    def advice(self) -> list[str]:
        rules = self.rules
        result = []
        for index, painful in enumerate(self.suspended_by):
            if painful is not None:
                stage = rules.stages[index]
                before = rules.stages[index - 1]
                result.append(
                    f"{sentence(pain_text(rules.exercises[painful].plural, rules.pain_sessions))}: "
                    f"the {stage.name} stage is on hold, so train {before.label} for now. "
                    f"{SEE_A_PROFESSIONAL}"
                )
        for exercise in rules.order:
            rule = rules.exercises[exercise]
            run = self.pain_run[exercise]
            suspended = rule.stage != ASSISTANCE and self.suspended_by[rule.stage] is not None
            if run >= rules.pain_sessions and not suspended:
                result.append(f"{sentence(pain_text(rule.plural, run))}. {SEE_A_PROFESSIONAL}")
        return result


def _dated(started_at: str | None) -> bool:
    if started_at is None:
        return False
    try:
        rfc3339_instant_us(started_at)
    except InvalidValue:
        return False
    return True


def _dated_count(sessions: Sequence[SessionView]) -> int:
    """How many sessions lead the sequence before the trailing undated ones.

    ``reduce_sessions`` puts every session whose ``started_at`` is missing or not a
    date-time last, so scanning back from the end parses only those few and the
    first dated one, instead of every session of a five-year log.
    """
    end = len(sessions)
    while end > 0 and not _dated(sessions[end - 1].started_at):
        end -= 1
    return end


def verdict(program: Program, sessions: Sequence[SessionView], units: Units = "kg") -> Verdict:
    """The verdict on visible sessions in replay order (oldest first); undated ones are ignored.

    ``sessions`` come as ``reduce_sessions(..., newest_first=False)`` returns them:
    dated sessions oldest first (ties by id), then the undated ones, which are skipped.
    ``units`` is the lifter's profile choice: a ``lb`` lifter is judged by the program's
    pound numbers and told about them in pounds; the verdict's numbers stay kilograms.
    """
    replay = _Replay(Rules(program, units))
    for session in sessions[: _dated_count(sessions)]:
        if session.started_at is not None:
            replay.session(session)
    return replay.verdict()


def verdict_from_fields(
    program: Program,
    sessions_fields: dict[str, dict[str, Any]],
    sets_fields: dict[str, dict[str, Any]],
    units: Units = "kg",
) -> Verdict:
    """The verdict on merged entity maps ``{id: {field: value}}``, as the server holds them."""
    return verdict(program, reduce_sessions(sessions_fields, sets_fields, newest_first=False), units)


def profile_units(profiles: dict[str, dict[str, Any]]) -> Units:
    """The lifter's units from the merged ``profile`` entities: ``lb`` when the profile says so, else ``kg``."""
    return "lb" if profiles.get(PROFILE_ID, {}).get("units") == "lb" else "kg"


_ENCODER = msgspec.json.Encoder()


def verdict_json(result: Verdict) -> bytes:
    return _ENCODER.encode(result)
