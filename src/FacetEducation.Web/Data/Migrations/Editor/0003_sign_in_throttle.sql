-- The sign-in throttle (SignInThrottle) in the database rather than in the process's memory, on
-- SQLite as on PostgreSQL (Postgres/0005), so the rule is kept in one place: per address (IPv4, or
-- an IPv6 /64) the tries without a success and when the next may come, at most Capacity rows; per
-- configured account (one key for every unknown user name) the last hour's failures, at most the
-- hourly limit. Nothing a visitor types is stored. Times are Unix milliseconds.
CREATE TABLE sign_in_addresses (
    address      TEXT PRIMARY KEY,
    tries        INTEGER NOT NULL,
    next_allowed INTEGER NOT NULL,
    last_try     INTEGER NOT NULL
);
CREATE INDEX ix_sign_in_addresses_last_try ON sign_in_addresses (last_try);
CREATE TABLE sign_in_account_failures (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    account   TEXT NOT NULL,
    failed_at INTEGER NOT NULL
);
CREATE INDEX ix_sign_in_account_failures ON sign_in_account_failures (account, failed_at);
