// The Members page's labels for server values: each known value's message
// (a value added in Rust fails svelte-check until it has one here).
import type { CollectionLevel, Known, MemberRole, MemberStatus, Permission, Role } from "$lib/backend";
import type { MessageKey } from "$lib/i18n";
import type { BulkAction, MemberFilter, SortKey } from "./members";

export const ROLE_KEYS: Record<Known<MemberRole>, MessageKey> = {
  owner: "members.role.owner",
  admin: "members.role.admin",
  user: "members.role.user",
  manager: "members.role.manager",
  custom: "members.role.custom",
};

export const ROLE_HELP_KEYS: Record<Role, MessageKey> = {
  owner: "members.roleHelp.owner",
  admin: "members.roleHelp.admin",
  user: "members.roleHelp.user",
  custom: "members.roleHelp.custom",
};

export const STATUS_KEYS: Record<Known<MemberStatus>, MessageKey> = {
  invited: "members.status.invited",
  accepted: "members.status.accepted",
  confirmed: "members.status.confirmed",
  revoked: "members.status.revoked",
  staged: "members.status.staged",
};

export const PERMISSION_KEYS: Record<Permission, MessageKey> = {
  access_event_logs: "members.permission.access_event_logs",
  access_import_export: "members.permission.access_import_export",
  access_reports: "members.permission.access_reports",
  create_new_collections: "members.permission.create_new_collections",
  edit_any_collection: "members.permission.edit_any_collection",
  delete_any_collection: "members.permission.delete_any_collection",
  manage_groups: "members.permission.manage_groups",
  manage_policies: "members.permission.manage_policies",
  manage_sso: "members.permission.manage_sso",
  manage_users: "members.permission.manage_users",
  manage_reset_password: "members.permission.manage_reset_password",
  manage_scim: "members.permission.manage_scim",
};

export const LEVEL_KEYS: Record<CollectionLevel, MessageKey> = {
  view: "members.level.view",
  view_except_passwords: "members.level.view_except_passwords",
  edit: "members.level.edit",
  edit_except_passwords: "members.level.edit_except_passwords",
  manage: "members.level.manage",
};

export const FILTER_KEYS: Record<MemberFilter, MessageKey> = {
  all: "members.filter.all",
  invited: "members.filter.invited",
  needs_confirmation: "members.filter.needs_confirmation",
  revoked: "members.filter.revoked",
};

export const COLUMN_KEYS: Record<SortKey, MessageKey> = {
  name: "members.col.name",
  role: "members.col.role",
  groups: "members.col.groups",
  collections: "members.col.collections",
  twoFactor: "members.col.twoFactor",
  recovery: "members.col.recovery",
  status: "members.col.status",
};

export const BULK_KEYS: Record<BulkAction, MessageKey> = {
  reinvite: "members.action.reinvite",
  confirm: "members.action.confirm",
  revoke: "members.action.revoke",
  restore: "members.action.restore",
  remove: "members.action.remove",
};
