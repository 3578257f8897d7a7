import adapter from "@sveltejs/adapter-static";
import { vitePreprocess } from "@sveltejs/vite-plugin-svelte";

// The browser harness (ui/browser/) builds a fake-backend copy elsewhere so
// that ui/build, which the Rust app embeds, is never overwritten.
const out = process.env.PDESK_UI_OUT || "build";

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    // A static SPA: Tauri serves ui/build through its own protocol and answers
    // unknown paths with index.html, so path routing with a fallback page works
    // for reloads and deep links. (Not the hash router: under `tauri://localhost`,
    // whose URL has an empty path, SvelteKit 2.70 takes `#/…` links for external
    // ones and reloads the page forever.)
    adapter: adapter({
      pages: out,
      assets: out,
      fallback: "index.html",
      strict: true,
    }),
  },
};

export default config;
