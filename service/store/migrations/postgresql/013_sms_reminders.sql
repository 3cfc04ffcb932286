-- PostgreSQL twin of ../013_sms_reminders.sql: text-message reminders the day before a phone
-- conversation. A row names nobody: the number is the booking's sealed contact.
CREATE TABLE text_reminders (
    booking_id BIGINT PRIMARY KEY REFERENCES bookings (id) ON DELETE CASCADE,
    language TEXT NOT NULL,                  -- the page language the parent booked in
    due_at BIGINT NOT NULL,                  -- Unix milliseconds: when to send, later on a retry
    status TEXT NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'sending', 'sent', 'dead', 'skipped')),
    attempts INTEGER NOT NULL DEFAULT 0,
    provider_id TEXT NOT NULL DEFAULT '',    -- the provider's id of the message sent (Twilio SID)
    last_error TEXT NOT NULL DEFAULT ''      -- a short class of failure, never a number or text
);
CREATE INDEX text_reminders_due ON text_reminders (status, due_at);
