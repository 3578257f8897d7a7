import { describe, expect, it } from "vitest";
import { I18n } from "./i18n.svelte";
import { SERVER_MESSAGES, translateServerMessage } from "./server-messages";

/** The Bitwarden server's exact wording of the messages we translate. */
const KNOWN = [
  "Seat limit has been reached.",
  "Seat limit has been reached. Please contact your provider to add more seats.",
  "You cannot revoke yourself.",
  "Only owners can revoke other owners.",
  "Already revoked.",
  "Already active.",
  "You cannot remove yourself.",
  "Only owners can delete other owners.",
  "Organization must have at least one confirmed owner.",
  "Only an Owner can configure another Owner's account.",
  "User not valid.",
  "User invalid.",
  "Organization does not allow password reset.",
  "Organization does not have the password reset policy enabled.",
  "Organization User not valid.",
  "Service users cannot purchase additional seats.",
  "No subscription found.",
  "Turn on the Single organization policy because it is required for the Account recovery administration policy.",
  "Turn off the Account recovery administration policy before turning off the Single organization policy.",
  "You can only submit up to 20 emails at a time.",
  "Due to an Enterprise Policy, you are only able to delete an existing Send.",
  "Due to an Enterprise Policy, you are not allowed to hide your email address from recipients when creating or editing a Send.",
  "You cannot have a Send with a deletion date that far into the future. Adjust the Deletion Date to a value less than 31 days from now and try again.",
  "The client copy of this cipher is out of date. Resync the client and try again.",
  "You do not have permissions to edit this.",
  "Only allowed when not self hosted.",
];

const es = (message: string) => translateServerMessage(message, "es");

describe("server messages", () => {
  it("translate every known sentence into Spanish, and no other", () => {
    expect(Object.keys(SERVER_MESSAGES.es).sort()).toEqual([...KNOWN].sort());
    for (const sentence of KNOWN) {
      const spanish = SERVER_MESSAGES.es[sentence];
      expect(spanish.trim(), sentence).not.toBe("");
      expect(spanish, sentence).not.toBe(sentence);
      expect(es(sentence), sentence).toBe(spanish);
    }
  });

  it("are shown as they are in English", () => {
    for (const sentence of KNOWN) expect(translateServerMessage(sentence, "en")).toBe(sentence);
    const message = "The server refused 1 of 2: bob@x.example: Already revoked.";
    expect(translateServerMessage(message, "en")).toBe(message);
  });

  it("are translated inside a longer message, the rest left as it is", () => {
    expect(es("The server refused 1 of 2: bob@x.example: Already revoked.")).toBe(
      "The server refused 1 of 2: bob@x.example: Ya está revocado.",
    );
    expect(es("The server refused 2 of 2: ana@x.example: You cannot revoke yourself.; Bob O'Brien: Only owners can revoke other owners.")).toBe(
      "The server refused 2 of 2: ana@x.example: No puedes revocar tu propio acceso.; Bob O'Brien: Solo los propietarios pueden revocar el acceso de otros propietarios.",
    );
  });

  it("prefer the longest known sentence, and match only whole sentences", () => {
    expect(es("Seat limit has been reached. Please contact your provider to add more seats.")).toBe(
      "Se ha alcanzado el límite de puestos. Ponte en contacto con tu proveedor para añadir más puestos.",
    );
    expect(es("Seat limit has been reached. Add seats first.")).toBe("Se ha alcanzado el límite de puestos. Add seats first.");
    expect(es("Organization User not valid.")).toBe("Miembro de la organización no válido.");
    expect(es("SuperUser not valid.")).toBe("SuperUser not valid.");
    // Matched exactly as the server writes it.
    expect(es("already revoked.")).toBe("already revoked.");
  });

  it("leave unknown text untouched", () => {
    for (const message of ["", "Something went wrong.", "The server cannot be reached. Check the connection and try again.", "Already revoked"]) {
      expect(es(message)).toBe(message);
    }
  });

  it("keep HTML-like and pattern-like text as text", () => {
    const hostile = "<img src=x onerror=alert(1)>";
    expect(es(`${hostile} Already revoked. ${hostile}`)).toBe(`${hostile} Ya está revocado. ${hostile}`);
    expect(es("$& $1 {message} Already active.")).toBe("$& $1 {message} Ya está activo.");
  });

  it("follow the UI language", () => {
    const i18n = new I18n();
    i18n.setPreference("en");
    expect(i18n.serverMessage("You cannot revoke yourself.")).toBe("You cannot revoke yourself.");
    i18n.setPreference("es");
    expect(i18n.serverMessage("You cannot revoke yourself.")).toBe("No puedes revocar tu propio acceso.");
  });
});
