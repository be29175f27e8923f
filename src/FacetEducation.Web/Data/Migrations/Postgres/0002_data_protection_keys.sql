-- The data-protection key ring (antiforgery tokens, form timestamps, the editor's sign-in cookie),
-- one row per key or revocation as the framework writes it (encrypted to the certificate when
-- DataProtection:CertificatePath is set), so a form rendered by one instance posts to another.
-- Rows are only added: the framework keeps expired keys to read old tokens and never deletes.
CREATE TABLE data_protection_keys (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    friendly_name TEXT NOT NULL,
    xml           TEXT NOT NULL,
    created_utc   TIMESTAMPTZ NOT NULL DEFAULT now()
);
