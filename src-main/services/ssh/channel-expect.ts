// Reads an interactive channel (a shell or the XR CLI on a pty) as text and waits for patterns:
// send, wait for what should come, never a fixed sleep. Text is decoded on UTF-8 boundaries.
import { StringDecoder } from 'node:string_decoder';
import type { Duplex } from 'node:stream';
import { AppError } from '../../../src-shared/errors';

export interface ExpectMatch {
  /** Which pattern matched. */
  index: number;
  match: RegExpExecArray;
  /** Text before the match (consumed). */
  before: string;
}

interface Waiter {
  patterns: RegExp[];
  resolve(m: ExpectMatch): void;
  reject(e: Error): void;
}

export class ChannelExpect {
  private buffer = '';
  private readonly decoder = new StringDecoder('utf8');
  private waiter: Waiter | null = null;
  private ended: Error | null = null;
  /** Sees every piece of text as it arrives (before matching). */
  onText: ((text: string) => void) | null = null;

  constructor(
    private readonly stream: Duplex,
    private readonly where: string,
  ) {
    stream.on('data', (b: Buffer) => this.push(this.decoder.write(b)));
    (stream as Duplex & { stderr?: Duplex }).stderr?.on('data', (b: Buffer) => this.push(b.toString('utf8')));
    stream.on('close', () => this.end());
    stream.on('error', () => this.end());
  }

  get closed(): boolean {
    return this.ended !== null;
  }

  /** Text received and not yet consumed by a match. */
  get pending(): string {
    return this.buffer;
  }

  write(text: string): void {
    if (this.ended) return;
    this.stream.write(text);
  }

  /** Drops what was received so far (e.g. a banner). */
  discard(): string {
    const b = this.buffer;
    this.buffer = '';
    return b;
  }

  expect(patterns: RegExp[], opts: { timeoutMs: number; signal?: AbortSignal; what: string; command?: string }): Promise<ExpectMatch> {
    if (this.waiter) return Promise.reject(new Error('ChannelExpect: one wait at a time'));
    return new Promise<ExpectMatch>((resolve, reject) => {
      const done = (): void => {
        clearTimeout(timer);
        opts.signal?.removeEventListener('abort', onAbort);
        this.waiter = null;
      };
      const onAbort = (): void => {
        done();
        reject(new AppError('Cancelled by the user.', { code: 'CANCELLED', name: 'CancelledError', device: this.where, command: opts.command }));
      };
      const timer = setTimeout(() => {
        done();
        reject(
          new AppError(`${this.where} did not show ${opts.what} within ${Math.round(opts.timeoutMs / 1000)} s.`, {
            code: 'TIMEOUT',
            device: this.where,
            command: opts.command,
            detail: this.buffer.slice(-2000),
            fix: 'Check the output for a question the app did not expect, then run the step again.',
          }),
        );
      }, opts.timeoutMs);
      this.waiter = {
        patterns,
        resolve: (m) => {
          done();
          resolve(m);
        },
        reject: (e) => {
          done();
          reject(e);
        },
      };
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      if (opts.signal?.aborted) return onAbort();
      this.check();
    });
  }

  close(): void {
    this.stream.end();
    (this.stream as Duplex & { close?: () => void }).close?.();
    this.end();
  }

  private push(text: string): void {
    if (!text) return;
    this.onText?.(text);
    this.buffer += text;
    this.check();
  }

  private end(): void {
    if (this.ended) return;
    this.ended = new AppError(`The session on ${this.where} closed.`, {
      code: 'CONNECTION_LOST',
      device: this.where,
      detail: this.buffer.slice(-2000),
      fix: 'Check that the router is still up and reachable; the next command opens a new session.',
    });
    this.check();
  }

  private check(): void {
    const w = this.waiter;
    if (!w) return;
    let best: ExpectMatch | null = null;
    w.patterns.forEach((p, index) => {
      p.lastIndex = 0;
      const m = p.exec(this.buffer);
      if (m && (!best || m.index < best.match.index)) best = { index, match: m, before: this.buffer.slice(0, m.index) };
    });
    if (best) {
      const b = best as ExpectMatch;
      this.buffer = this.buffer.slice(b.match.index + b.match[0].length);
      w.resolve(b);
    } else if (this.ended) {
      w.reject(this.ended);
    }
  }
}
