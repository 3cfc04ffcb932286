-- A counter per kind of change that other samtal instances must see: 'bookings' (a booking
-- made, moved, handed over or cancelled changes the free times) and 'roster' (advisors, their
-- hours, languages and absences). The embedded store has one instance, which hears of its own
-- changes directly, so only the PostgreSQL twin counts them (by triggers); the table is here so
-- that both stores have the same tables.
CREATE TABLE store_changes (
    topic TEXT PRIMARY KEY,
    version INTEGER NOT NULL
);
INSERT INTO store_changes (topic, version) VALUES ('bookings', 0), ('roster', 0);
