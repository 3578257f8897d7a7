// The start page is the Provider Portal's client list.
import { redirect } from "@sveltejs/kit";
import { href, ROUTES } from "$lib/navigation";

export function load(): never {
  redirect(307, href(ROUTES.clients));
}
