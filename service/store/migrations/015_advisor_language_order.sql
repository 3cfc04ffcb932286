-- The order of an advisor's languages (the first is the one they speak best) is kept in a
-- column rather than in SQLite's rowid, so that both engines keep it the same way.
ALTER TABLE advisor_languages ADD COLUMN position INTEGER NOT NULL DEFAULT 0;
UPDATE advisor_languages SET position = rowid;
