// See https://svelte.dev/docs/kit/types#app.d.ts
declare global {
  namespace App {}

  interface ImportMetaEnv {
    /** "fake" selects the in-memory backend (browser tests without Rust). */
    readonly VITE_BACKEND?: string;
  }
}

export {};
