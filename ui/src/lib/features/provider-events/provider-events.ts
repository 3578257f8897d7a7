// The provider's Event logs page's pure parts: the filters it keeps and the
// ProviderEventFilter the core is asked with. Dates, paging and ids are the
// client Events page's helpers (features/events/events.ts).
import type { ProviderEventFilter } from "$lib/backend";
import { dateRange } from "$lib/features/events/events";

/** What the filter bar holds; "" / null is "any". */
export interface ProviderFilters {
  /** A plain day (2026-12-01), as a date input gives it. */
  since: string;
  until: string;
  /** A provider user (ProviderUser id): what they did and what was done to them. */
  providerUserId: string | null;
  /** A client (its provider-organization id, the client list's `id`). */
  clientId: string | null;
  /** Bitwarden's DeviceType number. */
  device: number | null;
}

export const NO_PROVIDER_FILTERS: Readonly<ProviderFilters> = {
  since: "",
  until: "",
  providerUserId: null,
  clientId: null,
  device: null,
};

/**
 * The ProviderEventFilter for the core: only the conditions set, and the
 * page when given (an export takes every page, so it passes none).
 */
export function toProviderEventFilter(filters: ProviderFilters, page?: number): ProviderEventFilter {
  const out: ProviderEventFilter = dateRange(filters);
  if (filters.providerUserId) out.providerUserId = filters.providerUserId;
  if (filters.clientId) out.clientId = filters.clientId;
  if (filters.device !== null) out.device = filters.device;
  if (page !== undefined) out.page = page;
  return out;
}

/** Whether any condition is set. */
export function isProviderFiltered(filters: ProviderFilters): boolean {
  return Object.keys(toProviderEventFilter(filters)).length > 0;
}
