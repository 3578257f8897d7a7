-- The write queue: every change sent to a server is an operation recorded
-- here before it is sent, so a crash loses none and applies none twice.
CREATE TABLE jobs (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    batch           TEXT NOT NULL,      -- the user action it belongs to (a bulk action is many jobs)
    organization_id TEXT,               -- the client it touches; NULL for provider-level changes
    kind            TEXT NOT NULL,      -- the operation's kind, e.g. 'update_client'
    operation       TEXT NOT NULL,      -- the planned operation (JSON; secrets only as ciphertext)
    description     TEXT NOT NULL,      -- the plan in plain words: the dry run, the queue view
    expected        TEXT,               -- the server state the plan was made against (JSON), for the conflict check
    state           TEXT NOT NULL CHECK (state IN ('pending', 'applying', 'done', 'failed', 'conflict', 'discarded')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    not_before      INTEGER,            -- rate limited: not before this time (ms)
    result          TEXT                -- JSON: what the server answered, or {code, message}
) STRICT;
CREATE INDEX jobs_by_state ON jobs (state, id);

-- The change journal: what each sync found changed per client since the
-- previous one. No foreign key: a client's history outlives its removal.
CREATE TABLE changes (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    organization_id TEXT NOT NULL,
    at              INTEGER NOT NULL,   -- when the sync that saw it wrote it (ms)
    kind            TEXT NOT NULL,      -- e.g. 'member_added', 'seats', 'item_removed'
    subject         TEXT,               -- the member, policy, collection or item id; NULL for the client itself
    label           TEXT,               -- what people know the subject by (an email, a type name)
    before          TEXT,               -- JSON
    after           TEXT                -- JSON
) STRICT;
CREATE INDEX changes_by_client ON changes (organization_id, at);
