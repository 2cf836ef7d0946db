-- The log keeps each op as the JSON a pull sends back, so a page is its rows' text joined,
-- not five columns turned into objects and encoded again. A quota's bytes are that JSON's.
CREATE TABLE ops_as_json (
    uid BIGINT NOT NULL,
    seq BIGINT NOT NULL,
    hlc TEXT COLLATE "C" NOT NULL,
    op TEXT NOT NULL,
    PRIMARY KEY (uid, seq)
);
INSERT INTO ops_as_json (uid, seq, hlc, op)
    SELECT uid, seq, hlc, json_build_object('hlc', hlc, 'entity', entity, 'entity_id', entity_id, 'field', field, 'value', value::json)::text
    FROM ops ORDER BY uid, seq;
DROP TABLE ops;
ALTER TABLE ops_as_json RENAME TO ops;
ALTER INDEX ops_as_json_pkey RENAME TO ops_pkey;
CREATE UNIQUE INDEX ops_by_hlc ON ops(uid, hlc);
UPDATE users SET stored_bytes = (SELECT COALESCE(SUM(octet_length(op)), 0) FROM ops WHERE ops.uid = users.uid);
