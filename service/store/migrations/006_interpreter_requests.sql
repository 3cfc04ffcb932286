-- The parent's wish for the interpreter's gender, if any: part of the order, never of a person.
ALTER TABLE bookings ADD COLUMN interpreter_gender TEXT NOT NULL DEFAULT ''
    CHECK (interpreter_gender IN ('', 'female', 'male'));

-- Interpreter orders to an agency, opened in the same transaction as the booking that needs
-- one. A row holds only what an agency may know: language, competence, how the interpreter
-- works, the time and the unit's reference (IR-<id>), never anything about the parent. A
-- re-request after a decline or no answer is a new row; moving the booking moves the open one.
CREATE TABLE interpreter_requests (
    id INTEGER PRIMARY KEY,
    booking_id INTEGER NOT NULL REFERENCES bookings (id),
    unit TEXT NOT NULL,
    agency TEXT NOT NULL CHECK (agency IN ('email', 'http')),
    language TEXT NOT NULL,
    dialect TEXT NOT NULL DEFAULT '',
    competence TEXT NOT NULL CHECK (competence IN ('authorised', 'trained', 'other')),
    competence_required INTEGER NOT NULL CHECK (competence_required IN (0, 1)),
    gender TEXT NOT NULL DEFAULT '' CHECK (gender IN ('', 'female', 'male')),
    modes TEXT NOT NULL,                     -- 'phone' or 'video,phone': in order of preference
    start_at INTEGER NOT NULL,               -- Unix seconds, UTC
    end_at INTEGER NOT NULL,
    answer_by INTEGER NOT NULL,              -- the agency's latest answer; then it expires
    status TEXT NOT NULL DEFAULT 'requested'
        CHECK (status IN ('requested', 'confirmed', 'declined', 'expired', 'cancelled')),
    agency_id TEXT NOT NULL DEFAULT '',      -- the agency's own id for it (http agencies)
    interpreter_reference TEXT NOT NULL DEFAULT '',
    joins_by TEXT NOT NULL DEFAULT '' CHECK (joins_by IN ('', 'phone', 'video')),
    -- The interpreter's phone number from a confirmation, sealed like the parent's contact and
    -- destroyed with it.
    phone_key_id TEXT NOT NULL DEFAULT '',
    sealed_phone BLOB,
    calendar_uid TEXT NOT NULL UNIQUE,       -- the agency's calendar copy (email agencies)
    sequence INTEGER NOT NULL DEFAULT 0,
    polled_at INTEGER NOT NULL DEFAULT 0,    -- Unix seconds of the last status poll (http)
    CHECK (end_at > start_at)
);
CREATE INDEX interpreter_requests_by_booking ON interpreter_requests (booking_id);
CREATE INDEX interpreter_requests_open ON interpreter_requests (status, answer_by);
CREATE INDEX interpreter_requests_by_start ON interpreter_requests (unit, start_at);

-- Messages to an agency go through the same outbox as advisors' invitations; they name the
-- request (and no advisor).
ALTER TABLE outbox ADD COLUMN interpreter_request_id INTEGER REFERENCES interpreter_requests (id);
CREATE INDEX outbox_by_interpreter_request ON outbox (interpreter_request_id);

-- Agency callbacks already acted on, so that a replayed one is refused. Kept a little longer
-- than a callback's timestamp is accepted.
CREATE TABLE agency_events (
    unit TEXT NOT NULL,
    event_id TEXT NOT NULL,
    signature TEXT NOT NULL UNIQUE,
    received_at INTEGER NOT NULL,            -- Unix seconds
    PRIMARY KEY (unit, event_id)
) WITHOUT ROWID;
CREATE INDEX agency_events_by_time ON agency_events (received_at);
