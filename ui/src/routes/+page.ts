// The start page is the Provider Portal's home, the dashboard. The query is
// kept so browser runs of the fake backend (`?fake=…`) survive the redirect.
import { redirect } from "@sveltejs/kit";
import { HOME, href } from "$lib/navigation";

export function load({ url }: { url: URL }): never {
  redirect(307, href(HOME) + url.search);
}
