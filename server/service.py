"""What the API does, apart from HTTP: accounts, devices, sync and reads.

Routes parse requests and call one method here; each method validates values
(422), talks to the store, and raises ``ApiError`` for every refusal.
"""

from __future__ import annotations

import asyncio
import math
import re
import time
from collections.abc import Awaitable, Callable, Collection, Iterable, Iterator
from datetime import UTC, datetime
from typing import NamedTuple, TypeVar

import msgspec

from server import auth
from server.decoding import BadShape
from server.errors import ApiError
from server.progression import Program, verdict_from_fields, verdict_json
from server.settings import Settings
from server.store import (
    AuthDevice,
    DeviceRecord,
    DeviceRevoked,
    LedgerTransaction,
    LogReader,
    Store,
    SyncReads,
    UsernameTaken,
)
from server.verdicts import VerdictCache
from server.wire import (
    DeviceCreated,
    SessionPage,
    SyncBatch,
    SyncRequest,
    SyncResponse,
    decode_cursor,
    decode_op,
    decode_sync_batch,
    decode_sync_request,
    encode_cursor,
)
from sync.ledger import (
    Batch,
    LogSlice,
    Page,
    Quota,
    QuotaExceeded,
    ReusedHlc,
    check_quota,
    cut_page,
    encode_batch,
    plan_batch,
    read_window,
    slice_page,
)
from sync.ops import ClockAhead, ForeignNode, Op, OpRejected, OpValidator, clocks_and_ids_hold
from sync.reduce import (
    ExerciseView,
    SessionKey,
    SessionView,
    group_fields,
    reduce_exercises,
    reduce_state,
    session_page,
)
from sync.values import is_encodable_text, is_uuid

T = TypeVar("T")

# Sessions made and sent at a time when GET /api/v1/sessions streams all of them.
STREAM_PAGE = 200

# For the storage tests and tools that drive the ledger directly.
UNLIMITED = Quota(max_ops=2**62, max_bytes=2**62)

_USERNAME = re.compile(r"[a-z0-9_.-]{3,64}")


def utc_now() -> str:
    """The current time as RFC 3339 UTC with milliseconds."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def now_ms() -> int:
    return time.time_ns() // 1_000_000


def _check_password(password: str) -> None:
    if not is_encodable_text(password):
        raise ApiError(422, "password: holds an unpaired surrogate")
    length = len(auth.normalized(password))  # what is hashed
    if not 8 <= length <= 256:
        raise ApiError(422, f"password: must be 8 to 256 characters, got {length}")
    if not password.strip():
        raise ApiError(422, "password: must not be only spaces")


def _check_username(username: str) -> None:
    if _USERNAME.fullmatch(username) is None:
        raise ApiError(422, "username: must be 3 to 64 characters of a-z, 0-9, '_', '.', '-'")


def _token_hash(authorization: str | None) -> str:
    """The hash of a ``Bearer`` token, or "" when the header holds none."""
    scheme, _, token = (authorization or "").partition(" ")
    return auth.hash_token(token.strip()) if scheme.lower() == "bearer" and token.strip() else ""


def _sign_in_again() -> ApiError:
    return ApiError(401, "missing or invalid bearer token; sign in again", headers={"WWW-Authenticate": "Bearer"})


class Appended(NamedTuple):
    """What a sync's transaction leaves for its reply: where its batch began in the log, where
    the log ends now, and which of its ops the log held before (a retry's)."""

    before: int
    last_seq: int
    held: Collection[str]


def append_batch(tx: LedgerTransaction, device: AuthDevice, batch: Batch, now: str, quota: Quota) -> Appended:
    """A sync's write, in one transaction: check the device again, append what is new.

    The device is checked inside the transaction: a revocation committed after its
    token was checked must still stop the batch.
    """
    user = device.user_key
    usage = tx.start_sync(device.device_id, user, now)
    if usage is None:
        raise DeviceRevoked(device.device_id)
    stored = tx.stored_content(user, [op.hlc for op in batch.ops])
    new = plan_batch(batch, stored)
    if new.ops:
        check_quota(usage, new, quota)
        tx.append_batch(user, usage.last_seq + 1, new)
    return Appended(usage.last_seq, usage.last_seq + len(new.ops), stored.keys())


def read_reply(log: LogReader, user_key: int, since: int, limit: int, appended: Appended) -> Page:
    """A sync's reply, read once its transaction has committed (outside it, so the user's
    sequence is not held while the page is read): the ops after ``since`` and up to where
    the batch began. Those are committed and never change, so any connection reads the same.
    What the batch appended is the device's own; before it, only the ops the log held
    already are, and without any the page is read whole, its JSON joined by the database.
    """
    before, last_seq = appended.before, appended.last_seq
    if not appended.held:
        return slice_page(log.read_slice(user_key, since, before, limit), limit=limit, upto=before, last_seq=last_seq)
    entries = log.read_ops(user_key, since, before, read_window(limit, appended.held))
    return cut_page(entries, since=since, limit=limit, own=appended.held, last_seq=last_seq)


class SyncMarks:
    """When this process last recorded each device's sync (``last_sync_at``), by the monotonic clock.

    A sync that sends no ops writes nothing of the lifter's, only that moment, which the devices
    list shows. Recorded at most once every ``every_s`` per device, the pages a device reads one
    after the other (a new phone pulling a long history) are read on a reader's connection: no
    wait for the writer and its disk sync on SQLite, no lock on the user's row on PostgreSQL.
    Each instance keeps its own; the least recently marked go beyond ``max_devices``. Touched
    only on the event loop's thread.
    """

    def __init__(self, every_s: float = 60.0, max_devices: int = 50_000) -> None:
        self.every_s = every_s
        self.max_devices = max_devices
        self._marked: dict[str, float] = {}

    def recent(self, device_id: str) -> bool:
        marked = self._marked.get(device_id)
        return marked is not None and time.monotonic() - marked < self.every_s

    def note(self, device_id: str) -> None:
        self._marked.pop(device_id, None)
        self._marked[device_id] = time.monotonic()  # re-inserted: most recently marked last
        while len(self._marked) > self.max_devices:
            del self._marked[next(iter(self._marked))]


def read_only_reply(store: Store, device: AuthDevice, since: int, limit: int) -> Page:
    """A sync of no ops, read on a reader's connection: the device is checked there (a revoked
    one is refused as in a transaction) and the page ends where the log ends as it is read."""
    last_seq = store.live_last_seq(device.device_id, device.user_key)
    if last_seq is None:
        raise DeviceRevoked(device.device_id)
    return read_reply(store, device.user_key, since, limit, Appended(last_seq, last_seq, ()))


async def sync_batch(
    store: Store,
    device: AuthDevice,
    batch: Batch,
    since: int,
    limit: int,
    now: str,
    quota: Quota = UNLIMITED,
    marks: SyncMarks | None = None,
) -> Page:
    """One sync round trip: the batch's transaction, then its reply (in a thread, when there is
    anything to read: a reader's connection, not the writer). Without ops, and with the device's
    sync recorded recently (``marks``), no transaction at all."""
    if marks is not None and not batch.ops and marks.recent(device.device_id):
        return await asyncio.to_thread(read_only_reply, store, device, since, limit)
    reads = SyncReads(device.device_id, device.user_key, [op.hlc for op in batch.ops])
    appended = await store.transact(lambda tx: append_batch(tx, device, batch, now, quota), reads)
    if marks is not None:
        marks.note(device.device_id)
    if since >= appended.before:
        # The device had seen the whole log before its batch (as one pushing what it just logged has).
        return slice_page(LogSlice(0, 0, b""), limit=limit, upto=appended.before, last_seq=appended.last_seq)
    return await asyncio.to_thread(read_reply, store, device.user_key, since, limit, appended)


class Hinge:
    def __init__(self, settings: Settings, store: Store, program: Program) -> None:
        self.settings = settings
        self.store = store
        self.program = program
        self.program_json = program.to_json()
        self.validator = OpValidator(program.catalog())
        self.passwords = auth.Passwords(time_cost=settings.password_time_cost, memory_kib=settings.password_memory_kib)
        self.signups = auth.SignUpLimit(settings.max_signups_per_address, settings.signup_window_s)
        self.verdicts = VerdictCache()
        self.sync_tokens: auth.KnownTokens[AuthDevice] = auth.KnownTokens()
        self.sync_marks = SyncMarks()
        self.quota = Quota(max_ops=settings.max_ops_per_user, max_bytes=settings.max_bytes_per_user)

    # Accounts and devices

    async def create_account(self, username: str, password: str, address: str) -> str:
        _check_username(username)
        _check_password(password)
        wait_s = self.signups.wait_s(address)
        if wait_s > 0:
            raise ApiError(
                429,
                "too many new accounts from this address; try again later",
                headers={"Retry-After": str(math.ceil(wait_s))},
            )
        password_hash = await self._hashing(
            self.passwords.hashed(password, max_queued=self.settings.max_queued_hashes // 2)
        )
        try:
            return await asyncio.to_thread(self.store.create_user, username, password_hash, utc_now())
        except UsernameTaken:
            raise ApiError(409, f"username: {username!r} is taken") from None

    async def sign_in(self, username: str, password: str, name: str, address: str) -> DeviceCreated:
        if not 1 <= len(name) <= 64 or not is_encodable_text(name):
            raise ApiError(422, "name: must be 1 to 64 characters")
        now = now_ms()
        # An impossible username can't be anyone's: count it against the address only.
        counted_as = username if _USERNAME.fullmatch(username) else ""
        limits = (self.settings.max_failures_per_username, self.settings.max_failures_per_address)
        window_start = now - self.settings.login_window_s * 1000
        attempt = await asyncio.to_thread(
            self.store.reserve_login_attempt, counted_as, address, now, window_start, limits
        )
        if attempt is None:
            raise ApiError(
                429,
                "too many failed sign-ins; wait 15 minutes and try again",
                headers={"Retry-After": str(self.settings.login_window_s)},
            )
        user = await asyncio.to_thread(self.store.find_user, counted_as) if counted_as else None
        stored_hash = user.password_hash if user else None
        verifying = self.passwords.verified(stored_hash, password, max_queued=self.settings.max_queued_hashes)
        try:
            verified = await self._hashing(verifying)
        except ApiError:
            # Refused for a busy server, not for a wrong password: it counts as no attempt.
            await asyncio.to_thread(self.store.release_login_attempt, attempt)
            raise
        if not verified or user is None:
            raise ApiError(401, "wrong username or password")
        token, device_id = auth.new_token(), auth.new_device_id()
        await asyncio.to_thread(self._add_device, attempt, user.user_key, device_id, name, token)
        return DeviceCreated(token=token, device_id=device_id)

    def _add_device(self, attempt: int, user_key: int, device_id: str, name: str, token: str) -> None:
        self.store.release_login_attempt(attempt)  # a success is not a failure
        self.store.create_device(user_key, device_id, name, auth.hash_token(token), utc_now())

    @staticmethod
    async def _hashing(work: Awaitable[T]) -> T:
        """The pool's answer, or 503 with Retry-After when its queue is full."""
        try:
            return await work
        except auth.PasswordsBusy:
            raise ApiError(
                503, "busy: too many sign-ins and sign-ups at once; try again in a moment", headers={"Retry-After": "2"}
            ) from None

    def authenticate(self, authorization: str | None) -> AuthDevice:
        device = None
        token_hash = _token_hash(authorization)
        if token_hash:
            device = self.store.device_for_token(token_hash)
        if device is None:
            raise _sign_in_again()
        return device

    async def authenticate_sync(self, authorization: str | None) -> AuthDevice:
        """``authenticate`` for ``sync``, which checks the device again in its transaction.

        A token seen before costs no lookup; a new one is looked up in a thread, since on
        PostgreSQL that is a round trip that must not hold up the event loop.
        """
        token_hash = _token_hash(authorization)
        device = self.sync_tokens.get(token_hash) if token_hash else None
        if device is None:
            device = await asyncio.get_running_loop().run_in_executor(None, self.authenticate, authorization)
            self.sync_tokens.remember(token_hash, device)
        return device

    def list_devices(self, device: AuthDevice) -> list[DeviceRecord]:
        return self.store.list_devices(device.user_key)

    def revoke_device(self, device: AuthDevice, device_id: str) -> None:
        if not self.store.revoke_device(device.user_key, device_id):
            raise ApiError(404, f"device_id: no device {device_id!r} of yours")

    # Sync

    async def sync(self, device: AuthDevice, body: bytes) -> SyncResponse:
        """Check and encode the batch on the event loop, store it in one transaction, then read the reply."""
        request: SyncBatch | SyncRequest | None = decode_sync_batch(body)
        if request is None:
            request = decode_sync_request(body)
        if len(request.ops) > self.settings.max_ops_per_batch:
            raise ApiError(
                413,
                f"ops: at most {self.settings.max_ops_per_batch} ops per batch, got {len(request.ops)}",
                op_index=None,
            )
        server_time = now_ms()
        validate = self.validator.validate
        if isinstance(request, SyncBatch):
            decoded: Iterable[Op] = request.ops
            if clocks_and_ids_hold(request.ops, device_id=device.device_id, now_ms=server_time):
                validate = self.validator.validate_value
        else:
            decoded = (decode_op(raw, index) for index, raw in enumerate(request.ops))
        ops, rejection = self._check_batch(device, decoded, server_time, validate)
        try:
            if rejection is not None:
                # No transaction rechecks the device on this path: a remembered token must not
                # let a revoked device learn what the log holds from the refusal.
                if not any(known.device_id == device.device_id for known in self.list_devices(device)):
                    raise DeviceRevoked(device.device_id)
                # The first bad op in batch order decides, so an earlier reused hlc wins.
                plan_batch(encode_batch(ops), self.store.stored_content(device.user_key, [op.hlc for op in ops]))
                raise rejection
            now = utc_now()
            quota = self.quota
            batch = encode_batch(ops)  # here, so that the writer every request waits for does less
            page = await sync_batch(
                self.store, device, batch, request.since, request.limit, now, quota, self.sync_marks
            )
        except QuotaExceeded as full:
            usage = {"ops": full.usage.last_seq, "bytes": full.usage.stored_bytes}
            limits = {"ops": full.quota.max_ops, "bytes": full.quota.max_bytes}
            raise ApiError(403, str(full), op_index=None, extra={"quota": {"stored": usage, "limit": limits}}) from None
        except ReusedHlc as conflict:
            raise ApiError(422, f"ops[{conflict.index}].hlc: {conflict}", op_index=conflict.index) from None
        except DeviceRevoked:
            self.sync_tokens.forget_device(device)
            raise _sign_in_again() from None
        return SyncResponse(page.cursor, page.ops, page.more, server_time)

    @staticmethod
    def _check_batch(
        device: AuthDevice, decoded: Iterable[Op], server_time: int, validate: Callable[..., Op]
    ) -> tuple[list[Op], ApiError | None]:
        """The ops before the first bad one, normalised, and that op's refusal if any.

        Shape (400, raised by ``decoded`` at the op that has none), foreign device (403)
        and bad values (422) are all judged op by op, so whichever op comes first in the
        batch decides the status. ``validate`` is the validator's ``validate``, or its
        ``validate_value`` for a batch whose clocks and ids all passed at once.
        """
        checked: list[Op] = []
        try:
            for op in decoded:
                checked.append(validate(op, device_id=device.device_id, now_ms=server_time))
        except BadShape as error:
            return checked, ApiError(400, str(error), op_index=len(checked))
        except OpRejected as rejection:
            status = 403 if isinstance(rejection, ForeignNode) else 422
            extra = {"server_time_ms": rejection.server_time_ms} if isinstance(rejection, ClockAhead) else {}
            return checked, ApiError(
                status, f"ops[{len(checked)}]: {rejection.detail}", op_index=len(checked), extra=extra
            )
        return checked, None

    # Reads

    def exercises(self, device: AuthDevice) -> list[ExerciseView]:
        grouped = group_fields(self.store.load_fields(device.user_key, "exercise"))
        return reduce_exercises(grouped.get("exercise", {}))

    def sessions_page(self, device: AuthDevice, limit: int, cursor: str | None) -> SessionPage:
        """Up to ``limit`` sessions after ``cursor`` in the reads' order, and the cursor to go on from."""
        heads = group_fields(self.store.load_fields(device.user_key, "session")).get("session", {})
        ids, next_key = session_page(heads, None if cursor is None else decode_cursor(cursor), limit)
        found = reduce_state(self.store.load_sessions_fields(device.user_key, ids)) if ids else []
        return SessionPage(sessions=found, next_cursor=None if next_key is None else encode_cursor(next_key))

    def sessions_json(self, device: AuthDevice) -> Iterator[bytes]:
        """Every session as ``{"sessions": [...]}``, made and sent a page at a time, so a long log
        never sits in memory whole (only its sessions' dates do)."""
        heads = group_fields(self.store.load_fields(device.user_key, "session")).get("session", {})
        yield b'{"sessions":['
        after: SessionKey | None = None
        separator = b""
        while True:
            ids, after = session_page(heads, after, STREAM_PAGE)
            if ids:
                page = msgspec.json.encode(reduce_state(self.store.load_sessions_fields(device.user_key, ids)))
                yield separator + page[1:-1]
                separator = b","
            if after is None:
                break
        yield b"]}"

    def progression(self, device: AuthDevice) -> bytes:
        """The verdict on the caller's merged log as JSON, recomputed only when the log moved."""
        from server.progression import profile_units

        # Read the position before the log: a sync landing in between makes the
        # cached verdict newer than its key, never older, so it can't go stale.
        last_seq = self.store.last_seq(device.user_key)

        def compute() -> bytes:
            # The profile's units live in the same log, so a change of units moves last_seq too.
            grouped = group_fields(self.store.load_fields(device.user_key))
            units = profile_units(grouped.get("profile", {}))
            return verdict_json(verdict_from_fields(self.program, grouped["session"], grouped["set"], units))

        return self.verdicts.get_or_compute(device.user_key, last_seq, compute)

    def session(self, device: AuthDevice, session_id: str) -> SessionView:
        found = (
            reduce_state(self.store.load_sessions_fields(device.user_key, [session_id])) if is_uuid(session_id) else []
        )
        if not found:
            raise ApiError(404, f"id: no session {session_id!r}")
        return found[0]
