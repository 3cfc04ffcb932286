-- The dialect the parent asked the interpreter to speak: one of the catalogue's fixed
-- identifiers for the booking's language (service/core/languages.cpp), never free text;
-- '' when none was asked for.
ALTER TABLE bookings ADD COLUMN dialect TEXT NOT NULL DEFAULT '';
