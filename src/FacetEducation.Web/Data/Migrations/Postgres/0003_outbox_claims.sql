-- Several senders on one outbox: a sender claims the due emails it is about to send until a time
-- (a lease), so no two instances send the same email at once, and the claims of an instance that
-- died run out for another to take. Null: not claimed. Claims are only for PostgreSQL: one SQLite
-- file has one sender.
ALTER TABLE outbox ADD COLUMN claimed_by TEXT NULL;
ALTER TABLE outbox ADD COLUMN claimed_until BIGINT NULL;
