"""When a sync of no ops may skip its transaction: the service's memory of recorded syncs."""

from __future__ import annotations

import pytest

from server import service
from server.service import SyncMarks


def test_a_mark_is_recent_for_its_interval_only(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = [100.0]
    monkeypatch.setattr(service.time, "monotonic", lambda: clock[0])
    marks = SyncMarks(every_s=60)
    assert not marks.recent("a")
    marks.note("a")
    clock[0] = 159.9
    assert marks.recent("a")
    assert not marks.recent("b")
    clock[0] = 160.0
    assert not marks.recent("a")


def test_marks_keep_the_most_recently_noted_devices_up_to_their_bound() -> None:
    marks = SyncMarks(max_devices=2)
    for device_id in ("a", "b", "a", "c"):
        marks.note(device_id)
    assert [marks.recent(d) for d in ("a", "b", "c")] == [True, False, True]
