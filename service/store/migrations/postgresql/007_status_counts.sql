-- PostgreSQL twin of ../007_status_counts.sql: how many outbox messages and dial jobs have
-- each status, kept up to date by triggers as rows change.
CREATE TABLE status_counts (
    table_name TEXT NOT NULL,                -- 'outbox' or 'dial_jobs'
    status TEXT NOT NULL,
    count BIGINT NOT NULL,
    PRIMARY KEY (table_name, status)
);

INSERT INTO status_counts (table_name, status, count)
    SELECT 'outbox', status, count(*) FROM outbox GROUP BY status;
INSERT INTO status_counts (table_name, status, count)
    SELECT 'dial_jobs', status, count(*) FROM dial_jobs GROUP BY status;

-- One function for both tables: TG_TABLE_NAME says which.
CREATE FUNCTION count_statuses() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE status_counts SET count = count - 1
            WHERE table_name = TG_TABLE_NAME AND status = OLD.status;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO status_counts AS counted (table_name, status, count)
            VALUES (TG_TABLE_NAME, NEW.status, 1)
            ON CONFLICT (table_name, status) DO UPDATE SET count = counted.count + 1;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER outbox_counted_on_insert AFTER INSERT ON outbox
    FOR EACH ROW EXECUTE FUNCTION count_statuses();
CREATE TRIGGER outbox_counted_on_update AFTER UPDATE OF status ON outbox
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION count_statuses();
CREATE TRIGGER outbox_counted_on_delete AFTER DELETE ON outbox
    FOR EACH ROW EXECUTE FUNCTION count_statuses();

CREATE TRIGGER dial_jobs_counted_on_insert AFTER INSERT ON dial_jobs
    FOR EACH ROW EXECUTE FUNCTION count_statuses();
CREATE TRIGGER dial_jobs_counted_on_update AFTER UPDATE OF status ON dial_jobs
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION count_statuses();
CREATE TRIGGER dial_jobs_counted_on_delete AFTER DELETE ON dial_jobs
    FOR EACH ROW EXECUTE FUNCTION count_statuses();
