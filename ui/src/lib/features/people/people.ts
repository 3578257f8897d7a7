// Provider Portal → People: the labels of roles and statuses (a value this
// build does not know shows its number) and the invite dialog's parsing.
import type { PersonStatus, PersonView, ProviderUserType } from "$lib/backend";
import { parseEmails } from "$lib/features/members/members";
import { t } from "$lib/i18n";

export { parseEmails };

export function roleLabel(role: ProviderUserType): string {
  if (role === "provider_admin") return t("people.role.provider_admin");
  if (role === "service_user") return t("people.role.service_user");
  return t("people.role.unknown", { value: role.unknown });
}

export function statusLabel(status: PersonStatus): string {
  if (status === "invited") return t("people.status.invited");
  if (status === "accepted") return t("people.status.accepted");
  if (status === "confirmed") return t("people.status.confirmed");
  return t("people.status.unknown", { value: status.unknown });
}

/** What a row is called: its name, else its e-mail, else its id. */
export function personName(person: PersonView): string {
  return person.name || person.email || person.id;
}
