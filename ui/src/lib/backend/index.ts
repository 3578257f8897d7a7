// The UI's only door to the Rust core. Components import from here, never
// from `@tauri-apps/*` (a test enforces that) and never from bindings.ts.
//
// Adding a command, on the UI side: once bindings.ts is regenerated from
// Rust, implement the method in FakeBackend (fake.ts); nothing else. The
// `Backend` interface (types.ts) is derived from the generated `commands`
// and `events`: each command is a method with the command's arguments that
// resolves to its data and throws a BackendError, each event an `on<Event>`
// subscription; TauriBackend (tauri.ts) wraps them all generically, and
// svelte-check fails until the fake has the new method. Re-export a new
// type below only if components name it.
import { getContext, setContext } from "svelte";
import { FakeBackend, HOSTILE_NAMES, demoClients, demoJobs, fakeClient, hostileJobs, scaleClients, scaleMembers, type FakeBackendOptions } from "./fake";
import { PROVIDER_EVENTS_FORBIDDEN } from "./fake-events";
import { TauriBackend } from "./tauri";
import type { Backend } from "./types";

export { BackendError, ERROR_CODES, EVENT_CATEGORY_ORDER, RESOURCE_URLS, isErrorCode, toBackendError } from "./types";
export { remotePlainHttp } from "./transport";
export type {
  AccountSummary,
  ActorKind,
  AddableClient,
  AppError,
  AppInfo,
  ApplySummary,
  Backend,
  BillingAddress,
  BillingAddressInput,
  BillingWarning,
  BreachCheck,
  BreachStatus,
  BuildKind,
  Cadence,
  CipherType,
  ClientBillingInput,
  ClientBillingPage,
  ClientOverview,
  ClientPlan,
  ClientSource,
  ClientSyncError,
  ClientSubscription,
  ClientSyncStatus,
  ClientView,
  CollectionGrant,
  CollectionInput,
  CollectionLevel,
  CollectionView,
  ConfirmChoice,
  ConfirmInput,
  ConfirmPreview,
  Dashboard,
  DemoCredentials,
  DeviceType,
  EditMemberInput,
  ErrorCode,
  EventCategory,
  EventFilter,
  EventType,
  EventView,
  EventsPage,
  ExportedFile,
  FilterChoice,
  FilterCounts,
  Finding,
  GeneratorOptions,
  GroupInput,
  GroupSettings,
  GroupView,
  HealthHeatmap,
  HealthKind,
  HealthReport,
  HeatCell,
  HeatmapRow,
  InviteInput,
  InvoiceStatus,
  InvoiceView,
  Item,
  ItemAction,
  ItemFinding,
  ItemInput,
  ItemView,
  JobStatus,
  JobView,
  Known,
  Lang,
  Language,
  LastSync,
  LoginOutcome,
  MemberAccess,
  MemberChangeInput,
  MemberCounts,
  MemberHealth,
  MemberProgress,
  MemberRole,
  MemberStatus,
  MemberView,
  MembersPage,
  NamedRef,
  NewClientInput,
  NewPassword,
  OnboardingPage,
  OnboardingStep,
  OperationKind,
  PasswordStrength,
  PeopleAction,
  PeopleInvite,
  PeoplePage,
  Permission,
  PersonRole,
  PersonStatus,
  PersonView,
  Preferences,
  PreferencesInput,
  ProviderBillingPage,
  ProviderDetails,
  ProviderDetailsInput,
  ProviderEventFilter,
  ProviderEventsPage,
  ProviderPlan,
  ProviderSubscription,
  ProviderUserType,
  ReceivedSend,
  RecoverInput,
  RecoverOutcome,
  RecoveryPolicy,
  RecoveryPolicyInput,
  Resource,
  Role,
  SeatBilling,
  SeatLevel,
  SeatSummary,
  SeatUse,
  Seats,
  SendInput,
  SendKind,
  SavedFile,
  SavedInvoice,
  SendSaved,
  SendStatus,
  SendView,
  ServerChoice,
  SessionState,
  SessionStatus,
  SetSeatsInput,
  SignInInput,
  StaleClient,
  StatusChange,
  Submitted,
  SubscriptionStatus,
  SuspensionResolution,
  SyncEvent,
  SyncOutcome,
  SyncProgress,
  SyncSummary,
  TaxIdProblem,
  TotpCode,
  TotpSitesStatus,
  TotpSource,
  TwoFactorMethod,
  UnknownValue,
  UnlinkInput,
  Unsubscribe,
  UpdateClientInput,
} from "./types";
export {
  FakeBackend,
  FAKE_ACCOUNT,
  FAKE_APP_INFO,
  FAKE_CODE,
  FAKE_DEMO,
  FAKE_NOW,
  HOSTILE_NAMES,
  demoClients,
  demoJobs,
  fakeClient,
  fakeJob,
  fakeMember,
  hostileJobs,
  scaleClients,
  scaleMembers,
  type FakeBackendOptions,
  type FakeOrgMembers,
} from "./fake";

const BACKEND = Symbol("backend");

/** Makes `backend` available to every component below the caller. */
export function setBackend(backend: Backend): Backend {
  return setContext(BACKEND, backend);
}

/** The backend set by an ancestor; throws if none was (a wiring bug, not a user error). */
export function getBackend(): Backend {
  const backend = getContext<Backend | undefined>(BACKEND);
  if (!backend) throw new Error("No backend in context: call setBackend() in a parent component");
  return backend;
}

/**
 * The backend the app runs on: Tauri IPC, unless the UI was built or served
 * with VITE_BACKEND=fake (browser tests without Rust).
 */
export function defaultBackend(
  mode: string | undefined = import.meta.env.VITE_BACKEND,
  search: string = typeof location === "undefined" ? "" : location.search,
): Backend {
  return mode === "fake" ? new FakeBackend(fakeOptionsFromQuery(search)) : new TauriBackend();
}

/**
 * Browser runs of the fake (axe-core, benchmarks) pick a scenario by query:
 * `?fake=signed_out|locked|offline|hostile|two_factor|new_device|no_changes|service_user|self_hosted|billing_unread|tax_id_missing|suspended|scale<N>|members<N>|items<N>`
 * (members<N>: the first demo client has N members; items<N>: the second
 * (org-2) has N vault items; service_user: the user
 * is not a provider admin, so the provider's event log is refused and its
 * invoices and billing address are notes; self_hosted: Bitwarden refuses the
 * provider's billing; billing_unread: the provider's billing never synced;
 * tax_id_missing, suspended: Bitwarden's billing warnings),
 * several joined with commas.
 */
export function fakeOptionsFromQuery(search: string): FakeBackendOptions {
  const wanted = new URLSearchParams(search).get("fake")?.split(",") ?? [];
  const options: FakeBackendOptions = {};
  for (const scenario of wanted) {
    if (scenario === "signed_out" || scenario === "locked") options.session = scenario;
    else if (scenario === "offline") options.online = false;
    else if (scenario === "no_changes") options.jobs = [];
    else if (scenario === "two_factor") options.signInStep = "two_factor";
    else if (scenario === "new_device") options.signInStep = "new_device";
    else if (scenario === "service_user") {
      const refusal = { code: "forbidden", message: PROVIDER_EVENTS_FORBIDDEN } as const;
      options.fail = { ...options.fail, providerEventsPage: refusal, exportProviderEvents: refusal };
      options.billing = { ...options.billing, serviceUser: true };
    } else if (scenario === "self_hosted") options.billing = { ...options.billing, selfHosted: true };
    else if (scenario === "billing_unread") options.billing = { ...options.billing, unread: true };
    else if (scenario === "tax_id_missing" || scenario === "suspended") {
      const warning = scenario === "tax_id_missing" ? "tax_id" : "suspended";
      options.billing = { ...options.billing, warnings: [...(options.billing?.warnings ?? []), warning] };
    } else if (scenario === "hostile") {
      options.clients = [...demoClients(), ...HOSTILE_NAMES.map((name, i) => fakeClient(900 + i, name, "Teams (Monthly)", 5, 1))];
      options.jobs = [...demoJobs(), ...hostileJobs()];
    } else if (/^scale\d+$/.test(scenario)) options.clients = scaleClients(Number(scenario.slice(5)));
    else if (/^members\d+$/.test(scenario)) options.members = { "org-1": scaleMembers(Number(scenario.slice(7))) };
    else if (/^items\d+$/.test(scenario)) options.items = { "org-2": Number(scenario.slice(5)) };
  }
  return options;
}
