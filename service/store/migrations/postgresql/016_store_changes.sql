-- A counter per kind of change that other samtal instances must see: 'bookings' (a booking
-- made, moved, handed over or cancelled changes the free times) and 'roster' (advisors, their
-- hours, languages and absences). Triggers count every statement that changes those tables;
-- each instance reads the counters a few times a second and drops what it kept from before.
CREATE TABLE store_changes (
    topic TEXT PRIMARY KEY,
    version BIGINT NOT NULL
);
INSERT INTO store_changes (topic, version) VALUES ('bookings', 0), ('roster', 0);

CREATE FUNCTION store_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE store_changes SET version = version + 1 WHERE topic = TG_ARGV[0];
    RETURN NULL;
END;
$$;

CREATE TRIGGER bookings_changed AFTER INSERT OR UPDATE OR DELETE ON bookings
    FOR EACH STATEMENT EXECUTE FUNCTION store_changed('bookings');
CREATE TRIGGER advisors_changed AFTER INSERT OR UPDATE OR DELETE ON advisors
    FOR EACH STATEMENT EXECUTE FUNCTION store_changed('roster');
CREATE TRIGGER advisor_hours_changed AFTER INSERT OR UPDATE OR DELETE ON advisor_hours
    FOR EACH STATEMENT EXECUTE FUNCTION store_changed('roster');
CREATE TRIGGER advisor_languages_changed AFTER INSERT OR UPDATE OR DELETE ON advisor_languages
    FOR EACH STATEMENT EXECUTE FUNCTION store_changed('roster');
CREATE TRIGGER advisor_absences_changed AFTER INSERT OR UPDATE OR DELETE ON advisor_absences
    FOR EACH STATEMENT EXECUTE FUNCTION store_changed('roster');
