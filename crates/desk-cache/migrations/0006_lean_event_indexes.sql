-- Events are most of what a sync writes (100 per client and run at scale),
-- and every index is written again for each of them. Leaner indexes:
--
-- * `events_by_date` served only the newest-first read that `events_by_at`
--   now serves (`at` is the same instant as a number);
-- * the filter columns that most events leave empty (an item, a member acted
--   on) and the ones an event may lack (who did it, from which device) are
--   indexed only where set: every filter asks `column = ?`, which SQLite
--   knows implies `column IS NOT NULL`, and the device facet asks exactly
--   `device_type IS NOT NULL`.
DROP INDEX events_by_date;
DROP INDEX events_by_device;
DROP INDEX events_by_actor;
DROP INDEX events_by_member;
DROP INDEX events_by_item;
CREATE INDEX events_by_device ON events (organization_id, device_type, at) WHERE device_type IS NOT NULL;
CREATE INDEX events_by_actor ON events (organization_id, acting_user_id, at) WHERE acting_user_id IS NOT NULL;
CREATE INDEX events_by_member ON events (organization_id, member_id, at) WHERE member_id IS NOT NULL;
CREATE INDEX events_by_item ON events (organization_id, cipher_id, at) WHERE cipher_id IS NOT NULL;
