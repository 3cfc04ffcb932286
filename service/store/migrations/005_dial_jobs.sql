-- Three-way phone calls the service sets up itself: at the start of a phone conversation that
-- needs an interpreter (in a unit with a telephony account) it calls the advisor, the parent
-- and the interpreter into one conference. Written in the same transaction as the booking
-- change, moved with the booking and dropped when it is cancelled. A row names nobody: the
-- numbers are looked up when dialling (the parent's is the booking's sealed contact), and the
-- conference's name is random.
CREATE TABLE dial_jobs (
    booking_id INTEGER PRIMARY KEY REFERENCES bookings (id),
    conference TEXT NOT NULL,                -- random; what the provider calls the conference
    due_at INTEGER NOT NULL,                 -- Unix milliseconds: the start, later on a retry
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'dialled', 'dead')),
    attempts INTEGER NOT NULL DEFAULT 0,
    dialled TEXT NOT NULL DEFAULT '',        -- who has been called so far: "advisor parent"
    last_error TEXT NOT NULL DEFAULT ''      -- a short class of failure, never a number
);
CREATE INDEX dial_jobs_due ON dial_jobs (status, due_at);
