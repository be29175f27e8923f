-- Passwords clinicians choose in the editor and the one-time links a reviewer sends to choose one
-- (the same tables as the editor's SQLite script 0002). A chosen hash counts only while the
-- configured hash it replaced (config_stamp) is still the configured one.
CREATE TABLE editor_passwords (
    user_name     TEXT PRIMARY KEY,
    password_hash TEXT NOT NULL,
    config_stamp  TEXT NOT NULL,
    changed_utc   TEXT NOT NULL
);
-- Only a SHA-256 of each link's token is kept: the token itself is in the email alone.
CREATE TABLE password_resets (
    token_hash   TEXT PRIMARY KEY,
    user_name    TEXT NOT NULL,
    requested_by TEXT NOT NULL,
    created_utc  TEXT NOT NULL,
    expires_utc  TEXT NOT NULL,
    used_utc     TEXT NULL
);
CREATE INDEX ix_password_resets_user ON password_resets (user_name);
