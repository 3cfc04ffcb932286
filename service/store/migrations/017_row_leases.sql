-- Several instances on one store (issue 19): a due outbox message, dial job or text reminder
-- is claimed by one instance at a time with a lease. The claim writes who holds it (a random
-- token per claim, naming no instance and nobody) and until when (Unix milliseconds); the
-- result is recorded only while that lease is still the holder's. A lease that runs out (its
-- instance died mid-delivery) lets another instance claim the row again. Released: '' and 0.
ALTER TABLE outbox ADD COLUMN lease_holder TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN lease_until INTEGER NOT NULL DEFAULT 0;
ALTER TABLE dial_jobs ADD COLUMN lease_holder TEXT NOT NULL DEFAULT '';
ALTER TABLE dial_jobs ADD COLUMN lease_until INTEGER NOT NULL DEFAULT 0;
ALTER TABLE text_reminders ADD COLUMN lease_holder TEXT NOT NULL DEFAULT '';
ALTER TABLE text_reminders ADD COLUMN lease_until INTEGER NOT NULL DEFAULT 0;

-- The periodic tasks (the purge with its roll-up) that run once per period across instances:
-- the latest period each was started in, set by whichever instance got there first.
CREATE TABLE periodic_runs (
    task TEXT PRIMARY KEY,
    period INTEGER NOT NULL                  -- the period's number: Unix time / its length
);
