-- One row that the readiness check (/readyz) rewrites: a commit that reaches the file proves
-- the store can take bookings, where an empty transaction would not notice a full disk or a
-- read-only file system.
CREATE TABLE store_checks (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    checked_at INTEGER NOT NULL              -- Unix milliseconds
);
