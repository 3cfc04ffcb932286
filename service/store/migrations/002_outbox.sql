-- Invitations to send, written in the same transaction as the booking change that causes
-- them. A row holds no message text: the worker composes the invitation from the booking and
-- its sealed contact data when it sends, so nothing identifying waits here in the clear.
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    booking_id INTEGER NOT NULL REFERENCES bookings (id),
    advisor TEXT NOT NULL,
    method TEXT NOT NULL CHECK (method IN ('REQUEST', 'CANCEL')),
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'dead', 'superseded')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,        -- Unix milliseconds
    last_error TEXT NOT NULL DEFAULT ''      -- a short class of failure, never message content
);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
CREATE INDEX outbox_by_booking ON outbox (booking_id, advisor);

-- The ETag of the copy of a booking in an advisor's CalDAV calendar, for conditional updates.
CREATE TABLE calendar_copies (
    booking_id INTEGER NOT NULL REFERENCES bookings (id),
    advisor TEXT NOT NULL,
    etag TEXT NOT NULL,
    PRIMARY KEY (booking_id, advisor)
) WITHOUT ROWID;
