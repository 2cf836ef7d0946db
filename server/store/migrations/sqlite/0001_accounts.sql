-- Users, their devices (a token is stored only as its SHA-256) and failed sign-ins.
CREATE TABLE users (
    uid INTEGER PRIMARY KEY,
    user_id TEXT NOT NULL UNIQUE,
    username TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    last_seq INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE devices (
    device_id TEXT PRIMARY KEY,
    uid INTEGER NOT NULL REFERENCES users(uid),
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    last_sync_at TEXT,
    revoked INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX devices_by_user ON devices(uid);
CREATE TABLE login_failures (
    username TEXT NOT NULL,
    address TEXT NOT NULL,
    at_ms INTEGER NOT NULL
);
CREATE INDEX login_failures_by_username ON login_failures(username, at_ms);
CREATE INDEX login_failures_by_address ON login_failures(address, at_ms);
