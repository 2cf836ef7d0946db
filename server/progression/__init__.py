"""The hip-hinge program as data and the pure progression engine that judges a log against it."""

from server.progression.engine import (
    HistoryEvent,
    Progress,
    StageVerdict,
    Verdict,
    profile_units,
    verdict,
    verdict_from_fields,
    verdict_json,
)
from server.progression.program import (
    DEFAULT_PROGRAM_PATH,
    KG_PER_LB,
    Program,
    ProgramError,
    load_program,
    parse_program,
)

__all__ = [
    "DEFAULT_PROGRAM_PATH",
    "KG_PER_LB",
    "HistoryEvent",
    "Program",
    "ProgramError",
    "Progress",
    "StageVerdict",
    "Verdict",
    "load_program",
    "parse_program",
    "profile_units",
    "verdict",
    "verdict_from_fields",
    "verdict_json",
]
