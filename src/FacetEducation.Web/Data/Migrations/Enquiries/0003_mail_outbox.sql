-- The outbox becomes the site's mail outbox: a row belongs to an enquiry (enquiry_id, deleted with
-- it by retention) or to the editor (editor_key: what the email is about, unique, so that a
-- reviewer's reminder is queued once however often the site restarts; about: how the dashboard
-- lists it if it fails; queued_at: when it was queued, for giving up). SQLite cannot drop NOT NULL
-- in place, so the table is copied, keeping every row and id.
CREATE TABLE outbox_new (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    enquiry_id      TEXT NULL REFERENCES enquiries(id) ON DELETE CASCADE,
    editor_key      TEXT NULL,
    kind            TEXT NOT NULL,
    message_id      TEXT NOT NULL,
    status          TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    last_attempt_at INTEGER,
    last_error      TEXT,
    server_down     INTEGER NOT NULL DEFAULT 0,
    sent_at         INTEGER,
    mime            BLOB NOT NULL,
    recipient       TEXT,
    queued_at       INTEGER,
    about           TEXT,
    UNIQUE (enquiry_id, kind),
    UNIQUE (editor_key),
    CHECK ((enquiry_id IS NULL) <> (editor_key IS NULL))
);
INSERT INTO outbox_new (id, enquiry_id, kind, message_id, status, attempts, next_attempt_at, last_attempt_at, last_error,
                        server_down, sent_at, mime, recipient, queued_at)
    SELECT id, enquiry_id, kind, message_id, status, attempts, next_attempt_at, last_attempt_at, last_error,
           server_down, sent_at, mime, recipient, queued_at
    FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
CREATE INDEX outbox_ack_recipient ON outbox (recipient, queued_at) WHERE recipient IS NOT NULL;
CREATE INDEX outbox_ack_queued ON outbox (queued_at) WHERE recipient IS NOT NULL;
