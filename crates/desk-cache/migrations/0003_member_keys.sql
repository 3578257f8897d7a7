-- Public keys of members waiting for confirmation, as the last sync saw
-- them: confirming offline shows the fingerprint of this key, and the
-- write path checks the server still has it before the confirm is sent.
CREATE TABLE member_keys (
    organization_id TEXT NOT NULL REFERENCES clients(organization_id) ON DELETE CASCADE,
    member_id       TEXT NOT NULL,
    user_id         TEXT NOT NULL,
    public_key      TEXT NOT NULL,      -- SPKI, base64, as the server sent it
    PRIMARY KEY (organization_id, member_id)
) STRICT;
