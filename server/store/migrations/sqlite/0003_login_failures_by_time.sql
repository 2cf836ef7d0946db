-- Expired attempts are deleted on every sign-in; without this, each delete scans the table.
CREATE INDEX login_failures_by_time ON login_failures(at_ms);
