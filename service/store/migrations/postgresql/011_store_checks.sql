-- PostgreSQL twin of ../011_store_checks.sql: the row the readiness check rewrites.
CREATE TABLE store_checks (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    checked_at BIGINT NOT NULL               -- Unix milliseconds
);
