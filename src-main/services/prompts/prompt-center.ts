// Where a service asks a human: an unknown host key, a password, "replace the keys?". The
// question leaves as an `asked` event with an id (the contract's `prompt.asked` later); the
// answer comes back through answer(id, value). Services never open dialogs, an unanswered
// prompt times out with a clear error, and answers are handed over, never logged or kept.
import { randomUUID } from 'node:crypto';
import { AppError } from '../../../src-shared/errors';
import type { PromptAsked, PromptKind, PromptSettled } from '../../../src-shared/types/prompts';

export type { PromptAsked, PromptKind };


/** hostKey and confirm are yes/no; password is the text typed. */
export interface PromptAnswers {
  hostKey: boolean;
  password: string;
  confirm: boolean;
}

export interface PromptRequest<K extends PromptKind = PromptKind> {
  kind: K;
  title: string;
  message: string;
  /** Facts to show as a list: key type, fingerprint, host. */
  details?: Record<string, string>;
  /** Where the question comes from: a router name, `vagrant@127.0.0.1:2222`. */
  device?: string;
  timeoutMs?: number;
}

export type PromptEvent =
  | { type: 'asked'; prompt: PromptAsked }
  /** The question is gone (answered, cancelled, timed out): close its dialog. */
  | ({ type: 'settled' } & PromptSettled);

interface Pending {
  view: PromptAsked;
  resolve(value: unknown): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
  cleanup(): void;
}

export const DEFAULT_PROMPT_TIMEOUT_MS = 5 * 60_000;

export class PromptCenter {
  private readonly pendingById = new Map<string, Pending>();

  constructor(private readonly onEvent: (event: PromptEvent) => void, private readonly now: () => number = Date.now) {}

  ask<K extends PromptKind>(req: PromptRequest<K>, opts: { signal?: AbortSignal } = {}): Promise<PromptAnswers[K]> {
    if (opts.signal?.aborted) return Promise.reject(cancelled(req.title));
    const id = randomUUID();
    const timeoutMs = req.timeoutMs ?? DEFAULT_PROMPT_TIMEOUT_MS;
    const view: PromptAsked = {
      id,
      kind: req.kind,
      title: req.title,
      message: req.message,
      details: { ...(req.details ?? {}) },
      ...(req.device !== undefined ? { device: req.device } : {}),
      expiresAt: new Date(this.now() + timeoutMs).toISOString(),
    };
    return new Promise<PromptAnswers[K]>((resolve, reject) => {
      const onAbort = (): void => this.settle(id, 'cancelled', cancelled(req.title));
      const timer = setTimeout(() => {
        this.settle(
          id,
          'timedOut',
          new AppError(`Nobody answered "${req.title}" within ${formatSeconds(timeoutMs)}, so the step stopped.`, {
            code: 'PROMPT_TIMEOUT',
            device: req.device,
            fix: 'Run the step again and answer the question when it appears.',
          }),
        );
      }, timeoutMs);
      timer.unref?.();
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      this.pendingById.set(id, {
        view,
        resolve: resolve as (v: unknown) => void,
        reject,
        timer,
        cleanup: () => opts.signal?.removeEventListener('abort', onAbort),
      });
      this.onEvent({ type: 'asked', prompt: { ...view, details: { ...view.details } } });
    });
  }

  /** The answer from the UI (or a terminal). Wrong-typed answers are refused, the prompt stays open. */
  answer(id: string, value: unknown): void {
    const p = this.mustGet(id);
    const ok = p.view.kind === 'password' ? typeof value === 'string' : typeof value === 'boolean';
    if (!ok) {
      throw new AppError(`That answer does not fit the question "${p.view.title}".`, {
        code: 'BAD_INPUT',
        fix: p.view.kind === 'password' ? 'Answer with the password as text.' : 'Answer yes or no.',
      });
    }
    this.finish(id, 'answered');
    p.resolve(value);
  }

  /** The user closed the question without answering. */
  cancel(id: string): void {
    const p = this.mustGet(id);
    this.settle(id, 'cancelled', cancelled(p.view.title));
  }

  /** Questions still open, for a window that opens late. */
  pending(): PromptAsked[] {
    return [...this.pendingById.values()].map((p) => ({ ...p.view, details: { ...p.view.details } }));
  }

  /** Cancels every open question (app shutdown). */
  cancelAll(): void {
    for (const id of [...this.pendingById.keys()]) this.cancel(id);
  }

  private settle(id: string, outcome: 'cancelled' | 'timedOut', err: Error): void {
    const p = this.pendingById.get(id);
    if (!p) return;
    this.finish(id, outcome);
    p.reject(err);
  }

  private finish(id: string, outcome: 'answered' | 'cancelled' | 'timedOut'): void {
    const p = this.pendingById.get(id);
    if (!p) return;
    clearTimeout(p.timer);
    p.cleanup();
    this.pendingById.delete(id);
    this.onEvent({ type: 'settled', id, outcome });
  }

  private mustGet(id: string): Pending {
    const p = this.pendingById.get(id);
    if (!p) {
      throw new AppError('That question is no longer open.', {
        code: 'NOT_FOUND',
        fix: 'It was answered, cancelled or timed out. Run the step again if it still needs an answer.',
      });
    }
    return p;
  }
}

function cancelled(title: string): AppError {
  return new AppError(`"${title}" was not answered: cancelled.`, { code: 'CANCELLED', name: 'CancelledError' });
}

function formatSeconds(ms: number): string {
  return ms >= 60_000 && ms % 60_000 === 0 ? `${ms / 60_000} min` : `${Math.round(ms / 100) / 10} s`;
}
