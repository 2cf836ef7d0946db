-- Hinge on PostgreSQL. Every per-user table's key starts with uid, so the data partitions
-- by user (the distribution column a sharded PostgreSQL such as Citus would take).
CREATE TABLE users (
    uid BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id TEXT NOT NULL UNIQUE,
    username TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    -- The sync cursor's source: taken with UPDATE ... RETURNING, whose row lock holds to
    -- commit, so one user's sequence numbers commit in order across every instance.
    last_seq BIGINT NOT NULL DEFAULT 0
);
CREATE TABLE devices (
    uid BIGINT NOT NULL REFERENCES users(uid),
    device_id TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    last_sync_at TEXT,
    revoked BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (uid, device_id)
);
CREATE TABLE login_failures (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username TEXT NOT NULL,
    address TEXT NOT NULL,
    at_ms BIGINT NOT NULL
);
CREATE INDEX login_failures_by_username ON login_failures(username, at_ms);
CREATE INDEX login_failures_by_address ON login_failures(address, at_ms);
CREATE INDEX login_failures_by_time ON login_failures(at_ms);
CREATE TABLE ops (
    uid BIGINT NOT NULL,
    seq BIGINT NOT NULL,
    hlc TEXT COLLATE "C" NOT NULL,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    field TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (uid, seq)
);
CREATE UNIQUE INDEX ops_by_hlc ON ops(uid, hlc);
CREATE TABLE state (
    uid BIGINT NOT NULL,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    field TEXT NOT NULL,
    -- "C": clock values compare byte by byte, as in SQLite, Python and JavaScript.
    hlc TEXT COLLATE "C" NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (uid, entity, entity_id, field)
);
CREATE INDEX state_sets_by_session ON state(uid, field, value) WHERE field = 'session_id';
