// A benchmark, not a test: with 10,000 fake clients, type into the clients
// search one key at a time and measure each keystroke from its input event
// to the DOM update and to the next painted frame. Prints median/p95/max and
// how many row elements are in the DOM (virtualization keeps it small).
import { measureKeystrokes, ms, openPage, runBenchmark, stats, typeMeasured } from "./common.mjs";

const COUNT = Number(process.env.BENCH_CLIENTS || 10_000);
// 37 keystrokes: narrowing, widening (Backspace), and a no-match stretch.
const KEYS = [..."client 0", ...Array(8).fill("Backspace"), ..."dental", ...Array(6).fill("Backspace"), ..."retail 12"];

runBenchmark(async ({ server, browser }) => {
  const { page } = await openPage(browser);
  await page.goto(`${server.url}/provider/clients?fake=scale${COUNT}`);
  await page.waitForSelector('[data-testid="clients-table"]', { timeout: 30_000 });
  const rowCount = () => page.evaluate(() => document.querySelectorAll('[data-testid="client-row"]').length);
  const rowsBefore = await rowCount();

  await measureKeystrokes(page, '[data-testid="clients-page"]', '[data-testid="client-row"]');
  await page.locator('[data-testid="clients-search"]').focus();
  const samples = await typeMeasured(page, KEYS);
  if (process.env.BENCH_VERBOSE) samples.forEach((s, i) => console.log(KEYS[i], s.mutated, s.dom.toFixed(1), s.frame.toFixed(1), s.painted.toFixed(1)));
  const dom = stats(samples.map((s) => s.dom));
  const painted = stats(samples.map((s) => s.painted));
  const maxRows = Math.max(rowsBefore, ...samples.map((s) => s.rows));

  console.log(`Filter benchmark: ${COUNT.toLocaleString("en")} clients, ${samples.length} keystrokes, headless Chromium`);
  console.log(`  input → DOM updated     median ${ms(dom.median)}  p95 ${ms(dom.p95)}  max ${ms(dom.max)}`);
  console.log(`  input → frame painted   median ${ms(painted.median)}  p95 ${ms(painted.p95)}  max ${ms(painted.max)}  (goal ≤ 16 ms; includes waiting for the next 60 Hz frame)`);
  console.log(`  row elements in the DOM: ${rowsBefore} at start, at most ${maxRows} while typing (of ${COUNT.toLocaleString("en")} clients)`);
});
