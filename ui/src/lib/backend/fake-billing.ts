// The fake's billing: the provider's (Provider Portal → Billing and
// Settings) and each client's (Admin Console → Billing), with desk-core's
// rules and words (billing/view.rs, write.rs, mod.rs). A part Bitwarden
// refuses is a note instead of data, as the core stores it: a service user's
// invoices and address, everything but the details on a self-hosted server.
// FakeBackend (fake.ts) turns each plan into jobs like the Sends'.
import type { SendPlan } from "./fake-sends";
import { FAKE_PROVIDER_ID, FAKE_PROVIDER_NAME } from "./fake-people";
import {
  BackendError,
  type BillingAddress,
  type BillingAddressInput,
  type BillingWarning,
  type ClientBillingInput,
  type ClientBillingPage,
  type ClientSubscription,
  type ClientView,
  type InvoiceView,
  type ProviderBillingPage,
  type ProviderDetails,
  type ProviderDetailsInput,
  type ProviderSubscription,
  type SavedInvoice,
  type SeatSummary,
} from "./types";

/** The core's note for a service user's invoices and address. */
export const BILLING_ADMINS_ONLY = "Bitwarden shows the provider's invoices and billing address to its provider admins only.";
/** Bitwarden's refusal of every billing route on a self-hosted server. */
export const BILLING_SELF_HOSTED = "Only allowed when not self hosted.";
/** The core's note for a client under consolidated billing. */
export const BILLED_BY_PROVIDER =
  "Billed through the provider (consolidated billing): the client has no subscription of its own; its seats are assigned in the provider's client list.";
export const CLIENT_BILLING_UNREAD = "Billing has not been read yet; sync to read it.";
/** The core's note for a self-hosted organization's own billing. */
export const CLIENT_LICENCE =
  "This organization runs under a Bitwarden licence (self-hosted): billing is managed where the licence was bought.";
export const CLIENT_EDIT_UNREAD = "Read the client's billing first (sync while online).";
export const CLIENT_EDIT_SERVICE_USER = "Bitwarden lets a provider admin, not a service user, change a client's billing e-mail.";
const ADMINS_ONLY_CHANGE = "Bitwarden lets only the provider's admins change its details and billing address.";
const PROVIDER_UNREAD = "The provider's billing has not been read yet; sync while online, then try again.";

/** Where the fake's Downloads folder is. */
export const FAKE_DOWNLOADS = "/home/demo/Downloads";

/** Which of the fake's billing situations to play (the `?fake=` scenarios reach them). */
export interface FakeBillingOptions {
  /** The account is a service user: no invoices or address, nothing to change. */
  serviceUser?: boolean;
  /** A self-hosted server: Bitwarden refuses everything but the details. */
  selfHosted?: boolean;
  /** Bitwarden's warnings: a tax id missing, the subscription suspended. */
  warnings?: ("tax_id" | "suspended")[];
  /** Never synced: every part unread. */
  unread?: boolean;
}

const READ_AT = Date.UTC(2026, 10, 26, 11, 0, 0);
const iso = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d)).toISOString();

export function demoProviderDetails(): ProviderDetails {
  return {
    name: FAKE_PROVIDER_NAME,
    businessName: "Demo MSP B.V.",
    billingEmail: "billing@demo-msp.example",
    businessAddress: ["Keizersgracht 123", "1015 CJ Amsterdam"],
    businessCountry: "NL",
    businessTaxNumber: "NL123456789B01",
  };
}

/** Bitwarden's two provider plans, each with its seat minimum. */
export function demoProviderSubscription(): ProviderSubscription {
  return {
    status: "active",
    currentPeriodEnd: iso(2026, 12, 15),
    discountPercentage: 10,
    plans: [
      { planName: "Teams (Monthly)", planType: "teams_monthly", seatMinimum: 50, purchasedSeats: 0, assignedSeats: 28, cost: 180, cadence: "monthly" },
      { planName: "Enterprise (Monthly)", planType: "enterprise_monthly", seatMinimum: 50, purchasedSeats: 10, assignedSeats: 37, cost: 324, cadence: "monthly" },
    ],
    totalCost: 504,
    accountCredit: 25.5,
    cancelAt: null,
    suspended: false,
  };
}

/** Three months of invoices, the newest still open. */
export function demoInvoices(): InvoiceView[] {
  return [
    { id: "in_1Q3", number: "DEMO-MSP-0003", date: iso(2026, 11, 15), total: 504, status: "open", dueDate: iso(2026, 12, 15) },
    { id: "in_1Q2", number: "DEMO-MSP-0002", date: iso(2026, 10, 15), total: 504, status: "paid", dueDate: iso(2026, 11, 14) },
    { id: "in_1Q1", number: "DEMO-MSP-0001", date: iso(2026, 9, 15), total: 486, status: "paid", dueDate: iso(2026, 10, 15) },
  ];
}

export function demoBillingAddress(): BillingAddress {
  return {
    country: "NL",
    postalCode: "1015 CJ",
    line1: "Keizersgracht 123",
    line2: null,
    city: "Amsterdam",
    state: null,
    taxIdType: "eu_vat",
    taxId: "NL123456789B01",
  };
}

/** Files already in the fake's Downloads (saving over one is refused). */
export const FAKE_EXISTING_FILES = [`${FAKE_DOWNLOADS}/Demo-MSP-invoice-DEMO-MSP-0002.csv`];

// --- the core's checks (billing/write.rs) ---

function checkedText(label: string, text: string, max: number): string {
  const trimmed = text.trim();
  if ([...trimmed].length > max) throw new BackendError("invalid_input", `The ${label} may have at most ${max} characters.`);
  if (/[\u0000-\u001f\u007f-\u009f]/.test(trimmed)) throw new BackendError("invalid_input", `The ${label} may not contain control characters.`);
  return trimmed;
}

function checkedEmail(text: string): string {
  const email = checkedText("billing e-mail", text, 256);
  const at = email.indexOf("@");
  const user = at < 0 ? "" : email.slice(0, at);
  const host = at < 0 ? "" : email.slice(at + 1);
  const valid = user !== "" && host.includes(".") && !host.startsWith(".") && !host.endsWith(".") && !/\s/.test(email);
  if (!valid) throw new BackendError("invalid_input", `“${email}” is not an e-mail address.`);
  return email;
}

function optional(label: string, text: string | null | undefined, max: number): string | null {
  if (text === null || text === undefined) return null;
  return checkedText(label, text, max) || null;
}

const quoted = (text: string | null) => (text ? `“${text}”` : "(none)");

function changes(fields: [string, string | null, string | null][]): string {
  const parts = fields.filter(([, before, after]) => before !== after).map(([label, before, after]) => `${label} ${quoted(before)} → ${quoted(after)}`);
  return parts.length ? parts.join(", ") : "no change";
}

/** A Stripe-like per-seat price for a client's own subscription. */
function ownItems(client: ClientView): ClientSubscription["items"] {
  const annual = /annual/i.test(client.plan ?? "");
  const enterprise = /enterprise/i.test(client.plan ?? "");
  const perSeat = enterprise ? (annual ? 72 : 7) : annual ? 48 : 5;
  return [
    { name: client.plan ?? "Seats", amount: perSeat, quantity: client.seats.assigned ?? 0, interval: annual ? "year" : "month", addOn: false },
    { name: "Additional storage (GB)", amount: annual ? 4 : 0.33, quantity: 2, interval: annual ? "year" : "month", addOn: true },
  ];
}

interface ClientDetails {
  businessName: string | null;
  billingEmail: string;
}

export class FakeBilling {
  details: ProviderDetails | null;
  subscription: ProviderSubscription | null;
  invoices: InvoiceView[] | null;
  address: BillingAddress | null;
  warnings: BillingWarning[];
  private readonly selfHosted: boolean;
  private readonly unread: boolean;
  private readonly clients = new Map<string, ClientDetails>();
  /** Paths the fake has "written" (and the ones already there). */
  readonly files = new Set<string>(FAKE_EXISTING_FILES);

  constructor(options: FakeBillingOptions = {}) {
    this.selfHosted = options.selfHosted ?? false;
    this.unread = options.unread ?? false;
    this.details = demoProviderDetails();
    this.subscription = demoProviderSubscription();
    this.invoices = demoInvoices();
    this.address = demoBillingAddress();
    this.warnings = [];
    for (const warning of options.warnings ?? []) {
      if (warning === "tax_id") {
        this.address = { ...this.address, taxIdType: null, taxId: null };
        this.warnings.push({ kind: "tax_id", problem: "missing" });
      } else {
        this.subscription = { ...this.subscription, status: "unpaid", suspended: true, cancelAt: iso(2026, 12, 31) };
        this.warnings.push({ kind: "suspended", resolution: "add_payment_method", cancelsAt: iso(2026, 12, 31) });
      }
    }
  }

  /** The provider's page as the core builds it from what the last sync stored. */
  page(serviceUser: boolean): ProviderBillingPage {
    const unread = this.unread;
    const refused = (admin: boolean) => (unread ? null : this.selfHosted ? BILLING_SELF_HOSTED : admin && serviceUser ? BILLING_ADMINS_ONLY : null);
    const shown = <T>(value: T | null, admin: boolean): T | null => (unread || refused(admin) ? null : value);
    const details = shown(this.details, false);
    return {
      providerId: FAKE_PROVIDER_ID,
      providerName: details?.name || FAKE_PROVIDER_NAME,
      role: serviceUser ? "service_user" : "provider_admin",
      details: details && { ...details, businessAddress: [...details.businessAddress] },
      detailsNote: null,
      subscription: shown(this.subscription, false) && structuredClone(this.subscription),
      subscriptionNote: refused(false),
      invoices: shown(this.invoices, true)?.map((i) => ({ ...i })) ?? null,
      invoicesNote: refused(true),
      address: shown(this.address, true) && { ...this.address! },
      addressNote: refused(true),
      warnings: unread || this.selfHosted ? [] : this.warnings.map((w) => ({ ...w })),
      asOf: unread ? null : new Date(READ_AT).toISOString(),
      canEdit: !serviceUser,
    };
  }

  private editable(serviceUser: boolean): void {
    if (serviceUser) throw new BackendError("forbidden", ADMINS_ONLY_CHANGE);
  }

  planDetails(input: ProviderDetailsInput, serviceUser: boolean): SendPlan<void> {
    this.editable(serviceUser);
    const current = this.unread ? null : this.details;
    if (!current) throw new BackendError("conflict", PROVIDER_UNREAD);
    const expected = { name: current.name, businessName: current.businessName || null, billingEmail: current.billingEmail ?? "" };
    const name = input.name === null || input.name === undefined ? expected.name : checkedText("provider name", input.name, 50);
    if (!name) throw new BackendError("invalid_input", "The provider needs a name.");
    const wanted = {
      name,
      businessName: input.businessName === null || input.businessName === undefined ? expected.businessName : optional("business name", input.businessName, 50),
      billingEmail: checkedEmail(input.billingEmail ?? expected.billingEmail),
    };
    if (wanted.name === expected.name && wanted.businessName === expected.businessName && wanted.billingEmail === expected.billingEmail) {
      throw new BackendError("invalid_input", "Nothing to change.");
    }
    const description = `Change the provider's details: ${changes([
      ["name", expected.name, wanted.name],
      ["business name", expected.businessName, wanted.businessName],
      ["billing e-mail", expected.billingEmail, wanted.billingEmail],
    ])}`;
    return {
      kind: "set_provider_details",
      descriptions: [description],
      apply: () => {
        this.details = { ...current, ...wanted };
      },
    };
  }

  planAddress(input: BillingAddressInput, serviceUser: boolean): SendPlan<void> {
    this.editable(serviceUser);
    const note = this.page(serviceUser).addressNote;
    if (note) throw new BackendError("forbidden", note);
    const country = checkedText("country", input.country, 2).toUpperCase();
    if (!/^[A-Z]{2}$/.test(country)) throw new BackendError("invalid_input", "The country is its two-letter code, e.g. NL or US.");
    const postalCode = checkedText("postal code", input.postalCode, 20);
    if (!postalCode) throw new BackendError("invalid_input", "The postal code is required.");
    const kind = optional("tax id type", input.taxIdType, 40);
    const value = optional("tax id", input.taxId, 60);
    if (!kind && value) throw new BackendError("invalid_input", "Say which kind of tax id it is (e.g. eu_vat, us_ein).");
    if (kind && !value) throw new BackendError("invalid_input", "The tax id's number is missing.");
    const wanted: BillingAddress = {
      country,
      postalCode,
      line1: optional("address line", input.line1, 200),
      line2: optional("address line", input.line2, 200),
      city: optional("city", input.city, 100),
      state: optional("state", input.state, 100),
      taxIdType: kind,
      taxId: value,
    };
    const current = this.address;
    if (current && (Object.keys(wanted) as (keyof BillingAddress)[]).every((k) => (current[k] || null) === wanted[k])) {
      throw new BackendError("invalid_input", "Nothing to change.");
    }
    const line = [wanted.line1, wanted.line2, wanted.city, wanted.state, wanted.postalCode, wanted.country].filter(Boolean).join(", ");
    const tax = wanted.taxId ? `; tax id ${wanted.taxId} (${wanted.taxIdType})` : "; no tax id";
    return {
      kind: "set_provider_address",
      descriptions: [`Set the provider's billing address to ${line}${tax}`],
      apply: () => {
        this.address = wanted;
        // A new tax id is checked by Bitwarden's payment processor; none is still missing.
        this.warnings = this.warnings.filter((w) => w.kind !== "tax_id");
        if (!wanted.taxId) this.warnings.push({ kind: "tax_id", problem: "missing" });
        else if (wanted.taxId !== current?.taxId) this.warnings.push({ kind: "tax_id", problem: "pending_verification" });
      },
    };
  }

  /** The default place for an invoice's CSV: Downloads, `<provider>-invoice-<number>.csv`, numbered when taken. */
  csvPath(invoiceId: string): string {
    const stem = (name: string) => name.replace(/[^\p{L}\p{N}_-]/gu, "-").slice(0, 60).replace(/^-+|-+$/g, "") || "client";
    const number = this.invoices?.find((i) => i.id === invoiceId)?.number ?? invoiceId;
    const base = `${FAKE_DOWNLOADS}/${stem(this.details?.name ?? FAKE_PROVIDER_NAME)}-invoice-${stem(number)}`;
    if (!this.files.has(`${base}.csv`)) return `${base}.csv`;
    for (let n = 2; ; n += 1) if (!this.files.has(`${base}-${n}.csv`)) return `${base}-${n}.csv`;
  }

  /** Saves an invoice's CSV where the user said: an absolute path to a new .csv file. */
  saveCsv(invoiceId: string, rawPath: string, serviceUser: boolean, requireOnline: () => void): SavedInvoice {
    const path = rawPath.trim();
    if (!/^(\/|[A-Za-z]:[\\/]|\\\\)/.test(path) || !/\.csv$/i.test(path)) {
      throw new BackendError("invalid_input", "Give the full path of a .csv file, e.g. /home/you/Downloads/invoice.csv.");
    }
    if (serviceUser) throw new BackendError("forbidden", BILLING_ADMINS_ONLY);
    if (this.files.has(path)) throw new BackendError("conflict", `${path} exists already; choose another name.`);
    requireOnline();
    if (!this.invoices?.some((i) => i.id === invoiceId)) throw new BackendError("not_found", "Bitwarden has no invoice with that id for this provider.");
    this.files.add(path);
    return { path, bytes: 2_348 };
  }

  // --- a client's billing ---

  private clientDetails(client: ClientView): ClientDetails {
    let found = this.clients.get(client.organizationId);
    if (!found) {
      const slug = client.name.toLowerCase().normalize("NFD").replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 30) || "client";
      found = { businessName: client.source === "direct" ? `${client.name} Ltd` : null, billingEmail: `billing@${slug}.example` };
      this.clients.set(client.organizationId, found);
    }
    return found;
  }

  clientPage(client: ClientView, seats: SeatSummary, serviceUser: boolean): ClientBillingPage {
    const read = client.syncedAt !== null && client.status !== "never_synced";
    const own = seats.billing === "organization";
    const details = read ? this.clientDetails(client) : null;
    // A self-hosted server answers an organization's billing from its licence.
    const licenceExpires = read && own && this.selfHosted ? iso(2027, 6, 30) : null;
    const subscription: ClientSubscription | null =
      read && own && !this.selfHosted
        ? { status: "active", periodStart: iso(2026, 3, 1), periodEnd: iso(2027, 3, 1), cancelled: false, cancelAtEnd: false, items: ownItems(client) }
        : null;
    // As the core: the subscription, else consolidated billing, else not read yet.
    const subscriptionNote = subscription ? null : licenceExpires ? CLIENT_LICENCE : !own ? BILLED_BY_PROVIDER : CLIENT_BILLING_UNREAD;
    const providerClient = client.source === "provider";
    const [canEdit, editNote] = !read ? [false, CLIENT_EDIT_UNREAD] : providerClient && serviceUser ? [false, CLIENT_EDIT_SERVICE_USER] : [true, null];
    const upcoming = subscription ? subscription.items.reduce((sum, i) => sum + (i.amount ?? 0) * i.quantity, 0) : null;
    return {
      organizationId: client.organizationId,
      name: client.name,
      plan: client.plan,
      planType: null,
      seats: { ...seats },
      businessName: details?.businessName ?? null,
      billingEmail: details?.billingEmail ?? null,
      subscription,
      upcomingInvoice: subscription && upcoming !== null ? { amount: Math.round(upcoming * 100) / 100, date: subscription.periodEnd } : null,
      subscriptionNote,
      licenceExpires,
      canEdit,
      editNote,
      asOf: client.syncedAt,
    };
  }

  planClient(page: ClientBillingPage, input: ClientBillingInput): SendPlan<void> {
    if (!page.canEdit) throw new BackendError("forbidden", page.editNote ?? "");
    const expected = { businessName: page.businessName || null, billingEmail: page.billingEmail ?? "" };
    const wanted = {
      businessName: input.businessName === null || input.businessName === undefined ? expected.businessName : optional("business name", input.businessName, 50),
      billingEmail: checkedEmail(input.billingEmail ?? expected.billingEmail),
    };
    if (wanted.businessName === expected.businessName && wanted.billingEmail === expected.billingEmail) {
      throw new BackendError("invalid_input", "Nothing to change.");
    }
    const description = `Change “${page.name}”'s billing details: ${changes([
      ["business name", expected.businessName, wanted.businessName],
      ["billing e-mail", expected.billingEmail, wanted.billingEmail],
    ])}`;
    return {
      kind: "set_client_billing",
      descriptions: [description],
      apply: () => {
        this.clients.set(page.organizationId, wanted);
      },
    };
  }
}
