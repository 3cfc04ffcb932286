-- PostgreSQL twin of ../005_dial_jobs.sql: three-way phone calls the service sets up itself.
-- A row names nobody: the numbers are looked up when dialling, the conference name is random.
CREATE TABLE dial_jobs (
    booking_id BIGINT PRIMARY KEY REFERENCES bookings (id),
    conference TEXT NOT NULL,
    due_at BIGINT NOT NULL,                  -- Unix milliseconds: the start, later on a retry
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'dialled', 'dead')),
    attempts INTEGER NOT NULL DEFAULT 0,
    dialled TEXT NOT NULL DEFAULT '',        -- who has been called so far: "advisor parent"
    last_error TEXT NOT NULL DEFAULT ''      -- a short class of failure, never a number
);
CREATE INDEX dial_jobs_due ON dial_jobs (status, due_at);
