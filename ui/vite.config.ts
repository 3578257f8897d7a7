import { sveltekit } from "@sveltejs/kit/vite";
import { defineConfig } from "vitest/config";

export default defineConfig({
  plugins: [sveltekit()],
  // tauri.conf.json's devUrl is http://127.0.0.1:5173; "localhost" may resolve
  // to ::1 on some machines, so bind the IPv4 loopback explicitly.
  server: {
    host: "127.0.0.1",
    port: 5173,
    strictPort: true,
  },
  // Tauri's dev mode prints its own output; keep Vite's on screen.
  clearScreen: false,
  // Vitest resolves Svelte's server build by default; components need the
  // browser one to mount in jsdom.
  resolve: process.env.VITEST ? { conditions: ["browser"] } : undefined,
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.ts"],
    setupFiles: ["src/lib/testing/setup.ts"],
  },
});
