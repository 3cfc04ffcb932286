-- PostgreSQL twin of ../017_row_leases.sql: leases on due outbox messages, dial jobs and text
-- reminders, claimed with FOR UPDATE SKIP LOCKED so that instances claim side by side, and the
-- periodic tasks' latest periods.
ALTER TABLE outbox ADD COLUMN lease_holder TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN lease_until BIGINT NOT NULL DEFAULT 0;
ALTER TABLE dial_jobs ADD COLUMN lease_holder TEXT NOT NULL DEFAULT '';
ALTER TABLE dial_jobs ADD COLUMN lease_until BIGINT NOT NULL DEFAULT 0;
ALTER TABLE text_reminders ADD COLUMN lease_holder TEXT NOT NULL DEFAULT '';
ALTER TABLE text_reminders ADD COLUMN lease_until BIGINT NOT NULL DEFAULT 0;

CREATE TABLE periodic_runs (
    task TEXT PRIMARY KEY,
    period BIGINT NOT NULL
);
