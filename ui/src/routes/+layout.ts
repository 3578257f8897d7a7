// Client-side only: the app is a static SPA inside Tauri, with nothing to
// render on a server or at build time.
export const ssr = false;
export const prerender = false;
