-- The unit's advisors with their languages, weekly hours and absences. On first start the
-- configuration file's advisors are written here; from then on this is the truth, and staff
-- change it while the service runs (/api/v1/staff/advisors). Nothing here is about a parent.
CREATE TABLE advisors (
    unit TEXT NOT NULL,
    id TEXT NOT NULL,
    name TEXT NOT NULL,
    site TEXT NOT NULL,
    email TEXT NOT NULL,
    delivery TEXT NOT NULL DEFAULT '',       -- empty: the unit's
    calendar_url TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',          -- the advisor's work phone, E.164
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    version INTEGER NOT NULL DEFAULT 1,      -- rises with every change, for stale writes
    position INTEGER NOT NULL,               -- the unit's order, the last tie-breaker
    PRIMARY KEY (unit, id)
) WITHOUT ROWID;

CREATE TABLE advisor_languages (
    unit TEXT NOT NULL,
    advisor TEXT NOT NULL,
    language TEXT NOT NULL,
    PRIMARY KEY (unit, advisor, language),
    FOREIGN KEY (unit, advisor) REFERENCES advisors (unit, id) ON DELETE CASCADE
);                                           -- rowid: the order staff gave them in

-- Weekly working periods in the unit's wall time: weekday 0 is Monday, minutes from midnight.
CREATE TABLE advisor_hours (
    unit TEXT NOT NULL,
    advisor TEXT NOT NULL,
    weekday INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),
    starts INTEGER NOT NULL CHECK (starts BETWEEN 0 AND 1440),
    ends INTEGER NOT NULL CHECK (ends BETWEEN 0 AND 1440),
    CHECK (ends > starts),
    FOREIGN KEY (unit, advisor) REFERENCES advisors (unit, id) ON DELETE CASCADE
);
CREATE INDEX advisor_hours_by_advisor ON advisor_hours (unit, advisor);

-- Absences from a wall time up to (not including) a wall time, as minutes since 1970-01-01
-- 00:00 of the unit's wall clock.
CREATE TABLE advisor_absences (
    id INTEGER PRIMARY KEY,
    unit TEXT NOT NULL,
    advisor TEXT NOT NULL,
    starts INTEGER NOT NULL,
    ends INTEGER NOT NULL,
    CHECK (ends > starts),
    FOREIGN KEY (unit, advisor) REFERENCES advisors (unit, id) ON DELETE CASCADE
);
CREATE INDEX advisor_absences_by_advisor ON advisor_absences (unit, advisor);

-- Who changed what and when, for the unit's coordinator: staff names and advisor or
-- conversation ids only, never a parent's data.
CREATE TABLE staff_audit (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,                     -- Unix seconds, UTC
    unit TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    subject TEXT NOT NULL
);
CREATE INDEX staff_audit_by_unit ON staff_audit (unit, id);

-- What became of a conversation, as its advisor recorded it.
ALTER TABLE bookings ADD COLUMN outcome TEXT NOT NULL DEFAULT ''
    CHECK (outcome IN ('', 'held', 'not_reached'));
