-- Meetings the unit hosts for a booking on its own platform account. The join link is the
-- booking's sealed contact like a parent's own link; this holds only the provider's meeting id
-- and the time the meeting was made for, so that moving the booking moves the meeting and
-- cancelling it deletes the meeting. Dropped with the contact after the conversation.
CREATE TABLE hosted_meetings (
    booking_id INTEGER PRIMARY KEY REFERENCES bookings (id),
    platform TEXT NOT NULL,
    meeting_id TEXT NOT NULL,
    start_at INTEGER NOT NULL,               -- Unix seconds, UTC
    end_at INTEGER NOT NULL
);
