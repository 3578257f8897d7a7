// Runs before every test file (vite.config.ts → test.setupFiles).
import { cleanup } from "@testing-library/svelte";
import { afterEach } from "vitest";
import { i18n } from "$lib/i18n";

afterEach(() => {
  cleanup();
  // The i18n runtime is a module singleton: give every test the OS language.
  i18n.setPreference(null);
  i18n.refreshSystem();
  document.documentElement.lang = "";
});
