"""The sync ledger's rules: which ops of a batch are new, and what a pull gets back.

Each user has an append-only log; every new op takes the next sequence number,
and a device's cursor is the last sequence number it has seen. These functions
decide, given what the store holds, what to append and what to answer. They do
no I/O: a storage adapter reads the rows they ask for and writes the rows they
return, inside one transaction that holds the user's sequence.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import NamedTuple

import msgspec

from sync.ops import Op

_encode = msgspec.json.Encoder().encode
_op_decoder = msgspec.json.Decoder(Op)


class Usage(NamedTuple):
    """What one user's log holds: its last sequence number (= its ops) and their bytes."""

    last_seq: int
    stored_bytes: int


class Quota(NamedTuple):
    """The most one user's log may hold."""

    max_ops: int
    max_bytes: int


class QuotaExceeded(Exception):
    """A batch would take the user's log past its quota; nothing of it is stored."""

    def __init__(self, usage: Usage, adding: Usage, quota: Quota) -> None:
        super().__init__(
            f"quota: this account holds {usage.last_seq:,} ops ({usage.stored_bytes:,} bytes); this batch adds"
            f" {adding.last_seq:,} ({adding.stored_bytes:,} bytes) and the most one account may hold is"
            f" {quota.max_ops:,} ops or {quota.max_bytes:,} bytes"
        )
        self.usage = usage
        self.adding = adding
        self.quota = quota


def check_quota(usage: Usage, batch: Batch, quota: Quota) -> None:
    """``QuotaExceeded`` if ``batch`` would take the log past ``quota``."""
    adding = Usage(len(batch.ops), batch.size)
    if usage.last_seq + adding.last_seq > quota.max_ops or usage.stored_bytes + adding.stored_bytes > quota.max_bytes:
        raise QuotaExceeded(usage, adding, quota)


class ReusedHlc(Exception):
    """An op reuses a stored hlc (or one sent earlier in its batch) with other content."""

    def __init__(self, index: int, hlc: str) -> None:
        super().__init__(f"hlc {hlc} is already stored with other content")
        self.index = index
        self.hlc = hlc


class LogEntry(NamedTuple):
    """A row of a user's log as the store reads it: its place, its clock, and the op's JSON."""

    seq: int
    hlc: str
    op: bytes


class LogSlice(NamedTuple):
    """Up to a page of consecutive log rows, read whole: how many, the last one's sequence
    number (0 when none), and their ops' JSON joined with commas (an array's inside)."""

    op_count: int
    last_seq: int
    ops: bytes


# What a stored hlc names: the op's JSON as the log keeps it.
Content = bytes


class Page(NamedTuple):
    cursor: int
    ops: msgspec.Raw  # a JSON array of the ops, as the log keeps them
    op_count: int
    more: bool


def newest_per_field(ops: Sequence[Op]) -> Sequence[Op]:
    """Of the ops that set one field, only the one with the greatest hlc, in first-seen order.

    The state table keeps each field's newest value, so older ops of the same batch would only
    be written to be overwritten (a phone that logged 50 edits of one note offline sends 50).
    ``ops`` itself when every op sets a field of its own.
    """
    newest: dict[tuple[str, str, str], Op] = {}
    for op in ops:
        key = (op.entity, op.entity_id, op.field)
        held = newest.get(key)
        if held is None or op.hlc > held.hlc:
            newest[key] = op
    return ops if len(newest) == len(ops) else list(newest.values())


class Batch(NamedTuple):
    """A batch's ops with everything the store writes of them, made before the store is asked
    what it holds (on the event loop, not in the writer every request waits for)."""

    ops: Sequence[Op]  # to append, in batch order
    size: int  # the bytes of the ops' JSON, as the log keeps them (and a quota counts them)
    ops_json: str  # the ops as one JSON array, for the store to take apart in SQL
    newest_json: str  # newest_per_field(ops) as one JSON array: what the state table takes
    repeats: bool  # whether some hlc comes twice


def batch_of(ops: Sequence[Op], *, repeats: bool = False) -> Batch:
    # One call encodes them all; each op's JSON in the array is what encoding it alone gives.
    array = _encode(ops)
    newest = newest_per_field(ops)
    ops_json = array.decode()
    newest_json = ops_json if newest is ops else _encode(newest).decode()
    size = len(array) - 2 - max(len(ops) - 1, 0)  # less the brackets and the commas
    return Batch(ops, size, ops_json, newest_json, repeats)


def encode_batch(ops: Sequence[Op]) -> Batch:
    """A batch as it is appended when the log holds none of its ops yet."""
    return batch_of(ops, repeats=len({op.hlc for op in ops}) < len(ops))


def _same_op(stored: bytes, sent: Op, sent_json: bytes) -> bool:
    # Equal text is the same op; other text may still be (a log written by another encoder
    # spaces or escapes it otherwise), so it is compared as an op.
    return stored == sent_json or _op_decoder.decode(stored).same_content(sent)


def plan_batch(batch: Batch, stored: Mapping[str, Content]) -> Batch:
    """The ops of ``batch`` that are not stored yet, in batch order (``batch`` itself when
    that is all of them).

    ``stored`` maps each hlc of the batch that the log already holds to what
    it names there. An op repeating a stored op (or one sent earlier in the batch)
    exactly is skipped, as a retry; an op reusing an hlc with other content raises
    ``ReusedHlc``, naming the first such op, so nothing of the batch is stored.
    """
    if not stored and not batch.repeats:
        return batch
    seen = dict(stored)
    kept: list[Op] = []
    for index, op in enumerate(batch.ops):
        this = _encode(op)
        known = seen.get(op.hlc)
        if known is None:
            seen[op.hlc] = this
            kept.append(op)
        elif not _same_op(known, op, this):
            raise ReusedHlc(index, op.hlc)
    return batch if len(kept) == len(batch.ops) else batch_of(kept)


def read_window(limit: int, own: Collection[str]) -> int:
    """How many log rows to read to cut one page: enough to fill ``limit`` even if
    every one of ``own`` lies among them, and one more to learn whether anything
    lies beyond."""
    return limit + len(own) + 1


def _array(ops: Sequence[bytes] | bytes) -> msgspec.Raw:
    return msgspec.Raw(b"[" + (ops if isinstance(ops, bytes) else b",".join(ops)) + b"]")


def cut_page(entries: Sequence[LogEntry], *, since: int, limit: int, own: Collection[str], last_seq: int) -> Page:
    """The answer to a pull: ops after ``since`` in log order, at most ``limit``.

    ``entries`` are the rows after ``since`` and up to where this request's own
    batch was appended, at most ``read_window`` of them, in sequence order.
    The device's own ops (``own``: those of the batch it just sent that the log
    held already, as a retry's) are not sent back, but the cursor moves past them.
    When the page is not full the device has seen everything: the cursor moves
    to ``last_seq``, past what this request appended too, so an up-to-date device
    reads nothing back.
    """
    found: list[bytes] = []
    cursor = since
    for entry in entries:
        if entry.hlc in own:
            cursor = entry.seq
            continue
        if len(found) == limit:
            return Page(cursor, _array(found), len(found), more=True)
        found.append(entry.op)
        cursor = entry.seq
    return Page(last_seq, _array(found), len(found), more=False)


def slice_page(rows: LogSlice, *, limit: int, upto: int, last_seq: int) -> Page:
    """``cut_page`` when none of the device's own ops can lie in the window (nothing of its
    batch was stored before), from ``rows``: at most ``limit`` rows after the cursor, read
    whole by the store. Sequence numbers run without gaps, so a full slice that stops
    before ``upto`` leaves more to read."""
    more = rows.op_count == limit and rows.last_seq < upto
    return Page(rows.last_seq if more else last_seq, _array(rows.ops), rows.op_count, more)
