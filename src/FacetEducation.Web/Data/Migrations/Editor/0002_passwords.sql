-- Passwords clinicians choose in the editor, and the one-time links a reviewer sends so that a
-- clinician can choose one. A chosen hash counts only while the configured hash it replaced is
-- still the configured one (config_stamp), so the operator's hash in configuration always wins.
CREATE TABLE editor_passwords (
    user_name TEXT PRIMARY KEY,
    password_hash TEXT NOT NULL,
    config_stamp TEXT NOT NULL,
    changed_utc TEXT NOT NULL
);
-- Only a SHA-256 of each link's token is kept: the token itself is in the email alone.
CREATE TABLE password_resets (
    token_hash TEXT PRIMARY KEY,
    user_name TEXT NOT NULL,
    requested_by TEXT NOT NULL,
    created_utc TEXT NOT NULL,
    expires_utc TEXT NOT NULL,
    used_utc TEXT NULL
);
CREATE INDEX ix_password_resets_user ON password_resets (user_name);
