// Billing against the fake backend: the provider's Billing page (plans,
// invoices, address, warnings, the notes Bitwarden's refusals leave), saving
// an invoice's CSV where the user says, the address form; the provider's
// Settings (only changed fields are sent); a client's Billing page in the
// Admin Console (consolidated billing's note, its own subscription, the
// edit dialog); and the forms' pure rules.
import { fireEvent, screen, waitFor, within } from "@testing-library/svelte";
import { beforeEach, describe, expect, it } from "vitest";
import { FAKE_NOW, FakeBackend, fakeOptionsFromQuery, type ProviderDetails } from "$lib/backend";
import { BILLED_BY_PROVIDER, BILLING_ADMINS_ONLY, BILLING_SELF_HOSTED, FAKE_EXISTING_FILES } from "$lib/backend/fake-billing";
import { calls, input } from "$lib/testing/app";
import { dismissOutcome, expectFocusOnOutcome } from "$lib/testing/outcome";
import { byTestId, openAt, renderPortal } from "$lib/testing/portal";
import { rowReading, squashed as text } from "$lib/testing/queries";
import { setClock } from "$lib/ui/format";
import { addressForm, addressInput, detailsChanges, validateAddress, validateCsvPath, warningText } from "./billing";

beforeEach(() => setClock(() => FAKE_NOW));

const openBilling = (backend = new FakeBackend()) => openAt(backend, "/provider/billing", "provider-billing-asof");

const invoiceRow = (number: string) => rowReading("billing-invoice", "billing-invoice-number", number);

describe("the provider's Billing page", () => {
  it("shows the subscription's plans and total, the invoices and the address, as of the last read", async () => {
    await openBilling();
    expect(text(screen.getByTestId("provider-billing-title"))).toContain("Demo MSP");
    expect(text(screen.getByTestId("provider-billing-asof"))).toContain("Billing as of");
    expect(text(screen.getByTestId("provider-billing-asof"))).toContain("1 hour ago");
    expect(screen.getByTestId("nav-provider-billing").getAttribute("aria-current")).toBe("page");

    expect(text(screen.getByTestId("billing-subscription-status"))).toBe("Active");
    const plans = screen.getAllByTestId("billing-plan").map((r) => [...r.querySelectorAll("th, td")].map(text));
    expect(plans).toEqual([
      ["Teams (Monthly)", "50", "0", "28", "$180.00", "Monthly"],
      ["Enterprise (Monthly)", "50", "10", "37", "$324.00", "Monthly"],
    ]);
    expect(text(screen.getByTestId("billing-total"))).toBe("$504.00");
    expect(text(screen.getByTestId("billing-credit"))).toBe("$25.50");
    expect(text(screen.getByTestId("billing-subscription"))).toContain("10%");

    expect(screen.getAllByTestId("billing-invoice")).toHaveLength(3);
    expect(text(within(invoiceRow("DEMO-MSP-0003")).getByTestId("billing-invoice-status"))).toBe("Open");
    expect(text(invoiceRow("DEMO-MSP-0003"))).toContain("$504.00");
    expect(text(invoiceRow("DEMO-MSP-0003"))).toContain("Dec 15, 2026");
    expect(text(within(invoiceRow("DEMO-MSP-0001")).getByTestId("billing-invoice-status"))).toBe("Paid");

    const address = text(screen.getByTestId("billing-address-facts"));
    expect(address).toContain("Keizersgracht 123");
    expect(address).toContain("Amsterdam");
    expect(address).toContain("1015 CJ");
    expect(text(screen.getByTestId("billing-address-tax"))).toBe("NL123456789B01 (eu_vat)");
    expect(screen.getByTestId("billing-address-edit")).toBeTruthy();
    expect(screen.queryByTestId("billing-warnings")).toBeNull();
  });

  it("shows a service user the notes instead of the invoices and the address, and no Edit", async () => {
    await openBilling(new FakeBackend({ billing: { serviceUser: true } }));
    expect(text(screen.getByTestId("billing-subscription-status"))).toBe("Active");
    expect(text(screen.getByTestId("billing-invoices-note"))).toBe(BILLING_ADMINS_ONLY);
    expect(text(screen.getByTestId("billing-address-note"))).toBe(BILLING_ADMINS_ONLY);
    expect(screen.queryByTestId("billing-invoice")).toBeNull();
    expect(screen.queryByTestId("billing-address-edit")).toBeNull();
  });

  it("shows a self-hosted server's refusal in its own words, translated when known", async () => {
    await openBilling(new FakeBackend({ billing: { selfHosted: true } }));
    for (const id of ["billing-subscription-note", "billing-invoices-note", "billing-address-note"]) {
      expect(text(screen.getByTestId(id))).toBe(BILLING_SELF_HOSTED);
    }
    expect(screen.queryByTestId("billing-address-edit")).toBeNull();
  });

  it("translates a Bitwarden refusal it knows, in Spanish", async () => {
    await openBilling(new FakeBackend({ billing: { selfHosted: true }, preferences: { language: "es" } }));
    await waitFor(() => expect(text(screen.getByTestId("billing-invoices-note"))).toBe("Solo se permite cuando el servidor no es autoalojado."));
    expect(text(screen.getByTestId("provider-billing-title"))).toContain("Facturación");
  });

  it("says when billing was never read", async () => {
    renderPortal(new FakeBackend({ billing: { unread: true } }), "/provider/billing");
    await byTestId("provider-billing-asof");
    expect(text(screen.getByTestId("provider-billing-asof"))).toContain("Not read yet");
    expect(screen.getByTestId("billing-subscription-note").dataset.kind).toBe("unread");
    expect(screen.queryByTestId("billing-address-edit")).toBeNull();
  });

  it("puts Bitwarden's warnings in plain words: the suspension with what resolves it, the missing tax id", async () => {
    await openBilling(new FakeBackend({ billing: { warnings: ["suspended", "tax_id"] } }));
    const [suspended, taxId] = screen.getAllByTestId("billing-warning");
    expect(suspended.dataset.kind).toBe("suspended");
    expect(text(suspended)).toContain("suspended");
    expect(text(suspended)).toContain("payment method");
    expect(text(suspended)).toContain("Dec 31, 2026");
    expect(taxId.dataset.kind).toBe("tax_id");
    expect(text(taxId)).toContain("no tax id");
    expect(text(screen.getByTestId("billing-subscription-status"))).toBe("Unpaid");
    expect(text(screen.getByTestId("billing-address-tax"))).toBe("None");
  });

  it("saves an invoice's CSV at the edited path and says where", async () => {
    const backend = await openBilling();
    await fireEvent.click(within(invoiceRow("DEMO-MSP-0003")).getByTestId("billing-invoice-save"));
    const dialog = await byTestId("invoice-csv-dialog");
    await waitFor(() => expect(input("invoice-csv-path").value).toBe("/home/demo/Downloads/Demo-MSP-invoice-DEMO-MSP-0003.csv"));
    expect(calls(backend, "invoiceCsvPath").map((c) => c.args)).toEqual([["in_1Q3"]]);
    expect(text(within(dialog).getByTestId("invoice-csv-dialog-subject"))).toContain("DEMO-MSP-0003");

    await fireEvent.input(input("invoice-csv-path"), { target: { value: "/home/demo/Documents/november.csv" } });
    await fireEvent.click(within(dialog).getByTestId("invoice-csv-submit"));
    await waitFor(() => expect(screen.queryByTestId("invoice-csv-dialog")).toBeNull());
    expect(calls(backend, "saveInvoiceCsv").map((c) => c.args)).toEqual([["in_1Q3", "/home/demo/Documents/november.csv"]]);
    expect(text(screen.getByTestId("invoice-csv-saved"))).toBe("Invoice DEMO-MSP-0003 saved to /home/demo/Documents/november.csv");
  });

  it("numbers the suggested name when it is taken, and keeps the dialog open on a conflict to change the name", async () => {
    const backend = await openBilling();
    await fireEvent.click(within(invoiceRow("DEMO-MSP-0002")).getByTestId("billing-invoice-save"));
    const dialog = await byTestId("invoice-csv-dialog");
    await waitFor(() => expect(input("invoice-csv-path").value).toBe("/home/demo/Downloads/Demo-MSP-invoice-DEMO-MSP-0002-2.csv"));

    await fireEvent.input(input("invoice-csv-path"), { target: { value: FAKE_EXISTING_FILES[0] } });
    await fireEvent.click(within(dialog).getByTestId("invoice-csv-submit"));
    await waitFor(() => expect(text(within(dialog).getByTestId("dialog-error"))).toBe(`${FAKE_EXISTING_FILES[0]} exists already; choose another name.`));
    expect(screen.queryByTestId("invoice-csv-saved")).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(input("invoice-csv-path")));

    await fireEvent.input(input("invoice-csv-path"), { target: { value: "/home/demo/Downloads/october.csv" } });
    await fireEvent.click(within(dialog).getByTestId("invoice-csv-submit"));
    await waitFor(() => expect(screen.queryByTestId("invoice-csv-dialog")).toBeNull());
    expect(calls(backend, "saveInvoiceCsv").map((c) => c.args[1])).toEqual([FAKE_EXISTING_FILES[0], "/home/demo/Downloads/october.csv"]);
    expect(text(screen.getByTestId("invoice-csv-saved"))).toContain("/home/demo/Downloads/october.csv");
  });

  it("checks the CSV path before asking the core", async () => {
    const backend = await openBilling();
    await fireEvent.click(within(invoiceRow("DEMO-MSP-0001")).getByTestId("billing-invoice-save"));
    const dialog = await byTestId("invoice-csv-dialog");
    await waitFor(() => expect(input("invoice-csv-path").value).not.toBe(""));
    await fireEvent.input(input("invoice-csv-path"), { target: { value: "invoice.csv" } });
    await fireEvent.click(within(dialog).getByTestId("invoice-csv-submit"));
    await waitFor(() => expect(text(within(dialog).getByTestId("dialog-error"))).toContain("full path"));
    expect(calls(backend, "saveInvoiceCsv")).toEqual([]);
  });

  it("validates the address form, then sends the whole address and shows the job", async () => {
    const backend = await openBilling();
    await fireEvent.click(screen.getByTestId("billing-address-edit"));
    const dialog = await byTestId("billing-address-dialog");
    expect(input("billing-address-country").value).toBe("NL");
    expect(input("billing-address-tax-type").value).toBe("eu_vat");

    await fireEvent.input(input("billing-address-country"), { target: { value: "N" } });
    await fireEvent.click(within(dialog).getByTestId("billing-address-submit"));
    await waitFor(() => expect(text(within(dialog).getByTestId("dialog-error"))).toContain("two letters"));

    await fireEvent.input(input("billing-address-country"), { target: { value: "be" } });
    await fireEvent.input(input("billing-address-postal"), { target: { value: " " } });
    await fireEvent.click(within(dialog).getByTestId("billing-address-submit"));
    await waitFor(() => expect(text(within(dialog).getByTestId("dialog-error"))).toBe("The postal code is required."));

    await fireEvent.input(input("billing-address-postal"), { target: { value: "1000" } });
    await fireEvent.input(input("billing-address-tax-type"), { target: { value: "" } });
    await fireEvent.click(within(dialog).getByTestId("billing-address-submit"));
    await waitFor(() => expect(text(within(dialog).getByTestId("dialog-error"))).toContain("which type"));
    expect(calls(backend, "setProviderAddress")).toEqual([]);

    await fireEvent.input(input("billing-address-tax-type"), { target: { value: "eu_vat" } });
    await fireEvent.input(input("billing-address-tax-id"), { target: { value: "BE0123456789" } });
    await fireEvent.input(input("billing-address-line1"), { target: { value: "Rue de la Loi 16" } });
    await fireEvent.input(input("billing-address-city"), { target: { value: "Brussels" } });
    await fireEvent.click(within(dialog).getByTestId("billing-address-submit"));
    await waitFor(() => expect(screen.queryByTestId("billing-address-dialog")).toBeNull());
    expect(calls(backend, "setProviderAddress").map((c) => c.args[0])).toEqual([
      { country: "BE", postalCode: "1000", line1: "Rue de la Loi 16", line2: null, city: "Brussels", state: null, taxIdType: "eu_vat", taxId: "BE0123456789" },
    ]);
    expect(text(await byTestId("billing-results"))).toContain("Set the provider's billing address to Rue de la Loi 16, Brussels, 1000, BE");
    await waitFor(() => expect(text(screen.getByTestId("billing-address-tax"))).toBe("BE0123456789 (eu_vat)"));
    // A new tax id waits for verification: Bitwarden says so.
    expect(text(screen.getByTestId("billing-warning"))).toContain("being verified");
  });

  it("queues the address offline and says it waits", async () => {
    const backend = new FakeBackend({ online: false });
    await openBilling(backend);
    expect((within(invoiceRow("DEMO-MSP-0003")).getByTestId("billing-invoice-save") as HTMLButtonElement).disabled).toBe(true);
    await fireEvent.click(screen.getByTestId("billing-address-edit"));
    const dialog = await byTestId("billing-address-dialog");
    await fireEvent.input(input("billing-address-city"), { target: { value: "Utrecht" } });
    await fireEvent.click(within(dialog).getByTestId("billing-address-submit"));
    const results = await byTestId("billing-results");
    expect(results.dataset.outcome).toBe("pending");
  });

  it("moves focus to the address's job once sent, and to the page's title when it is dismissed", async () => {
    await openBilling();
    await fireEvent.click(screen.getByTestId("billing-address-edit"));
    const dialog = await byTestId("billing-address-dialog");
    await fireEvent.input(input("billing-address-city"), { target: { value: "Utrecht" } });
    await fireEvent.click(within(dialog).getByTestId("billing-address-submit"));
    await expectFocusOnOutcome("billing-results");
    await dismissOutcome("billing-results", screen.getByTestId("provider-billing-title"));
  });
});

describe("the provider's pages in the portal", () => {
  it("are in the sidebar after People and in the command palette, apart from the app's Settings", async () => {
    const { visited } = renderPortal(new FakeBackend(), "/provider/clients");
    await byTestId("clients-page");
    expect(screen.getByTestId("nav-provider-billing").getAttribute("href")).toBe("/provider/billing");
    expect(screen.getByTestId("nav-provider-settings").getAttribute("href")).toBe("/provider/provider-settings");

    await fireEvent.keyDown(window, { key: "k", ctrlKey: true });
    await fireEvent.input(await byTestId("palette-input"), { target: { value: "settings" } });
    expect(screen.getAllByTestId("palette-option").map((o) => o.querySelector(".label")?.textContent)).toEqual(["Provider settings", "Settings"]);
    await fireEvent.input(screen.getByTestId("palette-input"), { target: { value: "billing" } });
    expect(screen.getAllByTestId("palette-option").map((o) => o.querySelector(".label")?.textContent)).toEqual(["Billing"]);
    await fireEvent.keyDown(screen.getByTestId("palette-input"), { key: "Enter" });
    expect(visited.at(-1)).toBe("/provider/billing");
    expect(await byTestId("provider-billing")).toBeTruthy();
  });
});

describe("the provider's Settings page", () => {
  async function openSettings(backend = new FakeBackend()) {
    renderPortal(backend, "/provider/provider-settings");
    await byTestId("provider-details");
    await waitFor(() => expect(screen.getByTestId("provider-details-name-value")).toBeTruthy());
    return backend;
  }

  it("shows the provider's details and links to the app's own settings", async () => {
    await openSettings();
    expect(text(screen.getByTestId("provider-settings-title"))).toBe("Provider settings · Demo MSP");
    expect(text(screen.getByTestId("provider-settings-asof"))).toContain("Details as of");
    expect(text(screen.getByTestId("provider-details-name-value"))).toBe("Demo MSP");
    expect(text(screen.getByTestId("provider-details-business-value"))).toBe("Demo MSP B.V.");
    expect(text(screen.getByTestId("provider-details-email-value"))).toBe("billing@demo-msp.example");
    expect(text(screen.getByTestId("provider-details"))).toContain("NL123456789B01");
    expect(screen.getByTestId("provider-settings-app-link").getAttribute("href")).toBe("/provider/settings");
    expect(screen.getByTestId("nav-provider-settings").getAttribute("aria-current")).toBe("page");
    expect(screen.getByTestId("nav-settings").getAttribute("aria-current")).toBeNull();
  });

  it("sends only the fields that changed", async () => {
    const backend = await openSettings();
    await fireEvent.click(screen.getByTestId("provider-details-edit"));
    const dialog = await byTestId("provider-details-dialog");
    expect(input("provider-details-name").value).toBe("Demo MSP");

    // Nothing changed: said here, nothing sent.
    await fireEvent.click(within(dialog).getByTestId("provider-details-submit"));
    await waitFor(() => expect(text(within(dialog).getByTestId("dialog-error"))).toBe("Nothing changed."));

    await fireEvent.input(input("provider-details-email"), { target: { value: "invoices@demo-msp.example " } });
    await fireEvent.click(within(dialog).getByTestId("provider-details-submit"));
    await waitFor(() => expect(screen.queryByTestId("provider-details-dialog")).toBeNull());
    expect(calls(backend, "setProviderDetails").map((c) => c.args[0])).toEqual([{ name: null, businessName: null, billingEmail: "invoices@demo-msp.example" }]);
    expect(text(await byTestId("provider-details-results"))).toContain("billing e-mail “billing@demo-msp.example” → “invoices@demo-msp.example”");
    await waitFor(() => expect(text(screen.getByTestId("provider-details-email-value"))).toBe("invoices@demo-msp.example"));
  });

  it("moves focus to the change's job once sent, and to the page's title when it is dismissed", async () => {
    await openSettings();
    await fireEvent.click(screen.getByTestId("provider-details-edit"));
    const dialog = await byTestId("provider-details-dialog");
    await fireEvent.input(input("provider-details-email"), { target: { value: "invoices@demo-msp.example" } });
    await fireEvent.click(within(dialog).getByTestId("provider-details-submit"));
    await expectFocusOnOutcome("provider-details-results");
    await dismissOutcome("provider-details-results", screen.getByTestId("provider-settings-title"));
  });

  it("clears the business name with an empty one and checks the name first", async () => {
    const backend = await openSettings();
    await fireEvent.click(screen.getByTestId("provider-details-edit"));
    const dialog = await byTestId("provider-details-dialog");
    await fireEvent.input(input("provider-details-name"), { target: { value: "  " } });
    await fireEvent.click(within(dialog).getByTestId("provider-details-submit"));
    await waitFor(() => expect(text(within(dialog).getByTestId("dialog-error"))).toBe("The provider needs a name."));

    await fireEvent.input(input("provider-details-name"), { target: { value: "Demo MSP Europe" } });
    await fireEvent.input(input("provider-details-business"), { target: { value: "" } });
    await fireEvent.click(within(dialog).getByTestId("provider-details-submit"));
    await waitFor(() => expect(screen.queryByTestId("provider-details-dialog")).toBeNull());
    expect(calls(backend, "setProviderDetails").map((c) => c.args[0])).toEqual([{ name: "Demo MSP Europe", businessName: "", billingEmail: null }]);
    await waitFor(() => expect(text(screen.getByTestId("provider-details-business-value"))).toBe("—"));
  });

  it("offers a service user no Edit and says why", async () => {
    await openSettings(new FakeBackend({ billing: { serviceUser: true } }));
    expect(screen.queryByTestId("provider-details-edit")).toBeNull();
    expect(text(screen.getByTestId("provider-details-admins"))).toContain("Only provider admins");
  });
});

describe("a client's Billing page", () => {
  async function openClient(org: string, backend = new FakeBackend()) {
    renderPortal(backend, `/admin/billing?org=${org}`);
    await byTestId("admin-page-billing");
    await byTestId("client-billing-details");
    return backend;
  }

  it("shows the seats and the note of consolidated billing", async () => {
    await openClient("org-1");
    expect(text(screen.getByTestId("client-billing-plan"))).toBe("Enterprise (Annually)");
    expect(text(screen.getByTestId("client-billing-seats"))).toBe("15 assigned · 1 used · 14 free");
    expect(text(screen.getByTestId("client-billing-note"))).toBe(BILLED_BY_PROVIDER);
    expect(screen.queryByTestId("client-billing-items")).toBeNull();
    expect(screen.getByTestId("admin-nav-billing").getAttribute("aria-current")).toBe("page");
  });

  it("shows an organization's own subscription, its items and the upcoming invoice", async () => {
    await openClient("org-6");
    expect(text(screen.getByTestId("client-billing-status"))).toBe("Active");
    const items = screen.getAllByTestId("client-billing-item").map(text);
    expect(items[0]).toContain("25 × $72.00");
    expect(items[0]).toContain("Year");
    expect(items[1]).toContain("(add-on)");
    expect(text(screen.getByTestId("client-billing-upcoming"))).toBe("$1,808.00 on Mar 1, 2027");
  });

  it("edits the billing details: only the changed field, then the job and the new value", async () => {
    const backend = await openClient("org-1");
    await fireEvent.click(screen.getByTestId("client-billing-edit"));
    const dialog = await byTestId("client-billing-dialog");
    expect(text(within(dialog).getByTestId("client-billing-dialog-subject"))).toBe("My Client's Organization");
    await fireEvent.input(input("client-billing-email-input"), { target: { value: "not an address" } });
    await fireEvent.click(within(dialog).getByTestId("client-billing-submit"));
    await waitFor(() => expect(text(within(dialog).getByTestId("dialog-error"))).toContain("billing e-mail"));

    await fireEvent.input(input("client-billing-email-input"), { target: { value: "accounts@myclient.example" } });
    await fireEvent.click(within(dialog).getByTestId("client-billing-submit"));
    await waitFor(() => expect(screen.queryByTestId("client-billing-dialog")).toBeNull());
    expect(calls(backend, "setClientBilling").map((c) => c.args[0])).toEqual([
      { organizationId: "org-1", businessName: null, billingEmail: "accounts@myclient.example" },
    ]);
    expect(text(await byTestId("client-billing-results"))).toContain("Change “My Client's Organization”'s billing details");
    await waitFor(() => expect(text(screen.getByTestId("client-billing-email"))).toBe("accounts@myclient.example"));
  });

  it("moves focus to the change's job once sent, and to the Billing heading when it is dismissed", async () => {
    await openClient("org-1");
    await fireEvent.click(screen.getByTestId("client-billing-edit"));
    const dialog = await byTestId("client-billing-dialog");
    await fireEvent.input(input("client-billing-email-input"), { target: { value: "accounts@myclient.example" } });
    await fireEvent.click(within(dialog).getByTestId("client-billing-submit"));
    await expectFocusOnOutcome("client-billing-results");
    const heading = screen.getByRole("heading", { level: 2, name: "Billing" });
    expect(heading.id).toBe("admin-page-title");
    await dismissOutcome("client-billing-results", heading);
  });

  it("says why a service user cannot edit", async () => {
    await openClient("org-2", new FakeBackend({ billing: { serviceUser: true } }));
    expect(screen.queryByTestId("client-billing-edit")).toBeNull();
    expect(text(screen.getByTestId("client-billing-edit-note"))).toContain("not a service user");
  });
});

describe("billing's rules", () => {
  const details: ProviderDetails = {
    name: "Acme MSP",
    businessName: "Acme B.V.",
    billingEmail: "b@acme.example",
    businessAddress: [],
    businessCountry: null,
    businessTaxNumber: null,
  };

  it("send only what changed, trimmed; an emptied business name as empty", () => {
    expect(detailsChanges(details, { name: "Acme MSP", businessName: "Acme B.V.", billingEmail: "b@acme.example" })).toBeNull();
    expect(detailsChanges(details, { name: " Acme MSP ", businessName: "Acme B.V.", billingEmail: "c@acme.example" })).toEqual({
      name: null,
      businessName: null,
      billingEmail: "c@acme.example",
    });
    expect(detailsChanges(details, { name: "Acme", businessName: " ", billingEmail: "b@acme.example" })).toEqual({ name: "Acme", businessName: "", billingEmail: null });
  });

  it("check the address and send empty fields as none", () => {
    const form = { ...addressForm(null), country: "us", postalCode: "10001" };
    expect(validateAddress(form)).toBeNull();
    expect(addressInput(form)).toEqual({ country: "US", postalCode: "10001", line1: null, line2: null, city: null, state: null, taxIdType: null, taxId: null });
    expect(validateAddress({ ...form, country: "USA" })).toContain("two letters");
    expect(validateAddress({ ...form, taxIdType: "us_ein" })).toContain("number");
  });

  it("accept only an absolute .csv path", () => {
    expect(validateCsvPath("/home/you/Downloads/a.csv")).toBeNull();
    expect(validateCsvPath("C:\\Users\\you\\a.CSV")).toBeNull();
    expect(validateCsvPath("a.csv")).not.toBeNull();
    expect(validateCsvPath("/home/you/a.txt")).not.toBeNull();
    expect(validateCsvPath("  ")).not.toBeNull();
  });

  it("are reachable by the fake's scenarios in the browser", () => {
    expect(fakeOptionsFromQuery("?fake=service_user,self_hosted,tax_id_missing,suspended").billing).toEqual({
      serviceUser: true,
      selfHosted: true,
      warnings: ["tax_id", "suspended"],
    });
    expect(fakeOptionsFromQuery("?fake=billing_unread").billing).toEqual({ unread: true });
  });

  it("word a warning this build does not know with the server's word, as text", () => {
    expect(warningText({ kind: "tax_id", problem: { other: "<b>odd</b>" } }).body).toContain("<b>odd</b>");
    expect(warningText({ kind: "suspended", resolution: "contact_support", cancelsAt: null }).body).toContain("support");
  });
});
