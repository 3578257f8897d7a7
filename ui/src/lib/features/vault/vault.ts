// The Vault items page's logic, kept pure so it is tested without rendering:
// the item form's draft (secrets stay null unless the user changed them, so
// the core keeps the stored ones), the list's search and type filter, and the
// access a collection rename sends back unchanged.
import type { CipherType, CollectionInput, CollectionView, Item, ItemView, Known } from "$lib/backend";
import { fold } from "$lib/ui/format";
import type { MessageKey } from "$lib/i18n";

/** The item types the form creates and edits (Bitwarden's numbers). */
export const ITEM_TYPES = [1, 2, 3, 4, 5] as const;
export type EditableType = (typeof ITEM_TYPES)[number];

export const TYPE_NUMBER_KEYS: Record<EditableType, MessageKey> = {
  1: "admin.items.type.login",
  2: "admin.items.type.secureNote",
  3: "admin.items.type.card",
  4: "admin.items.type.identity",
  5: "admin.items.type.sshKey",
};

/** The list's type names for each Bitwarden number the form knows. */
export const CIPHER_OF: Record<EditableType, Known<CipherType>> = { 1: "login", 2: "secure_note", 3: "card", 4: "identity", 5: "ssh_key" };

export function isEditableType(type: number): type is EditableType {
  return (ITEM_TYPES as readonly number[]).includes(type);
}

/** URI match rules: null is the account default. */
export const MATCH_KEYS: Record<number, MessageKey> = {
  0: "vault.match.baseDomain",
  1: "vault.match.host",
  2: "vault.match.startsWith",
  3: "vault.match.exact",
  4: "vault.match.regex",
  5: "vault.match.never",
};

export const FIELD_TYPE_KEYS: Record<number, MessageKey> = {
  0: "vault.fieldType.text",
  1: "vault.fieldType.hidden",
  2: "vault.fieldType.boolean",
  3: "vault.fieldType.linked",
};

export type Identity = NonNullable<Item["identity"]>;
export type Card = NonNullable<Item["card"]>;
export type IdentityKey = keyof Identity;

/** The identity's plain fields, in Bitwarden's order, and their labels. */
export const IDENTITY_FIELDS: readonly { key: IdentityKey; label: MessageKey; secret: boolean }[] = [
  { key: "title", label: "vault.identity.title", secret: false },
  { key: "firstName", label: "vault.identity.firstName", secret: false },
  { key: "middleName", label: "vault.identity.middleName", secret: false },
  { key: "lastName", label: "vault.identity.lastName", secret: false },
  { key: "username", label: "vault.identity.username", secret: false },
  { key: "company", label: "vault.identity.company", secret: false },
  { key: "ssn", label: "vault.identity.ssn", secret: true },
  { key: "passportNumber", label: "vault.identity.passportNumber", secret: true },
  { key: "licenseNumber", label: "vault.identity.licenseNumber", secret: true },
  { key: "email", label: "vault.identity.email", secret: false },
  { key: "phone", label: "vault.identity.phone", secret: false },
  { key: "address1", label: "vault.identity.address1", secret: false },
  { key: "address2", label: "vault.identity.address2", secret: false },
  { key: "address3", label: "vault.identity.address3", secret: false },
  { key: "city", label: "vault.identity.city", secret: false },
  { key: "state", label: "vault.identity.state", secret: false },
  { key: "postalCode", label: "vault.identity.postalCode", secret: false },
  { key: "country", label: "vault.identity.country", secret: false },
];

/**
 * A secret in the form. Editing, it starts empty and unchanged: sent as null,
 * the core keeps the stored value; changed, its text is sent ("" clears it).
 */
export interface SecretDraft {
  value: string;
  changed: boolean;
}

export interface FieldDraft {
  name: string;
  type: number;
  value: string;
  /** A hidden field's value is a secret: unchanged, it is sent as null. */
  changed: boolean;
  linkedId: number | null;
}

export interface UriDraft {
  uri: string;
  match: number | null;
}

export interface ItemDraft {
  type: EditableType;
  name: string;
  notes: string;
  favorite: boolean;
  reprompt: boolean;
  username: string;
  password: SecretDraft;
  totp: SecretDraft;
  uris: UriDraft[];
  card: { cardholderName: string; brand: string; expMonth: string; expYear: string; number: SecretDraft; code: SecretDraft };
  identity: Record<IdentityKey, string>;
  identitySecrets: { ssn: SecretDraft; passportNumber: SecretDraft; licenseNumber: SecretDraft };
  sshKey: { publicKey: string; keyFingerprint: string; privateKey: SecretDraft };
  fields: FieldDraft[];
  collectionIds: string[];
}

const secret = (): SecretDraft => ({ value: "", changed: false });
const text = (value: string | null | undefined): string => value ?? "";

/** What the form starts from: the item as loaded without its secrets, or a new one. */
export function draftOf(item: Item | null, type: EditableType = 1, collectionIds: string[] = []): ItemDraft {
  const identity = {} as Record<IdentityKey, string>;
  for (const f of IDENTITY_FIELDS) identity[f.key] = f.secret ? "" : text(item?.identity?.[f.key]);
  return {
    type: item && isEditableType(item.type) ? item.type : type,
    name: item?.name ?? "",
    notes: text(item?.notes),
    favorite: item?.favorite ?? false,
    reprompt: (item?.reprompt ?? 0) === 1,
    username: text(item?.login?.username),
    password: secret(),
    totp: secret(),
    uris: (item?.login?.uris ?? []).map((u) => ({ uri: text(u.uri), match: u.match ?? null })),
    card: {
      cardholderName: text(item?.card?.cardholderName),
      brand: text(item?.card?.brand),
      expMonth: text(item?.card?.expMonth),
      expYear: text(item?.card?.expYear),
      number: secret(),
      code: secret(),
    },
    identity,
    identitySecrets: { ssn: secret(), passportNumber: secret(), licenseNumber: secret() },
    sshKey: { publicKey: text(item?.sshKey?.publicKey), keyFingerprint: text(item?.sshKey?.keyFingerprint), privateKey: secret() },
    fields: (item?.fields ?? []).map((f) => ({
      name: text(f.name),
      type: f.type,
      // A hidden value never reaches the form; the others are plain text.
      value: f.type === 1 ? "" : text(f.value),
      changed: false,
      linkedId: f.linkedId,
    })),
    collectionIds: [...(item?.collectionIds ?? collectionIds)],
  };
}

/** A secret as sent: new items send what was typed, edits null unless changed. */
function secretOut(s: SecretDraft, editing: boolean): string | null {
  if (editing) return s.changed ? s.value : null;
  return s.value === "" ? null : s.value;
}

const orNull = (value: string): string | null => (value.trim() === "" ? null : value);

/** The item to save: the original's other parts kept, the type's payload from the draft, untouched secrets null. */
export function itemOf(draft: ItemDraft, original: Item | null, organizationId: string): Item {
  const editing = original !== null;
  const identity = {} as Identity;
  for (const f of IDENTITY_FIELDS) identity[f.key] = f.secret ? null : orNull(draft.identity[f.key]);
  identity.ssn = secretOut(draft.identitySecrets.ssn, editing);
  identity.passportNumber = secretOut(draft.identitySecrets.passportNumber, editing);
  identity.licenseNumber = secretOut(draft.identitySecrets.licenseNumber, editing);
  return {
    object: original?.object ?? "item",
    id: original?.id ?? null,
    organizationId,
    folderId: original?.folderId ?? null,
    type: draft.type,
    reprompt: draft.reprompt ? 1 : 0,
    name: draft.name.trim(),
    notes: orNull(draft.notes),
    favorite: draft.favorite,
    fields: draft.fields.map((f) => ({
      name: orNull(f.name),
      type: f.type,
      value: f.type === 1 ? (editing && !f.changed ? null : f.value) : f.type === 3 ? null : f.type === 2 ? (f.value === "true" ? "true" : "false") : f.value,
      linkedId: f.type === 3 ? f.linkedId : null,
    })),
    login:
      draft.type === 1
        ? {
            uris: draft.uris.filter((u) => u.uri.trim() !== "").map((u) => ({ uri: u.uri.trim(), match: u.match })),
            username: orNull(draft.username),
            password: secretOut(draft.password, editing),
            totp: secretOut(draft.totp, editing),
            passwordRevisionDate: original?.login?.passwordRevisionDate ?? null,
          }
        : null,
    secureNote: draft.type === 2 ? { type: original?.secureNote?.type ?? 0 } : null,
    card:
      draft.type === 3
        ? {
            cardholderName: orNull(draft.card.cardholderName),
            brand: orNull(draft.card.brand),
            expMonth: orNull(draft.card.expMonth),
            expYear: orNull(draft.card.expYear),
            number: secretOut(draft.card.number, editing),
            code: secretOut(draft.card.code, editing),
          }
        : null,
    identity: draft.type === 4 ? identity : null,
    sshKey:
      draft.type === 5
        ? { publicKey: orNull(draft.sshKey.publicKey), keyFingerprint: orNull(draft.sshKey.keyFingerprint), privateKey: secretOut(draft.sshKey.privateKey, editing) }
        : null,
    collectionIds: [...draft.collectionIds],
    // The history is the core's to keep; sent as loaded (passwords null: kept).
    passwordHistory: original?.passwordHistory ?? null,
    revisionDate: original?.revisionDate ?? null,
    creationDate: original?.creationDate ?? null,
    deletedDate: original?.deletedDate ?? null,
  };
}

/** Why the form cannot be saved yet, or null. */
export function draftProblem(draft: ItemDraft): "name" | "collection" | null {
  if (draft.name.trim() === "") return "name";
  if (draft.collectionIds.length === 0) return "collection";
  return null;
}

export type TypeFilter = "all" | "trash" | Known<CipherType>;

/** The rows a search (name, username, URI, folded) and type filter leave. */
export function filterItems(items: readonly ItemView[], query: string, type: TypeFilter): ItemView[] {
  const q = fold(query.trim());
  return items.filter((i) => {
    if (type === "trash" ? !i.trashedAt : type !== "all" && i.type !== type) return false;
    if (!q) return true;
    return [i.name ?? "", i.username ?? "", ...i.uris].some((s) => fold(s).includes(q));
  });
}

/** A collection's access as saving it must send back: groups and members by id with their levels. */
export function accessOf(collection: CollectionView): CollectionInput["access"] {
  return {
    groups: collection.groups.map((g) => ({ collectionId: g.id, level: g.level })),
    members: collection.members.map((m) => ({ collectionId: m.id, level: m.level })),
  };
}

/** Default generator options: 14 characters of all four sets, at least one digit and one symbol. */
export const PASSWORD_OPTIONS = {
  kind: "password",
  length: 14,
  uppercase: true,
  lowercase: true,
  numbers: true,
  special: true,
  minNumbers: 1,
  minSpecial: 1,
  avoidAmbiguous: false,
} as const;

export const PASSPHRASE_OPTIONS = { kind: "passphrase", words: 4, separator: "-", capitalize: true, includeNumber: true } as const;

/** A TOTP code as authenticators show it: "123 456". */
export function spacedCode(code: string): string {
  return code.length === 6 ? `${code.slice(0, 3)} ${code.slice(3)}` : code;
}
