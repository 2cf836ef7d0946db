-- What each user's log takes, kept with last_seq so a quota is checked without reading the log.
ALTER TABLE users ADD COLUMN stored_bytes INTEGER NOT NULL DEFAULT 0;
UPDATE users SET stored_bytes = (
    SELECT COALESCE(SUM(
        length(CAST(hlc AS BLOB)) + length(CAST(entity AS BLOB)) + length(CAST(entity_id AS BLOB))
        + length(CAST(field AS BLOB)) + length(CAST(value AS BLOB))
    ), 0)
    FROM ops WHERE ops.uid = users.uid
);
