-- The outbox as first released: one row per enquiry, one row per email (the finished MIME message,
-- so a retry sends the same bytes and Message-Id). IF NOT EXISTS: files written before
-- schema_migrations existed run this script again, harmlessly.
CREATE TABLE IF NOT EXISTS enquiries (
    id          TEXT PRIMARY KEY,
    created_at  INTEGER NOT NULL,
    urgent      INTEGER NOT NULL,
    payload     TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS outbox (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    enquiry_id      TEXT NOT NULL REFERENCES enquiries(id) ON DELETE CASCADE,
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
    UNIQUE (enquiry_id, kind)
);
CREATE INDEX IF NOT EXISTS outbox_due ON outbox (status, next_attempt_at);
CREATE INDEX IF NOT EXISTS enquiries_created ON enquiries (created_at);
