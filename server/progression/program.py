"""The hip-hinge program as data: msgspec Structs for ``program.json`` and its loader.

Every number of the program (rep ranges, sessions in a row, load caps and
steps, bell sizes, each load in kg and in lb, and the tolerance that says when
a load is at a cap) lives in the JSON file; the evaluators only read it. A coach
edits the file; a malformed file fails at load time with a message naming the
bad key, such as ``stages[1].mastery.min_sets: expected int, got str``.
"""

from __future__ import annotations

import pathlib
from typing import Annotated, Any

import msgspec

from server.decoding import BadShape, StrictDecoder
from sync.ops import Catalog

DEFAULT_PROGRAM_PATH = pathlib.Path(__file__).with_name("program.json")

KG_PER_LB = 0.45359237
"""One pound in kilograms, exactly (the international pound of 1959)."""

Count = Annotated[int, msgspec.Meta(ge=1)]
Kg = Annotated[int, msgspec.Meta(ge=0, le=1000)] | Annotated[float, msgspec.Meta(ge=0, le=1000)]
PositiveKg = Annotated[int, msgspec.Meta(gt=0, le=1000)] | Annotated[float, msgspec.Meta(gt=0, le=1000)]
Lb = Annotated[int, msgspec.Meta(ge=0, le=2205)] | Annotated[float, msgspec.Meta(ge=0, le=2205)]
PositiveLb = Annotated[int, msgspec.Meta(gt=0, le=2205)] | Annotated[float, msgspec.Meta(gt=0, le=2205)]
Tolerance = Annotated[int, msgspec.Meta(ge=0, le=1)] | Annotated[float, msgspec.Meta(ge=0, le=1)]
Id = Annotated[str, msgspec.Meta(min_length=1, pattern=r"^[a-z0-9_]+$")]


class ProgramError(ValueError):
    """A program file that cannot be used; the message names the bad key."""


class Cue(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    id: Id
    name: str
    explanation: str


class Exercise(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    id: Id
    name: str
    plural: str
    equipment: tuple[str, ...]
    cues: tuple[str, ...]


class RepRange(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    min: Annotated[int, msgspec.Meta(ge=0)]
    max: Annotated[int, msgspec.Meta(ge=0)]


class Mastery(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """N sessions in a row, each with at least ``min_sets`` qualifying sets."""

    sessions_in_a_row: Count
    min_sets: Count


class Stage(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A rung of the ladder. A stage without ``mastery`` is load-gated (its caps rise)."""

    id: Id
    name: str
    label: str
    exercises: tuple[str, ...]
    reps: RepRange | None = None
    min_load_kg: Kg | None = None
    min_load_lb: Lb | None = None
    mastery: Mastery | None = None


class Assistance(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    exercises: tuple[str, ...]
    note: str = ""


class Warmup(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    reps: RepRange
    note: str = ""


class CapStep(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Caps below ``below_kg`` move by ``step_kg``; the last step has no bound."""

    below_kg: Kg | None
    step_kg: PositiveKg


class CapStepLb(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """The same in pounds, for a lifter whose profile says ``lb``."""

    below_lb: Lb | None
    step_lb: PositiveLb


class CapRaise(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    min_working_sets: Count
    min_reps: Annotated[int, msgspec.Meta(ge=0)]
    max_rpe: Annotated[int, msgspec.Meta(ge=1, le=10)] | Annotated[float, msgspec.Meta(ge=1, le=10)]


class CapLower(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    sloppy_sessions_in_a_row: Count


class LoadCaps(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    start_kg: dict[str, Kg]
    start_lb: dict[str, Lb]
    steps: tuple[CapStep, ...]
    steps_lb: tuple[CapStepLb, ...]
    raise_: CapRaise = msgspec.field(name="raise")
    lower: CapLower


class Pain(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    sessions_in_a_row: Count
    resume_min_sets: Count


class Kettlebell(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    exercise: str
    sizes_kg: tuple[PositiveKg, ...]
    sizes_lb: tuple[PositiveLb, ...]
    next_bell_reps: Count


class Program(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    id: Id
    name: str
    version: int
    cues: tuple[Cue, ...]
    exercises: tuple[Exercise, ...]
    stages: tuple[Stage, ...]
    assistance: Assistance
    warmup: Warmup
    load_caps: LoadCaps
    pain: Pain
    kettlebell: Kettlebell
    load_tolerance_kg: Tolerance

    def catalog(self) -> Catalog:
        """The exercise and cue ids an op may name."""
        return Catalog(
            exercise_ids=frozenset(exercise.id for exercise in self.exercises),
            cue_ids=frozenset(cue.id for cue in self.cues),
        )

    def to_builtins(self) -> dict[str, Any]:
        """The program as plain JSON values (lists, not tuples): the body of ``GET /api/v1/program``."""
        result: dict[str, Any] = msgspec.json.decode(self.to_json())
        return result

    def to_json(self) -> bytes:
        """The program as JSON bytes, every key present (the JS engine reads this or the file)."""
        return _ENCODER.encode(self)


_ENCODER = msgspec.json.Encoder()
_DECODER = StrictDecoder(Program, root="(top level)")


def parse_program(data: bytes | str) -> Program:
    """Decode and check a program from JSON text; ``ProgramError`` names the bad key."""
    try:
        program = _DECODER.decode(data.encode() if isinstance(data, str) else data)
    except BadShape as error:
        raise ProgramError(str(error)) from None
    check_program(program)
    return program


def load_program(path: pathlib.Path | None = None) -> Program:
    """Read the program file (default: the packaged ``program.json``) and check it."""
    path = DEFAULT_PROGRAM_PATH if path is None else path
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ProgramError(f"cannot read program file {path}: {error.strerror}") from None
    try:
        return parse_program(data)
    except ProgramError as error:
        raise ProgramError(f"{path.name}: {error}") from None


def _unique(ids: list[str], where: str) -> None:
    seen: set[str] = set()
    for index, value in enumerate(ids):
        if value in seen:
            raise ProgramError(f"{where}[{index}].id: duplicate id {value!r}")
        seen.add(value)


def _ascending(values: list[int | float], where: str) -> None:
    for index in range(1, len(values)):
        if values[index] <= values[index - 1]:
            raise ProgramError(f"{where}[{index}]: must be greater than the one before it")


def check_program(program: Program) -> None:
    """Cross-references the types cannot express; raises ``ProgramError`` naming the key."""
    _unique([cue.id for cue in program.cues], "cues")
    _unique([exercise.id for exercise in program.exercises], "exercises")
    _unique([stage.id for stage in program.stages], "stages")
    cue_ids = {cue.id for cue in program.cues}
    exercise_ids = {exercise.id for exercise in program.exercises}
    for index, exercise in enumerate(program.exercises):
        if not exercise.cues:
            raise ProgramError(f"exercises[{index}].cues: an exercise needs at least one cue")
        for cue_index, cue in enumerate(exercise.cues):
            if cue not in cue_ids:
                raise ProgramError(f"exercises[{index}].cues[{cue_index}]: unknown cue {cue!r}")
    if not program.stages:
        raise ProgramError("stages: the program needs at least one stage")
    placed: dict[str, str] = {}
    for index, stage in enumerate(program.stages):
        where = f"stages[{index}]"
        if not stage.exercises:
            raise ProgramError(f"{where}.exercises: a stage needs at least one exercise")
        for ex_index, exercise_id in enumerate(stage.exercises):
            if exercise_id not in exercise_ids:
                raise ProgramError(f"{where}.exercises[{ex_index}]: unknown exercise {exercise_id!r}")
            if exercise_id in placed:
                other = placed[exercise_id]
                raise ProgramError(f"{where}.exercises[{ex_index}]: {exercise_id!r} is already in stage {other!r}")
            placed[exercise_id] = stage.id
        if stage.reps is not None and stage.reps.min > stage.reps.max:
            raise ProgramError(f"{where}.reps.min: must not exceed reps.max")
        if stage.mastery is not None and stage.reps is None:
            raise ProgramError(f"{where}.reps: a stage with mastery criteria needs a rep range")
        if stage.mastery is None and index != len(program.stages) - 1:
            raise ProgramError(f"{where}.mastery: only the last stage may go without mastery criteria")
        if (stage.min_load_kg is None) != (stage.min_load_lb is None):
            raise ProgramError(f"{where}.min_load_lb: must be null exactly when min_load_kg is null")
    for index, exercise_id in enumerate(program.assistance.exercises):
        if exercise_id not in exercise_ids:
            raise ProgramError(f"assistance.exercises[{index}]: unknown exercise {exercise_id!r}")
        if exercise_id in placed:
            raise ProgramError(
                f"assistance.exercises[{index}]: {exercise_id!r} is already in stage {placed[exercise_id]!r}"
            )
        placed[exercise_id] = "assistance"
    for index, exercise in enumerate(program.exercises):
        if exercise.id not in placed:
            raise ProgramError(f"exercises[{index}]: {exercise.id!r} is in no stage and not assistance")
    warmup = program.warmup.reps
    if warmup.min > warmup.max:
        raise ProgramError("warmup.reps.min: must not exceed warmup.reps.max")
    caps = program.load_caps
    for exercise_id in caps.start_kg:
        if exercise_id not in exercise_ids:
            raise ProgramError(f"load_caps.start_kg.{exercise_id}: unknown exercise")
        if placed[exercise_id] == "assistance":
            raise ProgramError(f"load_caps.start_kg.{exercise_id}: assistance exercises are never gated")
        if exercise_id not in caps.start_lb:
            raise ProgramError(f"load_caps.start_lb.{exercise_id}: required, as start_kg gates it")
    for exercise_id in caps.start_lb:
        if exercise_id not in caps.start_kg:
            raise ProgramError(f"load_caps.start_lb.{exercise_id}: not in start_kg")
    _check_steps([step.below_kg for step in caps.steps], "load_caps.steps", "below_kg")
    _check_steps([step.below_lb for step in caps.steps_lb], "load_caps.steps_lb", "below_lb")
    if program.kettlebell.exercise not in exercise_ids:
        raise ProgramError(f"kettlebell.exercise: unknown exercise {program.kettlebell.exercise!r}")
    _ascending(list(program.kettlebell.sizes_kg), "kettlebell.sizes_kg")
    _ascending(list(program.kettlebell.sizes_lb), "kettlebell.sizes_lb")
    # Loads this close to a cap count as at it; two caps a step apart must never both match.
    smallest = min([step.step_kg for step in caps.steps] + [step.step_lb * KG_PER_LB for step in caps.steps_lb])
    if program.load_tolerance_kg * 2 >= smallest:
        raise ProgramError("load_tolerance_kg: must be less than half the smallest cap step")


def _check_steps(bounds: list[int | float | None], where: str, key: str) -> None:
    """At least one step; every bound but the last is a number, and they rise; the last is null."""
    if not bounds:
        raise ProgramError(f"{where}: at least one step is needed")
    for index, bound in enumerate(bounds[:-1]):
        if bound is None:
            raise ProgramError(f"{where}[{index}].{key}: only the last step may be unbounded")
    if bounds[-1] is not None:
        raise ProgramError(f"{where}[{len(bounds) - 1}].{key}: the last step must be null")
    _ascending([bound for bound in bounds[:-1] if bound is not None], where)
