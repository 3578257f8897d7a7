// The core's allow-list of resource pages, generated from desk-core's
// `Resource::url`: the Resources page shows the addresses as text and the
// fake's onboarding messages link them. The webview never navigates to
// them; the core opens a resource by name (`openResource`).
import { RESOURCE_URLS as GENERATED } from "./bindings";
import type { Resource } from "./types";

/** The page each resource opens (every one https:// on bitwarden.com). */
export const RESOURCE_URLS: Readonly<Record<Resource, string>> = GENERATED;
