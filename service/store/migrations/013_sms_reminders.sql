-- Text-message reminders the day before a phone conversation, for parents who asked for one
-- in a unit with a telephony provider. Written in the same transaction as the booking change,
-- replanned when the booking moves and dropped when it is cancelled. A row names nobody: the
-- number is the booking's sealed contact, opened when sending, and the text is composed then.
CREATE TABLE text_reminders (
    booking_id INTEGER PRIMARY KEY REFERENCES bookings (id) ON DELETE CASCADE,
    language TEXT NOT NULL,                  -- the page language the parent booked in
    due_at INTEGER NOT NULL,                 -- Unix milliseconds: when to send, later on a retry
    -- pending: to send; sending: handed to the provider, answer not yet recorded; sent; dead:
    -- given up; skipped: its moment had passed when the booking was made or moved (a later
    -- move plans it again)
    status TEXT NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'sending', 'sent', 'dead', 'skipped')),
    attempts INTEGER NOT NULL DEFAULT 0,
    provider_id TEXT NOT NULL DEFAULT '',    -- the provider's id of the message sent (Twilio SID)
    last_error TEXT NOT NULL DEFAULT ''      -- a short class of failure, never a number or text
);
CREATE INDEX text_reminders_due ON text_reminders (status, due_at);
