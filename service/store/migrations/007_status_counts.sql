-- How many outbox messages and dial jobs have each status, kept up to date by triggers as rows
-- change. The outbox worker publishes these counts after every pass; counting the tables
-- themselves would cost more with every conversation ever booked (a million past bookings
-- make a GROUP BY over the outbox take about a tenth of a second).
CREATE TABLE status_counts (
    table_name TEXT NOT NULL,                -- 'outbox' or 'dial_jobs'
    status TEXT NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (table_name, status)
) WITHOUT ROWID;

INSERT INTO status_counts (table_name, status, count)
    SELECT 'outbox', status, count(*) FROM outbox GROUP BY status;
INSERT INTO status_counts (table_name, status, count)
    SELECT 'dial_jobs', status, count(*) FROM dial_jobs GROUP BY status;

CREATE TRIGGER outbox_counted_on_insert AFTER INSERT ON outbox BEGIN
    INSERT INTO status_counts (table_name, status, count) VALUES ('outbox', NEW.status, 1)
        ON CONFLICT (table_name, status) DO UPDATE SET count = count + 1;
END;
CREATE TRIGGER outbox_counted_on_update AFTER UPDATE OF status ON outbox
WHEN OLD.status IS NOT NEW.status BEGIN
    UPDATE status_counts SET count = count - 1 WHERE table_name = 'outbox' AND status = OLD.status;
    INSERT INTO status_counts (table_name, status, count) VALUES ('outbox', NEW.status, 1)
        ON CONFLICT (table_name, status) DO UPDATE SET count = count + 1;
END;
CREATE TRIGGER outbox_counted_on_delete AFTER DELETE ON outbox BEGIN
    UPDATE status_counts SET count = count - 1 WHERE table_name = 'outbox' AND status = OLD.status;
END;

CREATE TRIGGER dial_jobs_counted_on_insert AFTER INSERT ON dial_jobs BEGIN
    INSERT INTO status_counts (table_name, status, count) VALUES ('dial_jobs', NEW.status, 1)
        ON CONFLICT (table_name, status) DO UPDATE SET count = count + 1;
END;
CREATE TRIGGER dial_jobs_counted_on_update AFTER UPDATE OF status ON dial_jobs
WHEN OLD.status IS NOT NEW.status BEGIN
    UPDATE status_counts SET count = count - 1
        WHERE table_name = 'dial_jobs' AND status = OLD.status;
    INSERT INTO status_counts (table_name, status, count) VALUES ('dial_jobs', NEW.status, 1)
        ON CONFLICT (table_name, status) DO UPDATE SET count = count + 1;
END;
CREATE TRIGGER dial_jobs_counted_on_delete AFTER DELETE ON dial_jobs BEGIN
    UPDATE status_counts SET count = count - 1
        WHERE table_name = 'dial_jobs' AND status = OLD.status;
END;
