// Admin Console → Billing against the fake backend.
import { screen } from "@testing-library/svelte";
import { beforeEach, describe, expect, it } from "vitest";
import { FAKE_NOW } from "$lib/backend";
import { setClock } from "$lib/ui/format";
import { byTestId, renderPortal } from "$lib/testing/portal";

beforeEach(() => setClock(() => FAKE_NOW));

const text = (id: string) => screen.getByTestId(id).textContent?.trim();

describe("billing page", () => {
  it("shows what the snapshot holds and says the full view comes later", async () => {
    renderPortal(undefined, "/admin/billing?org=org-5");
    await byTestId("admin-page-billing");
    expect(text("admin-later")).toContain("invoices");
    expect(screen.getByTestId("admin-facts").textContent).toContain("9 days ago");
    expect(text("admin-client-error")).toBe("The server failed (500). Try again later.");
  });
});
