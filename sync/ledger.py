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


def row_bytes(rows: Sequence[NewRow]) -> int:
    """What ``rows`` take in the log: the bytes of their ops' JSON."""
    return sum(len(row.op) for row in rows)


def check_quota(usage: Usage, batch: Batch, quota: Quota) -> None:
    """``QuotaExceeded`` if ``batch`` would take the log past ``quota``."""
    adding = Usage(len(batch.rows), batch.size)
    if usage.last_seq + adding.last_seq > quota.max_ops or usage.stored_bytes + adding.stored_bytes > quota.max_bytes:
        raise QuotaExceeded(usage, adding, quota)


class ReusedHlc(Exception):
    """An op reuses a stored hlc (or one sent earlier in its batch) with other content."""

    def __init__(self, index: int, hlc: str) -> None:
        super().__init__(f"hlc {hlc} is already stored with other content")
        self.index = index
        self.hlc = hlc


class NewRow(NamedTuple):
    """An op to append. ``op`` is its JSON, as the log keeps it and a pull sends it back; the
    other fields are what the state table and ``newest_per_field`` need of it."""

    hlc: str
    entity: str
    entity_id: str
    field: str
    op: bytes


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


def newest_per_field(rows: Sequence[NewRow]) -> Sequence[NewRow]:
    """Of the rows that name one field, only the one with the greatest hlc, in first-seen order.

    The state table keeps each field's newest value, so older rows of the same batch would only
    be written to be overwritten (a phone that logged 50 edits of one note offline sends 50).
    ``rows`` itself when every row names a field of its own.
    """
    newest: dict[tuple[str, str, str], NewRow] = {}
    for row in rows:
        key = (row.entity, row.entity_id, row.field)
        held = newest.get(key)
        if held is None or row.hlc > held.hlc:
            newest[key] = row
    return rows if len(newest) == len(rows) else list(newest.values())


class Batch(NamedTuple):
    """A batch's ops as rows, with everything the store writes of them, made before the store
    is asked what it holds (on the event loop, not in the writer every request waits for)."""

    rows: Sequence[NewRow]  # in batch order
    newest: Sequence[NewRow]  # newest_per_field(rows): what the state table takes
    size: int  # row_bytes(rows)
    rows_json: str  # the rows' ops as one JSON array, for the store to take apart in SQL
    newest_json: str
    repeats: bool  # whether some hlc comes twice


def _json_array(rows: Sequence[NewRow]) -> str:
    return (b"[%b]" % b",".join(row.op for row in rows)).decode()


def batch_of(rows: Sequence[NewRow], *, repeats: bool = False) -> Batch:
    newest = newest_per_field(rows)
    rows_json = _json_array(rows)
    newest_json = rows_json if newest is rows else _json_array(newest)
    return Batch(rows, newest, row_bytes(rows), rows_json, newest_json, repeats)


def encode_batch(ops: Sequence[Op]) -> Batch:
    """Every op of a batch as a row: what it appends when the log holds none of them yet."""
    rows = [NewRow(op.hlc, op.entity, op.entity_id, op.field, _encode(op)) for op in ops]
    return batch_of(rows, repeats=len({row.hlc for row in rows}) < len(rows))


def _same_op(stored: bytes, sent: bytes) -> bool:
    # Equal text is the same op; other text may still be (a log written by another encoder
    # spaces or escapes it otherwise), so it is compared as an op.
    return stored == sent or _op_decoder.decode(stored).same_content(_op_decoder.decode(sent))


def plan_batch(batch: Batch, stored: Mapping[str, Content]) -> Batch:
    """The rows of ``batch`` that are not stored yet, in batch order (``batch`` itself when
    that is all of them).

    ``stored`` maps each hlc of the batch that the log already holds to what
    it names there. An op repeating a stored op (or one sent earlier in the batch)
    exactly is skipped, as a retry; an op reusing an hlc with other content raises
    ``ReusedHlc``, naming the first such op, so nothing of the batch is stored.
    """
    if not stored and not batch.repeats:
        return batch
    seen = dict(stored)
    rows: list[NewRow] = []
    for index, row in enumerate(batch.rows):
        known = seen.get(row.hlc)
        if known is None:
            seen[row.hlc] = row.op
            rows.append(row)
        elif not _same_op(known, row.op):
            raise ReusedHlc(index, row.hlc)
    return batch if len(rows) == len(batch.rows) else batch_of(rows)


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
