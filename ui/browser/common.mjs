// Shared by the browser scripts: build the UI with the fake backend into its
// own folder, serve it like Tauri does (unknown paths → index.html, the
// app's CSP), and start Debian's Chromium through playwright-core.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { dirname, extname, join, normalize, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const UI = resolve(dirname(fileURLToPath(import.meta.url)), "..");
/** Inside .svelte-kit (git-ignored), never ui/build. */
export const OUT = join(UI, ".svelte-kit", "build-fake");
export const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";

export function buildFake() {
  if (process.env.SKIP_BUILD && existsSync(join(OUT, "index.html"))) return;
  const vite = join(UI, "node_modules", ".bin", "vite");
  const result = spawnSync(vite, ["build", "--logLevel", "warn"], {
    cwd: UI,
    stdio: "inherit",
    env: { ...process.env, VITE_BACKEND: "fake", PDESK_UI_OUT: OUT },
  });
  if (result.status !== 0) throw new Error(`vite build failed (${result.status})`);
}

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
};

/**
 * The CSP of tauri.conf.json, as Tauri applies it: its directives plus the
 * hashes of the page's inline scripts (Tauri adds those at build time). IPC
 * has no meaning in a browser, so connect-src is just 'self'.
 */
function contentSecurityPolicy(html) {
  const conf = JSON.parse(readFileSync(join(UI, "..", "tauri.conf.json"), "utf8"));
  const csp = { ...conf.app.security.csp, "connect-src": "'self'" };
  const hashes = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map(
    ([, body]) => `'sha256-${createHash("sha256").update(body).digest("base64")}'`,
  );
  if (hashes.length) csp["script-src"] = `${csp["script-src"]} ${hashes.join(" ")}`;
  return Object.entries(csp)
    .map(([name, value]) => `${name} ${value}`)
    .join("; ");
}

/** Serves OUT on a free loopback port; resolves to { url, close, violations }. */
export function serve() {
  const index = readFileSync(join(OUT, "index.html"), "utf8");
  const policy = contentSecurityPolicy(index);
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? "/", "http://x").pathname);
    const file = normalize(join(OUT, path));
    const inside = file.startsWith(OUT);
    const found = inside && existsSync(file) && statSync(file).isFile();
    const type = found ? (TYPES[extname(file)] ?? "application/octet-stream") : TYPES[".html"];
    response.writeHead(200, {
      "content-type": type,
      "content-security-policy": policy,
      "cache-control": "no-store",
    });
    response.end(found ? readFileSync(file) : index);
  });
  return new Promise((ready) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      ready({ url: `http://127.0.0.1:${port}`, close: () => new Promise((done) => server.close(done)) });
    });
  });
}

export async function launch() {
  const { chromium } = await import("playwright-core");
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
  });
}

/** A page that records CSP violations, console errors and dialogs (alert/confirm). */
export async function openPage(browser, { locale = "en-US", colorScheme = "light" } = {}) {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    locale,
    colorScheme,
    reducedMotion: "reduce",
  });
  const page = await context.newPage();
  const problems = { console: [], dialogs: [], csp: [] };
  page.on("console", (message) => {
    if (message.type() === "error") problems.console.push(message.text());
  });
  page.on("pageerror", (error) => problems.console.push(String(error)));
  page.on("dialog", async (dialog) => {
    problems.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    await dialog.dismiss();
  });
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      const where = event.target instanceof Element ? `<${event.target.localName}${event.target.id ? `#${event.target.id}` : ""}>` : "";
      (window.__csp ??= []).push({ directive: event.violatedDirective, blocked: event.blockedURI, where });
    });
  });
  return { context, page, problems };
}

/**
 * SvelteKit's own route announcer is the one template with a style attribute
 * (it is not ours to change); Chromium reports its parse as a style-src-attr
 * violation with no element. Anything else with a style attribute fails.
 */
export function onlyAnnouncerStyles() {
  const files = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".js")) files.push(readFileSync(path, "utf8"));
    }
  };
  walk(join(OUT, "_app"));
  const attributes = files.flatMap((text) => [...text.matchAll(/<[a-z][^<>]*\sstyle=/g)].map((m) => m[0]));
  return attributes.length > 0 && attributes.every((a) => a.includes('id="svelte-announcer"'));
}

/** Median, 95th percentile and maximum of a benchmark's samples (nearest rank). */
export function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  return { median: at(0.5), p95: at(0.95), max: sorted.at(-1) };
}

export const ms = (n) => `${n.toFixed(1)} ms`;

/**
 * Times each keystroke in the page from its input event to the DOM update
 * and to the next painted frame; samples go to `window.__bench`. `root`
 * (a selector) is where the update is watched, `rows` counts drawn rows.
 */
export function measureKeystrokes(page, root, rows) {
  return page.evaluate(
    ([rootSelector, rowSelector]) => {
      window.__bench = [];
      const watched = document.querySelector(rootSelector);
      document.addEventListener(
        "input",
        () => {
          const start = performance.now();
          // Svelte's handler runs after this capture listener and flushes in a
          // microtask it queues; a microtask queued from the bubbling listener
          // below runs after that flush: the DOM is up to date then.
          let settled = null;
          document.addEventListener("input", () => queueMicrotask(() => (settled = performance.now())), { once: true });
          let mutated = false;
          const observer = new MutationObserver(() => (mutated = true));
          observer.observe(watched, { subtree: true, childList: true, characterData: true, attributes: true });
          // rAF runs after the update (Svelte flushes in a microtask) and before
          // paint; a message posted from it arrives once that frame is painted.
          requestAnimationFrame(() => {
            const frame = performance.now();
            const channel = new MessageChannel();
            channel.port1.onmessage = () => {
              observer.disconnect();
              const painted = performance.now();
              window.__bench.push({
                dom: (settled ?? frame) - start,
                frame: frame - start,
                mutated,
                painted: painted - start,
                rows: document.querySelectorAll(rowSelector).length,
              });
            };
            channel.port2.postMessage(null);
          });
        },
        true,
      );
    },
    [root, rows],
  );
}

/** Types `keys` one at a time into the focused field, waiting for each sample. */
export async function typeMeasured(page, keys) {
  for (const [i, key] of keys.entries()) {
    await page.keyboard.press(key.length === 1 ? (key === " " ? "Space" : key) : key);
    await page.waitForFunction((n) => window.__bench.length > n, i);
  }
  return page.evaluate(() => window.__bench);
}

/** Runs a benchmark: builds and serves the fake UI, starts Chromium, and always cleans up. */
export function runBenchmark(body) {
  const run = async () => {
    buildFake();
    const server = await serve();
    const browser = await launch();
    try {
      await body({ server, browser });
    } finally {
      await browser.close();
      await server.close();
    }
  };
  run().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
