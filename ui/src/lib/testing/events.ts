// Shared queries of the event log tests (a client's, the provider's): the
// rows of the table and their messages.
import { screen, within } from "@testing-library/svelte";

export const eventRows = () => screen.queryAllByTestId("events-row");
export const eventMessages = () => eventRows().map((row) => within(row).getByTestId("events-message").textContent);
