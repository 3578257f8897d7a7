-- Billing, readable offline like the rest.
--
-- A client's own subscription may be refused (self-hosted servers have no
-- billing; some roles may not read it): the server's words are kept beside
-- it so the Billing page can say why instead of showing a blank.
ALTER TABLE billing ADD COLUMN error TEXT;

-- The provider's business details and billing, one row per provider the
-- account belongs to, replaced as a whole by each sync that read it. Each
-- part is the server's raw answer, or NULL with the reason it could not be
-- read (a service user may not see invoices; self-hosted has no billing).
CREATE TABLE provider_billing (
    provider_id        TEXT PRIMARY KEY NOT NULL,
    details            TEXT,            -- GET providers/{id}
    details_error      TEXT,
    subscription       TEXT,            -- GET providers/{id}/billing/subscription
    subscription_error TEXT,
    invoices           TEXT,            -- GET providers/{id}/billing/invoices
    invoices_error     TEXT,
    address            TEXT,            -- GET providers/{id}/billing/vnext/address
    address_error      TEXT,
    warnings           TEXT,            -- GET providers/{id}/billing/vnext/warnings
    warnings_error     TEXT,
    synced_at          INTEGER NOT NULL
) STRICT;
