// Source rules that keep the UI honest, checked over every file in src/.
import { readFileSync, readdirSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { parse } from "svelte/compiler";
import { describe, expect, it } from "vitest";

const SRC = import.meta.dirname;
const BACKEND_DIR = join(SRC, "lib", "backend") + sep;

function files(dir: string, ext: RegExp): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && ext.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
}

const sources = files(SRC, /\.(svelte|ts|js)$/);
const svelteFiles = sources.filter((file) => file.endsWith(".svelte"));

describe("the backend boundary", () => {
  // Static, side-effect and dynamic imports and re-exports of the Tauri packages.
  const tauriImport = /(?:from|import)\s*\(?\s*["']@tauri-apps\//;
  const scope = "@tauri-apps";
  // Components use the Backend interface, never the generated bindings or the Tauri impl.
  const internalImport = /["'][^"']*backend\/(bindings|tauri)(\.ts)?["']/;

  it("sees the files it checks", () => {
    expect(sources.some((f) => f.startsWith(BACKEND_DIR))).toBe(true);
    expect(svelteFiles.length).toBeGreaterThan(5);
  });

  it("recognises every form of import", () => {
    for (const line of [
      `import { invoke } from "${scope}/api/core";`,
      `import '${scope}/api/event';`,
      `const m = await import("${scope}/api/window");`,
      `export * from "${scope}/api";`,
    ]) {
      expect(tauriImport.test(line), line).toBe(true);
    }
    expect(tauriImport.test(`// see ${scope} docs`)).toBe(false);
  });

  it("only src/lib/backend/ imports @tauri-apps/*", () => {
    const offenders = sources
      .filter((file) => !file.startsWith(BACKEND_DIR))
      .filter((file) => tauriImport.test(readFileSync(file, "utf8")))
      .map((file) => relative(SRC, file));
    expect(offenders).toEqual([]);
  });

  it("nothing outside src/lib/backend/ imports its bindings or Tauri implementation", () => {
    const offenders = sources
      .filter((file) => !file.startsWith(BACKEND_DIR))
      .filter((file) => internalImport.test(readFileSync(file, "utf8")))
      .map((file) => relative(SRC, file));
    expect(offenders).toEqual([]);
  });
});

// Attributes whose string values people read or hear.
const TEXT_ATTRIBUTES = new Set([
  "aria-label",
  "aria-description",
  "aria-roledescription",
  "aria-placeholder",
  "aria-valuetext",
  "title",
  "placeholder",
  "alt",
  "label",
]);
const LETTER = /\p{L}/u;

type Node = { type?: string; [key: string]: unknown };

/** Template text with letters, string-literal readable attributes, and {@html}. */
function findProblems(source: string): string[] {
  const ast = parse(source, { modern: true });
  const problems: string[] = [];

  function visit(value: unknown): void {
    if (Array.isArray(value)) {
      value.forEach(visit);
      return;
    }
    if (typeof value !== "object" || value === null) return;
    const node = value as Node;

    if (node.type === "Text") {
      const text = String(node.data);
      if (LETTER.test(text)) problems.push(`text ${JSON.stringify(text.trim())}`);
      return;
    }
    if (node.type === "HtmlTag") problems.push("{@html} (render backend and user strings as text)");

    for (const [key, child] of Object.entries(node)) {
      if (key === "attributes" && Array.isArray(child)) {
        for (const attribute of child as Node[]) {
          if (attribute.type === "Attribute" && Array.isArray(attribute.value)) {
            const name = String(attribute.name).toLowerCase();
            for (const part of attribute.value as Node[]) {
              if (TEXT_ATTRIBUTES.has(name) && part.type === "Text" && LETTER.test(String(part.data))) {
                problems.push(`${name}=${JSON.stringify(part.data)}`);
              }
            }
          } else {
            // Directives, spreads, {expression} values: no literal text to check,
            // but look inside for nested template nodes all the same.
            visit(attribute.value === true ? undefined : attribute.expression);
          }
        }
        continue;
      }
      // Skip JS ASTs' metadata; template fragments are what we want.
      if (key === "metadata" || key === "loc") continue;
      visit(child);
    }
  }

  visit(ast.fragment);
  return problems;
}

describe("no hard-coded UI text", () => {
  it.each(svelteFiles.map((file) => [relative(SRC, file), file]))("%s", (_name, file) => {
    expect(findProblems(readFileSync(file, "utf8"))).toEqual([]);
  });

  it("the check itself catches text, readable attributes and {@html}", () => {
    const bad = `
      <script>let x = "ok";</script>
      <h1>Clients</h1>
      <button aria-label="Close">×</button>
      <input placeholder="Search {x}" title={x} />
      {#if x}<p>{@html x}</p>{:else}<span>Señor</span>{/if}
      <style>h1 { color: red; }</style>`;
    expect(findProblems(bad)).toEqual([
      'text "Clients"',
      'aria-label="Close"',
      'placeholder="Search "',
      "{@html} (render backend and user strings as text)",
      'text "Señor"',
    ]);
    expect(findProblems(`<p>{t("x")} — {n} · …</p><div class="card" data-testid="y"></div>`)).toEqual([]);
  });
});
