-- The editor's file as released before schema_migrations existed: revisions (every saved,
-- signed-off or hand-changed version), open sign-in sessions and rescued drafts. IF NOT EXISTS:
-- files written by earlier code run this script again, which adds only what they lack.
CREATE TABLE IF NOT EXISTS revisions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    path TEXT NOT NULL,
    text TEXT NOT NULL,
    hash TEXT NOT NULL,
    status TEXT NOT NULL,
    author TEXT NULL,
    author_name TEXT NULL,
    created_utc TEXT NOT NULL,
    summary TEXT NOT NULL,
    minor INTEGER NOT NULL DEFAULT 0,
    signed_off_revision INTEGER NULL
);
CREATE INDEX IF NOT EXISTS ix_revisions_path ON revisions (path, id);
-- The old lockout table kept every user name typed at the sign-in form, unbounded; the throttle
-- that replaced it (SignInThrottle) keeps nothing on disk.
DROP TABLE IF EXISTS sign_in_failures;
CREATE TABLE IF NOT EXISTS editor_sessions (
    id TEXT PRIMARY KEY,
    user_name TEXT NOT NULL,
    created_utc TEXT NOT NULL,
    seen_utc TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_editor_sessions_seen ON editor_sessions (seen_utc);
CREATE TABLE IF NOT EXISTS rescued_drafts (
    id TEXT PRIMARY KEY,
    user_name TEXT NOT NULL,
    path TEXT NOT NULL,
    title TEXT NULL,
    form_json TEXT NOT NULL,
    created_utc TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_rescued_drafts_user ON rescued_drafts (user_name, created_utc);
