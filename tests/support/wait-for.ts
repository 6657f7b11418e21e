// Wait for a condition instead of sleeping a fixed time: poll until it holds or the deadline
// passes, then fail with the last reason so the caller can say what never happened.

export class WaitTimeoutError extends Error {
  override name = 'WaitTimeoutError';
}

/** An error that ends a waitFor at once instead of counting as "not yet". */
export function fatal(message: string): Error {
  return Object.assign(new Error(message), { fatal: true });
}

export interface WaitOptions {
  timeoutMs: number;
  intervalMs?: number;
  /** Shown in the timeout error: what we were waiting for. */
  what: string;
}

/** Polls `probe` until it returns a value other than undefined/false. A thrown error counts as "not yet". */
export async function waitFor<T>(
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  opts: WaitOptions,
): Promise<T> {
  const deadline = Date.now() + opts.timeoutMs;
  const interval = opts.intervalMs ?? 100;
  let last = '';
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined && v !== false) return v;
    } catch (e) {
      // A probe can say "this will never happen" (a process died): stop waiting at once.
      if ((e as { fatal?: boolean } | null)?.fatal) throw e;
      last = e instanceof Error ? e.message : String(e);
    }
    if (Date.now() >= deadline) {
      throw new WaitTimeoutError(`Timed out after ${opts.timeoutMs} ms waiting for ${opts.what}${last ? ` (last error: ${last})` : ''}`);
    }
    await new Promise((r) => setTimeout(r, interval));
  }
}
