-- The key and body hash that make a resend of the same submission a replay (unique, deleted with
-- the enquiry by retention), and on acknowledgement rows the recipient and time queued, which the
-- acknowledgement caps count.
ALTER TABLE enquiries ADD COLUMN submission_key TEXT;
ALTER TABLE enquiries ADD COLUMN request_hash TEXT;
ALTER TABLE outbox ADD COLUMN recipient TEXT;
ALTER TABLE outbox ADD COLUMN queued_at INTEGER;
CREATE UNIQUE INDEX enquiries_submission ON enquiries (submission_key) WHERE submission_key IS NOT NULL;
CREATE INDEX outbox_ack_recipient ON outbox (recipient, queued_at) WHERE recipient IS NOT NULL;
CREATE INDEX outbox_ack_queued ON outbox (queued_at) WHERE recipient IS NOT NULL;
