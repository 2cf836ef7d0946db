"""The program compiled into lookups the replay needs, the cap arithmetic, and the wording.

``Rules`` turns the declarative ``Program`` into per-exercise and per-stage
records once per evaluation, so the replay does dictionary lookups instead of
searching the program. It also picks the program's numbers in the lifter's
units: a ``lb`` lifter's caps, steps, bells and minimum load are the file's
pound numbers. Caps are kept and worded in those units; every comparison with
a set's load (always kilograms) converts them exactly and allows the program's
``load_tolerance_kg``. All sentences the verdict shows are built here, in one
place, and mirrored word for word by ``pwa/js/progression.js``.
"""

from __future__ import annotations

import math
from typing import Literal

from server.progression.program import KG_PER_LB, Program

ASSISTANCE = -1
EN_DASH = "\u2013"
Units = Literal["kg", "lb"]
UNITS: tuple[Units, ...] = ("kg", "lb")
MICROGRAMS_PER_KG = 1e9


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
        "start",
    )

    def __init__(self, program: Program, exercise_id: str, stage_index: int, units: Units) -> None:
        exercise = next(e for e in program.exercises if e.id == exercise_id)
        self.id = exercise.id
        self.name = exercise.name
        self.plural = exercise.plural
        self.cues = exercise.cues
        self.stage = stage_index
        starts = program.load_caps.start_lb if units == "lb" else program.load_caps.start_kg
        # The cap's start and floor, in the lifter's units.
        self.start: float | None = starts.get(exercise_id)
        stage = program.stages[stage_index] if stage_index != ASSISTANCE else None
        reps = stage.reps if stage is not None else None
        self.min_reps: int | None = reps.min if reps is not None else None
        self.max_reps: int | None = reps.max if reps is not None else None
        minimum = None if stage is None else stage_minimum(program, stage_index, units)
        # The stage's minimum load in kilograms, less the tolerance: what a set's load_kg must reach.
        self.min_load: float | None = None if minimum is None else in_kg(minimum, units) - program.load_tolerance_kg
        # The range as plain numbers for the hot loop: no range means any number of reps.
        self.lowest_reps: float = -math.inf if self.min_reps is None else self.min_reps
        self.highest_reps: float = math.inf if self.max_reps is None else self.max_reps


def stage_minimum(program: Program, index: int, units: Units) -> float | None:
    """The stage's minimum load in the lifter's units, or None."""
    stage = program.stages[index]
    return stage.min_load_lb if units == "lb" else stage.min_load_kg


def in_kg(value: float, units: Units) -> float:
    """A load of the program in the lifter's units, in kilograms: 1 lb is 0.45359237 kg exactly.

    The product is rounded to the microgram, so 44 lb is 19.95806428 kg on the wire, not the
    float product 19.958064280000002; a pound load has at most nine decimals in kg anyway.
    """
    if units == "kg":
        return value
    return math.floor(value * KG_PER_LB * MICROGRAMS_PER_KG + 0.5) / MICROGRAMS_PER_KG


class StageRule:
    __slots__ = ("exercises", "gated", "id", "index", "label", "min_load", "min_sets", "name", "needed", "reps")

    def __init__(self, program: Program, index: int, units: Units) -> None:
        stage = program.stages[index]
        self.index = index
        self.id = stage.id
        self.name = stage.name
        self.label = stage.label
        self.reps = stage.reps
        self.exercises = stage.exercises
        # In the lifter's units, for the sentences.
        self.min_load = stage_minimum(program, index, units)
        self.needed: int | None = stage.mastery.sessions_in_a_row if stage.mastery else None
        self.min_sets: int | None = stage.mastery.min_sets if stage.mastery else None
        self.gated = any(e in program.load_caps.start_kg for e in stage.exercises)


class Rules:
    """Lookups over one program for a lifter's units: exercises in catalog order, stages in ladder order."""

    def __init__(self, program: Program, units: Units = "kg") -> None:
        if units not in UNITS:
            raise ValueError(f"units: expected 'kg' or 'lb', got {units!r}")
        self.program = program
        self.units: Units = units
        self.tolerance = program.load_tolerance_kg
        stage_of = {e: i for i, stage in enumerate(program.stages) for e in stage.exercises}
        self.order = tuple(e.id for e in program.exercises)
        self.exercises = {e: ExerciseRule(program, e, stage_of.get(e, ASSISTANCE), units) for e in self.order}
        self.stages = tuple(StageRule(program, i, units) for i in range(len(program.stages)))
        self.gated = tuple(e for e in self.order if self.exercises[e].start is not None)
        caps = program.load_caps
        self.steps: tuple[tuple[float | None, float], ...] = (
            tuple((step.below_lb, step.step_lb) for step in caps.steps_lb)
            if units == "lb"
            else tuple((step.below_kg, step.step_kg) for step in caps.steps)
        )
        self.raise_sets = caps.raise_.min_working_sets
        self.raise_reps = caps.raise_.min_reps
        self.raise_rpe = caps.raise_.max_rpe
        self.sloppy_sessions = caps.lower.sloppy_sessions_in_a_row
        self.pain_sessions = program.pain.sessions_in_a_row
        self.resume_sets = program.pain.resume_min_sets
        self.bell_exercise = program.kettlebell.exercise
        bells = program.kettlebell
        self.bell_sizes: tuple[float, ...] = bells.sizes_lb if units == "lb" else bells.sizes_kg
        self.bell_reps = bells.next_bell_reps

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

    def to_kg(self, value: float) -> float:
        """A load in the lifter's units (a cap, a bell) in kilograms, as the verdict gives it."""
        return kg(in_kg(value, self.units))

    def next_bell(self, load_kg: float) -> float | None:
        """The smallest bell (in the lifter's units) heavier than ``load_kg`` by more than the tolerance."""
        for size in self.bell_sizes:
            if in_kg(size, self.units) - load_kg > self.tolerance:
                return size
        return None

    def load_text(self, value: float) -> str:
        """``105 lb``, ``102.5 kg``: a program load in the lifter's units."""
        return f"{number_text(value)} {self.units}"


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


def sets_phrase(rules: Rules, stage: StageRule, count: int) -> str:
    """``3 clean sets of 10-20 kettlebell swings at 12 kg or more`` (with an en dash; 26 lb for lb)."""
    text = f"{count} clean set{plural_s(count)} of "
    if stage.reps is not None:
        text += f"{stage.reps.min}{EN_DASH}{stage.reps.max} "
    text += stage.label
    if stage.min_load is not None:
        text += f" at {rules.load_text(stage.min_load)} or more"
    if stage.gated:
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
