-- ops is each user's append-only log (seq is the sync cursor); state holds the winning
-- value of every field, kept in the same transaction so reads never replay the log.
CREATE TABLE ops (
    uid INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    hlc TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    field TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (uid, seq)
) WITHOUT ROWID;
CREATE UNIQUE INDEX ops_by_hlc ON ops(uid, hlc);
CREATE TABLE state (
    uid INTEGER NOT NULL,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    field TEXT NOT NULL,
    hlc TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (uid, entity, entity_id, field)
) WITHOUT ROWID;
CREATE INDEX state_sets_by_session ON state(uid, field, value) WHERE field = 'session_id';
