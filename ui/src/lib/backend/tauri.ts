// The real backend: the generated tauri-specta commands and events over Tauri
// IPC. Nothing here names a command: every command in `commands` becomes a
// method and every event in `events` an `on<Event>` subscription.
import { commands, events } from "./bindings";
import { toBackendError, type Backend, type BackendCommands, type BackendEvents, type Outcome } from "./types";

type AnyCommand = (...args: unknown[]) => Promise<unknown>;

/**
 * The generated wrapper of a command that returns a `Result` resolves to a
 * fresh `{status, data}` or `{status, error}`; an infallible command resolves
 * to its value itself (checked below never to look like one).
 */
function isOutcome(value: unknown): value is Outcome<unknown> {
  if (typeof value !== "object" || value === null || Object.keys(value).length !== 2) return false;
  const { status } = value as { status?: unknown };
  return (status === "ok" && "data" in value) || (status === "error" && "error" in value);
}

/**
 * A command as the UI calls it: its data, or a BackendError. The generated
 * wrapper turns any rejection that is not an Error into `{status: "error"}`
 * — including the ACL's bare-string refusal — so the error's shape is
 * checked, not trusted; it rethrows real Errors (e.g. no IPC bridge at all).
 */
function call(command: AnyCommand): AnyCommand {
  return async (...args) => {
    let answer: unknown;
    try {
      answer = await command(...args);
    } catch (error) {
      throw toBackendError(error);
    }
    if (!isOutcome(answer)) return answer;
    if (answer.status === "error") throw toBackendError(answer.error);
    // A `()` result arrives as null; callers of a Promise<void> do not look.
    return answer.data;
  };
}

type Listener = { listen: (callback: (event: { payload: unknown }) => void) => Promise<() => void> };

function subscribe(event: Listener): (handler: (payload: unknown) => void) => Promise<() => void> {
  return async (handler) => {
    try {
      return await event.listen((e) => handler(e.payload));
    } catch (error) {
      throw toBackendError(error);
    }
  };
}

// The class has no per-command code; its methods are made in the constructor
// and its type is the Backend interface (declaration merging).
export interface TauriBackend extends Backend {}

export class TauriBackend {
  constructor() {
    const methods: Record<string, unknown> = {};
    for (const [name, command] of Object.entries(commands)) methods[name] = call(command as AnyCommand);
    for (const [name, event] of Object.entries(events)) {
      methods[`on${name[0].toUpperCase()}${name.slice(1)}`] = subscribe(event as unknown as Listener);
    }
    Object.assign(this, methods as BackendCommands & BackendEvents);
  }
}

// A command that cannot fail returns its value bare; none may look like an
// Outcome (an object whose `status` could be "ok" or "error"), or `call`
// would unwrap it.
type Bare = {
  [K in keyof typeof commands]: ReturnType<(typeof commands)[K]> extends Promise<infer R> ? ([R] extends [Outcome<unknown>] ? never : R) : never;
}[keyof typeof commands];
type LooksLikeOutcome<R> = R extends { status: infer S } ? (("ok" | "error") & S extends never ? false : true) : false;
type Check<T extends false> = T;
export type _NoBareOutcome = Check<LooksLikeOutcome<Bare>>;
