-- Events: the fields the Events page filters on, read out of the stored
-- JSON once (at insert) so a filter over 100,000 events is a column scan,
-- not 100,000 JSON parses. Servers vary the casing, so both are read.
ALTER TABLE events ADD COLUMN at INTEGER;             -- ms since the epoch
ALTER TABLE events ADD COLUMN acting_user_id TEXT;    -- user id of who did it
ALTER TABLE events ADD COLUMN member_id TEXT;         -- organizationUserId acted on
ALTER TABLE events ADD COLUMN cipher_id TEXT;
ALTER TABLE events ADD COLUMN collection_id TEXT;
ALTER TABLE events ADD COLUMN group_id TEXT;
ALTER TABLE events ADD COLUMN device_type INTEGER;

UPDATE events SET
    at = CAST(round((julianday(date) - 2440587.5) * 86400000.0) AS INTEGER),
    acting_user_id = coalesce(json_extract(raw, '$.actingUserId'), json_extract(raw, '$.ActingUserId')),
    member_id = coalesce(json_extract(raw, '$.organizationUserId'), json_extract(raw, '$.OrganizationUserId')),
    cipher_id = coalesce(json_extract(raw, '$.cipherId'), json_extract(raw, '$.CipherId')),
    collection_id = coalesce(json_extract(raw, '$.collectionId'), json_extract(raw, '$.CollectionId')),
    group_id = coalesce(json_extract(raw, '$.groupId'), json_extract(raw, '$.GroupId')),
    device_type = coalesce(json_extract(raw, '$.deviceType'), json_extract(raw, '$.DeviceType'))
WHERE at IS NULL;

-- Newest first with a stable order; each filter column has its index (the
-- member filter's OR uses two), the facets read the type and device ones.
CREATE INDEX events_by_at ON events (organization_id, at, key);
CREATE INDEX events_by_type ON events (organization_id, type, at);
CREATE INDEX events_by_device ON events (organization_id, device_type, at);
CREATE INDEX events_by_actor ON events (organization_id, acting_user_id, at);
CREATE INDEX events_by_member ON events (organization_id, member_id, at);
CREATE INDEX events_by_item ON events (organization_id, cipher_id, at);

-- The server refused to list the client's items at the last sync
-- (Bitwarden's provider-user rule): the items kept are from before.
ALTER TABLE sync_state ADD COLUMN items_refused INTEGER NOT NULL DEFAULT 0;

-- Ranges of events a sync could not read whole (the page cap was reached):
-- the Events page says so instead of showing a silent hole.
CREATE TABLE event_gaps (
    organization_id TEXT NOT NULL REFERENCES clients(organization_id) ON DELETE CASCADE,
    start           TEXT NOT NULL,
    end             TEXT NOT NULL,
    recorded_at     INTEGER NOT NULL,
    PRIMARY KEY (organization_id, start, end)
) STRICT;

-- Have I Been Pwned range answers, by the 5-hex-digit SHA-1 prefix that was
-- sent (the only thing that leaves the machine): the suffixes and counts.
CREATE TABLE breach_ranges (
    prefix     TEXT PRIMARY KEY NOT NULL,
    body       TEXT NOT NULL,
    fetched_at INTEGER NOT NULL
) STRICT;

-- Sites known to offer TOTP (2fa.directory), as last fetched; the copy
-- shipped with the app is used while this is empty.
CREATE TABLE totp_sites (
    domain     TEXT PRIMARY KEY NOT NULL,
    fetched_at INTEGER NOT NULL
) STRICT;

-- Each client's report results: item and kind, never a password.
CREATE TABLE health_findings (
    organization_id TEXT NOT NULL REFERENCES clients(organization_id) ON DELETE CASCADE,
    item_id         TEXT NOT NULL,
    kind            TEXT NOT NULL,
    detail          TEXT,
    PRIMARY KEY (organization_id, item_id, kind)
) STRICT;

-- Each login's strength score (zxcvbn, 0–4) with the item's revision it
-- was estimated for: a report estimates only items changed since, which
-- is what makes it fast on a 10,000-item client. A score, never a password.
CREATE TABLE password_scores (
    organization_id TEXT NOT NULL REFERENCES clients(organization_id) ON DELETE CASCADE,
    item_id         TEXT NOT NULL,
    revision        TEXT,
    score           INTEGER NOT NULL,
    PRIMARY KEY (organization_id, item_id)
) STRICT;

-- Counts per client and report kind, computed after each sync of the
-- client; `previous` is the count from the sync before (`synced_at` tells
-- them apart), so the dashboard shows the change since the previous sync.
CREATE TABLE health_counts (
    organization_id TEXT NOT NULL REFERENCES clients(organization_id) ON DELETE CASCADE,
    kind            TEXT NOT NULL,
    count           INTEGER NOT NULL,
    previous        INTEGER,
    synced_at       INTEGER NOT NULL,
    PRIMARY KEY (organization_id, kind)
) STRICT;

-- The provider's own users (provider admins only may list them), as the
-- last sync read them: names for the provider's event log and its People.
CREATE TABLE provider_users (
    provider_id TEXT NOT NULL,
    id          TEXT NOT NULL,          -- the ProviderUser id
    user_id     TEXT,
    email       TEXT,
    name        TEXT,
    type        INTEGER NOT NULL,
    status      INTEGER NOT NULL,
    raw         TEXT NOT NULL,
    PRIMARY KEY (provider_id, id)
) STRICT;

-- The provider's event log (its users; clients created, added, removed,
-- opened), stored like a client's: once per event, filter columns read out.
CREATE TABLE provider_events (
    provider_id              TEXT NOT NULL,
    key                      TEXT NOT NULL,
    date                     TEXT NOT NULL,
    type                     INTEGER NOT NULL,
    raw                      TEXT NOT NULL,
    at                       INTEGER,
    acting_user_id           TEXT,
    provider_user_id         TEXT,
    provider_organization_id TEXT,
    organization_id          TEXT,
    device_type              INTEGER,
    PRIMARY KEY (provider_id, key)
) STRICT;
CREATE INDEX provider_events_by_at ON provider_events (provider_id, at, key);

CREATE TABLE provider_event_gaps (
    provider_id TEXT NOT NULL,
    start       TEXT NOT NULL,
    end         TEXT NOT NULL,
    recorded_at INTEGER NOT NULL,
    PRIMARY KEY (provider_id, start, end)
) STRICT;

CREATE TABLE provider_sync (
    provider_id  TEXT PRIMARY KEY NOT NULL,
    events_until TEXT
) STRICT;
