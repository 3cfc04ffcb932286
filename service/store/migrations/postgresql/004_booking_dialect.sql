-- PostgreSQL twin of ../004_booking_dialect.sql: the dialect the parent asked the interpreter
-- to speak, one of the catalogue's fixed identifiers, never free text.
ALTER TABLE bookings ADD COLUMN dialect TEXT NOT NULL DEFAULT '';
