-- The sandbox's state. Ids are UUID strings, dates RFC 3339 UTC strings,
-- encrypted values EncStrings exactly as a client sent them.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE users (
    id                   TEXT PRIMARY KEY,
    email                TEXT NOT NULL UNIQUE,
    name                 TEXT,
    kdf                  INTEGER NOT NULL DEFAULT 0,
    kdf_iterations       INTEGER NOT NULL DEFAULT 600000,
    kdf_memory           INTEGER,
    kdf_parallelism      INTEGER,
    master_password_hash TEXT NOT NULL,
    key                  TEXT NOT NULL,
    public_key           TEXT NOT NULL,
    private_key          TEXT NOT NULL,
    security_stamp       TEXT NOT NULL,
    premium              INTEGER NOT NULL DEFAULT 0,
    totp_secret          TEXT,
    email_2fa            INTEGER NOT NULL DEFAULT 0,
    api_key              TEXT NOT NULL,
    user_key_id          TEXT,
    verify_devices       INTEGER NOT NULL DEFAULT 1,
    force_password_reset INTEGER NOT NULL DEFAULT 0,
    avatar_color         TEXT,
    creation_date        TEXT NOT NULL,
    revision_date        TEXT NOT NULL
);

CREATE TABLE devices (
    id            TEXT PRIMARY KEY,
    user_id       TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    identifier    TEXT NOT NULL,
    name          TEXT NOT NULL,
    type          INTEGER NOT NULL,
    creation_date TEXT NOT NULL,
    UNIQUE (user_id, identifier)
);

CREATE TABLE refresh_tokens (
    token             TEXT PRIMARY KEY,
    user_id           TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    client_id         TEXT NOT NULL,
    device_identifier TEXT NOT NULL,
    security_stamp    TEXT NOT NULL,
    expires_at        INTEGER NOT NULL
);

CREATE TABLE remember_tokens (
    token      TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    expires_at INTEGER NOT NULL
);

CREATE TABLE otps (
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    purpose    TEXT NOT NULL,
    code       TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, purpose)
);

CREATE TABLE providers (
    id              TEXT PRIMARY KEY,
    name            TEXT NOT NULL,
    business_name   TEXT,
    billing_email   TEXT,
    type            INTEGER NOT NULL DEFAULT 0,
    status          INTEGER NOT NULL DEFAULT 2,
    enabled         INTEGER NOT NULL DEFAULT 1,
    use_events      INTEGER NOT NULL DEFAULT 1,
    teams_minimum   INTEGER NOT NULL DEFAULT 0,
    enterprise_minimum INTEGER NOT NULL DEFAULT 0,
    address         TEXT NOT NULL DEFAULT '{}',
    creation_date   TEXT NOT NULL,
    revision_date   TEXT NOT NULL
);

CREATE TABLE provider_users (
    id          TEXT PRIMARY KEY,
    provider_id TEXT NOT NULL REFERENCES providers(id) ON DELETE CASCADE,
    user_id     TEXT REFERENCES users(id) ON DELETE CASCADE,
    email       TEXT,
    type        INTEGER NOT NULL,
    status      INTEGER NOT NULL,
    key         TEXT,
    permissions TEXT,
    creation_date TEXT NOT NULL
);
CREATE INDEX provider_users_by_user ON provider_users(user_id);
CREATE INDEX provider_users_by_provider ON provider_users(provider_id);

CREATE TABLE organizations (
    id             TEXT PRIMARY KEY,
    name           TEXT NOT NULL,
    billing_email  TEXT NOT NULL,
    plan_type      INTEGER NOT NULL,
    seats          INTEGER,
    status         INTEGER NOT NULL DEFAULT 1,
    enabled        INTEGER NOT NULL DEFAULT 1,
    public_key     TEXT,
    private_key    TEXT,
    allow_admin_access_all INTEGER NOT NULL DEFAULT 1,
    max_collections INTEGER,
    max_storage_gb  INTEGER,
    creation_date  TEXT NOT NULL,
    revision_date  TEXT NOT NULL
);

CREATE TABLE provider_organizations (
    id              TEXT PRIMARY KEY,
    provider_id     TEXT NOT NULL REFERENCES providers(id) ON DELETE CASCADE,
    organization_id TEXT NOT NULL UNIQUE REFERENCES organizations(id) ON DELETE CASCADE,
    key             TEXT,
    settings        TEXT,
    creation_date   TEXT NOT NULL,
    revision_date   TEXT NOT NULL
);
CREATE INDEX provider_organizations_by_provider ON provider_organizations(provider_id);

CREATE TABLE organization_users (
    id                 TEXT PRIMARY KEY,
    organization_id    TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    user_id            TEXT REFERENCES users(id) ON DELETE CASCADE,
    email              TEXT,
    type               INTEGER NOT NULL,
    status             INTEGER NOT NULL,
    key                TEXT,
    reset_password_key TEXT,
    permissions        TEXT,
    external_id        TEXT,
    access_sm          INTEGER NOT NULL DEFAULT 0,
    revocation_reason  INTEGER,
    creation_date      TEXT NOT NULL,
    revision_date      TEXT NOT NULL
);
CREATE INDEX organization_users_by_org ON organization_users(organization_id);
CREATE INDEX organization_users_by_user ON organization_users(user_id);

CREATE TABLE collections (
    id              TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    name            TEXT NOT NULL,
    external_id     TEXT,
    type            INTEGER NOT NULL DEFAULT 0,
    default_user_collection_email TEXT,
    creation_date   TEXT NOT NULL,
    revision_date   TEXT NOT NULL
);
CREATE INDEX collections_by_org ON collections(organization_id);

CREATE TABLE collection_users (
    collection_id        TEXT NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
    organization_user_id TEXT NOT NULL REFERENCES organization_users(id) ON DELETE CASCADE,
    read_only            INTEGER NOT NULL DEFAULT 0,
    hide_passwords       INTEGER NOT NULL DEFAULT 0,
    manage               INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (collection_id, organization_user_id)
);
CREATE INDEX collection_users_by_member ON collection_users(organization_user_id);

CREATE TABLE groups (
    id              TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    name            TEXT NOT NULL,
    external_id     TEXT,
    creation_date   TEXT NOT NULL,
    revision_date   TEXT NOT NULL
);
CREATE INDEX groups_by_org ON groups(organization_id);

CREATE TABLE group_users (
    group_id             TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    organization_user_id TEXT NOT NULL REFERENCES organization_users(id) ON DELETE CASCADE,
    PRIMARY KEY (group_id, organization_user_id)
);
CREATE INDEX group_users_by_member ON group_users(organization_user_id);

CREATE TABLE collection_groups (
    collection_id  TEXT NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
    group_id       TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    read_only      INTEGER NOT NULL DEFAULT 0,
    hide_passwords INTEGER NOT NULL DEFAULT 0,
    manage         INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (collection_id, group_id)
);

CREATE TABLE folders (
    id            TEXT PRIMARY KEY,
    user_id       TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    revision_date TEXT NOT NULL
);

-- `data` holds the client's encrypted cipher object (camelCase JSON) minus the
-- columns below; it is emitted back as the client sent it.
CREATE TABLE ciphers (
    id              TEXT PRIMARY KEY,
    user_id         TEXT REFERENCES users(id) ON DELETE CASCADE,
    organization_id TEXT REFERENCES organizations(id) ON DELETE CASCADE,
    type            INTEGER NOT NULL,
    data            TEXT NOT NULL,
    key             TEXT,
    reprompt        INTEGER NOT NULL DEFAULT 0,
    folder_id       TEXT,
    favorite        INTEGER NOT NULL DEFAULT 0,
    creation_date   TEXT NOT NULL,
    revision_date   TEXT NOT NULL,
    deleted_date    TEXT
);
CREATE INDEX ciphers_by_org ON ciphers(organization_id);
CREATE INDEX ciphers_by_user ON ciphers(user_id);

CREATE TABLE collection_ciphers (
    collection_id TEXT NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
    cipher_id     TEXT NOT NULL REFERENCES ciphers(id) ON DELETE CASCADE,
    PRIMARY KEY (collection_id, cipher_id)
);
CREATE INDEX collection_ciphers_by_cipher ON collection_ciphers(cipher_id);

CREATE TABLE policies (
    id              TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    type            INTEGER NOT NULL,
    enabled         INTEGER NOT NULL,
    data            TEXT,
    revision_date   TEXT NOT NULL,
    UNIQUE (organization_id, type)
);

CREATE TABLE sends (
    id               TEXT PRIMARY KEY,
    user_id          TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    type             INTEGER NOT NULL,
    auth_type        INTEGER NOT NULL DEFAULT 2,
    data             TEXT NOT NULL,
    key              TEXT NOT NULL,
    password         TEXT,
    emails           TEXT,
    max_access_count INTEGER,
    access_count     INTEGER NOT NULL DEFAULT 0,
    disabled         INTEGER NOT NULL DEFAULT 0,
    hide_email       INTEGER NOT NULL DEFAULT 0,
    expiration_date  TEXT,
    deletion_date    TEXT NOT NULL,
    revision_date    TEXT NOT NULL
);
CREATE INDEX sends_by_user ON sends(user_id);

CREATE TABLE events (
    seq                      INTEGER PRIMARY KEY AUTOINCREMENT,
    type                     INTEGER NOT NULL,
    date                     TEXT NOT NULL,
    user_id                  TEXT,
    organization_id          TEXT,
    provider_id              TEXT,
    cipher_id                TEXT,
    collection_id            TEXT,
    group_id                 TEXT,
    policy_id                TEXT,
    organization_user_id     TEXT,
    provider_user_id         TEXT,
    provider_organization_id TEXT,
    acting_user_id           TEXT,
    device_type              INTEGER,
    ip_address               TEXT,
    system_user              INTEGER
);
CREATE INDEX events_by_org ON events(organization_id, date);
CREATE INDEX events_by_provider ON events(provider_id, date);

CREATE TABLE invoices (
    id          TEXT PRIMARY KEY,
    provider_id TEXT NOT NULL REFERENCES providers(id) ON DELETE CASCADE,
    number      TEXT NOT NULL,
    date        TEXT NOT NULL,
    total       REAL NOT NULL,
    status      TEXT NOT NULL,
    due_date    TEXT,
    csv         TEXT NOT NULL
);
