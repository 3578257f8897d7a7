// The item form's draft and what it sends, without rendering.
import { describe, expect, it } from "vitest";
import { demoItems, withoutSecrets } from "$lib/backend/fake-vault";
import { draftOf, draftProblem, itemOf } from "./vault";

describe("the item draft", () => {
  const stored = withoutSecrets(demoItems("org-2", "col-default")[0]);

  it("keeps every secret null when editing without touching them", () => {
    const item = itemOf(draftOf(stored), stored, "org-2");
    expect(item.login).toMatchObject({ password: null, totp: null, username: "it@myclient.example" });
    expect(item.fields.map((f) => f.value)).toEqual(["myclient.onmicrosoft.com", null]);
    expect(item.passwordHistory).toEqual(stored.passwordHistory);
  });

  it("sends a new item's empty secrets as null, and only the chosen type's payload", () => {
    const draft = draftOf(null, 5, ["c1"]);
    draft.name = " Deploy key ";
    draft.sshKey.privateKey = { value: "-----BEGIN KEY-----", changed: true };
    const item = itemOf(draft, null, "org-2");
    expect(item).toMatchObject({ type: 5, name: "Deploy key", login: null, card: null, identity: null, collectionIds: ["c1"] });
    expect(item.sshKey).toEqual({ privateKey: "-----BEGIN KEY-----", publicKey: null, keyFingerprint: null });
  });

  it("needs a name and a collection", () => {
    const draft = draftOf(null);
    expect(draftProblem(draft)).toBe("name");
    draft.name = "x";
    expect(draftProblem(draft)).toBe("collection");
    draft.collectionIds = ["c1"];
    expect(draftProblem(draft)).toBeNull();
  });
});
