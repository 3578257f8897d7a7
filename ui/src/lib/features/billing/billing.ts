// Billing's labels and the forms' rules, shared by the provider's Billing and
// Settings pages and a client's Billing page: money in US dollars, dates,
// Stripe's words (a word this build does not know is shown as the server
// sent it, as text), the warnings in plain words, and what each dialog sends.
import type {
  BillingAddress,
  BillingAddressInput,
  BillingWarning,
  Cadence,
  InvoiceStatus,
  ProviderDetails,
  ProviderDetailsInput,
  SubscriptionStatus,
} from "$lib/backend";
import { i18n, t, type MessageKey } from "$lib/i18n";

/** US dollars for the locale; unknown as a dash. */
export function money(value: number | null): string {
  return value === null ? t("common.unknown") : i18n.formatNumber(value, { style: "currency", currency: "USD" });
}

/** A percentage given in points (10 = 10 %). */
export function percent(points: number): string {
  return i18n.formatNumber(points / 100, { style: "percent", maximumFractionDigits: 2 });
}

/** A day from an ISO instant, for the locale; a value that is not a date as it came. */
export function day(iso: string | null): string {
  if (!iso) return t("common.unknown");
  const time = Date.parse(iso);
  return Number.isNaN(time) ? iso : i18n.formatDate(time, { dateStyle: "medium" });
}

/** A Stripe word's label: a known one translated, another as the server sent it. */
function word<T extends string>(keys: Record<T, MessageKey>, value: T | { other: string }): string {
  return typeof value === "string" ? t(keys[value]) : value.other;
}

const SUBSCRIPTION_STATUS: Record<Exclude<SubscriptionStatus, { other: string }>, MessageKey> = {
  active: "billing.status.active",
  trialing: "billing.status.trialing",
  past_due: "billing.status.past_due",
  unpaid: "billing.status.unpaid",
  canceled: "billing.status.canceled",
  incomplete: "billing.status.incomplete",
  incomplete_expired: "billing.status.incomplete_expired",
  paused: "billing.status.paused",
};

const INVOICE_STATUS: Record<Exclude<InvoiceStatus, { other: string }>, MessageKey> = {
  draft: "billing.invoice.draft",
  open: "billing.invoice.open",
  paid: "billing.invoice.paid",
  uncollectible: "billing.invoice.uncollectible",
  void: "billing.invoice.void",
};

const CADENCE: Record<Exclude<Cadence, { other: string }>, MessageKey> = {
  monthly: "billing.cadence.monthly",
  annual: "billing.cadence.annual",
};

export const subscriptionStatus = (status: SubscriptionStatus) => word(SUBSCRIPTION_STATUS, status);
export const invoiceStatus = (status: InvoiceStatus) => word(INVOICE_STATUS, status);
export const cadence = (value: Cadence) => word(CADENCE, value);

/** Stripe's billing interval of a subscription item ("month", "year"). */
export function interval(value: string | null): string {
  if (value === "month") return t("billing.interval.month");
  if (value === "year") return t("billing.interval.year");
  if (value === "week") return t("billing.interval.week");
  if (value === "day") return t("billing.interval.day");
  return value ?? "";
}

/** A warning in plain words: what is wrong and what resolves it. */
export function warningText(warning: BillingWarning): { title: string; body: string } {
  if (warning.kind === "suspended") {
    const resolution = warning.resolution;
    const body =
      resolution === "add_payment_method"
        ? t("billing.warning.suspended.addPaymentMethod")
        : resolution === "contact_administrator"
          ? t("billing.warning.suspended.contactAdministrator")
          : resolution === "contact_support"
            ? t("billing.warning.suspended.contactSupport")
            : t("billing.warning.suspended.other", { word: resolution.other });
    const cancels = warning.cancelsAt ? ` ${t("billing.warning.suspended.cancelsAt", { date: day(warning.cancelsAt) })}` : "";
    return { title: t("billing.warning.suspended.title"), body: body + cancels };
  }
  const problem = warning.problem;
  const body =
    problem === "missing"
      ? t("billing.warning.taxId.missing")
      : problem === "pending_verification"
        ? t("billing.warning.taxId.pending")
        : problem === "failed_verification"
          ? t("billing.warning.taxId.failed")
          : t("billing.warning.taxId.other", { word: problem.other });
  return { title: t("billing.warning.taxId.title"), body };
}

// --- the provider's details (Settings → Edit) ---

export interface DetailsForm {
  name: string;
  businessName: string;
  billingEmail: string;
}

export const NAME_MAX = 50;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@.][^\s@]*$/;

export function detailsForm(details: ProviderDetails): DetailsForm {
  return { name: details.name, businessName: details.businessName ?? "", billingEmail: details.billingEmail ?? "" };
}

/** Our own checks first, so a field gets a precise message (the core checks again). */
export function validateDetails(form: DetailsForm): string | null {
  const name = form.name.trim();
  if (!name) return t("billing.details.nameRequired");
  if ([...name].length > NAME_MAX) return t("billing.details.tooLong", { max: NAME_MAX });
  if ([...form.businessName.trim()].length > NAME_MAX) return t("billing.details.tooLong", { max: NAME_MAX });
  if (!EMAIL.test(form.billingEmail.trim())) return t("billing.details.emailInvalid");
  return null;
}

/**
 * What to send: only the fields that changed (null keeps the stored value;
 * an emptied business name is sent as "" and clears it), or null when
 * nothing did.
 */
export function detailsChanges(details: ProviderDetails, form: DetailsForm): ProviderDetailsInput | null {
  const name = form.name.trim();
  const businessName = form.businessName.trim();
  const billingEmail = form.billingEmail.trim();
  const input: ProviderDetailsInput = {
    name: name !== details.name ? name : null,
    businessName: businessName !== (details.businessName ?? "") ? businessName : null,
    billingEmail: billingEmail !== (details.billingEmail ?? "") ? billingEmail : null,
  };
  return input.name === null && input.businessName === null && input.billingEmail === null ? null : input;
}

/** A client's business name and billing e-mail (Admin Console → Billing → Edit). */
export function clientBillingChanges(
  current: { businessName: string | null; billingEmail: string | null },
  form: { businessName: string; billingEmail: string },
): { businessName: string | null; billingEmail: string | null } | null {
  const businessName = form.businessName.trim();
  const billingEmail = form.billingEmail.trim();
  const changes = {
    businessName: businessName !== (current.businessName ?? "") ? businessName : null,
    billingEmail: billingEmail !== (current.billingEmail ?? "") ? billingEmail : null,
  };
  return changes.businessName === null && changes.billingEmail === null ? null : changes;
}

export function validateClientBilling(form: { businessName: string; billingEmail: string }): string | null {
  if ([...form.businessName.trim()].length > NAME_MAX) return t("billing.details.tooLong", { max: NAME_MAX });
  if (!EMAIL.test(form.billingEmail.trim())) return t("billing.details.emailInvalid");
  return null;
}

// --- the billing address (Billing → Edit) ---

export interface AddressForm {
  country: string;
  postalCode: string;
  line1: string;
  line2: string;
  city: string;
  state: string;
  taxIdType: string;
  taxId: string;
}

export function addressForm(address: BillingAddress | null): AddressForm {
  return {
    country: address?.country ?? "",
    postalCode: address?.postalCode ?? "",
    line1: address?.line1 ?? "",
    line2: address?.line2 ?? "",
    city: address?.city ?? "",
    state: address?.state ?? "",
    taxIdType: address?.taxIdType ?? "",
    taxId: address?.taxId ?? "",
  };
}

export function validateAddress(form: AddressForm): string | null {
  if (!/^[A-Za-z]{2}$/.test(form.country.trim())) return t("billing.address.countryInvalid");
  if (!form.postalCode.trim()) return t("billing.address.postalRequired");
  const kind = form.taxIdType.trim();
  const value = form.taxId.trim();
  if (value && !kind) return t("billing.address.taxTypeRequired");
  if (kind && !value) return t("billing.address.taxIdRequired");
  return null;
}

/** The address as a whole (it replaces the stored one); empty fields are none. */
export function addressInput(form: AddressForm): BillingAddressInput {
  const or = (text: string) => text.trim() || null;
  return {
    country: form.country.trim().toUpperCase(),
    postalCode: form.postalCode.trim(),
    line1: or(form.line1),
    line2: or(form.line2),
    city: or(form.city),
    state: or(form.state),
    taxIdType: or(form.taxIdType),
    taxId: or(form.taxId),
  };
}

// --- an invoice's CSV ---

/** Where the core accepts a CSV: an absolute path (Unix or Windows) ending in .csv. */
export function validateCsvPath(path: string): string | null {
  const trimmed = path.trim();
  if (!trimmed) return t("billing.csv.pathRequired");
  if (!/^(\/|[A-Za-z]:[\\/]|\\\\)/.test(trimmed)) return t("billing.csv.pathAbsolute");
  if (!/\.csv$/i.test(trimmed)) return t("billing.csv.pathCsv");
  return null;
}
