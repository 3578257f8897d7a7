import { describe, expect, it } from "vitest";
import { en, es } from "./catalogs";
import { I18n, interpolate, matchLocale } from "./i18n.svelte";

const catalogs: Record<string, Record<string, string>> = { en, es };
const params = (message: string) => [...message.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("catalogs", () => {
  // Every area's catalogs, wherever they live (the ones catalogs.ts merges must be all of them).
  const files = import.meta.glob<Record<string, string>>("../**/i18n.*.json", { eager: true, import: "default" });
  const areaFiles = (locale: string) => Object.entries(files).filter(([file]) => file.endsWith(`/i18n.${locale}.json`));

  it("are found beside the areas they belong to", () => {
    expect(areaFiles("en").length).toBeGreaterThan(5);
    expect(Object.keys(files).length).toBe(2 * areaFiles("en").length);
  });

  it("never define a key in two area files, and merge every area file", () => {
    for (const locale of ["en", "es"]) {
      const seen = new Map<string, string>();
      for (const [file, catalog] of areaFiles(locale)) {
        for (const key of Object.keys(catalog)) {
          expect(seen.get(key), `${key} in ${file}`).toBeUndefined();
          seen.set(key, file);
        }
      }
      expect(seen.size).toBe(Object.keys(locale === "en" ? en : es).length);
    }
  });

  it("give each area the same keys in every language", () => {
    for (const [file, catalog] of areaFiles("en")) {
      const spanish = files[file.replace(/\.en\.json$/, ".es.json")];
      expect(spanish, file).toBeDefined();
      expect(Object.keys(spanish).sort(), file).toEqual(Object.keys(catalog).sort());
    }
  });

  it("have exactly the same keys", () => {
    const keys = Object.keys(en).sort();
    for (const [locale, catalog] of Object.entries(catalogs)) {
      expect(Object.keys(catalog).sort(), locale).toEqual(keys);
    }
  });

  it("use the same {params} for every key", () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(params(es[key]), key).toEqual(params(en[key]));
    }
  });

  it("have no empty messages and only balanced braces", () => {
    for (const [locale, catalog] of Object.entries(catalogs)) {
      for (const [key, message] of Object.entries(catalog)) {
        expect(message.trim(), `${locale}:${key}`).not.toBe("");
        expect(message.replace(/\{\w+\}/g, ""), `${locale}:${key}`).not.toMatch(/[{}]/);
      }
    }
  });

  it("use Bitwarden's Spanish terms", () => {
    expect(es["products.provider"]).toBe("Portal del Proveedor");
    expect(es["products.admin"]).toBe("Consola de administrador");
    expect(es["nav.clients"]).toBe("Clientes");
  });
});

describe("runtime", () => {
  it("matches the first supported OS language", () => {
    expect(matchLocale(["es-MX", "en-US"])).toBe("es");
    expect(matchLocale(["de-DE", "es_ES"])).toBe("es");
    expect(matchLocale(["fr", "de"])).toBe("en");
    expect(matchLocale([])).toBe("en");
  });

  it("prefers the saved language over the OS", () => {
    const i18n = new I18n();
    i18n.system = ["es-ES"];
    expect(i18n.locale).toBe("es");
    i18n.setPreference("en");
    expect(i18n.locale).toBe("en");
    expect(i18n.t("nav.clients")).toBe("Clients");
    i18n.setPreference(null);
    expect(i18n.t("nav.clients")).toBe("Clientes");
  });

  it("fills {params} and formats numbers and dates for the locale", () => {
    const i18n = new I18n();
    i18n.setPreference("es");
    expect(i18n.t("about.failed", { code: "internal", message: "x" })).toBe(
      "No se pudieron leer los detalles de la instalación (internal): x",
    );
    expect(interpolate("{n} of {m} {missing}", { n: 1234.5, m: "x" }, (n) => i18n.formatNumber(n))).toBe(
      "1234,5 of x {missing}",
    );
    i18n.setPreference("en");
    expect(i18n.formatNumber(1234.5)).toBe("1,234.5");
    const date = Date.UTC(2025, 0, 31, 12);
    expect(i18n.formatDate(date, { dateStyle: "long", timeZone: "UTC" })).toBe("January 31, 2025");
    i18n.setPreference("es");
    expect(i18n.formatDate(date, { dateStyle: "long", timeZone: "UTC" })).toBe("31 de enero de 2025");
  });
});
