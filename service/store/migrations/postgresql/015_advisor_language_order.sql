-- The order of an advisor's languages is written by the store (the next position in the unit),
-- as on SQLite, rather than drawn from an identity.
ALTER TABLE advisor_languages ALTER COLUMN position DROP IDENTITY;
ALTER TABLE advisor_languages ALTER COLUMN position SET DEFAULT 0;
