-- The parent's follow-up answers (LUFS): the unit, the ISO week of the conversation and the
-- three answers (1-5, 0 for "don't know", NULL when skipped), nothing else: no booking id, no
-- time. The key is random and the table has no rowid, so the rows' order follows neither the
-- bookings' nor the answers'.
CREATE TABLE follow_up_answers (
    id BLOB PRIMARY KEY,                     -- 16 random bytes
    unit TEXT NOT NULL,
    week TEXT NOT NULL,                      -- '2026-W49'
    right_topics INTEGER CHECK (right_topics BETWEEN 0 AND 5),
    helpful INTEGER CHECK (helpful BETWEEN 0 AND 5),
    easy_to_reach INTEGER CHECK (easy_to_reach BETWEEN 0 AND 5)
) WITHOUT ROWID;
CREATE INDEX follow_up_answers_by_week ON follow_up_answers (unit, week);

-- That a code has answered: an HMAC of the code under a key derived from the code key, which
-- is neither the booking's code hash nor anything in the answer.
CREATE TABLE follow_up_marks (
    mark BLOB PRIMARY KEY
) WITHOUT ROWID;

-- Booking rows older than the retention, rolled up into monthly counts per unit and dimension
-- before they are deleted. Dimension 'total' holds bookings, held, not_reached and cancelled.
CREATE TABLE statistics_months (
    unit TEXT NOT NULL,
    month TEXT NOT NULL,                     -- '2026-11', in the unit's time zone
    dimension TEXT NOT NULL,
    value TEXT NOT NULL,
    count INTEGER NOT NULL CHECK (count >= 0),
    PRIMARY KEY (unit, month, dimension, value)
) WITHOUT ROWID;
