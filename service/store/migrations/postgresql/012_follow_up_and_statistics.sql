-- PostgreSQL twin of ../012_follow_up_and_statistics.sql.
-- The parent's follow-up answers (LUFS): the unit, the ISO week and the three answers, nothing
-- else. The key is random. Unlike SQLite's table without rowid, PostgreSQL's heap keeps rows
-- near the order they came in (their ctid), so the store that writes here must not write each
-- answer as it comes (it holds them and writes a week's in random order, or counts them).
CREATE TABLE follow_up_answers (
    id BYTEA PRIMARY KEY,                    -- 16 random bytes
    unit TEXT NOT NULL,
    week TEXT NOT NULL,                      -- '2026-W49'
    right_topics INTEGER CHECK (right_topics BETWEEN 0 AND 5),
    helpful INTEGER CHECK (helpful BETWEEN 0 AND 5),
    easy_to_reach INTEGER CHECK (easy_to_reach BETWEEN 0 AND 5)
);
CREATE INDEX follow_up_answers_by_week ON follow_up_answers (unit, week);

-- That a code has answered: an HMAC of the code under a key derived from the code key.
CREATE TABLE follow_up_marks (
    mark BYTEA PRIMARY KEY
);

-- Booking rows older than the retention, rolled up into monthly counts per unit and dimension.
CREATE TABLE statistics_months (
    unit TEXT NOT NULL,
    month TEXT NOT NULL,                     -- '2026-11', in the unit's time zone
    dimension TEXT NOT NULL,
    value TEXT NOT NULL,
    count BIGINT NOT NULL CHECK (count >= 0),
    PRIMARY KEY (unit, month, dimension, value)
);
