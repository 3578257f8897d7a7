// A benchmark, not a test: the Members page of a client with 5,000 members
// (the fake's `?fake=members5000`, for org-1), in headless Chromium.
//   - Opening it: from navigation start (a fresh load of the app) and from a
//     click on "Members" in the Admin Console (the app already running) to
//     the members table in the DOM and to the next painted frame; median of
//     several loads.
//   - Filtering: type into the members search one key at a time and time
//     each keystroke from its input event to the DOM update and to the next
//     painted frame (median/p95/max), as bench-filter.mjs does for clients.
import { measureKeystrokes, ms, openPage, runBenchmark, stats, typeMeasured } from "./common.mjs";

const COUNT = Number(process.env.BENCH_MEMBERS || 5_000);
const LOADS = Number(process.env.BENCH_LOADS || 7);
const PAGE = `/admin/members?org=org-1&fake=members${COUNT}`;
const TABLE = '[data-testid="members-table"]';
const ROW = '[data-testid="member-row"]';
// 44 keystrokes: narrowing by name, widening (Backspace), the e-mail domain, one member, no match.
const KEYS = [..."person 04", ...Array(9).fill("Backspace"), ..."scale", ...Array(5).fill("Backspace"), ..."04999", ...Array(5).fill("Backspace"), ..."zzzzzz"];

/**
 * Before the app starts: note when the members table first appears (ms
 * since navigation start, or since `window.__openFrom` once it is set) and
 * when the frame showing it is painted.
 */
function watchForTable(selector) {
  window.__open = null;
  const seen = () => {
    if (window.__open || !document.querySelector(selector)) return;
    const from = window.__openFrom ?? 0;
    const open = { dom: performance.now() - from, painted: null };
    window.__open = open;
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => (open.painted = performance.now() - from);
      channel.port2.postMessage(null);
    });
  };
  new MutationObserver(seen).observe(document, { childList: true, subtree: true });
}

async function opened(page) {
  await page.waitForFunction(() => window.__open?.painted != null, null, { timeout: 60_000 });
  return page.evaluate(() => window.__open);
}

const range = (values) => `${ms(Math.min(...values))}–${ms(Math.max(...values))}`;

runBenchmark(async ({ server, browser }) => {
  // Fresh loads: the app starts, the fake makes its 5,000 members, the page loads them.
  const cold = [];
  for (let i = 0; i < LOADS; i += 1) {
    const { context, page } = await openPage(browser);
    await page.addInitScript(watchForTable, TABLE);
    await page.goto(server.url + PAGE);
    cold.push(await opened(page));
    await context.close();
  }

  // In the running app: Vault items → Members, by the Admin Console's menu.
  const { page } = await openPage(browser);
  await page.addInitScript(watchForTable, TABLE);
  await page.goto(`${server.url}/admin/items?org=org-1&fake=members${COUNT}`);
  await page.waitForSelector('[data-testid="items-table"]', { timeout: 30_000 });
  const warm = [];
  for (let i = 0; i < LOADS; i += 1) {
    await page.evaluate(() => {
      window.__open = null;
      const link = document.querySelector('[data-testid="admin-nav-members"]');
      link.addEventListener("click", () => (window.__openFrom = performance.now()), { capture: true, once: true });
    });
    await page.click('[data-testid="admin-nav-members"]');
    warm.push(await opened(page));
    await page.click('[data-testid="admin-nav-items"]');
    await page.waitForSelector('[data-testid="items-table"]');
  }

  // Filtering, on the page just opened.
  await page.click('[data-testid="admin-nav-members"]');
  await page.waitForSelector(TABLE);
  const rowsBefore = await page.evaluate((row) => document.querySelectorAll(row).length, ROW);
  await measureKeystrokes(page, '[data-testid="admin-page-members"]', ROW);
  await page.locator('[data-testid="members-search"]').focus();
  const samples = await typeMeasured(page, KEYS);
  if (process.env.BENCH_VERBOSE) samples.forEach((s, i) => console.log(KEYS[i], s.mutated, s.rows, s.dom.toFixed(1), s.painted.toFixed(1)));
  const dom = stats(samples.map((s) => s.dom));
  const painted = stats(samples.map((s) => s.painted));
  const maxRows = Math.max(rowsBefore, ...samples.map((s) => s.rows));

  const median = (list, key) => stats(list.map((x) => x[key])).median;
  console.log(`Members page benchmark: ${COUNT.toLocaleString("en")} members (fake backend), headless Chromium`);
  console.log(`  open, fresh load (navigation → table in DOM)   median ${ms(median(cold, "dom"))}  (${range(cold.map((x) => x.dom))}, ${LOADS} loads)`);
  console.log(`  open, fresh load (navigation → frame painted)  median ${ms(median(cold, "painted"))}  (${range(cold.map((x) => x.painted))})`);
  console.log(`  open, in the app (click Members → table in DOM) median ${ms(median(warm, "dom"))}  (${range(warm.map((x) => x.dom))}, ${LOADS} loads)`);
  console.log(`  open, in the app (click Members → painted)      median ${ms(median(warm, "painted"))}  (${range(warm.map((x) => x.painted))})`);
  console.log(`  filter keystroke, input → DOM updated    median ${ms(dom.median)}  p95 ${ms(dom.p95)}  max ${ms(dom.max)}  (${samples.length} keystrokes)`);
  console.log(`  filter keystroke, input → frame painted  median ${ms(painted.median)}  p95 ${ms(painted.p95)}  max ${ms(painted.max)}  (includes waiting for the next 60 Hz frame)`);
  console.log(`  member rows in the DOM: ${rowsBefore} at start, at most ${maxRows} while typing (of ${COUNT.toLocaleString("en")})`);
});
