// An in-memory backend for component tests and browser runs without Rust
// (VITE_BACKEND=fake). It plays the demo provider: the three clients from
// Bitwarden's help page with their exact seats, a few more, and one org the
// user administers directly, and a queue of changes in every state. Each
// method can be made to fail with a given error.
import {
  BackendError,
  type AccountSummary,
  type AppError,
  type AppInfo,
  type ApplySummary,
  type Backend,
  type ClientOverview,
  type ClientView,
  type CollectionGrant,
  type ConfirmInput,
  type ConfirmPreview,
  type Dashboard,
  type DemoCredentials,
  type EventFilter,
  type EventsPage,
  type ExportedFile,
  type HealthHeatmap,
  type Lang,
  type OnboardingPage,
  type Resource,
  type ProviderEventFilter,
  type ProviderEventsPage,
  type EditMemberInput,
  type GroupInput,
  type GroupView,
  type HealthReport,
  type InviteInput,
  type ItemView,
  type JobView,
  type LoginOutcome,
  type MemberChangeInput,
  type MemberStatus,
  type MemberView,
  type MembersPage,
  type NewClientInput,
  type PasswordStrength,
  type Preferences,
  type PreferencesInput,
  type RecoverInput,
  type RecoverOutcome,
  type RecoveryPolicyInput,
  type SeatLevel,
  type SeatSummary,
  type SeatUse,
  type SessionState,
  type SessionStatus,
  type SetSeatsInput,
  type SignInInput,
  type StatusChange,
  type Submitted,
  type SyncEvent,
  type SyncSummary,
  type Unsubscribe,
  type UpdateClientInput,
} from "./types";
import {
  FAKE_GROUP_NAME_MAX,
  FAKE_INVITE_CHUNK,
  FAKE_UNASSIGNED_SEATS,
  checkFree,
  checkedEmail,
  cloneMember,
  demoOrgMembers,
  fakeFingerprint,
  fakeGeneratePassword,
  fakeKeyHash,
  fakeMember,
  fakeStrength,
  names,
  normalizedAccess,
  roleWord,
  sameEmail,
  takesSeat,
  type FakeOrgMembers,
} from "./fake-members";
import { fakeEventsPage, fakeExportEvents, fakeExportProviderEvents, fakeProviderEventsPage } from "./fake-events";
import { fakeOnboarding } from "./fake-onboarding";
import { fakeBreaches, fakeHeatmap, fakeInvitedAt, fakeItemFindings, fakeMemberHealth, fakeTotpSites } from "./fake-health";
import { FakeSends, type SendPlan } from "./fake-sends";
import { FAKE_PROVIDER_ID, FAKE_PROVIDER_NAME, FakePeople, PEOPLE_FORBIDDEN } from "./fake-people";
import { FakeBilling, type FakeBillingOptions } from "./fake-billing";
import { remotePlainHttp } from "./transport";
import { FakeVault, fakeGenerate } from "./fake-vault";
import type { CollectionInput, CollectionView, GeneratorOptions, Item, ItemAction, ItemInput, SavedFile, TotpCode } from "./types";

export { fakeMember, scaleMembers, type FakeOrgMembers } from "./fake-members";

export const FAKE_APP_INFO: AppInfo = {
  version: "0.1.0",
  dataDir: "/home/tech/.local/share/provider-desk-dev",
  logDir: "/home/tech/.local/share/provider-desk-dev/logs",
  buildKind: "debug",
};

export const FAKE_DEMO: DemoCredentials = {
  email: "admin@demo-msp.example",
  serviceUserEmail: "tech@demo-msp.example",
  password: "Provider-Desk-Demo-1",
};

export const FAKE_ACCOUNT: AccountSummary = { id: "acc-demo", server: "demo", email: FAKE_DEMO.email };

/** A fixed "now" so ages ("as of 2 hours ago") are stable in tests. */
export const FAKE_NOW = Date.UTC(2026, 10, 26, 12, 0, 0);
const hoursAgo = (h: number) => new Date(FAKE_NOW - h * 3_600_000).toISOString();

/** The core's seat rules (desk-core portal.rs), for the fake only. */
export function fakeSeatUse(assigned: number | null, used: number | null): { seatPercent: number | null; seatLevel: SeatLevel } {
  if (assigned === null || used === null || assigned <= 0) return { seatPercent: null, seatLevel: "unknown" };
  const seatPercent = Math.round((Math.max(0, used) * 100) / assigned);
  const seatLevel = used >= assigned ? "full" : seatPercent >= 90 ? "high" : "ok";
  return { seatPercent, seatLevel };
}

const WEEK_MS = 7 * 24 * 3_600_000;

export function fakeClient(
  n: number,
  name: string,
  plan: string,
  assigned: number,
  used: number,
  options: Partial<ClientView> = {},
): ClientView {
  const client: ClientView = {
    id: `po-${n}`,
    organizationId: `org-${n}`,
    name,
    plan,
    seats: { assigned, used, remaining: assigned - used },
    source: "provider",
    status: "synced",
    syncedAt: hoursAgo(2),
    listedAt: hoursAgo(2),
    lastError: null,
    stale: false,
    ...fakeSeatUse(assigned, used),
    ...options,
  };
  // Derived like the core derives them, unless the test set them itself.
  const syncedAt = client.syncedAt;
  return {
    ...client,
    stale: options.stale ?? (!syncedAt || FAKE_NOW - Date.parse(syncedAt) > WEEK_MS),
    ...(options.seats && !("seatLevel" in options) ? fakeSeatUse(options.seats.assigned, options.seats.used) : {}),
  };
}

/** The demo provider's clients as the sandbox's demo seed has them. */
export function demoClients(): ClientView[] {
  return [
    fakeClient(1, "My Client's Organization", "Enterprise (Annually)", 15, 1),
    fakeClient(2, "Second Client's Organization", "Teams (Monthly)", 20, 1),
    fakeClient(3, "Third Client's Organization", "Enterprise (Annually)", 10, 1),
    fakeClient(4, "Contoso Dental", "Teams (Monthly)", 8, 8),
    fakeClient(5, "Fabrikam Legal", "Enterprise (Monthly)", 12, 11, {
      status: "error",
      lastError: "The server failed (500). Try again later.",
      syncedAt: hoursAgo(24 * 9),
    }),
    fakeClient(6, "Northwind Traders", "Enterprise (Annually)", 25, 6, { source: "direct", id: "org-6" }),
  ];
}

/** Names a hostile server could send: they must render as inert text. */
export const HOSTILE_NAMES = [
  `<img src=x onerror="window.__pwned=1">`,
  "{{constructor.constructor('window.__pwned=1')()}}",
  "\u202Egnp.exe\u202C Right-to-left override",
  "x".repeat(10_000),
];

/** `count` synthetic clients for virtualization and filter benchmarks. */
export function scaleClients(count: number): ClientView[] {
  const plans = ["Enterprise (Annually)", "Teams (Monthly)", "Enterprise (Monthly)"];
  return Array.from({ length: count }, (_, i) => {
    const assigned = 5 + ((i * 7) % 200);
    const used = Math.min(assigned, (i * 13) % (assigned + 3));
    return fakeClient(1000 + i, `Client ${String(i + 1).padStart(5, "0")} ${["Dental", "Legal", "Logistics", "Retail", "Health"][i % 5]}`, plans[i % 3], assigned, used, {
      syncedAt: hoursAgo((i % 300) + 1),
    });
  });
}

/** One job of the fake's queue; the rest as a new job starts. */
export function fakeJob(id: number, job: Partial<JobView> & Pick<JobView, "description">): JobView {
  const createdAt = job.createdAt ?? hoursAgo(1);
  return {
    id,
    batch: `batch-${id}`,
    kind: "update_client",
    organizationId: null,
    status: "pending",
    attempts: 0,
    createdAt,
    updatedAt: createdAt,
    notBefore: null,
    error: null,
    ...job,
  };
}

/**
 * The demo provider's queue: one job in each state the view shows, worded
 * as desk-core's plan describes them.
 */
export function demoJobs(): JobView[] {
  return [
    fakeJob(1, {
      kind: "create_client",
      description: "Create the client “Contoso Dental” on Teams with 8 seats, owned by it@contoso.example",
      status: "done",
      attempts: 1,
      createdAt: hoursAgo(50),
      updatedAt: hoursAgo(50),
    }),
    fakeJob(2, {
      organizationId: "org-1",
      description: "Change “My Client's Organization”: assigned seats 10 → 15",
      status: "done",
      attempts: 1,
      createdAt: hoursAgo(26),
      updatedAt: hoursAgo(26),
    }),
    fakeJob(3, {
      organizationId: "org-5",
      description: "Change “Fabrikam Legal”: assigned seats 12 → 10",
      status: "failed",
      attempts: 1,
      createdAt: hoursAgo(8),
      updatedAt: hoursAgo(8),
      error: { code: "invalid_input", message: "You cannot reduce the number of seats below the 11 seats in use by this client." },
    }),
    fakeJob(4, {
      organizationId: "org-2",
      description: "Change “Second Client's Organization”: name “Second Client's Organization” → “Second Client”",
      status: "conflict",
      attempts: 0,
      createdAt: hoursAgo(6),
      updatedAt: hoursAgo(5),
      error: {
        code: "conflict",
        message:
          "The server changed since this was planned; nothing was overwritten. Now on the server: name “Second Client Ltd”. Sync, check, then plan the change again.",
      },
    }),
    fakeJob(5, {
      organizationId: "org-4",
      description: "Change “Contoso Dental”: assigned seats 8 → 10",
      status: "discarded",
      createdAt: hoursAgo(4),
      updatedAt: hoursAgo(3),
    }),
    fakeJob(6, {
      organizationId: "org-4",
      description: "Change “Contoso Dental”: assigned seats 8 → 12",
      status: "pending",
      createdAt: hoursAgo(2),
      updatedAt: hoursAgo(1),
      error: { code: "offline", message: "The server cannot be reached. Check the connection and try again." },
    }),
    fakeJob(7, {
      organizationId: "org-3",
      description: "Change “Third Client's Organization”: assigned seats 10 → 12",
      status: "pending",
      attempts: 1,
      createdAt: hoursAgo(1),
      updatedAt: new Date(FAKE_NOW - 60_000).toISOString(),
      notBefore: new Date(FAKE_NOW + 5 * 60_000).toISOString(),
      error: { code: "rate_limited", message: "The server is rate limiting requests; try again in 360 s" },
    }),
  ];
}

/** Jobs worded by a hostile server's names: their descriptions must stay text. */
export function hostileJobs(): JobView[] {
  return HOSTILE_NAMES.map((name, i) =>
    fakeJob(900 + i, {
      organizationId: `org-${900 + i}`,
      description: `Change “${name}”: name “${name}” → “${name}”`,
      status: "failed",
      attempts: 1,
      error: { code: "server_error", message: name },
    }),
  );
}

export interface FakeBackendOptions {
  appInfo?: AppInfo;
  preferences?: Partial<Preferences>;
  /** Where the session starts (default: unlocked with the demo clients). */
  session?: SessionStatus;
  clients?: ClientView[];
  /** The queue of changes (default: the demo jobs, one in each state). */
  jobs?: JobView[];
  /** null = never answered; false = offline. */
  online?: boolean | null;
  /** Sign-in asks for this step first (the correct code is "123456"). */
  signInStep?: "two_factor" | "new_device" | null;
  /** Makes the named method fail with this error. */
  fail?: Partial<Record<keyof Backend, AppError>>;
  /** Milliseconds each call waits before answering (to see loading states). */
  delayMs?: number;
  /** Members by organization id, instead of the demo's (groups, collections and policies stay the demo's). */
  members?: Record<string, MemberView[]>;
  /** Vault items by organization id: that many synthetic ones (scaleItems) instead of the demo's three. */
  items?: Record<string, number>;
  /** The billing situation (service user, self-hosted, warnings); default: a provider admin on the cloud. */
  billing?: FakeBillingOptions;
}

export const FAKE_CODE = "123456";

const DEFAULT_PREFERENCES: Preferences = {
  language: null,
  autoLockMinutes: 15,
  syncIntervalMinutes: 30,
  lastServer: null,
  lastEmail: null,
  recentClients: [],
  checkExposedPasswords: true,
};

export class FakeBackend implements Backend {
  appInfoValue: AppInfo;
  preferences: Preferences;
  status: SessionStatus;
  account: AccountSummary | null;
  clientList: ClientView[];
  jobList: JobView[];
  online: boolean | null;
  signInStep: "two_factor" | "new_device" | null;
  fail: Partial<Record<keyof Backend, AppError>>;
  delayMs: number;
  syncing = false;
  lastSummary: SyncSummary | null = null;
  /** Every call made, in order, for assertions (passwords replaced by "***"). */
  readonly calls: { method: keyof Backend; args: unknown[] }[] = [];
  /**
   * Set by a test: the next member change's jobs fail with this error
   * (as the server refusing them would), and nothing changes.
   */
  nextJobFailure: AppError | null = null;
  private memberStore = new Map<string, FakeOrgMembers>();
  private memberOverrides: Record<string, MemberView[]>;
  /** What a revoked member goes back to when restored. */
  private revokedFrom = new Map<string, MemberStatus>();
  private batches = 0;
  private syncListeners = new Set<(event: SyncEvent) => void>();
  private sessionListeners = new Set<(state: SessionState) => void>();
  private cancelled = false;

  constructor(options: FakeBackendOptions = {}) {
    this.appInfoValue = options.appInfo ?? { ...FAKE_APP_INFO };
    this.preferences = { ...DEFAULT_PREFERENCES, ...options.preferences };
    this.status = options.session ?? "unlocked";
    this.account = this.status === "signed_out" ? null : { ...FAKE_ACCOUNT };
    this.clientList = options.clients ?? demoClients();
    this.jobList = options.jobs ?? demoJobs();
    this.online = options.online === undefined ? true : options.online;
    this.signInStep = options.signInStep ?? null;
    this.fail = options.fail ?? {};
    this.delayMs = options.delayMs ?? 0;
    this.memberOverrides = options.members ?? {};
    this.vault = new FakeVault(options.items ?? {});
    this.billingStore = new FakeBilling(options.billing);
    this.billingServiceUser = options.billing?.serviceUser ?? false;
  }

  private async answer<T>(method: keyof Backend, args: unknown[], value: () => T): Promise<T> {
    this.calls.push({ method, args });
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    const failure = this.fail[method];
    if (failure) throw new BackendError(failure.code, failure.message);
    return value();
  }

  private requireUnlocked(): void {
    if (this.status !== "unlocked") throw new BackendError("locked", "Unlock Provider Desk to see your clients.");
  }

  private requireOnline(): void {
    if (this.online === false) throw new BackendError("offline", "The server cannot be reached. Check the connection and try again.");
  }

  /** Like the core's check_transport: plain http:// off this machine only when confirmed. */
  private requireTransport(input: SignInInput): void {
    const insecure = input.server.kind === "self_hosted" ? remotePlainHttp(input.server.url) : null;
    if (insecure && !input.allowHttp) {
      throw new BackendError(
        "invalid_input",
        `${insecure.hostname} uses plain http://, so your password hash and tokens would cross the network unencrypted. Use its https:// address, or confirm that you accept this.`,
      );
    }
  }

  private client(organizationId: string): ClientView {
    const found = this.clientList.find((c) => c.organizationId === organizationId);
    if (!found) throw new BackendError("not_found", "No client with that id is in the snapshot.");
    return found;
  }

  private state(): SessionState {
    return {
      status: this.status,
      account: this.account ? { ...this.account } : null,
      accounts: this.account ? [{ ...this.account }] : [],
      online: this.online,
      lastSync: this.lastSummary
        ? { finishedAt: new Date(FAKE_NOW).toISOString(), outcome: this.lastSummary.outcome, errors: this.lastSummary.errors.length }
        : this.status === "signed_out"
          ? null
          : { finishedAt: hoursAgo(2), outcome: "success", errors: 0 },
      sync: null,
    };
  }

  /** Test helper: pushes a session change as the Rust side would (auto-lock, connectivity). */
  emitSession(change: Partial<Pick<FakeBackend, "status" | "online">>): void {
    if (change.status) this.status = change.status;
    if (change.online !== undefined) this.online = change.online;
    const state = this.state();
    for (const listener of this.sessionListeners) listener(state);
  }

  private emitSync(event: SyncEvent): void {
    for (const listener of this.syncListeners) listener(event);
  }

  appInfo(): Promise<AppInfo> {
    return this.answer("appInfo", [], () => ({ ...this.appInfoValue }));
  }

  getPreferences(): Promise<Preferences> {
    return this.answer("getPreferences", [], () => ({ ...this.preferences }));
  }

  setPreferences(prefs: PreferencesInput): Promise<void> {
    return this.answer("setPreferences", [prefs], () => {
      // Like the core: a field left out keeps its saved value.
      const current = this.preferences;
      this.preferences = {
        language: prefs.language === undefined ? current.language : prefs.language,
        autoLockMinutes: prefs.autoLockMinutes ?? current.autoLockMinutes,
        syncIntervalMinutes: prefs.syncIntervalMinutes ?? current.syncIntervalMinutes,
        lastServer: prefs.lastServer === undefined ? current.lastServer : prefs.lastServer,
        lastEmail: prefs.lastEmail === undefined ? current.lastEmail : prefs.lastEmail,
        recentClients: (prefs.recentClients ?? current.recentClients).slice(0, 5),
        checkExposedPasswords: prefs.checkExposedPasswords ?? current.checkExposedPasswords,
      };
    });
  }

  sessionState(): Promise<SessionState> {
    return this.answer("sessionState", [], () => this.state());
  }

  demoCredentials(): Promise<DemoCredentials> {
    return this.answer("demoCredentials", [], () => ({ ...FAKE_DEMO }));
  }

  signIn(input: SignInInput): Promise<LoginOutcome> {
    return this.answer("signIn", [{ ...input, password: "***" }], (): LoginOutcome => {
      this.requireTransport(input);
      if (input.server.kind !== "demo") this.requireOnline();
      if (input.password !== FAKE_DEMO.password) {
        throw new BackendError("invalid_input", "Username or password is incorrect. Try again.");
      }
      if (this.signInStep === "two_factor") {
        if (!input.twoFactor) return { kind: "two_factor_required", methods: ["authenticator", "email"], emailHint: "a***@demo-msp.example" };
        if (input.twoFactor.code !== FAKE_CODE) throw new BackendError("invalid_input", "Two-step token is invalid. Try again.");
      }
      if (this.signInStep === "new_device") {
        if (!input.newDeviceCode) return { kind: "new_device_otp_required" };
        if (input.newDeviceCode !== FAKE_CODE) throw new BackendError("invalid_input", "Invalid new device OTP.");
      }
      this.status = "unlocked";
      this.account = { id: FAKE_ACCOUNT.id, server: input.server.kind === "self_hosted" ? input.server.url : input.server.kind, email: input.email };
      return { kind: "signed_in", account: { ...this.account } };
    });
  }

  sendLoginEmail(input: SignInInput): Promise<void> {
    return this.answer("sendLoginEmail", [{ ...input, password: "***" }], () => {
      this.requireTransport(input);
      this.requireOnline();
    });
  }

  resendDeviceCode(input: SignInInput): Promise<void> {
    return this.answer("resendDeviceCode", [{ ...input, password: "***" }], () => {
      this.requireTransport(input);
      this.requireOnline();
    });
  }

  unlock(accountId: string, password: string): Promise<AccountSummary> {
    return this.answer("unlock", [accountId, "***"], () => {
      if (!this.account || this.account.id !== accountId) throw new BackendError("not_found", "No signed-in account matches; sign in first.");
      if (password !== FAKE_DEMO.password) throw new BackendError("invalid_input", "Invalid master password.");
      this.status = "unlocked";
      return { ...this.account };
    });
  }

  lock(): Promise<void> {
    return this.answer("lock", [], () => {
      if (this.status === "unlocked") this.status = "locked";
    });
  }

  logout(deleteSnapshot: boolean): Promise<void> {
    return this.answer("logout", [deleteSnapshot], () => {
      this.status = "signed_out";
      this.account = null;
      if (deleteSnapshot) {
        this.clientList = [];
        this.jobList = [];
      }
    });
  }

  touch(): Promise<void> {
    return this.answer("touch", [], () => undefined);
  }

  clients(): Promise<ClientView[]> {
    return this.answer("clients", [], () => {
      this.requireUnlocked();
      return this.clientList.map((c) => ({ ...c, seats: { ...c.seats } }));
    });
  }

  dashboard(): Promise<Dashboard> {
    return this.answer("dashboard", [], () => {
      this.requireUnlocked();
      return fakeDashboard(this.clientList);
    });
  }

  clientOverview(organizationId: string): Promise<ClientOverview> {
    return this.answer("clientOverview", [organizationId], () => {
      this.requireUnlocked();
      const client = this.client(organizationId);
      const members = this.orgMembers(organizationId).members;
      const count = (status: MemberStatus) => members.filter((m) => m.status === status).length;
      return {
        client: { ...client, seats: { ...client.seats } },
        members: { total: members.length, invited: count("invited"), accepted: count("accepted"), confirmed: count("confirmed"), revoked: count("revoked") },
        items: 4,
        collections: 2,
        groups: 1,
        policies: 3,
        events: 120,
      };
    });
  }

  members(organizationId: string): Promise<MemberView[]> {
    return this.answer("members", [organizationId], () => {
      this.requireUnlocked();
      return this.orgMembers(organizationId).members.map(cloneMember);
    });
  }

  // ---------------------------------------------------------------------
  // Members: the page from the "snapshot", and changes checked like the
  // core plans them. Online, a change is applied at once (a "done" job);
  // offline it waits as a "pending" job and nothing changes yet.

  /** A client's members, made from the demo data on first use. */
  private orgMembers(organizationId: string): FakeOrgMembers {
    const client = this.client(organizationId);
    let org = this.memberStore.get(organizationId);
    if (!org) {
      org = demoOrgMembers(client);
      const override = this.memberOverrides[organizationId];
      if (override) org = { ...org, members: override.map(cloneMember) };
      this.memberStore.set(organizationId, org);
    }
    return org;
  }

  /** The core's seat summary (desk-core members/seats.rs). */
  private seatSummary(organizationId: string): SeatSummary {
    const client = this.client(organizationId);
    const members = this.orgMembers(organizationId).members;
    const used = members.length === 0 ? (client.seats.used ?? 0) : members.filter(takesSeat).length;
    const assigned = client.seats.assigned;
    const billing = client.source === "provider" ? "provider" : "organization";
    return {
      assigned,
      used,
      free: assigned === null ? null : Math.max(0, assigned - used),
      pendingInvites: members.filter((m) => m.status === "invited").length,
      billing,
      serviceUser: billing === "provider" && this.account?.email === FAKE_DEMO.serviceUserEmail,
    };
  }

  /** After a change, the client list counts the seats the members take (as a sync would). */
  private recountSeats(organizationId: string): void {
    const used = this.seatSummary(organizationId).used;
    this.clientList = this.clientList.map((c) =>
      c.organizationId === organizationId
        ? {
            ...c,
            seats: { ...c.seats, used, remaining: c.seats.assigned === null ? null : c.seats.assigned - used },
            ...fakeSeatUse(c.seats.assigned, used),
          }
        : c,
    );
  }

  /** The members an input names (by id or e-mail), each once, like the core's `targets`. */
  private targets(input: MemberChangeInput): MemberView[] {
    if (input.memberIds.length === 0) throw new BackendError("not_found", `No member of this client matches "" (sync if they just joined).`);
    const members = this.orgMembers(input.organizationId).members;
    const found: MemberView[] = [];
    for (const query of input.memberIds) {
      const member = members.find((m) => m.id === query.trim() || sameEmail(m.email, query));
      if (!member) throw new BackendError("not_found", `No member of this client matches ${JSON.stringify(query.trim())} (sync if they just joined).`);
      if (!found.includes(member)) found.push(member);
    }
    return found;
  }

  private checkAccess(organizationId: string, access: { collections: { collectionId: string }[]; groups: string[] }): void {
    const org = this.orgMembers(organizationId);
    for (const grant of access.collections) {
      if (!org.collections.some((c) => c.id === grant.collectionId)) {
        throw new BackendError("not_found", `No collection of this client is named ${JSON.stringify(grant.collectionId)}.`);
      }
    }
    for (const id of access.groups) {
      if (!org.groups.some((g) => g.id === id)) throw new BackendError("not_found", `No group of this client is named ${JSON.stringify(id)}.`);
    }
  }

  /** Like `queueJobs`, then the client's seats recounted once the change applies. */
  private submit(kind: JobView["kind"], organizationId: string, descriptions: string[], apply: () => void): Submitted {
    return this.queueJobs(kind, organizationId, descriptions, () => {
      apply();
      this.recountSeats(organizationId);
    });
  }

  /**
   * Queues one user action's jobs and "sends" them: applied at once online,
   * left pending offline, failed when a test set `nextJobFailure`.
   */
  private queueJobs(kind: JobView["kind"], organizationId: string | null, descriptions: string[], apply: () => void): Submitted {
    this.batches += 1;
    const batch = `fake-batch-${this.batches}`;
    const failure = this.nextJobFailure;
    this.nextJobFailure = null;
    const offline = this.online === false;
    if (!offline && !failure) apply();
    const at = new Date(FAKE_NOW).toISOString();
    const jobs = descriptions.map((description) => {
      const id = Math.max(0, ...this.jobList.map((j) => j.id)) + 1;
      const job = fakeJob(id, {
        batch,
        kind,
        organizationId,
        description,
        createdAt: at,
        updatedAt: at,
        ...(offline
          ? { status: "pending", attempts: 0, error: { code: "offline", message: "The server cannot be reached. Check the connection and try again." } }
          : failure
            ? { status: failure.code === "conflict" ? "conflict" : "failed", attempts: 1, error: { ...failure } }
            : { status: "done", attempts: 1 }),
      } as Partial<JobView> & Pick<JobView, "description">);
      this.jobList = [...this.jobList, job];
      return job;
    });
    return { batch, jobs: jobs.map((j) => ({ ...j, error: j.error ? { ...j.error } : null })) };
  }

  membersPage(organizationId: string): Promise<MembersPage> {
    return this.answer("membersPage", [organizationId], () => {
      this.requireUnlocked();
      const client = this.client(organizationId);
      const org = this.orgMembers(organizationId);
      const count = (status: MemberStatus) => org.members.filter((m) => m.status === status).length;
      return {
        organizationId,
        clientName: client.name,
        members: org.members.map(cloneMember),
        counts: { all: org.members.length, invited: count("invited"), needsConfirmation: count("accepted"), revoked: count("revoked") },
        groups: org.groups.map((g) => ({ id: g.id, name: g.name })),
        collections: org.collections.map((c) => ({ ...c })),
        seats: this.seatSummary(organizationId),
        recovery: {
          enabled: org.recovery.enabled,
          singleOrg: org.recovery.singleOrg,
          enrolled: org.members.filter((m) => m.recoveryEnrolled).length,
        },
        asOf: client.syncedAt,
      };
    });
  }

  inviteMembers(input: InviteInput): Promise<Submitted> {
    return this.answer("inviteMembers", [input], () => {
      this.requireUnlocked();
      const client = this.client(input.organizationId);
      const org = this.orgMembers(input.organizationId);
      const emails: string[] = [];
      for (const text of input.emails) {
        const email = checkedEmail(text);
        if (!emails.some((e) => sameEmail(e, email))) emails.push(email);
      }
      if (emails.length === 0) throw new BackendError("invalid_input", "Enter at least one email address.");
      for (const email of emails) {
        if (org.members.some((m) => sameEmail(m.email, email))) throw new BackendError("conflict", `${email} is already a member of this client.`);
      }
      const access = normalizedAccess(input.access);
      this.checkAccess(input.organizationId, access);
      checkFree(this.seatSummary(input.organizationId), emails.length);
      const chunks: string[][] = [];
      for (let i = 0; i < emails.length; i += FAKE_INVITE_CHUNK) chunks.push(emails.slice(i, i + FAKE_INVITE_CHUNK));
      return this.submit(
        "invite_members",
        input.organizationId,
        chunks.map((chunk) => `Invite ${chunk.join(", ")} to “${client.name}” as ${roleWord(access.role)}`),
        () => {
          const start = org.members.length;
          org.members.push(
            ...emails.map((email, i) =>
              fakeMember(`m-${input.organizationId}-new-${this.batches}-${start + i}`, email, null, { status: "invited", ...normalizedAccess(access) }),
            ),
          );
        },
      );
    });
  }

  reinviteMembers(input: MemberChangeInput): Promise<Submitted> {
    return this.answer("reinviteMembers", [input], () => {
      this.requireUnlocked();
      const client = this.client(input.organizationId);
      const members = this.targets(input);
      for (const m of members) {
        if (m.status !== "invited") {
          throw new BackendError("conflict", `${m.email ?? m.id} is ${statusWord(m.status)}; only invited members can be sent the invitation again.`);
        }
      }
      return this.submit("reinvite_members", input.organizationId, [`Send the invitation to ${names(members)} again (“${client.name}”)`], () => undefined);
    });
  }

  changeMemberStatus(change: StatusChange, input: MemberChangeInput): Promise<Submitted> {
    return this.answer("changeMemberStatus", [change, input], () => {
      this.requireUnlocked();
      const client = this.client(input.organizationId);
      const org = this.orgMembers(input.organizationId);
      const members = this.targets(input);
      for (const m of members) {
        const wrong = change === "revoke" ? m.status === "revoked" : change === "restore" ? m.status !== "revoked" : false;
        if (wrong) throw new BackendError("conflict", `${m.email ?? m.id} is already ${change === "restore" ? "active" : statusWord(m.status)}.`);
      }
      if (change === "restore") checkFree(this.seatSummary(input.organizationId), members.length);
      const verb = { revoke: "Revoke", restore: "Restore", remove: "Remove" }[change];
      const kind = ({ revoke: "revoke_members", restore: "restore_members", remove: "remove_members" } as const)[change];
      return this.submit(kind, input.organizationId, [`${verb} ${names(members)} in “${client.name}”`], () => {
        if (change === "remove") {
          org.members = org.members.filter((m) => !members.includes(m));
          return;
        }
        for (const m of members) {
          if (change === "revoke") {
            this.revokedFrom.set(m.id, m.status);
            m.status = "revoked";
          } else {
            m.status = this.revokedFrom.get(m.id) ?? (m.userId ? "confirmed" : "invited");
            this.revokedFrom.delete(m.id);
          }
        }
      });
    });
  }

  editMember(input: EditMemberInput): Promise<Submitted> {
    return this.answer("editMember", [input], () => {
      this.requireUnlocked();
      const client = this.client(input.organizationId);
      const [member] = this.targets({ organizationId: input.organizationId, memberIds: [input.memberId] });
      const wanted = normalizedAccess(input.access);
      this.checkAccess(input.organizationId, wanted);
      const description = `Change ${member.email ?? member.id}'s access in “${client.name}”: ${roleWord(wanted.role)}, ${wanted.collections.length} collections, ${wanted.groups.length} groups`;
      return this.submit("edit_member", input.organizationId, [description], () => Object.assign(member, wanted));
    });
  }

  confirmPreview(organizationId: string, memberIds: string[]): Promise<ConfirmPreview[]> {
    return this.answer("confirmPreview", [organizationId, memberIds], () => {
      this.requireUnlocked();
      const members = this.targets({ organizationId, memberIds });
      for (const m of members) {
        if (m.status !== "accepted") {
          throw new BackendError("conflict", `${m.email ?? m.id} is ${statusWord(m.status)}; only members who accepted their invitation can be confirmed.`);
        }
      }
      // The members' public keys are read from the server at this moment;
      // offline, as the last sync saw them (checked again before the confirm is sent).
      const fromSnapshot = this.online === false;
      return members.map((m) => ({
        memberId: m.id,
        email: m.email ?? m.id,
        name: m.name,
        fingerprint: fakeFingerprint(m.id),
        publicKeySha256: fakeKeyHash(m.id),
        fromSnapshot,
      }));
    });
  }

  confirmMembers(input: ConfirmInput): Promise<Submitted> {
    return this.answer("confirmMembers", [input], () => {
      this.requireUnlocked();
      const client = this.client(input.organizationId);
      const members = this.targets({ organizationId: input.organizationId, memberIds: input.members.map((c) => c.memberId) });
      for (const m of members) {
        const email = m.email ?? m.id;
        if (!input.compared) {
          throw new BackendError("invalid_input", `The fingerprint of ${email} was not confirmed as compared; compare it with the member out of band first.`);
        }
        if (m.status !== "accepted") {
          throw new BackendError("conflict", `${email} is ${statusWord(m.status)}; only members who accepted their invitation can be confirmed.`);
        }
        const choice = input.members.find((c) => c.memberId === m.id);
        if (choice?.publicKeySha256 !== fakeKeyHash(m.id)) {
          throw new BackendError("conflict", `The key of ${email} is not the one whose fingerprint was shown; look at the new fingerprint before confirming.`);
        }
      }
      const autoEnroll = this.orgMembers(input.organizationId).recovery;
      return this.submit("confirm_members", input.organizationId, [`Confirm ${names(members)} in “${client.name}”`], () => {
        for (const m of members) {
          m.status = "confirmed";
          // Enrolled on joining when the policy enrols new members automatically.
          if (autoEnroll.enabled && autoEnroll.autoEnroll && m.hasMasterPassword && !m.usesKeyConnector) m.recoveryEnrolled = true;
        }
      });
    });
  }

  setSeats(input: SetSeatsInput): Promise<Submitted> {
    return this.answer("setSeats", [input], () => {
      this.requireUnlocked();
      const client = this.client(input.organizationId);
      if (input.seats < 0) throw new BackendError("invalid_input", "Assigned seats cannot be negative.");
      const seats = this.seatSummary(input.organizationId);
      if (input.seats < seats.used) throw new BackendError("invalid_input", `You cannot assign fewer seats than the ${seats.used} in use.`);
      const current = seats.assigned;
      if (current === null) throw new BackendError("invalid_input", "The client's seats are not known yet; sync, then try again.");
      if (seats.serviceUser && input.seats > current) {
        if (this.online === false) {
          throw new BackendError(
            "offline",
            "This needs the server: a service user can add seats only within the provider's unassigned seats, which only the server knows",
          );
        }
        const adding = input.seats - current;
        if (adding > FAKE_UNASSIGNED_SEATS) {
          throw new BackendError(
            "forbidden",
            `A service user can add only the provider's ${FAKE_UNASSIGNED_SEATS} unassigned seats of this plan; adding ${adding} needs a provider admin.`,
          );
        }
      }
      const provider = seats.billing === "provider";
      const description = provider
        ? `Change “${client.name}”: assigned seats ${current} → ${input.seats}`
        : `Change “${client.name}”'s seats ${current} → ${input.seats}`;
      return this.submit(provider ? "update_client" : "adjust_seats", input.organizationId, [description], () => {
        this.clientList = this.clientList.map((c) =>
          c.organizationId === input.organizationId ? { ...c, seats: { ...c.seats, assigned: input.seats } } : c,
        );
      });
    });
  }

  recoverAccount(input: RecoverInput): Promise<RecoverOutcome> {
    const shown = { ...input, newPassword: input.newPassword.kind === "typed" ? { kind: "typed", password: "***" } : input.newPassword };
    return this.answer("recoverAccount", [shown], () => {
      this.requireUnlocked();
      const client = this.client(input.organizationId);
      const org = this.orgMembers(input.organizationId);
      const member = org.members.find((m) => m.id === input.memberId || sameEmail(m.email, input.memberId));
      if (!member) throw new BackendError("not_found", `No member of this client matches ${JSON.stringify(input.memberId)} (sync if they just joined).`);
      const email = member.email ?? member.id;
      if (!org.recovery.enabled) {
        throw new BackendError("forbidden", "Account recovery is off for this client: turn on its account recovery administration policy first.");
      }
      if (member.status !== "confirmed") throw new BackendError("forbidden", `${email} has not confirmed membership yet; only confirmed members can be recovered.`);
      if (member.usesKeyConnector) throw new BackendError("forbidden", `${email} signs in through Key Connector and has no master password to reset.`);
      if (!member.recoveryEnrolled) throw new BackendError("forbidden", `${email} is not enrolled in account recovery, so their password cannot be reset.`);
      let generatedPassword: string | null = null;
      if (input.newPassword.kind === "typed") {
        const typed = input.newPassword.password;
        if ([...typed].length < 12) throw new BackendError("invalid_input", "The new password is too weak: a master password needs at least 12 characters.");
        const strength = fakeStrength(typed, email);
        if (strength.score < 3) {
          throw new BackendError(
            "invalid_input",
            `The new password is too weak: ${strength.label.toLowerCase()} (${strength.warning ?? "add words or characters"}).`,
          );
        }
      } else {
        generatedPassword = fakeGeneratePassword();
      }
      // The member's wrapped user key and KDF are read from the server now.
      this.requireOnline();
      const reset = input.resetTwoFactor ?? false;
      const description = `Reset the master password of ${email} in “${client.name}”${reset ? " and turn off their two-step login" : ""}`;
      const submitted = this.submit("recover_account", input.organizationId, [description], () => {
        if (reset) member.twoFactorEnabled = false;
      });
      // Like the core: the password comes back whatever the job's fate; the UI shows it only if it can take effect.
      return { submitted, generatedPassword };
    });
  }

  setRecoveryPolicy(input: RecoveryPolicyInput): Promise<Submitted> {
    return this.answer("setRecoveryPolicy", [input], () => {
      this.requireUnlocked();
      const client = this.client(input.organizationId);
      const org = this.orgMembers(input.organizationId);
      if (input.enabled && !org.recovery.singleOrg) {
        throw new BackendError(
          "forbidden",
          "Account recovery needs the Single organization policy: turn it on first in the organization's policies (it removes members who belong to other organizations).",
        );
      }
      // Described like the core's SetPolicy (the policy type's wire name).
      const description = `Turn ${input.enabled ? "on" : "off"} the reset_password policy of “${client.name}”`;
      return this.submit("set_recovery_policy", input.organizationId, [description], () => {
        org.recovery.enabled = input.enabled;
        org.recovery.autoEnroll = input.enabled && (input.autoEnroll ?? false);
      });
    });
  }

  groups(organizationId: string): Promise<GroupView[]> {
    return this.answer("groups", [organizationId], () => {
      this.requireUnlocked();
      const org = this.orgMembers(organizationId);
      // Like the core: members from the members' own group lists, sorted by name ignoring case.
      return org.groups
        .map((g) => ({
          id: g.id,
          name: g.name,
          memberIds: org.members
            .filter((m) => m.groups.includes(g.id))
            .map((m) => m.id)
            .sort(),
          collections: sortedGrants(g.collections),
        }))
        .sort((a, b) => compareText(a.name.toLowerCase(), b.name.toLowerCase()));
    });
  }

  saveGroup(input: GroupInput): Promise<Submitted> {
    return this.answer("saveGroup", [input], () => {
      this.requireUnlocked();
      const client = this.client(input.organizationId);
      const org = this.orgMembers(input.organizationId);
      // The core's GroupSettings::normalized.
      const name = input.settings.name.trim();
      const collections = sortedGrants(input.settings.collections ?? []).filter(
        (g, i, all) => i === 0 || all[i - 1].collectionId !== g.collectionId,
      );
      const memberIds = [...new Set(input.settings.memberIds ?? [])].sort();
      if (name === "" || [...name].length > FAKE_GROUP_NAME_MAX) {
        throw new BackendError("invalid_input", `A group needs a name of 1 to ${FAKE_GROUP_NAME_MAX} characters.`);
      }
      for (const id of memberIds) {
        if (!org.members.some((m) => m.id === id)) throw new BackendError("not_found", `No member of this client matches ${JSON.stringify(id)} (sync if they just joined).`);
      }
      this.checkAccess(input.organizationId, { collections, groups: [] });
      const counts = `${memberIds.length} members, ${collections.length} collections`;
      const setMembers = (groupId: string) => {
        for (const m of org.members) {
          const wanted = memberIds.includes(m.id);
          if (wanted && !m.groups.includes(groupId)) m.groups = [...m.groups, groupId];
          if (!wanted && m.groups.includes(groupId)) m.groups = m.groups.filter((g) => g !== groupId);
        }
      };
      const groupId = input.groupId ?? null;
      if (groupId === null) {
        return this.submit("create_group", input.organizationId, [`Create the group “${name}” in “${client.name}” (${counts})`], () => {
          const id = `g-${input.organizationId}-new-${this.batches}`;
          org.groups.push({ id, name, collections });
          setMembers(id);
        });
      }
      const group = org.groups.find((g) => g.id === groupId);
      if (!group) throw new BackendError("not_found", `No group of this client is named ${JSON.stringify(groupId)}.`);
      return this.submit("update_group", input.organizationId, [`Change the group “${group.name}” in “${client.name}”: name “${name}”, ${counts}`], () => {
        group.name = name;
        group.collections = collections;
        setMembers(group.id);
      });
    });
  }

  deleteGroups(organizationId: string, groupIds: string[]): Promise<Submitted> {
    return this.answer("deleteGroups", [organizationId, groupIds], () => {
      this.requireUnlocked();
      const client = this.client(organizationId);
      const org = this.orgMembers(organizationId);
      // Like the core: by id or name, each once; the members stay members.
      const groups = [
        ...new Set(
          groupIds.map((id) => {
            const group = org.groups.find((g) => g.id === id || g.name === id);
            if (!group) throw new BackendError("not_found", `No group of this client is named ${JSON.stringify(id)}.`);
            return group;
          }),
        ),
      ];
      if (groups.length === 0) throw new BackendError("invalid_input", "Choose at least one group to delete.");
      return this.submit(
        "delete_group",
        organizationId,
        groups.map((g) => `Delete the group “${g.name}” from “${client.name}”`),
        () => {
          const gone = new Set(groups.map((g) => g.id));
          org.groups = org.groups.filter((g) => !gone.has(g.id));
          for (const m of org.members) if (m.groups.some((g) => gone.has(g))) m.groups = m.groups.filter((g) => !gone.has(g));
        },
      );
    });
  }

  passwordStrength(password: string, email: string): Promise<PasswordStrength> {
    return this.answer("passwordStrength", ["***", email], () => fakeStrength(password, email));
  }

  items(organizationId: string): Promise<ItemView[]> {
    return this.answer("items", [organizationId], () => {
      this.requireUnlocked();
      this.client(organizationId);
      return this.vault.list(organizationId, this.orgMembers(organizationId));
    });
  }

  /**
   * Like the core: from the snapshot (works offline), with the breach check
   * unless the setting turns it off; findings name items, never passwords.
   */
  healthReport(organizationId: string): Promise<HealthReport> {
    return this.answer("healthReport", [organizationId], () => {
      this.requireUnlocked();
      return this.report(organizationId);
    });
  }

  private report(organizationId: string): HealthReport {
    const client = this.client(organizationId);
    const org = this.orgMembers(organizationId);
    const check = this.preferences.checkExposedPasswords;
    const { itemsChecked, findings } = fakeItemFindings(client, check);
    return {
      organizationId,
      clientName: client.name,
      asOf: client.syncedAt,
      itemsChecked,
      findings,
      members: fakeMemberHealth(org.members, org.recovery.enabled, FAKE_NOW, fakeInvitedAt(FAKE_NOW)),
      breaches: fakeBreaches(client, check, this.online !== false),
      totpSites: fakeTotpSites(),
      strengthEstimates: 0,
    };
  }

  /** Like the core: every client's counts, and their change since the previous sync. */
  healthHeatmap(): Promise<HealthHeatmap> {
    return this.answer("healthHeatmap", [], () => {
      this.requireUnlocked();
      return fakeHeatmap(this.clientList, (id) => this.report(id));
    });
  }

  /** Like the core: one page of the client's event log, filtered (works offline). */
  eventsPage(organizationId: string, filter: EventFilter, lang: Lang): Promise<EventsPage> {
    return this.answer("eventsPage", [organizationId, filter, lang], () => {
      this.requireUnlocked();
      const client = this.client(organizationId);
      return fakeEventsPage(client, this.orgMembers(organizationId).members, filter, lang);
    });
  }

  /** Like the core: the provider's own log, for provider admins (the fake's user is one). */
  providerEventsPage(filter: ProviderEventFilter, lang: Lang): Promise<ProviderEventsPage> {
    return this.answer("providerEventsPage", [filter, lang], () => {
      this.requireUnlocked();
      return fakeProviderEventsPage(this.clientList, filter, lang);
    });
  }

  exportProviderEvents(filter: ProviderEventFilter, lang: Lang): Promise<ExportedFile> {
    return this.answer("exportProviderEvents", [filter, lang], () => {
      this.requireUnlocked();
      return fakeExportProviderEvents(this.clientList, filter, lang);
    });
  }

  /** Like the core: each member's onboarding progress, from the snapshot. */
  onboarding(organizationId: string, lang: Lang): Promise<OnboardingPage> {
    return this.answer("onboarding", [organizationId, lang], () => {
      this.requireUnlocked();
      const client = this.client(organizationId);
      const org = this.orgMembers(organizationId);
      return fakeOnboarding(client, org.members, org.recovery.enabled, FAKE_NOW, fakeInvitedAt(FAKE_NOW), lang);
    });
  }

  /** Like the app: opens the resource's page in the browser (the fake records the call only). */
  openResource(resource: Resource): Promise<void> {
    return this.answer("openResource", [resource], () => undefined);
  }

  /** Like the core: every matching event as Bitwarden's CSV, "saved" in Downloads. */
  exportEvents(organizationId: string, filter: EventFilter, lang: Lang): Promise<ExportedFile> {
    return this.answer("exportEvents", [organizationId, filter, lang], () => {
      this.requireUnlocked();
      const client = this.client(organizationId);
      return fakeExportEvents(client, this.orgMembers(organizationId).members, filter, lang);
    });
  }

  createClient(input: NewClientInput): Promise<ClientView[]> {
    return this.answer("createClient", [input], () => {
      this.requireUnlocked();
      this.requireOnline();
      if (input.seats < 1) throw new BackendError("invalid_input", "The field Seats must be between 1 and 2147483647.");
      const n = this.clientList.length + 100;
      this.clientList = [
        ...this.clientList,
        fakeClient(n, input.name, input.plan === "teams" ? "Teams (Monthly)" : "Enterprise (Annually)", input.seats, 0, {
          status: "never_synced",
          syncedAt: null,
        }),
      ];
      const plan = input.plan === "teams" ? "Teams" : "Enterprise";
      this.recordDone(
        "create_client",
        null,
        `Create the client “${input.name}” on ${plan} with ${input.seats} seats, owned by ${input.ownerEmail}`,
      );
      return this.clientList.map((c) => ({ ...c }));
    });
  }

  updateClient(input: UpdateClientInput): Promise<ClientView[]> {
    return this.answer("updateClient", [input], () => {
      this.requireUnlocked();
      this.requireOnline();
      const client = this.client(input.organizationId);
      const used = client.seats.used ?? 0;
      // Like the core: no seats given keeps the ones the snapshot holds.
      const assigned = input.assignedSeats ?? client.seats.assigned;
      if (assigned === null || assigned === undefined) {
        throw new BackendError("invalid_input", "This client's assigned seats are not known yet; sync, then try again.");
      }
      if (assigned < used) {
        throw new BackendError("invalid_input", `You cannot reduce the number of seats below the ${used} seats in use by this client.`);
      }
      // Described like desk-core's plan.
      const parts = [
        ...(assigned !== client.seats.assigned ? [`assigned seats ${client.seats.assigned} → ${assigned}`] : []),
        ...(input.name !== client.name ? [`name “${client.name}” → “${input.name}”`] : []),
      ];
      this.recordDone("update_client", client.organizationId, `Change “${client.name}”: ${parts.join(", ") || "no change"}`);
      this.clientList = this.clientList.map((c) =>
        c.organizationId === input.organizationId
          ? {
              ...c,
              name: input.name,
              seats: { assigned, used, remaining: assigned - used },
              ...fakeSeatUse(assigned, used),
            }
          : c,
      );
      return this.clientList.map((c) => ({ ...c }));
    });
  }

  /** A change the fake applied at once, as the core's queue records it. */
  private recordDone(kind: JobView["kind"], organizationId: string | null, description: string): void {
    const id = Math.max(0, ...this.jobList.map((j) => j.id)) + 1;
    const at = new Date(FAKE_NOW).toISOString();
    this.jobList = [...this.jobList, fakeJob(id, { kind, organizationId, description, status: "done", attempts: 1, createdAt: at, updatedAt: at })];
  }

  private moveJob(id: number, from: JobView["status"][], to: JobView["status"]): void {
    const job = this.jobList.find((j) => j.id === id);
    if (!job || !from.includes(job.status)) {
      throw new BackendError("conflict", "That change is not in a state that allows this (it may have been applied meanwhile).");
    }
    // Like the core: the last answer is kept; a wait for a rate limit is not.
    this.jobList = this.jobList.map((j) =>
      j.id === id ? { ...j, status: to, notBefore: null, updatedAt: new Date(FAKE_NOW).toISOString() } : j,
    );
  }

  queue(): Promise<JobView[]> {
    return this.answer("queue", [], () => {
      this.requireUnlocked();
      return this.jobList.map((j) => ({ ...j, error: j.error ? { ...j.error } : null }));
    });
  }

  applyQueue(): Promise<ApplySummary> {
    return this.answer("applyQueue", [], () => {
      this.requireUnlocked();
      const summary: ApplySummary = { done: 0, failed: 0, conflicts: 0, pending: 0 };
      const at = new Date(FAKE_NOW).toISOString();
      const offline = { code: "offline", message: "The server cannot be reached. Check the connection and try again." } as const;
      this.jobList = this.jobList.map((job) => {
        if (job.status !== "pending" && job.status !== "applying") return job;
        // Like the core: an unreachable server or a rate limit leaves the job pending.
        if (this.online === false || (job.notBefore && Date.parse(job.notBefore) > FAKE_NOW)) {
          summary.pending += 1;
          return this.online === false ? { ...job, error: offline, updatedAt: at } : job;
        }
        summary.done += 1;
        return { ...job, status: "done", attempts: job.attempts + 1, updatedAt: at };
      });
      return summary;
    });
  }

  retryJob(id: number): Promise<void> {
    return this.answer("retryJob", [id], () => {
      this.requireUnlocked();
      this.moveJob(id, ["failed", "conflict"], "pending");
    });
  }

  discardJob(id: number): Promise<void> {
    return this.answer("discardJob", [id], () => {
      this.requireUnlocked();
      this.moveJob(id, ["pending", "failed", "conflict"], "discarded");
    });
  }

  async startSync(only: string[] | null): Promise<SyncSummary> {
    return this.answer("startSync", [only], async () => {
      this.requireUnlocked();
      if (this.syncing) throw new BackendError("conflict", "A sync is already running.");
      this.syncing = true;
      this.cancelled = false;
      try {
        const chosen = this.clientList.filter((c) => !only || only.includes(c.organizationId));
        this.emitSync({ kind: "started" });
        if (this.online === false) {
          const error = { code: "offline", message: "The server cannot be reached." } as const;
          this.emitSync({ kind: "failed", error });
          throw new BackendError(error.code, error.message);
        }
        let done = 0;
        for (const client of chosen) {
          if (this.cancelled) break;
          this.emitSync({ kind: "progress", progress: { done, total: chosen.length, current: client.name, errors: 0 } });
          await new Promise((resolve) => setTimeout(resolve, this.delayMs));
          done += 1;
        }
        const summary: SyncSummary = {
          outcome: this.cancelled ? "cancelled" : "success",
          clients: done,
          members: done * 3,
          items: done * 4,
          events: done * 10,
          requests: done * 7 + 3,
          throttled: 0,
          durationMs: done * this.delayMs,
          errors: [],
        };
        this.lastSummary = summary;
        this.emitSync({ kind: "finished", summary });
        return summary;
      } finally {
        this.syncing = false;
      }
    });
  }

  cancelSync(): Promise<void> {
    return this.answer("cancelSync", [], () => {
      this.cancelled = true;
    });
  }

  async onSyncEvent(handler: (event: SyncEvent) => void): Promise<Unsubscribe> {
    this.syncListeners.add(handler);
    return () => this.syncListeners.delete(handler);
  }

  async onSessionChanged(handler: (state: SessionState) => void): Promise<Unsubscribe> {
    this.sessionListeners.add(handler);
    return () => this.sessionListeners.delete(handler);
  }

  // --- sends ---
  /** The user's own Sends (fake-sends.ts has their rules). */
  readonly sendStore = new FakeSends(() => FAKE_NOW);

  sends(): ReturnType<Backend["sends"]> {
    return this.answer("sends", [], () => {
      this.requireUnlocked();
      return this.sendStore.list();
    });
  }

  saveSend(input: Parameters<Backend["saveSend"]>[0]): ReturnType<Backend["saveSend"]> {
    const shown = { ...input, password: input.password ? "***" : (input.password ?? null) };
    return this.answer("saveSend", [shown], () => {
      this.requireUnlocked();
      const plan = this.sendStore.planSave(input);
      let send: Awaited<ReturnType<Backend["saveSend"]>>["send"] = null;
      const submitted = this.sendJobs({ ...plan, apply: () => void (send = plan.apply()) });
      return { submitted, send };
    });
  }

  deleteSends(sendIds: string[]): ReturnType<Backend["deleteSends"]> {
    return this.answer("deleteSends", [sendIds], () => {
      this.requireUnlocked();
      return this.sendJobs(this.sendStore.planDelete(sendIds));
    });
  }

  removeSendPassword(sendId: string): ReturnType<Backend["removeSendPassword"]> {
    return this.answer("removeSendPassword", [sendId], () => {
      this.requireUnlocked();
      return this.sendJobs(this.sendStore.planRemovePassword(sendId));
    });
  }

  receiveSend(link: string, password: string | null): ReturnType<Backend["receiveSend"]> {
    return this.answer("receiveSend", [link, password === null ? null : "***"], () => {
      this.requireOnline();
      return this.sendStore.receive(link, password, FAKE_ACCOUNT.email);
    });
  }

  receiveSendFile(link: string, password: string | null): Promise<SavedFile> {
    return this.answer("receiveSendFile", [link, password === null ? null : "***"], () => {
      this.requireOnline();
      return this.sendStore.receiveFile(link, password);
    });
  }

  /** Queues a store's plan of a change with no client (the user's own Sends, provider people, the provider's billing). */
  private sendJobs(plan: SendPlan<unknown>): Submitted {
    return this.queueJobs(plan.kind, null, plan.descriptions, plan.apply);
  }

  // --- vault (items, collections, generator) ---
  // Logic in fake-vault.ts; collections live in the members' data (orgMembers).
  private vault: FakeVault;
  private vaultCollections = 0;

  item(organizationId: string, itemId: string, reveal: boolean): Promise<Item> {
    return this.answer("item", [organizationId, itemId, reveal], () => {
      this.requireUnlocked();
      return this.vault.item(organizationId, this.orgMembers(organizationId), itemId, reveal);
    });
  }

  itemTotp(organizationId: string, itemId: string): Promise<TotpCode> {
    return this.answer("itemTotp", [organizationId, itemId], () => {
      this.requireUnlocked();
      return this.vault.totp(organizationId, this.orgMembers(organizationId), itemId, Date.now());
    });
  }

  saveItem(input: ItemInput): Promise<Submitted> {
    return this.answer("saveItem", [input], () => {
      this.requireUnlocked();
      const plan = this.vault.saveItem(input, this.orgMembers(input.organizationId), this.client(input.organizationId).name);
      return this.submit(plan.kind, input.organizationId, plan.descriptions, plan.apply);
    });
  }

  itemAction(organizationId: string, itemIds: string[], action: ItemAction): Promise<Submitted> {
    return this.answer("itemAction", [organizationId, itemIds, action], () => {
      this.requireUnlocked();
      const plan = this.vault.itemAction(organizationId, this.orgMembers(organizationId), itemIds, action, this.client(organizationId).name);
      return this.submit(plan.kind, organizationId, plan.descriptions, plan.apply);
    });
  }

  setItemCollections(organizationId: string, itemId: string, collectionIds: string[]): Promise<Submitted> {
    return this.answer("setItemCollections", [organizationId, itemId, collectionIds], () => {
      this.requireUnlocked();
      const plan = this.vault.setItemCollections(organizationId, this.orgMembers(organizationId), itemId, collectionIds, this.client(organizationId).name);
      return this.submit(plan.kind, organizationId, plan.descriptions, plan.apply);
    });
  }

  collections(organizationId: string): Promise<CollectionView[]> {
    return this.answer("collections", [organizationId], () => {
      this.requireUnlocked();
      return this.vault.collections(organizationId, this.orgMembers(organizationId));
    });
  }

  saveCollection(input: CollectionInput): Promise<Submitted> {
    return this.answer("saveCollection", [input], () => {
      this.requireUnlocked();
      const nextId = () => `c-${input.organizationId}-new-${(this.vaultCollections += 1)}`;
      const plan = this.vault.saveCollection(input, this.orgMembers(input.organizationId), this.client(input.organizationId).name, nextId);
      return this.submit(plan.kind, input.organizationId, plan.descriptions, plan.apply);
    });
  }

  deleteCollections(organizationId: string, collectionIds: string[]): Promise<Submitted> {
    return this.answer("deleteCollections", [organizationId, collectionIds], () => {
      this.requireUnlocked();
      const plan = this.vault.deleteCollections(organizationId, this.orgMembers(organizationId), collectionIds, this.client(organizationId).name);
      return this.submit(plan.kind, organizationId, plan.descriptions, plan.apply);
    });
  }

  generatePassword(options: GeneratorOptions): Promise<string> {
    return this.answer("generatePassword", [options], () => fakeGenerate(options));
  }

  /** Like the core: the unlocked account's master password, checked offline. */
  verifyMasterPassword(password: string): Promise<void> {
    return this.answer("verifyMasterPassword", ["***"], () => {
      this.requireUnlocked();
      if (password !== FAKE_DEMO.password) throw new BackendError("invalid_input", "Invalid master password.");
    });
  }

  // --- provider clients: add existing, unlink ---
  // Like desk-core clients/write.rs: Bitwarden lists the organizations the
  // user owns that may join (an owner's Teams or Enterprise organization
  // without a provider); only provider admins add or unlink clients.
  /** The organizations the demo user owns that the server lists as addable. */
  addableList: Awaited<ReturnType<Backend["addableClients"]>> = [
    { organizationId: "org-own-1", name: "Fabrikam (own)", plan: "Teams (Monthly)", seats: 10, disabled: false },
    { organizationId: "org-own-2", name: "Family vault (own)", plan: "Families", seats: 6, disabled: true },
  ];
  private linked = 0;

  /** The core's refusal for a provider user who is not a provider admin (the demo's service user). */
  private requireProviderAdmin(): void {
    if (this.account?.email === FAKE_DEMO.serviceUserEmail) {
      throw new BackendError("forbidden", "Only provider admins can create clients; this account is not one (sync if that just changed).");
    }
  }

  addableClients(): ReturnType<Backend["addableClients"]> {
    return this.answer("addableClients", [], () => {
      this.requireUnlocked();
      this.requireProviderAdmin();
      // Bitwarden decides which organizations are eligible: the server is asked.
      this.requireOnline();
      return this.addableList.map((o) => ({ ...o }));
    });
  }

  addExistingClient(organizationId: string): ReturnType<Backend["addExistingClient"]> {
    return this.answer("addExistingClient", [organizationId], () => {
      this.requireUnlocked();
      this.requireProviderAdmin();
      this.requireOnline();
      const wanted = organizationId.trim();
      const org = this.addableList.find((o) => o.organizationId === wanted || o.name === wanted);
      const refusal = (name: string) =>
        new BackendError(
          "not_found",
          `${JSON.stringify(name)} is not an organization you own that can join the provider (Bitwarden lists those: an owner's Teams or Enterprise organization without a provider).`,
        );
      if (!org) throw refusal(wanted);
      // The server refuses one it lists as disabled.
      if (org.disabled) throw refusal(org.name);
      return this.queueJobs("add_existing_client", org.organizationId, [`Add “${org.name}” to the provider as a client`], () => {
        this.linked += 1;
        const seats = org.seats ?? 0;
        const client = fakeClient(0, org.name, org.plan, seats, Math.min(1, seats), {
          id: `po-own-${this.linked}`,
          organizationId: org.organizationId,
          status: "never_synced",
          syncedAt: null,
        });
        this.clientList = [...this.clientList, client];
        this.addableList = this.addableList.filter((o) => o.organizationId !== org.organizationId);
      });
    });
  }

  unlinkClient(input: Parameters<Backend["unlinkClient"]>[0]): ReturnType<Backend["unlinkClient"]> {
    return this.answer("unlinkClient", [input], () => {
      this.requireUnlocked();
      this.requireProviderAdmin();
      const client = this.clientList.find((c) => c.organizationId === input.organizationId);
      if (!client) throw new BackendError("not_found", "This client is not in the snapshot; sync to refresh the client list.");
      if (client.source !== "provider") {
        throw new BackendError("invalid_input", "This organization is not a provider client; change its seats in its own billing page.");
      }
      if (input.confirmName.trim() !== client.name) {
        throw new BackendError(
          "invalid_input",
          `Type the client's name exactly (${JSON.stringify(client.name)}) to confirm: it leaves the provider and, under consolidated billing, gets its own subscription.`,
        );
      }
      const members = this.orgMembers(client.organizationId).members;
      if (members.length > 0 && !members.some((m) => m.role === "owner" && m.status === "confirmed")) {
        throw new BackendError("conflict", "Bitwarden unlinks a client only when it has a confirmed owner, and this one has none: confirm an owner first.");
      }
      const description = `Unlink “${client.name}” from the provider (it keeps its data and gets its own billing)`;
      return this.queueJobs("unlink_client", client.organizationId, [description], () => {
        // The user is not a member of it as a provider user: it leaves the list.
        this.clientList = this.clientList.filter((c) => c.organizationId !== client.organizationId);
        this.memberStore.delete(client.organizationId);
      });
    });
  }

  // --- provider people ---
  // Provider Portal → People; rules in fake-people.ts, jobs like the Sends' (no client).
  readonly peopleStore = new FakePeople();

  /** Like the core: provider admins only (the demo's service user is refused). */
  private requirePeopleAdmin(): void {
    if (this.account?.email === FAKE_DEMO.serviceUserEmail) throw new BackendError("forbidden", PEOPLE_FORBIDDEN);
  }

  people(): ReturnType<Backend["people"]> {
    return this.answer("people", [], () => {
      this.requireUnlocked();
      this.requirePeopleAdmin();
      return { providerId: FAKE_PROVIDER_ID, providerName: FAKE_PROVIDER_NAME, people: this.peopleStore.list(), asOf: new Date(FAKE_NOW - 3_600_000).toISOString() };
    });
  }

  invitePeople(input: Parameters<Backend["invitePeople"]>[0]): ReturnType<Backend["invitePeople"]> {
    return this.answer("invitePeople", [input], () => {
      this.requireUnlocked();
      this.requirePeopleAdmin();
      return this.sendJobs(this.peopleStore.planInvite(input));
    });
  }

  peopleAction(ids: string[], action: Parameters<Backend["peopleAction"]>[1]): ReturnType<Backend["peopleAction"]> {
    return this.answer("peopleAction", [ids, action], () => {
      this.requireUnlocked();
      this.requirePeopleAdmin();
      return this.sendJobs(this.peopleStore.planAction(ids, action));
    });
  }

  setPersonRole(id: string, role: Parameters<Backend["setPersonRole"]>[1]): ReturnType<Backend["setPersonRole"]> {
    return this.answer("setPersonRole", [id, role], () => {
      this.requireUnlocked();
      this.requirePeopleAdmin();
      return this.sendJobs(this.peopleStore.planRole(id, role));
    });
  }

  peopleConfirmPreview(ids: string[]): ReturnType<Backend["peopleConfirmPreview"]> {
    return this.answer("peopleConfirmPreview", [ids], () => {
      this.requireUnlocked();
      this.requirePeopleAdmin();
      return this.peopleStore.preview(ids, this.online === false);
    });
  }

  confirmPeople(input: Parameters<Backend["confirmPeople"]>[0]): ReturnType<Backend["confirmPeople"]> {
    return this.answer("confirmPeople", [input], () => {
      this.requireUnlocked();
      this.requirePeopleAdmin();
      return this.sendJobs(this.peopleStore.planConfirm(input.people, input.compared));
    });
  }

  // --- billing ---
  // Provider Portal → Billing and Settings, Admin Console → Billing; rules in
  // fake-billing.ts, jobs like the Sends' (a client's with its organization).
  readonly billingStore: FakeBilling;
  private readonly billingServiceUser: boolean;

  /** A service user (the scenario, or the demo's service user signed in) sees less and changes nothing. */
  private get serviceUser(): boolean {
    return this.billingServiceUser || this.account?.email === FAKE_DEMO.serviceUserEmail;
  }

  providerBilling(): ReturnType<Backend["providerBilling"]> {
    return this.answer("providerBilling", [], () => {
      this.requireUnlocked();
      return this.billingStore.page(this.serviceUser);
    });
  }

  clientBilling(organizationId: string): ReturnType<Backend["clientBilling"]> {
    return this.answer("clientBilling", [organizationId], () => {
      this.requireUnlocked();
      return this.billingStore.clientPage(this.client(organizationId), this.seatSummary(organizationId), this.serviceUser);
    });
  }

  setProviderDetails(input: Parameters<Backend["setProviderDetails"]>[0]): ReturnType<Backend["setProviderDetails"]> {
    return this.answer("setProviderDetails", [input], () => {
      this.requireUnlocked();
      return this.sendJobs(this.billingStore.planDetails(input, this.serviceUser));
    });
  }

  setProviderAddress(input: Parameters<Backend["setProviderAddress"]>[0]): ReturnType<Backend["setProviderAddress"]> {
    return this.answer("setProviderAddress", [input], () => {
      this.requireUnlocked();
      return this.sendJobs(this.billingStore.planAddress(input, this.serviceUser));
    });
  }

  setClientBilling(input: Parameters<Backend["setClientBilling"]>[0]): ReturnType<Backend["setClientBilling"]> {
    return this.answer("setClientBilling", [input], () => {
      this.requireUnlocked();
      const client = this.client(input.organizationId);
      const page = this.billingStore.clientPage(client, this.seatSummary(client.organizationId), this.serviceUser);
      const plan = this.billingStore.planClient(page, input);
      return this.queueJobs(plan.kind, client.organizationId, plan.descriptions, plan.apply);
    });
  }

  invoiceCsvPath(invoiceId: string): ReturnType<Backend["invoiceCsvPath"]> {
    return this.answer("invoiceCsvPath", [invoiceId], () => {
      this.requireUnlocked();
      return this.billingStore.csvPath(invoiceId);
    });
  }

  saveInvoiceCsv(invoiceId: string, path: string): ReturnType<Backend["saveInvoiceCsv"]> {
    return this.answer("saveInvoiceCsv", [invoiceId, path], () => {
      this.requireUnlocked();
      // The path and the file are checked first; then the server is asked for it.
      return this.billingStore.saveCsv(invoiceId, path, this.serviceUser, () => this.requireOnline());
    });
  }
}

/** Rust's ordering of strings (by code point), which the core sorts with. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Collection grants as the core sorts them: by collection id, then level. */
function sortedGrants(grants: readonly CollectionGrant[]): CollectionGrant[] {
  return grants.map((g) => ({ ...g })).sort((a, b) => compareText(a.collectionId, b.collectionId) || compareText(a.level, b.level));
}

/** A member status as the core's messages name it. */
function statusWord(status: MemberStatus): string {
  return typeof status === "string" ? status : `unknown (${status.unknown})`;
}

/** The same rules as desk-core's dashboard, for the fake only. */
function fakeDashboard(clients: ClientView[]): Dashboard {
  const provider = clients.filter((c) => c.source === "provider");
  const sum = (pick: (c: ClientView) => number | null) => provider.reduce((n, c) => n + (pick(c) ?? 0), 0);
  const use: SeatUse[] = provider
    .filter((c) => (c.seats.assigned ?? 0) > 0)
    .map((c) => ({
      organizationId: c.organizationId,
      name: c.name,
      assigned: c.seats.assigned ?? 0,
      used: c.seats.used ?? 0,
      percent: fakeSeatUse(c.seats.assigned, c.seats.used).seatPercent ?? 0,
      level: fakeSeatUse(c.seats.assigned, c.seats.used).seatLevel,
    }))
    .sort((a, b) => b.percent - a.percent || b.used - a.used || a.name.localeCompare(b.name));
  return {
    totals: {
      clients: provider.length,
      assigned: sum((c) => c.seats.assigned),
      used: sum((c) => c.seats.used),
      remaining: sum((c) => c.seats.remaining),
    },
    seatUse: use.slice(0, 20),
    nearlyFull: use.filter((u) => u.percent >= 90),
    stale: clients
      .filter((c) => c.stale)
      .map((c) => ({ organizationId: c.organizationId, name: c.name, syncedAt: c.syncedAt })),
    asOf: provider.map((c) => c.listedAt).sort()[0] ?? null,
  };
}
