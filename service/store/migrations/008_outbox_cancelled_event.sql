-- A cancellation describes the event it cancels as the recipient's calendar has it: when a move
-- hands a booking to another advisor, the former advisor's CANCEL carries the time, site and
-- interpreter need they were sent, not the booking's new ones. Taken from the booking row when
-- the CANCEL is queued; NULL for requests, which always describe the booking as it is.
ALTER TABLE outbox ADD COLUMN event_start_at INTEGER;    -- Unix seconds, UTC
ALTER TABLE outbox ADD COLUMN event_end_at INTEGER;
ALTER TABLE outbox ADD COLUMN event_site TEXT;
ALTER TABLE outbox ADD COLUMN event_interpreter INTEGER;
