"""The storage contract, without HTTP: each test runs on a real SQLite file and a real PostgreSQL database."""

from __future__ import annotations

import asyncio
import secrets
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import msgspec
import psycopg
import pytest

from server.service import SyncMarks
from server.store import AuthDevice, DeviceRevoked, SqliteStore, Store, UsernameTaken
from server.store.schema import migrations
from sync.ledger import ReusedHlc
from sync.ops import Op
from tests.support.stores import opened, page_ops, sync

SESSION = "00000000-0000-4000-8000-000000000001"
AT = "2026-11-24T00:00:00Z"


@pytest.fixture
def store(tmp_path: Path, database_url: str) -> Iterator[Store]:
    with opened(tmp_path, database_url) as adapter:
        yield adapter


def signed_in(store: Store, username: str = "lifter") -> AuthDevice:
    store.create_user(username, "hash", AT)
    user = store.find_user(username)
    assert user is not None
    device_id = secrets.token_hex(8)
    store.create_device(user.user_key, device_id, "phone", f"token-{device_id}", AT)
    return AuthDevice(device_id, user.user_key)


def op(device: AuthDevice, n: int, value: object = "x", field: str = "notes") -> Op:
    return Op(f"{1764000000000 + n:013d}-0000-{device.device_id}", "session", SESSION, field, value)


def test_a_device_revoked_after_its_token_was_checked_stores_nothing(store: Store) -> None:
    device = signed_in(store)  # what the token check returned a moment ago
    assert store.revoke_device(device.user_key, device.device_id)
    with pytest.raises(DeviceRevoked):
        sync(store, device, [op(device, 1)])
    assert list(store.load_fields(device.user_key)) == []
    assert store.device_for_token(f"token-{device.device_id}") is None


def test_a_device_writes_only_into_its_own_users_log(store: Store) -> None:
    ada, bob = signed_in(store, "ada"), signed_in(store, "bob")
    with pytest.raises(DeviceRevoked):
        sync(store, AuthDevice(bob.device_id, ada.user_key), [op(bob, 1)])
    assert (store.last_seq(ada.user_key), store.last_seq(bob.user_key)) == (0, 0)


def test_a_batch_is_appended_in_order_and_its_pusher_reads_nothing_back(store: Store) -> None:
    device = signed_in(store)
    page = sync(store, device, [op(device, n, n, f"f{n}") for n in range(3)])
    assert (page.cursor, page_ops(page), page.more) == (3, [], False)
    assert store.last_seq(device.user_key) == 3
    store.create_device(device.user_key, "00000000000000b2", "laptop", "token-b2", AT)
    other = AuthDevice("00000000000000b2", device.user_key)
    pulled = sync(store, other, [], since=1, limit=1)
    assert ([o.hlc for o in page_ops(pulled)], pulled.cursor, pulled.more) == ([op(device, 1).hlc], 2, True)


def test_the_latest_hlc_wins_each_field_also_within_one_batch(store: Store) -> None:
    device = signed_in(store)
    sync(store, device, [op(device, 2, "later"), op(device, 1, "earlier")])
    sync(store, device, [op(device, 0, "oldest")])
    assert list(store.load_fields(device.user_key)) == [("session", SESSION, "notes", "later")]


def test_stored_content_names_what_each_stored_hlc_holds(store: Store) -> None:
    device = signed_in(store)
    sync(store, device, [op(device, 1, {"a": [1, 2]})])
    stored = store.stored_content(device.user_key, [op(device, 1).hlc, op(device, 2).hlc])
    assert stored == {op(device, 1).hlc: msgspec.json.encode(op(device, 1, {"a": [1, 2]}))}
    with pytest.raises(ReusedHlc):
        sync(store, device, [op(device, 1, "changed")])
    assert store.last_seq(device.user_key) == 1


def test_usernames_are_unique_and_devices_belong_to_their_user(store: Store) -> None:
    device = signed_in(store)
    with pytest.raises(UsernameTaken):
        store.create_user("lifter", "hash", AT)
    other = signed_in(store, "other")
    assert [d.device_id for d in store.list_devices(device.user_key)] == [device.device_id]
    assert not store.revoke_device(other.user_key, device.device_id)
    assert store.ping()


def test_login_attempts_count_per_username_and_address_and_expire(store: Store) -> None:
    limits = (2, 3)
    assert store.reserve_login_attempt("ada", "1.2.3.4", 100, 0, limits) is not None
    assert store.reserve_login_attempt("ada", "5.6.7.8", 101, 0, limits) is not None
    assert store.reserve_login_attempt("ada", "9.9.9.9", 102, 0, limits) is None  # the username's limit
    assert store.reserve_login_attempt("bob", "1.2.3.4", 103, 0, limits) is not None
    released = store.reserve_login_attempt("cy", "1.2.3.4", 104, 0, limits)
    assert released is not None
    assert store.reserve_login_attempt("dee", "1.2.3.4", 105, 0, limits) is None  # the address's limit
    store.release_login_attempt(released)
    assert store.reserve_login_attempt("dee", "1.2.3.4", 106, 0, limits) is not None
    assert store.reserve_login_attempt("ada", "9.9.9.9", 200, 150, limits) is not None  # the old ones expired


def test_a_database_made_before_the_sql_migration_files_is_taken_over_not_remade(tmp_path: Path) -> None:
    """Databases of the sqlite-utils era recorded their migrations by name; they keep their data."""
    path = tmp_path / "hinge.db"
    old = sqlite3.connect(path)
    for migration in migrations("sqlite")[:3]:  # the three that era had
        old.executescript(migration.sql)
    old.execute("CREATE TABLE _sqlite_migrations (migration_set TEXT, name TEXT, applied_at TEXT)")
    names = ["create_accounts", "create_op_log", "index_login_failures_by_time"]
    old.executemany("INSERT INTO _sqlite_migrations VALUES ('hinge', ?, 'then')", [(name,) for name in names])
    old.execute("INSERT INTO users (user_id, username, password_hash, created_at) VALUES ('u', 'ada', 'h', 'then')")
    old.commit()
    old.close()

    store = SqliteStore(path)
    try:
        assert store.find_user("ada") is not None
    finally:
        store.close()
    with sqlite3.connect(path) as conn:
        versions = [row[0] for row in conn.execute("SELECT version FROM hinge_migrations ORDER BY version")]
    assert versions == [migration.version for migration in migrations("sqlite")]


# A log as it was before migration 0005 (SQLite) and 0003 (PostgreSQL): five text columns per
# op, and the quota's bytes not counted yet. The values are JSON text as an older encoder wrote it.
OLD_ROWS = [
    (1, f"{1764000000001:013d}-0000-00000000000000a1", "session", SESSION, "notes", '"é ✓ \\"quoted\\""'),
    (2, f"{1764000000002:013d}-0000-00000000000000a1", "session", SESSION, "rpe", "8.5"),
    (3, f"{1764000000003:013d}-0000-00000000000000a1", "session", SESSION, "tags", '{"a": [1, 2]}'),
]


def _old_sqlite_log(path: Path) -> None:
    old = sqlite3.connect(path)
    old.execute("CREATE TABLE hinge_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT)")
    for migration in migrations("sqlite")[:3]:
        old.executescript(migration.sql)
        old.execute("INSERT INTO hinge_migrations VALUES (?, ?, 'then')", (migration.version, migration.name))
    old.execute(
        "INSERT INTO users (uid, user_id, username, password_hash, created_at, last_seq)"
        " VALUES (1, 'u', 'ada', 'h', 't', 3)"
    )
    old.executemany("INSERT INTO ops VALUES (1, ?, ?, ?, ?, ?, ?)", OLD_ROWS)
    old.commit()
    old.close()


def _old_postgres_log(url: str) -> None:
    with psycopg.connect(url) as old:
        old.execute("CREATE TABLE hinge_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT)")
        for migration in migrations("postgresql")[:1]:
            old.execute(migration.sql.encode())
            old.execute("INSERT INTO hinge_migrations VALUES (%s, %s, 'then')", (migration.version, migration.name))
        old.execute(
            "INSERT INTO users (user_id, username, password_hash, created_at, last_seq)"
            " VALUES ('u', 'ada', 'h', 't', 3)"
        )
        old.cursor().executemany("INSERT INTO ops VALUES (1, %s, %s, %s, %s, %s, %s)", OLD_ROWS)


def test_a_log_kept_in_columns_is_rewritten_as_json_that_pulls_retries_and_counts_as_before(
    tmp_path: Path, database_url: str
) -> None:
    if database_url:
        _old_postgres_log(database_url)
    else:
        _old_sqlite_log(tmp_path / "hinge.db")
    with opened(tmp_path, database_url) as store:
        user = store.find_user("ada")
        assert user is not None
        store.create_device(user.user_key, "00000000000000a1", "phone", "token-a1", AT)
        store.create_device(user.user_key, "00000000000000b2", "laptop", "token-b2", AT)
        phone, laptop = (AuthDevice(device_id, user.user_key) for device_id in ("00000000000000a1", "00000000000000b2"))
        expected = [
            Op(hlc, entity, entity_id, field, msgspec.json.decode(value))
            for _, hlc, entity, entity_id, field, value in OLD_ROWS
        ]
        assert page_ops(sync(store, laptop, [])) == expected
        # The phone sends the same ops again (it never heard back): a retry, not a clash.
        assert sync(store, phone, expected).cursor == 3
        assert store.last_seq(user.user_key) == 3
        with pytest.raises(ReusedHlc):
            sync(store, phone, [Op(expected[1].hlc, "session", SESSION, "rpe", 9.5)])
        stored = store.stored_content(user.user_key, [op.hlc for op in expected])
        # The quota counts what the log holds now: each op's JSON.
        usage = asyncio.run(store.transact(lambda tx: tx.start_sync(phone.device_id, user.user_key, AT)))
        assert usage == (3, sum(len(op) for op in stored.values()))


def test_a_device_that_synced_a_moment_ago_reads_its_next_pages_without_a_transaction(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    writer, stranger = signed_in(store), signed_in(store, "lifter2")
    store.create_device(writer.user_key, "00000000000000b2", "laptop", "token-b2", AT)
    laptop = AuthDevice("00000000000000b2", writer.user_key)
    sync(store, writer, [op(writer, n, n, f"f{n}") for n in range(5)])
    marks = SyncMarks()
    first = sync(store, laptop, [], since=0, limit=2, marks=marks)  # recorded: a transaction

    async def no_transaction(*_: object) -> None:
        raise AssertionError("a page read after a recent sync opened a transaction")

    monkeypatch.setattr(store, "transact", no_transaction)
    second = sync(store, laptop, [], since=first.cursor, limit=2, marks=marks)
    last = sync(store, laptop, [], since=second.cursor, limit=2, marks=marks)
    pages = [(p.cursor, [o.hlc for o in page_ops(p)], p.more) for p in (first, second, last)]
    hlcs = [op(writer, n).hlc for n in range(5)]
    assert pages == [(2, hlcs[:2], True), (4, hlcs[2:4], True), (5, hlcs[4:], False)]
    with pytest.raises(AssertionError, match="opened a transaction"):
        sync(store, stranger, [], marks=marks)  # another device: not recorded yet
    with pytest.raises(AssertionError, match="opened a transaction"):
        sync(store, laptop, [op(laptop, 9)], since=5, marks=marks)  # ops are always a transaction


def test_a_revoked_device_is_refused_a_page_read_without_a_transaction(store: Store) -> None:
    device = signed_in(store)
    marks = SyncMarks()
    sync(store, device, [op(device, 1)], marks=marks)
    assert store.revoke_device(device.user_key, device.device_id)
    with pytest.raises(DeviceRevoked):
        sync(store, device, [], since=0, marks=marks)
    other = signed_in(store, "other")
    marks.note(other.device_id)
    with pytest.raises(DeviceRevoked):  # nor does a device read another user's log
        sync(store, AuthDevice(other.device_id, device.user_key), [], marks=marks)


def test_a_device_pulling_again_and_again_records_its_sync_once_a_minute(store: Store) -> None:
    device = signed_in(store)
    marks = SyncMarks()
    for now in ("2026-11-24T00:00:01.000Z", "2026-11-24T00:00:02.000Z"):
        sync(store, device, [], now=now, marks=marks)
    assert [d.last_sync_at for d in store.list_devices(device.user_key)] == ["2026-11-24T00:00:01.000Z"]
    sync(store, device, [], now="2026-11-24T00:00:03.000Z", marks=SyncMarks(every_s=0))
    assert [d.last_sync_at for d in store.list_devices(device.user_key)] == ["2026-11-24T00:00:03.000Z"]
