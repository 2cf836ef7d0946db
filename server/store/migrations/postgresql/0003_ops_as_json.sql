-- The log keeps each op as the JSON a pull sends back, so a page is its rows' text joined,
-- not five columns turned into objects and encoded again. The clock is read from that JSON
-- by the index that makes a retry idempotent, not kept a second time in a column of its own.
-- (The json type keeps the text as it came.) A quota's bytes are the JSON's.
CREATE TABLE ops_as_json (
    uid BIGINT NOT NULL,
    seq BIGINT NOT NULL,
    op JSON NOT NULL,
    PRIMARY KEY (uid, seq)
);
INSERT INTO ops_as_json (uid, seq, op)
    SELECT uid, seq, json_build_object('hlc', hlc, 'entity', entity, 'entity_id', entity_id, 'field', field, 'value', value::json)
    FROM ops ORDER BY uid, seq;
DROP TABLE ops;
ALTER TABLE ops_as_json RENAME TO ops;
ALTER INDEX ops_as_json_pkey RENAME TO ops_pkey;
CREATE UNIQUE INDEX ops_by_hlc ON ops (uid, (op ->> 'hlc'));
UPDATE users SET stored_bytes = (SELECT COALESCE(SUM(octet_length(op::text)), 0) FROM ops WHERE ops.uid = users.uid);
