// Copying a secret, as the recover dialog does: to the clipboard, which is
// cleared 30 seconds later (or when the owner calls `clear`, on closing).

/** The clipboard is cleared this many seconds after copying. */
export const CLEAR_AFTER_SECONDS = 30;

export class SecretClipboard {
  /** What was copied last (a key the caller chose), while the countdown runs. */
  copied = $state<string | null>(null);
  remaining = $state<number | null>(null);
  state = $state<"idle" | "copied" | "cleared" | "failed">("idle");
  private timer: ReturnType<typeof setInterval> | undefined;

  async copy(key: string, text: string): Promise<void> {
    try {
      if (!navigator.clipboard) throw new Error("no clipboard");
      await navigator.clipboard.writeText(text);
    } catch {
      this.state = "failed";
      return;
    }
    this.copied = key;
    this.state = "copied";
    this.remaining = CLEAR_AFTER_SECONDS;
    clearInterval(this.timer);
    this.timer = setInterval(() => {
      this.remaining = (this.remaining ?? 1) - 1;
      if (this.remaining <= 0) this.clear();
    }, 1000);
  }

  /** Empties the clipboard if this copied to it and it was not cleared yet. */
  clear = (): void => {
    clearInterval(this.timer);
    this.timer = undefined;
    if (this.remaining === null) return;
    this.remaining = null;
    this.copied = null;
    this.state = "cleared";
    void navigator.clipboard?.writeText("").catch(() => undefined);
  };
}
