-- PostgreSQL twin of ../003_hosted_meetings.sql.
-- Meetings the unit hosts for a booking on its own platform account: only the provider's
-- meeting id and the time the meeting was made for; the join link is the sealed contact.
CREATE TABLE hosted_meetings (
    booking_id BIGINT PRIMARY KEY REFERENCES bookings (id),
    platform TEXT NOT NULL,
    meeting_id TEXT NOT NULL,
    start_at BIGINT NOT NULL,                -- Unix seconds, UTC
    end_at BIGINT NOT NULL
);
