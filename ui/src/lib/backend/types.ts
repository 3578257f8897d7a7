// The UI's view of the backend: an interface the components talk to, with the
// Tauri implementation (tauri.ts) and an in-memory fake (fake.ts) behind it.
// Types come from the generated bindings so Rust stays the single source.
import type {
  ClientOverview_Serialize,
  ClientView_Serialize,
  ConfirmPreview_Serialize,
  Dashboard_Serialize,
  ErrorCode,
  EventCategory,
  HealthReport_Serialize,
  ItemFinding_Serialize,
  ItemView_Serialize,
  JobView_Serialize,
  LoginOutcome_Serialize,
  MemberAccess_Serialize,
  MemberCountsView,
  MemberHealth_Serialize,
  MemberView_Serialize,
  MembersPage_Serialize,
  PasswordStrength_Serialize,
  RecoverOutcome_Serialize,
  SeatSummary_Serialize,
  Seats_Serialize,
  ServerChoice,
  SessionState_Serialize,
  SignInInput_Deserialize,
  StaleClient_Serialize,
  Submitted_Serialize,
  SyncEvent_Serialize,
  SyncProgress_Serialize,
  TwoFactorChoice,
  UpdateClientInput_Deserialize,
  commands,
  events,
} from "./bindings";
import { ERROR_CODES } from "./bindings";

export type {
  ActorKind,
  AppError,
  AppInfo,
  BreachCheck,
  BuildKind,
  DeviceType,
  ErrorCode,
  EventCategory,
  EventType,
  FilterChoice,
  HealthKind,
  Lang,
  OnboardingStep,
  Resource,
  Language,
  TotpSource,
} from "./bindings";

/** The `data` of a generated command's successful result. */
type OkOf<F> = F extends (...args: never[]) => Promise<infer R>
  ? R extends { status: "ok"; data: infer T }
    ? T
    : never
  : never;

// Serde may give a type two TypeScript shapes (what Rust sends vs. what it
// accepts); take each from the command that uses it instead of a generated name.
/** The preferences as the core reports them (`language: null` = follow the OS). */
export type Preferences = OkOf<typeof commands.getPreferences>;
/** The preferences as the core accepts them. */
export type PreferencesInput = Parameters<typeof commands.setPreferences>[0];

// A compile-time check that our stricter SignInInput is what the command takes.
type Assignable<T, U extends T> = U;
export type _SignInInputFits = Assignable<SignInInput_Deserialize, SignInInput>;

// ---------------------------------------------------------------------------
// The portal's data, as the Rust core sends it (the `_Serialize` shapes) or
// accepts it. Components import these names from "$lib/backend".
export type {
  AccountSummary,
  ApplySummary,
  CipherType,
  ClientPlan,
  ClientSource,
  ClientSyncError,
  ClientSyncStatus,
  CollectionGrant,
  CollectionLevel,
  ConfirmChoice,
  ConfirmInput,
  DemoCredentials,
  FilterCounts,
  Finding,
  JobStatus,
  LastSync,
  MemberChangeInput,
  MemberRole,
  MemberStatus,
  NamedRef,
  NewClientInput,
  NewPassword,
  OperationKind,
  PeopleAction,
  PeopleInvite,
  Permission,
  PersonRole,
  PersonStatus,
  ProviderUserType,
  RecoveryPolicy,
  Role,
  SeatBilling,
  SeatLevel,
  SeatTotals,
  SeatUse,
  ServerChoice,
  SessionStatus,
  SetSeatsInput,
  StatusChange,
  SyncOutcome,
  SyncSummary,
} from "./bindings";

/**
 * A Bitwarden enum value this build does not know (from a newer server): the
 * core sends the number instead of a name, e.g. a member role `{ unknown: 7 }`.
 */
export type UnknownValue = { unknown: number };

/** The named values of a server enum such as MemberRole: what labels are kept for. */
export type Known<T> = Exclude<T, UnknownValue>;
/** A rename sends `assignedSeats: null` and the core keeps the seats it knows. */
export type UpdateClientInput = UpdateClientInput_Deserialize;
export type TwoFactorMethod = TwoFactorChoice;
export type MemberCounts = MemberCountsView;
export type ClientView = ClientView_Serialize;
export type ClientOverview = ClientOverview_Serialize;
export type Dashboard = Dashboard_Serialize;
export type ItemView = ItemView_Serialize;
export type JobView = JobView_Serialize;
export type MemberView = MemberView_Serialize;
export type Seats = Seats_Serialize;
export type SessionState = SessionState_Serialize;
export type StaleClient = StaleClient_Serialize;
export type SyncEvent = SyncEvent_Serialize;
export type SyncProgress = SyncProgress_Serialize;
export type LoginOutcome = LoginOutcome_Serialize;
/** The Members page as the core reads it from the snapshot. */
export type MembersPage = MembersPage_Serialize;
export type SeatSummary = SeatSummary_Serialize;
/** A member's role, permissions, collections and groups, every field given (what members hold and dialogs send). */
export type MemberAccess = MemberAccess_Serialize;
/** The jobs one member change made, as they stand after trying to send them. */
export type Submitted = Submitted_Serialize;
export type ConfirmPreview = ConfirmPreview_Serialize;
export type PasswordStrength = PasswordStrength_Serialize;
export type RecoverOutcome = RecoverOutcome_Serialize;
/** A client's vault and member health, computed by the core from the snapshot (names items, never passwords). */
export type HealthReport = HealthReport_Serialize;
/** One item in a health report: why it is there, and the reuse count or the http:// URI. */
export type ItemFinding = ItemFinding_Serialize;
export type MemberHealth = MemberHealth_Serialize;
/** One page of a client's event log, filtered in the snapshot, and the filters' choices. */
export type EventsPage = OkOf<typeof commands.eventsPage>;
export type EventView = EventsPage["events"][number];
/** What the Events page asks for (dates as days `2026-12-01` or ISO instants; `page` from 0). */
export type EventFilter = Parameters<typeof commands.eventsPage>[1];
/** One page of the provider's own event log (provider admins), and its filters' choices. */
export type ProviderEventsPage = OkOf<typeof commands.providerEventsPage>;
export type ProviderEventFilter = Parameters<typeof commands.providerEventsPage>[0];
/** A client's onboarding view: each member's progress, next step, resource and message. */
export type OnboardingPage = OkOf<typeof commands.onboarding>;
export type MemberProgress = OnboardingPage["members"][number];
/** Where an events export was written, and how many rows. */
export type ExportedFile = OkOf<typeof commands.exportEvents>;
/** The dashboard's clients × report kinds, each cell a count and its change since the previous sync. */
export type HealthHeatmap = OkOf<typeof commands.healthHeatmap>;
export type HeatmapRow = HealthHeatmap["rows"][number];
export type HeatCell = HeatmapRow["cells"][number];
export type BreachStatus = HealthReport["breaches"];
export type TotpSitesStatus = HealthReport["totpSites"];
/** An organization the user owns that may join the provider as a client (disabled ones cannot). */
export type AddableClient = OkOf<typeof commands.addableClients>[number];
/** Unlinking a client: its id and its name typed again by the user. */
export type UnlinkInput = Parameters<typeof commands.unlinkClient>[0];
/** The inputs as the member commands take them. */
export type InviteInput = Parameters<typeof commands.inviteMembers>[0];
export type EditMemberInput = Parameters<typeof commands.editMember>[0];
export type RecoverInput = Parameters<typeof commands.recoverAccount>[0];
/** A group as the Groups list shows it (its members from the members' own group lists). */
export type GroupView = OkOf<typeof commands.groups>[number];
/** Creating (`groupId: null`) or changing a group: name, collection access and members, all given. */
export type GroupInput = Parameters<typeof commands.saveGroup>[0];
export type GroupSettings = GroupInput["settings"];
/** The account recovery administration policy on or off (the core refuses "on" without Single organization). */
export type RecoveryPolicyInput = Parameters<typeof commands.setRecoveryPolicy>[0];
/** A vault item whole, in Bitwarden's CLI JSON shape (secrets null unless revealed). */
export type Item = OkOf<typeof commands.item>;
/** Creating (`itemId: null`) or replacing an item; a secret left null keeps its stored value. */
export type ItemInput = Parameters<typeof commands.saveItem>[0];
export type ItemAction = Parameters<typeof commands.itemAction>[2];
export type TotpCode = OkOf<typeof commands.itemTotp>;
/** A collection in tree order, with its item count and who reaches it. */
export type CollectionView = OkOf<typeof commands.collections>[number];
export type CollectionInput = Parameters<typeof commands.saveCollection>[0];
export type GeneratorOptions = Parameters<typeof commands.generatePassword>[0];
/** One of the user's Sends (Bitwarden Send), decrypted, with its share link. */
export type SendView = OkOf<typeof commands.sends>[number];
/** Creating (`sendId: null`) or changing a Send. */
export type SendInput = Parameters<typeof commands.saveSend>[0];
/** A saved Send: its job, and the Send with its link once the server has it. */
export type SendSaved = OkOf<typeof commands.saveSend>;
export type SavedFile = OkOf<typeof commands.receiveSendFile>;
/** A Send opened from its link. */
export type ReceivedSend = OkOf<typeof commands.receiveSend>;
export type SendStatus = SendView["status"];
export type SendKind = SendView["type"];
/** The provider's people (Provider Portal → People), from the snapshot. */
export type PeoplePage = OkOf<typeof commands.people>;
export type PersonView = PeoplePage["people"][number];
/** The provider's Billing and Settings pages: each part, or the note that says why not (`asOf` null: never read). */
export type ProviderBillingPage = OkOf<typeof commands.providerBilling>;
export type ProviderDetails = NonNullable<ProviderBillingPage["details"]>;
export type ProviderSubscription = NonNullable<ProviderBillingPage["subscription"]>;
export type ProviderPlan = ProviderSubscription["plans"][number];
export type InvoiceView = NonNullable<ProviderBillingPage["invoices"]>[number];
export type BillingAddress = NonNullable<ProviderBillingPage["address"]>;
export type BillingWarning = ProviderBillingPage["warnings"][number];
/** Stripe's words, with `{ other }` for one this build does not know. */
export type SubscriptionStatus = ProviderSubscription["status"];
export type InvoiceStatus = InvoiceView["status"];
export type Cadence = ProviderPlan["cadence"];
export type SuspensionResolution = Extract<BillingWarning, { kind: "suspended" }>["resolution"];
export type TaxIdProblem = Extract<BillingWarning, { kind: "tax_id" }>["problem"];
/** The provider's name, business name, billing e-mail to change (null keeps; an empty business name clears it). */
export type ProviderDetailsInput = Parameters<typeof commands.setProviderDetails>[0];
/** The provider's billing address and tax id, as a whole. */
export type BillingAddressInput = Parameters<typeof commands.setProviderAddress>[0];
/** Admin Console → Billing of one client, from the snapshot. */
export type ClientBillingPage = OkOf<typeof commands.clientBilling>;
export type ClientSubscription = NonNullable<ClientBillingPage["subscription"]>;
export type ClientBillingInput = Parameters<typeof commands.setClientBilling>[0];
/** Where an invoice's per-client CSV was saved. */
export type SavedInvoice = OkOf<typeof commands.saveInvoiceCsv>;

/** One sign-in step's input; the password crosses IPC to the Rust core only. */
export type SignInInput = {
  server: ServerChoice;
  email: string;
  password: string;
  twoFactor: { method: TwoFactorMethod; code: string; remember: boolean } | null;
  newDeviceCode: string | null;
  apiKey: { clientId: string; clientSecret: string } | null;
  /** The user confirmed plain http:// to a server not on this machine (see transport.ts). */
  allowHttp: boolean;
};

export type Unsubscribe = () => void;

// ---------------------------------------------------------------------------
// The Backend interface, derived from the generated bindings: one method per
// command in `commands`, one `on<Event>` per event in `events`. Adding a
// command in Rust adds its method here when the bindings are regenerated.

type Commands = typeof commands;
type Events = typeof events;

/** What a generated command that returns a `Result` resolves to (the error is an AppError). */
export type Outcome<T> = { status: "ok"; data: T } | { status: "error"; error: unknown };

/** What the UI's method resolves to: a `Result`'s data (`()` as void), else the command's value. */
type Answer<R> = [R] extends [Outcome<infer T>] ? ([T] extends [null] ? void : T) : R;

/** Each command as the components call it: same arguments, the data, failures thrown as BackendError. */
export type BackendCommands = {
  [K in keyof Commands]: Commands[K] extends (...args: infer A) => Promise<infer R> ? (...args: A) => Promise<Answer<R>> : never;
};

type Payload<E> = E extends { listen: (callback: (event: { payload: infer P }) => void) => unknown } ? P : never;

/** Each event as a subscription: `syncEvent` → `onSyncEvent(handler)`. */
export type BackendEvents = {
  [K in keyof Events as `on${Capitalize<K & string>}`]: (handler: (payload: Payload<Events[K]>) => void) => Promise<Unsubscribe>;
};

/**
 * Where a component must pass more than the command accepts: the sign-in
 * steps take our complete SignInInput (checked above to fit the command's).
 * Any other command takes exactly the generated types.
 */
interface StricterArguments {
  /** One sign-in step; call again with the code for two-step or new-device steps. */
  signIn(input: SignInInput): Promise<LoginOutcome>;
  /** Asks the server to email a two-step code (uses server, email and password). */
  sendLoginEmail(input: SignInInput): Promise<void>;
  /** Asks the server to email a new new-device code. */
  resendDeviceCode(input: SignInInput): Promise<void>;
}

// A compile-time check that each stricter method still calls its command.
type Fit = {
  [K in keyof StricterArguments]: [Parameters<StricterArguments[K]>, ReturnType<StricterArguments[K]>] extends [
    Parameters<BackendCommands[K]>,
    ReturnType<BackendCommands[K]>,
  ]
    ? true
    : false;
}[keyof StricterArguments];
export type _StricterArgumentsFit = Assignable<true, Fit>;

/** The backend as components see it: TauriBackend over IPC, FakeBackend in tests. */
export interface Backend extends Omit<BackendCommands, keyof StricterArguments>, StricterArguments, BackendEvents {}

/**
 * Every backend failure, with the closed `code` the UI branches on and the
 * backend's message (shown as text, never as HTML).
 */
export class BackendError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = "BackendError";
    this.code = code;
  }
}

// The closed lists the UI needs as values, not only as types: generated from
// Rust (ErrorCode::ALL, EventCategory::ALL in the core's order, to sort by,
// and Resource::url, the core's allow-list of resource pages: shown as text,
// never navigated to by the webview), so they cannot drift from the enums.
export { ERROR_CODES, EVENT_CATEGORY_ORDER, RESOURCE_URLS } from "./bindings";

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === "string" && (ERROR_CODES as readonly string[]).includes(value);
}

/**
 * Turns whatever a failed call produced into a BackendError. A well-formed
 * `{code, message}` keeps its code; anything else (the ACL refusing a command
 * rejects with a bare string, a broken IPC bridge throws an Error) is `internal`.
 */
export function toBackendError(error: unknown): BackendError {
  if (error instanceof BackendError) return error;
  if (typeof error === "object" && error !== null) {
    const { code, message } = error as { code?: unknown; message?: unknown };
    if (isErrorCode(code)) {
      return new BackendError(code, typeof message === "string" ? message : String(message ?? ""));
    }
    if (error instanceof Error) return new BackendError("internal", error.message);
    try {
      return new BackendError("internal", JSON.stringify(error));
    } catch {
      return new BackendError("internal", String(error));
    }
  }
  return new BackendError("internal", String(error));
}
