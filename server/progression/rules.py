"""The program compiled into lookups the replay needs, the cap arithmetic, and the wording.

``compile_rules`` turns the declarative ``Program`` into per-exercise and
per-stage records once per evaluation, so the replay does dictionary lookups
instead of searching the program. All sentences the verdict shows are built
here, in one place, and mirrored word for word by ``pwa/js/progression.js``.
"""

from __future__ import annotations

import math

from server.progression.program import Program, Stage

ASSISTANCE = -1
EN_DASH = "\u2013"


class ExerciseRule:
    """One exercise with the criteria of its stage (``stage`` is ``ASSISTANCE`` for assistance)."""

    __slots__ = (
        "cues",
        "highest_reps",
        "id",
        "lowest_reps",
        "max_reps",
        "min_load",
        "min_reps",
        "name",
        "plural",
        "stage",
        "start_kg",
    )

    def __init__(self, program: Program, exercise_id: str, stage_index: int) -> None:
        exercise = next(e for e in program.exercises if e.id == exercise_id)
        self.id = exercise.id
        self.name = exercise.name
        self.plural = exercise.plural
        self.cues = exercise.cues
        self.stage = stage_index
        self.start_kg: float | None = program.load_caps.start_kg.get(exercise_id)
        stage = program.stages[stage_index] if stage_index != ASSISTANCE else None
        reps = stage.reps if stage is not None else None
        self.min_reps: int | None = reps.min if reps is not None else None
        self.max_reps: int | None = reps.max if reps is not None else None
        self.min_load: float | None = stage.min_load_kg if stage is not None else None
        # The range as plain numbers for the hot loop: no range means any number of reps.
        self.lowest_reps: float = -math.inf if self.min_reps is None else self.min_reps
        self.highest_reps: float = math.inf if self.max_reps is None else self.max_reps


class StageRule:
    __slots__ = ("exercises", "gated", "id", "index", "min_sets", "name", "needed", "stage")

    def __init__(self, program: Program, index: int) -> None:
        stage = program.stages[index]
        self.stage = stage
        self.index = index
        self.id = stage.id
        self.name = stage.name
        self.exercises = stage.exercises
        self.needed: int | None = stage.mastery.sessions_in_a_row if stage.mastery else None
        self.min_sets: int | None = stage.mastery.min_sets if stage.mastery else None
        self.gated = any(e in program.load_caps.start_kg for e in stage.exercises)


class Rules:
    """Lookups over one program: exercises in catalog order, stages in ladder order."""

    def __init__(self, program: Program) -> None:
        self.program = program
        stage_of = {e: i for i, stage in enumerate(program.stages) for e in stage.exercises}
        self.order = tuple(e.id for e in program.exercises)
        self.exercises = {e: ExerciseRule(program, e, stage_of.get(e, ASSISTANCE)) for e in self.order}
        self.stages = tuple(StageRule(program, i) for i in range(len(program.stages)))
        self.gated = tuple(e for e in self.order if self.exercises[e].start_kg is not None)
        caps = program.load_caps
        self.steps = tuple((step.below_kg, step.step_kg) for step in caps.steps)
        self.raise_sets = caps.raise_.min_working_sets
        self.raise_reps = caps.raise_.min_reps
        self.raise_rpe = caps.raise_.max_rpe
        self.sloppy_sessions = caps.lower.sloppy_sessions_in_a_row
        self.pain_sessions = program.pain.sessions_in_a_row
        self.resume_sets = program.pain.resume_min_sets
        self.bell_exercise = program.kettlebell.exercise
        self.bell_sizes = program.kettlebell.sizes_kg
        self.bell_reps = program.kettlebell.next_bell_reps

    def cap_up(self, cap: float) -> float:
        """One step up: the step of the band the cap lies in (95 -> 100 -> 102.5)."""
        for below, step in self.steps:
            if below is None or cap < below:
                return cap + step
        raise AssertionError("the last step is unbounded")  # pragma: no cover

    def cap_down(self, cap: float, start: float) -> float:
        """One step down by the step that leads to ``cap`` (102.5 -> 100 -> 95), never below start."""
        for below, step in self.steps:
            if below is None or cap <= below:
                return max(cap - step, start)
        raise AssertionError("the last step is unbounded")  # pragma: no cover

    def next_bell(self, load: float) -> float | None:
        for size in self.bell_sizes:
            if size > load:
                return size
        return None


def kg(value: float) -> float:
    """A load for the verdict: whole numbers as ints, so 40 and 40.0 serialise alike in JS."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def number_text(value: float) -> str:
    """A number as JavaScript's ``String(n)`` writes it (40, 102.5)."""
    return str(kg(value))


def plural_s(count: int) -> str:
    return "" if count == 1 else "s"


def sets_phrase(stage: Stage, count: int, gated: bool) -> str:
    """``3 clean sets of 10-20 kettlebell swings at 12 kg or more`` (with an en dash)."""
    text = f"{count} clean set{plural_s(count)} of "
    if stage.reps is not None:
        text += f"{stage.reps.min}{EN_DASH}{stage.reps.max} "
    text += stage.label
    if stage.min_load_kg is not None:
        text += f" at {number_text(stage.min_load_kg)} kg or more"
    if gated:
        text += " within the load cap"
    return text


def sessions_phrase(done: int, needed: int, sets: str) -> str:
    """``2 sessions in a row with …`` before the first, ``1 more session with …`` after."""
    if done == 0:
        if needed == 1:
            return f"1 session with {sets}"
        return f"{needed} sessions in a row with {sets}"
    left = needed - done
    if left == 1:
        return f"1 more session with {sets}"
    return f"{left} more sessions in a row with {sets}"


def sentence(text: str) -> str:
    """Upper-case the first letter only (``str.capitalize`` would lower "Romanian")."""
    return text[:1].upper() + text[1:]


def pain_text(plural: str, sessions: int) -> str:
    return f"pain in {plural} in {sessions} session{plural_s(sessions)} in a row"


SEE_A_PROFESSIONAL = "Rest, and if the pain persists, see a doctor or physiotherapist."
