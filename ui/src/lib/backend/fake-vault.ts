// The fake backend's vault: each client's items in Bitwarden's CLI shape,
// its collections (kept in the members' data, so the Members page and the
// group dialog see the same ones), authenticator codes and the generator.
// Like the core: secrets only when revealed, a secret saved as null keeps
// its stored value and "" clears it. For the fake only.
import type { FakeOrgMembers } from "./fake-members";
import { BackendError, type CipherType, type CollectionInput, type CollectionView, type GeneratorOptions, type Item, type ItemAction, type ItemInput, type ItemView, type JobView, type TotpCode } from "./types";

const TYPE_NAMES: Record<number, CipherType> = { 1: "login", 2: "secure_note", 3: "card", 4: "identity", 5: "ssh_key" };

/** What a write changes, for FakeBackend.submit to queue and apply. */
export interface FakeVaultPlan {
  kind: NonNullable<JobView["kind"]>;
  descriptions: string[];
  apply: () => void;
}

/** Bitwarden limits item and collection names to 1000 encrypted characters; the fake uses the core's plain limit. */
export const FAKE_VAULT_NAME_MAX = 1000;

/** The demo authenticator key of "Microsoft 365 admin". */
export const FAKE_TOTP_KEY = "JBSWY3DPEHPK3PXP";

function emptyItem(organizationId: string): Item {
  return {
    object: "item",
    id: null,
    organizationId,
    folderId: null,
    type: 1,
    reprompt: 0,
    name: "",
    notes: null,
    favorite: false,
    fields: [],
    login: null,
    secureNote: null,
    card: null,
    identity: null,
    sshKey: null,
    collectionIds: [],
    passwordHistory: null,
    revisionDate: null,
    creationDate: null,
    deletedDate: null,
  };
}

/** The three items FakeBackend.items lists for every client, whole. */
export function demoItems(organizationId: string, collectionId: string | null): Item[] {
  const collections = collectionId ? [collectionId] : [];
  const base = emptyItem(organizationId);
  return [
    {
      ...base,
      id: "i1",
      name: "Microsoft 365 admin",
      notes: "Global admin of the tenant.",
      favorite: true,
      fields: [
        { name: "Tenant", value: "myclient.onmicrosoft.com", type: 0, linkedId: null },
        { name: "Recovery code", value: "RC-7781-2290", type: 1, linkedId: null },
      ],
      login: {
        uris: [{ uri: "https://admin.microsoft.com", match: null }, { uri: "login.microsoftonline.com", match: 1 }],
        username: "it@myclient.example",
        password: "Adm1n-Secret!",
        totp: FAKE_TOTP_KEY,
        passwordRevisionDate: "2026-10-01T08:00:00Z",
      },
      collectionIds: collections,
      passwordHistory: [{ lastUsedDate: "2026-10-01T08:00:00Z", password: "Old-Admin-1" }],
      revisionDate: "2026-11-20T10:30:00Z",
      creationDate: "2025-03-02T09:00:00Z",
    },
    {
      ...base,
      id: "i2",
      type: 2,
      reprompt: 1,
      name: "Wi-Fi",
      notes: "SSID: Office-5G",
      fields: [{ name: "Passphrase", value: "Office-5G-passphrase", type: 1, linkedId: null }],
      secureNote: { type: 0 },
      collectionIds: collections,
      revisionDate: "2026-09-12T14:00:00Z",
      creationDate: "2026-09-12T14:00:00Z",
    },
    {
      ...base,
      id: "i3",
      name: "Old VPN",
      login: { uris: [{ uri: "https://vpn.example", match: null }], username: "vpn-admin", password: "vpn-pass", totp: null, passwordRevisionDate: null },
      collectionIds: collections,
      revisionDate: "2026-11-30T09:00:00Z",
      creationDate: "2024-01-15T09:00:00Z",
      deletedDate: "2026-11-30T09:00:00Z",
    },
  ];
}

const SCALE_APPS = ["App", "Mail", "Payroll", "CRM", "VPN", "Wiki", "Backup", "Firewall", "Router", "Café POS", "Billing", "HR portal", "Élan ERP"];
const SCALE_ROLES = ["admin", "user", "service", "backup", "readonly", "réception"];
const SCALE_DOMAINS = ["example.com", "example.net", "example.org", "client.example"];
const SCALE_BRANDS = ["Visa", "Mastercard", "Amex"];
const SCALE_PEOPLE = [
  ["Ana", "García"],
  ["Jonas", "Müller"],
  ["Chloé", "Martin"],
  ["Sam", "Okafor"],
];

/**
 * `count` synthetic items for virtualization and search benchmarks: mostly
 * logins (usernames, one to three URIs, a few with an authenticator key),
 * then notes, cards, identities and SSH keys, named like "App 0042 admin";
 * about one in a hundred is in the trash. The same every time.
 */
export function scaleItems(organizationId: string, collectionId: string | null, count: number): Item[] {
  const collections = collectionId ? [collectionId] : [];
  const base = emptyItem(organizationId);
  const width = Math.max(4, String(Math.max(0, count - 1)).length);
  return Array.from({ length: count }, (_, i): Item => {
    const n = String(i).padStart(width, "0");
    const app = SCALE_APPS[i % SCALE_APPS.length];
    const role = SCALE_ROLES[Math.floor(i / SCALE_APPS.length) % SCALE_ROLES.length];
    const slug = app
      .normalize("NFD")
      .replace(/\p{M}+/gu, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-");
    const domain = SCALE_DOMAINS[i % SCALE_DOMAINS.length];
    const day = String((i % 28) + 1).padStart(2, "0");
    const month = String((i % 12) + 1).padStart(2, "0");
    const item: Item = {
      ...base,
      id: `s${n}`,
      name: `${app} ${n} ${role}`,
      favorite: i % 50 === 0,
      collectionIds: [...collections],
      revisionDate: `2026-${month}-${day}T10:00:00Z`,
      creationDate: `2025-${month}-${day}T09:00:00Z`,
      deletedDate: i % 97 === 13 ? `2026-11-${day}T09:00:00Z` : null,
    };
    const kind = i % 20;
    if (kind < 14) {
      const uris = [`https://${slug}${n}.${domain}`, ...(i % 4 === 0 ? [`https://login.${domain}/${slug}`] : []), ...(i % 9 === 0 ? [`${slug}.internal`] : [])];
      return {
        ...item,
        login: {
          uris: uris.map((uri, u) => ({ uri, match: u === 0 ? null : 1 })),
          username: i % 15 === 7 ? null : `${role.normalize("NFD").replace(/\p{M}+/gu, "")}.${n}@${domain}`,
          password: `Pw-${n}-${slug}!`,
          totp: i % 25 === 0 ? FAKE_TOTP_KEY : null,
          passwordRevisionDate: null,
        },
      };
    }
    if (kind < 17) return { ...item, type: 2, notes: `Notes for ${app} ${n}.`, secureNote: { type: 0 } };
    if (kind < 18) {
      const [first, last] = SCALE_PEOPLE[i % SCALE_PEOPLE.length];
      return {
        ...item,
        type: 3,
        name: `${app} ${n} card`,
        card: { cardholderName: `${first} ${last}`, brand: SCALE_BRANDS[i % SCALE_BRANDS.length], number: `4111 1111 1111 ${n.slice(-4)}`, expMonth: month, expYear: "2029", code: "123" },
      };
    }
    if (kind < 19) {
      const [first, last] = SCALE_PEOPLE[i % SCALE_PEOPLE.length];
      return {
        ...item,
        type: 4,
        name: `${first} ${last} ${n}`,
        identity: { ...emptyIdentity(), firstName: first, lastName: last, email: `${first.toLowerCase()}.${n}@${domain}`, company: app },
      };
    }
    return {
      ...item,
      type: 5,
      name: `${app} ${n} deploy key`,
      sshKey: { publicKey: `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA${n} deploy@${slug}`, keyFingerprint: `SHA256:${slug}${n}`, privateKey: "-----BEGIN OPENSSH PRIVATE KEY-----" },
    };
  });
}

const clone = <T>(value: T): T => structuredClone(value);

/** The item without its secrets, as the core sends it unless asked to reveal. */
export function withoutSecrets(item: Item): Item {
  const copy = clone(item);
  copy.fields = copy.fields.map((f) => (f.type === 1 ? { ...f, value: null } : f));
  if (copy.login) copy.login = { ...copy.login, password: null, totp: null };
  if (copy.card) copy.card = { ...copy.card, number: null, code: null };
  if (copy.identity) copy.identity = { ...copy.identity, ssn: null, passportNumber: null, licenseNumber: null };
  if (copy.sshKey) copy.sshKey = { ...copy.sshKey, privateKey: null };
  if (copy.passwordHistory) copy.passwordHistory = copy.passwordHistory.map((h) => ({ ...h, password: null }));
  return copy;
}

/** A saved secret: null keeps what was stored, anything else (also "") replaces it. */
const keep = (sent: string | null | undefined, stored: string | null | undefined): string | null => (sent === null || sent === undefined ? (stored ?? null) : sent);

/** The item as saved: the secrets sent as null take the stored ones. */
export function mergeSecrets(sent: Item, stored: Item | null): Item {
  const item = clone(sent);
  if (item.login) {
    item.login.password = keep(item.login.password, stored?.login?.password);
    item.login.totp = keep(item.login.totp, stored?.login?.totp);
  }
  if (item.card) {
    item.card.number = keep(item.card.number, stored?.card?.number);
    item.card.code = keep(item.card.code, stored?.card?.code);
  }
  if (item.identity) {
    item.identity.ssn = keep(item.identity.ssn, stored?.identity?.ssn);
    item.identity.passportNumber = keep(item.identity.passportNumber, stored?.identity?.passportNumber);
    item.identity.licenseNumber = keep(item.identity.licenseNumber, stored?.identity?.licenseNumber);
  }
  if (item.sshKey) item.sshKey.privateKey = keep(item.sshKey.privateKey, stored?.sshKey?.privateKey);
  // A hidden field by position and name: what the form kept of the stored one.
  item.fields = item.fields.map((f, i) => {
    if (f.type !== 1 || f.value !== null) return f;
    const old = stored?.fields[i];
    return { ...f, value: old && old.name === f.name ? old.value : null };
  });
  // A changed password goes to the history, like the clients do.
  const before = stored?.login?.password ?? null;
  if (stored && before && item.login && item.login.password !== before) {
    item.passwordHistory = [{ lastUsedDate: new Date().toISOString(), password: before }, ...(stored.passwordHistory ?? [])].slice(0, 5);
  } else {
    item.passwordHistory = stored?.passwordHistory ?? null;
  }
  return item;
}

/** Fills a sent item (the form may leave optional parts out) into the full shape. */
function normalized(organizationId: string, sent: ItemInput["item"]): Item {
  const base = emptyItem(organizationId);
  return {
    ...base,
    ...clone(sent),
    organizationId,
    fields: (sent.fields ?? []).map((f) => ({ name: f.name ?? null, value: f.value ?? null, type: f.type ?? 0, linkedId: f.linkedId ?? null })),
    login: sent.login
      ? {
          uris: (sent.login.uris ?? []).map((u) => ({ uri: u.uri ?? null, match: u.match ?? null })),
          username: sent.login.username ?? null,
          password: sent.login.password ?? null,
          totp: sent.login.totp ?? null,
          passwordRevisionDate: sent.login.passwordRevisionDate ?? null,
        }
      : null,
    card: sent.card ? { cardholderName: null, brand: null, number: null, expMonth: null, expYear: null, code: null, ...sent.card } : null,
    identity: sent.identity ? ({ ...emptyIdentity(), ...sent.identity } as Item["identity"]) : null,
    sshKey: sent.sshKey ? { privateKey: null, publicKey: null, keyFingerprint: null, ...sent.sshKey } : null,
    secureNote: sent.secureNote ? { type: sent.secureNote.type ?? 0 } : null,
    collectionIds: [...(sent.collectionIds ?? [])],
    passwordHistory: null,
  };
}

function emptyIdentity(): NonNullable<Item["identity"]> {
  return {
    title: null,
    firstName: null,
    middleName: null,
    lastName: null,
    address1: null,
    address2: null,
    address3: null,
    city: null,
    state: null,
    postalCode: null,
    country: null,
    company: null,
    email: null,
    phone: null,
    ssn: null,
    username: null,
    passportNumber: null,
    licenseNumber: null,
  };
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** A code that changes every period, the same for everyone at one time (not real TOTP). */
export function fakeTotp(key: string, nowMs: number, period = 30): TotpCode {
  const seconds = Math.floor(nowMs / 1000);
  const counter = Math.floor(seconds / period);
  let hash = counter;
  for (const ch of key) hash = (hash * 31 + ch.charCodeAt(0)) % 1_000_000;
  return { code: String(hash).padStart(6, "0"), period, remaining: period - (seconds % period) };
}

const WORDS = ["anchor", "basil", "canyon", "dahlia", "ember", "fjord", "garnet", "harbor", "iris", "juniper", "kettle", "lantern", "meadow", "nectar", "orbit", "pebble", "quartz", "raven", "saffron", "tundra"];

function random(n: number): number {
  const buffer = new Uint32Array(1);
  globalThis.crypto.getRandomValues(buffer);
  return buffer[0] % n;
}

/** Like the core's generator: the sets asked for, their minimums, then shuffled. */
export function fakeGenerate(options: GeneratorOptions): string {
  if (options.kind === "passphrase") {
    if (options.words < 3 || options.words > 20) throw new BackendError("invalid_input", "A passphrase has 3 to 20 words.");
    const words = Array.from({ length: options.words }, () => {
      const word = WORDS[random(WORDS.length)];
      return options.capitalize ? word[0].toUpperCase() + word.slice(1) : word;
    });
    if (options.includeNumber) {
      const i = random(words.length);
      words[i] = `${words[i]}${random(10)}`;
    }
    return words.join(options.separator);
  }
  const ambiguous = options.avoidAmbiguous;
  const sets = {
    upper: ambiguous ? "ABCDEFGHJKLMNPQRSTUVWXYZ" : "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
    lower: ambiguous ? "abcdefghijkmnopqrstuvwxyz" : "abcdefghijklmnopqrstuvwxyz",
    numbers: ambiguous ? "23456789" : "0123456789",
    special: "!@#$%^&*",
  };
  const chosen = [options.uppercase && sets.upper, options.lowercase && sets.lower, options.numbers && sets.numbers, options.special && sets.special].filter(
    (s): s is string => typeof s === "string",
  );
  if (chosen.length === 0) throw new BackendError("invalid_input", "Choose at least one set of characters.");
  const required = (options.numbers ? options.minNumbers : 0) + (options.special ? options.minSpecial : 0);
  if (options.length < 5 || options.length > 128 || required > options.length) {
    throw new BackendError("invalid_input", "A password has 5 to 128 characters, at least as many as the minimums ask for.");
  }
  const chars: string[] = [];
  if (options.numbers) for (let i = 0; i < options.minNumbers; i += 1) chars.push(sets.numbers[random(sets.numbers.length)]);
  if (options.special) for (let i = 0; i < options.minSpecial; i += 1) chars.push(sets.special[random(sets.special.length)]);
  const all = chosen.join("");
  while (chars.length < options.length) chars.push(all[random(all.length)]);
  for (let i = chars.length - 1; i > 0; i -= 1) {
    const j = random(i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars.join("");
}

/** Each client's items, made on first use: the demo's, or `scale[organizationId]` synthetic ones (scaleItems). */
export class FakeVault {
  private stores = new Map<string, Item[]>();
  private created = 0;

  constructor(private readonly scale: Readonly<Record<string, number>> = {}) {}

  private store(organizationId: string, org: FakeOrgMembers): Item[] {
    let items = this.stores.get(organizationId);
    if (!items) {
      const collectionId = org.collections[0]?.id ?? null;
      const count = this.scale[organizationId];
      items = count === undefined ? demoItems(organizationId, collectionId) : scaleItems(organizationId, collectionId, count);
      this.stores.set(organizationId, items);
    }
    return items;
  }

  private find(organizationId: string, org: FakeOrgMembers, itemId: string): Item {
    const item = this.store(organizationId, org).find((i) => i.id === itemId);
    if (!item) throw new BackendError("not_found", `No item of this client has the id ${JSON.stringify(itemId)} (sync if it was just added).`);
    return item;
  }

  /** The list rows, as the core's `items` makes them (never a password). */
  list(organizationId: string, org: FakeOrgMembers): ItemView[] {
    return this.store(organizationId, org).map((i) => ({
      id: i.id ?? "",
      type: TYPE_NAMES[i.type] ?? { unknown: i.type },
      name: i.name,
      username: i.login?.username ?? null,
      uris: (i.login?.uris ?? []).flatMap((u) => (u.uri ? [u.uri] : [])),
      password: null,
      hasTotp: Boolean(i.login?.totp),
      trashedAt: i.deletedDate,
      collectionIds: i.collectionIds ?? [],
      error: null,
    }));
  }

  item(organizationId: string, org: FakeOrgMembers, itemId: string, reveal: boolean): Item {
    const item = this.find(organizationId, org, itemId);
    return reveal ? clone(item) : withoutSecrets(item);
  }

  totp(organizationId: string, org: FakeOrgMembers, itemId: string, nowMs: number): TotpCode {
    const key = this.find(organizationId, org, itemId).login?.totp;
    if (!key) throw new BackendError("not_found", "This item has no authenticator key.");
    return fakeTotp(key, nowMs);
  }

  private checkCollections(org: FakeOrgMembers, ids: readonly string[]): void {
    if (ids.length === 0) throw new BackendError("invalid_input", "An item of an organization must be in at least one collection.");
    for (const id of ids) {
      if (!org.collections.some((c) => c.id === id)) throw new BackendError("not_found", `No collection of this client is named ${JSON.stringify(id)}.`);
    }
  }

  saveItem(input: ItemInput, org: FakeOrgMembers, clientName: string): FakeVaultPlan {
    const sent = normalized(input.organizationId, input.item);
    const name = sent.name.trim();
    if (name === "" || [...name].length > FAKE_VAULT_NAME_MAX) throw new BackendError("invalid_input", `An item needs a name of 1 to ${FAKE_VAULT_NAME_MAX} characters.`);
    if (![1, 2, 3, 4, 5].includes(sent.type)) throw new BackendError("invalid_input", `Items of type ${sent.type} cannot be saved by this version.`);
    this.checkCollections(org, sent.collectionIds ?? []);
    const items = this.store(input.organizationId, org);
    const itemId = input.itemId ?? null;
    const now = new Date().toISOString();
    if (itemId === null) {
      return {
        kind: "create_item",
        descriptions: [`Create the item “${name}” in “${clientName}”`],
        apply: () => {
          this.created += 1;
          items.push({ ...mergeSecrets(sent, null), name, id: `i-new-${this.created}`, revisionDate: now, creationDate: now, deletedDate: null });
        },
      };
    }
    const stored = this.find(input.organizationId, org, itemId);
    return {
      kind: "edit_item",
      descriptions: [`Change the item “${stored.name}” in “${clientName}”`],
      apply: () => {
        const saved = { ...mergeSecrets(sent, stored), name, id: stored.id, creationDate: stored.creationDate, deletedDate: stored.deletedDate, revisionDate: now };
        items.splice(items.indexOf(stored), 1, saved);
      },
    };
  }

  itemAction(organizationId: string, org: FakeOrgMembers, itemIds: readonly string[], action: ItemAction, clientName: string): FakeVaultPlan {
    const items = [...new Set(itemIds.map((id) => this.find(organizationId, org, id)))];
    if (items.length === 0) throw new BackendError("invalid_input", "Choose at least one item.");
    if (action === "trash" && items.some((i) => i.deletedDate)) throw new BackendError("invalid_input", "The item is in the trash already.");
    if (action === "restore" && items.some((i) => !i.deletedDate)) throw new BackendError("invalid_input", "Only an item in the trash can be restored.");
    const verb = { trash: "Move to the trash", restore: "Restore", delete: "Delete for good" }[action];
    const kind = ({ trash: "trash_item", restore: "restore_item", delete: "delete_item" } as const)[action];
    return {
      kind,
      descriptions: items.map((i) => `${verb} the item “${i.name}” of “${clientName}”`),
      apply: () => {
        const store = this.store(organizationId, org);
        for (const item of items) {
          if (action === "delete") store.splice(store.indexOf(item), 1);
          else item.deletedDate = action === "trash" ? new Date().toISOString() : null;
        }
      },
    };
  }

  setItemCollections(organizationId: string, org: FakeOrgMembers, itemId: string, collectionIds: readonly string[], clientName: string): FakeVaultPlan {
    const item = this.find(organizationId, org, itemId);
    const ids = [...new Set(collectionIds)];
    this.checkCollections(org, ids);
    return {
      kind: "move_item",
      descriptions: [`Put the item “${item.name}” of “${clientName}” in ${ids.length} collections`],
      apply: () => void (item.collectionIds = ids),
    };
  }

  /** The collections in tree order: a parent (an existing collection named by the path's start) before its children. */
  collections(organizationId: string, org: FakeOrgMembers): CollectionView[] {
    const items = this.store(organizationId, org);
    const names = new Map(org.collections.map((c) => [c.name, c.id]));
    const parentOf = (name: string): string | null => {
      const parts = name.split("/");
      for (let n = parts.length - 1; n > 0; n -= 1) {
        const prefix = parts.slice(0, n).join("/");
        if (names.has(prefix)) return prefix;
      }
      return null;
    };
    const depthOf = (name: string): number => {
      const parent = parentOf(name);
      return parent === null ? 0 : depthOf(parent) + 1;
    };
    /** The path of names from the root, for sorting (a parent before its children, siblings by name). */
    const path = (name: string): string[] => {
      const parent = parentOf(name);
      return parent === null ? [name] : [...path(parent), name];
    };
    const byPath = (a: string, b: string) => {
      const pa = path(a);
      const pb = path(b);
      for (let i = 0; i < Math.min(pa.length, pb.length); i += 1) {
        const c = compare(pa[i].toLowerCase(), pb[i].toLowerCase()) || compare(pa[i], pb[i]);
        if (c) return c;
      }
      return pa.length - pb.length;
    };
    return [...org.collections]
      .sort((a, b) => byPath(a.name, b.name))
      .map((c) => {
        const parent = parentOf(c.name);
        return {
          id: c.id,
          name: c.name,
          label: parent === null ? c.name : c.name.slice(parent.length + 1),
          depth: depthOf(c.name),
          itemCount: items.filter((i) => !i.deletedDate && (i.collectionIds ?? []).includes(c.id)).length,
          groups: org.groups.flatMap((g) => g.collections.filter((x) => x.collectionId === c.id).map((x) => ({ id: g.id, name: g.name, level: x.level }))),
          members: org.members.flatMap((m) =>
            m.collections.filter((x) => x.collectionId === c.id).map((x) => ({ id: m.id, name: m.name ?? m.email ?? m.id, level: x.level })),
          ),
          defaultUserCollection: false,
        };
      });
  }

  saveCollection(input: CollectionInput, org: FakeOrgMembers, clientName: string, nextId: () => string): FakeVaultPlan {
    const name = input.name.trim();
    if (name === "" || [...name].length > FAKE_VAULT_NAME_MAX) throw new BackendError("invalid_input", `A collection needs a name of 1 to ${FAKE_VAULT_NAME_MAX} characters.`);
    const groups = input.access.groups ?? [];
    const members = input.access.members ?? [];
    for (const g of groups) if (!org.groups.some((x) => x.id === g.collectionId)) throw new BackendError("not_found", `No group of this client is named ${JSON.stringify(g.collectionId)}.`);
    for (const m of members) if (!org.members.some((x) => x.id === m.collectionId)) throw new BackendError("not_found", `No member of this client matches ${JSON.stringify(m.collectionId)} (sync if they just joined).`);
    const existingId = input.collectionId ?? null;
    const existing = existingId === null ? null : org.collections.find((c) => c.id === existingId);
    if (existingId !== null && !existing) throw new BackendError("not_found", `No collection of this client is named ${JSON.stringify(existingId)}.`);
    if (org.collections.some((c) => c.name === name && c.id !== existingId)) throw new BackendError("invalid_input", `The client has a collection named ${JSON.stringify(name)} already.`);
    const setAccess = (id: string) => {
      for (const g of org.groups) {
        const level = groups.find((x) => x.collectionId === g.id)?.level;
        g.collections = [...g.collections.filter((x) => x.collectionId !== id), ...(level ? [{ collectionId: id, level }] : [])];
      }
      for (const m of org.members) {
        const level = members.find((x) => x.collectionId === m.id)?.level;
        m.collections = [...m.collections.filter((x) => x.collectionId !== id), ...(level ? [{ collectionId: id, level }] : [])];
      }
    };
    if (!existing) {
      return {
        kind: "create_collection",
        descriptions: [`Create the collection “${name}” in “${clientName}”`],
        apply: () => {
          const id = nextId();
          org.collections.push({ id, name });
          setAccess(id);
        },
      };
    }
    return {
      kind: "update_collection",
      descriptions: [`Change the collection “${existing.name}” in “${clientName}”: name “${name}”`],
      apply: () => {
        // A new entry: the demo's default collection object is shared by clients.
        org.collections = org.collections.map((c) => (c.id === existing.id ? { id: c.id, name } : c));
        setAccess(existing.id);
      },
    };
  }

  deleteCollections(organizationId: string, org: FakeOrgMembers, collectionIds: readonly string[], clientName: string): FakeVaultPlan {
    const gone = [
      ...new Set(
        collectionIds.map((id) => {
          const found = org.collections.find((c) => c.id === id);
          if (!found) throw new BackendError("not_found", `No collection of this client is named ${JSON.stringify(id)}.`);
          return found;
        }),
      ),
    ];
    if (gone.length === 0) throw new BackendError("invalid_input", "Choose at least one collection to delete.");
    const ids = new Set(gone.map((c) => c.id));
    return {
      kind: "delete_collection",
      descriptions: gone.map((c) => `Delete the collection “${c.name}” from “${clientName}”`),
      apply: () => {
        org.collections = org.collections.filter((c) => !ids.has(c.id));
        for (const g of org.groups) g.collections = g.collections.filter((x) => !ids.has(x.collectionId));
        for (const m of org.members) m.collections = m.collections.filter((x) => !ids.has(x.collectionId));
        for (const item of this.store(organizationId, org)) item.collectionIds = (item.collectionIds ?? []).filter((id) => !ids.has(id));
      },
    };
  }
}
