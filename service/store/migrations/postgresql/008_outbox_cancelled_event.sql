-- PostgreSQL twin of ../008_outbox_cancelled_event.sql: a CANCEL describes the event as the
-- recipient's calendar has it.
ALTER TABLE outbox ADD COLUMN event_start_at BIGINT;     -- Unix seconds, UTC
ALTER TABLE outbox ADD COLUMN event_end_at BIGINT;
ALTER TABLE outbox ADD COLUMN event_site TEXT;
ALTER TABLE outbox ADD COLUMN event_interpreter INTEGER;
