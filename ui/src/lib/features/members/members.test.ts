// Admin Console → Members against the fake backend.
import { screen } from "@testing-library/svelte";
import { beforeEach, describe, expect, it } from "vitest";
import { FAKE_NOW, FakeBackend } from "$lib/backend";
import { setClock } from "$lib/ui/format";
import { byTestId, renderPortal } from "$lib/testing/portal";

beforeEach(() => setClock(() => FAKE_NOW));

const text = (id: string) => screen.getByTestId(id).textContent?.trim();

describe("members", () => {
  it("shows the client's header and member counts by status, and the member list", async () => {
    renderPortal(undefined, "/admin/members?org=org-1");
    expect((await byTestId("admin-client-name")).textContent).toBe("My Client's Organization");
    expect(text("admin-plan")).toBe("Enterprise (Annually)");
    expect(text("admin-seats")).toBe("15 assigned · 1 used · 14 remaining");
    expect(text("admin-asof")).toContain("2 hours ago");
    expect(text("member-count-total")).toBe("2");
    expect(text("member-count-invited")).toBe("1");
    expect(text("member-count-accepted")).toBe("0");
    expect(text("member-count-confirmed")).toBe("1");
    expect(text("member-count-revoked")).toBe("0");
    const rows = await screen.findAllByTestId("member-row");
    expect(rows.length).toBe(2);
    expect(rows[0].textContent).toContain("it@myclient.example");
    expect(rows[0].textContent).toContain("Owner");
    expect(rows[1].textContent).toContain("Invited");
  });

  it("labels a staged member, and a role from a newer server by its number", async () => {
    const backend = new FakeBackend();
    const members = backend.members.bind(backend);
    backend.members = async (org) => {
      const [owner, invited] = await members(org);
      return [
        { ...owner, role: { unknown: 7 } },
        { ...invited, status: "staged" },
      ];
    };
    renderPortal(backend, "/admin/members?org=org-1");
    const rows = await screen.findAllByTestId("member-row");
    expect(rows[0].textContent).toContain("Unknown (7)");
    expect(rows[0].textContent).toContain("Confirmed");
    expect(rows[1].textContent).toContain("Staged (not invited yet)");
  });

});
