-- PostgreSQL twin of ../014_statistics_days.sql: booking rows past keep_booking_rows_days,
-- rolled up into counts per unit, day of the unit's wall time and dimension. Counts only.
CREATE TABLE statistics_days (
    unit TEXT NOT NULL,
    day TEXT NOT NULL,                       -- '2026-11-05', in the unit's time zone
    dimension TEXT NOT NULL,
    value TEXT NOT NULL,
    count BIGINT NOT NULL CHECK (count >= 0),
    PRIMARY KEY (unit, day, dimension, value)
);
