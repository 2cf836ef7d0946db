-- What each user's log takes, kept with last_seq so a quota is checked without reading the log.
ALTER TABLE users ADD COLUMN stored_bytes BIGINT NOT NULL DEFAULT 0;
UPDATE users SET stored_bytes = (
    SELECT COALESCE(SUM(
        octet_length(hlc) + octet_length(entity) + octet_length(entity_id) + octet_length(field) + octet_length(value)
    ), 0)
    FROM ops WHERE ops.uid = users.uid
);
