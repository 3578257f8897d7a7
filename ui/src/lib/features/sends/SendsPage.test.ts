// Provider Portal → Send against the fake backend: the list, creating a
// one-time text Send and its link, deleting, opening a link, and refusals.
import { fireEvent, screen, waitFor, within } from "@testing-library/svelte";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FAKE_NOW, FakeBackend, type SendInput } from "$lib/backend";
import { ROUTES } from "$lib/navigation";
import { calls } from "$lib/testing/app";
import { byTestId, renderPage } from "$lib/testing/portal";
import { rowReading, squashed as text } from "$lib/testing/queries";
import { setClock } from "$lib/ui/format";
import SendsPage from "./SendsPage.svelte";
import { fromLocalInput, toLocalInput } from "./sends";

beforeEach(() => setClock(() => FAKE_NOW));
afterEach(() => vi.unstubAllGlobals());

async function openSends(backend = new FakeBackend()): Promise<FakeBackend> {
  renderPage(SendsPage, ROUTES.sends, backend);
  await byTestId("sends-page");
  return backend;
}

const sendRow = (name: string) => rowReading("send-row", "send-name", name);

const sendNames = () => screen.queryAllByTestId("send-row").map((r) => text(within(r).getByTestId("send-name")));

async function newTextSend(name: string, body: string): Promise<HTMLElement> {
  await fireEvent.click(await byTestId("send-create"));
  const dialog = await byTestId("send-dialog");
  await fireEvent.input(within(dialog).getByTestId("send-name"), { target: { value: name } });
  await fireEvent.input(within(dialog).getByTestId("send-text"), { target: { value: body } });
  return dialog;
}

describe("the Send list", () => {
  it("shows each Send's type, status, accesses, dates and password", async () => {
    await openSends();
    await byTestId("sends-table");
    expect(sendNames()).toEqual(["Wi-Fi password for the front desk", "Onboarding checklist"]);
    const wifi = sendRow("Wi-Fi password for the front desk");
    expect(text(within(wifi).getByTestId("send-type"))).toBe("Text");
    expect(text(within(wifi).getByTestId("send-status"))).toBe("Active");
    expect(text(within(wifi).getByTestId("send-accesses"))).toBe("0 / 1");
    expect(text(within(wifi).getByTestId("send-expires"))).toBe("Never");
    expect(text(within(wifi).getByTestId("send-has-password"))).toBe("No");
    expect(within(wifi).queryByTestId("send-remove-password")).toBeNull();
    const file = sendRow("Onboarding checklist");
    expect(text(within(file).getByTestId("send-type"))).toBe("File");
    expect(text(within(file).getByTestId("send-accesses"))).toBe("1 / 3");
    expect(text(within(file).getByTestId("send-has-password"))).toBe("Yes");
  });

  it("says when the server cannot be reached", async () => {
    await openSends(new FakeBackend({ fail: { sends: { code: "offline", message: "The server cannot be reached." } } }));
    expect(text(await byTestId("sends-error"))).toContain("Your Sends are on the server, which cannot be reached now.");
  });

  it("copies a row's link", async () => {
    const writeText = vi.fn().mockResolvedValue(undefined);
    vi.stubGlobal("navigator", { ...navigator, clipboard: { writeText } });
    const backend = await openSends();
    await byTestId("sends-table");
    await fireEvent.click(within(sendRow("Onboarding checklist")).getByTestId("send-copy-link"));
    const [listed] = (await backend.sends()).filter((s) => s.name === "Onboarding checklist");
    await waitFor(() => expect(writeText).toHaveBeenCalledWith(listed.link));
    expect(listed.link).toMatch(/^https:\/\/vault\.example\/#\/send\/[^/]+\/[^/]+$/);
    expect(text(await byTestId("send-row-copy-status"))).toBe("Link copied.");
  });
});

describe("creating a Send", () => {
  it("creates a one-time text Send by default and shows its link first", async () => {
    const backend = await openSends();
    const dialog = await newTextSend("Router admin", "hunter2");
    expect((within(dialog).getByTestId("send-max-access") as HTMLInputElement).value).toBe("1");
    expect(text(within(dialog).getByTestId("send-max-access-help"))).toContain("one-time");
    expect((within(dialog).getByTestId("send-deletion") as HTMLInputElement).value).toBe(toLocalInput(FAKE_NOW + 7 * 86_400_000));
    await fireEvent.click(within(dialog).getByTestId("send-hidden"));
    await fireEvent.click(within(dialog).getByTestId("send-save"));

    await waitFor(() => expect(screen.queryByTestId("send-dialog")).toBeNull());
    const input = calls(backend, "saveSend")[0].args[0] as SendInput;
    expect(input).toMatchObject({ sendId: null, name: "Router admin", text: "hunter2", hidden: true, file: null, maxAccessCount: 1, password: null });
    expect(input.deletionDate).toBe(fromLocalInput(toLocalInput(FAKE_NOW + 7 * 86_400_000)));
    const link = (await byTestId("send-link")) as HTMLInputElement;
    expect(link.value).toMatch(/^https:\/\/vault\.example\/#\/send\/[^/]+\/[^/]+$/);
    expect(text(screen.getByTestId("send-created-one-time"))).toContain("It opens once");
    expect(text(screen.getByTestId("send-results"))).toContain("Create the text Send “Router admin” (one-time, deleted");
    await waitFor(() => expect(sendNames()).toContain("Router admin"));
  });

  it("sends no access limit when the field is cleared", async () => {
    const backend = await openSends();
    const dialog = await newTextSend("Shared note", "text");
    await fireEvent.input(within(dialog).getByTestId("send-max-access"), { target: { value: "" } });
    expect(text(within(dialog).getByTestId("send-max-access-help"))).toContain("No limit");
    await fireEvent.click(within(dialog).getByTestId("send-save"));
    await waitFor(() => expect(calls(backend, "saveSend")).toHaveLength(1));
    expect((calls(backend, "saveSend")[0].args[0] as SendInput).maxAccessCount).toBeNull();
  });

  it("reads a file into base64", async () => {
    const backend = await openSends();
    await fireEvent.click(await byTestId("send-create"));
    const dialog = await byTestId("send-dialog");
    await fireEvent.click(within(dialog).getByTestId("send-kind-file"));
    await fireEvent.input(within(dialog).getByTestId("send-name"), { target: { value: "Contract" } });
    const file = new File(["hello"], "contract.txt", { type: "text/plain" });
    await fireEvent.change(within(dialog).getByTestId("send-file"), { target: { files: [file] } });
    await fireEvent.click(within(dialog).getByTestId("send-save"));
    await waitFor(() => expect(calls(backend, "saveSend")).toHaveLength(1));
    expect((calls(backend, "saveSend")[0].args[0] as SendInput).file).toEqual({ fileName: "contract.txt", data: "aGVsbG8=" });
    expect(await byTestId("send-link")).toBeTruthy();
  });

  it("shows a refusal's message and keeps the dialog open", async () => {
    const refusal = "Due to an Enterprise Policy, you are only able to delete an existing Send.";
    const backend = await openSends(new FakeBackend({ fail: { saveSend: { code: "invalid_input", message: refusal } } }));
    await newTextSend("Blocked", "secret");
    await fireEvent.click(screen.getByTestId("send-save"));
    await waitFor(() => expect(text(screen.getByTestId("dialog-error"))).toBe(refusal));
    expect(screen.getByTestId("send-dialog")).toBeTruthy();
    expect(calls(backend, "saveSend")).toHaveLength(1);
  });

  it("shows the core's refusal of a deletion date over 31 days ahead", async () => {
    await openSends();
    const dialog = await newTextSend("Too late", "secret");
    await fireEvent.input(within(dialog).getByTestId("send-deletion"), { target: { value: toLocalInput(FAKE_NOW + 40 * 86_400_000) } });
    await fireEvent.click(within(dialog).getByTestId("send-save"));
    await waitFor(() =>
      expect(text(screen.getByTestId("dialog-error"))).toBe("A Send is deleted at most 31 days after it is made: choose an earlier deletion date."),
    );
  });

  it("needs a name", async () => {
    const backend = await openSends();
    await fireEvent.click(await byTestId("send-create"));
    await fireEvent.click(await byTestId("send-save"));
    expect(text(await byTestId("dialog-error"))).toBe("Enter a name for the Send.");
    expect(calls(backend, "saveSend")).toHaveLength(0);
  });
});

describe("changing and deleting a Send", () => {
  it("deletes a Send after a confirmation", async () => {
    const backend = await openSends();
    await byTestId("sends-table");
    await fireEvent.click(within(sendRow("Onboarding checklist")).getByTestId("send-delete"));
    const dialog = await byTestId("delete-send-dialog");
    expect(dialog.textContent).toContain("Onboarding checklist");
    await fireEvent.click(within(dialog).getByTestId("delete-send-submit"));
    await waitFor(() => expect(sendNames()).toEqual(["Wi-Fi password for the front desk"]));
    expect(calls(backend, "deleteSends")[0].args).toEqual([["send-2"]]);
    expect(text(await byTestId("send-results"))).toContain("Delete the Send “Onboarding checklist”");
  });

  it("removes a password", async () => {
    const backend = await openSends();
    await byTestId("sends-table");
    await fireEvent.click(within(sendRow("Onboarding checklist")).getByTestId("send-remove-password"));
    await waitFor(() => expect(calls(backend, "removeSendPassword")[0].args).toEqual(["send-2"]));
    await waitFor(() => expect(text(within(sendRow("Onboarding checklist")).getByTestId("send-has-password"))).toBe("No"));
  });

  it("edits a Send, keeping its text and password when unchanged", async () => {
    const backend = await openSends();
    await byTestId("sends-table");
    await fireEvent.click(within(sendRow("Wi-Fi password for the front desk")).getByTestId("send-edit"));
    const dialog = await byTestId("send-dialog");
    await fireEvent.input(within(dialog).getByTestId("send-name"), { target: { value: "Wi-Fi (guests)" } });
    await fireEvent.click(within(dialog).getByTestId("send-save"));
    await waitFor(() => expect(calls(backend, "saveSend")).toHaveLength(1));
    expect(calls(backend, "saveSend")[0].args[0]).toMatchObject({ sendId: "send-1", name: "Wi-Fi (guests)", text: null, password: null });
    await waitFor(() => expect(sendNames()).toContain("Wi-Fi (guests)"));
    expect(screen.queryByTestId("send-created")).toBeNull();
  });
});

describe("opening a Send link", () => {
  it("shows the hidden text after Show, and counts the access", async () => {
    const backend = await openSends();
    await byTestId("sends-table");
    const [wifi] = await backend.sends();
    await fireEvent.click(screen.getByTestId("send-receive-open"));
    const dialog = await byTestId("send-receive-dialog");
    await fireEvent.input(within(dialog).getByTestId("send-receive-link"), { target: { value: wifi.link } });
    await fireEvent.click(within(dialog).getByTestId("send-receive-submit"));
    expect(text(await byTestId("send-received-name"))).toBe("Wi-Fi password for the front desk");
    expect(text(screen.getByTestId("send-received-creator"))).toBe("admin@demo-msp.example");
    expect(screen.queryByTestId("send-received-text")).toBeNull();
    await fireEvent.click(screen.getByTestId("send-received-show"));
    expect(text(screen.getByTestId("send-received-text"))).toBe("Guest-Network-2026");
    expect(calls(backend, "receiveSend")[0].args).toEqual([wifi.link, null]);
    expect((await backend.sends())[0].status).toBe("max_accessed");
  });

  it("asks for the password of a protected Send, and names a file Send without downloading it", async () => {
    const backend = await openSends();
    await byTestId("sends-table");
    const file = (await backend.sends()).find((s) => s.type === "file")!;
    await fireEvent.click(screen.getByTestId("send-receive-open"));
    const dialog = await byTestId("send-receive-dialog");
    await fireEvent.input(within(dialog).getByTestId("send-receive-link"), { target: { value: file.link } });
    await fireEvent.click(within(dialog).getByTestId("send-receive-submit"));
    await waitFor(() => expect(text(screen.getByTestId("dialog-error"))).toBe("This Send is protected by a password: give it to open the Send."));
    await fireEvent.input(within(dialog).getByTestId("send-receive-password"), { target: { value: "open-sesame" } });
    await fireEvent.click(within(dialog).getByTestId("send-receive-submit"));
    expect(text(await byTestId("send-received-file"))).toBe("checklist.pdf");
    expect(text(screen.getByTestId("send-received-file-note"))).toContain("counts as the access");
    // Reading it did not count; saving the file does.
    const before = (await backend.sends()).find((s) => s.id === file.id)!.accessCount;
    await fireEvent.click(screen.getByTestId("send-received-save"));
    expect(text(await byTestId("send-received-saved"))).toBe("Saved: /home/demo/Downloads/checklist.pdf");
    expect(calls(backend, "receiveSendFile")[0].args).toEqual([file.link, "***"]);
    expect((await backend.sends()).find((s) => s.id === file.id)!.accessCount).toBe(before + 1);
  });

  it("refuses what is not a Send link", async () => {
    await openSends();
    await fireEvent.click(await byTestId("send-receive-open"));
    await fireEvent.input(await byTestId("send-receive-link"), { target: { value: "https://example.com/nothing" } });
    await fireEvent.click(screen.getByTestId("send-receive-submit"));
    await waitFor(() => expect(text(screen.getByTestId("dialog-error"))).toContain("This is not a Send link"));
  });
});
