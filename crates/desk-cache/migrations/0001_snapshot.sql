-- The offline snapshot of one account (server + email). SQLCipher encrypts
-- every page, so server data is stored as received: member names and emails
-- in plain columns, vault items still as the server's EncStrings.
-- Our own timestamps are Unix milliseconds (UTC); server dates stay text.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE providers (
    id          TEXT PRIMARY KEY NOT NULL,
    name        TEXT NOT NULL,
    user_type   INTEGER NOT NULL,        -- 0 ProviderAdmin, 1 ServiceUser
    status      INTEGER NOT NULL,
    use_events  INTEGER NOT NULL,
    raw         TEXT NOT NULL,           -- the profile's provider object
    synced_at   INTEGER NOT NULL
) STRICT;

-- Every organization the account manages: provider clients and orgs it
-- administers directly (source = 'direct').
CREATE TABLE clients (
    organization_id          TEXT PRIMARY KEY NOT NULL,
    source                   TEXT NOT NULL CHECK (source IN ('provider', 'direct')),
    provider_id              TEXT,
    provider_organization_id TEXT,       -- the id the provider routes take
    name                     TEXT NOT NULL,
    plan                     TEXT,       -- display name, e.g. "Enterprise (Annually)"
    plan_type                INTEGER,
    status                   INTEGER,
    seats                    INTEGER,    -- assigned; NULL when the server has none
    occupied_seats           INTEGER,
    remaining_seats          INTEGER,
    user_count               INTEGER,
    wrapped_key              TEXT,       -- org key as the server sent it (EncString)
    raw                      TEXT NOT NULL,
    listed_at                INTEGER NOT NULL,  -- when the client list last had it
    synced_at                INTEGER             -- when its details were last synced in full
) STRICT;

CREATE TABLE members (
    organization_id TEXT NOT NULL REFERENCES clients(organization_id) ON DELETE CASCADE,
    id              TEXT NOT NULL,       -- OrganizationUser id
    user_id         TEXT,
    email           TEXT,
    name            TEXT,
    type            INTEGER NOT NULL,
    status          INTEGER NOT NULL,
    two_factor      INTEGER NOT NULL,
    recovery_enrolled INTEGER NOT NULL,
    raw             TEXT NOT NULL,
    PRIMARY KEY (organization_id, id)
) STRICT;

CREATE TABLE groups (
    organization_id TEXT NOT NULL REFERENCES clients(organization_id) ON DELETE CASCADE,
    id              TEXT NOT NULL,
    name            TEXT NOT NULL,
    raw             TEXT NOT NULL,
    PRIMARY KEY (organization_id, id)
) STRICT;

CREATE TABLE collections (
    organization_id TEXT NOT NULL REFERENCES clients(organization_id) ON DELETE CASCADE,
    id              TEXT NOT NULL,
    name            TEXT NOT NULL,       -- EncString under the org key
    raw             TEXT NOT NULL,
    PRIMARY KEY (organization_id, id)
) STRICT;

CREATE TABLE policies (
    organization_id TEXT NOT NULL REFERENCES clients(organization_id) ON DELETE CASCADE,
    type            INTEGER NOT NULL,
    enabled         INTEGER NOT NULL,
    raw             TEXT NOT NULL,
    PRIMARY KEY (organization_id, type)
) STRICT;

CREATE TABLE items (
    organization_id TEXT NOT NULL REFERENCES clients(organization_id) ON DELETE CASCADE,
    id              TEXT NOT NULL,
    type            INTEGER NOT NULL,
    revision_date   TEXT,
    raw             TEXT NOT NULL,       -- the cipher as sent: EncStrings, never decrypted
    PRIMARY KEY (organization_id, id)
) STRICT;

-- Events have no id on the wire; `key` is a digest of the whole event, so a
-- page served twice (servers do that) is stored once.
CREATE TABLE events (
    organization_id TEXT NOT NULL REFERENCES clients(organization_id) ON DELETE CASCADE,
    key             TEXT NOT NULL,
    date            TEXT NOT NULL,
    type            INTEGER NOT NULL,
    raw             TEXT NOT NULL,
    PRIMARY KEY (organization_id, key)
) STRICT;
CREATE INDEX events_by_date ON events (organization_id, date);

CREATE TABLE billing (
    organization_id TEXT PRIMARY KEY NOT NULL REFERENCES clients(organization_id) ON DELETE CASCADE,
    raw             TEXT NOT NULL
) STRICT;

-- Where each client's incremental sync stands, so a restart resumes.
CREATE TABLE sync_state (
    organization_id TEXT PRIMARY KEY NOT NULL REFERENCES clients(organization_id) ON DELETE CASCADE,
    events_until    TEXT,                -- server date of the newest stored event window end
    last_error_code TEXT,
    last_error      TEXT,
    last_error_at   INTEGER
) STRICT;

CREATE TABLE sync_runs (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    started_at    INTEGER NOT NULL,
    finished_at   INTEGER,
    outcome       TEXT CHECK (outcome IN ('success', 'partial', 'failed', 'cancelled')),
    clients_total INTEGER NOT NULL DEFAULT 0,
    clients_done  INTEGER NOT NULL DEFAULT 0,
    requests      INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE sync_errors (
    run_id          INTEGER NOT NULL REFERENCES sync_runs(id) ON DELETE CASCADE,
    organization_id TEXT,
    code            TEXT NOT NULL,
    message         TEXT NOT NULL,
    at              INTEGER NOT NULL
) STRICT;
