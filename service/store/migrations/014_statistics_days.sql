-- Booking rows past `[storage] keep_booking_rows_days` (90 days after the conversation by
-- default), rolled up into counts per unit, day of the unit's wall time and dimension before
-- they are deleted: enough to answer weekly, monthly and yearly questions for good. Dimension
-- 'total' holds bookings, held, not_reached and cancelled. Counts only: no booking id, no time
-- finer than the day, nothing of a parent.
--
-- statistics_months (migration 012) stays as it is: an earlier release rolled whole months up
-- into it, and those months cannot be cut into days after the fact. The statistics add it to
-- month and year questions and refuse weekly questions that reach into one of its months.
CREATE TABLE statistics_days (
    unit TEXT NOT NULL,
    day TEXT NOT NULL,                       -- '2026-11-05', in the unit's time zone
    dimension TEXT NOT NULL,
    value TEXT NOT NULL,
    count INTEGER NOT NULL CHECK (count >= 0),
    PRIMARY KEY (unit, day, dimension, value)
) WITHOUT ROWID;
