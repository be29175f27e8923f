-- Sign-offs that go live later (ScheduledPublications): a reviewer signs off a condition article's
-- version to go live at a moment (go_live_utc), and the site writes it to content/ then, as the
-- sign-off would have. The text to publish is kept as the sign-off stamped it (reviewer and review
-- dates of the day it was signed), so what goes live is exactly what was checked and signed.
-- A row is never deleted: state moves from 'Scheduled' to 'Published', 'Cancelled', 'Replaced'
-- (a later sign-off of the same article) or 'Failed' (with the reason in note). At most one row
-- of an article is 'Scheduled' at a time.
CREATE TABLE scheduled_publications (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    path TEXT NOT NULL,
    revision INTEGER NOT NULL,
    live_revision INTEGER NULL,
    after_revision INTEGER NOT NULL,
    sign_off_kind TEXT NOT NULL,
    minor INTEGER NOT NULL,
    draft INTEGER NOT NULL,
    text TEXT NOT NULL,
    summary TEXT NOT NULL,
    go_live_utc TEXT NOT NULL,
    reviewer TEXT NOT NULL,
    reviewer_name TEXT NOT NULL,
    reviewer_registration TEXT NULL,
    scheduled_utc TEXT NOT NULL,
    state TEXT NOT NULL,
    ended_utc TEXT NULL,
    ended_by TEXT NULL,
    note TEXT NULL,
    published_revision INTEGER NULL
);
CREATE UNIQUE INDEX ux_scheduled_publications_open ON scheduled_publications (path) WHERE state = 'Scheduled';
CREATE INDEX ix_scheduled_publications_due ON scheduled_publications (state, go_live_utc);
