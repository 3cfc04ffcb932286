-- The booking identifies nobody: no name, no contact data, no free text (design.md).
CREATE TABLE bookings (
    id INTEGER PRIMARY KEY,
    code_hash BLOB NOT NULL UNIQUE,          -- HMAC-SHA-256 of the booking code
    unit TEXT NOT NULL,
    site TEXT NOT NULL,
    advisor TEXT NOT NULL,
    start_at INTEGER NOT NULL,               -- Unix seconds, UTC
    end_at INTEGER NOT NULL,
    channel TEXT NOT NULL CHECK (channel IN ('phone', 'video')),
    platform TEXT NOT NULL DEFAULT '',
    hosting TEXT NOT NULL DEFAULT '' CHECK (hosting IN ('', 'parent', 'unit')),
    language TEXT NOT NULL DEFAULT '',
    interpreter_requested INTEGER NOT NULL CHECK (interpreter_requested IN (0, 1)),
    interpreter INTEGER NOT NULL CHECK (interpreter IN (0, 1)),
    topic TEXT NOT NULL DEFAULT '',
    parent_role TEXT NOT NULL CHECK (parent_role IN ('mother', 'father', 'other', 'unspecified')),
    status TEXT NOT NULL CHECK (status IN ('booked', 'cancelled')),
    calendar_uid TEXT NOT NULL UNIQUE,
    sequence INTEGER NOT NULL DEFAULT 0,
    CHECK (end_at > start_at)
);
CREATE INDEX bookings_by_unit_and_start ON bookings (unit, start_at);

-- An advisor's time in five-minute blocks. The primary key makes double booking impossible:
-- two conversations (with their buffers) that overlap for the same advisor would claim the
-- same block, and the second insert fails inside its transaction.
CREATE TABLE advisor_claims (
    unit TEXT NOT NULL,
    advisor TEXT NOT NULL,
    block INTEGER NOT NULL,                  -- Unix minutes / 5
    booking_id INTEGER NOT NULL REFERENCES bookings (id) ON DELETE CASCADE,
    PRIMARY KEY (unit, advisor, block)
) WITHOUT ROWID;
CREATE INDEX advisor_claims_by_booking ON advisor_claims (booking_id);

-- The phone number or join link, sealed with AES-256-GCM under a key that is never in this
-- file, and destroyed once the conversation is over.
CREATE TABLE sealed_contacts (
    booking_id INTEGER PRIMARY KEY REFERENCES bookings (id) ON DELETE CASCADE,
    key_id TEXT NOT NULL,
    sealed BLOB NOT NULL,
    destroy_after INTEGER NOT NULL           -- Unix seconds, UTC
);
CREATE INDEX sealed_contacts_by_destroy_after ON sealed_contacts (destroy_after);
